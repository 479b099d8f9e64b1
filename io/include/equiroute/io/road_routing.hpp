#pragma once
// The glue between road files and routing queries used by the routing commands (graph-info,
// graph-export, od, nearest, isochrones): read roads (geodata), project them to one
// working CRS, build the engine's RoadGraph and Snapper, read and snap point sets, and
// write the results (streaming CSV, GIS layers), always atomically.

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

struct NetworkOptions {
  std::string path;  ///< OSM (.pbf/.osm/.osm.gz/.osm.bz2) or an OGR line layer
  geodata::RoadProfile profile = geodata::default_driving_profile();
  geodata::LineRoadOptions lines;  ///< field names for line layers (path is ignored)
  engine::RoadGraphOptions graph;
  /// Working CRS (metres) for snapping; empty: auto_conformal_crs of the network's box.
  std::string working_crs;
};

/// A loaded network: graph in the working CRS plus its segment index. Not movable (the
/// snapper refers to the graph); held by unique_ptr.
struct RoutingNetwork {
  std::string path;
  std::string working_crs;
  LonLatBox box{};              ///< of the kept graph
  std::size_t input_nodes = 0;  ///< nodes read from the file
  std::size_t input_edges = 0;  ///< directed edges read from the file
  double load_seconds = 0.0;    ///< reading + building, wall clock
  std::unique_ptr<geodata::Projection> projection;
  std::unique_ptr<engine::RoadGraph> graph;
  std::unique_ptr<engine::Snapper> snapper;
};

/// Reads and builds a network. Throws equiroute::Error (file named) on unreadable input
/// or a network without routable roads.
std::unique_ptr<RoutingNetwork> load_routing_network(const NetworkOptions& options);

/// Where points come from: any OGR layer, or CSV `id,lon,lat` (WGS 84) by default.
struct PointOptions {
  std::string path;
  std::string layer;
  std::string id_field;  ///< empty: "id" when present, else the feature id
  std::string x_field;   ///< CSV: coordinate columns (default lon/lat when present)
  std::string y_field;
  std::string crs;  ///< CRS of the input when it declares none (default EPSG:4326)
};

struct PointSet {
  std::string path;
  std::vector<std::string> ids;
  std::vector<LonLat> lonlat;
};

/// Reads points. Throws Error on an empty set, non-point geometries, and coordinates out
/// of the lon/lat range after transformation (typically: projected metres declared as
/// lon/lat), naming the feature.
PointSet read_point_set(const PointOptions& options);

/// Projects and snaps points onto the network.
std::vector<engine::Snap> snap_points(const RoutingNetwork& network,
                                      const std::vector<LonLat>& points,
                                      const engine::SnapOptions& options);

/// Writes `origin_id,destination_id,travel_s` (one row per reachable pair, origin then
/// destination order; seconds with 3 decimals), plus a constant `approximate` column
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

/// Writes `dir/nodes.csv` (id,lon,lat with 9 decimals) and `dir/edges.csv`
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
