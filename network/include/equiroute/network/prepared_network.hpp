#pragma once
// Prepared networks (.eqnet): a road file read, built, compressed, contracted and
// snap-indexed once, then written as one versioned binary file that every command maps
// into memory in place of the road file, without rebuilding anything (format:
// network/src/eqnet_file.hpp; contents: docs/routing.md#prepared-networks).

#include <filesystem>
#include <string>

#include "equiroute/network/routing_network.hpp"

namespace equiroute::network {

/// True when `path` names a prepared network: the `.eqnet` extension, or a file that
/// starts with the .eqnet signature.
bool is_prepared_network(const std::string& path);

/// The options that shape a prepared network, as canonical JSON (keys sorted): class
/// speeds, maxspeed use, line-layer fields and fallback speed (line layers only), graph
/// options and the requested working CRS. `line_layer`: the road file is an OGR line layer
/// (false: OSM).
std::string profile_json(const NetworkOptions& options, bool line_layer);
/// Lower-case hex SHA-256 of profile_json().
std::string profile_sha256(const NetworkOptions& options, bool line_layer);
/// Lower-case hex SHA-256 of a file's bytes (OpenSSL). Throws Error naming the file when it
/// cannot be read.
std::string file_sha256(const std::filesystem::path& path);

/// What prepare_network did (for the log and benchmarks).
struct PrepareSummary {
  std::size_t input_nodes = 0, input_edges = 0;  ///< read from the road file
  engine::RoadGraphCounts counts;                ///< raw (kept) nodes and segments
  std::size_t nodes = 0, edges = 0;              ///< compressed graph
  std::size_t shortcuts = 0;
  std::uintmax_t file_bytes = 0;
  double build_s = 0.0;     ///< read, project, build and compress the graph, snap index
  double contract_s = 0.0;  ///< contraction hierarchy
  double write_s = 0.0;
};

/// Reads the road file named by `options`, builds and compresses the graph, contracts it
/// (`threads` workers, 0: all; the file is the same for any count), indexes its segments,
/// and writes everything to `output` atomically, with the format version, the profile and
/// its hash, and the road file's SHA-256. Throws equiroute::Error: BadInput for an
/// unreadable or unroutable road file (or an .eqnet given as input), Io when the output
/// cannot be written.
PrepareSummary prepare_network(const NetworkOptions& options, const std::filesystem::path& output,
                               unsigned threads = 0);

/// Maps a prepared network (load_routing_network does this for .eqnet paths).
std::unique_ptr<RoutingNetwork> open_prepared_network(const NetworkOptions& options);

}  // namespace equiroute::network
