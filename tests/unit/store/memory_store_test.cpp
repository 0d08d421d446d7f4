// Unit tests of the in-memory StateStore used by the controller's tests: keys and injected failures.
#include <boost/test/unit_test.hpp>

#include "orchestrator/store/memory_store.h"

namespace drove::store {
namespace {

BOOST_AUTO_TEST_SUITE(memory_store)

BOOST_AUTO_TEST_CASE(records_outlive_the_store_that_wrote_them) {
  auto data = std::make_shared<MemoryStore::Data>();
  {
    MemoryStore store(data);
    BOOST_REQUIRE(store.Apply({{kApp, "", "a", "1"}, {kInstance, "a", "AI-1", "2"}}).ok());
  }
  MemoryStore again(data);
  BOOST_CHECK_EQUAL(again.LoadAll(kApp)->at("a"), "1");
  BOOST_CHECK_EQUAL(again.LoadAll(kInstance)->at("a/AI-1"), "2");
}

BOOST_AUTO_TEST_CASE(injected_failures_change_nothing_and_carry_their_code) {
  MemoryStore store;
  store.FailApplies(core::StatusCode::kFenced, 2);
  for (int i = 0; i < 2; ++i) {
    core::Status st = store.Put(kApp, "", "a", "1");
    BOOST_CHECK(st.code() == core::StatusCode::kFenced);
  }
  BOOST_CHECK(store.LoadAll(kApp)->empty());
  BOOST_CHECK_EQUAL(store.applied(), 0);
  BOOST_CHECK(store.Put(kApp, "", "a", "1").ok());
  BOOST_CHECK_EQUAL(store.applied(), 1);
}

BOOST_AUTO_TEST_CASE(failing_forever_until_cleared) {
  MemoryStore store;
  store.FailApplies(core::StatusCode::kUnavailable, -1);
  for (int i = 0; i < 5; ++i) BOOST_CHECK(!store.Put(kApp, "", "a", "1").ok());
  store.FailApplies(core::StatusCode::kOk, 0);
  BOOST_CHECK(store.Put(kApp, "", "a", "1").ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::store
