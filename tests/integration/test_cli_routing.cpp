// End-to-end routing commands: graph-info, graph-export, od, nearest, isochrones on an OSM
// file written by the test; exported nodes snap exactly; thread-count determinism; bad
// input exits 2 with a clear message.

#include <catch2/catch.hpp>
#include <map>
#include <sstream>

#include "support.hpp"

using equiroute::test::read_file;
using equiroute::test::run_cli;
using equiroute::test::TempDir;
using equiroute::test::write_file;

namespace {

/// A 6 × 6 grid of two-way residential streets (~111 m spacing) with one one-way row.
std::string grid_osm() {
  std::ostringstream s;
  s << "<?xml version=\"1.0\"?>\n<osm version=\"0.6\">\n";
  s.precision(10);
  for (int r = 0; r < 6; ++r)
    for (int c = 0; c < 6; ++c)
      s << "<node id=\"" << 1 + r * 6 + c << "\" lat=\"" << 28.2 + 0.001 * r << "\" lon=\""
        << 112.9 + 0.001 * c << "\"/>\n";
  int way = 100;
  for (int r = 0; r < 6; ++r) {
    s << "<way id=\"" << way++ << "\">";
    for (int c = 0; c < 6; ++c) s << "<nd ref=\"" << 1 + r * 6 + c << "\"/>";
    s << "<tag k=\"highway\" v=\"residential\"/>" << (r == 2 ? "<tag k=\"oneway\" v=\"yes\"/>" : "")
      << "</way>\n";
  }
  for (int c = 0; c < 6; ++c) {
    s << "<way id=\"" << way++ << "\">";
    for (int r = 0; r < 6; ++r) s << "<nd ref=\"" << 1 + r * 6 + c << "\"/>";
    s << "<tag k=\"highway\" v=\"tertiary\"/></way>\n";
  }
  s << "</osm>\n";
  return s.str();
}

std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::istringstream ls(line);
    std::string cell;
    while (std::getline(ls, cell, ',')) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

}  // namespace

