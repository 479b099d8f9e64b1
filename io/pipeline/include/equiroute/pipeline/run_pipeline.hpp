#pragma once
// `equiroute run`: one scenario to the full result set — study area → equity of resources →
// travel costs and accessibility (access_step) → tables, layers, maps, report, summary and
// manifest. The result directory appears only when complete; a failure names its step.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "equiroute/core/error.hpp"
#include "equiroute/pipeline/access_step.hpp"
#include "equiroute/pipeline/run_summary.hpp"
#include "equiroute/pipeline/study_area.hpp"
#include "equiroute/scenario/scenario.hpp"

namespace equiroute::io {

struct RunOptions {
  std::filesystem::path output_dir;
  unsigned threads = 0;  ///< 0: all hardware threads
  /// Called when a step starts (for progress output); may be empty.
  std::function<void(const std::string& step)> on_step;
};

/// What a run produced: the headline indicators (also written as summary.json) and the
/// files, relative to the output directory.
struct RunResult {
  RunSummary summary;
  std::vector<std::filesystem::path> outputs;
  double seconds = 0.0;
};

/// An error of one step of a run: what() is "step '<step>': <message>", and the step and
/// the message are kept apart for machine-readable reports.
class StepError : public Error {
 public:
  StepError(std::string step, const std::string& message, ErrorKind kind, std::string hint = {});
  const std::string& step() const noexcept { return step_; }
  const std::string& message() const noexcept { return message_; }

 private:
  std::string step_;
  std::string message_;
};

/// Runs the scenario. Throws StepError; nothing is left under output_dir on failure. An
/// existing output_dir is replaced only when it is an earlier equiroute result (has
/// manifest.json); it is never an input.
RunResult run_scenario(const Scenario& scenario, const RunOptions& options);

/// The engine's input of the equity of resources from the study area (the scenario's bases,
/// the population basis left out with a warning when there is no population).
engine::EquityInput equity_input(const Scenario& scenario, const StudyArea& area);

/// The headline indicators of a run.
RunSummary summarise_run(const Scenario& scenario, const StudyArea& area,
                         const engine::EquityAnalysis& equity,
                         const std::optional<AccessOutcome>& access);

/// The travel and equity-of-access part of a summary (also the `access` command's).
void summarise_access(const AccessOutcome& access, RunSummary& summary);

}  // namespace equiroute::io
