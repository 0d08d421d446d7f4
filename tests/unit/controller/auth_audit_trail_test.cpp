// The audit trail: size rotation, one JSON line per audited call with who/where/what/outcome and
// the ids named, refusals included, node-to-node traffic and unaudited methods left out, no secret.
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "orchestrator/controller/auth/audit_trail.h"
#include "tests/unit/controller/api_test_specs.h"
#include "tests/unit/controller/api_test_support.h"

namespace drove::controller::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Headers = std::map<std::string, std::string>;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "drove-audit-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<json> Records(const std::string& path) {
  std::vector<json> records;
  for (const std::string& line : Lines(path)) records.push_back(json::parse(line));
  return records;
}

Headers User(const std::string& name) { return {{"Authorization", BasicAuth(name, name)}}; }

ControllerConfig AuditedConfig(const std::string& file) {
  ControllerConfig config = TestConfig();
  config.audit.file = file;
  return config;
}

BOOST_AUTO_TEST_SUITE(controller_audit_trail)

BOOST_AUTO_TEST_CASE(the_file_rotates_by_size_keeping_max_files) {
  TempDir dir;
  const std::string path = dir.File("audit.log");
  auto file = core::RotatingFile::Open(path, 100, 2);
  BOOST_REQUIRE(file.ok());
  const std::string line(39, 'x');
  for (int i = 0; i < 10; ++i) {
    BOOST_REQUIRE((*file)->Append(line + std::to_string(i) + "\n").ok());
  }
  // Two 41-byte lines fit in 100 bytes: lines 8,9 now; 6,7 in .1; 4,5 in .2; older gone.
  BOOST_TEST(Lines(path).size() == 2u);
  BOOST_TEST(Lines(path).back() == line + "9");
  BOOST_TEST(Lines(path + ".1").front() == line + "6");
  BOOST_TEST(Lines(path + ".2").front() == line + "4");
  BOOST_TEST(!fs::exists(path + ".3"));
  BOOST_TEST(((fs::status(path).permissions() & fs::perms::others_read) == fs::perms::none));
}

BOOST_AUTO_TEST_CASE(a_record_is_one_json_line_even_with_a_hostile_path) {
  TempDir dir;
  AuditConfig config;
  config.file = dir.File("audit.log");
  core::ManualClock clock(1'700'000'000'123);
  auto trail = AuditTrail::Open(config, {"POST"}, &clock);
  BOOST_REQUIRE(trail.ok());
  BOOST_TEST((*trail)->Audits("POST"));
  BOOST_TEST(!(*trail)->Audits("GET"));
  AuditRecord record{"admin", "EXTERNAL_READ_WRITE",        "basic", "10.0.0.1",
                     "POST",  "/apis/v1/x\n{\"forged\":1}", 200,     {{"appId", "A-1"}}};
  (*trail)->Record(record);
  auto records = Records(config.file);
  BOOST_REQUIRE(records.size() == 1u);
  BOOST_TEST(records[0]["time"] == "2023-11-14T22:13:20.123Z");
  BOOST_TEST(records[0]["path"] == "/apis/v1/x\n{\"forged\":1}");
  BOOST_TEST(records[0]["appId"] == "A-1");
  BOOST_TEST(records[0]["status"] == 200);
}

