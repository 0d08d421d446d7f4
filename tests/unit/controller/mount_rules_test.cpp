// The controller's cluster rules on host mounts: allowedMountDirs is checked on the normalised
// path by whole components, so ".." and look-alike prefixes cannot escape it.
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "orchestrator/controller/engine/app_commands.h"
#include "orchestrator/core/util/host_path.h"

namespace drove::controller {
namespace {

using nlohmann::json;

json SpecMounting(const std::string& path_on_host) {
  return json{{"volumes", json::array({{{"pathInContainer", "/in"},
                                        {"pathOnHost", path_on_host},
                                        {"mode", "READ_WRITE"}}})}};
}

std::string Check(const std::string& path_on_host, std::vector<std::string> allowed = {"/data"}) {
  CommandOptions options;
  options.allowed_mount_dirs = std::move(allowed);
  return CheckClusterRules(SpecMounting(path_on_host), options);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mount_rules)

BOOST_AUTO_TEST_CASE(paths_inside_an_allowed_dir_are_accepted) {
  BOOST_TEST(Check("/data").empty());
  BOOST_TEST(Check("/data/app/logs").empty());
  BOOST_TEST(Check("/data//app/./x/../y/").empty());
  BOOST_TEST(Check("/srv/x", {"/data", "/srv/"}).empty());
}

BOOST_AUTO_TEST_CASE(root_and_etc_are_refused_when_only_data_is_allowed) {
  for (const char* path : {"/", "/etc", "/etc/passwd"}) {
    std::string error = Check(path);
    BOOST_TEST(error.find("Volume mount requested on non whitelisted host directory: ") == 0u,
               error);
    BOOST_TEST(error.find("outside allowedMountDirs [/data]") != std::string::npos, error);
  }
}

BOOST_AUTO_TEST_CASE(dot_dot_cannot_climb_out_of_an_allowed_dir) {
  std::string error = Check("/data/../etc");
  BOOST_TEST(error.find("resolves to /etc, outside allowedMountDirs [/data]") != std::string::npos,
             error);
  BOOST_TEST(!Check("/data/app/../../etc/shadow").empty());
  BOOST_TEST(!Check("/data/../../../../").empty());
}

BOOST_AUTO_TEST_CASE(a_look_alike_prefix_is_not_the_allowed_dir) {
  BOOST_TEST(!Check("/database").empty());
  BOOST_TEST(!Check("/data-other/x").empty());
}

BOOST_AUTO_TEST_CASE(relative_empty_and_nul_paths_are_refused) {
  static const char kWithNul[] = "/data/x\0/../../etc";
  for (const std::string& path :
       {std::string("data/x"), std::string(""), std::string(kWithNul, sizeof(kWithNul) - 1)}) {
    std::string error = Check(path);
    BOOST_TEST(error.find("pathOnHost must be an absolute path") != std::string::npos, error);
  }
}

BOOST_AUTO_TEST_CASE(no_allowed_dirs_means_any_path) { BOOST_TEST(Check("/etc", {}).empty()); }

BOOST_AUTO_TEST_CASE(normal_host_path_resolves_dots_lexically) {
  BOOST_TEST(core::NormalHostPath("/a/./b//c/../d/").value() == "/a/b/d");
  BOOST_TEST(core::NormalHostPath("/..").value() == "/");
  BOOST_TEST(!core::NormalHostPath("a/b"));
  BOOST_TEST(core::IsWithinDir("/data/x", "/data"));
  BOOST_TEST(core::IsWithinDir("/anything", "/"));
  BOOST_TEST(!core::IsWithinDir("/datax", "/data"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::controller
