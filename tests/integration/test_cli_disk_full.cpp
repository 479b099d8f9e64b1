// A full disk under the commands that write result sets (issue 16): `run`, `equity`, `access`
// and `graph-export` with their output on a 4 KiB disk (tests/support/full_disk.hpp: a tmpfs
// when the test may mount, else a file-size limit on the child). Each must stop with the I/O
// exit code 3 and the system's reason, name what it was writing, and leave nothing behind: no
// output directory and no temporary file on the disk.

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "support.hpp"
#include "support/full_disk.hpp"

using namespace equiroute::test;
namespace fs = std::filesystem;

namespace {

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

/// Runs `equiroute ARGS` with the disk's limit applied to the child only.
CliResult run_on(const FullDisk& disk, const std::string& args) {
  TempDir capture;
  const std::string command = std::string("'") + EQUIROUTE_CLI + "' " + args + " >" +
                              q(capture / "out") + " 2>" + q(capture / "err");
  const int status = std::system(disk.wrap(command).c_str());
  CliResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(capture / "out");
  result.err = read_file(capture / "err");
  return result;
}

/// The checks every command must pass on the full disk.
void require_clean_io_failure(const FullDisk& disk, const CliResult& r, const fs::path& out) {
  INFO(r.err);
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.err, Catch::Contains(disk.reason()));
  CHECK_THAT(r.err, Catch::Contains(disk.path().string()));  // names what it was writing
  CHECK_THAT(r.err, !Catch::Contains("internal error"));
  CHECK_FALSE(fs::exists(out));
  CHECK(fs::is_empty(disk.path()));  // no temporary sibling left
}

/// Demand points on a 20 × 20 lattice with populations, and 4 facilities: the demand table
/// alone is far larger than the disk.
void write_points(const fs::path& dir) {
  std::string demand = "id,lon,lat,population\n";
  for (int i = 0; i < 20; ++i)
    for (int j = 0; j < 20; ++j)
      demand += "d" + std::to_string(i * 20 + j) + "," + std::to_string(112.0 + 0.05 * i) + "," +
                std::to_string(27.0 + 0.05 * j) + "," + std::to_string(100 + i * j) + "\n";
  write_file(dir / "demand.csv", demand);
  write_file(dir / "supply.csv",
             "id,lon,lat,beds\nf1,112.2,27.2,10\nf2,112.8,27.2,20\nf3,112.2,27.8,30\n"
             "f4,112.8,27.8,40\n");
}

/// A 15 × 15 two-way residential grid (OSM XML), 0.001° apart.
std::string grid_osm() {
  std::string x = "<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6'>\n";
  auto id = [](int r, int c) { return r * 15 + c + 1; };
  for (int r = 0; r < 15; ++r)
    for (int c = 0; c < 15; ++c)
      x += "<node id='" + std::to_string(id(r, c)) + "' lat='" + std::to_string(28.0 + 0.001 * r) +
           "' lon='" + std::to_string(113.0 + 0.001 * c) + "'/>\n";
  int way = 1;
  auto add_way = [&](int a, int b) {
    x += "<way id='" + std::to_string(way++) + "'><nd ref='" + std::to_string(a) + "'/><nd ref='" +
         std::to_string(b) + "'/><tag k='highway' v='residential'/></way>\n";
  };
  for (int r = 0; r < 15; ++r)
    for (int c = 0; c < 15; ++c) {
      if (c + 1 < 15) add_way(id(r, c), id(r, c + 1));
      if (r + 1 < 15) add_way(id(r, c), id(r + 1, c));
    }
  return x + "</osm>\n";
}

}  // namespace

TEST_CASE("a full disk under access, graph-export and equity: exit 3, nothing left",
          "[cli][errors][disk]") {
  TempDir dir;
  FullDisk disk(dir / "disk", 4096);
  write_points(dir.path());

  SECTION("access") {
    const std::string args = "access --demand " + q(dir / "demand.csv") +
                             " --population-field population --supply " + q(dir / "supply.csv") +
                             " --supply-field beds --network none --model nearest --model 2sfca";
    const fs::path out = disk / "access";
    require_clean_io_failure(disk, run_on(disk, args + " -o " + q(out)), out);
    // With room to write the same command succeeds: the failure was the disk's.
    CHECK(run_cli(args + " -o " + q(dir / "access")).exit_code == 0);
  }
  SECTION("graph-export") {
    write_file(dir / "grid.osm", grid_osm());
    const fs::path out = disk / "graph";
    const auto r = run_on(disk, "graph-export " + q(dir / "grid.osm") + " -o " + q(out));
    require_clean_io_failure(disk, r, out);
  }
  SECTION("equity") {
    std::string table = "key,pop,beds\n";
    for (int i = 0; i < 400; ++i)
      table += "region-" + std::to_string(i) + "," + std::to_string(1000 + i) + "," +
               std::to_string(i % 17) + "\n";
    write_file(dir / "table.csv", table);
    const fs::path out = disk / "equity";
    const auto r = run_on(disk, "equity --table " + q(dir / "table.csv") +
                                    " --key key --population pop --resource beds -o " + q(out));
    require_clean_io_failure(disk, r, out);
  }
}

TEST_CASE("a full disk under run: exit 3, no result directory", "[cli][errors][disk]") {
  const auto data = embedded_data();
  if (!data) EQUIROUTE_SKIP("embedded data set data/hunan-2018 is absent (run scripts/fetch-data)");
  TempDir dir;
  FullDisk disk(dir / "disk", 4096);
  write_file(dir / "scenario.toml",
             "title = \"full disk\"\n"
             "[regions]\npath = " +
                 q(*data / "counties.geojson") +
                 "\nid_field = \"adcode\"\ngroup_field = \"prefecture\"\n"
                 "[resources]\npath = " +
                 q(*data / "table3_2018.csv") +
                 "\nkey = \"adcode\"\npopulation_field = \"population_10k\""
                 "\npopulation_scale = 10000\nlevel = \"group\"\n"
                 "fields = [\"doctors\"]\n"
                 "[output]\nmaps = false\nreport = false\n");
  const fs::path out = disk / "run";
  const auto r = run_on(disk, "run " + q(dir / "scenario.toml") + " -o " + q(out));
  require_clean_io_failure(disk, r, out);
}
