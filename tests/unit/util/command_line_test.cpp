// The daemons' command-line lookups.
#include "orchestrator/core/util/command_line.h"

#include <boost/test/unit_test.hpp>

namespace drove::core {
namespace {

BOOST_AUTO_TEST_SUITE(command_line)

BOOST_AUTO_TEST_CASE(the_check_flag_is_found_anywhere_and_only_whole) {
  char program[] = "drove-controller", config[] = "--config", file[] = "c.yml", check[] = "--check",
       other[] = "--checked";
  char* with[] = {program, config, file, check};
  char* first[] = {program, check, config, file};
  char* without[] = {program, config, file, other};
  BOOST_TEST(HasFlag(4, with, "--check"));
  BOOST_TEST(HasFlag(4, first, "--check"));
  BOOST_TEST(!HasFlag(4, without, "--check"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::core
