// The `ui:` section of controller.yml: where the operator UI's files come from and the
// installation badge the UI shows (issue 14, docs/ui.md).
#pragma once

#include <optional>
#include <string>

#include "orchestrator/core/util/yaml_config.h"

namespace drove::controller {

// ui.installation: tells operators which cluster they are looking at.
struct UiInstallation {
  std::string label;                  // at most kMaxInstallationLabel characters
  std::string criticality = "LOCAL";  // LOCAL | DEVELOPMENT | INTEGRATION | PRODUCTION
};
inline constexpr size_t kMaxInstallationLabel = 50;

struct UiConfig {
  // ui.directory (or --ui-dir): serve the UI from this directory, read on every request, instead
  // of the files compiled in (for UI development). Empty: the compiled-in files.
  std::string directory;
  std::optional<UiInstallation> installation;  // no badge when absent
};

void ReadUiConfig(const core::ConfigNode& ui, UiConfig* config);

}  // namespace drove::controller
