#pragma once
// Writers of the routing commands' results (od, nearest, graph-export, isochrones):
// streaming CSV and GIS layers, always atomically.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "equiroute/engine/cost_matrix.hpp"
#include "equiroute/engine/road_graph.hpp"
#include "equiroute/engine/snapping.hpp"
#include "equiroute/engine/travel_queries.hpp"
#include "equiroute/geodata/projection.hpp"
#include "equiroute/geodata/road_network.hpp"

namespace equiroute::io {

/// Writes `origin_id,destination_id,travel_s` (one row per reachable pair, origin then
/// destination order; seconds in their shortest exact form), plus a constant `approximate` column
/// (`true`) when the matrix is approximate. Streaming, atomic.
void write_od_csv(const std::filesystem::path& path, const engine::CostMatrix& matrix,
                  const std::vector<std::string>& origin_ids,
                  const std::vector<std::string>& destination_ids,
                  const std::vector<std::filesystem::path>& inputs = {});

/// Writes `origin_id,rank,destination_id,travel_s` (rank from 1), plus `approximate` when
/// `approximate`. Streaming, atomic.
void write_nearest_csv(const std::filesystem::path& path,
                       const std::vector<std::vector<engine::NearestEntry>>& nearest,
                       const std::vector<std::string>& origin_ids,
                       const std::vector<std::string>& destination_ids, bool approximate,
                       const std::vector<std::filesystem::path>& inputs = {});

/// Writes `dir/nodes.csv` (id,lon,lat) and `dir/edges.csv`
/// (from,to,travel_s,length_m; one row per directed edge), ids 0-based in the kept
/// graph. The directory is created if needed; each file is written atomically.
void write_graph_export(const std::filesystem::path& dir, const engine::RoadGraph& graph,
                        const std::vector<std::filesystem::path>& inputs = {});

/// Builds service-area polygons (pieces buffered by `buffer_m`) and writes one feature per
/// origin and limit with fields origin_id, minutes, reached_nodes. Format from the
/// extension (.gpkg, .geojson, .shp). Returns the number of features written.
std::size_t write_isochrones(const std::filesystem::path& path,
                             const std::vector<std::vector<engine::IsochronePieces>>& pieces,
                             const std::vector<std::string>& origin_ids,
                             const geodata::Projection& projection, double buffer_m,
                             const std::vector<std::filesystem::path>& inputs = {});

}  // namespace equiroute::io
