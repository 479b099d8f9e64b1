// The scenario's `encoding` key (issue 16): kept as given, checked against iconv at load.

#include <catch2/catch.hpp>
#include <string>

#include "equiroute/core/error.hpp"
#include "equiroute/scenario/scenario.hpp"

using namespace equiroute;

TEST_CASE("scenario encoding is read and an unknown one is an error naming its line",
          "[io][scenario][encoding]") {
  const auto base = std::string(EQUIROUTE_SOURCE_DIR) + "/tests/io";
  // Paths are checked at load: use one that exists beside the test sources.
  const std::string regions = "[regions]\npath = \"" + std::string(EQUIROUTE_SOURCE_DIR) +
                              "/fuzz/corpus/geojson_regions/two_counties.geojson\"\n"
                              "id_field = \"code\"\npopulation_field = \"pop\"\n";
  const io::Scenario none = io::parse_scenario(regions, base, "s.toml");
  CHECK(none.encoding.empty());
  const io::Scenario gbk = io::parse_scenario("encoding = \"GBK\"\n" + regions, base, "s.toml");
  CHECK(gbk.encoding == "GBK");
  try {
    io::parse_scenario("title = \"t\"\nencoding = \"NO-SUCH\"\n" + regions, base, "s.toml");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.exit_code() == 2);
    const std::string what = e.what();
    CHECK_THAT(
        what, Catch::Contains("s.toml") && Catch::Contains("NO-SUCH") && Catch::Contains("line 2"));
  }
}
