#pragma once
// The scenario file (TOML): everything one `equiroute run` needs, parsed once into typed
// values — the engine's and network's own option structs and enums, whose defaults are
// declared there — and validated up front. Unknown keys and wrong types are errors naming
// the key and its line; relative paths are resolved against the scenario file's directory.
// Schema: docs/scenario.md.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "equiroute/engine/access_analysis.hpp"
#include "equiroute/engine/bootstrap.hpp"
#include "equiroute/engine/equity.hpp"
#include "equiroute/engine/model_registry.hpp"
#include "equiroute/geodata/point_layer.hpp"
#include "equiroute/network/travel_costs.hpp"
#include "equiroute/render/class_breaks.hpp"
#include "equiroute/report/report.hpp"
#include "equiroute/scenario/plan_spec.hpp"
#include "equiroute/scenario/sweep_spec.hpp"

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

enum class ResourceLevel { Group, Region };
/// "group", "region".
std::string to_string(ResourceLevel level);

/// Resources per region or per group (e.g. Luo et al. Table 3 per prefecture).
struct ResourcesSpec {
  std::filesystem::path path;
  std::string key;
  std::string name_field;
  std::string population_field;  ///< population of the table's units (e.g. population_10k)
  double population_scale = 1.0;
  std::vector<std::string> fields;
  ResourceLevel level = ResourceLevel::Group;  ///< keyed by the regions' group, or by region
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

/// How demand points are placed (docs/routing.md: where population is routed from).
enum class DemandRule {
  Auto,            ///< a point layer's own points; polygons: Seat when the seat fields
                   ///< exist, else PointOnSurface
  Points,          ///< the layer's own point geometries
  Seat,            ///< polygons: seat coordinates in two attributes (e.g. seat_lon, seat_lat)
  Centroid,        ///< polygons: centroid (in an equal-area projection)
  PointOnSurface,  ///< polygons: a point guaranteed inside (GEOSPointOnSurface)
};

/// "auto", "points", "seat", "centroid", "point_on_surface"; throws Error otherwise.
DemandRule demand_rule_from_name(const std::string& name);
std::string to_string(DemandRule rule);

struct DemandSpec {
  DemandRule rule = DemandRule::Auto;
  std::string seat_lon_field = "seat_lon";
  std::string seat_lat_field = "seat_lat";
  /// rule = points: a point layer with population, each point in the region containing it.
  geodata::PointLayerOptions points;
  std::string population_field;
};

/// All seven models with their defaults, burden thresholds 30/60/90/120 min (the engine's).
engine::AccessAnalysisOptions default_access_analysis();

/// [access]: the models with their resolved parameters (the common `threshold_min` already
/// applied to the models that take it, engine::model_requests) and the burden thresholds.
/// The Theil log base of the burden indices is the one of [equity].
struct AccessSpec {
  engine::AccessAnalysisOptions analysis = default_access_analysis();
  /// The common catchment d0 given in the file (minutes), for the record; absent: each
  /// model's own default.
  std::optional<double> threshold_min;
  /// The models and [access.params] as given, before the catchment is applied: a sweep
  /// resolves them again with its own values (sweep_setting).
  std::vector<std::string> model_names = engine::access_model_names();
  std::map<std::string, engine::ModelParams> params;
};

struct EquitySpec {
  std::vector<engine::EquityBasis> bases{engine::EquityBasis::Population,
                                         engine::EquityBasis::Area};
  engine::LogBase log_base = engine::LogBase::E;
  /// `bootstrap = N` (with `bootstrap_seed`, `bootstrap_level`): intervals of every index
  /// (docs/uncertainty.md); absent: none. `threads` is set by the run.
  std::optional<engine::BootstrapOptions> bootstrap;
};

enum class LayerFormat { GeoPackage, GeoJson, Shapefile };
/// "gpkg", "geojson", "shp": also the file extension.
std::string to_string(LayerFormat format);

enum class FigureFormat { Png, Pdf, Svg };
/// "png", "pdf", "svg": also the file extension.
std::string to_string(FigureFormat format);

struct OutputSpec {
  std::vector<LayerFormat> layer_formats{LayerFormat::GeoPackage};
  bool maps = true;
  std::vector<FigureFormat> map_formats{FigureFormat::Png, FigureFormat::Pdf};
  ClassMethod classification = ClassMethod::Quantiles;
  int classes = 5;
  bool report = true;
};

struct Scenario {
  std::filesystem::path file;  ///< the scenario file itself
  std::string title;
  ReportLanguage language = ReportLanguage::En;  ///< of the report, maps and tables
  /// `encoding`: text encoding of every input (e.g. "GBK"); "" = the .cpg, else UTF-8, else
  /// GB18030. `equiroute --encoding` takes precedence.
  std::string encoding;
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
  /// [sweep]: parameter lists, each combination run through the same pipeline.
  std::optional<SweepSpec> sweep;
  /// [plan]: what-if siting (plan_spec.hpp); `run` includes it, `plan` runs only it.
  std::optional<PlanSpec> plan;

  /// Every input file the scenario names (for hashes in the manifest and overwrite checks).
  std::vector<std::filesystem::path> input_files() const;
  /// The text of the report language: `en` or `zh`.
  const std::string& text(const std::string& en, const std::string& zh) const {
    return language == ReportLanguage::Zh ? zh : en;
  }
};

/// Parses and validates a scenario file. Throws equiroute::Error naming the file, the key
/// and its line for syntax errors, unknown keys, wrong types, bad values and missing paths.
Scenario load_scenario(const std::filesystem::path& file);

/// Same from text (paths resolved against `base_dir`); `display_name` is used in errors.
Scenario parse_scenario(const std::string& text, const std::filesystem::path& base_dir,
                        const std::string& display_name);

}  // namespace equiroute::io
