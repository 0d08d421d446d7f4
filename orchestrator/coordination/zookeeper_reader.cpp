// ReadTree: a walk whose completions (on the C client's completion thread) issue the next level.
//
// The caller waits until no request is pending, which the client guarantees: every request
// completes, with an error on connection loss at the latest. So the walk state it shares with the
// completions stays alive until the last one ran.
#include "orchestrator/coordination/zookeeper_reader.h"

#include <condition_variable>
#include <memory>
#include <mutex>

#include "orchestrator/coordination/zookeeper_handle.h"

namespace drove::coordination {
namespace {

struct Walk {
  zhandle_t* zh = nullptr;
  std::string base;
  int depth = 1;
  bool with_data = false;
  std::mutex mu;
  std::condition_variable cv;
  int pending = 0;
  int rc = ZOK;
  std::vector<ZkTreeNode> nodes;
};

struct Request {
  Walk* walk;
  std::string key;
  int level;
};

std::string FullPath(const Walk& walk, const std::string& key) {
  return key.empty() ? walk.base : walk.base + "/" + key;
}

void Done(Walk& walk, int rc) {
  std::lock_guard lock(walk.mu);
  if (rc != ZOK && rc != ZNONODE && walk.rc == ZOK) walk.rc = rc;
  if (--walk.pending == 0) walk.cv.notify_all();
}

// Completions run on the C client's thread: nothing may escape them, and each must reach Done.
void OnData(int rc, const char* value, int length, const struct Stat*, const void* data) {
  std::unique_ptr<Request> request(static_cast<Request*>(const_cast<void*>(data)));
  Walk& walk = *request->walk;
  try {
    if (rc == ZOK) {
      std::lock_guard lock(walk.mu);
      walk.nodes.push_back(ZkTreeNode{request->key, request->level,
                                      std::string(value ? value : "", length > 0 ? length : 0)});
    }
  } catch (...) {
    rc = ZSYSTEMERROR;  // out of memory
  }
  Done(walk, rc);
}

void OnChildren(int rc, const struct String_vector* children, const void* data);

// Counts the request as pending before it is sent, so the waiter cannot see zero too early.
void Send(Walk& walk, std::string key, int level, bool children) {
  std::string path = FullPath(walk, key);
  auto request = std::make_unique<Request>(Request{&walk, std::move(key), level});
  {
    std::lock_guard lock(walk.mu);
    if (walk.rc != ZOK) return;  // the walk already failed: stop fanning out
    ++walk.pending;
  }
  int rc = children ? zoo_aget_children(walk.zh, path.c_str(), 0, OnChildren, request.get())
                    : zoo_aget(walk.zh, path.c_str(), 0, OnData, request.get());
  if (rc == ZOK) {
    request.release();  // the completion owns it now
  } else {
    Done(walk, rc);
  }
}

void OnChildren(int rc, const struct String_vector* children, const void* data) {
  std::unique_ptr<Request> request(static_cast<Request*>(const_cast<void*>(data)));
  Walk& walk = *request->walk;
  int level = request->level + 1;
  try {
    for (int i = 0; rc == ZOK && children && i < children->count; ++i) {
      std::string key =
          request->key.empty() ? children->data[i] : request->key + "/" + children->data[i];
      if (level == walk.depth && walk.with_data) {
        Send(walk, key, level, false);
        continue;
      }
      {
        std::lock_guard lock(walk.mu);
        walk.nodes.push_back(ZkTreeNode{key, level, ""});
      }
      if (level < walk.depth) Send(walk, key, level, true);
    }
  } catch (...) {
    rc = ZSYSTEMERROR;  // out of memory
  }
  Done(walk, rc);
}

}  // namespace

core::Result<std::vector<ZkTreeNode>> ReadTree(zhandle_t* zh, const std::string& base, int depth,
                                               bool with_data) {
  Walk walk;
  walk.zh = zh;
  walk.base = base;
  walk.depth = depth;
  walk.with_data = with_data;
  Send(walk, "", 0, true);
  std::unique_lock lock(walk.mu);
  walk.cv.wait(lock, [&] { return walk.pending == 0; });
  if (walk.rc != ZOK) {
    return core::Status::Error(ZkStatusCode(walk.rc),
                               "zookeeper: reading " + base + ": " + ZkErrorText(walk.rc));
  }
  return std::move(walk.nodes);
}

}  // namespace drove::coordination
