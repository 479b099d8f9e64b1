// make_synthetic_network --nodes N --seed S -o FILE.osm.pbf [--origins K] [--destinations M]
//                        [--realistic | --shape-points P --spacing-m M]
//
// Writes a deterministic synthetic road network (see synthetic_network.hpp) as OSM PBF, plus
// FILE.origins.csv and FILE.destinations.csv (id,lon,lat; FILE without .osm.pbf) for OD
// benchmarks. Prints one JSON line describing what was written.

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "synthetic_network.hpp"

namespace {

/// FILE.osm.pbf -> FILE (the stem the point files are named after).
std::string point_file_stem(const std::string& output) {
  for (const char* suffix : {".osm.pbf", ".pbf"}) {
    const std::string s{suffix};
    if (output.size() > s.size() && output.compare(output.size() - s.size(), s.size(), s) == 0)
      return output.substr(0, output.size() - s.size());
  }
  return output;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Deterministic synthetic road network (OSM PBF) for equiroute benchmarks"};
  equiroute::bench::SyntheticNetworkParams params;
  std::string output;
  std::uint64_t origins = 1000;
  std::uint64_t destinations = 200;
  app.add_option("--nodes", params.nodes, "Approximate number of OSM nodes (>= 100)")->required();
  app.add_option("--seed", params.seed, "PRNG seed")->required();
  app.add_option("-o,--output", output, "Output .osm.pbf")->required();
  app.add_option("--origins", origins, "Number of origin points to write");
  app.add_option("--destinations", destinations, "Number of destination points to write");
  bool realistic = false;
  app.add_flag(
      "--realistic", realistic,
      "Curved streets: 200 m blocks with 3 shape points each on average (as the benchmark)");
  app.add_option("--shape-points", params.shape_points,
                 "Mean shape points per street block (0: dense grid)");
  app.add_option("--spacing-m", params.spacing_m, "Grid spacing, metres");
  CLI11_PARSE(app, argc, argv);
  if (realistic) params = equiroute::bench::realistic_network_params(params.nodes, params.seed);
  try {
    const auto t0 = std::chrono::steady_clock::now();
    const auto summary = equiroute::bench::write_synthetic_network(params, output);
    const std::string stem = point_file_stem(output);
    equiroute::bench::write_synthetic_points(params, origins, 1, stem + ".origins.csv");
    equiroute::bench::write_synthetic_points(params, destinations, 2, stem + ".destinations.csv");
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    nlohmann::json line{{"output", output},
                        {"nodes", summary.nodes},
                        {"ways", summary.ways},
                        {"grid_columns", summary.columns},
                        {"grid_rows", summary.rows},
                        {"seed", params.seed},
                        {"shape_points", params.shape_points},
                        {"spacing_m", params.spacing_m},
                        {"origins", stem + ".origins.csv"},
                        {"destinations", stem + ".destinations.csv"},
                        {"seconds", seconds}};
    std::cout << line.dump() << '\n';
  } catch (const std::exception& e) {
    std::cerr << "make_synthetic_network: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
