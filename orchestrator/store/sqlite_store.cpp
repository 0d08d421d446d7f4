// The embedded StateStore: one SQLite file (WAL), one table of (kind, key) -> json documents, where
// key is RecordKey(parent, id).
#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "orchestrator/core/util/log.h"
#include "orchestrator/store/state_store.h"

namespace drove::store {
namespace {

constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS records ("
    " kind TEXT NOT NULL, id TEXT NOT NULL, json TEXT NOT NULL,"
    " PRIMARY KEY (kind, id)) WITHOUT ROWID";

// Owns one prepared statement; reset after each use so it can be reused.
class Statement {
 public:
  Statement() = default;
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  core::Status Prepare(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      return core::Status::Error(std::string("sqlite prepare failed: ") + sqlite3_errmsg(db));
    }
    return core::Status::Ok();
  }
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// Resets a statement when leaving scope, whatever the outcome of the step.
struct ResetGuard {
  sqlite3_stmt* stmt;
  ~ResetGuard() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};

void BindText(sqlite3_stmt* stmt, int index, const std::string& value) {
  sqlite3_bind_text(stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
}

// One connection, used under one mutex: the controller writes from its engine thread and its
// API thread, and SQLite connections must not be shared concurrently.
class SqliteStore : public StateStore {
 public:
  explicit SqliteStore(sqlite3* db) : db_(db) {}
  ~SqliteStore() override {
    // Statements must be finalised before the connection closes.
    put_.reset();
    delete_.reset();
    load_.reset();
    begin_.reset();
    commit_.reset();
    rollback_.reset();
    sqlite3_close(db_);
  }

  core::Status Init() {
    for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
                               "PRAGMA busy_timeout=5000", kSchema}) {
      if (auto st = Exec(pragma); !st.ok()) return st;
    }
    struct Spec {
      std::unique_ptr<Statement>* stmt;
      const char* sql;
    };
    const Spec specs[] = {
        {&put_, "INSERT INTO records(kind, id, json) VALUES(?1, ?2, ?3)"
                " ON CONFLICT(kind, id) DO UPDATE SET json = excluded.json"},
        {&delete_, "DELETE FROM records WHERE kind = ?1 AND id = ?2"},
        {&load_, "SELECT id, json FROM records WHERE kind = ?1"},
        {&begin_, "BEGIN IMMEDIATE"},
        {&commit_, "COMMIT"},
        {&rollback_, "ROLLBACK"},
    };
    for (const auto& spec : specs) {
      *spec.stmt = std::make_unique<Statement>();
      if (auto st = (*spec.stmt)->Prepare(db_, spec.sql); !st.ok()) return st;
    }
    return core::Status::Ok();
  }

  size_t MaxValueBytes() const override { return kMaxRecordBytes; }

  core::Status Apply(const std::vector<StoreWrite>& writes) override {
    if (auto st = CheckRecordSizes(writes); !st.ok()) return st;
    std::lock_guard<std::mutex> lock(mu_);
    if (auto st = Step(begin_->get()); !st.ok()) return st;
    for (const auto& write : writes) {
      auto st = write.json.empty() ? RunDelete(write) : RunPut(write);
      if (!st.ok()) {
        if (auto rb = Step(rollback_->get()); !rb.ok()) {
          DLOG_ERROR("sqlite rollback failed", {{"error", rb.message()}});
        }
        return st;
      }
    }
    return Step(commit_->get());
  }

  core::Result<std::map<std::string, std::string>> LoadAll(const std::string& kind) override {
    std::lock_guard<std::mutex> lock(mu_);
    sqlite3_stmt* stmt = load_->get();
    ResetGuard guard{stmt};
    BindText(stmt, 1, kind);
    std::map<std::string, std::string> out;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      auto text = [&](int col) {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, col));
        return std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(stmt, col)));
      };
      out.emplace(text(0), text(1));
    }
    if (rc != SQLITE_DONE) return Error("load");
    return out;
  }

 private:
  core::Status Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string message = std::string("sqlite: ") + sql + ": " + (err ? err : "error");
      sqlite3_free(err);
      return core::Status::Error(message);
    }
    return core::Status::Ok();
  }

  core::Status Error(const char* what) const {
    return core::Status::Error(std::string("sqlite ") + what + " failed: " + sqlite3_errmsg(db_));
  }

  core::Status Step(sqlite3_stmt* stmt) {
    ResetGuard guard{stmt};
    int rc = sqlite3_step(stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return Error("step");
    return core::Status::Ok();
  }

  core::Status RunPut(const StoreWrite& write) {
    sqlite3_stmt* stmt = put_->get();
    BindText(stmt, 1, write.kind);
    BindText(stmt, 2, RecordKey(write.parent, write.id));
    BindText(stmt, 3, write.json);
    return Step(stmt);
  }

  core::Status RunDelete(const StoreWrite& write) {
    sqlite3_stmt* stmt = delete_->get();
    BindText(stmt, 1, write.kind);
    BindText(stmt, 2, RecordKey(write.parent, write.id));
    return Step(stmt);
  }

  std::mutex mu_;
  sqlite3* db_;
  std::unique_ptr<Statement> put_, delete_, load_, begin_, commit_, rollback_;
};

}  // namespace

core::Result<std::unique_ptr<StateStore>> OpenSqliteStore(const std::string& path) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string message = "cannot open store " + path + ": " +
                          (db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return core::Result<std::unique_ptr<StateStore>>::Error(message);
  }
  auto store = std::make_unique<SqliteStore>(db);
  if (auto st = store->Init(); !st.ok()) {
    return core::Result<std::unique_ptr<StateStore>>::Error(path + ": " + st.message());
  }
  return std::unique_ptr<StateStore>(std::move(store));
}

}  // namespace drove::store
