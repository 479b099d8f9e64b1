// CBC through its standard driver, silenced (CBC prints nothing: -log 0 and no banner).

#include "mip_solver.hpp"

#include <CbcConfig.h>

#include <CbcModel.hpp>
#include <CbcOrClpParam.hpp>
#include <CbcSolver.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace equiroute::engine::detail {

int MipProblem::add_column(double cost, double lo, double hi, bool integer) {
  objective.push_back(cost);
  lower.push_back(lo);
  upper.push_back(hi);
  is_integer.push_back(integer ? 1 : 0);
  return static_cast<int>(objective.size() - 1);
}

int MipProblem::add_row(double lo, double hi) {
  row_lower.push_back(lo);
  row_upper.push_back(hi);
  return static_cast<int>(row_lower.size() - 1);
}

void MipProblem::add_entry(int row, int column, double value) {
  entry_row.push_back(row);
  entry_column.push_back(column);
  entry_value.push_back(value);
}

std::string mip_solver_name() { return std::string("CBC ") + CBC_VERSION; }

namespace {

std::mutex& cbc_mutex() {
  static std::mutex m;
  return m;
}

std::string column_name(std::size_t j) { return "c" + std::to_string(j); }

void load(OsiClpSolverInterface& solver, const MipProblem& p) {
  const CoinPackedMatrix matrix(true, p.entry_row.data(), p.entry_column.data(),
                                p.entry_value.data(),
                                static_cast<CoinBigIndex>(p.entry_value.size()));
  // The triplet constructor sizes the matrix by its largest indices: pad empty columns/rows.
  CoinPackedMatrix sized(matrix);
  sized.setDimensions(static_cast<int>(p.row_lower.size()), static_cast<int>(p.columns()));
  sized.removeGaps();
  solver.loadProblem(sized, p.lower.data(), p.upper.data(), p.objective.data(), p.row_lower.data(),
                     p.row_upper.data());
  // Names: the MIP start refers to columns by name. Rows get names too, because CLP's
  // presolve expects both or neither (column names alone crash it when it restores a
  // preprocessed model).
  for (std::size_t j = 0; j < p.columns(); ++j) {
    if (p.is_integer[j]) solver.setInteger(static_cast<int>(j));
    solver.setColName(static_cast<int>(j), column_name(j));
  }
  for (std::size_t r = 0; r < p.row_lower.size(); ++r) {
    solver.setRowName(static_cast<int>(r), "r" + std::to_string(r));
  }
  solver.messageHandler()->setLogLevel(0);
  solver.getModelPtr()->messageHandler()->setLogLevel(0);
}

std::string number(double v) {
  char text[64];
  std::snprintf(text, sizeof text, "%.10g", v);
  return text;
}

}  // namespace

MipOutcome solve_mip(const MipProblem& problem, const MipSettings& settings) {
  const std::lock_guard<std::mutex> lock(cbc_mutex());
  const auto started = std::chrono::steady_clock::now();
  MipOutcome out;
  OsiClpSolverInterface solver;
  load(solver, problem);
  static int dumped = 0;
  if (const char* dump = std::getenv("EQUIROUTE_MIP_DUMP"))
    solver.writeMps((std::string(dump) + std::to_string(dumped++)).c_str());
  CbcModel model(solver);
  model.setLogLevel(0);
  model.messageHandler()->setLogLevel(0);
  if (!settings.start.empty()) {
    std::vector<std::pair<std::string, double>> start;
    for (std::size_t j = 0; j < problem.columns(); ++j) {
      if (problem.is_integer[j]) start.emplace_back(column_name(j), settings.start[j]);
    }
    model.setMIPStart(start);
  }
  setCbcOrClpPrinting(false);
  CbcSolverUsefulData data;
  data.noPrinting_ = true;
  CbcMain0(model, data);
  model.setLogLevel(0);
  const std::string seconds = number(std::max(0.1, settings.time_limit_s));
  const std::string gap = number(settings.relative_gap);
  // Wall-clock limit (CBC's default counts CPU seconds, which a loaded machine stretches).
  // CBC checks it between its phases, so a long root LP can overrun it.
  const char* argv[] = {"equiroute",     "-log",   "0",         "-timeMode", "elapsed", "-sec",
                        seconds.c_str(), "-ratio", gap.c_str(), "-solve",    "-quit"};
  CbcMain1(static_cast<int>(std::size(argv)), argv, model, nullptr, data);

  out.proven_infeasible = model.isProvenInfeasible();
  out.time_limit_reached = model.isSecondsLimitReached();
  const double* best = model.bestSolution();
  if (best != nullptr) {
    out.has_solution = true;
    out.x.assign(best, best + problem.columns());
    out.objective = problem.offset;
    for (std::size_t j = 0; j < problem.columns(); ++j)
      out.objective += problem.objective[j] * out.x[j];
  }
  out.bound = model.getBestPossibleObjValue() + problem.offset;
  out.proven_optimal = out.has_solution && model.isProvenOptimal() && !out.time_limit_reached;
  if (out.proven_optimal) out.bound = std::min(out.bound, out.objective);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace equiroute::engine::detail
