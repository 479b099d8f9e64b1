#pragma once
// Accessibility models (docs/accessibility.md) as small units, PDAL style: each model declares its
// parameters once (name, meaning, unit, default) and is selected by name through
// model_registry.hpp. Models work on plain data: a sparse demand × facility CostMatrix,
// population per demand point, and supply as a facility × attribute matrix, so that several
// supply attributes (institutions, beds, doctors, nurses) are scored in one pass over the
// travel times.

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "equiroute/engine/cost_matrix.hpp"

namespace equiroute::engine {

/// A parameter value: a number, a list of numbers (zone edges, zone weights) or a word
/// (a choice such as the gravity decay form).
using ParamValue = std::variant<double, std::vector<double>, std::string>;

/// One declared parameter of a model.
struct ParamSpec {
  std::string name;     ///< e.g. "threshold_min"
  std::string meaning;  ///< one sentence for --help and the docs
  std::string unit;     ///< "min", "1/min", "" for dimensionless
  ParamValue default_value;
  std::vector<std::string> choices;  ///< allowed words for text parameters (empty: any)
};

/// Parameters given by the user, by name. Unknown names, values of the wrong kind and
/// words outside `choices` are rejected by AccessModel::resolve.
using ModelParams = std::map<std::string, ParamValue>;

/// Supply as a facility × attribute matrix, row-major: values[j * attribute_count + a].
struct SupplyMatrix {
  std::size_t facility_count = 0;
  std::vector<std::string> attributes;  ///< e.g. {"beds", "doctors"}
  std::vector<double> values;           ///< size facility_count * attributes.size(), ≥ 0

  std::size_t attribute_count() const noexcept { return attributes.size(); }
  double at(std::size_t facility, std::size_t attribute) const noexcept {
    return values[facility * attributes.size() + attribute];
  }
};

/// What every model reads. Travel costs are in seconds (CostMatrix::travel_s); model
/// parameters are in minutes because that is how catchments are stated in the literature.
struct AccessInput {
  const CostMatrix& costs;             ///< origins = demand points, destinations = facilities
  std::span<const double> population;  ///< per demand point, ≥ 0 (zero is allowed)
  const SupplyMatrix& supply;          ///< facility_count == costs.destination_count
};

/// Scores of one model for every demand point, one column per output.
struct AccessResult {
  std::string model;
  /// Output names without the model prefix: the supply attribute names for score models,
  /// "travel_s" (and "mean_travel_s" for k > 1) for `nearest`.
  std::vector<std::string> columns;
  std::size_t demand_count = 0;
  /// Row-major: scores[i * columns.size() + c]. Accessibility scores are 0 for a demand
  /// point with nothing in reach; travel times are NaN when unreachable.
  std::vector<double> scores;
  /// 1 when demand point i has no facility within the model's catchment.
  std::vector<std::uint8_t> unreached;
  std::size_t unreached_count = 0;

  /// Floating catchment models only: supply-to-demand ratio R_j per facility × attribute
  /// (row-major, attribute order = SupplyMatrix::attributes); NaN where undefined.
  std::vector<double> facility_ratio;
  /// 1 when facility j has no (weighted) demand in its catchment, so R_j is undefined
  /// (NaN, never infinity). Such facilities contribute nothing to any A_i.
  std::vector<std::uint8_t> ratio_undefined;
  std::size_t ratio_undefined_count = 0;

  double score(std::size_t demand, std::size_t column) const noexcept {
    return scores[demand * columns.size() + column];
  }
  /// All scores of one column, in demand order.
  std::vector<double> column(std::size_t column) const;
};

/// Resolved parameters: every declared parameter present, with defaults filled in.
class ResolvedParams {
 public:
  explicit ResolvedParams(ModelParams values) : values_(std::move(values)) {}
  double number(const std::string& name) const;
  const std::vector<double>& list(const std::string& name) const;
  const std::string& text(const std::string& name) const;
  const ModelParams& values() const noexcept { return values_; }

 private:
  ModelParams values_;
};

/// An accessibility model. Implementations are stateless and thread-safe; compute()
/// parallelises over demand points with oneTBB and gives bit-identical results for any
/// thread count (every sum is accumulated in a fixed order).
class AccessModel {
 public:
  virtual ~AccessModel() = default;
  virtual std::string name() const = 0;
  virtual std::string description() const = 0;
  /// Literature source of the formula.
  virtual std::string source() const = 0;
  virtual std::vector<ParamSpec> params() const = 0;
  /// True for the models whose one catchment d0 is `threshold_min` (2SFCA, Gaussian 2SFCA,
  /// cumulative: docs/accessibility.md), which a run's common catchment sets; gravity's optional
  /// cut-off and the zone models' zones are their own parameters.
  virtual bool takes_catchment() const { return false; }
  /// Checks `given` against params() and fills defaults. Throws equiroute::Error naming
  /// the model and parameter on an unknown name, a value of the wrong kind, a word not in
  /// the choices, or a value the model rejects (validate()).
  ResolvedParams resolve(const ModelParams& given) const;
  /// Scores every demand point. Throws std::invalid_argument when the input sizes
  /// disagree (population size ≠ origin_count, supply rows ≠ destination_count).
  virtual AccessResult compute(const AccessInput& input, const ResolvedParams& params) const = 0;

 protected:
  /// Model-specific checks of resolved values (positive thresholds, matching zone lists).
  virtual void validate(const ResolvedParams& params) const;
};

/// Checks sizes shared by all models (see AccessModel::compute).
void check_access_input(const AccessInput& input);

}  // namespace equiroute::engine
