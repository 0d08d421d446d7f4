// Reads the node ids of an election's candidates, re-reading only nodes it has not seen.
#include "orchestrator/coordination/election_candidates.h"

#include <algorithm>

namespace drove::coordination {
namespace {

// What a candidate's node holds (its "host:port"); nullopt when it is gone or unreadable.
std::optional<std::string> ReadId(zhandle_t* zh, const std::string& path) {
  std::vector<char> data(1024);
  int length = static_cast<int>(data.size());
  if (zoo_get(zh, path.c_str(), 0, data.data(), &length, nullptr) != ZOK) return std::nullopt;
  return std::string(data.data(), length > 0 ? length : 0);
}

}  // namespace

void ElectionCandidates::Refresh(zhandle_t* zh, const std::string& dir,
                                 const std::vector<std::string>& names) {
  std::vector<std::pair<std::string, std::string>> known;
  {
    std::lock_guard lock(mu_);
    known = nodes_;
  }
  std::vector<std::pair<std::string, std::string>> next;
  for (const auto& name : names) {
    auto seen = std::find_if(known.begin(), known.end(),
                             [&](const auto& node) { return node.first == name; });
    if (seen != known.end()) {
      next.push_back(*seen);
    } else if (auto id = ReadId(zh, dir + "/" + name)) {
      next.emplace_back(name, std::move(*id));
    }
  }
  std::lock_guard lock(mu_);
  nodes_ = std::move(next);
}

std::vector<std::string> ElectionCandidates::Ids() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> ids;
  for (const auto& node : nodes_) ids.push_back(node.second);
  return ids;
}

std::optional<std::string> ElectionCandidates::IdOf(const std::string& name) const {
  std::lock_guard lock(mu_);
  for (const auto& node : nodes_) {
    if (node.first == name) return node.second;
  }
  return std::nullopt;
}

}  // namespace drove::coordination
