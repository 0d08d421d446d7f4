// /apis/v1/topologies: create, update, edit, list, get, run now, pause, unpause, delete — with
// Epoch's status codes (epoch-api.md section 1), quirks included where clients see them.
#include "orchestrator/core/util/log.h"
#include "orchestrator/epoch/api/routes.h"
#include "orchestrator/epoch/model/simple_requests.h"
#include "orchestrator/epoch/model/texts.h"
#include "orchestrator/epoch/model/topology_validation.h"

namespace drove::epoch::api {
namespace {

// A full EpochTopology from the body, checked; nullopt result with `error` set when refused.
struct CheckedTopology {
  std::optional<EpochTopology> topology;
  std::optional<ApiReply> error;
};

CheckedTopology CheckTopology(const core::Request& request) {
  BodyJson body = ParseBody(request);
  if (body.error) return {std::nullopt, body.error};
  auto topology = ParseTopology(body.json);
  if (!topology.ok()) return {std::nullopt, JsonFailure(topology.error())};
  if (auto errors = ValidateTopology(*topology); !errors.empty()) {
    return {std::nullopt, ValidationFailure(errors)};
  }
  if (!CronIsValid(*topology->trigger)) return {std::nullopt, CronInvalid()};
  return {std::move(*topology), std::nullopt};
}

ApiReply Create(ApiContext& ctx, const core::Request& request) {
  CheckedTopology checked = CheckTopology(request);
  if (checked.error) return *checked.error;
  const int64_t now = ctx.clock.NowMillis();
  EpochTopologyDetails details{checked.topology->name, *checked.topology, TopologyState::kActive,
                               now, now};
  auto created = ctx.repository.CreateTopology(details);
  if (!created.ok()) {
    DLOG_ERROR("topology not stored", {{"topologyId", details.id}, {"error", created.error()}});
    return Failed(200, "Could not create topology");
  }
  if (!*created) {  // Epoch answers 200 here, not 409 [q]: epoch-cli's import relies on the text
    return Failed(200, "Topology " + details.id + " already exists with ID: " + details.id);
  }
  DLOG_INFO("topology created", {{"topologyId", details.id}});
  ctx.scheduler.TopologyChanged(details.id);
  return Success(ToJson(details));
}

// Stores `details` (updated now) and reschedules; the reply carries the new details.
ApiReply Save(ApiContext& ctx, EpochTopologyDetails details, const char* what) {
  details.updated = ctx.clock.NowMillis();
  core::Status st = ctx.repository.UpdateTopology(details);
  if (st.code() == core::StatusCode::kNotFound) return TopologyNotFound(details.id);
  if (!st.ok()) return ServerError(st.message());
  DLOG_INFO(what, {{"topologyId", details.id}, {"state", Name(details.state)}});
  ctx.scheduler.TopologyChanged(details.id);
  return Success(ToJson(details));
}

ApiReply Update(ApiContext& ctx, const core::Request& request) {
  CheckedTopology checked = CheckTopology(request);
  if (checked.error) return *checked.error;
  auto existing = ctx.repository.Topology(checked.topology->name);
  if (!existing) return TopologyNotFound(checked.topology->name);
  existing->topology = std::move(*checked.topology);
  return Save(ctx, std::move(*existing), "topology updated");
}

ApiReply Edit(ApiContext& ctx, const core::Request& request) {
  const std::string& id = request.Param("id");
  BodyJson body = ParseBody(request);
  if (body.error) return *body.error;
  auto simple = ParseSimpleRequest(body.json);
  if (!simple.ok()) return JsonFailure(simple.error());
  if (auto errors = ValidateSimpleRequest(*simple, false); !errors.empty()) {
    return ValidationFailure(errors);
  }
  if (!CronIsValidText(simple->cron)) return CronInvalid();
  auto existing = ctx.repository.Topology(id);
  if (!existing) return TopologyNotFound(id);
  existing->topology = ExpandSimpleRequest(id, *simple);
  return Save(ctx, std::move(*existing), "topology edited");
}

ApiReply List(ApiContext& ctx, const core::Request&) {
  Json out = Json::array();
  for (const EpochTopologyDetails& details : ctx.repository.Topologies()) {
    out.push_back(ToJson(details));
  }
  return Success(out);
}

ApiReply Get(ApiContext& ctx, const core::Request& request) {
  const std::string& id = request.Param("id");
  auto details = ctx.repository.Topology(id);
  if (!details) return Failed(200, "No such topology: " + id);
  return Success(ToJson(*details));
}

ApiReply RunNow(ApiContext& ctx, const core::Request& request) {
  const std::string& id = request.Param("id");
  if (!ctx.repository.Topology(id)) return Failed(200, "No such topology: " + id);
  const std::string run_id = ctx.scheduler.RunNow(id);
  DLOG_INFO("run requested", {{"topologyId", id}, {"runId", run_id}});
  return Success(Json{{"runId", run_id}});
}

ApiReply SetState(ApiContext& ctx, const core::Request& request, TopologyState state) {
  const std::string& id = request.Param("id");
  auto existing = ctx.repository.Topology(id);
  if (!existing) return TopologyNotFound(id);
  existing->state = state;
  return Save(ctx, std::move(*existing),
              state == TopologyState::kPaused ? "topology paused" : "topology unpaused");
}

ApiReply Delete(ApiContext& ctx, const core::Request& request) {
  const std::string& id = request.Param("id");
  core::Status st = ctx.repository.DeleteTopology(id);
  if (!st.ok()) {
    DLOG_ERROR("topology not deleted", {{"topologyId", id}, {"error", st.message()}});
    return Success(false);
  }
  ctx.scheduler.TopologyDeleted(id);
  DLOG_INFO("topology deleted", {{"topologyId", id}});
  return Success(true);
}

}  // namespace

std::vector<RouteSpec> TopologyRoutes() {
  const std::string base = "/apis/v1/topologies";
  return {
      {"POST", base, true, Create},
      {"PUT", base, true, Update},
      {"GET", base, false, List},
      {"GET", base + "/{id}", false, Get},
      {"PUT", base + "/{id}", true, Edit},
      {"DELETE", base + "/{id}", true, Delete},
      {"PUT", base + "/{id}/run", true, RunNow},
      {"PUT", base + "/{id}/pause", true,
       [](ApiContext& c, const core::Request& r) {
         return SetState(c, r, TopologyState::kPaused);
       }},
      {"PUT", base + "/{id}/unpause", true,
       [](ApiContext& c, const core::Request& r) {
         return SetState(c, r, TopologyState::kActive);
       }},
  };
}

}  // namespace drove::epoch::api
