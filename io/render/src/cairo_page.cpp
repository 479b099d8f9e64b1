#include "cairo_page.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <fmt/core.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <memory>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/atomic_output.hpp"

namespace equiroute::io::detail {

namespace {

void check_status(cairo_status_t status, const std::filesystem::path& path) {
  if (status != CAIRO_STATUS_SUCCESS) {
    throw Error(std::string("cannot render figure: ") + cairo_status_to_string(status),
                {.file = path.string()}, ErrorKind::Internal);
  }
}

std::uint32_t crc32(const std::string& bytes, std::size_t begin, std::size_t end) {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1U) ? 0xEDB88320U ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFU;
  for (std::size_t i = begin; i < end; ++i) {
    c = table[(c ^ static_cast<unsigned char>(bytes[i])) & 0xFFU] ^ (c >> 8);
  }
  return c ^ 0xFFFFFFFFU;
}

void put_u32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFFU);
}

/// Inserts a pHYs chunk (pixels per metre) right after IHDR so that viewers and word
/// processors place the PNG at its print size. Cairo itself writes no resolution.
std::string with_phys(const std::string& png, double dpi) {
  constexpr std::size_t kAfterIhdr = 8 + 4 + 4 + 13 + 4;
  if (png.size() < kAfterIhdr) return png;
  auto ppm = static_cast<std::uint32_t>(std::lround(dpi / 0.0254));
  std::string chunk;
  put_u32(chunk, 9);
  chunk += "pHYs";
  put_u32(chunk, ppm);
  put_u32(chunk, ppm);
  chunk += '\x01';  // unit: metre
  put_u32(chunk, crc32(chunk, 4, chunk.size()));
  return png.substr(0, kAfterIhdr) + chunk + png.substr(kAfterIhdr);
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using ContextPtr = std::unique_ptr<cairo_t, ContextDeleter>;

/// Same text layout in every format: no hinting, so glyph advances do not depend on the
/// device resolution.
void set_font_options(cairo_t* cr) {
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
  cairo_set_font_options(cr, options);
  cairo_font_options_destroy(options);
}

void draw_on(cairo_surface_t* surface, double scale, const std::function<void(cairo_t*)>& draw,
             const std::filesystem::path& path) {
  ContextPtr cr(cairo_create(surface));
  cairo_scale(cr.get(), scale, scale);
  set_font_options(cr.get());
  draw(cr.get());
  check_status(cairo_status(cr.get()), path);
}

}  // namespace

void render_page(const FigurePage& page, const FigureOutputs& outputs, const std::string& title,
                 const std::function<void(cairo_t*)>& draw) {
  if (outputs.png.empty() && outputs.pdf.empty() && outputs.svg.empty()) {
    throw Error("no output path given for figure '" + title + "'", {}, ErrorKind::Internal);
  }
  if (page.width_px <= 0 || page.height_px <= 0 || !(page.dpi > 0.0)) {
    throw Error(fmt::format("invalid figure size {}x{} px at {} dpi", page.width_px, page.height_px,
                            page.dpi),
                {}, ErrorKind::BadInput);
  }
  if (!outputs.png.empty()) {
    geodata::AtomicOutput out(outputs.png, outputs.inputs);
    SurfacePtr surface(
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, page.width_px, page.height_px));
    check_status(cairo_surface_status(surface.get()), outputs.png);
    draw_on(surface.get(), page.dpi / 72.0, draw, outputs.png);
    cairo_surface_flush(surface.get());
    std::string png;
    check_status(cairo_surface_write_to_png_stream(surface.get(), append_to_string, &png),
                 outputs.png);
    png = with_phys(png, page.dpi);
    {
      std::ofstream file(out.temp_path(), std::ios::binary);
      file.write(png.data(), static_cast<std::streamsize>(png.size()));
      if (!file) {
        throw Error("cannot write figure", {.file = outputs.png.string()}, ErrorKind::BadInput);
      }
    }
    out.commit();
  }
  if (!outputs.pdf.empty()) {
    geodata::AtomicOutput out(outputs.pdf, outputs.inputs);
    {
      SurfacePtr surface(
          cairo_pdf_surface_create(out.temp_path().c_str(), page.width_pt(), page.height_pt()));
      check_status(cairo_surface_status(surface.get()), outputs.pdf);
      cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
      cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "equiroute");
      // Cairo stamps the current time otherwise; outputs must be byte-identical across runs.
      cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, "");
      draw_on(surface.get(), 1.0, draw, outputs.pdf);
      cairo_surface_finish(surface.get());
      check_status(cairo_surface_status(surface.get()), outputs.pdf);
    }
    out.commit();
  }
  if (!outputs.svg.empty()) {
    geodata::AtomicOutput out(outputs.svg, outputs.inputs);
    {
      SurfacePtr surface(
          cairo_svg_surface_create(out.temp_path().c_str(), page.width_pt(), page.height_pt()));
      check_status(cairo_surface_status(surface.get()), outputs.svg);
      cairo_svg_surface_set_document_unit(surface.get(), CAIRO_SVG_UNIT_PT);
      draw_on(surface.get(), 1.0, draw, outputs.svg);
      cairo_surface_finish(surface.get());
      check_status(cairo_surface_status(surface.get()), outputs.svg);
    }
    out.commit();
  }
}

}  // namespace equiroute::io::detail

