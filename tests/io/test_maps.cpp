#include <gdal.h>
#include <ogr_api.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "equiroute/core/error.hpp"
#include "equiroute/render/choropleth_map.hpp"
#include "equiroute/render/lorenz_chart.hpp"
#include "support.hpp"

using namespace equiroute::io;
using equiroute::LonLat;
using equiroute::test::read_file;
using equiroute::test::TempDir;

// Cairo 1.16 leaks a few small buffers when it subsets fonts while finishing a PDF or SVG
// surface (reproducible with plain Cairo: one cairo_show_text on a PDF surface), and
// fontconfig keeps its configuration for the whole process. Suppress exactly those stacks;
// they are only recognisable with full (slow) unwinding, which the Sanitize build can afford.
extern "C" const char* __asan_default_options() { return "fast_unwind_on_malloc=0"; }
extern "C" const char* __lsan_default_suppressions() {
  return "leak:cairo_surface_finish\nleak:FcInitLoadConfigAndFonts\n";
}

namespace {

/// Cairo and fontconfig keep process-wide font caches until told to drop them; doing so at
/// exit lets LeakSanitizer see only real leaks (static destructors run before its check).
struct ReleaseFontCaches {
  ~ReleaseFontCaches() { release_figure_caches(); }
} release_font_caches;

struct PngInfo {
  bool signature = false;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint32_t pixels_per_metre = 0;
};

std::uint32_t be32(const std::string& s, std::size_t at) {
  return (std::uint32_t(static_cast<unsigned char>(s[at])) << 24) |
         (std::uint32_t(static_cast<unsigned char>(s[at + 1])) << 16) |
         (std::uint32_t(static_cast<unsigned char>(s[at + 2])) << 8) |
         std::uint32_t(static_cast<unsigned char>(s[at + 3]));
}

/// Reads the PNG signature, IHDR and pHYs straight from the file bytes.
PngInfo png_info(const std::string& bytes) {
  PngInfo info;
  if (bytes.size() < 33) return info;
  info.signature =
      bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0 && bytes.compare(12, 4, "IHDR") == 0;
  info.width = be32(bytes, 16);
  info.height = be32(bytes, 20);
  std::size_t phys = bytes.find("pHYs");
  if (phys != std::string::npos && phys + 8 < bytes.size())
    info.pixels_per_metre = be32(bytes, phys + 4);
  return info;
}

bool valid_pdf(const std::string& bytes) {
  return bytes.rfind("%PDF-", 0) == 0 &&
         bytes.find("%%EOF", bytes.size() > 64 ? bytes.size() - 64 : 0) != std::string::npos;
}

/// 3×3 grid of 0.5° squares with Chinese labels; cell (r, c) has value 3r + c + 1, the
/// centre cell has no data.
std::vector<MapRegion> grid_regions() {
  const char* names[] = {"岳麓区", "芙蓉区", "天心区", "开福区", "雨花区",
                         "望城区", "浏阳市", "宁乡市", "长沙县"};
  std::vector<MapRegion> regions;
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) {
      double lon = 112.0 + 0.5 * c, lat = 28.0 - 0.5 * r;
      MapRegion region;
      region.id = std::to_string(3 * r + c);
      region.label = names[3 * r + c];
      region.parts = {{{{lon, lat}, {lon + 0.5, lat}, {lon + 0.5, lat - 0.5}, {lon, lat - 0.5}}}};
      region.value =
          (r == 1 && c == 1) ? std::numeric_limits<double>::quiet_NaN() : 3.0 * r + c + 1.0;
      regions.push_back(region);
    }
  }
  return regions;
}

}  // namespace

