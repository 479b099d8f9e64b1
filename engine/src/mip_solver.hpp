#pragma once
// Private to the engine: one mixed-integer linear program solved with COIN-OR CBC
// (Forrest et al., https://github.com/coin-or/Cbc) through its standard driver (CbcMain1:
// presolve, cuts and heuristics as the `cbc` program uses them), silently, single-threaded
// (deterministic), with a time limit and an optional starting solution.

#include <cstdint>
#include <string>
#include <vector>

namespace equiroute::engine::detail {

/// min c·x + offset  s.t.  row_lower ≤ A x ≤ row_upper,  lower ≤ x ≤ upper, x_j integer
/// where is_integer[j]. A is given as triplets.
struct MipProblem {
  std::vector<double> objective, lower, upper;
  std::vector<std::uint8_t> is_integer;
  std::vector<int> entry_row, entry_column;
  std::vector<double> entry_value;
  std::vector<double> row_lower, row_upper;
  double offset = 0.0;

  int add_column(double cost, double lo, double hi, bool integer);
  int add_row(double lo, double hi);
  void add_entry(int row, int column, double value);
  std::size_t columns() const noexcept { return objective.size(); }
};

struct MipSettings {
  double time_limit_s = 60.0;
  double relative_gap = 1e-7;
  /// A feasible solution to start from (all columns), or empty.
  std::vector<double> start;
};

struct MipOutcome {
  bool has_solution = false;
  bool proven_optimal = false;  ///< within relative_gap
  bool proven_infeasible = false;
  bool time_limit_reached = false;
  std::vector<double> x;
  double objective = 0.0;  ///< c·x + offset of x
  double bound = 0.0;      ///< best proven lower bound (+ offset)
  double seconds = 0.0;
};

/// Solves `problem`. CBC's driver keeps global state, so calls are serialised (mutex).
MipOutcome solve_mip(const MipProblem& problem, const MipSettings& settings);

/// "CBC 2.10.8" (the version linked).
std::string mip_solver_name();

}  // namespace equiroute::engine::detail
