#include "equiroute/report/table_display.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <cmath>
#include <map>

namespace equiroute::io {

namespace {

using Names = std::pair<const char*, const char*>;  // English, Chinese

const std::map<std::string, Names>& fixed_labels() {
  static const std::map<std::string, Names> kLabels{
      {"id", {"ID", "编码"}},
      {"key", {"Code", "编码"}},
      {"name", {"Name", "名称"}},
      {"group", {"Group", "分组"}},
      {"region", {"Region", "区域"}},
      {"basis", {"Basis", "维度"}},
      {"resource", {"Resource", "资源"}},
      {"indicator", {"Indicator", "指标"}},
      {"weight", {"Weight", "权重"}},
      {"units", {"Units", "单元数"}},
      {"unreachable_units", {"Unreachable units", "不可达单元数"}},
      {"population", {"Population (persons)", "人口（人）"}},
      {"area_km2", {"Area (km²)", "面积（平方公里）"}},
      {"lon", {"Longitude (°)", "经度（°）"}},
      {"lat", {"Latitude (°)", "纬度（°）"}},
      {"gini", {"Gini", "基尼系数"}},
      {"band", {"Band", "等级"}},
      {"theil_t", {"Theil T", "泰尔指数 T"}},
      {"theil_l", {"Theil L", "泰尔指数 L"}},
      {"theil_log_base", {"Log base", "对数底"}},
      {"nearest_travel_s", {"Nearest facility (s)", "到最近机构时间（秒）"}},
      {"nearest_travel_min", {"Nearest facility (min)", "到最近机构时间（分钟）"}},
      {"institutions", {"Institutions", "机构数"}},
      {"facilities", {"Facilities", "机构数"}},
      {"beds", {"Beds", "床位数"}},
      {"actual_beds", {"Actual beds", "实有床位数"}},
      {"doctors", {"Doctors", "医生数"}},
      {"nurses", {"Nurses", "护士数"}}};
  return kLabels;
}

bool ends_with(const std::string& text, const std::string& tail) {
  return text.size() > tail.size() &&
         text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

bool starts_with(const std::string& text, const std::string& head) {
  return text.size() > head.size() && text.compare(0, head.size(), head) == 0;
}

std::string plain(const std::string& column) {
  std::string out = column;
  for (char& c : out) c = c == '_' ? ' ' : c;
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

/// Resource or other plain names inside composite columns ("beds" in "beds_per_10k").
std::string part(const std::string& name, bool zh) {
  const auto& labels = fixed_labels();
  if (auto it = labels.find(name); it != labels.end()) {
    std::string text = zh ? it->second.second : it->second.first;
    if (!zh) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    return text;
  }
  std::string out = name;
  for (char& c : out) c = c == '_' ? ' ' : c;
  return out;
}

/// "<mean_reachable|median|p90>_<min|s>" and "share_beyond_<t>_min" of the burden table;
/// "<kind>_<between|within|between_share>" of the decompositions.
std::string statistic_label(const std::string& c, bool zh) {
  static const std::array<std::array<const char*, 3>, 3> kTimes{
      {{"mean_reachable", "Mean, reachable", "平均（可达）"},
       {"median", "Median", "中位数"},
       {"p90", "90th percentile", "第90百分位"}}};
  for (const auto& [key, en, cn] : kTimes) {
    for (const auto& [unit, en_unit, zh_unit] :
         std::array<std::array<const char*, 3>, 2>{{{"_min", "min", "分钟"}, {"_s", "s", "秒"}}}) {
      if (c == std::string(key) + unit)
        return zh ? fmt::format("{}（{}）", cn, zh_unit) : fmt::format("{} ({})", en, en_unit);
    }
  }
  if (starts_with(c, "share_beyond_") && ends_with(c, "_min")) {
    const std::string t = c.substr(13, c.size() - 17);
    return zh ? fmt::format("超过{}分钟的比例", t) : fmt::format("Share beyond {} min", t);
  }
  for (const char* kind : {"theil_t", "theil_l"}) {
    const std::string k = kind;
    const std::string name =
        zh ? (k == "theil_t" ? "泰尔 T" : "泰尔 L") : (k == "theil_t" ? "Theil T" : "Theil L");
    if (c == k + "_between_share") return name + (zh ? " 组间占比" : " between share");
    if (c == k + "_between") return name + (zh ? " 组间" : " between");
    if (c == k + "_within") return name + (zh ? " 组内" : " within");
  }
  return {};
}

std::string composite_label(const std::string& c, bool zh) {
  if (ends_with(c, "_per_10k")) {
    const std::string r = part(c.substr(0, c.size() - 8), zh);
    return zh ? "每万人" + r : r + " per 10,000 people";
  }
  if (ends_with(c, "_per_km2")) {
    const std::string r = part(c.substr(0, c.size() - 8), zh);
    return zh ? "每平方公里" + r : r + " per km²";
  }
  if (starts_with(c, "unreachable_")) {
    const std::string r = part(c.substr(12), zh);
    return zh ? "不可达" + r : "Unreachable " + r;
  }
  for (const char* model : {"cumulative", "gravity", "2sfca", "e2sfca", "g2sfca", "3sfca"}) {
    const std::string prefix = std::string(model) + "_";
    if (!starts_with(c, prefix)) continue;
    std::string upper = model;
    for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (upper == "CUMULATIVE") upper = zh ? "累积机会" : "Cumulative";
    if (upper == "GRAVITY") upper = zh ? "引力" : "Gravity";
    const std::string r = part(c.substr(prefix.size()), zh);
    return zh ? fmt::format("{} 得分（{}）", upper, r) : fmt::format("{} score: {}", upper, r);
  }
  return {};
}

/// 7288600 → "7,288,600".
std::string with_thousands(long long whole) {
  std::string digits = std::to_string(whole < 0 ? -whole : whole);
  for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > 0; i -= 3)
    digits.insert(static_cast<std::size_t>(i), ",");
  return whole < 0 ? "-" + digits : digits;
}

}  // namespace

std::string column_label(const std::string& column, ReportLanguage language) {
  const bool zh = language == ReportLanguage::Zh;
  const auto& labels = fixed_labels();
  if (auto it = labels.find(column); it != labels.end())
    return zh ? it->second.second : it->second.first;
  if (std::string s = statistic_label(column, zh); !s.empty()) return s;
  if (std::string s = composite_label(column, zh); !s.empty()) {
    s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));  // "Beds per …"
    return s;
  }
  return plain(column);
}

std::string readable_number(double value) {
  if (!std::isfinite(value)) return "—";
  if (value == 0.0) return "0";
  if (std::abs(value) >= 999.5) return with_thousands(std::llround(value));
  const int digits = std::max(0, 3 - static_cast<int>(std::floor(std::log10(std::abs(value)))));
  std::string text = fmt::format("{:.{}f}", value, digits);
  if (text.find('.') != std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
  }
  return text == "-0" ? "0" : text;
}

}  // namespace equiroute::io
