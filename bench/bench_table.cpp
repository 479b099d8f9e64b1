// bench_table: equiroute's contraction hierarchy and table query on a graph exported by
// `equiroute graph-export`, the counterpart of bench/peers/routingkit_table.cpp (same input,
// same output) for bench/peers/compare-routingkit.
//
//   bench_table GRAPH_DIR ORIGINS.txt DESTINATIONS.txt OUT.csv [--threads 1] [--runs 3]
//
// Weights are the exported travel_s rounded to milliseconds, as RoutingKit gets them, so
// both tools compute on the identical graph. Origins and destinations are node ids (one
// per line), placed exactly on their nodes. Prints one JSON line: hierarchy build time and
// the table's time with the method chosen automatically and with each forced.

#include <CLI/CLI.hpp>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "bench_common.hpp"
#include "equiroute/engine/contraction_hierarchy.hpp"

using namespace equiroute;
using namespace equiroute::bench;

namespace {

std::vector<std::uint32_t> read_ids(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::uint32_t> ids;
  std::uint32_t id = 0;
  while (in >> id) ids.push_back(id);
  return ids;
}

/// The exported graph with travel times rounded to milliseconds; node positions in a local
/// equirectangular frame (metres), used only to place points on nodes.
std::pair<RoadEdges, std::vector<XY>> read_graph(const std::string& dir) {
  RoadEdges roads;
  std::ifstream nodes(dir + "/nodes.csv");
  std::string line;
  std::getline(nodes, line);
  while (std::getline(nodes, line)) {
    std::stringstream ss(line);
    std::string id, lon, lat;
    std::getline(ss, id, ',');
    std::getline(ss, lon, ',');
    std::getline(ss, lat, ',');
    if (!lat.empty()) roads.nodes.push_back({std::stod(lon), std::stod(lat)});
  }
  std::ifstream edges(dir + "/edges.csv");
  std::getline(edges, line);
  while (std::getline(edges, line)) {
    std::stringstream ss(line);
    std::string from, to, travel, length;
    std::getline(ss, from, ',');
    std::getline(ss, to, ',');
    std::getline(ss, travel, ',');
    std::getline(ss, length, ',');
    if (length.empty()) continue;
    const double ms = static_cast<double>(std::llround(std::stod(travel) * 1000.0));
    roads.add_edge(static_cast<std::uint32_t>(std::stoul(from)),
                   static_cast<std::uint32_t>(std::stoul(to)), std::stod(length), ms / 1000.0);
  }
  const double k = std::cos(roads.nodes.at(0).lat * 3.14159265358979 / 180.0);
  std::vector<XY> xy;
  for (const auto& p : roads.nodes) xy.push_back({p.lon * 111320.0 * k, p.lat * 111320.0});
  return {std::move(roads), std::move(xy)};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"equiroute hierarchy and table on an exported graph (JSON line on stdout)"};
  std::string dir, origins_file, destinations_file, out_file;
  unsigned threads = 1;
  std::size_t runs = 3;
  app.add_option("graph", dir, "graph-export directory")->required();
  app.add_option("origins", origins_file, "Origin node ids")->required();
  app.add_option("destinations", destinations_file, "Destination node ids")->required();
  app.add_option("out", out_file, "Output CSV origin,destination,ms")->required();
  app.add_option("--threads", threads, "Threads");
  app.add_option("--runs", runs, "Table repetitions (median)");
  CLI11_PARSE(app, argc, argv);

  const auto [roads, xy] = read_graph(dir);
  // The exported graph is kept as it is: no component dropped, no chain compressed again.
  const engine::RoadGraph graph(roads, xy,
                                {.keep_largest_component = false, .compress_chains = false});
  if (graph.node_count() != roads.node_count()) {
    std::cerr << "bench_table: the exported graph has nodes without edges\n";
    return 1;
  }
  nlohmann::json j{{"tool", "equiroute"},
                   {"nodes", graph.node_count()},
                   {"edges", graph.edge_count()},
                   {"threads", threads},
                   {"load_avg_1min_start", load_average_1min()}};
  std::unique_ptr<engine::ContractionHierarchy> ch;
  const auto build = timed([&] {
    ch = std::make_unique<engine::ContractionHierarchy>(
        graph, engine::ContractionOptions{.threads = threads});
  });
  j["ch_build_s"] = build.wall_s;
  j["ch_build_cpu_s"] = build.cpu_s;
  j["ch_arcs"] = ch->arc_count();
  const engine::Snapper snapper(graph);
  const auto place = [&](const std::vector<std::uint32_t>& ids) {
    std::vector<XY> points;
    for (const auto id : ids) points.push_back(graph.node_xy(id));
    return snapper.snap(points);
  };
  const auto o = place(read_ids(origins_file)), d = place(read_ids(destinations_file));
  j["origins"] = o.size();
  j["destinations"] = d.size();
  engine::CostMatrix matrix;
  const std::vector<std::pair<std::string, engine::HierarchyMethod>> methods = {
      {"auto", engine::HierarchyMethod::automatic},
      {"buckets", engine::HierarchyMethod::buckets},
      {"sweeps", engine::HierarchyMethod::sweeps}};
  const auto times = median_times_interleaved(methods, runs, [&](const auto& method) {
    matrix = engine::ch_od_matrix(*ch, graph, o, d,
                                  {.threads = threads, .hierarchy_method = method.second});
  });
  for (std::size_t i = 0; i < methods.size(); ++i) {
    j["table_" + methods[i].first + "_s"] = times[i].wall_s;
    j["table_" + methods[i].first + "_cpu_s"] = times[i].cpu_s;
  }
  std::ofstream out(out_file);
  out << "origin,destination,ms\n";
  for (std::size_t i = 0; i < matrix.origin_count; ++i) {
    const auto ds = matrix.row_destinations(i);
    const auto ts = matrix.row_travel_s(i);
    for (std::size_t k = 0; k < ds.size(); ++k)
      out << i << ',' << ds[k] << ',' << std::llround(ts[k] * 1000.0) << '\n';
  }
  j["reachable_pairs"] = matrix.entries();
  j["load_avg_1min_end"] = load_average_1min();
  std::cout << j.dump() << std::endl;
  return 0;
}
