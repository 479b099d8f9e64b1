#pragma once
// The scenario file (TOML): everything one `equiroute run` needs, validated up front.
// Unknown keys and wrong types are errors naming the key and its line; relative paths are
// resolved against the scenario file's directory. Schema: docs/scenario.md.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "equiroute/engine/access_model.hpp"
#include "equiroute/network/travel_costs.hpp"

namespace equiroute::io {

/// Region polygons (the units of analysis) and how they group.
struct RegionsSpec {
  std::filesystem::path path;
  std::string layer;
  std::string where;  ///< OGR SQL attribute filter (e.g. "admin_level = '7'"); empty: all
  std::string id_field;
  std::string name_field;
  std::string population_field;  ///< empty: population comes from [population] or is allocated
  std::string group_field;       ///< e.g. prefecture adcode; empty: no grouping
  std::string group_name_field;
  int group_prefix = 0;  ///< > 0: group = first N digits of the id padded with zeros
};

/// A table joined to the regions by key that gives their population.
struct PopulationSpec {
  std::filesystem::path path;
  std::string key;
  std::string field;
  double scale = 1.0;
  /// Region id → table key, for codes changed between the boundary and census vintages
  /// (e.g. 430124 宁乡县 became 430182 宁乡市 in 2017).
  std::map<std::string, std::string> recode;
};

/// Resources per region or per group (e.g. Luo et al. Table 3 per prefecture).
struct ResourcesSpec {
  std::filesystem::path path;
  std::string key;
  std::string name_field;
  std::string population_field;  ///< population of the table's units (e.g. population_10k)
  double population_scale = 1.0;
  std::vector<std::string> fields;
  std::string level = "group";  ///< "group" (keyed by the regions' group) or "region"
};

/// Supply points.
struct FacilitiesSpec {
  std::filesystem::path path;
  std::string layer;
  std::string where;  ///< OGR SQL attribute filter; empty: all
  /// An OSM file (by extension) is read with libosmium: the nodes, closed ways and
  /// multipolygons matching any of these tags become facilities (default: hospitals,
  /// clinics, doctors), with id field `osm_id`.
  std::vector<std::string> osm_tags;
  std::string id_field;
  std::string name_field;
  std::string x_field;  ///< CSV coordinates
  std::string y_field;
  std::string crs;
  /// Capacity fields on the facility layer. With `from_resources`, each facility carries
  /// the resources of the group whose key equals its id. With neither, every facility has
  /// capacity 1 in a field named "facilities" (counts of sites).
  std::vector<std::string> capacity_fields;
  bool from_resources = false;
  std::string location_note;  ///< printed in outputs (e.g. "placed at prefecture seats")
};

struct DemandSpec {
  /// "auto" (seat when the seat fields exist, else point_on_surface), "seat", "centroid",
  /// "point_on_surface" (one point per region), or "points" (a point layer with population,
  /// each point in the region containing it).
  std::string rule = "auto";
  std::string seat_lon_field = "seat_lon";
  std::string seat_lat_field = "seat_lat";
  // rule = "points":
  std::filesystem::path path;
  std::string layer;
  std::string where;
  std::string id_field;  ///< empty: the OGR FID
  std::string population_field;
};

struct AccessSpec {
  std::vector<std::string> models{"nearest", "2sfca",   "e2sfca",    "g2sfca",
                                  "3sfca",   "gravity", "cumulative"};
  double threshold_min = 60.0;
  std::vector<double> burden_thresholds_min{30, 60, 90, 120};
  /// Model parameters by model name (numbers, arrays of numbers or words), e.g.
  /// params["e2sfca"]["zones_min"] = {10, 20, 30}; checked against each model's declared
  /// parameters when the run starts.
  std::map<std::string, engine::ModelParams> params;
};

struct EquitySpec {
  std::vector<std::string> bases{"population", "area"};
  std::string theil_log = "e";
};

struct OutputSpec {
  std::vector<std::string> layer_formats{"gpkg"};  ///< gpkg, geojson, shp
  bool maps = true;
  std::vector<std::string> map_formats{"png", "pdf"};
  std::string classification = "quantiles";  ///< quantiles, equal_interval, jenks
  int classes = 5;
  bool report = true;
};

struct Scenario {
  std::filesystem::path file;  ///< the scenario file itself
  std::string title;
  std::string language = "en";  ///< "en" or "zh"
  RegionsSpec regions;
  std::optional<PopulationSpec> population;
  std::optional<ResourcesSpec> resources;
  std::optional<FacilitiesSpec> facilities;
  /// [network]: the road network and its options, or (no path) the straight-line
  /// approximation; keys are named as the CLI's network flags (docs/scenario.md).
  network::TravelCostOptions network;
  DemandSpec demand;
  AccessSpec access;
  EquitySpec equity;
  OutputSpec output;

  /// Every input file the scenario names (for hashes in the manifest and overwrite checks).
  std::vector<std::filesystem::path> input_files() const;
};

/// Parses and validates a scenario file. Throws equiroute::Error naming the file, the key
/// and its line for syntax errors, unknown keys, wrong types, bad values and missing paths.
Scenario load_scenario(const std::filesystem::path& file);

/// Same from text (paths resolved against `base_dir`); `display_name` is used in errors.
Scenario parse_scenario(const std::string& text, const std::filesystem::path& base_dir,
                        const std::string& display_name);

}  // namespace equiroute::io
