#include "equiroute/render/color_ramp.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

#include "equiroute/core/error.hpp"

namespace equiroute::io {

namespace {

// ColorBrewer 2.0 sequential schemes, 3 to 9 classes (rows), light to dark.
using Scheme = std::array<std::vector<const char*>, 7>;

const Scheme kYlOrRd = {{
    {"#ffeda0", "#feb24c", "#f03b20"},
    {"#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"},
    {"#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"},
    {"#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"},
    {"#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"},
    {"#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"},
    {"#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026",
     "#800026"},
}};

const Scheme kBlues = {{
    {"#deebf7", "#9ecae1", "#3182bd"},
    {"#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"},
    {"#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"},
    {"#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"},
    {"#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"},
    {"#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"},
    {"#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c",
     "#08306b"},
}};

const Scheme kGreens = {{
    {"#e5f5e0", "#a1d99b", "#31a354"},
    {"#edf8e9", "#bae4b3", "#74c476", "#238b45"},
    {"#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"},
    {"#edf8e9", "#c7e9c0", "#a1d99b", "#74c476", "#31a354", "#006d2c"},
    {"#edf8e9", "#c7e9c0", "#a1d99b", "#74c476", "#41ab5d", "#238b45", "#005a32"},
    {"#f7fcf5", "#e5f5e0", "#c7e9c0", "#a1d99b", "#74c476", "#41ab5d", "#238b45", "#005a32"},
    {"#f7fcf5", "#e5f5e0", "#c7e9c0", "#a1d99b", "#74c476", "#41ab5d", "#238b45", "#006d2c",
     "#00441b"},
}};

const Scheme kPurples = {{
    {"#efedf5", "#bcbddc", "#756bb1"},
    {"#f2f0f7", "#cbc9e2", "#9e9ac8", "#6a51a3"},
    {"#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"},
    {"#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f"},
    {"#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#4a1486"},
    {"#fcfbfd", "#efedf5", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#4a1486"},
    {"#fcfbfd", "#efedf5", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#54278f",
     "#3f007d"},
}};

const Scheme& scheme(ColorRamp ramp) {
  switch (ramp) {
    case ColorRamp::YlOrRd:
      return kYlOrRd;
    case ColorRamp::Blues:
      return kBlues;
    case ColorRamp::Greens:
      return kGreens;
    case ColorRamp::Purples:
      return kPurples;
  }
  return kYlOrRd;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

ColorRamp parse_color_ramp(std::string_view name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "ylorrd") return ColorRamp::YlOrRd;
  if (lower == "blues") return ColorRamp::Blues;
  if (lower == "greens") return ColorRamp::Greens;
  if (lower == "purples") return ColorRamp::Purples;
  throw Error(fmt::format("unknown colour ramp '{}'", name), {}, ErrorKind::BadInput,
              "use one of: YlOrRd, Blues, Greens, Purples");
}

std::string to_string(ColorRamp ramp) {
  switch (ramp) {
    case ColorRamp::YlOrRd:
      return "YlOrRd";
    case ColorRamp::Blues:
      return "Blues";
    case ColorRamp::Greens:
      return "Greens";
    case ColorRamp::Purples:
      return "Purples";
  }
  return "YlOrRd";
}

Rgb rgb_from_hex(std::string_view hex) {
  if (hex.size() != 7 || hex[0] != '#') {
    throw std::invalid_argument(fmt::format("not a #rrggbb colour: '{}'", hex));
  }
  int v[6];
  for (int i = 0; i < 6; ++i) {
    v[i] = hex_digit(hex[static_cast<std::size_t>(i) + 1]);
    if (v[i] < 0) throw std::invalid_argument(fmt::format("not a #rrggbb colour: '{}'", hex));
  }
  return {(v[0] * 16 + v[1]) / 255.0, (v[2] * 16 + v[3]) / 255.0, (v[4] * 16 + v[5]) / 255.0};
}

std::vector<Rgb> color_ramp(ColorRamp ramp, int classes, bool reversed) {
  if (classes < 1 || classes > 9) {
    throw std::invalid_argument(
        fmt::format("ColorBrewer ramps have 1 to 9 classes, asked for {}", classes));
  }
  const Scheme& s = scheme(ramp);
  std::vector<const char*> hex;
  if (classes == 1) {
    hex = {s[0][1]};
  } else if (classes == 2) {
    hex = {s[0][0], s[0][2]};
  } else {
    hex = s[static_cast<std::size_t>(classes - 3)];
  }
  std::vector<Rgb> out;
  for (const char* h : hex) out.push_back(rgb_from_hex(h));
  if (reversed) std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace equiroute::io
