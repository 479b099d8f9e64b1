// `equiroute prepare` and prepared networks end to end: every routing command takes the
// .eqnet in place of the road file with the same results; graph-info reports raw and
// compressed sizes; a truncated file or another profile exits 2 with one line naming it.

#include <catch2/catch.hpp>
#include <map>
#include <sstream>

#include "support.hpp"

using equiroute::test::read_file;
using equiroute::test::run_cli;
using equiroute::test::TempDir;
using equiroute::test::write_file;

namespace {

/// A 5 × 5 grid of streets whose blocks carry two curved shape points each (a curved
/// town), one row one-way, around 112.9°E 28.2°N.
std::string curved_grid_osm() {
  std::ostringstream s;
  s.precision(10);
  s << "<?xml version=\"1.0\"?>\n<osm version=\"0.6\">\n";
  int next = 1000;
  std::ostringstream ways;
  const auto grid_id = [](int r, int c) { return 1 + r * 5 + c; };
  for (int r = 0; r < 5; ++r)
    for (int c = 0; c < 5; ++c)
      s << "<node id=\"" << grid_id(r, c) << "\" lat=\"" << 28.2 + 0.002 * r << "\" lon=\""
        << 112.9 + 0.002 * c << "\"/>\n";
  int way = 100;
  for (int horizontal = 0; horizontal < 2; ++horizontal)
    for (int line = 0; line < 5; ++line) {
      ways << "<way id=\"" << way++ << "\">";
      for (int k = 0; k < 5; ++k) {
        const int r = horizontal ? line : k, c = horizontal ? k : line;
        ways << "<nd ref=\"" << grid_id(r, c) << "\"/>";
        if (k == 4) break;
        for (int sp = 1; sp <= 2; ++sp) {  // shape points bulging sideways
          const double f = sp / 3.0, bulge = 0.0003 * (sp == 1 ? 1 : 0.8);
          const double lat = 28.2 + 0.002 * (horizontal ? r : r + f) + (horizontal ? bulge : 0);
          const double lon = 112.9 + 0.002 * (horizontal ? c + f : c) + (horizontal ? 0 : bulge);
          s << "<node id=\"" << next << "\" lat=\"" << lat << "\" lon=\"" << lon << "\"/>\n";
          ways << "<nd ref=\"" << next++ << "\"/>";
        }
      }
      ways << "<tag k=\"highway\" v=\"" << (horizontal ? "residential" : "tertiary") << "\"/>"
           << (horizontal && line == 2 ? "<tag k=\"oneway\" v=\"yes\"/>" : "") << "</way>\n";
    }
  s << ways.str() << "</osm>\n";
  return s.str();
}

std::string points_csv(int n, int salt) {
  std::ostringstream s;
  s.precision(10);
  s << "id,lon,lat\n";
  for (int i = 0; i < n; ++i)
    s << "p" << i << "," << 112.9 + 0.0079 * ((i * 37 + salt) % 101) / 100.0 << ","
      << 28.2 + 0.0079 * ((i * 53 + 3 * salt) % 103) / 102.0 << "\n";
  return s.str();
}

std::map<std::string, double> od_rows(const std::string& csv) {
  std::map<std::string, double> rows;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    const auto a = line.find(','), b = line.find(',', a + 1);
    rows[line.substr(0, b)] = std::stod(line.substr(b + 1));
  }
  return rows;
}

std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

