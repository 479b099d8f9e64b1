// `equiroute run SCENARIO [-o DIR] [--threads N] [--status-file F]`: the whole pipeline from
// one scenario file.

#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "command_registry.hpp"
#include "equiroute/geodata/text_encoding.hpp"
#include "equiroute/pipeline/run_pipeline.hpp"
#include "equiroute/pipeline/run_status.hpp"
#include "equiroute/scenario/scenario.hpp"

namespace equiroute::cli {
namespace {

struct RunArgs {
  std::string scenario;
  std::string output;
  unsigned threads = 0;
  std::string network_cache;
  std::string status_file;
};

std::string number(double v, int decimals) {
  return std::isfinite(v) ? fmt::format("{:.{}f}", v, decimals) : "—";
}

std::string optional_number(const std::optional<double>& v, int decimals) {
  return v ? number(*v, decimals) : "—";
}

void print_summary(const io::RunResult& result, const std::string& dir) {
  const auto& s = result.summary;
  fmt::print("{}\n", s.title);
  fmt::print("  regions: {}   groups: {}\n", s.regions, s.groups);
  fmt::print("  {:<16} {:>10} {:>8} {:>8} {:>8} {:>8}\n", "resource", "basis", "Gini", "Theil T",
             "Theil L", "");
  for (const auto& e : s.equity) {
    fmt::print("  {:<16} {:>10} {:>8} {:>8} {:>8}  {}\n", e.resource, engine::to_string(e.basis),
               number(e.gini, 3), optional_number(e.theil_t, 3), optional_number(e.theil_l, 3),
               e.band);
  }
  if (s.travel) {
    const auto& t = *s.travel;
    std::string shares;
    for (std::size_t i = 0; i < t.thresholds_min.size(); ++i) {
      shares += fmt::format("{}{:g} min {}%", i ? ", " : "", t.thresholds_min[i],
                            number(100 * t.share_beyond[i], 1));
    }
    fmt::print("  travel to nearest facility{}: mean {} min, 90th percentile {} min\n",
               t.approximate ? " (straight-line approximation)" : "", number(t.mean_nearest_min, 1),
               number(t.p90_nearest_min, 1));
    fmt::print("  population beyond: {}\n", shares);
  }
  fmt::print("  {} files in {} ({:.1f} s)\n", result.outputs.size(), dir, result.seconds);
}

/// The status file for whoever started this run (a batch): written on success and on
/// failure, never left half-written. Peak memory and CPU time are this process's own.
void report_status(const RunArgs& args, io::RunStatus status,
                   std::chrono::steady_clock::time_point start, const std::string& started_at) {
  if (args.status_file.empty()) return;
  status.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  status.peak_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss: KiB
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  status.cpu_s = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  status.threads = args.threads != 0 ? args.threads : std::thread::hardware_concurrency();
  status.started_at = started_at;
  status.environment = io::run_environment();
  io::write_run_status(args.status_file, status);
}

void run_command(const RunArgs& args) {
  const auto start = std::chrono::steady_clock::now();
  const std::string started_at = io::utc_timestamp();
  auto report = [&](io::RunStatus status) { report_status(args, status, start, started_at); };
  try {
    const io::Scenario scenario = io::load_scenario(args.scenario);
    if (geodata::given_encoding().empty()) geodata::set_given_encoding(scenario.encoding);
    io::RunOptions options;
    options.output_dir = args.output.empty()
                             ? std::filesystem::path("out") /
                                   std::filesystem::path(args.scenario).parent_path().filename()
                             : std::filesystem::path(args.output);
    options.threads = args.threads;
    options.network_cache = args.network_cache;
    // Progress lines only for a person watching a terminal, never in logs or pipes.
    if (isatty(STDERR_FILENO)) {
      options.on_step = [](const std::string& step) { spdlog::info("{} …", step); };
    }
    const auto result = io::run_scenario(scenario, options);
    report({.ok = true, .summary = result.summary});
    print_summary(result, options.output_dir.string());
  } catch (const io::StepError& e) {
    report({.step = e.step(), .message = e.message(), .exit_code = e.exit_code()});
    throw;
  } catch (const Error& e) {
    report({.message = e.what(), .exit_code = e.exit_code()});
    throw;
  } catch (const std::exception& e) {
    report({.message = e.what(), .exit_code = 1});
    throw;
  }
}

const RegisterCommand reg{[](CLI::App& root) {
  auto args = std::make_shared<RunArgs>();
  auto* cmd =
      root.add_subcommand("run", "Run a scenario file end to end: layers, tables, maps, report");
  cmd->add_option("scenario", args->scenario, "Scenario file (TOML, see docs/scenario.md)")
      ->required();
  cmd->add_option("-o,--output", args->output, "Result directory (default: out/<scenario name>)");
  cmd->add_option("--threads", args->threads, "Worker threads (0: all cores)");
  cmd->add_option("--network-cache", args->network_cache,
                  "Directory of prepared networks: the scenario's network is prepared there "
                  "once and mapped by later runs (overrides network.cache)");
  cmd->add_option("--status-file", args->status_file,
                  "Also write the outcome as JSON here (used by `equiroute batch`)");
  cmd->callback([args] { run_command(*args); });
}};

}  // namespace
}  // namespace equiroute::cli
