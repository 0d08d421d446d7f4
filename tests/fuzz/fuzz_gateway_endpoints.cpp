// libFuzzer target: arbitrary bytes as a leader's /apis/v1/endpoints body -> the gateway's routing
// table -> its wire form -> a worker's view and status; and the same bytes as a zone/dump table.
// Whatever a controller or a damaged dump file sends, nothing may crash, and a table the fetcher
// publishes must always read back identical in the workers.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "gateway-module/lib/status_text.h"
#include "gateway-module/lib/table_builder.h"
#include "gateway-module/lib/worker_view.h"

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
  drove::gateway::MemberStates states;
  auto* view = new drove::gateway::View(table, 1, &states);
  for (const auto& [vhost, route] : view->routes()) view->SelectGroup(route, "canary");
  drove::gateway::StatusJson(drove::gateway::SyncInfo{}, view, 1, 1, drove::gateway::PickPolicy{});
  drove::gateway::View::Unref(view);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);

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
  }

  auto table = drove::gateway::DeserializeTable(bytes);
  if (table.ok()) {
    auto again = drove::gateway::DeserializeTable(drove::gateway::SerializeTable(*table));
    if (!again.ok() || !(*again == *table)) Fail("table round trip", std::string(bytes));
    Exercise(*table);
  }
  return 0;
}
