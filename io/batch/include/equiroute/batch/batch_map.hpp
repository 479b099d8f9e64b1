#pragma once
// The summary maps of a batch: every completed run's regions dissolved into one outline
// (GEOS union, geodata::dissolve), coloured by a headline indicator of the summary and
// labelled with the run's label, drawn by render_choropleth (PNG 300 dpi + PDF). Failed,
// interrupted and not-run runs, and runs without a regions layer, are left out and named.

#include <filesystem>
#include <string>
#include <vector>

#include "equiroute/batch/batch_manifest.hpp"
#include "equiroute/batch/batch_runner.hpp"

namespace equiroute::io {

/// One drawn summary map.
struct BatchMapFigure {
  std::string indicator;  ///< "mean_nearest_min" or "gini_area"
  std::string title;
  std::filesystem::path png;  ///< in the batch directory
  std::filesystem::path pdf;
  std::vector<std::string> runs;  ///< runs drawn, in manifest order
};

struct BatchMaps {
  std::vector<BatchMapFigure> figures;
  /// Runs that are not on the maps, each "name: reason" (failed, no regions layer, …).
  std::vector<std::string> left_out;
};

/// The boundary layer a completed run wrote, or an empty path: layers/groups.* (already
/// dissolved per group, so cheaper to union) else layers/regions.*, as GeoPackage, GeoJSON or
/// Shapefile (layers/<name>/<name>.shp).
std::filesystem::path run_boundary_layer(const std::filesystem::path& run_dir);

/// Draws the summary maps into `dir` (summary_map_<indicator>.png/.pdf, atomically) and
/// removes summary maps of an earlier batch that are not drawn now. One map per headline
/// indicator that at least one drawn run has: mean travel time to the nearest facility, and
/// the Gini by area of the first resource (the first one every drawn run has, else each
/// run's first). No map (and no error) when no completed run has a boundary layer. A run
/// whose layer cannot be read, or a map that cannot be drawn, is reported (spdlog warning,
/// `left_out`) and never stops the summary.
BatchMaps write_batch_maps(const BatchManifest& manifest, const BatchResult& result,
                           const std::filesystem::path& dir);

}  // namespace equiroute::io
