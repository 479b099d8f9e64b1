#pragma once
// Lorenz curve charts (PNG 300 dpi, PDF, SVG) with the line of equality, for the Gini
// coefficient of Luo et al. (2022): cumulative share of weight (x) against cumulative share
// of resource (y).

#include <string>
#include <utility>
#include <vector>

#include "equiroute/render/figure_output.hpp"

namespace equiroute::io {

/// One Lorenz curve: points (X_i, Y_i) of cumulative shares in [0, 1], X non-decreasing.
/// (0, 0) is prepended when missing. `gini` is printed in the title or legend (NaN: omitted).
struct LorenzCurve {
  std::string label;  ///< e.g. "Population basis" / "人口维度"
  std::vector<std::pair<double, double>> points;
  double gini = 0.0;
};

struct LorenzChartSpec {
  std::string title;  ///< with one curve, " (Gini = 0.123)" is appended
  std::string x_label = "Cumulative share of population";
  std::string y_label = "Cumulative share of resource";
  std::string equality_label = "Line of equality";
  std::string gini_label = "Gini";
  std::string source_note;
  int width_px = 1800;  ///< square chart area plus title/legend; 6 in at 300 dpi
  double dpi = 300.0;
};

/// Renders the curves. Throws equiroute::Error (BadInput) when there is no curve, more than
/// 6 curves, a curve with no point, a point outside [0, 1]² (tolerance 1e-9) or decreasing X.
/// Outputs are written atomically. Returns the page geometry.
FigurePage render_lorenz_chart(const std::vector<LorenzCurve>& curves, const LorenzChartSpec& spec,
                               const FigureOutputs& outputs);

}  // namespace equiroute::io
