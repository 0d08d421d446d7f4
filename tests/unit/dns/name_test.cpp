// Tests for domain names: wire parsing with compression, loop and length limits, text form, case.
#include "dns-server/codec/name.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "dns-server/codec/name_compressor.h"
#include "tests/unit/dns/dns_test_packets.h"

namespace drove::dns {

using testing::Append;
using testing::AppendName;

namespace {

// 12 bytes of zero header, so offsets match a real packet.
std::vector<uint8_t> Packet() { return std::vector<uint8_t>(12, 0); }

Name Text(std::string_view text) { return NameFromText(text).value(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(name)

BOOST_AUTO_TEST_CASE(parse_follows_a_compression_pointer_and_stops_after_it) {
  auto p = Packet();
  AppendName(&p, "example.com");  // offset 12
  size_t second = p.size();
  Append(&p, {3, 'w', 'w', 'w', 0xC0, 12, 0xAA});
  size_t offset = second;
  auto name = ParseName(p, &offset);
  BOOST_TEST_REQUIRE(name.ok(), name.error());
  BOOST_TEST(name->ToText() == "www.example.com.");
  BOOST_TEST(offset == second + 6);  // past the pointer, not past the target
  BOOST_TEST(name->LabelCount() == 3u);
}

BOOST_AUTO_TEST_CASE(parse_follows_chained_pointers_backwards) {
  auto p = Packet();
  AppendName(&p, "com");                                         // 12
  Append(&p, {7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0xC0, 12});  // 17
  Append(&p, {3, 'f', 'o', 'o', 0xC0, 17});                      // 27
  size_t offset = 27;
  auto name = ParseName(p, &offset);
  BOOST_TEST_REQUIRE(name.ok(), name.error());
  BOOST_TEST(name->ToText() == "foo.example.com.");
}

BOOST_AUTO_TEST_CASE(pointer_to_itself_is_a_loop_error) {
  auto p = Packet();
  Append(&p, {0xC0, 12});
  size_t offset = 12;
  BOOST_TEST(!ParseName(p, &offset).ok());
}

BOOST_AUTO_TEST_CASE(forward_pointer_is_an_error) {
  auto p = Packet();
  Append(&p, {0xC0, 14, 0xC0, 12});  // 12 -> 14 -> 12 would loop
  size_t offset = 12;
  auto name = ParseName(p, &offset);
  BOOST_TEST(!name.ok());
  BOOST_TEST(name.error() == "compression pointer does not point backwards");
}

BOOST_AUTO_TEST_CASE(pointer_chain_that_turns_forward_again_is_an_error) {
  auto p = Packet();
  // 12: label "a" then a pointer back to 12 (backwards from where it sits, but not before the
  // previous jump target): 16 -> 12 -> 12 -> ... must stop at the second jump.
  Append(&p, {1, 'a', 0xC0, 12});
  Append(&p, {0xC0, 12});
  size_t offset = 16;
  auto name = ParseName(p, &offset);
  BOOST_TEST(!name.ok());
  BOOST_TEST(name.error() == "compression pointer does not point backwards");
}

BOOST_AUTO_TEST_CASE(label_length_over_63_is_an_error) {
  auto p = Packet();
  p.push_back(64);
  p.insert(p.end(), 64, 'x');
  p.push_back(0);
  size_t offset = 12;
  BOOST_TEST(!ParseName(p, &offset).ok());
  BOOST_TEST(!NameFromText(std::string(64, 'x') + ".com").ok());
  BOOST_TEST(NameFromText(std::string(63, 'x') + ".com").ok());
}

BOOST_AUTO_TEST_CASE(name_over_255_bytes_is_an_error) {
  auto p = Packet();
  for (int i = 0; i < 4; ++i) {
    p.push_back(63);
    p.insert(p.end(), 63, 'a');
  }
  p.push_back(0);  // 4 * 64 + 1 = 257 bytes
  size_t offset = 12;
  BOOST_TEST(!ParseName(p, &offset).ok());
  std::string l63(63, 'a');
  BOOST_TEST(!NameFromText(l63 + "." + l63 + "." + l63 + "." + l63).ok());
  // 3 * 64 + 62 + 1 = 255 bytes: the longest legal name.
  auto longest = NameFromText(l63 + "." + l63 + "." + l63 + "." + std::string(61, 'a'));
  BOOST_TEST_REQUIRE(longest.ok());
  BOOST_TEST(longest->size() == 255u);
}

BOOST_AUTO_TEST_CASE(name_over_255_bytes_through_pointers_is_an_error) {
  auto p = Packet();
  size_t prev = 0;
  for (int i = 0; i < 5; ++i) {  // each hop adds a 63-byte label
    size_t here = p.size();
    p.push_back(63);
    p.insert(p.end(), 63, 'b');
    if (i == 0) {
      p.push_back(0);
    } else {
      Append(&p, {0xC0 | static_cast<int>(prev >> 8), static_cast<int>(prev & 0xFF)});
    }
    prev = here;
  }
  size_t offset = prev;
  BOOST_TEST(!ParseName(p, &offset).ok());
}

BOOST_AUTO_TEST_CASE(truncated_names_are_errors) {
  auto p = Packet();
  Append(&p, {3, 'w', 'w'});
  size_t offset = 12;
  BOOST_TEST(!ParseName(p, &offset).ok());
  auto q = Packet();
  Append(&q, {0xC0});
  offset = 12;
  BOOST_TEST(!ParseName(q, &offset).ok());
  auto r = Packet();
  Append(&r, {3, 'w', 'w', 'w'});  // no terminating zero
  offset = 12;
  BOOST_TEST(!ParseName(r, &offset).ok());
}

BOOST_AUTO_TEST_CASE(comparison_ignores_ascii_case_only) {
  BOOST_TEST(EqualsIgnoreCase(Text("WWW.Example.COM"), Text("www.example.com.")));
  BOOST_TEST(!EqualsIgnoreCase(Text("www.example.com"), Text("www.example.org")));
  BOOST_TEST(!EqualsIgnoreCase(Text("\\200.com"), Text("\\224.com")));  // no folding above ASCII
  BOOST_TEST(!(Text("WWW.example.com") == Text("www.example.com")));
  BOOST_TEST(Text("Web.EXAMPLE").Lowercased().ToText() == "web.example.");
  BOOST_TEST(IsSubdomainOf(Text("a.B.Example.com"), Text("example.COM")));
  BOOST_TEST(IsSubdomainOf(Text("example.com"), Text("example.com")));
  BOOST_TEST(!IsSubdomainOf(Text("badexample.com"), Text("example.com")));
  BOOST_TEST(IsSubdomainOf(Text("example.com"), Name()));
}

BOOST_AUTO_TEST_CASE(text_form_escapes_special_bytes_and_round_trips) {
  BOOST_TEST(Name().ToText() == ".");
  BOOST_TEST(Text(".").IsRoot());
  auto odd = Text("a\\.b.c\\\\d.\\009x");
  BOOST_TEST(odd.ToText() == "a\\.b.c\\\\d.\\009x.");
  BOOST_TEST(Text(odd.ToText()) == odd);
  BOOST_TEST(!NameFromText("").ok());
  BOOST_TEST(!NameFromText("a..b").ok());
  BOOST_TEST(!NameFromText("a\\").ok());
  BOOST_TEST(!NameFromText("a\\999").ok());
}

BOOST_AUTO_TEST_CASE(compressor_points_repeated_suffixes_back) {
  std::vector<uint8_t> out(12, 0);
  NameCompressor names;
  names.Write(Text("www.example.com"), &out);  // 12
  names.Write(Text("mail.example.com"), &out);
  std::vector<uint8_t> want(12, 0);
  AppendName(&want, "www.example.com");
  Append(&want, {4, 'm', 'a', 'i', 'l', 0xC0, 16});
  BOOST_TEST(out == want);
  size_t offset = 29;
  BOOST_TEST(ParseName(out, &offset)->ToText() == "mail.example.com.");
}

BOOST_AUTO_TEST_CASE(compressor_keeps_each_names_case) {
  std::vector<uint8_t> out(12, 0);
  NameCompressor names;
  names.Write(Text("www.example.com"), &out);
  size_t second = out.size();
  names.Write(Text("WWW.Example.com"), &out);  // only "com" matches byte for byte
  size_t offset = second;
  BOOST_TEST(ParseName(out, &offset)->ToText() == "WWW.Example.com.");
  BOOST_TEST(out.size() == second + 4 + 8 + 2);
}

BOOST_AUTO_TEST_CASE(compressor_forgets_rolled_back_names) {
  std::vector<uint8_t> out(12, 0);
  NameCompressor names;
  size_t mark = names.Mark();
  names.Write(Text("example.com"), &out);
  out.resize(12);
  names.Forget(mark);
  names.Write(Text("www.example.com"), &out);  // must not point at the dropped bytes
  std::vector<uint8_t> want(12, 0);
  AppendName(&want, "www.example.com");
  BOOST_TEST(out == want);
}

BOOST_AUTO_TEST_CASE(compressor_can_write_uncompressed) {
  std::vector<uint8_t> out(12, 0);
  NameCompressor names;
  names.Write(Text("example.com"), &out);
  names.Write(Text("example.com"), &out, /*compress=*/false);
  BOOST_TEST(out.size() == 12u + 13u + 13u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::dns