TEST_CASE("Choropleth map renders PNG, PDF and SVG of the expected size", "[io][maps]") {
  TempDir tmp;
  const char* keep = std::getenv("EQUIROUTE_MAP_DIR");  // keeps the figures for a person
  std::filesystem::path dir = keep ? std::filesystem::path(keep) : tmp.path();
  auto regions = grid_regions();
  std::vector<MapFacility> facilities{
      {{112.2, 27.8}, 1200.0}, {{112.9, 27.1}, 300.0}, {{112.6, 26.6}, 50.0}};
  ChoroplethSpec spec;
  spec.title = "长沙市示例：每万人床位数";
  spec.subtitle = "Synthetic 3 × 3 grid, Jenks natural breaks";
  spec.source_note =
      "Source: synthetic test data. Travel times are straight-line approximations (great-circle "
      "distance × 1.3 at 40 km/h).";
  spec.legend_title = "Beds per 10,000 people";
  spec.classes = 4;
  FigureOutputs out{dir / "map.png", dir / "map.pdf", dir / "map.svg", {}};
  auto result = render_choropleth(regions, facilities, spec, out);

  // The grid is 1.5° × 1.5° at ~27°N: taller than wide once projected → A4 portrait.
  CHECK(result.portrait);
  auto png = png_info(read_file(dir / "map.png"));
  CHECK(png.signature);
  CHECK(png.width == 2480);
  CHECK(png.height == 3507);             // round(2480 · √2)
  CHECK(png.pixels_per_metre == 11811);  // 300 dpi
  CHECK(valid_pdf(read_file(dir / "map.pdf")));
  std::string svg = read_file(dir / "map.svg");
  CHECK(svg.find("<svg") != std::string::npos);
  CHECK(svg.find("</svg>") != std::string::npos);

  // 8 values 1..9 without 5 in 4 Jenks classes, 1 no data.
  CHECK(result.no_data_count == 1);
  std::size_t counted = 0;
  for (auto n : result.class_counts) counted += n;
  CHECK(counted == 8);
  CHECK(result.breaks.classes() == 4);
  CHECK(result.colors.size() == 4);
  CHECK(result.labels_drawn == 9);
  CHECK(result.labels_hidden == 0);
  // The grid spans 1.5° of longitude at 27.25°N ≈ 148 km on a ~500 pt wide map, so the
  // longest nice length (1, 2, 2.5, 5 × 10^n km) within the 90 pt bar is 25 km.
  CHECK(result.scale_bar_km == Approx(25.0));

  CHECK(result.legend_rows.size() == 5);  // 4 classes + no data

  SECTION("tiny scores (2SFCA per person) keep distinct legend ranges") {
    auto tiny = regions;
    for (auto& r : tiny) r.value *= 1e-7;  // 1e-7 .. 9e-7
    FigureOutputs png_only{dir / "tiny.png", {}, {}, {}};
    auto t = render_choropleth(tiny, {}, spec, png_only);
    REQUIRE(t.legend_rows.size() == 5);
    for (std::size_t c = 0; c + 1 < 4; ++c) CHECK(t.legend_rows[c] != t.legend_rows[c + 1]);
    CHECK_THAT(t.legend_rows[0], Catch::StartsWith("0.0000001"));  // 1e-7 with 9 decimals
  }

  SECTION("the same inputs give byte-identical PNG and PDF") {
    // (SVG too across processes; within one process Cairo numbers its SVG surfaces
    // globally, so a second SVG differs in an id.)
    FigureOutputs again{dir / "again.png", dir / "again.pdf", {}, {}};
    render_choropleth(regions, facilities, spec, again);
    CHECK((read_file(dir / "again.png") == read_file(dir / "map.png")));
    CHECK((read_file(dir / "again.pdf") == read_file(dir / "map.pdf")));
  }
}

TEST_CASE("Choropleth hides colliding labels and lays out landscape data", "[io][maps]") {
  TempDir dir;
  std::vector<MapRegion> regions;
  // A wide strip of 40 narrow cells with long labels: labels must collide.
  for (int i = 0; i < 40; ++i) {
    double lon = 100.0 + 0.1 * i;
    MapRegion r;
    r.id = std::to_string(i);
    r.label = "很长的区域名称" + std::to_string(i);
    r.parts = {{{{lon, 30.0}, {lon + 0.1, 30.0}, {lon + 0.1, 29.7}, {lon, 29.7}}}};
    r.value = i;
    regions.push_back(r);
  }
  ChoroplethSpec spec;
  spec.title = "Strip";
  spec.method = ClassMethod::Quantiles;
  spec.ramp = ColorRamp::Blues;
  spec.lower_is_better = true;
  auto result = render_choropleth(regions, {}, spec, FigureOutputs{dir / "strip.png", {}, {}, {}});
  CHECK_FALSE(result.portrait);
  auto png = png_info(read_file(dir / "strip.png"));
  CHECK(png.width == 2480);
  CHECK(png.height == 1754);  // round(2480 / √2)
  CHECK(result.labels_hidden > 0);
  CHECK(result.labels_drawn + result.labels_hidden == 40);
  CHECK(result.labels_drawn >= 3);
  // lower is better: the lowest class gets the darkest Blues colour
  CHECK(result.colors.front().b < result.colors.back().b);
}

