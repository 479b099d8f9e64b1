// The scenario keys of issue 18: [equity] bootstrap, [sweep] and [demand] crs, and how a
// sweep combination becomes the options of a run (the same as a scenario with those values).

#include <fmt/core.h>

#include <catch2/catch.hpp>

#include "equiroute/core/error.hpp"
#include "equiroute/scenario/scenario.hpp"
#include "support.hpp"

using namespace equiroute;
using equiroute::test::TempDir;

namespace {

/// A valid scenario with facilities (the files need only exist to be parsed).
std::string base(const TempDir& dir) {
  test::write_file(dir / "regions.geojson", R"({"type":"FeatureCollection","features":[]})");
  test::write_file(dir / "fac.csv", "id,lon,lat\n");
  return "title = \"t\"\n"                                             // line 1
         "[regions]\npath = \"regions.geojson\"\nid_field = \"id\"\n"  // 2-4
         "[facilities]\npath = \"fac.csv\"\nid_field = \"id\"\n";      // 5-7
}

io::Scenario parse(const std::string& text, const TempDir& dir) {
  return io::parse_scenario(text, dir.path(), "s.toml");
}

}  // namespace

TEST_CASE("scenario: [equity] bootstrap and its defaults", "[io][scenario][bootstrap]") {
  TempDir dir;
  CHECK_FALSE(parse(base(dir), dir).equity.bootstrap);
  const auto s = parse(base(dir) + "[equity]\nbootstrap = 999\n", dir);
  REQUIRE(s.equity.bootstrap);
  CHECK(s.equity.bootstrap->replicates == 999);
  CHECK(s.equity.bootstrap->seed == engine::kDefaultBootstrapSeed);
  CHECK(s.equity.bootstrap->level == 0.95);
  const auto t = parse(
      base(dir) + "[equity]\nbootstrap = 99\nbootstrap_seed = 7\nbootstrap_level = 0.9\n", dir);
  CHECK(t.equity.bootstrap->seed == 7);
  CHECK(t.equity.bootstrap->level == 0.9);

  CHECK_THROWS_WITH(parse(base(dir) + "[equity]\nbootstrap = 0\n", dir),
                    Catch::Contains("s.toml") && Catch::Contains("line 9") &&
                        Catch::Contains("'equity.bootstrap' must be at least 1"));
  CHECK_THROWS_WITH(parse(base(dir) + "[equity]\nbootstrap = 99\nbootstrap_level = 95\n", dir),
                    Catch::Contains("line 10") && Catch::Contains("strictly between 0 and 1"));
  CHECK_THROWS_WITH(parse(base(dir) + "[equity]\nbootstrap_seed = 1\n", dir),
                    Catch::Contains("goes with equity.bootstrap"));
}

TEST_CASE("scenario: [demand] crs of a point layer", "[io][scenario][china]") {
  TempDir dir;
  test::write_file(dir / "villages.csv", "id,lon,lat,pop\n");
  const auto s = parse(base(dir) +
                           "[demand]\nrule = \"points\"\npath = \"villages.csv\"\n"
                           "population_field = \"pop\"\ncrs = \"GCJ-02\"\n",
                       dir);
  CHECK(s.demand.points.crs == "GCJ-02");
  CHECK_THROWS_WITH(parse(base(dir) + "[demand]\ncrs = \"GCJ-02\"\n", dir),
                    Catch::Contains("go with demand.rule = \"points\""));
}

TEST_CASE("scenario: [sweep] lists, dotted names and their order", "[io][scenario][sweep]") {
  TempDir dir;
  SECTION("network parameters come first; a sub-table and a quoted key are both dotted names") {
    const auto s = parse(base(dir) +
                             "[sweep]\nthreshold_min = [30, 60]\ngravity.beta = [1, 2]\n"
                             "speed_kmh = [30, 40, 50]\n\"gravity.decay\" = [\"power\", "
                             "\"exponential\"]\nmax_rank_change = 3\n",
                         dir);
    REQUIRE(s.sweep);
    const auto& grid = s.sweep->grid;
    CHECK(grid.size() == 2 * 2 * 3 * 2);
    CHECK(grid.network_settings() == 3);
    CHECK(grid.axes()[0].name == "speed_kmh");
    CHECK(s.sweep->max_rank_change == 3);
    std::vector<std::string> names;
    for (const auto& a : grid.axes()) names.push_back(a.name);
    CHECK(std::count(names.begin(), names.end(), "gravity.beta") == 1);
    CHECK(std::count(names.begin(), names.end(), "gravity.decay") == 1);
  }
  SECTION("the scenario's own values of the axes") {
    const auto s = parse(base(dir) +
                             "[network]\nspeed_kmh = 35\n[access]\nthreshold_min = 45\n"
                             "[sweep]\nthreshold_min = [30]\nspeed_kmh = [30]\n"
                             "gravity.beta = [1]\n\"2sfca.threshold_min\" = [10]\n",
                         dir);
    // gravity's default beta is 1 (engine), 2sfca's catchment the common 45 min
    CHECK(io::scenario_sweep_values(s, s.sweep->grid) ==
          std::vector<std::string>{"35", "45", "1", "45"});
  }
}

