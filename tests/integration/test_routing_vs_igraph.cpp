// `equiroute od` checked against an independent shortest-path implementation (python-igraph,
// bench/peers/igraph.py) on real OSM extracts: the graph equiroute built is exported with
// `graph-export`, origins and destinations are placed exactly on exported nodes (so snapping
// adds nothing), and every pair's travel time must agree.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "support.hpp"

using namespace equiroute::test;

namespace {

/// Debian's python (python3-igraph is a Debian package; a pyenv python3 on PATH lacks it).
std::string debian_python() {
  return fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

bool igraph_importable() {
  const std::string cmd = debian_python() + " -c 'import igraph' >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

/// Rows of a simple numeric CSV (no quoting), header checked.
std::vector<std::vector<std::string>> read_rows(const fs::path& path,
                                                const std::string& expected_header) {
  std::istringstream in(read_file(path));
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  REQUIRE(line == expected_header);
  std::vector<std::vector<std::string>> rows;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) rows.push_back(split_csv_line(line));
  }
  return rows;
}

struct OdResult {
  std::map<std::pair<long long, long long>, double> travel_s;
  int max_decimals = 0;  ///< most decimals printed in travel_s (round-off of the file)
};

OdResult read_od(const fs::path& path) {
  OdResult r;
  for (const auto& row : read_rows(path, "origin_id,destination_id,travel_s")) {
    REQUIRE(row.size() == 3);
    const auto dot = row[2].find('.');
    if (dot != std::string::npos && row[2].find_first_of("eE") == std::string::npos)
      r.max_decimals = std::max(r.max_decimals, static_cast<int>(row[2].size() - dot - 1));
    r.travel_s[{std::stoll(row[0]), std::stoll(row[1])}] = std::stod(row[2]);
  }
  return r;
}

void check_against_igraph(const std::string& file_name) {
  const auto data = shared_data();
  if (!data || !fs::exists(*data / "osm" / file_name))
    EQUIROUTE_SKIP("shared OSM extract osm/" << file_name << " is absent");
  if (!igraph_importable())
    EQUIROUTE_SKIP("python3-igraph is not installed (scripts/setup-deps installs it)");
  const fs::path network = *data / "osm" / file_name;
  TempDir dir;

  auto exported =
      run_cli("graph-export '" + network.string() + "' -o '" + (dir / "graph").string() + "'");
  REQUIRE(exported.exit_code == 0);
  const auto nodes = read_rows(dir / "graph" / "nodes.csv", "id,lon,lat");
  // 30 + 30 distinct nodes, fewer on a tiny graph (West-Oakland keeps 24 after compressing
  // its chains of shape points).
  const std::size_t kPicks = std::min<std::size_t>(30, nodes.size() / 2);
  REQUIRE(kPicks >= 10);
  const auto edges = read_rows(dir / "graph" / "edges.csv", "from,to,travel_s,length_m");
  REQUIRE(!edges.empty());

  // kPicks origins and destinations spread evenly over the node ids, never the same node;
  // their coordinates are the exported text, so each snaps exactly onto its node.
  const std::size_t n = nodes.size();
  std::string origins = "id,lon,lat\n";
  std::string destinations = "id,lon,lat\n";
  for (std::size_t i = 0; i < kPicks; ++i) {
    const auto& o = nodes[(i * n) / kPicks];
    const auto& d = nodes[(i * n) / kPicks + n / (2 * kPicks)];
    REQUIRE(o.size() == 3);
    REQUIRE(d.size() == 3);
    origins += o[0] + "," + o[1] + "," + o[2] + "\n";
    destinations += d[0] + "," + d[1] + "," + d[2] + "\n";
  }
  write_file(dir / "origins.csv", origins);
  write_file(dir / "destinations.csv", destinations);

  auto od =
      run_cli("od --network '" + network.string() + "' --origins '" +
              (dir / "origins.csv").string() + "' --destinations '" +
              (dir / "destinations.csv").string() + "' -o '" + (dir / "od.csv").string() + "'");
  INFO(od.err);
  REQUIRE(od.exit_code == 0);

  const std::string igraph_cmd =
      debian_python() + " '" + EQUIROUTE_SOURCE_DIR + "/bench/peers/igraph.py' '" +
      (dir / "graph" / "nodes.csv").string() + "' '" + (dir / "graph" / "edges.csv").string() +
      "' '" + (dir / "origins.csv").string() + "' '" + (dir / "destinations.csv").string() + "' '" +
      (dir / "igraph.csv").string() + "' >/dev/null";
  REQUIRE(std::system(igraph_cmd.c_str()) == 0);

  const OdResult ours = read_od(dir / "od.csv");
  const OdResult peer = read_od(dir / "igraph.csv");
  // 1e-6 relative, plus half a unit in the last decimal either file printed (so that the
  // files' own round-off cannot fail a pair of short trips).
  const double printed = 0.5 * std::pow(10.0, -std::min(ours.max_decimals, peer.max_decimals));
  std::size_t compared = 0;
  std::size_t reachable = 0;
  double max_rel = 0.0;
  for (std::size_t i = 0; i < kPicks; ++i) {
    for (std::size_t j = 0; j < kPicks; ++j) {
      const long long o = std::stoll(nodes[(i * n) / kPicks][0]);
      const long long d = std::stoll(nodes[(j * n) / kPicks + n / (2 * kPicks)][0]);
      const auto a = ours.travel_s.find({o, d});
      const auto b = peer.travel_s.find({o, d});
      INFO(file_name << ": origin node " << o << " -> destination node " << d);
      REQUIRE((a == ours.travel_s.end()) == (b == peer.travel_s.end()));  // unreachable agrees
      ++compared;
      if (a == ours.travel_s.end()) continue;
      ++reachable;
      const double scale = std::max(std::abs(a->second), std::abs(b->second));
      REQUIRE(std::abs(a->second - b->second) <= 1e-6 * scale + printed);
      if (scale > 0) max_rel = std::max(max_rel, std::abs(a->second - b->second) / scale);
    }
  }
  CHECK(compared == kPicks * kPicks);
  // A real road network: most pairs must be reachable, or the check would be vacuous.
  CHECK(reachable >= compared / 2);
  CHECK(ours.travel_s.size() == peer.travel_s.size());
  WARN(file_name << ": " << nodes.size() << " nodes, " << edges.size() << " edges, " << reachable
                 << "/" << compared << " pairs reachable, max relative difference vs igraph "
                 << max_rel);
}

}  // namespace

TEST_CASE("od agrees with igraph on andorra.osm.pbf", "[integration][routing][igraph]") {
  check_against_igraph("andorra.osm.pbf");
}

TEST_CASE("od agrees with igraph on campo-grande.osm.gz", "[integration][routing][igraph]") {
  check_against_igraph("campo-grande.osm.gz");
}

TEST_CASE("od agrees with igraph on West-Oakland.osm.bz2", "[integration][routing][igraph]") {
  check_against_igraph("West-Oakland.osm.bz2");
}