TEST_CASE("Choropleth rejects bad input and never overwrites inputs", "[io][maps]") {
  TempDir dir;
  ChoroplethSpec spec;
  auto regions = grid_regions();
  CHECK_THROWS_AS(render_choropleth({}, {}, spec, FigureOutputs{dir / "a.png", {}, {}, {}}),
                  equiroute::Error);
  spec.classes = 10;
  CHECK_THROWS_AS(render_choropleth(regions, {}, spec, FigureOutputs{dir / "a.png", {}, {}, {}}),
                  equiroute::Error);
  spec.classes = 5;
  MapRegion broken;
  broken.id = "x";
  broken.parts = {{{{1, 1}, {2, 2}}}};
  CHECK_THROWS_AS(render_choropleth({broken}, {}, spec, FigureOutputs{dir / "a.png", {}, {}, {}}),
                  equiroute::Error);
  CHECK_THROWS_AS(render_choropleth(regions, {{{112.0, 27.0}, -1.0}}, spec,
                                    FigureOutputs{dir / "a.png", {}, {}, {}}),
                  equiroute::Error);
  equiroute::test::write_file(dir / "input.geojson", "{}");
  CHECK_THROWS_AS(
      render_choropleth(regions, {}, spec,
                        FigureOutputs{dir / "input.geojson", {}, {}, {dir / "input.geojson"}}),
      equiroute::Error);
  CHECK(read_file(dir / "input.geojson") == "{}");
  CHECK_THROWS(
      render_choropleth(regions, {}, spec, FigureOutputs{dir / "missing" / "a.png", {}, {}, {}}));
  CHECK_FALSE(std::filesystem::exists(dir / "a.png"));
}

TEST_CASE("Choropleth draws marked points with a legend row, and rejects bad ones", "[io][maps]") {
  TempDir dir;
  const auto regions = grid_regions();
  ChoroplethSpec spec;
  spec.classes = 4;
  render_choropleth(regions, {}, spec, FigureOutputs{{}, {}, dir / "plain.svg", {}});
  spec.marked_points = {{112.2, 27.8}, {112.9, 27.1}};
  spec.marked_label = "New site of the plan";
  render_choropleth(regions, {}, spec, FigureOutputs{{}, {}, dir / "marked.svg", {}});
  const std::string plain = read_file(dir / "plain.svg");
  const std::string marked = read_file(dir / "marked.svg");
  CHECK(plain != marked);
  // The legend row's text is drawn (as glyphs) only on the marked map: it is larger.
  CHECK(marked.size() > plain.size());
  spec.marked_points.push_back({std::nan(""), 27.0});
  CHECK_THROWS_AS(render_choropleth(regions, {}, spec, FigureOutputs{dir / "bad.png", {}, {}, {}}),
                  equiroute::Error);
  CHECK_FALSE(std::filesystem::exists(dir / "bad.png"));
}

TEST_CASE("Lorenz chart renders PNG, PDF and SVG", "[io][maps][lorenz]") {
  LorenzCurve population{
      "Population basis", {{0.25, 0.1}, {0.5, 0.3}, {0.75, 0.55}, {1.0, 1.0}}, 0.2};
  LorenzCurve area{"Area basis", {{0.0, 0.0}, {0.4, 0.1}, {0.8, 0.4}, {1.0, 1.0}}, 0.38};
  TempDir tmp;
  const char* keep = std::getenv("EQUIROUTE_MAP_DIR");
  std::filesystem::path dir = keep ? std::filesystem::path(keep) : tmp.path();
  LorenzChartSpec spec;
  spec.title = "湖南省卫生技术人员分布的洛伦兹曲线";
  spec.source_note = "Source: Luo et al. (2022), Table 3.";
  auto page = render_lorenz_chart({population, area}, spec,
                                  FigureOutputs{dir / "l.png", dir / "l.pdf", dir / "l.svg", {}});
  auto png = png_info(read_file(dir / "l.png"));
  CHECK(png.signature);
  CHECK(png.width == 1800);
  CHECK(png.height == 1800);
  CHECK(page.width_pt() == Approx(432.0));
  CHECK(valid_pdf(read_file(dir / "l.pdf")));
  CHECK(read_file(dir / "l.svg").find("<svg") != std::string::npos);
  render_lorenz_chart({population}, spec, FigureOutputs{dir / "one.png", {}, {}, {}});
  CHECK(png_info(read_file(dir / "one.png")).width == 1800);

  CHECK_THROWS_AS(render_lorenz_chart({}, spec, FigureOutputs{dir / "x.png", {}, {}, {}}),
                  equiroute::Error);
  LorenzCurve bad{"bad", {{0.5, 0.2}, {0.4, 0.3}}, 0.1};
  CHECK_THROWS_AS(render_lorenz_chart({bad}, spec, FigureOutputs{dir / "x.png", {}, {}, {}}),
                  equiroute::Error);
  LorenzCurve outside{"outside", {{0.5, 1.2}}, 0.1};
  CHECK_THROWS_AS(render_lorenz_chart({outside}, spec, FigureOutputs{dir / "x.png", {}, {}, {}}),
                  equiroute::Error);
}

