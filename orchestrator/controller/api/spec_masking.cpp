// GET .../spec for a stored spec the model cannot read back: core::MaskConfigSpec cannot mask
// what it cannot parse, so the configs (the only secret-bearing part) are left out altogether.
#include "orchestrator/controller/api/routes.h"

namespace drove::controller::api {

nlohmann::json MaskSpec(nlohmann::json spec) {
  if (!spec.is_object()) return nlohmann::json::object();
  spec.erase("configs");
  return spec;
}

}  // namespace drove::controller::api
