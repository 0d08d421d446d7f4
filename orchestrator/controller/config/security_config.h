// Reading the security sections of controller.yml: userAuth (users, bearer tokens) and clusterAuth
// (the audit keys are core::ReadAudit's). Used by controller_config.cpp only.
#pragma once

#include "orchestrator/controller/config/controller_config.h"
#include "orchestrator/core/util/yaml_config.h"

namespace drove::controller {

void ReadUserAuth(const core::ConfigNode& user_auth, ControllerConfig* config);
void ReadClusterSecrets(const core::ConfigNode& cluster_auth, ControllerConfig* config);

}  // namespace drove::controller
