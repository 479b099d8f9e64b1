#include <catch2/catch.hpp>

#include "equiroute/core/error.hpp"
#include "equiroute/pipeline/file_hash.hpp"
#include "support.hpp"

TEST_CASE("file_sha256 matches the published test vectors", "[io][hash]") {
  equiroute::test::TempDir dir;
  equiroute::test::write_file(dir / "empty", "");
  equiroute::test::write_file(dir / "abc", "abc");
  // FIPS 180-2 test vectors
  CHECK(equiroute::io::file_sha256(dir / "empty") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(equiroute::io::file_sha256(dir / "abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK_THROWS_AS(equiroute::io::file_sha256(dir / "missing"), equiroute::Error);
}
