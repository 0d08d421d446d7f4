// JSON endpoints only the operator UI calls: who the caller is (so it shows the actions the role
// may take; the role matrix still enforces them) and a cron expression's next fire times (the
// topology form's live preview).
#include <chrono>

#include "orchestrator/epoch/api/epoch_auth.h"
#include "orchestrator/epoch/api/routes.h"
#include "orchestrator/epoch/cron/cron_parser.h"
#include "orchestrator/epoch/cron/next_fire.h"

namespace drove::epoch::api {
namespace {

constexpr int kDefaultPreviewCount = 5;
constexpr int kMaxPreviewCount = 20;

ApiReply WhoAmI(ApiContext&, const core::Request& request) {
  const auto* principal = std::any_cast<EpochPrincipal>(&request.principal);
  if (principal == nullptr) return ServerError("no principal on an authenticated request");
  return Success(Json{{"user", principal->name}, {"role", std::string(RoleName(principal->role))}});
}

// nullopt when `text` is not a whole number in [1, kMaxPreviewCount].
std::optional<int> PreviewCount(const std::string& text) {
  const bool digits = text.find_first_not_of("0123456789") == std::string::npos;
  if (text.empty() || text.size() > 2 || !digits) return std::nullopt;
  const int count = std::stoi(text);
  if (count < 1 || count > kMaxPreviewCount) return std::nullopt;
  return count;
}

// A bad expression is data, not an error: {"valid":false,"error":"<field>: <rule>","next":[]}.
ApiReply CronPreview(ApiContext& ctx, const core::Request& request) {
  const std::optional<std::string> expression = request.Query("expression");
  if (!expression) {
    return ValidationFailure({"expression: required (a Quartz cron expression)"});
  }
  const std::optional<int> count =
      PreviewCount(request.Query("count").value_or(std::to_string(kDefaultPreviewCount)));
  if (!count) {
    return ValidationFailure(
        {"count: must be a whole number from 1 to " + std::to_string(kMaxPreviewCount)});
  }
  const cron::TimeZone& zone = ctx.scheduler.zone();
  Json data{{"valid", false}, {"zone", zone.name()}, {"next", Json::array()}};
  auto parsed = cron::ParseCron(*expression);
  if (!parsed.ok()) {
    data["error"] = parsed.error();
    return Success(data);
  }
  data["valid"] = true;
  using std::chrono::milliseconds;
  auto after = std::chrono::system_clock::time_point(milliseconds(ctx.clock.NowMillis()));
  for (int i = 0; i < *count; ++i) {
    auto fire = cron::NextFire(*parsed, after, zone);
    if (!fire) break;  // e.g. a year field that has passed
    data["next"].push_back(
        std::chrono::duration_cast<milliseconds>(fire->time_since_epoch()).count());
    after = *fire;
  }
  return Success(data);
}

}  // namespace

std::vector<RouteSpec> UiSupportRoutes() {
  return {{"GET", "/apis/v1/whoami", false, WhoAmI},
          {"GET", "/apis/v1/ui/cron", false, CronPreview}};
}

}  // namespace drove::epoch::api
