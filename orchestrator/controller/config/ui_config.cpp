// Reading the `ui:` section of controller.yml.
#include "orchestrator/controller/config/ui_config.h"

namespace drove::controller {
namespace {

// Characters, not bytes: a UTF-8 continuation byte does not start one.
size_t CharacterCount(const std::string& text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

}  // namespace

void ReadUiConfig(const core::ConfigNode& ui, UiConfig* config) {
  config->directory = ui.String("directory", "");
  if (!ui.Has("installation")) return;
  core::ConfigNode node = ui.Child("installation");
  UiInstallation installation;
  installation.label = node.RequiredString("label");
  const size_t length = CharacterCount(installation.label);
  if (length > kMaxInstallationLabel) {
    node.Error("label", "must be at most " + std::to_string(kMaxInstallationLabel) +
                            " characters, got " + std::to_string(length));
  }
  installation.criticality = node.Enum("criticality", installation.criticality,
                                       {"LOCAL", "DEVELOPMENT", "INTEGRATION", "PRODUCTION"});
  config->installation = installation;
}

}  // namespace drove::controller
