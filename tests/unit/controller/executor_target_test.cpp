// Tests for ExecutorTarget: the controller calls an executor over https exactly when the executor
// reports transportType HTTPS, verified with the controller's tls section.
#include <boost/test/unit_test.hpp>

#include "orchestrator/controller/engine/executor_client.h"

namespace drove::controller {

BOOST_AUTO_TEST_SUITE(executor_target)

BOOST_AUTO_TEST_CASE(https_executor_is_called_over_tls_with_the_controllers_ca_and_certificate) {
  core::TlsConfig tls{"/n.crt", "/n.key", "/ca.crt", false, false};
  core::HttpTarget target = ExecutorTarget({"E1", "exec-1", 3443, "ACTIVE", true}, tls);
  BOOST_TEST(target.host == "exec-1");
  BOOST_TEST(target.port == 3443);
  BOOST_TEST(target.tls);
  BOOST_TEST(target.tls_verify);
  BOOST_TEST(target.tls_ca_file == "/ca.crt");
  BOOST_TEST(target.tls_cert_file == "/n.crt");
  BOOST_TEST(target.tls_key_file == "/n.key");
}

BOOST_AUTO_TEST_CASE(http_executor_stays_plain_whatever_the_tls_section_says) {
  core::TlsConfig tls{"/n.crt", "/n.key", "/ca.crt", false, false};
  BOOST_TEST(!ExecutorTarget({"E1", "exec-1", 3000, "ACTIVE"}, tls).tls);
  BOOST_TEST(ExecutorTarget({"E1", "exec-1", 3000, "ACTIVE"}, tls).ToString() ==
             "http://exec-1:3000");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::controller
