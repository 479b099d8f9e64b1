// The interactive report's map data (docs/interactive-report.md, {{MAP_DATA}}): the regions
// simplified for the web page and every region-level indicator with the printed map's classes.

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "equiroute/geodata/feature_builder.hpp"
#include "equiroute/geodata/web_geojson.hpp"
#include "equiroute/pipeline/run_outputs.hpp"

namespace equiroute::io {

namespace {

std::string hex(const Rgb& c) {
  auto byte = [](double unit) { return static_cast<int>(std::lround(unit * 255.0)); };
  return fmt::format("#{:02x}{:02x}{:02x}", byte(c.r), byte(c.g), byte(c.b));
}

nlohmann::ordered_json web_indicator(const MappedIndicator& m) {
  const ChoroplethResult classes = indicator_classes(m);
  nlohmann::ordered_json j;
  const bool minutes = m.field == "nearest_travel_s";
  j["id"] = minutes ? "nearest_travel_min" : m.field;
  j["title"] = m.title;
  j["short_title"] = m.short_title;
  j["legend_title"] = m.spec.legend_title;
  if (minutes) j["decimals"] = 1;
  j["values"] = m.values;  // NaN and ±inf become null: no data
  j["classes"] = nlohmann::ordered_json::array();
  for (std::size_t c = 0; c < classes.breaks.classes(); ++c) {
    j["classes"].push_back({{"lower", classes.breaks.lower(c)},
                            {"upper", classes.breaks.upper[c]},
                            {"color", hex(classes.colors[c])},
                            {"label", classes.legend_rows[c]}});
  }
  return j;
}

}  // namespace

std::string RunOutputs::web_map_data() const {
  nlohmann::ordered_json data;
  data["version"] = 1;
  data["lang"] = scenario_.language == ReportLanguage::Zh ? "zh-CN" : "en";
  data["title"] = scenario_.title;
  data["strings"] = {
      {"indicator", scenario_.text("Indicator", "指标")},
      {"no_data", scenario_.text("No data", "无数据")},
      {"map", scenario_.text("Interactive map of the indicators", "指标交互地图")},
      {"hover", scenario_.text("Hover a region for its values", "鼠标悬停查看区域数值")}};
  geodata::FeatureSet regions = geodata::copy_features(area_.regions, {});
  geodata::set_column(regions, "name", area_.region_units.names);
  data["regions"] = nlohmann::ordered_json::parse(geodata::web_geojson(regions, {"name"}));
  data["indicators"] = nlohmann::ordered_json::array();
  for (const auto& m : indicators()) {
    if (m.layer == "regions") data["indicators"].push_back(web_indicator(m));
  }
  if (data["indicators"].empty()) return {};
  return data.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace equiroute::io
