// bench_od --network N --origins O.csv --destinations D.csv [--threads T] [--runs R] [-o od.csv]
//
// The `equiroute od` pipeline with each stage timed: read roads, project, build graph,
// snap index, snapping, OD query (median of R runs), writing. Prints one JSON line; with -o
// writes origin_id,destination_id,travel_s like the CLI. Used by bench/peers/compare-od to
// separate the engine's query time from loading.

#include <fmt/os.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <exception>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "equiroute/engine/road_graph.hpp"
#include "equiroute/engine/snapping.hpp"
#include "equiroute/engine/travel_queries.hpp"
#include "equiroute/geodata/atomic_output.hpp"
#include "equiroute/geodata/projection.hpp"
#include "equiroute/geodata/road_network.hpp"
#include "equiroute/report/text_table.hpp"

namespace engine = equiroute::engine;
namespace geodata = equiroute::geodata;

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

struct Points {
  std::vector<std::string> ids;
  std::vector<equiroute::LonLat> lonlat;
};

/// id,lon,lat CSV without quoting (what compare-od writes).
Points read_points(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::string line;
  std::getline(in, line);
  Points p;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string id, lon, lat;
    std::getline(ss, id, ',');
    std::getline(ss, lon, ',');
    std::getline(ss, lat, ',');
    if (lat.empty()) continue;
    p.ids.push_back(id);
    p.lonlat.push_back({std::stod(lon), std::stod(lat)});
  }
  return p;
}

/// The kept graph as `graph-export` writes it: nodes.csv (id,lon,lat) and edges.csv
/// (from,to,travel_s,length_m). Streamed with fmt (millions of rows), written atomically.
void export_graph(const engine::RoadGraph& graph, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  {
    geodata::AtomicOutput out(dir / "nodes.csv");
    auto f = fmt::output_file(out.temp_path().string());
    f.print("id,lon,lat\n");
    for (std::uint32_t n = 0; n < graph.node_count(); ++n) {
      const auto p = graph.node_lonlat(n);
      f.print("{},{:.9f},{:.9f}\n", n, p.lon, p.lat);
    }
    f.close();
    out.commit();
  }
  geodata::AtomicOutput out(dir / "edges.csv");
  auto f = fmt::output_file(out.temp_path().string());
  f.print("from,to,travel_s,length_m\n");
  const auto head = graph.head();
  const auto secs = graph.travel_s();
  const auto len = graph.length_m();
  for (std::uint32_t e = 0; e < graph.edge_count(); ++e)
    f.print("{},{},{},{}\n", graph.edge_tail(e), head[e], secs[e], len[e]);  // shortest round-trip
  f.close();
  out.commit();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Timed equiroute OD pipeline (one JSON line)"};
  std::string network, origins_path, destinations_path, output, export_dir;
  unsigned threads = 1;
  std::size_t runs = 3;
  app.add_option("--network", network)->required();
  app.add_option("--origins", origins_path);
  app.add_option("--destinations", destinations_path);
  app.add_option("--export", export_dir,
                 "Only write the kept graph (nodes.csv, edges.csv) to this directory");
  app.add_option("--threads", threads);
  app.add_option("--runs", runs);
  app.add_option("-o,--output", output);
  CLI11_PARSE(app, argc, argv);
  try {
    nlohmann::json j{{"tool", "equiroute"}, {"threads", threads}};
    const auto t_all = Clock::now();
    auto t = Clock::now();
    equiroute::RoadEdges roads = geodata::read_roads(network);
    geodata::Projection projection(geodata::auto_conformal_crs(geodata::bounding_box(roads)));
    const auto node_xy = projection.forward(roads.nodes);
    const engine::RoadGraph graph(roads, node_xy);
    roads = equiroute::RoadEdges{};
    if (!export_dir.empty()) {
      export_graph(graph, export_dir);
      j["nodes"] = graph.node_count();
      j["edges"] = graph.edge_count();
      j["export_s"] = seconds_since(t);
      std::cout << j.dump() << '\n';
      return 0;
    }
    if (origins_path.empty() || destinations_path.empty())
      throw std::runtime_error("--origins and --destinations are required (unless --export)");
    const engine::Snapper snapper(graph);
    const Points origins = read_points(origins_path);
    const Points destinations = read_points(destinations_path);
    const auto o = snapper.snap(projection.forward(origins.lonlat));
    const auto d = snapper.snap(projection.forward(destinations.lonlat));
    j["load_s"] = seconds_since(t);
    std::vector<double> times;
    engine::CostMatrix matrix;
    for (std::size_t r = 0; r < std::max<std::size_t>(1, runs); ++r) {
      t = Clock::now();
      matrix = engine::od_matrix(graph, o, d, {.threads = threads});
      times.push_back(seconds_since(t));
    }
    std::sort(times.begin(), times.end());
    j["query_s"] = times[times.size() / 2];
    j["query_runs"] = times.size();
    if (!output.empty()) {
      equiroute::io::TextTable table({"origin_id", "destination_id", "travel_s"}, {0, 0, 9});
      for (std::size_t i = 0; i < matrix.origin_count; ++i) {
        const auto dest = matrix.row_destinations(i);
        const auto secs = matrix.row_travel_s(i);
        for (std::size_t k = 0; k < dest.size(); ++k)
          table.add_row({origins.ids[i], destinations.ids[dest[k]], secs[k]});
      }
      table.write_csv(output);
    }
    j["nodes"] = graph.node_count();
    j["edges"] = graph.edge_count();
    j["pairs"] = origins.ids.size() * destinations.ids.size();
    j["reachable"] = matrix.entries();
    j["total_s"] = seconds_since(t_all);
    std::cout << j.dump() << '\n';
  } catch (const std::exception& e) {
    std::cerr << "bench_od: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
