#pragma once
// Distance-decay weights of the floating catchment family (docs/accessibility.md): binary (2SFCA,
// Luo & Wang 2003), stepped travel-time zones (E2SFCA, Luo & Qi 2009; 3SFCA, Wan, Zou &
// Sternberg 2012) and Gaussian (Dai 2010). Travel times are in seconds, zone edges and
// thresholds in minutes as stated in the literature.

#include <vector>

namespace equiroute::engine {

/// W(d) for one floating catchment model. Catchments are inclusive (a pair counts when
/// d ≤ catchment) and zones right-closed ((0,10], (10,20], …): a time of exactly 10 min gets
/// the first zone's weight; a time of 0 (co-located) also falls in the first zone.
class CatchmentWeight {
 public:
  /// W = 1 for d ≤ d0 (2SFCA). Throws std::invalid_argument unless d0_min > 0.
  static CatchmentWeight binary(double d0_min);
  /// W = weights[z] for the first zone z with d ≤ upper_min[z]; 0 beyond the last edge.
  /// Throws std::invalid_argument unless the lists are non-empty, of equal length, the
  /// edges strictly ascending and positive, and the weights finite and ≥ 0.
  static CatchmentWeight zones(std::vector<double> upper_min, std::vector<double> weights);
  /// W(d) = (e^{-½(d/d0)²} − e^{-½}) / (1 − e^{-½}) for d ≤ d0, else 0 (Dai 2010).
  /// Throws std::invalid_argument unless d0_min > 0.
  static CatchmentWeight gaussian(double d0_min);

  /// Weight for a travel time in seconds (0 outside the catchment).
  double at_s(double travel_s) const noexcept;
  /// True when travel_s ≤ the catchment (the upper edge of the last zone, or d0).
  bool in_catchment_s(double travel_s) const noexcept { return travel_s <= catchment_s_; }
  double catchment_s() const noexcept { return catchment_s_; }

 private:
  enum class Kind { Binary, Zones, Gaussian };
  Kind kind_ = Kind::Binary;
  double catchment_s_ = 0.0;
  std::vector<double> upper_s_;
  std::vector<double> weights_;
};

}  // namespace equiroute::engine
