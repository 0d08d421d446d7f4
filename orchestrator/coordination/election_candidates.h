// The controllers campaigning in one election folder, as the election thread last listed them.
//
// Owner: the election thread refreshes it; any thread copies the ids (under mu_), so the HTTP
// loop that answers "which controllers are there" never waits on ZooKeeper.
#pragma once

#include <zookeeper/zookeeper.h>

#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace drove::coordination {

class ElectionCandidates {
 public:
  // Takes `names` (the folder's children, in election order) as the new list. A candidate's node
  // holds its id and is never rewritten, so only names not seen before are read; one that
  // vanished meanwhile is left out (the next listing settles it).
  void Refresh(zhandle_t* zh, const std::string& dir, const std::vector<std::string>& names);
  // The node ids in election order.
  std::vector<std::string> Ids() const;
  // The id held by node `name` as last read; nullopt when it is not in the list.
  std::optional<std::string> IdOf(const std::string& name) const;

 private:
  mutable std::mutex mu_;
  std::vector<std::pair<std::string, std::string>> nodes_;  // (node name, node id)
};

}  // namespace drove::coordination
