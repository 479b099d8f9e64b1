// `equiroute plan` on point files with --network: the same plans as with --cost given the
// `od` matrix over the same roads (the wiring of the network options, used by the QGIS
// provider's plan_sites), the same again from the network prepared as an .eqnet, and --cost
// together with --network as one clear line, exit 2.

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support.hpp"

using namespace equiroute::test;
namespace fs = std::filesystem;

namespace {

/// The lines of a CSV with its last column (solutions.csv's solve time `seconds`) removed.
std::vector<std::string> without_last_column(const fs::path& path) {
  std::vector<std::string> lines;
  std::istringstream in(read_file(path));
  for (std::string line; std::getline(in, line);) lines.push_back(line.substr(0, line.rfind(',')));
  return lines;
}

/// One straight primary road along the parallel 28°N, 111.8°E–112.4°E, in 0.1° segments.
std::string road_geojson() {
  std::string features;
  for (int i = 0; i < 6; ++i) {
    const double x0 = 111.8 + 0.1 * i;
    features += std::string(i ? "," : "") +
                R"({"type":"Feature","properties":{"highway":"primary","maxspeed":60},)" +
                R"("geometry":{"type":"LineString","coordinates":[[)" + std::to_string(x0) +
                ",28.0],[" + std::to_string(x0 + 0.1) + ",28.0]]}}";
  }
  return R"({"type":"FeatureCollection","features":[)" + features + "]}";
}

}  // namespace

TEST_CASE("equiroute plan --network: the plans of --cost with the od matrix of that network",
          "[cli][plan]") {
  TempDir dir;
  write_file(dir / "roads.geojson", road_geojson());
  write_file(dir / "demand.csv",
             "id,lon,lat,pop\nd1,112.0,28.0,10\nd2,112.1,28.0,20\nd3,112.2,28.0,30\n"
             "d4,112.3,28.0,40\n");
  write_file(dir / "existing.csv", "id,lon,lat\ne0,111.9,28.0\n");
  write_file(dir / "candidates.csv", "id,lon,lat\nc1,112.05,28.0\nc2,112.2,28.0\nc3,112.3,28.0\n");
  write_file(dir / "sites.csv",
             "id,lon,lat\ne0,111.9,28.0\nc1,112.05,28.0\nc2,112.2,28.0\nc3,112.3,28.0\n");
  const std::string network = " --network '" + (dir / "roads.geojson").string() + "'";
  const auto od = run_cli("od" + network + " --origins '" + (dir / "demand.csv").string() +
                          "' --destinations '" + (dir / "sites.csv").string() + "' -o '" +
                          (dir / "cost.csv").string() + "'");
  INFO(od.out << od.err);
  REQUIRE(od.exit_code == 0);
  const std::string files =
      "plan --demand '" + (dir / "demand.csv").string() + "' --population-field pop --existing '" +
      (dir / "existing.csv").string() + "' --candidates '" + (dir / "candidates.csv").string() +
      "' --objective pmedian --objective pcenter --k 1 --k 2";
  const auto by_network = run_cli(files + network + " -o '" + (dir / "net").string() + "'");
  INFO(by_network.out << by_network.err);
  REQUIRE(by_network.exit_code == 0);
  const auto by_cost = run_cli(files + " --cost '" + (dir / "cost.csv").string() + "' -o '" +
                               (dir / "cost").string() + "'");
  INFO(by_cost.out << by_cost.err);
  REQUIRE(by_cost.exit_code == 0);
  const auto rows = without_last_column(dir / "net" / "solutions.csv");
  CHECK(rows.size() == 5);  // header and 2 objectives × 2 k
  CHECK(rows == without_last_column(dir / "cost" / "solutions.csv"));
  CHECK(read_file(dir / "net" / "before_after.csv") ==
        read_file(dir / "cost" / "before_after.csv"));

  SECTION("a prepared network (.eqnet) gives the plans of the raw road layer") {
    const fs::path eqnet = dir / "roads.eqnet";
    const auto prepare =
        run_cli("prepare '" + (dir / "roads.geojson").string() + "' -o '" + eqnet.string() + "'");
    INFO(prepare.err);
    REQUIRE(prepare.exit_code == 0);
    const auto by_eqnet = run_cli(files + " --network '" + eqnet.string() + "' -o '" +
                                  (dir / "eqnet").string() + "'");
    INFO(by_eqnet.err);
    REQUIRE(by_eqnet.exit_code == 0);
    CHECK(without_last_column(dir / "eqnet" / "solutions.csv") == rows);
    CHECK(read_file(dir / "eqnet" / "before_after.csv") ==
          read_file(dir / "net" / "before_after.csv"));
  }

  SECTION("--cost and --network together: one line, exit 2, nothing written") {
    const auto both = run_cli(files + network + " --cost '" + (dir / "cost.csv").string() +
                              "' -o '" + (dir / "both").string() + "'");
    CHECK(both.exit_code == 2);
    CHECK_THAT(both.err, Catch::Contains("give either --cost or --network, not both"));
    CHECK_FALSE(fs::exists(dir / "both"));
  }
}
