#pragma once
// Sensitivity charts of a parameter sweep (PNG 300 dpi, PDF, SVG): one indicator (y) against
// the values of one swept parameter (x), one line per setting of the other parameters, and
// the scenario's own value as a dashed reference line (docs/uncertainty.md, "Sweeps").

#include <optional>
#include <string>
#include <vector>

#include "equiroute/render/figure_output.hpp"

namespace equiroute::io {

/// One line: a value per x position (NaN: no point there, the line is broken).
struct SensitivitySeries {
  std::string label;  ///< e.g. "speed_kmh=30"; may be empty with one series
  std::vector<double> y;
};

struct SensitivityChartSpec {
  std::string title;
  std::string x_label;  ///< the swept parameter
  std::string y_label;  ///< the indicator
  /// Positions of the parameter values on the x axis (the values themselves, or 0, 1, …
  /// for words), strictly increasing, and the text printed under each.
  std::vector<double> x;
  std::vector<std::string> x_ticks;
  /// The indicator at the scenario's own setting: a dashed horizontal line (absent: none).
  std::optional<double> reference_y;
  /// The scenario's own parameter value, when it is one of the positions range: a dotted
  /// vertical line.
  std::optional<double> reference_x;
  std::string reference_label = "scenario";
  std::string source_note;
  int width_px = 1800;  ///< 6 in at 300 dpi; the height is 0.6 × the width
  double dpi = 300.0;
};

/// Renders the chart. Throws equiroute::Error (BadInput) when there is no series, a series
/// whose length differs from x, x not strictly increasing, ticks not one per position, or
/// no finite value at all. Outputs are written atomically. Returns the page geometry.
FigurePage render_sensitivity_chart(const std::vector<SensitivitySeries>& series,
                                    const SensitivityChartSpec& spec, const FigureOutputs& outputs);

}  // namespace equiroute::io
