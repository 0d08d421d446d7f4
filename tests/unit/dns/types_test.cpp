// Tests for the names of record types, classes, opcodes and response codes.
#include "dns-server/codec/types.h"

#include <boost/test/unit_test.hpp>

#include "dns-server/codec/rcode.h"

namespace drove::dns {

BOOST_AUTO_TEST_SUITE(types)

BOOST_AUTO_TEST_CASE(known_values_have_mnemonics_and_unknown_ones_numbers) {
  BOOST_TEST(TypeName(33) == "SRV");
  BOOST_TEST(TypeName(28) == "AAAA");
  BOOST_TEST(TypeName(65000) == "TYPE65000");
  BOOST_TEST(ClassName(1) == "IN");
  BOOST_TEST(ClassName(3) == "CH");
  BOOST_TEST(ClassName(42) == "CLASS42");
  BOOST_TEST(OpcodeName(0) == "QUERY");
  BOOST_TEST(OpcodeName(5) == "UPDATE");
  BOOST_TEST(OpcodeName(9) == "OPCODE9");
  BOOST_TEST(RcodeName(Rcode::kFormErr) == "FORMERR");
  BOOST_TEST(RcodeName(Rcode::kNotImp) == "NOTIMP");
  BOOST_TEST(RcodeName(Rcode::kBadVers) == "BADVERS");
  BOOST_TEST(RcodeName(static_cast<Rcode>(11)) == "RCODE11");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::dns
