#pragma once
// Sequential colour ramps from ColorBrewer 2.0 (Harrower M, Brewer CA (2003), The Cartographic
// Journal 40(1): 27–37, doi:10.1179/000870403235002042), with the exact k-class schemes. Colour
// specifications © 2002 Cynthia Brewer, Mark Harrower and The Pennsylvania State University,
// Apache License 2.0 (see LICENSE).

#include <string>
#include <string_view>
#include <vector>

namespace equiroute::io {

/// An sRGB colour, components in [0, 1].
struct Rgb {
  double r = 0.0;
  double g = 0.0;
  double b = 0.0;
};

enum class ColorRamp { YlOrRd, Blues, Greens, Purples };

/// Parses "YlOrRd", "Blues", "Greens", "Purples" (case-insensitive). Throws equiroute::Error
/// (BadInput) listing the accepted names otherwise.
ColorRamp parse_color_ramp(std::string_view name);
std::string to_string(ColorRamp ramp);

/// Parses "#rrggbb". Throws std::invalid_argument on anything else.
Rgb rgb_from_hex(std::string_view hex);

/// The ColorBrewer scheme of `ramp` with `classes` colours, light to dark (dark to light when
/// `reversed`). ColorBrewer defines 3..9 classes; 1 class gives the middle colour of the
/// 3-class scheme and 2 classes its two ends. Throws std::invalid_argument outside 1..9.
std::vector<Rgb> color_ramp(ColorRamp ramp, int classes, bool reversed = false);

}  // namespace equiroute::io
