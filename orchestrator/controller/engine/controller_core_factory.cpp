// MakeControllerCore: wires the real executor client and clock unless tests inject their own.
#include "orchestrator/controller/engine/controller_core_factory.h"

#include "orchestrator/controller/engine/controller_core_impl.h"

namespace drove::controller {

std::unique_ptr<ControllerCoreService> MakeControllerCore(const CoreOptions& options,
                                                          std::unique_ptr<store::StateStore> store,
                                                          std::unique_ptr<ExecutorClient> client,
                                                          NowFn now,
                                                          std::unique_ptr<coordination::LeaderElection> election) {
  if (!client) {
    client = MakeHttpExecutorClient(
        options.controller_secret, options.node_id, options.executor_call_timeout,
        std::make_shared<const InstanceTokenManager>(options.instance_auth_secret,
                                                     options.instance_token_lifetime),
        options.tls);
  }
  if (!now) now = SystemNowMs;
  if (!election) election = coordination::MakeSingleNodeElection(options.node_id);
  return std::make_unique<ControllerCoreImpl>(options, std::move(store), std::move(client),
                                              std::move(now), std::move(election));
}

}  // namespace drove::controller
