// libFuzzer target: what a client controls on the controller's request path, minus the socket:
// the credential headers through the Authenticator and the body through every operation and spec
// check the routes run. Input: one selector byte, then header value NUL body.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "orchestrator/controller/api/request_models.h"
#include "orchestrator/controller/auth/authenticator.h"
#include "orchestrator/controller/config/controller_config.h"

namespace {

using drove::controller::Authenticator;
using drove::controller::ControllerConfig;
namespace api = drove::controller::api;

[[noreturn]] void Fail(const char* what, std::string_view input) {
  std::fprintf(stderr, "%s: %.*s\n", what, static_cast<int>(input.size()), input.data());
  std::abort();
}

const ControllerConfig& Config() {
  static const ControllerConfig config = [] {
    auto parsed = drove::controller::ParseControllerConfig(R"(
userAuth:
  users:
    - {username: admin, password: admin, role: EXTERNAL_ROOT}
    - {username: guest, password: guest, role: EXTERNAL_READ_ONLY}
  tokens:
    - {name: ci, token: 0123456789abcdef0123456789abcdef, role: EXTERNAL_READ_WRITE}
)", "fuzz.yml");
    if (!parsed.ok()) Fail("fuzz config", parsed.error());
    return parsed.value();
  }();
  return config;
}

// Only the configured credentials may authenticate anyone.
void CheckCredentials(std::string_view selector_header, const std::string& value) {
  static const Authenticator authenticator(Config());
  auto principal = authenticator.Authenticate([&](std::string_view name) -> std::optional<std::string> {
    if (name == selector_header) return value;
    return std::nullopt;
  });
  if (!principal) return;
  const bool known = principal->name == "admin" || principal->name == "guest" ||
                     principal->name == "ci" ||
                     principal->kind != drove::controller::PrincipalKind::kUser;
  if (!known) Fail("unknown principal authenticated", value);
}

// Every body check answers without throwing; what it accepts, it accepts again as re-serialised.
void CheckBody(const std::string& body) {
  using Check = api::BodyCheck (*)(const std::string&);
  for (Check check : {api::CheckApplicationSpec, api::CheckApplicationOperation, api::CheckTaskSpec,
                      api::CheckTaskOperation, api::CheckLocalServiceSpec,
                      api::CheckLocalServiceOperation, api::CheckRuleDryRun}) {
    api::BodyCheck first = check(body);
    if (!first.ok()) {
      if (first.errors.empty()) Fail("refusal without a reason", body);
      continue;
    }
    if (check == api::CheckRuleDryRun) continue;  // its value is a reshaped pair, not the body
    if (!check(first.value.dump()).ok()) Fail("accepted body not accepted again", body);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr std::string_view kHeaders[] = {"Authorization", "Cluster-Authorization",
                                                  "App-Instance-Authorization"};
  const std::string_view header = kHeaders[data[0] % 3];
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const size_t cut = rest.find('\0');
  const std::string value(rest.substr(0, cut));
  CheckCredentials(header, value);
  if (cut != std::string_view::npos) CheckBody(std::string(rest.substr(cut + 1)));
  return 0;
}
