// drove-epoch: loads epoch.yml, opens the store (SQLite, or ZooKeeper with leader election),
// resumes running runs, schedules every topology (on ZooKeeper: while it leads), and serves Epoch's
// API (and, when configured, Dropwizard's admin /ping and /healthcheck). `drove-epoch hash-password`
// hashes a password for a CRYPT user in epoch.yml. `--check` validates epoch.yml and exits.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "orchestrator/core/auth/audit_trail.h"
#include "orchestrator/core/auth/hash_password_command.h"
#include "orchestrator/core/net/config_check.h"
#include "orchestrator/core/net/event_loop.h"
#include "orchestrator/core/net/http_server.h"
#include "orchestrator/core/net/tls_reload.h"
#include "orchestrator/core/util/clock.h"
#include "orchestrator/core/util/command_line.h"
#include "orchestrator/core/util/log.h"
#include "orchestrator/epoch/api/epoch_api.h"
#include "orchestrator/epoch/config/epoch_config.h"
#include "orchestrator/epoch/drove/http_drove_client.h"
#include "orchestrator/epoch/leadership/zookeeper_leadership.h"
#include "orchestrator/epoch/metrics/epoch_metrics.h"
#include "orchestrator/epoch/metrics/metered_drove_client.h"
#include "orchestrator/epoch/metrics/metrics_route.h"
#include "orchestrator/epoch/notify/mail_notifier.h"
#include "orchestrator/epoch/scheduling/scheduler_core.h"
#include "orchestrator/epoch/scheduling/scheduler_thread.h"
#include "orchestrator/epoch/store/epoch_repository.h"
#include "orchestrator/store/state_store.h"

