#pragma once
// Input checks shared by densities, Gini and Theil (private to the engine): every index
// refuses silently wrong inputs with an Error naming the offending unit.

#include <cmath>
#include <cstddef>
#include <span>
#include <string>

#include "equiroute/core/error.hpp"

namespace equiroute::engine::detail {

/// The unit's id when ids were given, else "#<index>".
inline std::string unit_name(std::span<const std::string> unit_ids, std::size_t i) {
  if (i < unit_ids.size()) return unit_ids[i];
  return "#" + std::to_string(i);
}

/// Checks lengths (ids may be empty) and that every value is finite and ≥ 0.
/// `what`/`against` name the two series in messages ("resource", "population").
inline void check_series(std::span<const double> values, std::span<const double> denominators,
                         std::span<const std::string> unit_ids, const std::string& what,
                         const std::string& against) {
  if (values.size() != denominators.size()) {
    throw Error(what + " has " + std::to_string(values.size()) + " values but " + against +
                " has " + std::to_string(denominators.size()));
  }
  if (!unit_ids.empty() && unit_ids.size() != values.size()) {
    throw Error("got " + std::to_string(unit_ids.size()) + " unit ids for " +
                std::to_string(values.size()) + " units");
  }
  auto check = [&](std::span<const double> series, const std::string& name) {
    for (std::size_t i = 0; i < series.size(); ++i) {
      if (!std::isfinite(series[i])) {
        throw Error(name + " is not a finite number", {.feature_id = unit_name(unit_ids, i)});
      }
      if (series[i] < 0) {
        throw Error(name + " is negative (" + std::to_string(series[i]) + ")",
                    {.feature_id = unit_name(unit_ids, i)});
      }
    }
  };
  check(values, what);
  check(denominators, against);
}

/// check_series plus: at least one unit, positive totals. Returns {Σ resource, Σ weight}.
struct Totals {
  double resource = 0.0;
  double weight = 0.0;
};

inline Totals check_index_inputs(std::span<const double> resource, std::span<const double> weight,
                                 std::span<const std::string> unit_ids) {
  check_series(resource, weight, unit_ids, "resource", "weight");
  if (resource.empty()) throw Error("no units to compute an equity index on");
  Totals totals;
  for (std::size_t i = 0; i < resource.size(); ++i) {
    totals.resource += resource[i];
    totals.weight += weight[i];
  }
  if (!(totals.weight > 0)) throw Error("total weight is zero: shares are undefined");
  if (!(totals.resource > 0)) throw Error("total resource is zero: shares are undefined");
  return totals;
}

}  // namespace equiroute::engine::detail
