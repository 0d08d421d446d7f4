// The UI's JSON endpoints (simple create and edit forms) and the housekeeping leader endpoint.
// The browser paths (/topologies/...) and Jersey's (/apis/ui/topologies/...) both answer.
#include "orchestrator/core/util/log.h"
#include "orchestrator/epoch/api/routes.h"
#include "orchestrator/epoch/model/simple_requests.h"
#include "orchestrator/epoch/model/texts.h"
#include "orchestrator/epoch/model/topology_validation.h"

namespace drove::epoch::api {
namespace {

Json Redirect(const std::string& id) {
  return Json{{"redirectUrl", "/topologies/" + id}, {"topologyId", id}};
}

// Parses and checks a simple request; `error` set when refused.
struct CheckedSimple {
  std::optional<SimpleTopologyRequest> request;
  std::optional<ApiReply> error;
};

CheckedSimple CheckSimple(const core::Request& request, bool with_name) {
  BodyJson body = ParseBody(request);
  if (body.error) return {std::nullopt, body.error};
  auto simple = ParseSimpleRequest(body.json);
  if (!simple.ok()) return {std::nullopt, JsonFailure(simple.error())};
  if (auto errors = ValidateSimpleRequest(*simple, with_name); !errors.empty()) {
    return {std::nullopt, ValidationFailure(errors)};
  }
  if (!CronIsValidText(simple->cron)) return {std::nullopt, CronInvalid()};
  return {std::move(*simple), std::nullopt};
}

ApiReply UiCreate(ApiContext& ctx, const core::Request& request) {
  CheckedSimple checked = CheckSimple(request, true);
  if (checked.error) return *checked.error;
  const std::string id = checked.request->name;
  const int64_t now = ctx.clock.NowMillis();
  EpochTopologyDetails details{id, ExpandSimpleRequest(id, *checked.request),
                               TopologyState::kActive, now, now};
  auto created = ctx.repository.CreateTopology(details);
  if (created.ok() && !*created) {
    return EpochError(409, texts::kTopologyAlreadyExists,
                      "Topology already exists with name: " + id);
  }
  if (!created.ok()) {  // Epoch redirects the browser home (303) when saving fails
    DLOG_ERROR("topology not stored", {{"topologyId", id}, {"error", created.error()}});
    return ApiReply{303, "", "", {{"Location", "/"}}};
  }
  DLOG_INFO("topology created", {{"topologyId", id}, {"via", "ui"}});
  ctx.scheduler.TopologyChanged(id);
  return Success(Redirect(id));
}

ApiReply UiUpdate(ApiContext& ctx, const core::Request& request) {
  const std::string& id = request.Param("id");
  CheckedSimple checked = CheckSimple(request, false);
  if (checked.error) return *checked.error;
  auto existing = ctx.repository.Topology(id);
  if (!existing) return TopologyNotFound(id);
  existing->topology = ExpandSimpleRequest(id, *checked.request);
  existing->updated = ctx.clock.NowMillis();
  core::Status st = ctx.repository.UpdateTopology(*existing);
  if (st.code() == core::StatusCode::kNotFound) return TopologyNotFound(id);
  if (!st.ok()) return ServerError(st.message());
  DLOG_INFO("topology edited", {{"topologyId", id}, {"via", "ui"}});
  ctx.scheduler.TopologyChanged(id);
  return Success(Redirect(id));
}

// Only the serving node gets here (followers forward the call to it, as Epoch's): it leads, and
// its id is "http://host:port". Epoch's 404 "no leader available" is never seen through the
// forwarding filter, which answers 500 "No leader found in epoch cluster" first.
ApiReply Leader(ApiContext& ctx, const core::Request&) {
  return Raw(200, Json{{"leader", ctx.self_url}});
}

}  // namespace

std::vector<RouteSpec> UiRoutes() {
  std::vector<RouteSpec> out;
  for (const std::string prefix : {"", "/apis/ui"}) {
    out.push_back({"POST", prefix + "/topologies/create", true, UiCreate});
    out.push_back({"PUT", prefix + "/topologies/{id}/update", true, UiUpdate});
  }
  out.push_back({"GET", "/apis/housekeeping/v1/leader", false, Leader});
  return out;
}

}  // namespace drove::epoch::api
