#include "equiroute/engine/access_model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "equiroute/core/error.hpp"

namespace equiroute::engine {

std::vector<double> AccessResult::column(std::size_t c) const {
  std::vector<double> out(demand_count);
  for (std::size_t i = 0; i < demand_count; ++i) out[i] = score(i, c);
  return out;
}

namespace {
const ParamValue& find_value(const ModelParams& values, const std::string& name) {
  auto it = values.find(name);
  if (it == values.end())
    throw std::invalid_argument("model parameter '" + name + "' not declared");
  return it->second;
}

std::string kind_name(const ParamValue& value) {
  if (std::holds_alternative<double>(value)) return "a number";
  if (std::holds_alternative<std::vector<double>>(value)) return "a list of numbers";
  return "a word";
}
}  // namespace

double ResolvedParams::number(const std::string& name) const {
  return std::get<double>(find_value(values_, name));
}

const std::vector<double>& ResolvedParams::list(const std::string& name) const {
  return std::get<std::vector<double>>(find_value(values_, name));
}

const std::string& ResolvedParams::text(const std::string& name) const {
  return std::get<std::string>(find_value(values_, name));
}

ResolvedParams AccessModel::resolve(const ModelParams& given) const {
  const auto specs = params();
  ModelParams resolved;
  for (const auto& spec : specs) resolved[spec.name] = spec.default_value;
  for (const auto& entry : given) {
    // Not a structured binding: clang 14 (scripts/fuzz) cannot capture one in a lambda.
    const std::string& name = entry.first;
    const ParamValue& value = entry.second;
    auto spec = std::find_if(specs.begin(), specs.end(),
                             [&](const ParamSpec& s) { return s.name == name; });
    if (spec == specs.end()) {
      std::string known;
      for (const auto& s : specs) known += (known.empty() ? "" : ", ") + s.name;
      throw Error("model '" + this->name() + "' has no parameter '" + name + "'", {.field = name},
                  ErrorKind::BadInput, "its parameters: " + (known.empty() ? "none" : known));
    }
    // A single number is accepted where a list is expected (a one-zone model).
    ParamValue v = value;
    if (std::holds_alternative<std::vector<double>>(spec->default_value) &&
        std::holds_alternative<double>(v)) {
      v = std::vector<double>{std::get<double>(v)};
    }
    if (v.index() != spec->default_value.index()) {
      throw Error("model '" + this->name() + "': parameter '" + name + "' must be " +
                      kind_name(spec->default_value) + ", got " + kind_name(v),
                  {.field = name});
    }
    if (!spec->choices.empty()) {
      const auto& word = std::get<std::string>(v);
      if (std::find(spec->choices.begin(), spec->choices.end(), word) == spec->choices.end()) {
        std::string allowed;
        for (const auto& c : spec->choices) allowed += (allowed.empty() ? "" : ", ") + c;
        throw Error(
            "model '" + this->name() + "': parameter '" + name + "' cannot be '" + word + "'",
            {.field = name}, ErrorKind::BadInput, "allowed: " + allowed);
      }
    }
    resolved[name] = std::move(v);
  }
  ResolvedParams result(std::move(resolved));
  try {
    validate(result);
  } catch (const std::invalid_argument& e) {
    throw Error("model '" + this->name() + "': " + e.what());
  }
  return result;
}

void AccessModel::validate(const ResolvedParams&) const {}

void check_access_input(const AccessInput& input) {
  const auto& costs = input.costs;
  if (input.population.size() != costs.origin_count) {
    throw std::invalid_argument("accessibility: population has " +
                                std::to_string(input.population.size()) + " values for " +
                                std::to_string(costs.origin_count) + " demand points");
  }
  if (input.supply.facility_count != costs.destination_count ||
      input.supply.values.size() != input.supply.facility_count * input.supply.attribute_count()) {
    throw std::invalid_argument("accessibility: supply matrix does not match the " +
                                std::to_string(costs.destination_count) + " facilities");
  }
  if (costs.row_offsets.size() != costs.origin_count + 1 ||
      costs.travel_s.size() != costs.destinations.size() ||
      costs.row_offsets.back() != costs.destinations.size()) {
    throw std::invalid_argument("accessibility: malformed cost matrix");
  }
  for (double p : input.population) {
    if (!(p >= 0.0) || !std::isfinite(p)) {
      throw std::invalid_argument("accessibility: population must be finite and >= 0");
    }
  }
}

}  // namespace equiroute::engine
