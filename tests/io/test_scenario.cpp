#include <algorithm>
#include <catch2/catch.hpp>

#include "equiroute/core/error.hpp"
#include "equiroute/scenario/scenario.hpp"
#include "support.hpp"

using namespace equiroute;
using equiroute::test::TempDir;

namespace {

/// A minimal valid scenario in `dir` (with the region file it names).
std::string minimal(const TempDir& dir) {
  test::write_file(dir / "regions.geojson", R"({"type":"FeatureCollection","features":[]})");
  return "title = \"t\"\n[regions]\npath = \"regions.geojson\"\nid_field = \"id\"\n";
}

}  // namespace

TEST_CASE("scenario: defaults and relative paths", "[io][scenario]") {
  TempDir dir;
  auto s = io::parse_scenario(minimal(dir), dir.path(), "s.toml");
  CHECK(s.title == "t");
  CHECK(s.regions.path == dir / "regions.geojson");
  CHECK(s.network.network.path.empty());
  CHECK(s.network.straight.circuity == 1.3);
  CHECK(s.network.straight.speed_kmh == 40.0);
  REQUIRE(s.access.analysis.models.size() == 7);
  CHECK_FALSE(s.access.threshold_min.has_value());
  // Without a common catchment every model keeps its own default (declared once, in the model).
  CHECK(s.access.analysis.models[1].params.empty());
  CHECK(s.equity.log_base == engine::LogBase::E);
  CHECK(s.output.layer_formats == std::vector<io::LayerFormat>{io::LayerFormat::GeoPackage});
}

TEST_CASE("scenario: errors name the key and its line", "[io][scenario]") {
  TempDir dir;
  std::string base = minimal(dir);
  SECTION("unknown key") {
    CHECK_THROWS_WITH(io::parse_scenario(base + "idfield = \"x\"\n", dir.path(), "s.toml"),
                      Catch::Contains("s.toml") && Catch::Contains("line 5") &&
                          Catch::Contains("unknown key 'regions.idfield'"));
  }
  SECTION("wrong type") {
    CHECK_THROWS_WITH(
        io::parse_scenario(base + "[network]\ncircuity = \"high\"\n", dir.path(), "s.toml"),
        Catch::Contains("line 6") && Catch::Contains("'network.circuity' must be a number"));
  }
  SECTION("missing path") {
    CHECK_THROWS_WITH(io::parse_scenario("[regions]\npath = \"nope.gpkg\"\nid_field = \"id\"\n",
                                         dir.path(), "s.toml"),
                      Catch::Contains("'regions.path'") && Catch::Contains("does not exist"));
  }
  SECTION("bad enumerated value") {
    CHECK_THROWS_WITH(
        io::parse_scenario(base + "[access]\nmodels = [\"4sfca\"]\n", dir.path(), "s.toml"),
        Catch::Contains("'4sfca'") && Catch::Contains("2sfca"));
  }
  SECTION("syntax error") {
    CHECK_THROWS_AS(io::parse_scenario(base + "[output\n", dir.path(), "s.toml"), Error);
  }
  SECTION("unknown top-level table") {
    CHECK_THROWS_WITH(
        io::parse_scenario(base + "[netwrk]\nmode = \"none\"\n", dir.path(), "s.toml"),
        Catch::Contains("unknown key 'netwrk'"));
  }
}

TEST_CASE("scenario: the embedded Hunan example parses", "[io][scenario][embedded]") {
  if (!test::embedded_data()) EQUIROUTE_SKIP("embedded data set not built (scripts/fetch-data)");
  auto s = io::load_scenario(std::filesystem::path(EQUIROUTE_SOURCE_DIR) /
                             "examples/hunan-2018/scenario.toml");
  CHECK(s.resources->fields.size() == 4);
  CHECK(s.facilities->from_resources);
  const auto& models = s.access.analysis.models;
  const auto e2sfca =
      std::find_if(models.begin(), models.end(), [](const auto& m) { return m.name == "e2sfca"; });
  REQUIRE(e2sfca != models.end());
  CHECK(std::get<std::vector<double>>(e2sfca->params.at("zones_min")) ==
        std::vector<double>{40, 80, 120});
  // The common catchment of 120 min is set on the models that take one, and only on them.
  const auto g2sfca =
      std::find_if(models.begin(), models.end(), [](const auto& m) { return m.name == "g2sfca"; });
  CHECK(std::get<double>(g2sfca->params.at("threshold_min")) == 120.0);
  CHECK(e2sfca->params.count("threshold_min") == 0);
  CHECK(s.input_files().size() == 4);  // scenario, regions, resources, facilities
}
