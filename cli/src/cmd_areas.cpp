// `equiroute areas PATH`: area (km², equal-area projection) and centroid of each region,
// optionally dissolved (by a field or by an adcode prefix). Table to -o (any layer format)
// or CSV on stdout; a summary on stderr.

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "command_registry.hpp"
#include "equiroute/geodata/feature_set.hpp"
#include "equiroute/geodata/layer_writer.hpp"
#include "equiroute/geodata/region_areas.hpp"

namespace equiroute::cli {
namespace {

struct AreasArgs {
  std::string path;
  std::string layer;
  std::string id;
  std::string name;
  std::string crs = "auto";
  std::string dissolve_by;
  std::size_t dissolve_prefix = 0;
  std::string output;
};

void run_areas(const AreasArgs& a) {
  geodata::ReadOptions read{.path = a.path, .layer = a.layer, .id_field = a.id};
  read.require_geometry = true;
  read.geometry = geodata::GeometryFamily::Polygon;  // areas of points or lines are 0 km²
  const geodata::FeatureSet input = geodata::read_features(read);
  const geodata::RegionAreas result =
      geodata::compute_region_areas(input, {.name_field = a.name,
                                            .crs = a.crs,
                                            .dissolve_by = a.dissolve_by,
                                            .dissolve_prefix = a.dissolve_prefix});
  if (a.output.empty()) {
    const std::string csv = geodata::layer_to_csv(result.regions);
    std::fwrite(csv.data(), 1, csv.size(), stdout);
  } else {
    geodata::write_layer(result.regions, a.output, {.inputs = {a.path}});
  }
  spdlog::info("{} regions, total area {:.1f} km², equal-area CRS: {}", result.regions.size(),
               result.total_km2, result.crs);
}

const RegisterCommand reg{[](CLI::App& root) {
  auto* cmd =
      root.add_subcommand("areas", "Area (km², equal-area projection) and centroid of regions");
  auto a = std::make_shared<AreasArgs>();
  cmd->add_option("path", a->path, "Polygon layer (GeoJSON, Shapefile, GeoPackage, ...)")
      ->required();
  cmd->add_option("--layer", a->layer, "Layer name (needed when the source has several)");
  cmd->add_option("--id", a->id, "Id field (default: the feature number)");
  cmd->add_option("--name", a->name, "Name field copied to the output");
  cmd->add_option("--crs", a->crs, "Equal-area CRS for areas: auto, EPSG:n or a PROJ string")
      ->capture_default_str();
  auto* by =
      cmd->add_option("--dissolve-by", a->dissolve_by, "Merge regions sharing this field's value");
  auto* prefix =
      cmd->add_option(
             "--dissolve-prefix", a->dissolve_prefix,
             "Merge regions by the first N characters of the id (adcode 430102, 4 → 430100)")
          ->check(CLI::PositiveNumber);
  by->excludes(prefix);
  cmd->add_option("-o,--output", a->output,
                  "Output file (.csv, .geojson, .shp, .gpkg); default CSV on stdout");
  cmd->callback([a] { run_areas(*a); });
}};

}  // namespace
}  // namespace equiroute::cli
