#include "equiroute/render/lorenz_chart.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "cairo_page.hpp"
#include "equiroute/core/error.hpp"

namespace equiroute::io {

namespace {

using detail::Align;

const Rgb kInk{0.13, 0.13, 0.13};
const Rgb kGreyText{0.35, 0.35, 0.35};
// ColorBrewer Dark2 (qualitative), distinguishable in print.
const char* const kCurveColors[] = {"#1b9e77", "#d95f02", "#7570b3",
                                    "#e7298a", "#66a61e", "#e6ab02"};

void validate(const std::vector<LorenzCurve>& curves) {
  if (curves.empty()) throw Error("a Lorenz chart needs at least one curve");
  if (curves.size() > std::size(kCurveColors)) {
    throw Error(fmt::format("a Lorenz chart shows at most {} curves, got {}",
                            std::size(kCurveColors), curves.size()));
  }
  for (const auto& c : curves) {
    if (c.points.empty()) throw Error("Lorenz curve '" + c.label + "' has no point");
    double last_x = 0.0;
    for (const auto& [x, y] : c.points) {
      constexpr double tol = 1e-9;
      if (!(x >= -tol && x <= 1 + tol && y >= -tol && y <= 1 + tol)) {
        throw Error(
            fmt::format("Lorenz curve '{}' has point ({}, {}) outside [0, 1]", c.label, x, y));
      }
      if (x < last_x - tol) {
        throw Error("Lorenz curve '" + c.label + "' has decreasing cumulative weight shares");
      }
      last_x = x;
    }
  }
}

std::string gini_text(const LorenzChartSpec& spec, double gini) {
  return fmt::format("{} = {:.3f}", spec.gini_label, gini);
}

}  // namespace

FigurePage render_lorenz_chart(const std::vector<LorenzCurve>& curves, const LorenzChartSpec& spec,
                               const FigureOutputs& outputs) {
  validate(curves);
  FigurePage page;
  page.width_px = spec.width_px;
  page.height_px = spec.width_px;
  page.dpi = spec.dpi;
  const double W = page.width_pt(), H = page.height_pt();
  const double margin = 20.0;

  std::string title = spec.title;
  if (curves.size() == 1 && std::isfinite(curves[0].gini)) {
    title += (title.empty() ? "" : " ") + std::string("(") + gini_text(spec, curves[0].gini) + ")";
  }
  detail::MeasureContext measure;
  detail::set_font(measure.get(), 11.0, true);
  auto title_lines = detail::wrap_text(measure.get(), title, W - 2 * margin);
  detail::set_font(measure.get(), 6.0);
  auto note_lines = detail::wrap_text(measure.get(), spec.source_note, W - 2 * margin);

  const double top = margin + static_cast<double>(title_lines.size()) * 14.0 + 10.0;
  const double bottom = H - margin - static_cast<double>(note_lines.size()) * 8.0 - 34.0;
  const double left = margin + 40.0;
  const double side = std::min(W - margin - 8.0 - left, bottom - top);
  const double px0 = left + (W - margin - 8.0 - left - side) / 2.0;
  const double py1 = top + side;  // y of the plot's bottom edge
  auto X = [=](double v) { return px0 + v * side; };
  auto Y = [=](double v) { return py1 - v * side; };

  auto draw = [&](cairo_t* cr) {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    double y = margin;
    detail::set_font(cr, 11.0, true);
    for (const auto& l : title_lines) {
      y += 14.0;
      detail::draw_text(cr, margin, y - 3.0, l, Align::Left, kInk);
    }
    // Grid and ticks every 20 %.
    detail::set_font(cr, 7.0);
    for (int i = 0; i <= 5; ++i) {
      double v = i / 5.0;
      cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
      cairo_set_line_width(cr, 0.4);
      cairo_move_to(cr, X(v), Y(0));
      cairo_line_to(cr, X(v), Y(1));
      cairo_move_to(cr, X(0), Y(v));
      cairo_line_to(cr, X(1), Y(v));
      cairo_stroke(cr);
      std::string tick = fmt::format("{}%", i * 20);
      detail::draw_text(cr, X(v), Y(0) + 10.0, tick, Align::Center, kInk);
      detail::draw_text(cr, X(0) - 4.0, Y(v) + 2.5, tick, Align::Right, kInk);
    }
    cairo_rectangle(cr, X(0), Y(1), side, side);
    detail::set_color(cr, kInk);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
    // Axis labels.
    detail::set_font(cr, 8.0);
    detail::draw_text(cr, X(0.5), Y(0) + 22.0, spec.x_label, Align::Center, kInk);
    cairo_save(cr);
    cairo_translate(cr, X(0) - 26.0, Y(0.5));
    cairo_rotate(cr, -std::numbers::pi / 2.0);
    detail::draw_text(cr, 0.0, 0.0, spec.y_label, Align::Center, kInk);
    cairo_restore(cr);
    // Line of equality.
    const double dash[] = {3.0, 2.0};
    cairo_set_dash(cr, dash, 2, 0.0);
    cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, X(0), Y(0));
    cairo_line_to(cr, X(1), Y(1));
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0.0);
    // Curves.
    for (std::size_t c = 0; c < curves.size(); ++c) {
      Rgb color = rgb_from_hex(kCurveColors[c]);
      std::vector<std::pair<double, double>> pts = curves[c].points;
      if (pts.front().first > 0.0 || pts.front().second > 0.0) pts.insert(pts.begin(), {0.0, 0.0});
      auto trace = [&] {
        cairo_new_path(cr);
        for (std::size_t i = 0; i < pts.size(); ++i) {
          double px = X(std::clamp(pts[i].first, 0.0, 1.0));
          double py = Y(std::clamp(pts[i].second, 0.0, 1.0));
          if (i == 0) {
            cairo_move_to(cr, px, py);
          } else {
            cairo_line_to(cr, px, py);
          }
        }
      };
      if (curves.size() == 1) {  // shade the area between curve and equality (= Gini / 2)
        trace();
        cairo_line_to(cr, X(1), Y(1));
        cairo_close_path(cr);
        detail::set_color(cr, color, 0.15);
        cairo_fill(cr);
      }
      trace();
      detail::set_color(cr, color);
      cairo_set_line_width(cr, 1.4);
      cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke(cr);
    }
    // Legend in the empty upper-left triangle.
    detail::set_font(cr, 7.5);
    double ly = Y(1) + 12.0;
    const double lx = X(0) + 8.0;
    auto legend_row = [&](const Rgb& color, bool dashed, const std::string& text) {
      if (dashed) cairo_set_dash(cr, dash, 2, 0.0);
      detail::set_color(cr, color);
      cairo_set_line_width(cr, dashed ? 0.8 : 1.4);
      cairo_move_to(cr, lx, ly - 2.5);
      cairo_line_to(cr, lx + 16.0, ly - 2.5);
      cairo_stroke(cr);
      cairo_set_dash(cr, nullptr, 0, 0.0);
      detail::draw_text(cr, lx + 21.0, ly, text, Align::Left, kInk, 1.0);
      ly += 11.0;
    };
    for (std::size_t c = 0; c < curves.size(); ++c) {
      std::string text = curves[c].label;
      if (curves.size() > 1 && std::isfinite(curves[c].gini)) {
        text += (text.empty() ? "" : " (") + gini_text(spec, curves[c].gini) +
                (text.empty() ? "" : ")");
      }
      if (!text.empty()) legend_row(rgb_from_hex(kCurveColors[c]), false, text);
    }
    legend_row({0.45, 0.45, 0.45}, true, spec.equality_label);
    // Source note.
    detail::set_font(cr, 6.0);
    double ny = H - margin - static_cast<double>(note_lines.size()) * 8.0;
    for (const auto& l : note_lines) {
      ny += 8.0;
      detail::draw_text(cr, margin, ny - 1.5, l, Align::Left, kGreyText);
    }
  };
  detail::render_page(page, outputs, title, draw);
  return page;
}

}  // namespace equiroute::io
