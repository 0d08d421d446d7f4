// The current Index, shared between the sync thread (writer) and the serving threads (readers).
// Owner of the pointer: this holder; readers take a shared_ptr per batch of packets, so an old
// index lives until the last batch that uses it is done.
#pragma once

#include <atomic>
#include <memory>

#include "dns-server/index/index.h"

namespace drove::dns {

class IndexHolder {
 public:
  explicit IndexHolder(std::shared_ptr<const Index> initial) : current_(std::move(initial)) {}
  std::shared_ptr<const Index> Get() const { return current_.load(std::memory_order_acquire); }
  void Set(std::shared_ptr<const Index> index) {
    current_.store(std::move(index), std::memory_order_release);
  }

 private:
  std::atomic<std::shared_ptr<const Index>> current_;
};

}  // namespace drove::dns
