// MakePlan: writes -> multi ops, with an overlay on the known paths so later writes of the same
// batch see what earlier ones did.
#include "orchestrator/store/zookeeper_plan.h"

#include <algorithm>

namespace drove::store {
namespace {

// Per op beyond path and data: op header (9), length prefixes (8), version or flags, and the
// open ACL of a create (31). 64 is a little above the largest of them.
constexpr size_t kOpOverhead = 64;

class Planner {
 public:
  explicit Planner(const std::set<std::string>& existing) : existing_(existing) {}

  bool Exists(const std::string& path) const {
    auto it = plan_.exists_after.find(path);
    return it != plan_.exists_after.end() ? it->second : existing_.count(path) > 0;
  }

  void Put(const std::string& path, const std::string& data) {
    for (size_t slash = path.find('/', root_size_ + 1); slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
      std::string ancestor = path.substr(0, slash);
      if (!Exists(ancestor)) Add(PlannedOp::kCreate, ancestor, nullptr);
    }
    Add(Exists(path) ? PlannedOp::kSet : PlannedOp::kCreate, path, &data);
  }

  void Delete(const std::string& path) {
    if (Exists(path)) Add(PlannedOp::kDelete, path, nullptr);
  }

  // A nested record's parent goes with its last child (no empty /instances/{appId} left behind).
  void DeleteIfEmpty(const std::string& parent) {
    if (!Exists(parent) || HasChildren(parent)) return;
    Add(PlannedOp::kDelete, parent, nullptr);
  }

  void set_root_size(size_t size) { root_size_ = size; }
  Plan Take() { return std::move(plan_); }

 private:
  bool HasChildren(const std::string& parent) const {
    std::string prefix = parent + "/";
    for (auto it = existing_.lower_bound(prefix); it != existing_.end() && it->starts_with(prefix);
         ++it) {
      if (Exists(*it)) return true;
    }
    for (auto it = plan_.exists_after.lower_bound(prefix);
         it != plan_.exists_after.end() && it->first.starts_with(prefix); ++it) {
      if (it->second) return true;
    }
    return false;
  }

  void Add(PlannedOp::Type type, const std::string& path, const std::string* data) {
    plan_.ops.push_back(PlannedOp{type, path, data});
    plan_.exists_after[path] = type != PlannedOp::kDelete;
  }

  const std::set<std::string>& existing_;
  size_t root_size_ = 0;
  Plan plan_;
};

bool ValidName(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos &&
         name.find('\0') == std::string::npos;
}

core::Status CheckKey(const StoreWrite& write, const KindLayout* layout) {
  std::string key = write.kind + " " + RecordKey(write.parent, write.id);
  if (layout == nullptr) return core::Status::Error("zookeeper store: unknown kind \"" + write.kind + "\"");
  if (!ValidName(write.id)) return core::Status::Error("zookeeper store: bad id in " + key);
  if (layout->nested && !ValidName(write.parent)) {
    return core::Status::Error("zookeeper store: " + key + " needs a parent");
  }
  if (!layout->nested && !write.parent.empty()) {
    return core::Status::Error("zookeeper store: " + key + " takes no parent");
  }
  return core::Status::Ok();
}

core::Status CheckPacketSize(const Plan& plan, const std::string& fence,
                             const std::vector<StoreWrite>& writes) {
  size_t bytes = kOpOverhead + fence.size();
  for (const auto& op : plan.ops)
    bytes += kOpOverhead + op.path.size() + (op.data ? op.data->size() : 0);
  if (bytes <= kMaxMultiBytes) return core::Status::Ok();
  auto largest = std::max_element(writes.begin(), writes.end(), [](const auto& a, const auto& b) {
    return a.json.size() < b.json.size();
  });
  return core::Status::Error(core::StatusCode::kTooLarge,
                             largest->kind + " " + RecordKey(largest->parent, largest->id) + ": " +
                                 std::to_string(largest->json.size()) + " bytes; with the other " +
                                 std::to_string(writes.size() - 1) +
                                 " writes of the batch the request is " + std::to_string(bytes) +
                                 " bytes, over ZooKeeper's " + std::to_string(kMaxMultiBytes) +
                                 "-byte limit");
}

}  // namespace

const std::vector<KindLayout>& ZookeeperLayout() {
  static const std::vector<KindLayout> layout = {
      {kApp, "applications", false}, {kInstance, "instances", true},
      {kTask, "tasks", true},        {kOperation, "operations", false},
      {kCluster, "cluster", false},  {kExecutor, "executors", false},
      {kMeta, "meta", false},        {kLocalService, "localservices", false},
      {kServiceInstance, "localserviceinstances", true},
  };
  return layout;
}

const KindLayout* FindLayout(const std::string& kind) {
  return FindLayout(ZookeeperLayout(), kind);
}

const KindLayout* FindLayout(const std::vector<KindLayout>& layouts, const std::string& kind) {
  for (const auto& layout : layouts) {
    if (kind == layout.kind) return &layout;
  }
  return nullptr;
}

core::Result<Plan> MakePlan(const std::string& root, const std::vector<StoreWrite>& writes,
                            const std::set<std::string>& existing, const std::string& fence) {
  return MakePlan(root, writes, existing, fence, ZookeeperLayout());
}

core::Result<Plan> MakePlan(const std::string& root, const std::vector<StoreWrite>& writes,
                            const std::set<std::string>& existing, const std::string& fence,
                            const std::vector<KindLayout>& layouts) {
  Planner planner(existing);
  planner.set_root_size(root.size());
  std::set<std::string> emptied_parents;
  for (const auto& write : writes) {
    const KindLayout* layout = FindLayout(layouts, write.kind);
    if (auto status = CheckKey(write, layout); !status.ok()) return status;
    std::string folder = root + "/" + layout->folder;
    std::string parent = layout->nested ? folder + "/" + write.parent : folder;
    std::string path = parent + "/" + write.id;
    if (write.json.empty()) {
      planner.Delete(path);
      if (layout->nested) emptied_parents.insert(parent);
    } else {
      planner.Put(path, write.json);
    }
  }
  for (const auto& parent : emptied_parents) planner.DeleteIfEmpty(parent);
  Plan plan = planner.Take();
  if (auto status = CheckPacketSize(plan, fence, writes); !status.ok()) return status;
  return plan;
}

}  // namespace drove::store
