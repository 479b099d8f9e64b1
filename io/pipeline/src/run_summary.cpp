#include "equiroute/pipeline/run_summary.hpp"

#include <fmt/core.h>

#include <cmath>
#include <limits>

#include "equiroute/core/error.hpp"

namespace equiroute::io {

namespace {

using json = nlohmann::ordered_json;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Finite numbers as numbers; NaN and infinities as null (JSON has neither).
json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
json optional_number(const std::optional<double>& v) { return v ? number(*v) : json(nullptr); }
double number_or_nan(const json& j) { return j.is_number() ? j.get<double>() : kNaN; }
std::optional<double> optional_from(const json& j) {
  return j.is_number() ? std::optional<double>(j.get<double>()) : std::nullopt;
}
std::string threshold_key(double minutes) { return fmt::format("{:g}", minutes); }

json travel_json(const TravelSummary& t) {
  json shares = json::object();
  for (std::size_t i = 0; i < t.thresholds_min.size(); ++i)
    shares[threshold_key(t.thresholds_min[i])] = number(t.share_beyond[i]);
  return {{"mean_nearest_min", number(t.mean_nearest_min)},
          {"median_nearest_min", number(t.median_nearest_min)},
          {"p90_nearest_min", number(t.p90_nearest_min)},
          {"share_beyond_min", shares},
          {"unreachable_units", t.unreachable_units},
          {"approximate", t.approximate},
          {"weight", t.weight}};
}

TravelSummary travel_from(const json& j) {
  TravelSummary t;
  t.mean_nearest_min = number_or_nan(j.value("mean_nearest_min", json()));
  t.median_nearest_min = number_or_nan(j.value("median_nearest_min", json()));
  t.p90_nearest_min = number_or_nan(j.value("p90_nearest_min", json()));
  for (const auto& [key, value] : j.at("share_beyond_min").items()) {
    t.thresholds_min.push_back(std::stod(key));
    t.share_beyond.push_back(number_or_nan(value));
  }
  t.unreachable_units = j.at("unreachable_units").get<std::size_t>();
  t.approximate = j.at("approximate").get<bool>();
  t.weight = j.at("weight").get<std::string>();
  return t;
}

/// The bootstrap keys, only when there was a bootstrap (summaries without one are unchanged).
void put_intervals(const RunSummary& s, json& j) {
  if (!s.bootstrap) return;
  for (const auto& e : s.equity_intervals)
    j["equity"][e.resource][engine::to_string(e.basis)]["intervals"][e.statistic] =
        e.interval.to_json();
  j["bootstrap"] = bootstrap_settings_json(*s.bootstrap);
  json contrasts = json::object();
  for (const auto& c : s.contrasts) {
    json one = c.difference.to_json();
    one["significant"] = c.significant;
    contrasts[c.resource]["gini_area_minus_population"] = std::move(one);
  }
  j["contrasts"] = std::move(contrasts);
  json access = json::object();
  for (const auto& [name, interval] : s.access_gini_intervals) access[name] = interval.to_json();
  j["access_gini_intervals"] = std::move(access);
}

void read_intervals(const json& j, RunSummary& s) {
  if (!j.contains("bootstrap")) return;
  const json& b = j.at("bootstrap");
  engine::BootstrapOptions options;
  options.replicates = b.at("replicates").get<std::size_t>();
  options.seed = b.at("seed").get<std::uint64_t>();
  options.level = b.at("level").get<double>();
  s.bootstrap = options;
  for (const auto& [resource, bases] : j.at("equity").items()) {
    for (const auto& [basis, v] : bases.items()) {
      if (!v.contains("intervals")) continue;
      for (const auto& [statistic, interval] : v.at("intervals").items()) {
        s.equity_intervals.push_back(
            {resource,
             basis == "area" ? engine::EquityBasis::Area : engine::EquityBasis::Population,
             statistic, StatisticInterval::from_json(interval)});
      }
    }
  }
  for (const auto& [resource, c] : j.at("contrasts").items()) {
    const json& d = c.at("gini_area_minus_population");
    s.contrasts.push_back(
        {resource, StatisticInterval::from_json(d), d.at("significant").get<bool>()});
  }
  for (const auto& [name, interval] : j.at("access_gini_intervals").items())
    s.access_gini_intervals.emplace_back(name, StatisticInterval::from_json(interval));
}

}  // namespace

double TravelSummary::share_beyond_min(double minutes) const {
  for (std::size_t i = 0; i < thresholds_min.size(); ++i)
    if (thresholds_min[i] == minutes) return share_beyond[i];
  return kNaN;
}

json RunSummary::to_json() const {
  json equity_json = json::object();
  for (const auto& e : equity) {
    equity_json[e.resource][engine::to_string(e.basis)] = {{"gini", e.gini},
                                                           {"band", e.band},
                                                           {"theil_t", optional_number(e.theil_t)},
                                                           {"theil_l", optional_number(e.theil_l)}};
  }
  json gini = json::object();
  for (const auto& [name, value] : access_gini) gini[name] = number(value);
  json j{{"title", title},
         {"regions", regions},
         {"groups", groups},
         {"equity", equity_json},
         {"travel", travel ? travel_json(*travel) : json::object()},
         {"access_gini", gini},
         {"notes", notes}};
  put_intervals(*this, j);
  return j;
}

RunSummary RunSummary::from_json(const json& j, const std::string& source) {
  try {
    RunSummary s;
    s.title = j.at("title").get<std::string>();
    s.regions = j.at("regions").get<std::size_t>();
    s.groups = j.at("groups").get<std::size_t>();
    for (const auto& [resource, bases] : j.at("equity").items()) {
      for (const auto& [basis, v] : bases.items()) {
        s.equity.push_back(
            {resource,
             basis == "area" ? engine::EquityBasis::Area : engine::EquityBasis::Population,
             v.at("gini").get<double>(), v.at("band").get<std::string>(),
             optional_from(v.at("theil_t")), optional_from(v.at("theil_l"))});
      }
    }
    if (!j.at("travel").empty()) s.travel = travel_from(j.at("travel"));
    for (const auto& [name, value] : j.at("access_gini").items())
      s.access_gini.emplace_back(name, number_or_nan(value));
    s.notes = j.at("notes").get<std::vector<std::string>>();
    read_intervals(j, s);
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("not an equiroute run summary: ") + e.what(), {.file = source});
  } catch (const std::invalid_argument& e) {
    throw Error(std::string("not an equiroute run summary: ") + e.what(), {.file = source});
  }
}

}  // namespace equiroute::io
