// RunEpochCli: parse with the drove CLI's parser, resolve ~/.epoch, connect, run one command and
// report any failure once.
#include "orchestrator/epoch_cli/epoch_cli.h"

#include <map>

#include "orchestrator/cli/cli_context.h"
#include "orchestrator/epoch_cli/epoch_commands.h"
#include "orchestrator/epoch_cli/epoch_connection.h"
#include "orchestrator/epoch_cli/texts.h"

namespace drove::epoch_cli {
namespace {

// epoch-cli's requests retry a failed connection once.
constexpr int kGetRetries = 1;

EpochGlobals GlobalsFrom(const cli::ParsedArgs& args) {
  EpochGlobals globals;
  globals.config_file = args.Get("file");
  globals.cluster = args.Get("cluster");
  globals.endpoint = args.Get("endpoint");
  globals.auth_header = args.Get("auth_header");
  globals.insecure = args.Get("insecure");
  globals.username = args.Get("username");
  globals.password = args.Get("password");
  globals.ca_file = args.Get("ca_file");
  return globals;
}

std::map<std::string, std::string> AuthHeadersOf(const EpochConnection& connection) {
  cli::ConnectionSettings settings;
  settings.username = connection.username;
  settings.password = connection.password;
  settings.auth_header = connection.auth_header;
  return cli::AuthHeaders(settings);
}

// Runs the parsed command's handler; every failure becomes one line on err (two with -d).
int RunHandler(const cli::ParsedArgs& args, EpochContext& ctx, bool debug) {
  std::ostream& err = *ctx.err;
  try {
    cli::CliContext unused;  // epoch handlers are bound to ctx (epoch_commands.h)
    return args.command().handler()(args, unused);
  } catch (const EpochError& error) {
    err << texts::kErrorPrefix << error.what() << "\n";
    if (debug && !error.body().empty()) {
      err << "HTTP status: " << error.status() << " response: " << error.body() << "\n";
    }
  } catch (const EpochCliFailure& failure) {
    err << failure.what() << "\n";
  } catch (const std::exception& e) {
    err << texts::kErrorPrefix << e.what() << "\n";
  }
  return kExitError;
}

// Resolves where to connect and runs the command there.
int Connect(const cli::ParsedArgs& args, EpochContext& ctx, const EpochRunOptions& options) {
  const bool debug = args.Flag("debug");
  auto connection = ResolveEpochConnection(GlobalsFrom(args));
  if (!connection.ok()) {
    *ctx.err << connection.error() << "\n";
    return kExitError;
  }
  if (debug) ctx.Out() << DebugLine(*connection) << "\n";
  std::string prefix;
  cli::Transport transport = options.transport;
  if (!transport) {
    auto made = cli::MakeHttpTransport(connection->endpoint,
                                       cli::ClientTls(connection->ca_file, connection->insecure),
                                       &prefix, kGetRetries);
    if (!made.ok()) {
      *ctx.err << texts::kErrorPrefix << made.error() << "\n";
      return kExitError;
    }
    transport = made.value();
  }
  EpochClient client(transport, connection->endpoint, prefix, AuthHeadersOf(*connection));
  ctx.client = &client;
  const int rc = RunHandler(args, ctx, debug);
  ctx.client = nullptr;
  return rc;
}

}  // namespace

cli::CommandHandler Bind(EpochContext* ctx, EpochHandler handler) {
  return [ctx, handler = std::move(handler)](const cli::ParsedArgs& args, cli::CliContext&) {
    return handler(args, *ctx);
  };
}

std::unique_ptr<cli::Command> BuildEpochCommandTree(EpochContext* ctx) {
  auto root = std::make_unique<cli::Command>("epoch", "Epoch CLI", "Available plugins");
  root->Option("--file", "-f", "Configuration file for epoch client")
      .Option("--cluster", "-c", "Cluster name as specified in config file")
      .Option("--endpoint", "-e", "Epoch endpoint. (For example: https://epoch.test.com)")
      .Option("--auth-header", "-t", "Authorization header value for the provided epoch endpoint")
      .Option("--insecure", "-i", "Do not verify SSL cert for server")
      .Option("--ca-file", "", "CA certificate file (PEM) to verify the server's cert with")
      .Option("--username", "-u", "Epoch cluster username")
      .Option("--password", "-p", "Epoch cluster password")
      .Flag("--debug", "-d", "Print details of errors");
  AddClusterCommands(*root, ctx);
  AddRunsCommands(*root, ctx);
  AddTopologyCommands(*root, ctx);
  return root;
}

int RunEpochCli(const std::vector<std::string>& args, const EpochRunOptions& options) {
  EpochContext ctx;
  if (options.out) ctx.out = options.out;
  if (options.err) ctx.err = options.err;
  std::unique_ptr<cli::Command> root = BuildEpochCommandTree(&ctx);
  auto parsed = cli::Parse(*root, args);
  if (!parsed.ok()) {
    *ctx.err << parsed.error() << "\n";
    return kExitUsage;
  }
  if (parsed->help_requested) {
    ctx.Out() << parsed->help_text;
    if (parsed->usage_error.empty()) return kExitOk;
    *ctx.err << parsed->usage_error << "\n";
    return kExitNoCommand;
  }
  return Connect(*parsed, ctx, options);
}

}  // namespace drove::epoch_cli