std::size_t lines(const std::string& text) {
  std::size_t n = 0;
  for (const char c : text) n += c == '\n' ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("prepare writes a network every routing command takes", "[cli][prepare]") {
  TempDir dir;
  write_file(dir / "town.osm", curved_grid_osm());
  write_file(dir / "o.csv", points_csv(40, 1));
  write_file(dir / "d.csv", points_csv(12, 7));
  const auto prep =
      run_cli("--quiet prepare " + q(dir / "town.osm") + " -o " + q(dir / "town.eqnet"));
  INFO(prep.err);
  REQUIRE(prep.exit_code == 0);

  // graph-info: raw road vertices and segments, then the compressed graph.
  const auto raw = run_cli("graph-info " + q(dir / "town.osm"));
  REQUIRE(raw.exit_code == 0);
  // 25 grid nodes + 80 shape points; the 4 corners are shape points of their corner too.
  CHECK(raw.out.find("raw nodes: 105\n") != std::string::npos);
  CHECK(raw.out.find("\nnodes: 21\n") != std::string::npos);
  const auto info = run_cli("graph-info " + q(dir / "town.eqnet"));
  REQUIRE(info.exit_code == 0);
  CHECK(info.out.find("raw nodes: 105\n") != std::string::npos);
  CHECK(info.out.find("prepared network: input sha256 ") != std::string::npos);

  // od, nearest, isochrones and graph-export on the road file and on the prepared network.
  const std::string pts = " --origins " + q(dir / "o.csv") + " --destinations " + q(dir / "d.csv");
  REQUIRE(run_cli("od --network " + q(dir / "town.osm") + pts + " -o " + q(dir / "od1.csv"))
              .exit_code == 0);
  REQUIRE(run_cli("od --network " + q(dir / "town.eqnet") + pts + " -o " + q(dir / "od2.csv"))
              .exit_code == 0);
  const auto a = od_rows(read_file(dir / "od1.csv")), b = od_rows(read_file(dir / "od2.csv"));
  REQUIRE(a.size() == 40 * 12);
  REQUIRE(b.size() == a.size());
  for (const auto& [pair, t] : a) CHECK(b.at(pair) == Approx(t).margin(0.0015));  // 3 decimals
  REQUIRE(
      run_cli("nearest --network " + q(dir / "town.osm") + pts + " --k 2 -o " + q(dir / "n1.csv"))
          .exit_code == 0);
  REQUIRE(
      run_cli("nearest --network " + q(dir / "town.eqnet") + pts + " --k 2 -o " + q(dir / "n2.csv"))
          .exit_code == 0);
  CHECK(read_file(dir / "n1.csv") == read_file(dir / "n2.csv"));
  const auto iso = run_cli("isochrones --network " + q(dir / "town.eqnet") + " --origins " +
                           q(dir / "o.csv") + " --minutes 1,2 -o " + q(dir / "iso.geojson"));
  INFO(iso.err);
  CHECK(iso.exit_code == 0);
  CHECK(run_cli("graph-export " + q(dir / "town.eqnet") + " -o " + q(dir / "export")).exit_code ==
        0);
  CHECK(lines(read_file(dir / "export" / "nodes.csv")) == 22);
}

TEST_CASE("a damaged or mismatching prepared network exits 2 with one line", "[cli][prepare]") {
  TempDir dir;
  write_file(dir / "town.osm", curved_grid_osm());
  write_file(dir / "o.csv", points_csv(5, 1));
  REQUIRE(run_cli("--quiet prepare " + q(dir / "town.osm") + " -o " + q(dir / "town.eqnet"))
              .exit_code == 0);
  const std::string bytes = read_file(dir / "town.eqnet");
  write_file(dir / "cut.eqnet", bytes.substr(0, bytes.size() / 3));
  const std::string pts = " --origins " + q(dir / "o.csv") + " --destinations " + q(dir / "o.csv");
  const auto cut =
      run_cli("--quiet od --network " + q(dir / "cut.eqnet") + pts + " -o " + q(dir / "x.csv"));
  CHECK(cut.exit_code == 2);
  CHECK(lines(cut.err) == 1);
  CHECK(cut.err.find("cut.eqnet") != std::string::npos);
  CHECK(cut.err.find("truncated") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "x.csv"));
  const auto other = run_cli("--quiet od --network " + q(dir / "town.eqnet") +
                             " --speed residential=10" + pts + " -o " + q(dir / "x.csv"));
  CHECK(other.exit_code == 2);
  CHECK(lines(other.err) == 1);
  CHECK(other.err.find("prepared with another profile") != std::string::npos);
  CHECK(other.err.find("residential") != std::string::npos);
  // prepare's output must be an .eqnet; its input must be a road file.
  CHECK(
      run_cli("--quiet prepare " + q(dir / "town.osm") + " -o " + q(dir / "town.bin")).exit_code ==
      2);
  CHECK(run_cli("--quiet prepare " + q(dir / "town.eqnet") + " -o " + q(dir / "again.eqnet"))
            .exit_code == 2);
}