namespace equiroute::io {

void release_figure_caches() { cairo_debug_reset_static_data(); }

}  // namespace equiroute::io

namespace equiroute::io::detail {

MeasureContext::MeasureContext()
    : surface_(cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, nullptr)),
      cr_(cairo_create(surface_)) {
  set_font_options(cr_);
}

MeasureContext::~MeasureContext() {
  cairo_destroy(cr_);
  cairo_surface_destroy(surface_);
}

void set_font(cairo_t* cr, double size_pt, bool bold) {
  cairo_select_font_face(cr, kFontFamily, CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size_pt);
}

void set_color(cairo_t* cr, const Rgb& c, double alpha) {
  cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
}

double text_width(cairo_t* cr, const std::string& text) {
  cairo_text_extents_t e;
  cairo_text_extents(cr, text.c_str(), &e);
  return e.x_advance;
}

void draw_text(cairo_t* cr, double x, double y, const std::string& text, Align align,
               const Rgb& color, double halo_pt) {
  double w = text_width(cr, text);
  if (align == Align::Center) x -= w / 2.0;
  if (align == Align::Right) x -= w;
  cairo_save(cr);
  cairo_move_to(cr, x, y);
  if (halo_pt > 0.0) {
    cairo_text_path(cr, text.c_str());
    cairo_set_source_rgba(cr, 1.0, 1.0, 1.0, 0.9);
    cairo_set_line_width(cr, 2.0 * halo_pt);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    cairo_move_to(cr, x, y);
  }
  set_color(cr, color);
  cairo_show_text(cr, text.c_str());
  cairo_restore(cr);
}

std::vector<std::string> wrap_text(cairo_t* cr, const std::string& text, double max_width_pt) {
  // Tokens: runs of non-space ASCII/Latin, single CJK characters, and spaces.
  std::vector<std::string> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t len = lead < 0x80 ? 1 : (lead >> 5) == 6 ? 2 : (lead >> 4) == 14 ? 3 : 4;
    std::string ch = text.substr(i, len);
    bool wide = len >= 3;  // CJK and other wide scripts: a break is allowed between characters
    if (ch == " " || wide || tokens.empty() || tokens.back() == " " ||
        static_cast<unsigned char>(tokens.back()[0]) >= 0xE0) {
      tokens.push_back(ch);
    } else {
      tokens.back() += ch;
    }
    i += len;
  }
  std::vector<std::string> lines;
  std::string line;
  for (const auto& token : tokens) {
    std::string candidate = line + token;
    if (!line.empty() && token != " " && text_width(cr, candidate) > max_width_pt) {
      while (!line.empty() && line.back() == ' ') line.pop_back();
      lines.push_back(line);
      line = token;
    } else if (!(line.empty() && token == " ")) {
      line = candidate;
    }
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  if (!line.empty()) lines.push_back(line);
  return lines;
}

double nice_floor(double x) {
  double p = std::pow(10.0, std::floor(std::log10(x)));
  for (double m : {5.0, 2.5, 2.0, 1.0}) {
    if (m * p <= x * (1.0 + 1e-12)) return m * p;
  }
  return p;
}

std::string format_number(double v, int decimals) {
  if (decimals >= 0) return fmt::format("{:.{}f}", v, decimals);
  if (std::abs(v) < 1e15 && v == std::round(v)) return fmt::format("{:.0f}", v);
  return fmt::format("{:.4g}", v);
}

}  // namespace equiroute::io::detail
