// A real standalone ZooKeeper for unit tests, started once per test binary (on first use) on a free
// loopback port with its own temp dataDir, and stopped by pid at exit; plus small test helpers.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zookeeper/zookeeper.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "orchestrator/coordination/zookeeper_session.h"

namespace drove::testing {

class ZookeeperServer {
 public:
  // The binary's one server (about 1 s to start).
  static ZookeeperServer& Shared() {
    static ZookeeperServer server;
    return server;
  }
  ~ZookeeperServer() {
    Stop();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::string connection_string() const { return "127.0.0.1:" + std::to_string(port_); }

  // Starts the JVM and waits until `srvr` reports a Mode (serving), not for a fixed time.
  void Start() {
    std::string cp =
        "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-log4j12.jar:"
        "/usr/share/java/log4j-1.2.jar";
    std::vector<std::string> args = {"/usr/bin/java",
                                     "-Xms16m",
                                     "-Xmx128m",
                                     "-XX:+UseSerialGC",
                                     "-XX:TieredStopAtLevel=1",
                                     "-XX:+ExitOnOutOfMemoryError",
                                     "-Dlog4j.configuration=file:" + dir_ + "/log4j.properties",
                                     "-cp",
                                     cp,
                                     "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                                     dir_ + "/zoo.cfg"};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    std::string log = dir_ + "/out.log";
    pid_ = ::fork();
    BOOST_REQUIRE_MESSAGE(pid_ >= 0, "fork failed");
    if (pid_ == 0) {                       // only async-signal-safe calls until exec
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a crashed test binary
      int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
      }
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (FourLetter("srvr").find("Mode: ") == std::string::npos) {
      int status = 0;
      BOOST_REQUIRE_MESSAGE(::waitpid(pid_, &status, WNOHANG) == 0,
                            "zookeeper exited at start, see " + log);
      BOOST_REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline,
                            "zookeeper not serving after 60 s, see " + log);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  // SIGTERM and waitpid (SIGKILL after 10 s). Start() again restarts on the same port and data:
  // sessions survive, as they do across a quorum loss.
  void Stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 1000; ++i) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  // SIGSTOP / SIGCONT: a server that answers nothing, as in a network partition.
  // Pause returns once the process is stopped (state T), not merely signalled.
  void Pause() {
    ::kill(pid_, SIGSTOP);
    WaitForState('T');
  }
  void Resume() { ::kill(pid_, SIGCONT); }

  // A four-letter-word command's answer ("" when nobody answers). Bounded: a command sent while
  // the server is still starting can be accepted and then never answered nor closed.
  std::string FourLetter(const std::string& word) const {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval timeout{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::string answer;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
        ::send(fd, word.data(), word.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(word.size())) {
      char buffer[4096];
      for (ssize_t n; (n = ::read(fd, buffer, sizeof(buffer))) > 0;) answer.append(buffer, n);
    }
    ::close(fd);
    return answer;
  }

 private:
  ZookeeperServer() {
    char pattern[] = "/tmp/drove-zk-XXXXXX";
    BOOST_REQUIRE(::mkdtemp(pattern) != nullptr);
    dir_ = pattern;
    port_ = FreePort();
    std::ofstream(dir_ + "/zoo.cfg")
        << "tickTime=500\ninitLimit=10\nsyncLimit=5\ndataDir=" << dir_ << "/data\n"
        << "clientPort=" << port_ << "\nclientPortAddress=127.0.0.1\nmaxClientCnxns=0\n"
        << "admin.enableServer=false\n4lw.commands.whitelist=*\npreAllocSize=4096\n"
        << "forceSync=no\n";  // tests only: an acknowledged write may be lost on power loss
    std::ofstream(dir_ + "/log4j.properties")
        << "log4j.rootLogger=WARN, CONSOLE\n"
        << "log4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender\n"
        << "log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout\n"
        << "log4j.appender.CONSOLE.layout.ConversionPattern=%d{ISO8601} %-5p [%t] - %m%n\n";
    Start();
  }

  // Until every thread of the server shows `wanted` in /proc (a group stop is not instant).
  void WaitForState(char wanted) const {
    auto task_state = [](const std::filesystem::path& stat_path) {
      std::ifstream stat(stat_path);
      std::string line;
      std::getline(stat, line);
      auto paren = line.rfind(") ");
      return paren != std::string::npos && paren + 2 < line.size() ? line[paren + 2] : '?';
    };
    std::string tasks = "/proc/" + std::to_string(pid_) + "/task";
    for (int i = 0; i < 200; ++i) {
      bool all = true;
      std::error_code error;
      for (const auto& task : std::filesystem::directory_iterator(tasks, error)) {
        all = all && task_state(task.path() / "stat") == wanted;
      }
      if (all && !error) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  static int FreePort() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    socklen_t length = sizeof(addr);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
    ::close(fd);
    return ntohs(addr.sin_port);
  }

  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// A namespace no other test uses ("/t<pid>_<n>_<name>").
inline std::string UniqueNamespace(const std::string& name) {
  static int counter = 0;
  return "/t" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" + name;
}

// A session on the shared server: 2 s timeout (tickTime 500), as the notes advise for tests.
inline std::shared_ptr<coordination::ZookeeperSession> ConnectSession(
    const std::string& name_space) {
  coordination::ZookeeperOptions options;
  options.connection_string = ZookeeperServer::Shared().connection_string();
  options.session_timeout = std::chrono::milliseconds(2000);
  options.name_space = name_space;
  options.connect_timeout = std::chrono::milliseconds(10000);
  auto session = coordination::ZookeeperSession::Connect(options);
  BOOST_REQUIRE_MESSAGE(session.ok(), session.error());
  return std::move(session).value();
}

inline bool WaitUntil(const std::function<bool()>& condition,
                      std::chrono::milliseconds timeout = std::chrono::milliseconds(10000)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

// Expires the session server-side, the classic way: a second handle with the same id and
// password connects, then closes (which ends the session and deletes its ephemeral nodes).
// Racy by nature (the first handle may win its session back before the twin closes), so it is
// repeated until the session was replaced by a new one.
inline void ExpireSession(coordination::ZookeeperSession& session) {
  int64_t old_id = session.handle()->session_id();
  for (int attempt = 0; attempt < 5; ++attempt) {
    clientid_t id = *zoo_client_id(session.handle()->get());
    if (id.client_id != old_id) return;
    watcher_fn ignore = [](zhandle_t*, int, int, const char*, void*) {};
    log_callback_fn quiet = [](const char*) {};
    zhandle_t* twin = zookeeper_init2(ZookeeperServer::Shared().connection_string().c_str(), ignore,
                                      2000, &id, nullptr, 0, quiet);
    BOOST_REQUIRE(twin != nullptr);
    WaitUntil([&] { return zoo_state(twin) == ZOO_CONNECTED_STATE; }, std::chrono::seconds(3));
    zookeeper_close(twin);
    if (WaitUntil([&] { return session.handle()->session_id() != old_id; },
                  std::chrono::seconds(3))) {
      return;
    }
  }
  BOOST_FAIL("session " << old_id << " could not be expired");
}

// A node's data read with a plain call, nullopt-like "" plus found=false when absent.
inline bool ReadNode(coordination::ZookeeperSession& session, const std::string& path,
                     std::string* data = nullptr) {
  std::vector<char> buffer(1 << 20);
  int length = static_cast<int>(buffer.size());
  int rc = zoo_get(session.handle()->get(), path.c_str(), 0, buffer.data(), &length, nullptr);
  BOOST_REQUIRE_MESSAGE(rc == ZOK || rc == ZNONODE, "zoo_get " + path + ": " + zerror(rc));
  if (data) *data = rc == ZOK && length > 0 ? std::string(buffer.data(), length) : "";
  return rc == ZOK;
}

}  // namespace drove::testing
