// Determinism of `equiroute run` (issue 16): the same scenario run with 1 and with 2 worker
// threads gives byte-identical result files — tables, layers in every format, maps in every
// format, report, summary. The manifest records the thread count and the timings of the
// steps by design, so it is compared on what it certifies: the SHA-256 of every output.

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "support.hpp"

using namespace equiroute::test;
namespace fs = std::filesystem;

namespace {

/// A 6 × 6 grid of residential streets, 0.01° apart, south-west corner (113.00, 28.00).
std::string grid_osm() {
  std::string osm = R"(<?xml version="1.0" encoding="UTF-8"?><osm version="0.6">)";
  constexpr int kSide = 6;
  const auto id = [](int row, int col) { return 1 + row * kSide + col; };
  for (int row = 0; row < kSide; ++row)
    for (int col = 0; col < kSide; ++col)
      osm += "<node id=\"" + std::to_string(id(row, col)) + "\" lat=\"" +
             std::to_string(28.0 + 0.01 * row) + "\" lon=\"" + std::to_string(113.0 + 0.01 * col) +
             "\"/>";
  int way = 1;
  for (int line = 0; line < kSide; ++line) {
    for (const bool rows : {true, false}) {
      osm += "<way id=\"" + std::to_string(way++) + "\">";
      for (int k = 0; k < kSide; ++k)
        osm += "<nd ref=\"" + std::to_string(rows ? id(line, k) : id(k, line)) + "\"/>";
      osm += R"(<tag k="highway" v="residential"/></way>)";
    }
  }
  return osm + "</osm>";
}

std::map<std::string, std::string> files_under(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file())
      out[fs::relative(entry.path(), root).string()] = read_file(entry.path());
  return out;
}

}  // namespace

TEST_CASE("equiroute run gives byte-identical outputs with 1 and 2 threads",
          "[cli][run][determinism]") {
  TempDir dir;
  write_file(dir / "roads.osm", grid_osm());
  write_file(dir / "regions.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"id":"W","name":"西区","pop":1200},"geometry":{"type":"Polygon","coordinates":[[[113,28],[113.025,28],[113.025,28.05],[113,28.05],[113,28]]]}},
    {"type":"Feature","properties":{"id":"E","name":"东区","pop":800},"geometry":{"type":"Polygon","coordinates":[[[113.025,28],[113.05,28],[113.05,28.05],[113.025,28.05],[113.025,28]]]}}]})");
  write_file(dir / "fac.csv", "id,lon,lat,beds\nf1,113.004,28.012,30\nf2,113.041,28.038,10\n");
  write_file(dir / "scenario.toml",
             "title = \"determinism\"\n"
             "[regions]\npath = \"regions.geojson\"\nid_field = \"id\"\nname_field = \"name\"\n"
             "population_field = \"pop\"\n"
             "[facilities]\npath = \"fac.csv\"\nid_field = \"id\"\ncapacity_fields = [\"beds\"]\n"
             "[network]\npath = \"roads.osm\"\n"
             "[access]\nmodels = [\"nearest\", \"2sfca\", \"g2sfca\"]\nthreshold_min = 15\n"
             "[output]\nlayers = [\"gpkg\", \"geojson\", \"shp\"]\n"
             "map_formats = [\"png\", \"pdf\", \"svg\"]\n");
  std::map<std::string, std::string> outputs[2];
  nlohmann::json manifests[2];
  for (int threads : {1, 2}) {
    const fs::path out = dir / ("out-" + std::to_string(threads));
    const CliResult r = run_cli("run '" + (dir / "scenario.toml").string() + "' --threads " +
                                std::to_string(threads) + " -o '" + out.string() + "'");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    outputs[threads - 1] = files_under(out);
    manifests[threads - 1] = nlohmann::json::parse(outputs[threads - 1].at("manifest.json"));
    outputs[threads - 1].erase("manifest.json");
  }
  REQUIRE(outputs[0].size() > 10);
  for (const auto& [name, bytes] : outputs[0]) {
    INFO(name);
    REQUIRE(outputs[1].count(name) == 1);
    CHECK(outputs[1].at(name) == bytes);
  }
  CHECK(outputs[1].size() == outputs[0].size());
  CHECK(manifests[0].at("outputs") == manifests[1].at("outputs"));
}
