// AuditTrail::Check, the audit part of `drove-controller --check` and `drove-epoch --check`: what
// AuditTrail::Open would refuse, found without creating or changing the file.
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "orchestrator/core/auth/audit_trail.h"

namespace drove::core {
namespace {

namespace fs = std::filesystem;

struct AuditDir {
  AuditDir() {
    std::string pattern = (fs::temp_directory_path() / "drove-audit-check-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path = pattern;
  }
  ~AuditDir() { fs::remove_all(path); }
  AuditConfig Config(const std::string& name) const { return {(path / name).string()}; }
  fs::path path;
};

BOOST_AUTO_TEST_SUITE(audit_check)

BOOST_AUTO_TEST_CASE(no_audit_file_means_the_log_and_nothing_to_check) {
  BOOST_TEST(AuditTrail::Check(AuditConfig{}).ok());
}

BOOST_AUTO_TEST_CASE(a_new_file_in_a_writable_folder_passes_and_is_not_created) {
  AuditDir dir;
  AuditConfig config = dir.Config("audit.log");
  BOOST_TEST(AuditTrail::Check(config).ok());
  BOOST_TEST(!fs::exists(config.file));
}

BOOST_AUTO_TEST_CASE(an_existing_file_passes_and_is_left_as_it_was) {
  AuditDir dir;
  AuditConfig config = dir.Config("audit.log");
  std::ofstream(config.file) << "{\"old\":1}\n";
  BOOST_TEST(AuditTrail::Check(config).ok());
  BOOST_TEST(fs::file_size(config.file) == 10u);
}

BOOST_AUTO_TEST_CASE(a_missing_folder_is_refused_with_opens_message) {
  AuditDir dir;
  AuditConfig config = dir.Config("no-such-dir/audit.log");
  Status checked = AuditTrail::Check(config);
  auto opened = AuditTrail::Open(config, {});
  BOOST_TEST(!checked.ok());
  BOOST_TEST(!opened.ok());
  BOOST_TEST(checked.message() == opened.error());
  BOOST_TEST(checked.message() ==
             "audit.file: cannot open " + config.file + ": No such file or directory");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::core
