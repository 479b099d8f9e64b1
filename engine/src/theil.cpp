#include "equiroute/engine/theil.hpp"

#include <cmath>
#include <unordered_map>

#include "equity_validation.hpp"

namespace equiroute::engine {
namespace {

/// Below this a total Theil index is rounding noise of perfect equality, so a between share
/// (between / total) would be noise divided by noise.
constexpr double kZeroIndex = 1e-14;

double log_factor(LogBase base) { return base == LogBase::Ten ? 1.0 / std::log(10.0) : 1.0; }

/// T or L on shares that each sum to 1 (P: weight shares, Y: resource shares).
/// `names[k]` names the unit behind shares[k] in the reason for an undefined value.
TheilResult theil_of_shares(TheilKind kind, const std::vector<double>& p,
                            const std::vector<double>& y, const std::vector<std::string>& names,
                            LogBase base) {
  TheilResult result;
  double sum = 0.0;
  for (std::size_t k = 0; k < p.size(); ++k) {
    if (kind == TheilKind::T) {
      if (y[k] == 0) continue;  // 0 · ln 0 = 0
      if (p[k] == 0) {
        result.undefined_units.push_back(names[k]);
        continue;
      }
      sum += y[k] * std::log(y[k] / p[k]);
    } else {
      if (p[k] == 0) continue;
      if (y[k] == 0) {
        result.undefined_units.push_back(names[k]);
        continue;
      }
      sum += p[k] * std::log(p[k] / y[k]);
    }
  }
  if (!result.undefined_units.empty()) {
    std::string list;
    for (const auto& name : result.undefined_units) list += (list.empty() ? "" : ", ") + name;
    result.undefined_reason =
        kind == TheilKind::T
            ? "Theil T is undefined: resource on units with zero weight (" + list + ")"
            : "Theil L is undefined: units with positive weight and zero resource (" + list + ")";
    return result;
  }
  result.value = sum * log_factor(base);
  return result;
}

struct Shares {
  std::vector<double> p;
  std::vector<double> y;
  std::vector<std::string> names;
};

Shares shares_of(std::span<const double> resource, std::span<const double> weight,
                 std::span<const std::string> unit_ids) {
  const auto totals = detail::check_index_inputs(resource, weight, unit_ids);
  Shares s;
  s.p.resize(resource.size());
  s.y.resize(resource.size());
  s.names.resize(resource.size());
  for (std::size_t i = 0; i < resource.size(); ++i) {
    s.p[i] = weight[i] / totals.weight;
    s.y[i] = resource[i] / totals.resource;
    s.names[i] = detail::unit_name(unit_ids, i);
  }
  return s;
}

}  // namespace

std::string to_string(LogBase base) { return base == LogBase::Ten ? "10" : "e"; }

std::string to_string(TheilKind kind) { return kind == TheilKind::T ? "theil_t" : "theil_l"; }

TheilResult theil(TheilKind kind, std::span<const double> resource, std::span<const double> weight,
                  std::span<const std::string> unit_ids, LogBase base) {
  const Shares s = shares_of(resource, weight, unit_ids);
  return theil_of_shares(kind, s.p, s.y, s.names, base);
}

TheilResult theil_t(std::span<const double> resource, std::span<const double> weight,
                    std::span<const std::string> unit_ids, LogBase base) {
  return theil(TheilKind::T, resource, weight, unit_ids, base);
}

TheilResult theil_l(std::span<const double> resource, std::span<const double> weight,
                    std::span<const std::string> unit_ids, LogBase base) {
  return theil(TheilKind::L, resource, weight, unit_ids, base);
}

TheilDecomposition theil_decomposition(TheilKind kind, std::span<const double> resource,
                                       std::span<const double> weight,
                                       std::span<const std::string> group_keys,
                                       std::span<const std::string> unit_ids, LogBase base) {
  const Shares s = shares_of(resource, weight, unit_ids);
  if (group_keys.size() != resource.size()) {
    throw Error("got " + std::to_string(group_keys.size()) + " group keys for " +
                std::to_string(resource.size()) + " units");
  }

  TheilDecomposition d;
  d.kind = kind;
  d.base = base;

  // Groups in order of first appearance, with the indices of their units.
  std::unordered_map<std::string, std::size_t> group_index;
  std::vector<std::vector<std::size_t>> members;
  for (std::size_t i = 0; i < group_keys.size(); ++i) {
    auto [it, inserted] = group_index.try_emplace(group_keys[i], d.groups.size());
    if (inserted) {
      d.groups.push_back(TheilGroup{.key = group_keys[i]});
      members.emplace_back();
    }
    TheilGroup& g = d.groups[it->second];
    g.units += 1;
    g.weight_share += s.p[i];
    g.resource_share += s.y[i];
    members[it->second].push_back(i);
  }

  const TheilResult total = theil_of_shares(kind, s.p, s.y, s.names, base);
  if (!total.defined()) {
    d.undefined_reason = total.undefined_reason;
    d.undefined_units = total.undefined_units;
    return d;
  }
  d.total = total.value;

  const double factor = log_factor(base);
  double between = 0.0;
  double within = 0.0;
  for (std::size_t gi = 0; gi < d.groups.size(); ++gi) {
    TheilGroup& g = d.groups[gi];
    // The group's own share (Y_g for T, P_g for L) weights both its between term and its
    // within index; when it is 0 both contributions are 0 and T_g / L_g is undefined.
    const double own = kind == TheilKind::T ? g.resource_share : g.weight_share;
    const double other = kind == TheilKind::T ? g.weight_share : g.resource_share;
    if (own == 0) {
      g.between_term = 0.0;
      g.within_term = 0.0;
      continue;
    }
    // other > 0 here: otherwise a unit would have made the total undefined above.
    g.between_term = own * std::log(own / other) * factor;
    Shares inside;
    for (std::size_t i : members[gi]) {
      inside.p.push_back(s.p[i] / g.weight_share);
      inside.y.push_back(s.y[i] / g.resource_share);
      inside.names.push_back(s.names[i]);
    }
    const TheilResult index = theil_of_shares(kind, inside.p, inside.y, inside.names, base);
    g.within_index = index.value;
    g.within_term = own * *index.value;
    between += *g.between_term;
    within += *g.within_term;
  }
  d.between = between;
  d.within = within;
  if (*d.total > kZeroIndex) d.between_share = between / *d.total;
  return d;
}

}  // namespace equiroute::engine