TEST_CASE("scenario: a sweep setting is the scenario with those values", "[io][scenario][sweep]") {
  TempDir dir;
  const std::string common = base(dir) + "[network]\ncircuity = 1.2\n";
  const auto swept = parse(common +
                               "[access]\nmodels = [\"2sfca\", \"gravity\", \"e2sfca\"]\n"
                               "[access.params.gravity]\ndecay = \"exponential\"\n"
                               "[sweep]\nthreshold_min = [30, 90]\nspeed_kmh = [25, 50]\n"
                               "gravity.beta = [0.1, 0.2]\n",
                           dir);
  const auto& grid = swept.sweep->grid;
  for (std::size_t i = 0; i < grid.size(); ++i) {
    const auto values = grid.combination(i);  // speed_kmh, threshold_min, gravity.beta
    const std::string one = fmt::format(
        "{}speed_kmh = {}\n[access]\nmodels = [\"2sfca\", \"gravity\", \"e2sfca\"]\n"
        "threshold_min = {}\n[access.params.gravity]\ndecay = \"exponential\"\nbeta = {}\n",
        common, engine::to_string(values[0]), engine::to_string(values[1]),
        engine::to_string(values[2]));
    const auto separate = parse(one, dir);
    const io::SweepSetting setting = io::sweep_setting(swept, grid, i);
    INFO(grid.label(i));
    CHECK(setting.network.straight.speed_kmh == separate.network.straight.speed_kmh);
    CHECK(setting.network.straight.circuity == 1.2);
    REQUIRE(setting.access.models.size() == separate.access.analysis.models.size());
    for (std::size_t m = 0; m < setting.access.models.size(); ++m) {
      CHECK(setting.access.models[m].name == separate.access.analysis.models[m].name);
      CHECK(setting.access.models[m].params == separate.access.analysis.models[m].params);
    }
    CHECK(setting.access.burden.thresholds_min == separate.access.analysis.burden.thresholds_min);
  }
}

TEST_CASE("scenario: bad sweeps are one line naming the key", "[io][scenario][sweep]") {
  TempDir dir;
  test::write_file(dir / "roads.geojson", R"({"type":"FeatureCollection","features":[]})");
  struct Case {
    std::string name, text, expect;
  };
  const std::vector<Case> cases{
      {"empty list", "[sweep]\nthreshold_min = []\n", "the sweep list of 'threshold_min' is empty"},
      {"unknown name", "[sweep]\ncatchment = [30]\n", "unknown sweep parameter 'catchment'"},
      {"no parameter", "[sweep]\nmax_rank_change = 2\n", "the sweep has no parameters"},
      {"not a list", "[sweep]\nthreshold_min = 30\n", "must be a list of values"},
      {"repeated value", "[sweep]\nspeed_kmh = [30, 30]\n", "repeats the value 30"},
      {"text for a number", "[sweep]\nspeed_kmh = [\"fast\"]\n", "takes numbers"},
      {"bad value", "[sweep]\nspeed_kmh = [30, 0]\n", "value 0 must be > 0 km/h"},
      {"bad model value", "[sweep]\ngravity.beta = [-1]\n", "beta must be finite and >= 0"},
      {"unknown word", "[sweep]\ngravity.decay = [\"linear\"]\n", "linear"},
      {"straight-line speed with a road network",
       "[network]\npath = \"roads.geojson\"\n[sweep]\nspeed_kmh = [30]\n",
       "applies to straight-line travel"},
      {"catchment without a model that takes one",
       "[access]\nmodels = [\"gravity\"]\n[sweep]\nthreshold_min = [30]\n", "changes no model"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      try {
        (void)parse(base(dir) + c.text, dir);
        FAIL("no error");
      } catch (const Error& e) {
        const std::string what = e.what();
        INFO(what);
        CHECK(e.kind() == ErrorKind::BadInput);
        CHECK_THAT(what, Catch::Contains(c.expect) && Catch::Contains("s.toml") &&
                             Catch::Contains("line "));
        CHECK(what.find('\n') == std::string::npos);
      }
    }
  }
  SECTION("a sweep needs facilities") {
    (void)base(dir);  // writes regions.geojson
    CHECK_THROWS_WITH(
        io::parse_scenario("[regions]\npath = \"regions.geojson\"\nid_field = \"id\"\n[sweep]\n"
                           "speed_kmh = [30]\n",
                           dir.path(), "s.toml"),
        Catch::Contains("needs [facilities]"));
  }
}
