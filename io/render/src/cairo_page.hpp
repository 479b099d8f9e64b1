#pragma once
// Internal drawing helpers shared by the map and chart renderers: one page drawn once per
// output format (PNG with 300 dpi pHYs, PDF, SVG), written atomically, and text with the
// CJK-capable font. Not a public header: it exposes Cairo types.

#include <cairo.h>

#include <functional>
#include <string>
#include <vector>

#include "equiroute/render/color_ramp.hpp"
#include "equiroute/render/figure_output.hpp"

namespace equiroute::io::detail {

/// The font family used for all text: Noto Sans CJK SC covers Chinese and Latin glyphs
/// (Debian package fonts-noto-cjk), matched through fontconfig.
inline constexpr const char* kFontFamily = "Noto Sans CJK SC";

/// Draws `draw` (which works in points, origin top-left) to every path set in `outputs`.
/// Throws equiroute::Error when Cairo reports a failure or a file cannot be written.
void render_page(const FigurePage& page, const FigureOutputs& outputs, const std::string& title,
                 const std::function<void(cairo_t*)>& draw);

/// A Cairo context on a recording surface, for measuring text before layout.
class MeasureContext {
 public:
  MeasureContext();
  ~MeasureContext();
  MeasureContext(const MeasureContext&) = delete;
  MeasureContext& operator=(const MeasureContext&) = delete;
  cairo_t* get() const noexcept { return cr_; }

 private:
  cairo_surface_t* surface_;
  cairo_t* cr_;
};

enum class Align { Left, Center, Right };

void set_font(cairo_t* cr, double size_pt, bool bold = false);
void set_color(cairo_t* cr, const Rgb& c, double alpha = 1.0);
/// Advance width of `text` in the current font, points.
double text_width(cairo_t* cr, const std::string& text);
/// Draws one line with its baseline at y; `halo_pt` > 0 strokes a white outline first.
void draw_text(cairo_t* cr, double x, double y, const std::string& text, Align align,
               const Rgb& color, double halo_pt = 0.0);
/// Splits `text` into lines no wider than `max_width_pt` (breaking at spaces, or between
/// any two characters of CJK text).
std::vector<std::string> wrap_text(cairo_t* cr, const std::string& text, double max_width_pt);

/// Round "nice" number (1, 2, 2.5 or 5 × 10^n) not above `x` (x > 0).
double nice_floor(double x);
/// Formats `v` with `decimals` decimals (trailing zeros kept), or compactly when decimals < 0.
std::string format_number(double v, int decimals);

}  // namespace equiroute::io::detail
