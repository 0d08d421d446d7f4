// Scale-down victim choice: repeatedly take the newest instance of the most loaded executor.
#include "orchestrator/scheduler/victims.h"

#include <algorithm>
#include <map>
#include <queue>
#include <tuple>
#include <utility>

namespace drove::scheduler {
namespace {

// "Newer" order: created_ms, then instance id, then executor id (all descending).
bool Newer(const InstanceRef& a, const InstanceRef& b) {
  return std::tie(a.created_ms, a.instance_id, a.executor_id) >
         std::tie(b.created_ms, b.instance_id, b.executor_id);
}

// One executor's remaining instances, newest at the back.
struct Group {
  std::vector<InstanceRef> oldest_first;
};

// Priority: most remaining instances, then newest remaining instance.
struct GroupLess {
  const std::map<std::string, Group>* groups;
  bool operator()(const std::string& a, const std::string& b) const {
    const auto& ga = groups->at(a).oldest_first;
    const auto& gb = groups->at(b).oldest_first;
    if (ga.size() != gb.size()) return ga.size() < gb.size();
    return Newer(gb.back(), ga.back());
  }
};

}  // namespace

std::vector<InstanceRef> ChooseVictims(std::vector<InstanceRef> instances, size_t count) {
  std::map<std::string, Group> groups;
  for (auto& instance : instances) {
    groups[instance.executor_id].oldest_first.push_back(std::move(instance));
  }
  std::priority_queue<std::string, std::vector<std::string>, GroupLess> heap(GroupLess{&groups});
  for (auto& [executor_id, group] : groups) {
    std::sort(group.oldest_first.begin(), group.oldest_first.end(),
              [](const InstanceRef& a, const InstanceRef& b) { return Newer(b, a); });
    heap.push(executor_id);
  }
  std::vector<InstanceRef> victims;
  while (victims.size() < count && !heap.empty()) {
    std::string executor_id = heap.top();
    heap.pop();
    auto& remaining = groups.at(executor_id).oldest_first;
    victims.push_back(std::move(remaining.back()));
    remaining.pop_back();
    if (!remaining.empty()) heap.push(std::move(executor_id));
  }
  return victims;
}

}  // namespace drove::scheduler
