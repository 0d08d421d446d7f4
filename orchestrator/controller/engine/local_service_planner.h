// Planning one local service (pure logic; the engine applies the plan): Drove's 5 s monitor and
// the service's running operation, from what the model holds now.
//
// Desired instances per executor: ACTIVE services want `instancesPerHost` on every ACTIVE
// executor their policy admits, CONFIG_TESTING ones one instance in the whole cluster, INACTIVE
// ones none. Instances elsewhere (a blacklisted host, a count lowered) are stopped; missing ones
// are placed on their executor. A running operation shapes this:
//   REPLACE_INSTANCES (and RESTART): the listed instances, `parallelism` at a time, are replaced
//     on their executor: start-first starts the new one and stops the old once the host has its
//     count HEALTHY without it; stopFirst stops the old one and places the new one when it is gone.
//   STOP_INSTANCES: the listed instances are stopped; the monitor then replaces them, as Drove's.
//   DEACTIVATE and DESTROY end when no instance is left; ACTIVATE, DEPLOY_TEST_INSTANCE,
//   ADJUST_INSTANCES and UPDATE_INSTANCE_COUNT when every host has its count HEALTHY.
// Any operation ends at its timeout; the service then settles in its activation state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "orchestrator/controller/model/local_service_record.h"

namespace drove::controller {

// An instance of the service in an ACTIVE state.
struct ServiceInstanceView {
  std::string instance_id;
  std::string executor_id;
  core::InstanceState state = core::InstanceState::kPending;
  int64_t created = 0;
  bool stopping = false;  // a stop was requested (it holds its slot until it is gone)
};

struct LocalServicePlanInput {
  const LocalServiceRecord& service;
  std::vector<std::string> executors;        // ACTIVE executors the policy admits, sorted
  std::vector<ServiceInstanceView> active;   // oldest first
  int64_t now = 0;
  bool may_place = true;  // false while backing off after a failure, or in maintenance
};

struct LocalServicePlan {
  std::vector<std::string> place_on;  // one executor id per instance to start
  std::vector<std::string> stop;      // instance ids
  bool finish = false;    // the operation is over: settle in the activation state
  bool timed_out = false;
  bool destroy = false;   // DESTROY is over: remove the service
};

LocalServicePlan PlanLocalService(const LocalServicePlanInput& input);

}  // namespace drove::controller