TEST_CASE("routing commands on a small OSM grid", "[cli][routing]") {
  TempDir dir;
  const auto net = dir / "grid.osm";
  write_file(net, grid_osm());

  SECTION("graph-info describes the graph") {
    const auto r = run_cli("graph-info " + q(net));
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("nodes: 36") != std::string::npos);
    // 6 rows × 5 segments: 5 two-way rows (50) + 1 one-way row (5); 6 columns × 5 × 2 (60).
    CHECK(r.out.find("directed edges: 115") != std::string::npos);
    CHECK(r.out.find("dropped nodes: 0") != std::string::npos);
  }

  SECTION("exported nodes snap exactly: node-to-node time equals the edge time") {
    REQUIRE(run_cli("graph-export " + q(net) + " -o " + q(dir / "g")).exit_code == 0);
    const auto nodes = csv_rows(read_file(dir / "g" / "nodes.csv"));
    const auto edges = csv_rows(read_file(dir / "g" / "edges.csv"));
    REQUIRE(nodes.size() == 33);   // 36 grid nodes, 4 corners compressed into their chains
    REQUIRE(edges.size() == 108);  // 115 segments, 8 merged at the corners
    CHECK(nodes[0] == std::vector<std::string>{"id", "lon", "lat"});
    CHECK(edges[0] == std::vector<std::string>{"from", "to", "travel_s", "length_m"});
    // Origin on the first edge's tail, destination on its head: the direct edge is the
    // fastest path on this grid, and both access legs are zero.
    const auto& e = edges[1];
    const auto& from = nodes[std::stoul(e[0]) + 1];
    const auto& to = nodes[std::stoul(e[1]) + 1];
    write_file(dir / "o.csv", "id,lon,lat\nA," + from[1] + "," + from[2] + "\n");
    write_file(dir / "d.csv", "id,lon,lat\nB," + to[1] + "," + to[2] + "\n");
    const auto r = run_cli("od --network " + q(net) + " --origins " + q(dir / "o.csv") +
                           " --destinations " + q(dir / "d.csv") + " -o " + q(dir / "od.csv"));
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("snap distance max 0.0 m") != std::string::npos);
    const auto od = csv_rows(read_file(dir / "od.csv"));
    REQUIRE(od.size() == 2);
    CHECK(std::stod(od[1][2]) == Approx(std::stod(e[2])).margin(1e-3));
  }

  SECTION("od, nearest and straight-line outputs; thread counts give identical bytes") {
    std::string origins = "id,lon,lat\n", dests = "id,lon,lat\n";
    for (int i = 0; i < 12; ++i)
      origins += "o" + std::to_string(i) + "," + std::to_string(112.9 + 0.00043 * i) + "," +
                 std::to_string(28.2 + 0.00041 * ((i * 7) % 12)) + "\n";
    for (int j = 0; j < 4; ++j)
      dests += "d" + std::to_string(j) + "," + std::to_string(112.9012 + 0.001 * j) + "," +
               std::to_string(28.2049 - 0.0011 * j) + "\n";
    dests += "far,113.5,28.2\n";  // ~59 km away: beyond the 5 km snap limit
    write_file(dir / "o.csv", origins);
    write_file(dir / "d.csv", dests);
    const std::string common = " --network " + q(net) + " --origins " + q(dir / "o.csv") +
                               " --destinations " + q(dir / "d.csv");
    const auto r1 = run_cli("od" + common + " --threads 1 -o " + q(dir / "od1.csv"));
    REQUIRE(r1.exit_code == 0);
    CHECK(r1.err.find("unreachable") != std::string::npos);
    REQUIRE(run_cli("od" + common + " --threads 2 -o " + q(dir / "od2.csv")).exit_code == 0);
    REQUIRE(run_cli("od" + common + " --threads 4 -o " + q(dir / "od4.csv")).exit_code == 0);
    const std::string od1 = read_file(dir / "od1.csv");
    CHECK(od1 == read_file(dir / "od2.csv"));
    CHECK(od1 == read_file(dir / "od4.csv"));
    const auto rows = csv_rows(od1);
    CHECK(rows[0] == std::vector<std::string>{"origin_id", "destination_id", "travel_s"});
    CHECK(rows.size() == 1 + 12 * 4);  // "far" omitted
    std::map<std::string, double> best;
    for (std::size_t i = 1; i < rows.size(); ++i) {
      const double t = std::stod(rows[i][2]);
      if (!best.count(rows[i][0]) || t < best[rows[i][0]]) best[rows[i][0]] = t;
    }
    REQUIRE(run_cli("nearest" + common + " --k 2 -o " + q(dir / "near.csv")).exit_code == 0);
    const auto near = csv_rows(read_file(dir / "near.csv"));
    CHECK(near[0] == std::vector<std::string>{"origin_id", "rank", "destination_id", "travel_s"});
    REQUIRE(near.size() == 1 + 12 * 2);
    for (std::size_t i = 1; i < near.size(); i += 2) {
      CHECK(near[i][1] == "1");
      CHECK(std::stod(near[i][3]) == Approx(best[near[i][0]]).margin(1e-3));
      CHECK(std::stod(near[i + 1][3]) >= std::stod(near[i][3]));
    }
    const auto sl = run_cli("od --network none --origins " + q(dir / "o.csv") + " --destinations " +
                            q(dir / "d.csv") + " -o " + q(dir / "sl.csv"));
    REQUIRE(sl.exit_code == 0);
    CHECK(sl.err.find("approximation") != std::string::npos);
    const auto sl_rows = csv_rows(read_file(dir / "sl.csv"));
    CHECK(sl_rows[0].back() == "approximate");
    CHECK(sl_rows.size() == 1 + 12 * 5);
  }

  SECTION("isochrones are written as polygons") {
    write_file(dir / "o.csv", "id,lon,lat\nc,112.9025,28.2025\n");
    const auto r = run_cli("isochrones --network " + q(net) + " --origins " + q(dir / "o.csv") +
                           " --minutes 0.5,1 -o " + q(dir / "iso.geojson"));
    REQUIRE(r.exit_code == 0);
    const std::string iso = read_file(dir / "iso.geojson");
    CHECK(iso.find("Polygon") != std::string::npos);
    CHECK(iso.find("\"minutes\": 0.5") != std::string::npos);
  }

  SECTION("bad input exits 2 with a clear message") {
    write_file(dir / "empty.csv", "id,lon,lat\n");
    write_file(dir / "one.csv", "id,lon,lat\na,112.901,28.201\n");
    write_file(dir / "metres.csv", "id,lon,lat\na,500000,3120000\n");
    write_file(dir / "bad.osm.pbf", std::string("\x00\x00\x00\x0egarbage garbage", 19));
    auto r = run_cli("od --network " + q(net) + " --origins " + q(dir / "empty.csv") +
                     " --destinations " + q(dir / "one.csv") + " -o " + q(dir / "x.csv"));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("no points") != std::string::npos);
    r = run_cli("od --network " + q(net) + " --origins " + q(dir / "metres.csv") +
                " --destinations " + q(dir / "one.csv") + " -o " + q(dir / "x.csv"));
    CHECK(r.exit_code == 2);
    // geodata's reader catches it (io's own check behind it says "outside the lon/lat range").
    CHECK(r.err.find("metres.csv") != std::string::npos);
    CHECK(r.err.find("longitude/latitude out of range: (500000, 3120000)") != std::string::npos);
    r = run_cli("graph-info " + q(dir / "bad.osm.pbf"));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("bad.osm.pbf") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "x.csv"));
  }
}
