// routingkit_table: RoutingKit's contraction hierarchy and pinned-target table (one upward
// search per source, then one sweep over the targets' search space) on a graph exported by
// `equiroute graph-export`, for bench/peers/compare-routingkit. Built by that script against
// a RoutingKit source tree the user passes in; not part of equiroute's build.
//
//   routingkit_table GRAPH_DIR ORIGINS.txt DESTINATIONS.txt OUT.csv
//
// Weights are the exported travel_s rounded to milliseconds (RoutingKit takes unsigned
// integers); equiroute's side (bench_table) uses the same rounded weights, so both compute
// on the identical graph and must agree exactly. One thread. Prints one JSON line; writes
// origin_index,destination_index,ms for every reachable pair.

#include <routingkit/constants.h>
#include <routingkit/contraction_hierarchy.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

double cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}
double wall_s() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

std::vector<unsigned> read_ids(const std::string& path) {
  std::ifstream in(path);
  std::vector<unsigned> ids;
  unsigned id;
  while (in >> id) ids.push_back(id);
  return ids;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5 && argc != 6) {
    std::cerr << "usage: routingkit_table GRAPH_DIR ORIGINS.txt DESTINATIONS.txt OUT.csv [RUNS]\n";
    return 2;
  }
  const unsigned runs = argc == 6 ? static_cast<unsigned>(std::stoul(argv[5])) : 1;
  const std::string dir = argv[1];
  unsigned node_count = 0;
  {
    std::ifstream nodes(dir + "/nodes.csv");
    std::string line;
    std::getline(nodes, line);
    while (std::getline(nodes, line))
      if (!line.empty()) ++node_count;
  }
  std::vector<unsigned> tail, head, weight;
  {
    std::ifstream edges(dir + "/edges.csv");
    std::string line;
    std::getline(edges, line);
    while (std::getline(edges, line)) {
      std::stringstream ss(line);
      std::string from, to, travel;
      std::getline(ss, from, ',');
      std::getline(ss, to, ',');
      std::getline(ss, travel, ',');
      if (travel.empty()) continue;
      tail.push_back(static_cast<unsigned>(std::stoul(from)));
      head.push_back(static_cast<unsigned>(std::stoul(to)));
      weight.push_back(static_cast<unsigned>(std::llround(std::stod(travel) * 1000.0)));
    }
  }
  const auto origins = read_ids(argv[2]), destinations = read_ids(argv[3]);

  double w0 = wall_s(), c0 = cpu_s();
  const auto ch = RoutingKit::ContractionHierarchy::build(node_count, tail, head, weight);
  const double build_wall = wall_s() - w0, build_cpu = cpu_s() - c0;

  // The table as bench_table times equiroute's: one untimed call, then the median of RUNS.
  std::vector<std::vector<unsigned>> dist(origins.size());
  const auto table = [&] {
    RoutingKit::ContractionHierarchyQuery query(ch);
    query.reset().pin_targets(destinations);
    for (std::size_t i = 0; i < origins.size(); ++i)
      dist[i] = query.reset_source()
                    .add_source(origins[i])
                    .run_to_pinned_targets()
                    .get_distances_to_targets();
  };
  table();
  std::vector<double> walls, cpus;
  for (unsigned r = 0; r < runs; ++r) {
    w0 = wall_s();
    c0 = cpu_s();
    table();
    walls.push_back(wall_s() - w0);
    cpus.push_back(cpu_s() - c0);
  }
  const auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const double table_wall = median(walls), table_cpu = median(cpus);

  std::ofstream out(argv[4]);
  out << "origin,destination,ms\n";
  std::size_t reachable = 0;
  for (std::size_t i = 0; i < origins.size(); ++i)
    for (std::size_t j = 0; j < destinations.size(); ++j)
      if (dist[i][j] != RoutingKit::inf_weight) {
        out << i << ',' << j << ',' << dist[i][j] << '\n';
        ++reachable;
      }
  std::cout << "{\"tool\": \"routingkit\", \"nodes\": " << node_count
            << ", \"edges\": " << tail.size()
            << ", \"ch_arcs\": " << ch.forward.head.size() + ch.backward.head.size()
            << ", \"ch_build_s\": " << build_wall << ", \"ch_build_cpu_s\": " << build_cpu
            << ", \"table_s\": " << table_wall << ", \"table_cpu_s\": " << table_cpu
            << ", \"origins\": " << origins.size() << ", \"destinations\": " << destinations.size()
            << ", \"reachable_pairs\": " << reachable << "}" << std::endl;
  return 0;
}
