#include "equiroute/engine/catchment_weight.hpp"

#include <cmath>
#include <stdexcept>

namespace equiroute::engine {

CatchmentWeight CatchmentWeight::binary(double d0_min) {
  if (!(d0_min > 0.0) || !std::isfinite(d0_min)) {
    throw std::invalid_argument("catchment threshold must be a positive number of minutes");
  }
  CatchmentWeight w;
  w.kind_ = Kind::Binary;
  w.catchment_s_ = d0_min * 60.0;
  return w;
}

CatchmentWeight CatchmentWeight::zones(std::vector<double> upper_min, std::vector<double> weights) {
  if (upper_min.empty() || upper_min.size() != weights.size()) {
    throw std::invalid_argument("zones: need as many zone weights as zone edges (at least one)");
  }
  double previous = 0.0;
  for (double edge : upper_min) {
    if (!(edge > previous) || !std::isfinite(edge)) {
      throw std::invalid_argument("zones: edges must be positive and strictly ascending minutes");
    }
    previous = edge;
  }
  for (double weight : weights) {
    if (!(weight >= 0.0) || !std::isfinite(weight)) {
      throw std::invalid_argument("zones: weights must be finite and >= 0");
    }
  }
  CatchmentWeight w;
  w.kind_ = Kind::Zones;
  for (double edge : upper_min) w.upper_s_.push_back(edge * 60.0);
  w.weights_ = std::move(weights);
  w.catchment_s_ = w.upper_s_.back();
  return w;
}

CatchmentWeight CatchmentWeight::gaussian(double d0_min) {
  CatchmentWeight w = binary(d0_min);
  w.kind_ = Kind::Gaussian;
  return w;
}

double CatchmentWeight::at_s(double travel_s) const noexcept {
  if (!(travel_s <= catchment_s_)) return 0.0;
  switch (kind_) {
    case Kind::Binary:
      return 1.0;
    case Kind::Zones:
      // Right-closed zones: the first edge with d ≤ edge. Few zones, so a linear scan.
      for (std::size_t z = 0; z < upper_s_.size(); ++z) {
        if (travel_s <= upper_s_[z]) return weights_[z];
      }
      return 0.0;
    case Kind::Gaussian: {
      const double ratio = travel_s / catchment_s_;
      const double e_half = std::exp(-0.5);
      return (std::exp(-0.5 * ratio * ratio) - e_half) / (1.0 - e_half);
    }
  }
  return 0.0;
}

}  // namespace equiroute::engine
