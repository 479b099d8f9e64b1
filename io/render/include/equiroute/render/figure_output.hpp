#pragma once
// Where a rendered figure (map or chart) goes: any of PNG (raster, for reports and slides),
// PDF (vector, for print) and SVG (vector, for editing). All are written atomically.

#include <filesystem>
#include <vector>

namespace equiroute::io {

/// Output paths of one figure; an empty path means "do not write this format". At least one
/// must be set. `inputs` are the run's input files: an output resolving to one of them is
/// refused (equiroute::Error), so a figure never overwrites its data.
struct FigureOutputs {
  std::filesystem::path png;
  std::filesystem::path pdf;
  std::filesystem::path svg;
  std::vector<std::filesystem::path> inputs;
};

/// Page geometry of a rendered figure. The PNG has exactly width_px × height_px pixels and
/// records `dpi` in its pHYs chunk; PDF and SVG pages measure width_px·72/dpi points wide.
struct FigurePage {
  int width_px = 0;
  int height_px = 0;
  double dpi = 300.0;
  double width_pt() const noexcept { return width_px * 72.0 / dpi; }
  double height_pt() const noexcept { return height_px * 72.0 / dpi; }
};

/// Drops Cairo's process-wide font and glyph caches (cairo_debug_reset_static_data). Only
/// for the end of a process, when no figure is being rendered: it lets leak checkers
/// (LeakSanitizer) report real leaks only. Not thread-safe.
void release_figure_caches();

}  // namespace equiroute::io
