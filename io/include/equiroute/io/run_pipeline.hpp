#pragma once
// `equiroute run`: one scenario to the full result set — geodata → routing → accessibility →
// equity/burden → layers, tables, maps, report, manifest. The result directory appears only
// when complete (built in a temporary sibling, then renamed); a failure names its step.

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "equiroute/io/scenario.hpp"

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
  nlohmann::json summary;
  std::vector<std::filesystem::path> outputs;
  double seconds = 0.0;
};

/// Runs the scenario. Throws equiroute::Error whose message starts with "step '<name>': ";
/// nothing is left under output_dir on failure. An existing output_dir is replaced only
/// when it is an earlier equiroute result (has manifest.json); it is never an input.
RunResult run_scenario(const Scenario& scenario, const RunOptions& options);

}  // namespace equiroute::io
