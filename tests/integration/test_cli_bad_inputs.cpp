// The CLI's bad-input table (issue 16): every class of tests/support/bad_inputs.hpp given to
// the command that reads a file of its role, plus the classes that only a command can show
// (options naming absent fields or layers, scenario and manifest errors, output paths that
// cannot be written). Each must end with one clear error: exit 2 for bad input, 3 for I/O;
// the message names the file and, where there is one, the feature and the field; and the
// output path does not exist afterwards.

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "support.hpp"
#include "support/bad_inputs.hpp"

using namespace equiroute::test;
namespace fs = std::filesystem;

namespace {

struct CliCase {
  std::string name;
  std::string args;     ///< arguments of equiroute (shell-quoted)
  fs::path output;      ///< must not exist afterwards
  int exit_code = 2;    ///< 2 bad input, 3 I/O
  std::string file;     ///< the message names it
  std::string feature;  ///< "" if none
  std::string field;    ///< "" if none
  std::string message;  ///< part of the message or of its hint
};

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

/// The command that reads a generated bad input as its role says.
CliCase command_for(const BadInput& input, const fs::path& out) {
  const fs::path file = input.path;
  CliCase c{input.name,    "",          out,          input.exit_code, file.string(),
            input.feature, input.field, input.message};
  if (input.role == "regions" && input.name.rfind("regions-population", 0) == 0) {
    c.output = out / (input.name + "-equity");
    c.args = "equity --table " + q(file) + " --key code --population pop --resource pop -o " +
             q(c.output);
  } else if (input.role == "regions") {
    c.output = out / (input.name + ".csv");
    c.args = "areas " + q(file) + " --id code -o " + q(c.output);
  } else if (input.role == "points" || input.role == "table") {
    c.output = out / (input.name + ".csv");
    const std::string id = file.extension() == ".csv" ? "id" : "code";
    c.args = "od --network none --origins " + q(file) + " --destinations " + q(file) +
             " --id-field " + id + " -o " + q(c.output);
  } else {
    c.output = out / (input.name + "-graph");
    c.args = "graph-export " + q(file) + " -o " + q(c.output);
    if (input.name == "osm-nodes-missing-strict") c.args += " --strict";
    if (file.extension() == ".gpkg") {
      // Road layers have no id option: features are named by their number (FID), and the
      // road reader says "cannot transform the vertex …".
      c.feature = "1";
      if (c.message == "cannot transform the coordinates") c.message = "cannot transform";
    }
  }
  return c;
}

/// Classes that only a command shows: options, scenarios, manifests, output paths.
std::vector<CliCase> command_cases(const fs::path& dir, const fs::path& out) {
  write_file(
      dir / "regions.geojson",
      R"({"type":"FeatureCollection","features":[)"
      R"({"type":"Feature","properties":{"code":"A","pop":5},"geometry":{"type":"Polygon","coordinates":[[[113,28],[113.1,28],[113.1,28.1],[113,28.1],[113,28]]]}},)"
      R"({"type":"Feature","properties":{"code":"B","pop":7},"geometry":{"type":"Polygon","coordinates":[[[113.1,28],[113.2,28],[113.2,28.1],[113.1,28.1],[113.1,28]]]}}]})");
  write_file(dir / "table.csv", "code,pop,beds\nA,5,1\nB,7,2\n");
  write_file(dir / "table-dup.csv", "code,pop,beds\nA,5,1\nA,7,2\n");
  write_file(dir / "demand.csv", "id,lon,lat,pop\nD1,113.05,28.05,10\nD2,113.15,28.05,20\n");
  write_file(dir / "supply.csv", "id,lon,lat,beds\nH1,113.1,28.06,5\n");
  write_file(dir / "cost-negative.csv", "origin_id,destination_id,travel_s\nD1,H1,60\nD2,H1,-5\n");
  write_file(dir / "cost-unknown.csv", "origin_id,destination_id,travel_s\nD1,H1,60\nD9,H1,5\n");
  write_file(dir / "road.geojson",
             R"({"type":"FeatureCollection","features":[{"type":"Feature",)"
             R"("properties":{"highway":"primary"},"geometry":{"type":"LineString",)"
             R"("coordinates":[[113.0,28.0],[113.1,28.0]]}}]})");
  write_file(dir / "far.csv", "id,lon,lat\nF1,115.0,30.0\n");  // ~290 km from the road
  write_file(dir / "cost-unreachable.csv",
             "origin_id,destination_id,travel_s\nD1,H1,\nD2,H1,inf\n");
  write_file(dir / "a-file", "not a directory\n");
  write_file(dir / "syntax.toml", "[regions\npath = \"regions.geojson\"\n");
  write_file(dir / "unknown-key.toml",
             "[regions]\npath = \"regions.geojson\"\nid_field = \"code\"\n"
             "population_field = \"pop\"\ncolour = \"red\"\n");
  write_file(dir / "manifest.toml", "[batch\nscenario = \"x.toml\"\n");
  // A name longer than the system allows (NAME_MAX 255 on Linux): found by fuzzing, once an
  // uncaught std::filesystem exception.
  const std::string long_name(300, 'x');
  write_file(dir / "long-path.toml",
             "[regions]\npath = \"" + long_name + ".geojson\"\nid_field = \"code\"\n");
  write_file(dir / "long-manifest.toml",
             "[[runs]]\nname = \"a\"\nscenario = \"" + long_name + ".toml\"\n");
  fs::create_directories(dir / "existing-dir");
  const auto regions = dir / "regions.geojson";
  const auto table = dir / "table.csv";
  const auto access = [&](const fs::path& cost) {
    return "access --demand " + q(dir / "demand.csv") + " --population-field pop --supply " +
           q(dir / "supply.csv") + " --cost " + q(cost) + " --model 2sfca -o " + q(out / "access");
  };
  const auto equity = [&](const fs::path& t, const std::string& key, const fs::path& o) {
    return "equity --table " + q(t) + " --key " + key + " --population pop --resource beds -o " +
           q(o);
  };
  const std::string od_points = "od --network none --origins " + q(dir / "demand.csv") +
                                " --destinations " + q(dir / "supply.csv");
  const std::string missing = (dir / "missing.geojson").string();
  return {
      {"input-missing", "areas " + q(missing) + " -o " + q(out / "a.csv"), out / "a.csv", 2,
       missing, "", "", "no such file"},
      {"layer-absent", "areas " + q(regions) + " --layer nope -o " + q(out / "a.csv"),
       out / "a.csv", 2, regions.string(), "", "", "no such layer"},
      {"id-field-absent", "areas " + q(regions) + " --id nope -o " + q(out / "a.csv"),
       out / "a.csv", 2, regions.string(), "", "nope", "no such field"},
      {"dissolve-field-absent",
       "areas " + q(regions) + " --id code --dissolve-by nope -o " + q(out / "a.csv"),
       out / "a.csv", 2, regions.string(), "", "nope", "nope"},
      {"output-format-unknown", "areas " + q(regions) + " --id code -o " + q(out / "a.xyz"),
       out / "a.xyz", 2, (out / "a.xyz").string(), "", "", "unknown output format"},
      {"crs-not-understood", od_points + " --crs EPSG:99999999 -o " + q(out / "od.csv"),
       out / "od.csv", 2, (dir / "demand.csv").string(), "", "", "cannot understand CRS"},
      {"equity-key-absent", equity(table, "nope", out / "eq"), out / "eq", 2, table.string(), "",
       "nope", "nope"},
      {"equity-key-duplicate", equity(dir / "table-dup.csv", "code", out / "eq"), out / "eq", 2,
       (dir / "table-dup.csv").string(), "A", "code", "duplicate"},
      {"cost-negative", access(dir / "cost-negative.csv"), out / "access", 2,
       (dir / "cost-negative.csv").string(), "", "travel_s", "negative"},
      {"cost-unknown-origin", access(dir / "cost-unknown.csv"), out / "access", 2,
       (dir / "cost-unknown.csv").string(), "", "", "D9"},
      {"cost-nothing-reachable", access(dir / "cost-unreachable.csv"), out / "access", 2,
       (dir / "cost-unreachable.csv").string(), "", "", "--allow-unreachable"},
      {"od-nothing-within-cutoff", od_points + " --cutoff-min 0.01 -o " + q(out / "od.csv"),
       out / "od.csv", 2, (dir / "demand.csv").string(), "", "", "reaches any"},
      {"isochrones-no-origin-on-the-network",
       "isochrones --network " + q(dir / "road.geojson") + " --origins " + q(dir / "far.csv") +
           " --minutes 10 -o " + q(out / "iso.geojson"),
       out / "iso.geojson", 2, (dir / "road.geojson").string(), "", "", "far.csv"},
      {"scenario-missing", "run " + q(dir / "nope.toml") + " -o " + q(out / "run"), out / "run", 2,
       (dir / "nope.toml").string(), "", "", ""},
      {"scenario-syntax", "run " + q(dir / "syntax.toml") + " -o " + q(out / "run"), out / "run", 2,
       (dir / "syntax.toml").string(), "", "", ""},
      {"scenario-unknown-key", "run " + q(dir / "unknown-key.toml") + " -o " + q(out / "run"),
       out / "run", 2, (dir / "unknown-key.toml").string(), "", "", "colour"},
      {"scenario-path-too-long", "run " + q(dir / "long-path.toml") + " -o " + q(out / "run"),
       out / "run", 2, (dir / "long-path.toml").string(), "", "", "File name too long"},
      {"manifest-path-too-long",
       "batch " + q(dir / "long-manifest.toml") + " -o " + q(out / "batch"), out / "batch", 2,
       (dir / "long-manifest.toml").string(), "", "", "not found"},
      {"manifest-syntax", "batch " + q(dir / "manifest.toml") + " -o " + q(out / "batch"),
       out / "batch", 2, (dir / "manifest.toml").string(), "", "", ""},
      {"od-output-is-directory", od_points + " -o " + q(dir / "existing-dir"),
       dir / "existing-dir" / "od.csv", 3, (dir / "existing-dir").string(), "", "", ""},
      {"od-output-under-a-file", od_points + " -o " + q(dir / "a-file" / "od.csv"),
       dir / "a-file" / "od.csv", 3, (dir / "a-file").string(), "", "", ""},
      {"areas-output-under-a-file",
       "areas " + q(regions) + " --id code -o " + q(dir / "a-file" / "a.csv"),
       dir / "a-file" / "a.csv", 3, (dir / "a-file").string(), "", "", ""},
      {"equity-output-under-a-file", equity(table, "code", dir / "a-file" / "eq"),
       dir / "a-file" / "eq", 3, (dir / "a-file").string(), "", "", ""},
  };
}

}  // namespace

