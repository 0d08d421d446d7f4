// drove-epoch's audit records: who, the request line, the outcome, and the topology, run and task
// the call names (path, an authenticated caller's body, a run-now's reply); never a credential.
#include "orchestrator/epoch/api/epoch_audit.h"

#include <boost/test/unit_test.hpp>

namespace drove::epoch::api {
namespace {

core::Request Call(const std::string& method, const std::string& path,
                   std::map<std::string, std::string> params, const std::string& body = "") {
  core::Request request;
  request.method = method;
  request.path = path;
  request.path_params = std::move(params);
  request.body = body;
  request.remote_address = "10.0.0.7";
  request.headers.emplace("Authorization", "Basic YWRtaW46YWRtaW4=");
  return request;
}

const EpochPrincipal kAdmin{"admin", EpochRole::kReadWrite, "basic"};

BOOST_AUTO_TEST_SUITE(epoch_audit)

BOOST_AUTO_TEST_CASE(a_kill_names_topology_run_and_task_from_the_path) {
  auto r = MakeAuditRecord(Call("POST", "/apis/v1/topologies/T/runs/EIR-1/tasks/t1/kill",
                                {{"id", "T"}, {"runId", "EIR-1"}, {"taskName", "t1"}}),
                           &kAdmin, 200);
  BOOST_TEST(r.user == "admin");
  BOOST_TEST(r.role == "READ_WRITE");
  BOOST_TEST(r.auth == "basic");
  BOOST_TEST(r.remote == "10.0.0.7");
  BOOST_TEST((r.ids == std::map<std::string, std::string>{
                           {"topologyId", "T"}, {"runId", "EIR-1"}, {"taskName", "t1"}}));
}

BOOST_AUTO_TEST_CASE(a_create_names_its_topology_and_a_run_now_its_new_run) {
  auto create = MakeAuditRecord(Call("POST", "/apis/v1/topologies", {}, R"({"name":"nightly"})"),
                                &kAdmin, 200);
  BOOST_TEST(create.ids.at("topologyId") == "nightly");
  auto run =
      MakeAuditRecord(Call("PUT", "/apis/v1/topologies/T/run", {{"id", "T"}}), &kAdmin, 200,
                      R"({"status":"SUCCESS","data":{"runId":"EIR-2"},"message":"success"})");
  BOOST_TEST(run.ids.at("runId") == "EIR-2");
}

BOOST_AUTO_TEST_CASE(an_anonymous_call_is_recorded_without_reading_its_body) {
  auto r =
      MakeAuditRecord(Call("POST", "/apis/v1/topologies", {}, R"({"name":"x"})"), nullptr, 401);
  BOOST_TEST(r.user.empty());
  BOOST_TEST(r.auth == "none");
  BOOST_TEST(r.status == 401);
  BOOST_TEST(r.ids.empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::epoch::api
