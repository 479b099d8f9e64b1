// Sensitivity charts of a sweep (io/render/sensitivity_chart.hpp): page geometry in every
// format, gaps for undefined values, and the inputs it refuses.

#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "equiroute/core/error.hpp"
#include "equiroute/render/sensitivity_chart.hpp"
#include "support.hpp"

using namespace equiroute::io;
using equiroute::test::png_size;
using equiroute::test::read_file;
using equiroute::test::TempDir;

namespace {

SensitivityChartSpec catchment_spec() {
  SensitivityChartSpec spec;
  spec.title = "gini_2sfca_beds — sensitivity to threshold_min";
  spec.x_label = "threshold_min";
  spec.y_label = "gini_2sfca_beds";
  spec.x = {30, 60, 90, 120};
  spec.x_ticks = {"30", "60", "90", "120"};
  spec.reference_y = 0.21;
  spec.reference_x = 120;
  spec.source_note = "equiroute — test";
  return spec;
}

}  // namespace

TEST_CASE("sensitivity chart renders PNG, PDF and SVG of the stated size", "[io][maps][sweep]") {
  TempDir dir;
  const std::vector<SensitivitySeries> series{
      {"speed_kmh=30", {0.42, 0.35, std::nan(""), 0.25}},  // a gap at 90
      {"speed_kmh=40", {0.38, 0.30, 0.24, 0.21}},
      {"speed_kmh=50", {0.33, 0.26, 0.22, 0.20}}};
  FigureOutputs out{dir / "s.png", dir / "s.pdf", dir / "s.svg", {}};
  const FigurePage page = render_sensitivity_chart(series, catchment_spec(), out);
  CHECK(page.width_px == 1800);
  CHECK(page.height_px == 1080);  // 0.6 × the width
  CHECK(png_size(dir / "s.png") == std::pair<unsigned, unsigned>{1800, 1080});
  const std::string pdf = read_file(dir / "s.pdf");
  CHECK(pdf.rfind("%PDF-", 0) == 0);
  const std::string svg = read_file(dir / "s.svg");
  CHECK(svg.find("width=\"432pt\"") != std::string::npos);  // 1800 px at 300 dpi = 6 in
  CHECK(svg.find("height=\"259.2pt\"") != std::string::npos);
}

TEST_CASE("sensitivity chart with one unlabelled series and a flat line", "[io][maps][sweep]") {
  TempDir dir;
  SensitivityChartSpec spec = catchment_spec();
  spec.reference_y.reset();
  FigureOutputs out;
  out.png = dir / "flat.png";
  CHECK_NOTHROW(render_sensitivity_chart({{"", {0.5, 0.5, 0.5, 0.5}}}, spec, out));
  CHECK(png_size(dir / "flat.png").first == 1800);
}

TEST_CASE("sensitivity chart refuses inconsistent input", "[io][maps][sweep]") {
  TempDir dir;
  FigureOutputs out;
  out.png = dir / "bad.png";
  const auto spec = catchment_spec();
  CHECK_THROWS_AS(render_sensitivity_chart({}, spec, out), equiroute::Error);
  CHECK_THROWS_WITH(render_sensitivity_chart({{"a", {1, 2, 3}}}, spec, out),
                    Catch::Contains("has 3 values for 4 x positions"));
  SensitivityChartSpec unordered = spec;
  unordered.x = {30, 90, 60, 120};
  CHECK_THROWS_WITH(render_sensitivity_chart({{"a", {1, 2, 3, 4}}}, unordered, out),
                    Catch::Contains("increase strictly"));
  const double nan = std::nan("");
  CHECK_THROWS_WITH(render_sensitivity_chart({{"a", {nan, nan, nan, nan}}}, spec, out),
                    Catch::Contains("at least one finite value"));
  CHECK_FALSE(std::filesystem::exists(dir / "bad.png"));
}
