// Epoch's run mail rules (notify/run_mail.h) and the RFC 5322 text (notify/mail_text.h): subjects,
// bodies, recipients, disableForSuccessfulRuns, quoted-printable.
#include "orchestrator/epoch/notify/run_mail.h"

#include <boost/test/unit_test.hpp>

#include "orchestrator/epoch/notify/mail_text.h"

namespace drove::epoch {
namespace {

MailSettings Settings(std::vector<std::string> defaults = {"ops@example.com"}) {
  MailSettings settings;
  settings.enabled = true;
  settings.smtp_server = "127.0.0.1";
  settings.default_emails = std::move(defaults);
  settings.from_name = "Epoch";
  settings.from_address = "epoch@example.com";
  return settings;
}

RunInfo Run(RunState state) {
  RunInfo run;
  run.topology_id = "T";
  run.run_id = "ESR-2024-01-15-10-30-05-000";
  run.state = state;
  run.created = 1'000;
  run.updated = 4'250;
  run.tasks["a"] = {"T-ESR-2024-01-15-10-30-05-000-a", TaskRunState::kCompleted,
                    "T-ESR-2024-01-15-10-30-05-000-a", ""};
  run.tasks["b"] = {"T-ESR-2024-01-15-10-30-05-000-b", TaskRunState::kCompleted,
                    "T-ESR-2024-01-15-10-30-05-000-b", ""};
  return run;
}

EpochNotify Mail(std::vector<std::string> emails) { return {NotifyType::kMail, std::move(emails)}; }

}  // namespace

BOOST_AUTO_TEST_SUITE(run_mail)

BOOST_AUTO_TEST_CASE(success_lists_the_task_ids_and_the_run_time) {
  for (RunState state : {RunState::kSuccessful, RunState::kCompleted}) {
    auto mail = RunMail(Run(state), Mail({"dev@example.com"}), Settings());
    BOOST_TEST_REQUIRE(mail.has_value());
    BOOST_TEST(mail->subject ==
               "Topology run T/ESR-2024-01-15-10-30-05-000 completed successfully");
    BOOST_TEST(mail->body ==
               "Tasks completed: [T-ESR-2024-01-15-10-30-05-000-a, "
               "T-ESR-2024-01-15-10-30-05-000-b] in 3250 ms");
    BOOST_TEST(mail->to == std::vector<std::string>{"dev@example.com"});
  }
}

BOOST_AUTO_TEST_CASE(failure_names_the_first_failed_task) {
  RunInfo run = Run(RunState::kFailed);
  run.tasks["b"].state = TaskRunState::kFailed;
  run.tasks["b"].error_message = "Task exited with code 3";
  auto mail = RunMail(run, Mail({"dev@example.com"}), Settings());
  BOOST_TEST_REQUIRE(mail.has_value());
  BOOST_TEST(mail->subject == "Topology run T/ESR-2024-01-15-10-30-05-000 failed");
  BOOST_TEST(mail->body ==
             "Task T-ESR-2024-01-15-10-30-05-000-b with upstream ID "
             "T-ESR-2024-01-15-10-30-05-000-b failed with error: Task exited with code 3");
}

BOOST_AUTO_TEST_CASE(failure_without_a_failed_task_says_all_succeeded) {
  RunInfo run = Run(RunState::kFailed);
  run.tasks["a"].state = TaskRunState::kCancelled;  // a killed task is not FAILED, as in Epoch
  auto mail = RunMail(run, Mail({"dev@example.com"}), Settings());
  BOOST_TEST_REQUIRE(mail.has_value());
  BOOST_TEST(mail->body == "All tasks seem to have succeeded.");
}

BOOST_AUTO_TEST_CASE(running_and_skipped_send_nothing) {
  BOOST_TEST(!RunMail(Run(RunState::kRunning), Mail({"d@example.com"}), Settings()).has_value());
  BOOST_TEST(!RunMail(Run(RunState::kSkipped), Mail({"d@example.com"}), Settings()).has_value());
}

BOOST_AUTO_TEST_CASE(disable_for_successful_runs_suppresses_only_successful) {
  MailSettings settings = Settings();
  settings.disable_for_successful_runs = true;
  BOOST_TEST(!RunMail(Run(RunState::kSuccessful), std::nullopt, settings).has_value());
  BOOST_TEST(RunMail(Run(RunState::kCompleted), std::nullopt, settings).has_value());
  BOOST_TEST(RunMail(Run(RunState::kFailed), std::nullopt, settings).has_value());
}

BOOST_AUTO_TEST_CASE(recipients_fall_back_to_default_emails) {
  const std::vector<std::string> defaults = {"ops@example.com", "oncall@example.com"};
  const EpochNotify blackhole{NotifyType::kBlackhole, {}};
  for (const std::optional<EpochNotify>& notify :
       {std::optional<EpochNotify>(), std::optional<EpochNotify>(blackhole),
        std::optional<EpochNotify>(Mail({}))}) {
    auto mail = RunMail(Run(RunState::kFailed), notify, Settings(defaults));
    BOOST_TEST_REQUIRE(mail.has_value());
    BOOST_TEST(mail->to == defaults, boost::test_tools::per_element());
  }
  BOOST_TEST(!RunMail(Run(RunState::kFailed), std::nullopt, Settings({})).has_value());
}

BOOST_AUTO_TEST_CASE(mail_text_has_the_headers_and_a_quoted_printable_body) {
  MailMessage mail{{"a@example.com", "b@example.com"}, "Topology run T/R failed", "x = y"};
  MailSettings settings = Settings();
  settings.from_name = "Epoch \"prod\"";
  const std::string text = FormatMailText(mail, settings, 1'705'314'605'000, "1.1@x");
  BOOST_TEST(text ==
             "Date: Mon, 15 Jan 2024 10:30:05 +0000\r\n"
             "From: \"Epoch \\\"prod\\\"\" <epoch@example.com>\r\n"
             "To: a@example.com, b@example.com\r\n"
             "Subject: Topology run T/R failed\r\n"
             "Message-ID: <1.1@x>\r\n"
             "MIME-Version: 1.0\r\n"
             "Content-Type: text/plain; charset=UTF-8\r\n"
             "Content-Transfer-Encoding: quoted-printable\r\n"
             "\r\n"
             "x =3D y\r\n");
}

BOOST_AUTO_TEST_CASE(header_values_cannot_start_a_new_header) {
  MailMessage mail{{"a@example.com"}, "s\r\nBcc: evil@example.com", "b"};
  const std::string text = FormatMailText(mail, Settings(), 0, "id");
  BOOST_TEST(text.find("\r\nBcc:") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(quoted_printable_breaks_long_lines_and_encodes_8bit) {
  BOOST_TEST(QuotedPrintable("caf\xc3\xa9 ok") == "caf=C3=A9 ok");
  BOOST_TEST(QuotedPrintable("end \nnext") == "end=20\r\nnext");
  const std::string encoded = QuotedPrintable(std::string(200, 'a'));
  size_t start = 0;
  while (start < encoded.size()) {
    size_t end = encoded.find("\r\n", start);
    if (end == std::string::npos) end = encoded.size();
    BOOST_TEST(end - start <= 76u);
    start = end + 2;
  }
  std::string decoded = encoded;
  for (size_t at; (at = decoded.find("=\r\n")) != std::string::npos;) decoded.erase(at, 3);
  BOOST_TEST(decoded == std::string(200, 'a'));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::epoch