BOOST_AUTO_TEST_CASE(an_unopenable_file_is_an_error) {
  AuditConfig config;
  config.file = "/nonexistent-dir/audit.log";
  auto trail = AuditTrail::Open(config, {"POST"});
  BOOST_TEST(!trail.ok());
  BOOST_TEST(trail.error().find("audit.file") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(operations_are_audited_with_user_role_ids_and_status) {
  TempDir dir;
  LiveApi api(AuditedConfig(dir.File("audit.log")));
  json op = {{"type", "SUSPEND"}, {"appId", "A-1"}, {"opSpec", OpSpec()}};
  BOOST_TEST(
      api.Call("POST", "/apis/v1/applications/operations", op.dump(), User("admin")).status == 200);
  BOOST_TEST(api.Call("GET", "/apis/v1/applications", "", User("admin")).status == 200);
  BOOST_TEST(api.Call("DELETE", "/apis/v1/tasks/SRC/instances/T-9", "", User("guest")).status ==
             200);
  auto records = Records(dir.File("audit.log"));
  BOOST_REQUIRE(records.size() == 2u);  // the GET is not audited by default
  const json& post = records[0];
  BOOST_TEST(post["user"] == "admin");
  BOOST_TEST(post["role"] == "EXTERNAL_READ_WRITE");
  BOOST_TEST(post["auth"] == "basic");
  BOOST_TEST(post["remote"] == "127.0.0.1");
  BOOST_TEST(post["method"] == "POST");
  BOOST_TEST(post["path"] == "/apis/v1/applications/operations");
  BOOST_TEST(post["status"] == 200);
  BOOST_TEST(post["appId"] == "A-1");
  BOOST_TEST(records[1]["method"] == "DELETE");
  BOOST_TEST(records[1]["sourceAppName"] == "SRC");
  BOOST_TEST(records[1]["taskId"] == "T-9");
}

BOOST_AUTO_TEST_CASE(create_names_the_id_of_its_spec_and_no_secret_is_written) {
  TempDir dir;
  LiveApi api(AuditedConfig(dir.File("audit.log")));
  json spec = SampleAppSpec();
  spec["env"] = {{"DB_PASSWORD", "hunter2-in-body"}};
  json op = {{"type", "CREATE"}, {"spec", spec}, {"instances", 1}, {"opSpec", OpSpec()}};
  Headers headers = User("admin");
  api.Call("POST", "/apis/v1/applications/operations", op.dump(), headers);
  api.Call("POST", "/apis/v1/applications/operations", op.dump(),
           {{"Authorization", BasicAuth("admin", "wrong-password-secret")}});
  auto records = Records(dir.File("audit.log"));
  BOOST_REQUIRE(records.size() == 2u);
  BOOST_TEST(records[0]["appId"] ==
             spec["name"].get<std::string>() + "-" + spec["version"].get<std::string>());
  BOOST_TEST(records[1]["status"] == 401);
  BOOST_TEST(records[1]["user"] == "");
  BOOST_TEST(records[1]["auth"] == "none");
  BOOST_TEST(!records[1].contains("appId"), "a refused call's body is not read");
  std::ifstream in(dir.File("audit.log"));
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::vector<std::string> secrets = {"hunter2-in-body", "wrong-password-secret",
                                            "admin:admin", headers["Authorization"].substr(6)};
  for (const std::string& secret : secrets) {
    BOOST_TEST(all.find(secret) == std::string::npos, secret);
  }
}

BOOST_AUTO_TEST_CASE(refusals_are_audited_and_node_traffic_is_not) {
  TempDir dir;
  LiveApi api(AuditedConfig(dir.File("audit.log")));
  BOOST_TEST(
      api.Call("POST", "/apis/v1/cluster/executors/blacklist?id=E-1&id=E-2", "", User("guest"))
          .status == 403);
  Headers executor = {{"Cluster-Authorization", "DefaultExecutorSecret"}, {"NodeId", "e1"}};
  BOOST_TEST(api.Call("POST", "/apis/v1/messages", R"({"type":"X"})", executor).status == 200);
  Headers controller = {{"Cluster-Authorization", "DefaultControllerSecret"}, {"NodeId", "c1"}};
  BOOST_TEST(api.Call("POST", "/apis/v1/messages", R"({"type":"X"})", controller).status == 403);
  auto records = Records(dir.File("audit.log"));
  BOOST_REQUIRE(records.size() == 2u);
  BOOST_TEST(records[0]["user"] == "guest");
  BOOST_TEST(records[0]["role"] == "EXTERNAL_READ_ONLY");
  BOOST_TEST(records[0]["status"] == 403);
  BOOST_TEST(records[0]["executorId"] == "E-1,E-2");
  BOOST_TEST(records[1]["user"] == "c1");
  BOOST_TEST(records[1]["role"] == "DROVE_CLUSTER_NODE");
  BOOST_TEST(records[1]["auth"] == "cluster-secret");
  BOOST_TEST(records[1]["status"] == 403);
}

BOOST_AUTO_TEST_CASE(audited_methods_follow_the_config) {
  TempDir dir;
  ControllerConfig config = AuditedConfig(dir.File("audit.log"));
  config.audited_http_methods = {"GET"};
  LiveApi api(config);
  api.Call("GET", "/apis/v1/applications/A-1", "", User("guest"));
  api.Call("POST", "/apis/v1/cluster/maintenance/set", "", User("maint"));
  auto records = Records(dir.File("audit.log"));
  BOOST_REQUIRE(records.size() == 1u);
  BOOST_TEST(records[0]["method"] == "GET");
  BOOST_TEST(records[0]["appId"] == "A-1");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing
