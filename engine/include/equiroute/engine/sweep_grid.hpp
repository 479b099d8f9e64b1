#pragma once
// The grid of a parameter sweep: the Cartesian product of lists of parameter values (e.g.
// threshold_min = [30, 60, 90, 120], gravity.beta = [...], speed_kmh = [...]) in a fixed
// order in which every setting of the network-stage parameters comes as one contiguous
// block, so that a run computes the travel-cost matrix once per network setting and the
// models for every combination inside the block (docs/uncertainty.md, "Sweeps").

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace equiroute::engine {

/// One value of a swept parameter: a number or a text (e.g. a decay function name).
using SweepValue = std::variant<double, std::string>;

/// The value as text: numbers without trailing zeros (60, 1.5), texts as they are.
std::string to_string(const SweepValue& value);

/// Which stage a parameter changes: the travel-cost matrix (speeds, circuity, access
/// leg, snapping) or only the models run on it (catchments, decay, zones).
enum class SweepStage { Network, Model };

/// A parameter the caller knows how to sweep.
struct SweepParameterSpec {
  std::string name;  ///< e.g. "speed_kmh", "threshold_min", "gravity.beta"
  SweepStage stage = SweepStage::Model;
  bool numeric = true;  ///< values must be numbers (else texts)
};

/// One swept parameter with its list of values, in the user's order.
struct SweepAxis {
  std::string name;
  std::vector<SweepValue> values;
};

class SweepGrid {
 public:
  /// Checks the axes against `known` and orders them: network-stage axes first, then
  /// model-stage axes, each group in the given order. Throws equiroute::Error (BadInput,
  /// one line, field "sweep.<name>") on no axes, an empty list, an unknown or repeated
  /// parameter name (the hint lists the known names), a value of the wrong kind, and a
  /// value repeated within a list.
  SweepGrid(std::vector<SweepAxis> axes, std::span<const SweepParameterSpec> known);

  /// Axes in grid order (network stage first).
  const std::vector<SweepAxis>& axes() const noexcept { return axes_; }
  /// Number of combinations: the product of the list lengths.
  std::size_t size() const noexcept { return size_; }
  /// Number of distinct network settings (1 when no network parameter is swept).
  std::size_t network_settings() const noexcept { return size_ / model_block_; }
  /// Network setting of combination i: combinations i with the same network setting are
  /// contiguous, [k · block, (k + 1) · block) with block = size() / network_settings().
  std::size_t network_setting(std::size_t combination) const noexcept {
    return combination / model_block_;
  }
  /// Values of combination i, one per axis in axes() order; the last axis varies fastest
  /// (nested loops in axes() order). Throws std::out_of_range for i ≥ size().
  std::vector<SweepValue> combination(std::size_t i) const;
  /// Value of parameter `name` in combination i. Throws std::out_of_range for an unknown
  /// name or i ≥ size().
  SweepValue value(std::size_t i, std::string_view name) const;
  /// "speed_kmh=40, threshold_min=60" (axes() order).
  std::string label(std::size_t i) const;
  /// Index of the combination with these values (axes() order), if any.
  std::optional<std::size_t> index_of(std::span<const SweepValue> values) const;

 private:
  std::vector<SweepAxis> axes_;
  std::size_t size_ = 1;
  std::size_t model_block_ = 1;  ///< product of the model-stage list lengths
};

}  // namespace equiroute::engine
