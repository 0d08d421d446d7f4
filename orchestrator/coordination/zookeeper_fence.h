// The leader's write fence: the path of its own election znode while it leads, "" otherwise.
//
// Written by the election (set on `elected`, cleared before `lost`), read by the store, which
// puts a check of this path first in every multi: the node is an ephemeral of the leader's
// session, so it exists exactly while no other candidate can lead, and ZooKeeper refuses the
// whole write once it is gone.
#pragma once

#include <mutex>
#include <string>
#include <utility>

namespace drove::coordination {

class Fence {
 public:
  std::string Path() const {
    std::lock_guard lock(mu_);
    return path_;
  }
  void Set(std::string path) {
    std::lock_guard lock(mu_);
    path_ = std::move(path);
  }
  void Clear() { Set(""); }

 private:
  mutable std::mutex mu_;
  std::string path_;
};

}  // namespace drove::coordination
