// bench_routing: build time, peak memory, one-to-all and OD query times of the routing
// engine on real OSM extracts and synthetic networks. One JSON object per line on stdout.
//
//   bench_routing [--osm-dir DIR] [--cache DIR] [--datasets a,b,...] [--threads T]
//                 [--sources N] [--od-runs R] [--origins K] [--destinations M]
//
// Datasets: andorra, monaco, campo-grande, West-Oakland (files in --osm-dir; a missing file
// gives a line with "skipped"), synthetic-1e5, synthetic-1e6, synthetic-3e6 (generated into
// --cache by synthetic_network.hpp when absent). The pipeline is the one `equiroute od` uses:
// geodata::read_roads → working CRS (auto conformal) → engine::RoadGraph → engine::Snapper →
// engine::od_matrix.

#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_common.hpp"
#include "equiroute/engine/contraction_hierarchy.hpp"
#include "equiroute/engine/road_graph.hpp"
#include "equiroute/engine/snapping.hpp"
#include "equiroute/engine/travel_queries.hpp"
#include "equiroute/geodata/projection.hpp"
#include "equiroute/geodata/road_network.hpp"
#include "synthetic_network.hpp"

namespace fs = std::filesystem;
using equiroute::LonLat;
using equiroute::XY;
namespace engine = equiroute::engine;
namespace geodata = equiroute::geodata;

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// CPU seconds of this thread (one-to-all runs on the calling thread).
double thread_cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

/// CPU seconds of the whole process, all threads (user + system).
double process_cpu_s() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  const auto tv = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec);
  };
  return tv(ru.ru_utime) + tv(ru.ru_stime);
}

/// 1-minute load average: the machine's 2 cores are shared, so wall times are read with it.
double load_average_1min() {
  std::ifstream in("/proc/loadavg");
  double load = -1.0;
  in >> load;
  return load;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

/// A field of /proc/self/status in kB (VmHWM = peak resident set, VmRSS = current).
double proc_status_kb(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stod(line.substr(field.size() + 1));
  }
  return -1.0;
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0: "5" to clear_refs), so that each dataset's
/// peak is its own. Returns false when the kernel refuses.
bool reset_peak_rss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

/// Demand-like points for real extracts: random graph nodes moved by up to ±50 m.
std::vector<LonLat> points_near_nodes(const engine::RoadGraph& graph, std::size_t count,
                                      equiroute::bench::PortableRng& rng) {
  std::vector<LonLat> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto node = static_cast<std::uint32_t>(rng.below(graph.node_count()));
    LonLat p = graph.node_lonlat(node);
    p.lon += rng.uniform(-50.0, 50.0) / 111320.0;
    p.lat += rng.uniform(-50.0, 50.0) / 111320.0;
    out.push_back(p);
  }
  return out;
}

struct Dataset {
  std::string name;
  fs::path network;
  std::optional<fs::path> origins;       ///< synthetic only
  std::optional<fs::path> destinations;  ///< synthetic only
  std::uint64_t synthetic_nodes = 0;     ///< > 0: generate when absent
};

struct Settings {
  unsigned threads = 2;
  std::size_t sources = 20;
  std::size_t od_runs = 3;
  std::size_t origins = 1000;
  std::size_t destinations = 200;
  equiroute::engine::OdMethod od_method = equiroute::engine::OdMethod::automatic;
  bool ch_stages = true;
};

