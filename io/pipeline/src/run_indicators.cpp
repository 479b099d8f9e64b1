// The indicators a run maps — one list for the printed maps (run_maps.cpp), the QGIS styles of
// the layers (run_outputs.cpp) and the interactive report (run_report.cpp).

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "equiroute/pipeline/run_outputs.hpp"

namespace equiroute::io {

namespace {

std::string slug(const std::string& text) {
  std::string out;
  for (char c : text) out += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return out;
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

}  // namespace

ChoroplethSpec RunOutputs::class_spec() const {
  ChoroplethSpec spec;
  spec.method = scenario_.output.classification;
  spec.classes = scenario_.output.classes;
  spec.no_data_label = scenario_.text("No data", "无数据");
  spec.subtitle = scenario_.title;
  return spec;
}

std::vector<MappedIndicator> RunOutputs::indicators() const {
  std::vector<MappedIndicator> out;
  const bool group_level = area_.resource_level == ResourceLevel::Group;
  const bool has_population = !area_.resource_units().population.empty();
  for (std::size_t k = 0; k < area_.resource_fields.size(); ++k) {
    const std::string& f = area_.resource_fields[k];
    for (const bool per_person : {true, false}) {
      const auto& values = per_person ? equity_.per_10k : equity_.per_km2;
      if (values.empty() || (per_person && !has_population)) continue;
      MappedIndicator m;
      m.layer = group_level ? "groups" : "regions";
      m.field = f + (per_person ? "_per_10k" : "_per_km2");
      m.file = fmt::format("density_{}_{}", slug(f), per_person ? "per_10k" : "per_km2");
      m.spec = class_spec();
      m.spec.ramp = ColorRamp::Blues;
      m.title = fmt::format("{} {}", label(f),
                            per_person ? scenario_.text("per 10,000 people", "每万人")
                                       : scenario_.text("per km²", "每平方公里"));
      m.short_title = m.title;
      m.spec.title = m.spec.legend_title = m.title;
      m.values = values[k];
      out.push_back(std::move(m));
    }
  }
  if (!access_) return out;
  const RegionValues values = region_values(*access_, region_list());
  MappedIndicator time;
  time.layer = "regions";
  time.field = "nearest_travel_s";
  time.file = "access_nearest_travel_min";
  time.title =
      scenario_.text("Travel time to the nearest facility (min)", "到最近机构的出行时间（分钟）");
  time.short_title = scenario_.text("Nearest facility (min)", "最近机构（分钟）");
  time.field_values = values.nearest_travel_s;
  for (double s : values.nearest_travel_s) time.values.push_back(s / 60.0);
  time.spec = class_spec();
  time.spec.ramp = ColorRamp::YlOrRd;
  time.spec.title = time.title;
  time.spec.legend_title = scenario_.text("minutes", "分钟");
  out.push_back(std::move(time));
  const auto& a = access_->analysis;
  for (std::size_t c = 0; c < a.columns.size(); ++c) {
    const auto& result = a.results[a.columns[c].model];
    if (result.model == "nearest" || a.columns[c].column != 0) continue;
    MappedIndicator m;
    m.layer = "regions";
    m.field = a.columns[c].name;
    m.file = "access_" + slug(a.columns[c].name);
    m.title = fmt::format("{} {} — {}", upper(result.model),
                          scenario_.text("accessibility", "可达性"), label(result.columns[0]));
    m.short_title = upper(result.model);
    m.values = values.scores[c];
    m.spec = class_spec();
    m.spec.ramp = ColorRamp::Greens;
    m.spec.title = m.title;
    m.spec.legend_title = scenario_.text("score", "得分");
    out.push_back(std::move(m));
  }
  return out;
}

/// The QGIS styles of one output layer, its default first: the printed maps' indicators of
/// a polygon layer; the nearest-facility time of the demand points; the facility symbols.
std::vector<geodata::LayerStyle> RunOutputs::layer_styles(const std::string& layer) const {
  std::vector<geodata::LayerStyle> styles;
  if (layer == "demand_points" && access_) {
    ChoroplethSpec spec = class_spec();
    spec.title =
        scenario_.text("Travel time to the nearest facility (min)", "到最近机构的出行时间（分钟）");
    return demand_point_styles(access_->analysis.nearest_travel_s, spec);
  }
  if (layer == "facilities") return {facility_style()};
  for (const auto& m : indicators()) {
    if (m.layer != layer) continue;
    const auto classes = indicator_classes(m);
    if (classes.breaks.classes() > 0) styles.push_back(indicator_layer_style(m, classes));
  }
  // The travel time opens by default: the first question of an access study.
  std::stable_partition(styles.begin(), styles.end(),
                        [](const auto& s) { return s.field == "nearest_travel_s"; });
  return styles;
}

}  // namespace equiroute::io