namespace drove::epoch {
namespace {

constexpr int kExitConfig = 2;
constexpr int kExitRuntime = 1;
constexpr int kExitCheckFailed = 1;  // --check: the config would not start
// Threads that step runs: each step is one Drove call, bounded by the configured timeouts.
constexpr int kRunWorkers = 8;

// Epoch's node id: http(s)://<HOST env or hostname>:<PORT_<port> env or port>. Followers forward
// calls to the leader's id, so it carries the scheme the node serves.
std::string SelfUrl(int port, bool tls) {
  std::string host;
  if (const char* env = std::getenv("HOST"); env != nullptr && *env != '\0') {
    host = env;
  } else {
    char name[256] = {};
    host = gethostname(name, sizeof(name) - 1) == 0 && name[0] != '\0' ? name : "localhost";
  }
  std::string mapped = std::to_string(port);
  const std::string port_var = "PORT_" + mapped;
  if (const char* env = std::getenv(port_var.c_str()); env != nullptr && *env != '\0') mapped = env;
  return (tls ? "https://" : "http://") + host + ":" + mapped;
}

// Dropwizard's shapes; on ZooKeeper also Epoch's `zk-connection` check (500 while it fails).
void AddAdminRoutes(core::HttpServer* admin, const ZookeeperLeadership* leadership) {
  admin->Route("GET", "/ping",
               [](core::Request&, core::Responder r) { r.Send(200, "text/plain", "pong\n"); });
  admin->Route("GET", "/healthcheck", [leadership](core::Request&, core::Responder r) {
    Json checks = {{"deadlocks", {{"healthy", true}}}, {"store", {{"healthy", true}}}};
    bool healthy = true;
    if (leadership != nullptr) {
      healthy = leadership->Connected();
      checks["zk-connection"] =
          healthy ? Json{{"healthy", true}}
                  : Json{{"healthy", false}, {"message", "not connected to zookeeper"}};
    }
    r.Send(healthy ? 200 : 500, "application/json", checks.dump());
  });
}

int Serve(const EpochConfig& config, SchedulerCore& scheduler, EpochRepository& repository,
          DroveTaskClient& drove, const ZookeeperLeadership* leadership,
          const EpochMetrics& metrics, std::unique_ptr<core::AuditTrail> audit) {
  core::EventLoop loop;
  core::HttpServerOptions server_options = config.server_options;
  server_options.tls = config.tls;
  server_options.max_json_depth = 0;  // ParseBody refuses deep bodies in Epoch's own envelope
  auto server = std::make_unique<core::HttpServer>(loop, server_options);
  api::ApiContext context{
      repository,          scheduler, drove, core::SystemClock::Instance(), config.drove.app_name,
      SelfUrl(config.port, config.tls.serving())};
  auto api = std::make_unique<api::EpochApi>(context, config, std::move(audit), leadership);
  api->Register(server.get());
  if (config.admin_port < 0) AddMetricsRoute(server.get(), metrics, repository, scheduler);
  if (auto st = server->Bind(config.host, config.port); !st.ok()) {
    DLOG_ERROR("listen failed", {{"port", std::to_string(config.port)}, {"error", st.message()}});
    return kExitRuntime;
  }
  std::unique_ptr<core::HttpServer> admin;
  if (config.admin_port >= 0) {
    admin = std::make_unique<core::HttpServer>(loop, server_options);
    AddAdminRoutes(admin.get(), leadership);
    AddMetricsRoute(admin.get(), metrics, repository, scheduler);
    if (auto st = admin->Bind(config.host, config.admin_port); !st.ok()) {
      DLOG_ERROR("admin listen failed",
                 {{"port", std::to_string(config.admin_port)}, {"error", st.message()}});
      return kExitRuntime;
    }
  }
  DLOG_INFO("serving", {{"host", config.host},
                        {"port", std::to_string(server->port())},
                        {"metrics", config.admin_port < 0 ? "application port" : "admin port"},
                        {"userAuth", config.user_auth_enabled ? "enabled" : "disabled"},
                        {"scheme", config.tls.serving() ? "https" : "http"}});
  core::ReloadTlsOnSighup(
      loop, admin ? std::vector{server.get(), admin.get()} : std::vector{server.get()}, config.tls);
  loop.StopOnSignals();
  loop.Run();
  api->Stop();
  admin.reset();
  server.reset();
  return 0;
}

// notify MAIL: run mails through libcurl's SMTP on their own thread; nullptr without it.
std::unique_ptr<MailNotifier> StartMail(const EpochConfig& config,
                                        const EpochRepository& repository,
                                        const core::Clock& clock) {
  if (!config.mail.enabled) return nullptr;
  DLOG_INFO("run mails on", {{"smtpServer", config.mail.smtp_server},
                             {"port", std::to_string(config.mail.port)},
                             {"tls", config.mail.tls ? "true" : "false"},
                             {"defaultEmails", std::to_string(config.mail.default_emails.size())}});
  return std::make_unique<MailNotifier>(config.mail, repository, MakeSmtpTransport(config.mail),
                                        clock);
}

// The store, and on ZooKeeper the leadership whose election node fences its writes.
struct Storage {
  std::unique_ptr<ZookeeperLeadership> leadership;
  std::unique_ptr<store::StateStore> store;
};

// Errors are the one line the start prints.
core::Result<Storage> OpenStorage(const EpochConfig& config, const std::string& path) {
  Storage storage;
  if (config.zookeeper.enabled) {
    auto opened = ZookeeperLeadership::Open(config.zookeeper, SelfUrl(config.port, config.tls.serving()));
    if (!opened.ok()) return core::Status::Error(path + ": " + opened.error());
    storage.leadership = std::move(opened).value();
    storage.store = storage.leadership->TakeStore();
    return storage;
  }
  auto store = store::OpenSqliteStore(config.store_path);
  if (!store.ok()) return core::Status::Error(path + ": store.path: " + store.error());
  storage.store = std::move(store).value();
  return storage;
}

// --check: what start-up refuses before it opens the store (the audit file is not created, the
// Drove client is built, TLS files are loaded as Bind loads them); no store, ZooKeeper, socket
// or Drove call.
int Check(const std::string& path, const EpochConfig& config) {
  core::Status status = core::AuditTrail::Check(config.audit);
  if (status.ok()) {
    if (auto drove = HttpDroveClient::Create(config.drove, config.tls); !drove.ok()) {
      status = drove.status();
    }
  }
  if (status.ok()) status = core::CheckServingTls(config.tls);
  return core::ReportConfigCheck("drove-epoch", path, status);
}

// One node on SQLite leads from the start; on ZooKeeper the scheduler waits for the election.
core::Status StartScheduling(ZookeeperLeadership* leadership, EpochRepository& repository,
                             SchedulerCore& scheduler, SchedulerThread& timer) {
  if (leadership == nullptr) {
    scheduler.Recover();
    timer.Start();
    return core::Status::Ok();
  }
  scheduler.Deactivate();
  timer.Start();
  if (auto st = leadership->Start(repository, scheduler); !st.ok()) return st;
  DLOG_INFO("campaigning for leadership",
            {{"sessionTimeoutMs", std::to_string(leadership->session_timeout().count())}});
  return core::Status::Ok();
}

int Run(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "hash-password") == 0) {
    return core::RunHashPassword(stdin, stdout, stderr);
  }
  const std::string path = core::ConfigPathArg(argc, argv);
  if (path.empty()) {
    std::fprintf(stderr,
                 "usage: drove-epoch --config <epoch.yml> [--check]\n"
                 "       (--check validates the config and the files it names, then exits:\n"
                 "        no port, store or ZooKeeper is opened)\n"
                 "       drove-epoch hash-password   (password on stdin, yescrypt hash out)\n");
    return kExitConfig;
  }
  const bool check_only = core::HasFlag(argc, argv, "--check");
  auto config = LoadEpochConfig(path);
  if (!config.ok()) {
    std::fprintf(stderr, "%s\n", config.error().c_str());
    return check_only ? kExitCheckFailed : kExitConfig;
  }
  if (check_only) return Check(path, *config);
  core::SetLogComponent("epoch");
  core::SetLogLevel(core::LogLevelNamed(config->log_level));
  auto audit = core::AuditTrail::Open(config->audit, config->audited_http_methods);
  if (!audit.ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), audit.error().c_str());
    return kExitRuntime;
  }
  cron::TimeZone zone = cron::TimeZone::Host();
  if (!config->time_zone.empty()) zone = cron::TimeZone::Load(config->time_zone).value();
  auto storage = OpenStorage(*config, path);
  if (!storage.ok()) {
    std::fprintf(stderr, "%s\n", storage.error().c_str());
    return kExitRuntime;
  }
  std::unique_ptr<ZookeeperLeadership> leadership = std::move(storage->leadership);
  EpochRepository repository(std::move(storage->store));
  // On ZooKeeper the state is read by whichever node wins the election, when it wins.
  if (auto st = leadership ? core::Status::Ok() : repository.Load(); !st.ok()) {
    std::fprintf(stderr, "cannot read the store %s: %s\n", config->store_path.c_str(),
                 st.message().c_str());
    return kExitRuntime;
  }
  auto drove = HttpDroveClient::Create(config->drove, config->tls);
  if (!drove.ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), drove.error().c_str());
    return kExitConfig;
  }
  RunSettings settings{config->drove.app_name, config->drove.poll_interval,
                       config->drove.rpc_retry_count, config->drove.rpc_retry_interval};
  const core::Clock& clock = core::SystemClock::Instance();
  RetentionSettings retention{config->num_runs_per_job, config->cleanup_job_interval.count()};
  EpochMetrics metrics;
  MeteredDroveClient metered_drove(**drove, metrics);
  SchedulerCore scheduler(repository, metered_drove, clock, settings, zone, retention);
  scheduler.AddObserver(&metrics);
  std::unique_ptr<MailNotifier> mail = StartMail(*config, repository, clock);
  if (mail) scheduler.AddObserver(mail.get());
  SchedulerThread timer(scheduler, clock, kRunWorkers);
  DLOG_INFO("config loaded",
            {{"file", path},
             {"store", leadership ? "zookeeper " + config->zookeeper.connection_string + " /" +
                                        config->zookeeper.name_space
                                  : config->store_path},
             {"sourceAppName", config->drove.app_name},
             {"zone", zone.name()}});
  if (auto st = StartScheduling(leadership.get(), repository, scheduler, timer); !st.ok()) {
    std::fprintf(stderr, "leader election not started: %s\n", st.message().c_str());
    return kExitRuntime;
  }
  const int code = Serve(*config, scheduler, repository, metered_drove, leadership.get(), metrics,
                         std::move(audit).value());
  if (leadership) leadership->Stop();  // resign first: the next node takes over at once
  timer.Stop();
  if (mail) mail->Stop();  // mails of the last runs get a short grace
  DLOG_INFO("stopped");
  return code;
}

}  // namespace
}  // namespace drove::epoch

int main(int argc, char** argv) { return drove::epoch::Run(argc, argv); }
