#pragma once
// All equity indices of one resource against one weight in one call: Gini + Lorenz curve +
// band, Theil T and L, and (with groups) their between/within decomposition. This is what
// `equiroute equity` reports for each basis (population, area) and resource, following
// Luo et al. 2022 (PLoS ONE 17(10): e0272073), Tables 5–6.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "equiroute/engine/densities.hpp"
#include "equiroute/engine/gini.hpp"
#include "equiroute/engine/theil.hpp"

namespace equiroute::engine {

struct EquityIndices {
  GiniResult gini;
  std::string band;  ///< gini_band(gini.gini)
  TheilResult theil_t;
  TheilResult theil_l;
  /// Present when group keys were given.
  std::optional<TheilDecomposition> theil_t_groups;
  std::optional<TheilDecomposition> theil_l_groups;
};

/// Computes every index of `resource` against `weight`. `group_keys` empty: no
/// decomposition. Throws as gini() / theil_decomposition().
EquityIndices equity_indices(std::span<const double> resource, std::span<const double> weight,
                             std::span<const std::string> unit_ids = {},
                             std::span<const std::string> group_keys = {},
                             LogBase base = LogBase::E);

/// What the equity of a resource is measured against (Luo et al. 2022): population (the
/// "demographic dimension") or area (the "geographical dimension").
enum class EquityBasis { Population, Area };

/// "population" or "area".
std::string to_string(EquityBasis basis);

/// Units (regions) with their population, optional area and several resources: the plain
/// input of analyse_equity, built by io::load_equity_input from a table and polygons.
struct EquityInput {
  std::vector<std::string> unit_ids;    ///< one per unit, unique
  std::vector<std::string> unit_names;  ///< one per unit, or empty
  std::vector<double> population;       ///< persons (already scaled)
  std::vector<double> area_km2;         ///< one per unit, or empty when no polygons
  std::vector<std::string> resource_names;
  std::vector<std::vector<double>> resources;  ///< resources[k][unit], k as resource_names
  std::vector<std::string> group_keys;         ///< one per unit, or empty: no decomposition
  std::vector<EquityBasis> bases{EquityBasis::Population};
  LogBase log_base = LogBase::E;
};

/// Indices of one resource on one basis.
struct ResourceEquity {
  std::string resource;
  EquityBasis basis = EquityBasis::Population;
  EquityIndices indices;
};

struct EquityAnalysis {
  EquityInput input;
  /// per_10k[k][unit] and per_km2[k][unit] (NaN = undefined); per_km2 empty without areas.
  std::vector<std::vector<double>> per_10k;
  std::vector<std::vector<double>> per_km2;
  /// For each basis in input.bases order, each resource in input order.
  std::vector<ResourceEquity> results;
};

/// Densities of every resource and its indices on every requested basis.
/// Throws equiroute::Error on inconsistent sizes, the area basis without areas, and any
/// error of gini()/theil() (the message then names the resource and basis as the field).
EquityAnalysis analyse_equity(EquityInput input);

}  // namespace equiroute::engine
