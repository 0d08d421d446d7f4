// Reading the security sections of controller.yml: userAuth (users, bearer tokens), clusterAuth,
// the audit trail. Used by controller_config.cpp only.
#pragma once

#include "orchestrator/controller/config/controller_config.h"
#include "orchestrator/core/util/yaml_config.h"

namespace drove::controller {

void ReadUserAuth(const core::ConfigNode& user_auth, ControllerConfig* config);
void ReadClusterSecrets(const core::ConfigNode& cluster_auth, ControllerConfig* config);
// `options.auditedHttpMethods` and the top-level `audit` section.
void ReadAudit(const core::ConfigNode& options, const core::ConfigNode& audit,
               ControllerConfig* config);

}  // namespace drove::controller
