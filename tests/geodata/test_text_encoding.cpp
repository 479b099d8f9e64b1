// TextDecoder and is_valid_utf8: the conversions every reader's text goes through.

#include <catch2/catch.hpp>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/text_encoding.hpp"
#include "fixtures.hpp"

using namespace equiroute;
using namespace equiroute::geodata;

TEST_CASE("is_valid_utf8 accepts what JSON accepts, nothing else", "[geodata][encoding]") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("adcode 430102"));
  CHECK(is_valid_utf8("长沙市 芙蓉区"));
  CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));        // U+1F600, four bytes
  CHECK_FALSE(is_valid_utf8("\xB3\xA4\xC9\xB3"));  // 长沙 in GBK
  CHECK_FALSE(is_valid_utf8("\xC0\x80"));          // overlong NUL
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate U+D800
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xE4\xB8"));          // truncated 中
  CHECK_FALSE(is_valid_utf8("ok\xFF"));
}

TEST_CASE("TextDecoder converts GBK and GB18030 to UTF-8", "[geodata][encoding]") {
  const std::string name = "长沙市芙蓉区";
  const std::string bytes = test::gbk(name);
  REQUIRE(bytes == "\xB3\xA4\xC9\xB3\xCA\xD0\xDC\xBD\xC8\xD8\xC7\xF8");  // GB 2312 code table
  for (const char* encoding : {"GBK", "GB18030", "CP936"}) {
    TextDecoder decoder(encoding);
    CHECK(decoder.decode(bytes) == name);
    CHECK(decoder.encode(name) == bytes);
    CHECK(decoder.decode("430102,abc") == "430102,abc");
  }
  // GB18030's four-byte form covers what GBK lacks: U+00FF ÿ is 81 30 8B 37, U+1F600 is
  // 94 39 FC 36 (GB 18030-2005 mapping); GBK cannot decode them.
  CHECK(TextDecoder("GB18030").decode("\x81\x30\x8B\x37\x94\x39\xFC\x36") == "ÿ\xF0\x9F\x98\x80");
  CHECK_FALSE(TextDecoder("GBK").decode("\x81\x30\x8B\x37"));
}

TEST_CASE("TextDecoder reports the byte it cannot decode", "[geodata][encoding]") {
  TextDecoder gb("GB18030");
  DecodeFailure failure;
  CHECK_FALSE(gb.decode("\xB3\xA4\xFF\xFF", &failure));  // 0xFF never starts a character
  CHECK(failure.offset == 2);
  CHECK(failure.description == "byte 0xFF at offset 2");
  CHECK_FALSE(gb.decode("\xB3\xA4\xC9", &failure));  // ends inside 沙
  CHECK(failure.offset == 2);
  CHECK(failure.description == "truncated character at offset 2");

  TextDecoder utf8("utf8");
  CHECK(utf8.is_utf8());
  CHECK(utf8.decode("长沙") == "长沙");
  CHECK_FALSE(utf8.decode("ab\xB3\xA4", &failure));
  CHECK(failure.offset == 2);
}

TEST_CASE("an unknown encoding is a clear error", "[geodata][encoding][errors]") {
  try {
    TextDecoder decoder("no-such-encoding");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::BadInput);
    CHECK_THAT(e.what(), Catch::Contains("unknown text encoding 'no-such-encoding'"));
    CHECK_THAT(e.hint(), Catch::Contains("GB18030"));
  }
}

TEST_CASE("printable_utf8 keeps UTF-8 and escapes the rest", "[geodata][encoding]") {
  CHECK(printable_utf8("长沙 ok") == "长沙 ok");
  CHECK(printable_utf8("bad \xB3\xA4!") == "bad \\xB3\\xA4!");
  CHECK(is_valid_utf8(printable_utf8("\xFF\xFE\xED\xA0\x80")));
}