TEST_CASE("every bad input to the CLI is one clear error and leaves no output",
          "[cli][errors][badinput]") {
  TempDir dir;
  fs::create_directories(dir / "inputs");
  fs::create_directories(dir / "out");
  std::vector<CliCase> cases;
  for (const auto& input : make_bad_inputs(dir / "inputs")) {
    cases.push_back(command_for(input, dir / "out"));
  }
  for (auto& c : command_cases(dir.path(), dir / "out")) cases.push_back(std::move(c));
  CHECK(cases.size() >= 40);
  for (const auto& c : cases) {
    INFO(c.name << ": equiroute " << c.args);
    const CliResult r = run_cli(c.args);
    INFO(r.err);
    CHECK(r.exit_code == c.exit_code);
    CHECK_THAT(r.err, Catch::Contains(c.file));
    if (!c.feature.empty()) CHECK_THAT(r.err, Catch::Contains("feature " + c.feature));
    if (!c.field.empty()) CHECK_THAT(r.err, Catch::Contains("'" + c.field + "'"));
    if (!c.message.empty()) CHECK_THAT(r.err, Catch::Contains(c.message));
    CHECK_FALSE(r.err.find("internal error") != std::string::npos);
    CHECK_FALSE(fs::exists(c.output));
  }
}

TEST_CASE("nothing reachable is a warning with --allow-unreachable", "[cli][errors]") {
  // The same inputs as the classes cost-nothing-reachable and od-nothing-within-cutoff above:
  // with the flag the commands finish (exit 0), every demand point is flagged unreached.
  TempDir dir;
  write_file(dir / "demand.csv", "id,lon,lat,pop\nD1,113.05,28.05,10\nD2,113.15,28.05,20\n");
  write_file(dir / "supply.csv", "id,lon,lat,beds\nH1,113.1,28.06,5\n");
  write_file(dir / "cost.csv", "origin_id,destination_id,travel_s\nD1,H1,\nD2,H1,inf\n");
  const CliResult access =
      run_cli("access --demand " + q(dir / "demand.csv") + " --population-field pop --supply " +
              q(dir / "supply.csv") + " --cost " + q(dir / "cost.csv") +
              " --model 2sfca --allow-unreachable -o " + q(dir / "access"));
  INFO(access.err);
  REQUIRE(access.exit_code == 0);
  CHECK_THAT(access.err, Catch::Contains("allowed by --allow-unreachable"));
  const std::string demand = read_file(dir / "access" / "access_demand.csv");
  CHECK_THAT(demand, Catch::Contains("D1"));
  CHECK_THAT(demand, Catch::Contains("D2"));

  const CliResult od = run_cli("od --network none --origins " + q(dir / "demand.csv") +
                               " --destinations " + q(dir / "supply.csv") +
                               " --cutoff-min 0.01 --allow-unreachable -o " + q(dir / "od.csv"));
  INFO(od.err);
  REQUIRE(od.exit_code == 0);
  CHECK(read_file(dir / "od.csv") == "origin_id,destination_id,travel_s,approximate\n");
}
