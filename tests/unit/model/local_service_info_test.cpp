// Unit tests of LocalServiceInfo and LocalServiceSummary: wire shape, round trips, the totals.
#include "orchestrator/core/model/local_service_info.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/model/test_support.h"

namespace drove::core {
namespace {

using nlohmann::json;

LocalServiceInfo SampleInfo() {
  auto spec = ParseLocalServiceSpec(testing::LoadSample("test_service.json"));
  BOOST_TEST_REQUIRE(spec.ok(), spec.error());
  LocalServiceInfo info;
  info.service_id = "TEST_LOCAL_SERVICE-1";
  info.spec = *spec;
  info.instances_per_host = 2;
  info.activation_state = ActivationState::kActive;
  info.created = 1700000000000;
  info.updated = 1700000000500;
  return info;
}

LocalServiceInstanceInfo Instance(const std::string& id, InstanceState state) {
  LocalServiceInstanceInfo instance;
  instance.service_id = "TEST_LOCAL_SERVICE-1";
  instance.service_name = "TEST_LOCAL_SERVICE";
  instance.instance_id = id;
  instance.state = state;
  return instance;
}

BOOST_AUTO_TEST_SUITE(local_service_info)

BOOST_AUTO_TEST_CASE(info_has_the_stored_fields_and_round_trips) {
  LocalServiceInfo info = SampleInfo();
  json j = info;
  std::vector<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.push_back(key);
  BOOST_TEST(keys == (std::vector<std::string>{"activationState", "created", "instancesPerHost",
                                               "serviceId", "spec", "updated"}),
             boost::test_tools::per_element());
  BOOST_TEST(j["activationState"] == "ACTIVE");
  BOOST_TEST(j["instancesPerHost"] == 2);
  BOOST_TEST(j["spec"]["placementPolicy"] == json({{"type", "LOCAL"}, {"hostLevel", false}}));
  BOOST_TEST((j.get<LocalServiceInfo>() == info));
}

BOOST_AUTO_TEST_CASE(summary_has_exactly_drove_keys) {
  LocalServiceSummary summary = SummarizeLocalService(SampleInfo(), LocalServiceState::kActive, {});
  json j = summary;
  std::vector<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.push_back(key);
  BOOST_TEST(keys == (std::vector<std::string>{"activationState", "created", "healthyInstances",
                                               "id", "instancesPerHost", "name", "state", "tags",
                                               "totalCPUs", "totalMemory", "updated"}),
             boost::test_tools::per_element());
  BOOST_TEST(j["id"] == "TEST_LOCAL_SERVICE-1");
  BOOST_TEST(j["name"] == "TEST_LOCAL_SERVICE");
  BOOST_TEST(j["state"] == "ACTIVE");
  BOOST_TEST(j["activationState"] == "ACTIVE");
  BOOST_TEST(j["tags"]["say_my_name"] == "heisenberg");
  BOOST_TEST(j["created"] == 1700000000000);
  BOOST_TEST((j.get<LocalServiceSummary>() == summary));
}

BOOST_AUTO_TEST_CASE(summary_always_emits_state_and_omits_absent_tags) {
  LocalServiceInfo info = SampleInfo();
  info.spec.tags.reset();
  info.activation_state = ActivationState::kInactive;
  json j = SummarizeLocalService(info, LocalServiceState::kInit, {});
  BOOST_TEST(j["state"] == "INIT");
  BOOST_TEST(j["activationState"] == "INACTIVE");
  BOOST_TEST(!j.contains("tags"));
  BOOST_TEST(j["totalCPUs"] == 0);
  BOOST_TEST(j["healthyInstances"] == 0);
}

BOOST_AUTO_TEST_CASE(totals_count_active_instances_and_healthy_counts_only_healthy) {
  std::vector<LocalServiceInstanceInfo> instances = {
      Instance("SI-1", InstanceState::kHealthy),     Instance("SI-2", InstanceState::kHealthy),
      Instance("SI-3", InstanceState::kStarting),    Instance("SI-4", InstanceState::kStopped),
      Instance("SI-5", InstanceState::kStartFailed),
  };
  LocalServiceSummary s =
      SummarizeLocalService(SampleInfo(), LocalServiceState::kActive, instances);
  BOOST_TEST(s.healthy_instances == 2);
  BOOST_TEST(s.total_cpus == 3);      // 1 core x 3 ACTIVE-state instances
  BOOST_TEST(s.total_memory == 384);  // 128 MB x 3
  BOOST_TEST(s.instances_per_host == 2);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::core
