#include "equiroute/engine/equity.hpp"

#include "equiroute/core/error.hpp"

namespace equiroute::engine {

EquityIndices equity_indices(std::span<const double> resource, std::span<const double> weight,
                             std::span<const std::string> unit_ids,
                             std::span<const std::string> group_keys, LogBase base) {
  EquityIndices out;
  out.gini = gini(resource, weight, unit_ids);
  out.band = gini_band(out.gini.gini);
  if (group_keys.empty()) {
    out.theil_t = theil(TheilKind::T, resource, weight, unit_ids, base);
    out.theil_l = theil(TheilKind::L, resource, weight, unit_ids, base);
    return out;
  }
  // The decomposition's total is the plain index; compute it once.
  auto summary = [](const TheilDecomposition& d) {
    TheilResult r;
    r.value = d.total;
    r.undefined_reason = d.undefined_reason;
    r.undefined_units = d.undefined_units;
    return r;
  };
  out.theil_t_groups =
      theil_decomposition(TheilKind::T, resource, weight, group_keys, unit_ids, base);
  out.theil_l_groups =
      theil_decomposition(TheilKind::L, resource, weight, group_keys, unit_ids, base);
  out.theil_t = summary(*out.theil_t_groups);
  out.theil_l = summary(*out.theil_l_groups);
  return out;
}

}  // namespace equiroute::engine

namespace equiroute::engine {

std::string to_string(EquityBasis basis) {
  return basis == EquityBasis::Area ? "area" : "population";
}

EquityAnalysis analyse_equity(EquityInput input) {
  const std::size_t n = input.unit_ids.size();
  auto check_size = [n](std::size_t size, const std::string& what) {
    if (size != n) {
      throw Error(what + " has " + std::to_string(size) + " values for " + std::to_string(n) +
                  " units");
    }
  };
  check_size(input.population.size(), "population");
  if (!input.unit_names.empty()) check_size(input.unit_names.size(), "unit names");
  if (!input.area_km2.empty()) check_size(input.area_km2.size(), "area_km2");
  if (!input.group_keys.empty()) check_size(input.group_keys.size(), "group keys");
  if (input.resources.size() != input.resource_names.size()) {
    throw Error("got " + std::to_string(input.resources.size()) + " resource columns for " +
                std::to_string(input.resource_names.size()) + " resource names");
  }
  if (input.resources.empty()) throw Error("no resource to analyse");
  for (std::size_t k = 0; k < input.resources.size(); ++k) {
    check_size(input.resources[k].size(), "resource '" + input.resource_names[k] + "'");
  }

  EquityAnalysis out;
  for (std::size_t k = 0; k < input.resources.size(); ++k) {
    out.per_10k.push_back(per_10k(input.resources[k], input.population, input.unit_ids));
    if (!input.area_km2.empty()) {
      out.per_km2.push_back(per_km2(input.resources[k], input.area_km2, input.unit_ids));
    }
  }
  for (EquityBasis basis : input.bases) {
    if (basis == EquityBasis::Area && input.area_km2.empty()) {
      throw Error("the area basis needs region areas", {}, ErrorKind::BadInput,
                  "give polygons (--regions) or use the population basis");
    }
    const std::vector<double>& weight =
        basis == EquityBasis::Area ? input.area_km2 : input.population;
    for (std::size_t k = 0; k < input.resources.size(); ++k) {
      try {
        out.results.push_back({input.resource_names[k], basis,
                               equity_indices(input.resources[k], weight, input.unit_ids,
                                              input.group_keys, input.log_base)});
      } catch (const Error& e) {
        // Say which resource and basis failed; the unit is already in the message.
        throw Error(std::string(e.what()) + " (basis " + to_string(basis) + ")",
                    {.field = input.resource_names[k]}, e.kind(), e.hint());
      }
    }
  }
  out.input = std::move(input);
  return out;
}

}  // namespace equiroute::engine
