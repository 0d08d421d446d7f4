// RunCli: global options, connection set-up, the leader ping and one place that reports errors.
#include "orchestrator/cli/cli.h"

#include <chrono>
#include <thread>

#include "orchestrator/cli/command_util.h"
#include "orchestrator/cli/completion.h"

namespace drove::cli {
namespace {

GlobalOptions GlobalsFrom(const ParsedArgs& args) {
  GlobalOptions globals;
  globals.config_file = args.Get("file");
  globals.cluster = args.Get("cluster");
  globals.endpoint = args.Get("endpoint");
  globals.auth_header = args.Get("auth_header");
  globals.username = args.Get("username");
  globals.password = args.Get("password");
  globals.insecure = args.Flag("insecure");
  globals.ca_file = args.Get("ca_file");
  return globals;
}

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Connects, pings the leader and runs the handler; DroveError/CliFailure become one stderr line.
int Dispatch(const ParsedArgs& args, CliContext& ctx, const RunOptions& options) {
  const Command& command = args.command();
  std::unique_ptr<DroveClient> client;
  if (command.needs_client()) {
    auto settings = ResolveConnection(ctx.globals);
    if (!settings.ok()) {
      ctx.Err() << "Error: " << settings.error() << "\n";
      return kExitError;
    }
    if (ctx.debug) {
      ctx.Err() << "Endpoint: " << settings->endpoint << " (from " << settings->source
                << ") Username: " << (settings->username.empty() ? "False" : "True")
                << " AuthHeader: " << (settings->auth_header.empty() ? "False" : "True")
                << " Insecure: " << (settings->insecure ? "True" : "False")
                << " CaFile: " << (settings->ca_file.empty() ? "None" : settings->ca_file) << "\n";
    }
    std::string prefix;
    Transport transport = options.transport;
    if (!transport) {
      auto made = MakeHttpTransport(settings->endpoint,
                                    ClientTls(settings->ca_file, settings->insecure), &prefix);
      if (!made.ok()) {
        ctx.Err() << "Error: " << made.error() << "\n";
        return kExitError;
      }
      transport = made.value();
    }
    client = std::make_unique<DroveClient>(transport, prefix, AuthHeaders(*settings));
    ctx.client = client.get();
  }
  try {
    if (ctx.client != nullptr) ctx.client->Ping();
    return command.handler()(args, ctx);
  } catch (const DroveError& error) {
    ctx.Err() << FormatDroveError(error) << "\n";
    if (ctx.debug && !error.api_response().is_null()) {
      ctx.Err() << "Raw Response: " << RenderJson(error.api_response()) << "\n";
    }
  } catch (const CliFailure& failure) {
    ctx.Err() << failure.what() << "\n";
  } catch (const std::exception& e) {
    ctx.Err() << "Drove CLI error: " << e.what() << "\n";
  }
  return kExitError;
}

}  // namespace

std::unique_ptr<Command> BuildCommandTree() {
  auto root = std::make_unique<Command>("drove", "Drove CLI", "Available plugins");
  root->Option("--file", "-f", "Configuration file for drove client")
      .Option("--cluster", "-c", "Cluster name as specified in config file")
      .Option("--endpoint", "-e", "Drove endpoint. (For example: http://drove.test.com)")
      .Option("--auth-header", "-t", "Authorization header value for the provided drove endpoint")
      .Flag("--insecure", "-i", "Do not verify SSL cert for server")
      .Option("--ca-file", "", "CA certificate file (PEM) to verify the server's cert with")
      .Option("--username", "-u", "Drove cluster username")
      .Option("--password", "-p", "Drove cluster password")
      .Flag("--debug", "-d", "Print details of errors")
      .Flag("--full-help", "", "Show help for every command and sub-command")
      .ChoiceOption("--print-completion", "", "Print shell completion script for the given shell",
                    CompletionShells())
      .Flag("--json", "", "Print the raw JSON data instead of tables");
  AddExecutorCommands(*root);
  AddClusterCommands(*root);
  AddAppsCommands(*root);
  AddAppInstancesCommands(*root);
  AddTasksCommands(*root);
  AddLocalServicesCommands(*root);
  AddLsInstancesCommands(*root);
  AddDescribeCommands(*root);
  AddConfigCommands(*root);
  return root;
}

int RunCli(const std::vector<std::string>& args, const RunOptions& options) {
  std::unique_ptr<Command> root = BuildCommandTree();
  CliContext ctx;
  if (options.out) ctx.out = options.out;
  if (options.err) ctx.err = options.err;
  auto parsed = Parse(*root, args);
  if (!parsed.ok()) {
    ctx.Err() << parsed.error() << "\n";
    return kExitUsage;
  }
  // Documents of the command tree come before a missing command is reported, as in drove-cli.
  if (parsed->Has("print_completion")) {
    auto script = CompletionScript(*root, parsed->Get("print_completion"));
    if (!script.ok()) {
      ctx.Err() << "drove: error: " << script.error() << "\n";
      return kExitUsage;
    }
    ctx.Out() << script.value();
    return kExitOk;
  }
  if (parsed->Flag("full_help")) {
    ctx.Out() << FullHelp(*root, root->name());
    return kExitOk;
  }
  if (parsed->help_requested) {
    ctx.Out() << parsed->help_text;
    if (parsed->usage_error.empty()) return kExitOk;
    ctx.Err() << parsed->usage_error << "\n";
    return kExitUsage;
  }
  ctx.globals = GlobalsFrom(*parsed);
  ctx.json = parsed->Flag("json");
  ctx.debug = parsed->Flag("debug");
  ctx.sleep = options.sleep ? options.sleep
                            : [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  ctx.now_ms = options.now_ms ? options.now_ms : SystemNowMs;
  ctx.interrupted = options.interrupted ? options.interrupted : [] { return false; };
  return Dispatch(*parsed, ctx, options);
}

}  // namespace drove::cli
