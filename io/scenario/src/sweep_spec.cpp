#include "equiroute/scenario/sweep_spec.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <type_traits>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/model_registry.hpp"
#include "equiroute/scenario/scenario.hpp"
#include "sweep_section.hpp"

namespace equiroute::io {

namespace {

using engine::SweepValue;

// Network-stage parameters: the straight line's, or a road network's access leg and snap limit.
const std::vector<std::string> kStraightLineParameters{"speed_kmh", "circuity"};
const std::vector<std::string> kRoadNetworkParameters{"access_speed_kmh", "max_snap_m"};

bool has_road_network(const Scenario& s) { return !s.network.network.path.empty(); }

bool any_model_takes_catchment(const Scenario& s) {
  const auto& models = s.access.analysis.models;
  return std::any_of(models.begin(), models.end(), [](const engine::ModelRequest& r) {
    return engine::access_model(r.name).takes_catchment();
  });
}

bool contains(const std::vector<std::string>& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

/// What a sweep changes before the models are resolved: the scenario's own values first.
struct Overrides {
  network::TravelCostOptions network;
  std::optional<double> catchment;
  std::map<std::string, engine::ModelParams> params;

  explicit Overrides(const Scenario& s)
      : network(s.network), catchment(s.access.threshold_min), params(s.access.params) {}
};

/// A number that must exceed `minimum` (or equal it when `inclusive`), as the scenario's
/// [network] and [access] keys require.
double checked(const std::string& name, const SweepValue& value, double minimum, bool inclusive,
               const char* unit) {
  const double v = std::get<double>(value);
  if (!(inclusive ? v >= minimum : v > minimum)) {
    throw Error(fmt::format("value {} must be {} {:g}{}", engine::to_string(value),
                            inclusive ? "≥" : ">", minimum, unit),
                {.field = "sweep." + name});
  }
  return v;
}

/// Sets one parameter as the scenario key of the same name would.
void apply(Overrides& o, const std::string& name, const SweepValue& value) {
  if (name == "speed_kmh") {
    o.network.straight.speed_kmh = checked(name, value, 0.0, false, " km/h");
  } else if (name == "circuity") {
    o.network.straight.circuity = checked(name, value, 1.0, true, "");
  } else if (name == "access_speed_kmh") {
    o.network.snap.access_speed_kmh = checked(name, value, 0.0, false, " km/h");
  } else if (name == "max_snap_m") {
    o.network.snap.max_snap_m = checked(name, value, 0.0, false, " m");
  } else if (name == "threshold_min") {
    o.catchment = checked(name, value, 0.0, false, " minutes");
  } else {
    const auto dot = name.find('.');
    engine::ParamValue param;
    std::visit([&param](const auto& v) { param = v; }, value);
    o.params[name.substr(0, dot)][name.substr(dot + 1)] = param;
  }
}

engine::AccessAnalysisOptions resolve(const Scenario& s, const Overrides& o) {
  engine::AccessAnalysisOptions access = s.access.analysis;
  access.models = engine::model_requests(s.access.model_names, o.params, o.catchment);
  return access;
}

int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

/// A TOML array as sweep values: numbers or words.
std::vector<SweepValue> sweep_values(const toml::node& node, const std::string& name,
                                     const StrictTable& t) {
  const toml::array* array = node.as_array();
  if (!array)
    t.fail(line_of(node),
           fmt::format("key 'sweep.{}' must be a list of values, e.g. [30, 60, 90]", name));
  std::vector<SweepValue> values;
  for (const auto& element : *array) {
    if (element.is_integer() || element.is_floating_point()) {
      values.emplace_back(*element.value<double>());
    } else if (auto text = element.value_exact<std::string>()) {
      values.emplace_back(*text);
    } else {
      t.fail(line_of(element), fmt::format("key 'sweep.{}' must hold numbers or words", name));
    }
  }
  return values;
}

struct ReadAxes {
  std::vector<engine::SweepAxis> axes;
  std::map<std::string, int> lines;
};

/// Every list of the table; `gravity.beta` may be a quoted key or a sub-table `gravity`.
ReadAxes read_axes(StrictTable& t) {
  ReadAxes out;
  for (const auto& key : t.keys()) {
    if (key == "max_rank_change") continue;
    const toml::node* node = t.raw(key);
    const toml::table* sub = node->as_table();
    if (!sub) {
      out.axes.push_back({key, sweep_values(*node, key, t)});
      out.lines[key] = line_of(*node);
      continue;
    }
    for (const auto& [part, value] : *sub) {
      const std::string name = key + "." + std::string(part.str());
      if (value.is_table())
        t.fail(line_of(value), "key 'sweep." + name + "' is a table: give one list per parameter");
      out.axes.push_back({name, sweep_values(value, name, t)});
      out.lines[name] = line_of(value);
    }
  }
  // toml++ iterates keys alphabetically; the grid keeps the file's order within each stage.
  std::stable_sort(out.axes.begin(), out.axes.end(), [&](const auto& a, const auto& b) {
    return out.lines.at(a.name) < out.lines.at(b.name);
  });
  return out;
}

/// Parameters that exist but do not apply to this scenario: a clearer line than "unknown".
void check_applicable(const Scenario& s, const ReadAxes& read, const StrictTable& t) {
  for (const auto& axis : read.axes) {
    const int line = read.lines.at(axis.name);
    if (has_road_network(s) && contains(kStraightLineParameters, axis.name))
      t.fail(line, fmt::format("key 'sweep.{}' applies to straight-line travel, but [network] "
                               "names a road network (sweep access_speed_kmh or max_snap_m)",
                               axis.name));
    if (!has_road_network(s) && contains(kRoadNetworkParameters, axis.name))
      t.fail(line, fmt::format("key 'sweep.{}' applies to a road network, but the scenario uses "
                               "straight-line travel (sweep speed_kmh or circuity)",
                               axis.name));
    if (axis.name == "threshold_min" && !any_model_takes_catchment(s))
      t.fail(line,
             "key 'sweep.threshold_min' changes no model: it is the catchment of 2sfca, g2sfca "
             "and cumulative, none of which [access] runs");
  }
}

/// Every value tried on the scenario alone, so that a bad one fails before any work.
void check_values(const Scenario& s, const ReadAxes& read, const StrictTable& t) {
  for (const auto& axis : read.axes) {
    for (const auto& value : axis.values) {
      try {
        Overrides o(s);
        apply(o, axis.name, value);
        (void)resolve(s, o);
      } catch (const Error& e) {
        t.fail(read.lines.at(axis.name),
               fmt::format("key 'sweep.{}', value {}: {}", axis.name, engine::to_string(value),
                           e.what()),
               e.hint());
      }
    }
  }
}

}  // namespace

std::vector<engine::SweepParameterSpec> sweep_parameters(const Scenario& scenario) {
  std::vector<engine::SweepParameterSpec> known;
  const auto& network =
      has_road_network(scenario) ? kRoadNetworkParameters : kStraightLineParameters;
  for (const auto& name : network) known.push_back({name, engine::SweepStage::Network, true});
  if (any_model_takes_catchment(scenario))
    known.push_back({"threshold_min", engine::SweepStage::Model, true});
  for (const auto& request : scenario.access.analysis.models) {
    for (const auto& p : engine::access_model(request.name).params()) {
      if (std::holds_alternative<std::vector<double>>(p.default_value)) continue;  // lists
      known.push_back({request.name + "." + p.name, engine::SweepStage::Model,
                       std::holds_alternative<double>(p.default_value)});
    }
  }
  return known;
}

SweepSetting sweep_setting(const Scenario& scenario, const engine::SweepGrid& grid, std::size_t i) {
  Overrides o(scenario);
  const auto values = grid.combination(i);
  for (std::size_t k = 0; k < values.size(); ++k) apply(o, grid.axes()[k].name, values[k]);
  return {o.network, resolve(scenario, o)};
}

std::vector<std::string> scenario_sweep_values(const Scenario& scenario,
                                               const engine::SweepGrid& grid) {
  const auto& n = scenario.network;
  const std::map<std::string, double> network{{"speed_kmh", n.straight.speed_kmh},
                                              {"circuity", n.straight.circuity},
                                              {"access_speed_kmh", n.snap.access_speed_kmh},
                                              {"max_snap_m", n.snap.max_snap_m}};
  std::vector<std::string> out;
  for (const auto& axis : grid.axes()) {
    if (auto it = network.find(axis.name); it != network.end()) {
      out.push_back(engine::to_string(it->second));
    } else if (axis.name == "threshold_min") {
      const auto& d0 = scenario.access.threshold_min;
      out.push_back(d0 ? engine::to_string(*d0) : std::string());
    } else {
      const auto dot = axis.name.find('.');
      const std::string model = axis.name.substr(0, dot);
      const auto& models = scenario.access.analysis.models;
      const auto request = std::find_if(models.begin(), models.end(),
                                        [&](const auto& r) { return r.name == model; });
      const auto resolved = engine::access_model(model).resolve(request->params);
      std::visit(
          [&out](const auto& v) {
            if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::vector<double>>) {
              out.emplace_back();
            } else {
              out.push_back(engine::to_string(SweepValue(v)));
            }
          },
          resolved.values().at(axis.name.substr(dot + 1)));
    }
  }
  return out;
}

SweepSpec parse_sweep(StrictTable t, const Scenario& scenario) {
  if (!scenario.facilities)
    t.fail(t.line(), "[sweep] varies the accessibility analysis, which needs [facilities]");
  std::size_t max_rank_change = kDefaultMaxRankChange;
  if (auto k = t.integer("max_rank_change")) {
    if (*k < 0) t.fail("max_rank_change", "must be ≥ 0 places");
    max_rank_change = static_cast<std::size_t>(*k);
  }
  const ReadAxes read = read_axes(t);
  t.finish();
  check_applicable(scenario, read, t);
  std::optional<engine::SweepGrid> grid;
  try {
    grid.emplace(read.axes, sweep_parameters(scenario));
  } catch (const Error& e) {
    // The grid names the parameter as field "sweep.<name>": point at its line.
    const std::string& field = e.context().field;
    const auto it = read.lines.find(field.rfind("sweep.", 0) == 0 ? field.substr(6) : field);
    t.fail(it == read.lines.end() ? t.line() : it->second, e.what(), e.hint());
  }
  check_values(scenario, read, t);
  return {std::move(*grid), max_rank_change};
}

}  // namespace equiroute::io