namespace {

std::vector<LonLatRing> polygon_rings(OGRGeometryH polygon) {
  std::vector<LonLatRing> rings;
  for (int r = 0; r < OGR_G_GetGeometryCount(polygon); ++r) {
    OGRGeometryH ring = OGR_G_GetGeometryRef(polygon, r);
    LonLatRing out;
    for (int i = 0; i < OGR_G_GetPointCount(ring); ++i)
      out.push_back({OGR_G_GetX(ring, i), OGR_G_GetY(ring, i)});
    rings.push_back(std::move(out));
  }
  return rings;
}

}  // namespace

TEST_CASE("Choropleth of the 122 embedded Hunan counties", "[io][maps][hunan]") {
  auto data = equiroute::test::embedded_data();
  if (!data) EQUIROUTE_SKIP("embedded data set data/hunan-2018 not present");
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx((*data / "counties.geojson").c_str(),
                               GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  REQUIRE(ds != nullptr);
  OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
  std::vector<MapRegion> regions;
  std::vector<MapFacility> seats;
  OGRFeatureH f;
  OGR_L_ResetReading(layer);
  while ((f = OGR_L_GetNextFeature(layer)) != nullptr) {
    MapRegion region;
    region.id = OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "adcode"));
    region.label = OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "name"));
    LonLat seat{OGR_F_GetFieldAsDouble(f, OGR_F_GetFieldIndex(f, "seat_lon")),
                OGR_F_GetFieldAsDouble(f, OGR_F_GetFieldIndex(f, "seat_lat"))};
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPolygon) {
      region.parts.push_back(polygon_rings(g));
    } else {
      for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i)
        region.parts.push_back(polygon_rings(OGR_G_GetGeometryRef(g, i)));
    }
    // A smooth synthetic variable: distance (degrees) of the seat from Changsha.
    region.value = std::hypot(seat.lon - 112.94, seat.lat - 28.23);
    if (region.id == "430102") region.value = std::numeric_limits<double>::quiet_NaN();
    seats.push_back({seat, 100.0 + std::fmod(std::stod(region.id), 97.0) * 10.0});
    regions.push_back(std::move(region));
    OGR_F_Destroy(f);
  }
  GDALClose(ds);
  REQUIRE(regions.size() == 122);

  // EQUIROUTE_MAP_DIR keeps the figures for a person to look at.
  TempDir tmp;
  const char* keep = std::getenv("EQUIROUTE_MAP_DIR");
  std::filesystem::path dir = keep ? std::filesystem::path(keep) : tmp.path();
  ChoroplethSpec spec;
  spec.title = "湖南省各县（市、区）到长沙的距离（示例）";
  spec.subtitle =
      "Synthetic variable on the 122 county-level units of Hunan, Jenks natural breaks, 5 classes";
  spec.source_note =
      "Boundaries: data/hunan-2018/counties.geojson. Symbols: county seats sized by a synthetic "
      "capacity. Projection: Lambert azimuthal equal-area centred on the map.";
  spec.legend_title = "Distance (degrees)";
  spec.facility_legend_title = "Synthetic capacity (beds)";
  spec.no_data_label = "无数据";
  auto result = render_choropleth(regions, seats, spec,
                                  FigureOutputs{dir / "hunan.png", dir / "hunan.pdf", {}, {}});
  CHECK(result.portrait);
  CHECK(result.no_data_count == 1);
  CHECK(result.labels_drawn > 60);
  auto png = png_info(read_file(dir / "hunan.png"));
  CHECK(png.width == 2480);
  CHECK(png.height == 3507);
  CHECK(valid_pdf(read_file(dir / "hunan.pdf")));
}
