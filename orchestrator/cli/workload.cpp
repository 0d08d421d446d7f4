// The commands apps and localservices share, over a Workload.
#include "orchestrator/cli/workload.h"

#include "orchestrator/cli/command_util.h"
#include "orchestrator/cli/wait.h"

namespace drove::cli {

const Workload& Applications() {
  static const Workload kApplications{"/apis/v1/applications", "app-id", "app_id", "appId", "app",
                                      "applications"};
  return kApplications;
}

const Workload& LocalServices() {
  static const Workload kLocalServices{
      "/apis/v1/localservices", "service-id",   "service_id", "serviceId",
      "local service",          "localservices"};
  return kLocalServices;
}

std::string WorkloadPath(const Workload& workload, const ParsedArgs& args) {
  return workload.api + "/" + EncodeSegment(args.Get(workload.id_dest));
}

std::string InstancesPath(const Workload& workload, const ParsedArgs& args) {
  return WorkloadPath(workload, args) + "/instances";
}

std::string WaitSubject(const Workload& workload, const ParsedArgs& args) {
  return workload.noun + " " + args.Get(workload.id_dest);
}

Json Operation(const Workload& workload, const std::string& type, const ParsedArgs& args) {
  Json op;
  op["type"] = type;
  op[workload.id_key] = args.Get(workload.id_dest);
  return op;
}

Json PostOperation(const Workload& workload, CliContext& ctx, const Json& op) {
  return ctx.Client().Post(workload.api + "/operations", op);
}

int ListSummaries(const Workload& workload, const std::vector<SummaryColumn>& columns,
                  const ParsedArgs& args, CliContext& ctx) {
  Json data = ctx.Client().Get(workload.api);
  return PrintOr(ctx, data, [&] {
    std::vector<std::string> headers{"Id"};
    for (const auto& column : columns) headers.push_back(column.header);
    std::vector<Row> rows;
    for (const auto& [id, summary] : data.items()) {
      Row row{id};
      for (const auto& column : columns) {
        switch (column.kind) {
          case SummaryColumn::Kind::kText:
            row.push_back(JsonString(summary, column.key));
            break;
          case SummaryColumn::Kind::kNumber:
            row.push_back(Cell::FromJson(summary.value(column.key, Json())));
            break;
          case SummaryColumn::Kind::kDate:
            row.push_back(DateCell(summary, column.key));
            break;
        }
      }
      rows.push_back(row);
    }
    SortByArgs(args, &rows);
    ctx.Out() << RenderTable(headers, rows);
  });
}

int ShowSummary(const Workload& workload, const ParsedArgs& args, CliContext& ctx) {
  Json data = ctx.Client().Get(WorkloadPath(workload, args));
  return PrintOr(ctx, data, [&] { ctx.Out() << RenderDict(data); });
}

int ShowSpec(const Workload& workload, const ParsedArgs& args, CliContext& ctx) {
  Json data = ctx.Client().Get(WorkloadPath(workload, args) + "/spec");
  ctx.Out() << RenderJson(data) << "\n";
  return kExitOk;
}

int CancelOperation(const Workload& workload, const ParsedArgs& args, CliContext& ctx) {
  Json data = ctx.Client().PostNoBody(workload.api + "/operations/" +
                                      EncodeSegment(args.Get(workload.id_dest)) + "/cancel");
  return PrintOr(ctx, data, [&] {
    ctx.Out() << "Operation cancellation request registered :" << JsonString(data, "message")
              << "\n";
  });
}

int PostReplaceAll(const Workload& workload, const ParsedArgs& args, CliContext& ctx,
                   const Json& op, const std::string& accepted) {
  bool wait = args.Flag("wait");
  std::set<std::string> existing;
  if (wait) existing = ctx.Client().InstanceIds(InstancesPath(workload, args), true);
  Json data = PostOperation(workload, ctx, op);
  if (!wait) return PrintOr(ctx, data, [&] { ctx.Out() << accepted << "\n"; });
  int rc = WaitUntilNoneListed(ctx, InstancesPath(workload, args), WaitSubject(workload, args),
                               WaitOptionsFrom(args),
                               std::vector<std::string>(existing.begin(), existing.end()), true);
  if (rc == kExitOk) ctx.Out() << "All instances replaced\n";
  return rc;
}

}  // namespace drove::cli
