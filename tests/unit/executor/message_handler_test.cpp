// Controller messages refused before any runner exists: starts stamped with a blacklisted state.
#include "orchestrator/executor/api/message_handler.h"

#include <boost/test/unit_test.hpp>

namespace drove::executor {
namespace {

using nlohmann::json;

BOOST_AUTO_TEST_SUITE(message_handler)

BOOST_AUTO_TEST_CASE(starts_stamped_with_a_blacklisted_state_are_refused) {
  RunnerRegistry registry(RunnerContext{});  // no engine: nothing may start
  for (const char* type : {"START_INSTANCE", "START_TASK"}) {
    for (const char* state : {"BLACKLIST_REQUESTED", "BLACKLISTED"}) {
      json message{{"type", type},
                   {"executorState", state},
                   {"instance", {{"instanceId", "AI-1"}}},
                   {"task", {{"instanceId", "TI-1"}}},
                   {"spec", json::object()}};
      core::Status st = HandleControllerMessage(message, registry);
      BOOST_TEST(!st.ok());
      BOOST_TEST(st.message() ==
                 "executor is " + std::string(state) + ": it takes no new instances or tasks");
    }
  }
  BOOST_TEST(registry.Instances().empty());
  BOOST_TEST(registry.Tasks().empty());
}

BOOST_AUTO_TEST_CASE(an_unstamped_or_active_start_goes_on_to_the_usual_checks) {
  RunnerRegistry registry(RunnerContext{});
  for (json stamp : {json(), json("ACTIVE")}) {
    json message{{"type", "START_INSTANCE"}};
    if (!stamp.is_null()) message["executorState"] = stamp;
    core::Status st = HandleControllerMessage(message, registry);
    BOOST_TEST(st.message() == "instance: missing");  // past the state check
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::executor