TEST_CASE("a network prepared with its own profile is used without repeating it",
          "[cli][prepare]") {
  TempDir dir;
  write_file(dir / "town.osm", curved_grid_osm());
  write_file(dir / "o.csv", points_csv(6, 1));
  write_file(dir / "d.csv", points_csv(4, 7));
  REQUIRE(run_cli("--quiet prepare " + q(dir / "town.osm") + " --speed residential=10 -o " +
                  q(dir / "slow.eqnet"))
              .exit_code == 0);
  const std::string pts = " --origins " + q(dir / "o.csv") + " --destinations " + q(dir / "d.csv");
  // No profile option: the file's profile, the same times as the road file with it.
  REQUIRE(run_cli("--quiet od --network " + q(dir / "slow.eqnet") + pts + " -o " + q(dir / "a.csv"))
              .exit_code == 0);
  REQUIRE(run_cli("--quiet od --network " + q(dir / "town.osm") + " --speed residential=10" + pts +
                  " -o " + q(dir / "b.csv"))
              .exit_code == 0);
  const auto a = od_rows(read_file(dir / "a.csv")), b = od_rows(read_file(dir / "b.csv"));
  REQUIRE(a.size() == 24);
  for (const auto& [pair, t] : b) CHECK(a.at(pair) == Approx(t).margin(0.0015));
  // The same option again is accepted; another value is refused (above).
  CHECK(run_cli("--quiet od --network " + q(dir / "slow.eqnet") + " --speed residential=10" + pts +
                " -o " + q(dir / "c.csv"))
            .exit_code == 0);
}

TEST_CASE("a network cache prepares a road file once and later commands map it", "[cli][prepare]") {
  TempDir dir;
  write_file(dir / "town.osm", curved_grid_osm());
  write_file(dir / "o.csv", points_csv(10, 1));
  write_file(dir / "d.csv", points_csv(5, 7));
  const std::string pts = " --origins " + q(dir / "o.csv") + " --destinations " + q(dir / "d.csv");
  const std::string net = " --network " + q(dir / "town.osm");
  const std::string cache = " --network-cache " + q(dir / "cache");
  const auto first = run_cli("od" + net + cache + pts + " -o " + q(dir / "od1.csv"));
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(first.err.find("network cache: preparing") != std::string::npos);
  std::size_t entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir / "cache"))
    entries += e.path().extension() == ".eqnet" ? 1 : 0;
  CHECK(entries == 1);
  const auto second = run_cli("od" + net + cache + pts + " -o " + q(dir / "od2.csv"));
  REQUIRE(second.exit_code == 0);
  CHECK(second.err.find("network cache: preparing") == std::string::npos);
  CHECK(read_file(dir / "od1.csv") == read_file(dir / "od2.csv"));
  // The same times as without the cache (built from the road file for this call).
  REQUIRE(run_cli("--quiet od" + net + pts + " -o " + q(dir / "od3.csv")).exit_code == 0);
  const auto a = od_rows(read_file(dir / "od1.csv")), b = od_rows(read_file(dir / "od3.csv"));
  REQUIRE(a.size() == b.size());
  for (const auto& [pair, t] : b) CHECK(a.at(pair) == Approx(t).margin(0.0015));
  // isochrones and nearest take the cached network too, without preparing it again.
  const auto iso = run_cli("isochrones" + net + cache + " --origins " + q(dir / "o.csv") +
                           " --minutes 1 -o " + q(dir / "iso.geojson"));
  INFO(iso.err);
  CHECK(iso.exit_code == 0);
  CHECK(iso.err.find("network cache: preparing") == std::string::npos);
  const auto near = run_cli("nearest" + net + cache + pts + " --k 1 -o " + q(dir / "near.csv"));
  CHECK(near.exit_code == 0);
  CHECK(near.err.find("network cache: preparing") == std::string::npos);
}
