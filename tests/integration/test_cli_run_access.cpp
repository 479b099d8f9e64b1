// `run` and `access` are two front ends over the same pipeline: on the same regions,
// population, facilities and model parameters they must write identical access tables.

#include <catch2/catch.hpp>
#include <string>

#include "support.hpp"

using namespace equiroute::test;

namespace {

// Three unit squares in two groups; each county has a seat point and a name.
const char* kRegions = R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"c1","name":"North","pref":"P1","pop":1200,"seat_lon":112.2,"seat_lat":28.3},"geometry":{"type":"Polygon","coordinates":[[[112,28],[112.5,28],[112.5,28.5],[112,28.5],[112,28]]]}},
{"type":"Feature","properties":{"id":"c2","name":"East","pref":"P1","pop":300,"seat_lon":112.7,"seat_lat":28.2},"geometry":{"type":"Polygon","coordinates":[[[112.5,28],[113,28],[113,28.5],[112.5,28.5],[112.5,28]]]}},
{"type":"Feature","properties":{"id":"c3","name":"Far","pref":"P2","pop":800,"seat_lon":114.4,"seat_lat":29.4},"geometry":{"type":"Polygon","coordinates":[[[114,29],[114.5,29],[114.5,29.5],[114,29.5],[114,29]]]}}]})";
const char* kFacilities = "id,lon,lat,beds\nh1,112.25,28.25,40\nh2,112.9,28.1,15\n";

const char* kModels[] = {"nearest", "cumulative", "gravity", "2sfca", "e2sfca", "g2sfca", "3sfca"};

}  // namespace

TEST_CASE("run and access give identical access tables", "[integration][access][run]") {
  TempDir dir;
  write_file(dir / "regions.geojson", kRegions);
  write_file(dir / "fac.csv", kFacilities);
  std::string models_toml, models_cli;
  for (const char* m : kModels) {
    models_toml += std::string(models_toml.empty() ? "" : ", ") + "\"" + m + "\"";
    models_cli += std::string(" --model ") + m;
  }
  write_file(dir / "s.toml",
             "[regions]\npath = \"regions.geojson\"\nid_field = \"id\"\nname_field = \"name\"\n"
             "group_field = \"pref\"\npopulation_field = \"pop\"\n"
             "[facilities]\npath = \"fac.csv\"\nid_field = \"id\"\ncapacity_fields = [\"beds\"]\n"
             "[demand]\nrule = \"seat\"\n"
             "[access]\nmodels = [" +
                 models_toml +
                 "]\nthreshold_min = 90\n[access.params.e2sfca]\nzones_min = [30, 60, 90]\n"
                 "[output]\nmaps = false\nreport = false\n");
  auto run = run_cli("run '" + (dir / "s.toml").string() + "' -o '" + (dir / "run").string() + "'");
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  auto access =
      run_cli("access --demand '" + (dir / "regions.geojson").string() +
              "' --demand-rule seat --demand-id-field id --name-field name --group-field pref"
              " --population-field pop --supply '" +
              (dir / "fac.csv").string() + "' --supply-field beds --network none" + models_cli +
              " --threshold-min 90 --param e2sfca.zones_min=30,60,90 --layer-format none -o '" +
              (dir / "access").string() + "'");
  INFO(access.err);
  REQUIRE(access.exit_code == 0);
  for (const char* table : {"access_demand.csv", "access_regions.csv", "access_burden.csv",
                            "access_equity.csv", "access_supply.csv"}) {
    INFO(table);
    const std::string from_run = read_file(dir / "run" / "tables" / table);
    CHECK_FALSE(from_run.empty());
    CHECK(from_run == read_file(dir / "access" / table));
  }
}
