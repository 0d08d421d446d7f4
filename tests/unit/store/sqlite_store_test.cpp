// Unit tests of the SQLite StateStore: put/delete/apply/load and durability across reopen.
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>
#include <string>

#include "orchestrator/store/state_store.h"

namespace drove::store {
namespace {

// A fresh database path under the temp dir, removed (with its WAL files) at the end.
struct TempDb {
  std::string path;
  TempDb() {
    path = (std::filesystem::temp_directory_path() /
            ("drove_store_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) +
             ".db"))
               .string();
    Remove();
  }
  ~TempDb() { Remove(); }
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  }
  static inline int counter = 0;
};

std::unique_ptr<StateStore> Open(const std::string& path) {
  auto store = OpenSqliteStore(path);
  BOOST_REQUIRE_MESSAGE(store.ok(), store.error());
  return std::move(store).value();
}

BOOST_AUTO_TEST_SUITE(sqlite_store)

BOOST_AUTO_TEST_CASE(put_then_load_returns_records_of_that_kind_only) {
  TempDb db;
  auto store = Open(db.path);
  BOOST_REQUIRE(store->Put(kApp, "", "a-1", R"({"x":1})").ok());
  BOOST_REQUIRE(store->Put(kInstance, "", "AI-1", R"({"y":2})").ok());
  auto apps = store->LoadAll(kApp);
  BOOST_REQUIRE(apps.ok());
  BOOST_CHECK_EQUAL(apps->size(), 1u);
  BOOST_CHECK_EQUAL(apps->at("a-1"), R"({"x":1})");
}

BOOST_AUTO_TEST_CASE(put_overwrites_and_delete_removes) {
  TempDb db;
  auto store = Open(db.path);
  BOOST_REQUIRE(store->Put(kTask, "", "t", "1").ok());
  BOOST_REQUIRE(store->Put(kTask, "", "t", "2").ok());
  BOOST_CHECK_EQUAL(store->LoadAll(kTask)->at("t"), "2");
  BOOST_REQUIRE(store->Delete(kTask, "", "t").ok());
  BOOST_CHECK(store->LoadAll(kTask)->empty());
  BOOST_CHECK(store->Delete(kTask, "", "missing").ok());
}

BOOST_AUTO_TEST_CASE(apply_writes_and_deletes_in_one_batch) {
  TempDb db;
  auto store = Open(db.path);
  BOOST_REQUIRE(store->Put(kOperation, "", "old", "{}").ok());
  BOOST_REQUIRE(store
                    ->Apply({{kApp, "", "a", "{}"},
                             {kInstance, "a", "i1", "{}"},
                             {kInstance, "a", "i2", "{}"},
                             {kOperation, "", "old", ""}})
                    .ok());
  BOOST_CHECK_EQUAL(store->LoadAll(kInstance)->size(), 2u);
  BOOST_CHECK(store->LoadAll(kOperation)->empty());
}

BOOST_AUTO_TEST_CASE(records_survive_reopen) {
  TempDb db;
  {
    auto store = Open(db.path);
    BOOST_REQUIRE(store->Apply({{kApp, "", "a", R"({"k":"v"})"}, {kMeta, "", "m", "1"}}).ok());
  }
  auto store = Open(db.path);
  BOOST_CHECK_EQUAL(store->LoadAll(kApp)->at("a"), R"({"k":"v"})");
  BOOST_CHECK_EQUAL(store->LoadAll(kMeta)->at("m"), "1");
}

BOOST_AUTO_TEST_CASE(nested_records_are_keyed_parent_slash_id) {
  TempDb db;
  auto store = Open(db.path);
  BOOST_REQUIRE(store->Put(kTask, "app-a", "TI-1", "1").ok());
  BOOST_REQUIRE(store->Put(kTask, "app-b", "TI-1", "2").ok());
  auto tasks = store->LoadAll(kTask);
  BOOST_REQUIRE(tasks.ok());
  BOOST_CHECK_EQUAL(tasks->at("app-a/TI-1"), "1");
  BOOST_CHECK_EQUAL(tasks->at("app-b/TI-1"), "2");
  BOOST_REQUIRE(store->Delete(kTask, "app-a", "TI-1").ok());
  BOOST_CHECK_EQUAL(store->LoadAll(kTask)->size(), 1u);
}

BOOST_AUTO_TEST_CASE(a_batch_with_a_value_over_the_limit_changes_nothing) {
  TempDb db;
  auto store = Open(db.path);
  std::string big(kMaxRecordBytes + 1, 'x');
  core::Status st = store->Apply({{kApp, "", "a", "{}"}, {kApp, "", "big", big}});
  BOOST_CHECK(st.code() == core::StatusCode::kTooLarge);
  BOOST_CHECK(st.message().find("app big") != std::string::npos);
  BOOST_CHECK(store->LoadAll(kApp)->empty());
}

BOOST_AUTO_TEST_CASE(open_in_missing_directory_fails_with_path) {
  auto store = OpenSqliteStore("/nonexistent-dir/drove/x.db");
  BOOST_CHECK(!store.ok());
  BOOST_CHECK(store.error().find("/nonexistent-dir/drove/x.db") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::store
