// E-mail address checks of Epoch's UI form (`notifyEmail`), written out by hand: std::regex
// recurses per character and a long hostile input would exhaust the stack.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drove::epoch {

// [a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,6} (full match).
bool IsEmailAddress(std::string_view text);

// `^E(,\s*E)*$` with E an address as above: the addresses (trimmed), or nullopt when the list
// does not match.
std::optional<std::vector<std::string>> ParseEmailList(std::string_view text);

}  // namespace drove::epoch