nlohmann::json run_dataset(const Dataset& ds, const Settings& s) {
  nlohmann::json j{{"dataset", ds.name},
                   {"file", ds.network.string()},
                   {"date", utc_now()},
                   {"threads", s.threads},
                   {"hardware_threads", std::thread::hardware_concurrency()}};
  if (ds.synthetic_nodes > 0 && !fs::exists(ds.network)) {
    const auto t = Clock::now();
    equiroute::bench::SyntheticNetworkParams p;
    p.nodes = ds.synthetic_nodes;
    p.seed = 1;
    fs::create_directories(ds.network.parent_path());
    equiroute::bench::write_synthetic_network(p, ds.network);
    equiroute::bench::write_synthetic_points(p, s.origins, 1, *ds.origins);
    equiroute::bench::write_synthetic_points(p, s.destinations, 2, *ds.destinations);
    j["generate_s"] = seconds_since(t);
  }
  if (!fs::exists(ds.network)) {
    j["skipped"] = "file not found";
    return j;
  }
  j["file_mb"] = static_cast<double>(fs::file_size(ds.network)) / (1024.0 * 1024.0);
  j["peak_rss_reset"] = reset_peak_rss();
  j["load_avg_1min_start"] = load_average_1min();
  const double build_cpu0 = process_cpu_s();
  const double rss_before_mb = proc_status_kb("VmRSS") / 1024.0;

  // Graph build: read, project, build (what `equiroute od` does before its first query).
  auto t = Clock::now();
  equiroute::RoadEdges roads = geodata::read_roads(ds.network.string());
  j["read_s"] = seconds_since(t);
  auto t_proj = Clock::now();
  geodata::Projection projection(geodata::auto_conformal_crs(geodata::bounding_box(roads)));
  const std::vector<XY> node_xy = projection.forward(roads.nodes);
  j["project_s"] = seconds_since(t_proj);
  auto t_graph = Clock::now();
  const engine::RoadGraph graph(roads, node_xy);
  j["graph_s"] = seconds_since(t_graph);
  j["build_s"] = seconds_since(t);
  j["build_cpu_s"] = process_cpu_s() - build_cpu0;
  j["input_nodes"] = roads.node_count();
  j["input_edges"] = roads.edge_count();
  roads = equiroute::RoadEdges{};  // the CLI keeps only the graph from here on
  j["nodes"] = graph.node_count();
  j["edges"] = graph.edge_count();
  j["graph_mb"] = static_cast<double>(graph.memory_bytes()) / (1024.0 * 1024.0);

  auto t_index = Clock::now();
  const engine::Snapper snapper(graph);
  j["snap_index_s"] = seconds_since(t_index);

  // One-to-all: full Dijkstra from random nodes, one thread.
  equiroute::bench::PortableRng rng{42};
  engine::DijkstraQuery query(graph);
  std::vector<double> one_to_all, one_to_all_cpu;
  std::size_t settled = 0;
  for (std::size_t i = 0; i < s.sources; ++i) {
    const engine::Seed seed{static_cast<std::uint32_t>(rng.below(graph.node_count())), 0.0};
    const auto t1 = Clock::now();
    const double c1 = thread_cpu_s();
    query.run({&seed, 1});
    one_to_all.push_back(seconds_since(t1));
    one_to_all_cpu.push_back(thread_cpu_s() - c1);
    settled += query.settled_nodes().size();
  }
  j["one_to_all_s"] = median(one_to_all);
  j["one_to_all_cpu_s"] = median(one_to_all_cpu);
  j["one_to_all_settled_mean"] = static_cast<double>(settled) / static_cast<double>(s.sources);

  // OD: snapped points, all pairs, no cutoff.
  std::vector<LonLat> origins, destinations;
  if (ds.origins && fs::exists(*ds.origins) && fs::exists(*ds.destinations)) {
    origins = equiroute::bench::read_points_csv(*ds.origins);
    destinations = equiroute::bench::read_points_csv(*ds.destinations);
    origins.resize(std::min(origins.size(), s.origins));
    destinations.resize(std::min(destinations.size(), s.destinations));
  } else {
    origins = points_near_nodes(graph, s.origins, rng);
    destinations = points_near_nodes(graph, s.destinations, rng);
  }
  auto t_snap = Clock::now();
  const auto origin_snaps = snapper.snap(projection.forward(origins));
  const auto destination_snaps = snapper.snap(projection.forward(destinations));
  j["snap_s"] = seconds_since(t_snap);
  j["od_origins"] = origins.size();
  j["od_destinations"] = destinations.size();
  std::vector<double> od_times, od_cpu;
  std::size_t entries = 0;
  for (std::size_t run = 0; run < s.od_runs; ++run) {
    const auto t1 = Clock::now();
    const double c1 = process_cpu_s();
    const auto matrix = engine::od_matrix(graph, origin_snaps, destination_snaps,
                                          {.threads = s.threads, .method = s.od_method});
    od_times.push_back(seconds_since(t1));
    od_cpu.push_back(process_cpu_s() - c1);
    entries = matrix.entries();
  }
  j["od_s"] = median(od_times);
  j["od_cpu_s"] = median(od_cpu);  // all threads together
  j["od_reachable_pairs"] = entries;
  j["rss_before_mb"] = rss_before_mb;
  j["peak_rss_mb"] = proc_status_kb("VmHWM") / 1024.0;

  // The contraction hierarchy alone: preprocessing (time, extra peak memory) and the
  // bucket many-to-many query without preprocessing (median of od_runs).
  if (s.ch_stages) {
    const double rss_ch0 = proc_status_kb("VmRSS") / 1024.0;
    const bool reset = reset_peak_rss();
    const auto t1 = Clock::now();
    const double c1 = process_cpu_s();
    const engine::ContractionHierarchy ch(graph, {.threads = s.threads});
    j["ch_build_s"] = seconds_since(t1);
    j["ch_build_cpu_s"] = process_cpu_s() - c1;
    j["ch_shortcuts"] = ch.shortcut_count();
    j["ch_arcs"] = ch.arc_count();
    j["ch_mb"] = static_cast<double>(ch.memory_bytes()) / (1024.0 * 1024.0);
    if (reset) j["ch_build_peak_extra_mb"] = proc_status_kb("VmHWM") / 1024.0 - rss_ch0;
    std::vector<double> q_times, q_cpu;
    for (std::size_t run = 0; run < s.od_runs; ++run) {
      const auto t2 = Clock::now();
      const double c2 = process_cpu_s();
      const auto matrix =
          engine::ch_od_matrix(ch, graph, origin_snaps, destination_snaps, {.threads = s.threads});
      q_times.push_back(seconds_since(t2));
      q_cpu.push_back(process_cpu_s() - c2);
      j["ch_od_reachable_pairs"] = matrix.entries();
    }
    j["ch_od_query_s"] = median(q_times);
    j["ch_od_query_cpu_s"] = median(q_cpu);
  }
  j["load_avg_1min_end"] = load_average_1min();
  return j;
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"equiroute routing benchmark (JSON lines on stdout)"};
  std::string osm_dir = "../shared/data/osm";
  std::string cache = "build/bench-cache";
  std::string only;
  Settings s;
  app.add_option("--osm-dir", osm_dir, "Directory with the real OSM extracts");
  app.add_option("--cache", cache, "Directory for generated synthetic networks");
  app.add_option("--datasets", only, "Comma-separated subset of datasets to run");
  app.add_option("--threads", s.threads, "Threads for the OD query");
  app.add_option("--sources", s.sources, "One-to-all sources (median reported)");
  app.add_option("--od-runs", s.od_runs, "OD repetitions (median reported)");
  app.add_option("--origins", s.origins, "OD origins");
  app.add_option("--destinations", s.destinations, "OD destinations");
  std::string method = "auto";
  app.add_option("--od-method", method, "OD method: auto, dijkstra or ch")
      ->check(CLI::IsMember({"auto", "dijkstra", "ch"}));
  app.add_flag("--ch-stages,!--no-ch-stages", s.ch_stages,
               "Also time contraction-hierarchy preprocessing and query separately");
  CLI11_PARSE(app, argc, argv);
  s.od_method = method == "dijkstra" ? engine::OdMethod::dijkstra
                : method == "ch"     ? engine::OdMethod::contraction_hierarchy
                                     : engine::OdMethod::automatic;

  std::vector<Dataset> datasets;
  for (const char* f :
       {"andorra.osm.pbf", "monaco.osm.pbf", "campo-grande.osm.gz", "West-Oakland.osm.bz2"}) {
    const std::string file{f};
    datasets.push_back({file.substr(0, file.find(".osm")), fs::path(osm_dir) / file, {}, {}, 0});
  }
  for (const auto& [label, nodes] :
       {std::pair<const char*, std::uint64_t>{"1e5", 100000}, {"1e6", 1000000}, {"3e6", 3000000}}) {
    const fs::path base = fs::path(cache) / (std::string("synthetic-") + label + "-seed1");
    datasets.push_back({std::string("synthetic-") + label, fs::path(base.string() + ".osm.pbf"),
                        fs::path(base.string() + ".origins.csv"),
                        fs::path(base.string() + ".destinations.csv"), nodes});
  }
  const auto wanted = split(only);
  int failures = 0;
  for (const auto& ds : datasets) {
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), ds.name) == wanted.end())
      continue;
    nlohmann::json line;
    try {
      line = run_dataset(ds, s);
    } catch (const std::exception& e) {
      line = {{"dataset", ds.name}, {"error", e.what()}};
      ++failures;
    }
    std::cout << line.dump() << std::endl;
  }
  return failures == 0 ? 0 : 1;
}
