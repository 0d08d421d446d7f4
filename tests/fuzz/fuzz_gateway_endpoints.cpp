// libFuzzer target: arbitrary bytes as a leader's /apis/v1/endpoints body -> the gateway's routing
// table -> its wire form -> a worker's view and status, and its merge with other clusters; and the
// same bytes as a zone/dump table.
// Whatever a controller or a damaged dump file sends, nothing may crash, a table the fetcher
// publishes must always read back identical in the workers, and the shortcuts (the follower's
// reader, a worker's line-by-line view) must accept and refuse exactly what the whole reads do.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "gateway-module/lib/cluster_merge.h"
#include "gateway-module/lib/status_text.h"
#include "gateway-module/lib/table_builder.h"
#include "gateway-module/lib/worker_view.h"
#include "orchestrator/core/discovery/endpoints_reader.h"

namespace {

using drove::gateway::RoutingTable;

void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "%s: %s\n", what, detail.c_str());
  std::abort();
}

// Every third host does not resolve; the others get a made-up address.
std::map<std::string, drove::discovery::HostAddresses> FakeResolve(const std::vector<std::string>& hosts) {
  std::map<std::string, drove::discovery::HostAddresses> out;
  for (size_t i = 0; i < hosts.size(); ++i) {
    if (i % 3 == 2) continue;
    out[hosts[i]].ipv4.push_back("10.0." + std::to_string(i / 250 % 250) + "." + std::to_string(i % 250));
  }
  return out;
}

void Exercise(const RoutingTable& table) {
  auto view = drove::gateway::View::Create(drove::gateway::SerializeTable(table), 1, nullptr);
  if (!view.ok()) Fail("view of a published table refused", view.error());
  for (const auto& route : (*view)->routes()) (*view)->SelectGroup(*route, "canary");
  drove::gateway::StatusJson({drove::gateway::ClusterStatus{}}, drove::gateway::RoutingInfo{},
                             *view, 1, 1, drove::gateway::PickPolicy{});
  drove::gateway::View::Unref(*view);
}

// A worker reads zone bytes after the view in force exactly as the loader reads them.
void CheckWorkerAgrees(std::string_view bytes, const RoutingTable* table) {
  RoutingTable before;
  before.vhosts["app.local"] = {drove::gateway::Member{"A-1", "h", 80, "10.0.0.1", ""}};
  auto in_force = drove::gateway::View::Create(drove::gateway::SerializeTable(before), 1, nullptr);
  auto view = drove::gateway::View::Create(std::string(bytes), 2, *in_force);
  if (view.ok() != (table != nullptr)) Fail("worker and loader disagree", std::string(bytes));
  if (view.ok() && (*view)->routes().size() != table->vhosts.size()) {
    Fail("worker read other vhosts", std::string(bytes));
  }
  if (view.ok()) drove::gateway::View::Unref(*view);
  drove::gateway::View::Unref(*in_force);
}

// The follower's reader answers as the whole parse, after a body it could reuse items from.
void CheckReaderAgrees(std::string_view bytes) {
  drove::discovery::EndpointsReader reader;
  auto last = reader.Read(R"({"status":"SUCCESS","data":[{"appId":"A-1","vhost":"a","hosts":[]}]})",
                          nullptr);
  auto got = reader.Read(bytes, &*last);
  auto want = drove::discovery::ParseEndpointsResponse(bytes);
  bool same = got.ok() == want.ok() && (got.ok() ? *got == *want : got.error() == want.error());
  if (!same) Fail("reader and whole parse disagree", std::string(bytes));
}

// A hostile cluster's table merged with a good one publishes a table the workers read back.
void CheckMergeReadsBack(const RoutingTable& table) {
  RoutingTable good;
  good.leader = "http://10.0.0.9:4000";
  good.leader_ip = "10.0.0.9";
  good.vhosts["app.local"] = {drove::gateway::Member{"A-1", "h", 80, "10.0.0.1", ""}};
  RoutingTable merged = drove::gateway::MergeClusters(
      {{"good", drove::gateway::Priority::kPrimary, {"ctl.local"}},
       {"hostile", drove::gateway::Priority::kBackup, {}}},
      {&good, &table});
  auto back = drove::gateway::DeserializeTable(drove::gateway::SerializeTable(merged));
  if (!back.ok() || !(*back == merged)) Fail("merged table round trip", SerializeTable(merged));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);

  CheckReaderAgrees(bytes);
  auto apps = drove::discovery::ParseEndpointsResponse(bytes);
  if (apps.ok()) {
    drove::discovery::EndpointsSnapshot snapshot;
    snapshot.generation = 1;
    snapshot.apps = *apps;
    drove::gateway::VhostFilter filter;
    filter.routing_tag = "canary";
    auto built = drove::gateway::BuildRoutingTable(
        snapshot, FakeResolve(drove::gateway::HostsToResolve(snapshot, filter)), filter);
    std::string wire = drove::gateway::SerializeTable(built.table);
    auto back = drove::gateway::DeserializeTable(wire);
    if (!back.ok()) Fail("published table refused", back.error() + "\n" + wire);
    if (!(*back == built.table)) Fail("published table changed in transit", wire);
    Exercise(*back);
    CheckMergeReadsBack(*back);
  }

  auto table = drove::gateway::DeserializeTable(bytes);
  CheckWorkerAgrees(bytes, table.ok() ? &*table : nullptr);
  if (table.ok()) {
    auto again = drove::gateway::DeserializeTable(drove::gateway::SerializeTable(*table));
    if (!again.ok() || !(*again == *table)) Fail("table round trip", std::string(bytes));
    Exercise(*table);
  }
  return 0;
}
