// bench_prepared: what a prepared network (.eqnet) costs and buys. One JSON object per line.
//
//   bench_prepared --eqnet NET.eqnet [--network ROADS.osm.pbf --stages]
//                  [--origins O.csv --destinations D.csv] [--planning-origins O.csv
//                  --planning-destinations D.csv --cutoff-min 90] [--threads 2] [--runs 3]
//
// --stages: prepare ROADS stage by stage (read, project, build and compress the graph, snap
// index, contraction) with wall and CPU time and the peak memory of each, then write NET.
// Always: loading NET (mmap + checksum + checks), the 1,000 × 200 table on it (method
// chosen automatically, buckets and sweeps forced), the planning-scale sparse matrix
// (10^5 × 2·10^3 with a cutoff: time, pairs kept, extra peak memory), and one-to-all
// distances by Dijkstra and by PHAST.

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "bench_common.hpp"
#include "equiroute/engine/contraction_hierarchy.hpp"
#include "equiroute/network/prepared_network.hpp"
#include "synthetic_network.hpp"

namespace fs = std::filesystem;
using namespace equiroute;
using namespace equiroute::bench;

namespace {

struct Settings {
  std::string eqnet, network, origins, destinations, planning_origins, planning_destinations;
  unsigned threads = 2;
  std::size_t runs = 3;
  double cutoff_min = 90.0;
  std::string planning_method = "auto";
  bool one_to_all = true;
  bool stages = false;
};

/// The stages of prepare_network (the same engine calls), each timed with its peak memory;
/// main() then writes the file with prepare_network itself (timed as a whole).
nlohmann::json prepare_stages(const Settings& s) {
  nlohmann::json j;
  reset_peak_rss();
  RoadEdges roads;
  const auto read = timed([&] { roads = geodata::read_roads(s.network); });
  j["read_s"] = read.wall_s;
  j["read_cpu_s"] = read.cpu_s;
  j["input_nodes"] = roads.node_count();
  std::vector<XY> xy;
  std::unique_ptr<geodata::Projection> projection;
  const auto project = timed([&] {
    projection = std::make_unique<geodata::Projection>(
        geodata::auto_conformal_crs(geodata::bounding_box(roads)));
    xy = projection->forward(roads.nodes);
  });
  j["project_s"] = project.wall_s;
  j["project_cpu_s"] = project.cpu_s;
  std::unique_ptr<engine::RoadGraph> graph;
  const auto build = timed([&] { graph = std::make_unique<engine::RoadGraph>(roads, xy); });
  j["graph_s"] = build.wall_s;
  j["graph_cpu_s"] = build.cpu_s;
  roads = RoadEdges{};
  std::vector<XY>().swap(xy);
  j["raw_nodes"] = graph->counts().raw_nodes;
  j["raw_edges"] = graph->counts().raw_edges;
  j["nodes"] = graph->node_count();
  j["edges"] = graph->edge_count();
  j["peak_rss_build_mb"] = proc_status_kb("VmHWM") / 1024.0;
  const auto index = timed([&] { engine::Snapper snapper(*graph); });
  j["snap_index_s"] = index.wall_s;
  j["snap_index_cpu_s"] = index.cpu_s;
  std::unique_ptr<engine::ContractionHierarchy> ch;
  const auto contract = timed([&] {
    ch = std::make_unique<engine::ContractionHierarchy>(
        *graph, engine::ContractionOptions{.threads = s.threads});
  });
  j["contract_s"] = contract.wall_s;
  j["contract_cpu_s"] = contract.cpu_s;
  j["shortcuts"] = ch->shortcut_count();
  j["peak_rss_stages_mb"] = proc_status_kb("VmHWM") / 1024.0;
  return j;
}

nlohmann::json load_and_query(const Settings& s) {
  nlohmann::json j;
  network::NetworkOptions options;
  options.path = s.eqnet;
  options.accept_prepared_profile = true;
  std::vector<double> load_wall, load_cpu;
  std::unique_ptr<network::RoutingNetwork> net;
  for (std::size_t r = 0; r < s.runs; ++r) {
    net.reset();
    const auto t = timed([&] { net = network::load_routing_network(options); });
    load_wall.push_back(t.wall_s);
    load_cpu.push_back(t.cpu_s);
  }
  j["eqnet_mb"] = static_cast<double>(fs::file_size(s.eqnet)) / 1e6;
  j["load_s"] = median(load_wall);
  j["load_cpu_s"] = median(load_cpu);
  j["nodes"] = net->graph->node_count();
  j["raw_nodes"] = net->graph->counts().raw_nodes;
  const engine::SnapOptions so;
  if (!s.origins.empty()) {
    const auto o = network::snap_points(*net, read_points_csv(s.origins, 1000), so, "origins");
    const auto d =
        network::snap_points(*net, read_points_csv(s.destinations, 200), so, "destinations");
    const std::vector<std::pair<std::string, engine::HierarchyMethod>> methods = {
        {"auto", engine::HierarchyMethod::automatic},
        {"buckets", engine::HierarchyMethod::buckets},
        {"sweeps", engine::HierarchyMethod::sweeps}};
    const auto times = median_times_interleaved(methods, s.runs, [&](const auto& method) {
      engine::ch_od_matrix(*net->hierarchy, *net->graph, o, d,
                           {.threads = s.threads, .hierarchy_method = method.second});
    });
    for (std::size_t i = 0; i < methods.size(); ++i) {
      j["table_" + methods[i].first + "_s"] = times[i].wall_s;
      j["table_" + methods[i].first + "_cpu_s"] = times[i].cpu_s;
    }
  }
  if (!s.planning_origins.empty()) {
    const auto o = network::snap_points(*net, read_points_csv(s.planning_origins), so, "origins");
    const auto d =
        network::snap_points(*net, read_points_csv(s.planning_destinations), so, "destinations");
    const double rss0 = proc_status_kb("VmRSS") / 1024.0;
    reset_peak_rss();
    std::size_t pairs = 0;
    const auto t = timed([&] {
      const auto method = s.planning_method == "buckets"  ? engine::HierarchyMethod::buckets
                          : s.planning_method == "sweeps" ? engine::HierarchyMethod::sweeps
                                                          : engine::HierarchyMethod::automatic;
      pairs =
          engine::ch_od_matrix(
              *net->hierarchy, *net->graph, o, d,
              {.cutoff_s = s.cutoff_min * 60.0, .threads = s.threads, .hierarchy_method = method})
              .entries();
    });
    j["planning_origins"] = o.size();
    j["planning_destinations"] = d.size();
    j["planning_cutoff_min"] = s.cutoff_min;
    j["planning_method"] = s.planning_method;
    j["planning_s"] = t.wall_s;
    j["planning_cpu_s"] = t.cpu_s;
    j["planning_pairs"] = pairs;
    j["planning_pair_share"] =
        static_cast<double>(pairs) / static_cast<double>(o.size() * d.size());
    j["planning_peak_extra_mb"] = proc_status_kb("VmHWM") / 1024.0 - rss0;
  }
  if (!s.one_to_all) {
    j["peak_rss_mb"] = proc_status_kb("VmHWM") / 1024.0;
    return j;
  }
  // One-to-all from 16 sources: Dijkstra one by one, PHAST 8 per sweep.
  std::vector<std::vector<engine::Seed>> sources;
  PortableRng rng{42};
  for (int i = 0; i < 16; ++i)
    sources.push_back({{static_cast<std::uint32_t>(rng.below(net->graph->node_count())), 0.0}});
  engine::DijkstraQuery q(*net->graph);
  const auto dij = timed([&] {
    for (const auto& seeds : sources) q.run(seeds);
  });
  j["one_to_all_dijkstra_cpu_s"] = dij.cpu_s / 16.0;
  const auto phast = timed([&] {
    engine::ch_many_to_all(*net->hierarchy, sources, engine::kUnreachable, false, 1,
                           [](std::size_t, std::span<const double>) {});
  });
  j["one_to_all_phast_cpu_s"] = phast.cpu_s / 16.0;
  j["peak_rss_mb"] = proc_status_kb("VmHWM") / 1024.0;
  return j;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"equiroute prepared-network benchmark (JSON lines on stdout)"};
  Settings s;
  app.add_option("--eqnet", s.eqnet, "Prepared network (written first with --stages)")->required();
  app.add_option("--network", s.network, "Road file to prepare stage by stage (--stages)");
  app.add_flag("--stages", s.stages,
               "Prepare --network stage by stage, timing each, then write --eqnet");
  app.add_option("--origins", s.origins, "Origins of the 1,000 × 200 table (first 1,000)");
  app.add_option("--destinations", s.destinations, "Destinations of the table (first 200)");
  app.add_option("--planning-origins", s.planning_origins, "Origins of the planning matrix");
  app.add_option("--planning-destinations", s.planning_destinations, "Its destinations");
  app.add_option("--cutoff-min", s.cutoff_min, "Cutoff of the planning matrix, minutes");
  app.add_option("--planning-method", s.planning_method, "auto, buckets or sweeps")
      ->check(CLI::IsMember({"auto", "buckets", "sweeps"}));
  app.add_flag("--no-one-to-all{false},!--one-to-all", s.one_to_all, "Skip the one-to-all timings");
  app.add_option("--threads", s.threads, "Threads");
  app.add_option("--runs", s.runs, "Repetitions (median reported)");
  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::warn);  // stdout is for the JSON line
  nlohmann::json j{{"eqnet", s.eqnet},
                   {"date", utc_now()},
                   {"threads", s.threads},
                   {"hardware_threads", std::thread::hardware_concurrency()},
                   {"load_avg_1min_start", load_average_1min()}};
  try {
    if (s.stages) {
      j["stages"] = prepare_stages(s);
      network::NetworkOptions options;
      options.path = s.network;
      const auto t = timed([&] { network::prepare_network(options, s.eqnet, s.threads); });
      j["prepare_total_s"] = t.wall_s;
      j["prepare_total_cpu_s"] = t.cpu_s;
    }
    j.update(load_and_query(s));
  } catch (const std::exception& e) {
    j["error"] = e.what();
    std::cout << j.dump() << std::endl;
    return 1;
  }
  j["load_avg_1min_end"] = load_average_1min();
  std::cout << j.dump() << std::endl;
  return 0;
}
