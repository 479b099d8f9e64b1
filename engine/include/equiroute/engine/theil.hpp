#pragma once
// Theil indices T (resource-weighted) and L (weight-weighted, the mean log deviation printed
// by Luo et al. 2022, PLoS ONE 17(10): e0272073) and their exact between/within-group
// decomposition. Sources: Theil H. (1967) Economics and Information Theory; Shorrocks A. F.
// (1980) "The class of additively decomposable inequality measures", Econometrica 48(3): 613–625,
// doi:10.2307/1913126.

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace equiroute::engine {

/// Base of the logarithms. The paper does not state it; many Chinese health-equity studies
/// use log10. Natural logs are the default; outputs always say which was used.
enum class LogBase { E, Ten };

/// "e" or "10".
std::string to_string(LogBase base);

enum class TheilKind {
  T,  ///< T = Σ Y_i ln(Y_i / P_i), with 0 · ln 0 = 0
  L,  ///< L = Σ P_i ln(P_i / Y_i) (mean log deviation)
};

/// "theil_t" or "theil_l".
std::string to_string(TheilKind kind);

/// A Theil index, or the reason it is undefined (never a made-up number).
struct TheilResult {
  std::optional<double> value;
  /// Empty when defined.
  std::string undefined_reason;
  /// Units causing the undefined value: for L, units with positive weight and zero resource;
  /// for T, units with positive resource and zero weight.
  std::vector<std::string> undefined_units;
  bool defined() const noexcept { return value.has_value(); }
};

/// Theil index of `resource` r_i against `weight` w_i, with P_i = w_i / Σw and
/// Y_i = r_i / Σr (docs/equity.md):
///   T = Σ Y_i log(Y_i / P_i)   (terms with Y_i = 0 are 0);
///   L = Σ P_i log(P_i / Y_i)   (terms with P_i = 0 are 0).
/// L is undefined when a unit with positive weight has zero resource; T is undefined when a
/// unit with positive resource has zero weight. `unit_ids` name those units (index when
/// empty). Throws equiroute::Error as gini() does (no units, length mismatch, negative, NaN
/// or infinite values, zero total weight or resource).
TheilResult theil(TheilKind kind, std::span<const double> resource, std::span<const double> weight,
                  std::span<const std::string> unit_ids = {}, LogBase base = LogBase::E);

/// Shorthands for theil(TheilKind::T, ...) and theil(TheilKind::L, ...).
TheilResult theil_t(std::span<const double> resource, std::span<const double> weight,
                    std::span<const std::string> unit_ids = {}, LogBase base = LogBase::E);
TheilResult theil_l(std::span<const double> resource, std::span<const double> weight,
                    std::span<const std::string> unit_ids = {}, LogBase base = LogBase::E);

/// One group's part of the decomposition.
struct TheilGroup {
  std::string key;
  std::size_t units = 0;
  double weight_share = 0.0;    ///< P_g = Σ_{i∈g} P_i
  double resource_share = 0.0;  ///< Y_g = Σ_{i∈g} Y_i
  /// Within-group index T_g or L_g on shares renormalised inside the group. Undefined when
  /// the group has no resource (T: its contribution Y_g · T_g is 0 anyway) or no weight
  /// (L: contribution 0), or for the reasons of TheilResult inside the group.
  std::optional<double> within_index;
  std::optional<double> between_term;  ///< Y_g log(Y_g/P_g) for T, P_g log(P_g/Y_g) for L
  std::optional<double> within_term;   ///< Y_g · T_g for T, P_g · L_g for L
};

/// Decomposition over groups g (docs/equity.md, Shorrocks 1980):
///   T = Σ_g Y_g log(Y_g/P_g) + Σ_g Y_g · T_g
///   L = Σ_g P_g log(P_g/Y_g) + Σ_g P_g · L_g
/// `total` is computed directly from the units (not as between + within), so the identity
/// is a real check. All parts are undefined together when the total is undefined.
struct TheilDecomposition {
  TheilKind kind = TheilKind::T;
  LogBase base = LogBase::E;
  std::optional<double> total;
  std::optional<double> between;
  std::optional<double> within;
  /// between / total; undefined when total is undefined or 0 (perfect equality).
  std::optional<double> between_share;
  std::string undefined_reason;
  std::vector<std::string> undefined_units;
  std::vector<TheilGroup> groups;  ///< in order of first appearance of the key
};

/// Decomposes theil(kind, resource, weight) over `group_keys` (one key per unit, e.g. the
/// prefecture code of each county). Throws as theil(), and on a group_keys length mismatch.
TheilDecomposition theil_decomposition(TheilKind kind, std::span<const double> resource,
                                       std::span<const double> weight,
                                       std::span<const std::string> group_keys,
                                       std::span<const std::string> unit_ids = {},
                                       LogBase base = LogBase::E);

}  // namespace equiroute::engine
