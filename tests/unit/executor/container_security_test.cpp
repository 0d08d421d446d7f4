// The executor's containerSecurity: defaults, what reaches the engine's HostConfig, and the
// host-mount re-check with symlinks and ".." resolved on the real file system.
#include "orchestrator/executor/container/container_security.h"

#include <unistd.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "orchestrator/executor/engine/docker_engine.h"

namespace drove::executor {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// <tmp>/allowed (the allowed dir, with a link inside pointing out) and <tmp>/secret beside it.
struct HostDirs {
  fs::path root;
  HostDirs() {
    static int counter = 0;
    root = fs::canonical(fs::temp_directory_path()) /
           ("drove-mounts-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(root / "allowed" / "app");
    fs::create_directories(root / "secret");
    fs::create_directory_symlink(root / "secret", root / "allowed" / "out");
    fs::create_directory_symlink(root / "allowed" / "app", root / "allowed" / "in");
    fs::create_directory_symlink(root / "gone", root / "allowed" / "dangling");
  }
  ~HostDirs() { fs::remove_all(root); }
  std::string Allowed() const { return (root / "allowed").string(); }
};

core::Status Check(const HostDirs& dirs, const std::string& host_path, std::string* resolved) {
  std::vector<BindMount> binds = {{host_path, "/in", false}};
  core::Status status = ResolveHostMounts({dirs.Allowed()}, &binds);
  *resolved = binds[0].host_path;
  return status;
}

bool Contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(container_security)

BOOST_AUTO_TEST_CASE(defaults_are_least_privilege_that_web_apps_survive) {
  ContainerSecurity security;
  BOOST_TEST(security.no_new_privileges);
  BOOST_TEST(security.pids_limit == 4096);
  BOOST_TEST(!security.read_only_rootfs);
  for (const char* cap : {"NET_RAW", "MKNOD", "SYS_ADMIN", "SETFCAP"}) {
    BOOST_TEST(Contains(security.cap_drop, cap), cap);
  }
  // What entrypoints that start as root and switch user, or bind port 80, need.
  for (const char* cap : {"CHOWN", "SETUID", "SETGID", "NET_BIND_SERVICE", "KILL"}) {
    BOOST_TEST(!Contains(security.cap_drop, cap), cap);
  }
}

BOOST_AUTO_TEST_CASE(hardening_reaches_the_create_body) {
  ContainerSecurity security;
  security.read_only_rootfs = true;
  security.ulimits = {{"nofile", 1024, 2048}};
  ContainerConfig config;
  config.image = "img:1";
  BOOST_REQUIRE(SecureContainer(security, false, &config).ok());
  json host = json::parse(DockerEngine::CreateBody(config))["HostConfig"];
  BOOST_TEST(host["SecurityOpt"] == json::array({"no-new-privileges"}));
  BOOST_TEST(host["CapDrop"].size() == security.cap_drop.size());
  BOOST_TEST(host["ReadonlyRootfs"] == true);
  BOOST_TEST(host["Tmpfs"].contains("/tmp"));
  BOOST_TEST(host["PidsLimit"] == 4096);
  BOOST_TEST(host["Ulimits"][0] == json({{"Name", "nofile"}, {"Soft", 1024}, {"Hard", 2048}}));
  BOOST_TEST(host["Privileged"] == false);
}

BOOST_AUTO_TEST_CASE(options_off_leave_the_engine_defaults) {
  ContainerSecurity security;
  security.no_new_privileges = false;
  security.cap_drop.clear();
  security.pids_limit = 0;
  ContainerConfig config;
  BOOST_REQUIRE(SecureContainer(security, true, &config).ok());
  json host = json::parse(DockerEngine::CreateBody(config))["HostConfig"];
  for (const char* key :
       {"SecurityOpt", "CapDrop", "ReadonlyRootfs", "Tmpfs", "PidsLimit", "Ulimits"}) {
    BOOST_TEST(!host.contains(key), key);
  }
}

BOOST_AUTO_TEST_CASE(configs_on_a_read_only_root_are_refused_with_the_reason) {
  ContainerSecurity security;
  security.read_only_rootfs = true;
  ContainerConfig config;
  core::Status status = SecureContainer(security, true, &config);
  BOOST_TEST(!status.ok());
  BOOST_TEST(status.message().find("containerSecurity.readOnlyRootFs") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(paths_inside_the_allowed_dir_resolve_and_are_kept) {
  HostDirs dirs;
  std::string resolved;
  BOOST_TEST(Check(dirs, dirs.Allowed() + "/app", &resolved).ok());
  BOOST_TEST(resolved == dirs.Allowed() + "/app");
  BOOST_TEST(Check(dirs, dirs.Allowed() + "/in/x/new", &resolved).ok());  // link staying inside
  BOOST_TEST(resolved == dirs.Allowed() + "/app/x/new");
  BOOST_TEST(Check(dirs, dirs.Allowed() + "/not-yet/there", &resolved).ok());
}

BOOST_AUTO_TEST_CASE(a_symlink_pointing_out_is_refused) {
  HostDirs dirs;
  std::string resolved;
  core::Status status = Check(dirs, dirs.Allowed() + "/out", &resolved);
  BOOST_TEST(!status.ok());
  BOOST_TEST(
      status.message().find("resolves to " + (dirs.root / "secret").string()) != std::string::npos,
      status.message());
  BOOST_TEST(status.message().find("outside the executor's allowedMountDirs") != std::string::npos);
  BOOST_TEST(!Check(dirs, dirs.Allowed() + "/out/deeper/new", &resolved).ok());
}

BOOST_AUTO_TEST_CASE(dot_dot_and_dangling_links_are_refused) {
  HostDirs dirs;
  std::string resolved;
  BOOST_TEST(!Check(dirs, dirs.Allowed() + "/../secret", &resolved).ok());
  BOOST_TEST(!Check(dirs, dirs.Allowed() + "/app/../../secret", &resolved).ok());
  core::Status dangling = Check(dirs, dirs.Allowed() + "/dangling", &resolved);
  BOOST_TEST(!dangling.ok());
  BOOST_TEST(dangling.message().find("symlink to a missing target") != std::string::npos,
             dangling.message());
  BOOST_TEST(!Check(dirs, "relative/path", &resolved).ok());
}

BOOST_AUTO_TEST_CASE(an_allowed_dir_behind_a_symlink_still_holds_its_paths) {
  HostDirs dirs;
  fs::create_directory_symlink(dirs.root / "allowed", dirs.root / "alias");
  std::vector<BindMount> binds = {{(dirs.root / "alias" / "app").string(), "/in", false}};
  BOOST_TEST(ResolveHostMounts({(dirs.root / "alias").string()}, &binds).ok());
  BOOST_TEST(binds[0].host_path == dirs.Allowed() + "/app");
}

BOOST_AUTO_TEST_CASE(no_allowed_dirs_leaves_binds_untouched) {
  std::vector<BindMount> binds = {{"/etc/../etc", "/in", true}};
  BOOST_TEST(ResolveHostMounts({}, &binds).ok());
  BOOST_TEST(binds[0].host_path == "/etc/../etc");
}

BOOST_AUTO_TEST_CASE(capability_names_are_canonical) {
  BOOST_TEST(CanonicalCapability("cap_net_raw") == "NET_RAW");
  BOOST_TEST(CanonicalCapability("ALL") == "ALL");
  BOOST_TEST(CanonicalCapability("NET_MAGIC").empty());
  BOOST_TEST(IsKnownUlimit("nofile"));
  BOOST_TEST(!IsKnownUlimit("files"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::executor
