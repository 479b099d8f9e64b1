#include <catch2/catch.hpp>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/atomic_output.hpp"
#include "support.hpp"

using namespace equiroute;
using equiroute::test::TempDir;

TEST_CASE("AtomicOutput publishes only on commit", "[geodata][atomic]") {
  TempDir dir;
  auto target = dir / "out.csv";
  SECTION("an abandoned write leaves nothing behind") {
    {
      geodata::AtomicOutput out(target);
      test::write_file(out.temp_path(), "half");
      REQUIRE(std::filesystem::exists(out.temp_path()));
    }
    CHECK_FALSE(std::filesystem::exists(target));
    CHECK(std::filesystem::is_empty(dir.path()));
  }
  SECTION("commit renames over an earlier output") {
    test::write_file(target, "old");
    geodata::write_text_atomic(target, "new");
    CHECK(test::read_file(target) == "new");
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 1);
  }
  SECTION("an input is never overwritten") {
    test::write_file(target, "input");
    CHECK_THROWS_AS(geodata::write_text_atomic(target, "x", {target}), Error);
    CHECK(test::read_file(target) == "input");
  }
  SECTION("a missing directory is a clear error") {
    CHECK_THROWS_WITH(geodata::write_text_atomic(dir / "no/such/out.csv", "x"),
                      Catch::Contains("output directory does not exist"));
  }
}

TEST_CASE("Error formats its context on one line", "[error]") {
  Error e("not a number", {.file = "a.csv", .layer = "a", .feature_id = "430102", .field = "pop"});
  CHECK(std::string(e.what()) ==
        "file 'a.csv', layer 'a', feature 430102, field 'pop': not a number");
  CHECK(e.exit_code() == 2);
  CHECK(Error("x", {}, ErrorKind::Internal).exit_code() == 1);
}
