// `equiroute batch MANIFEST [-o DIR] [--jobs N] [--resume] [--fail-fast]`: many scenarios,
// each run as a child `equiroute run` that reports through a status file, and a cross-run
// summary. Exit code: the number of
// failed runs (capped at 125), 130/143 when interrupted by SIGINT/SIGTERM.

#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "command_registry.hpp"
#include "equiroute/batch/batch_manifest.hpp"
#include "equiroute/batch/batch_runner.hpp"

namespace equiroute::cli {
namespace {

namespace fs = std::filesystem;

struct BatchArgs {
  std::string manifest;
  std::string output_dir;
  unsigned jobs = 0;
  bool resume = false;
  bool fail_fast = false;
  std::string run_program;  ///< hidden: replaces this executable as the runner (tests)
};

void run_batch_command(const BatchArgs& args) {
  const io::BatchManifest manifest = io::load_batch_manifest(args.manifest);
  io::BatchOptions options;
  options.output_dir = args.output_dir.empty() ? fs::path("out") / fs::path(args.manifest).stem()
                                               : fs::path(args.output_dir);
  options.jobs = args.jobs;
  options.resume = args.resume;
  options.fail_fast = args.fail_fast;
  options.handle_signals = true;
  // /proc/self/exe resolved now: the same build runs every scenario.
  options.run_command = {args.run_program.empty() ? fs::read_symlink("/proc/self/exe").string()
                                                  : args.run_program};
  const io::BatchResult result = io::run_batch(manifest, options);
  spdlog::info("batch: {} ok, {} failed, {} skipped, {} interrupted, {} not run",
               result.count(io::BatchRunStatus::Ok), result.count(io::BatchRunStatus::Failed),
               result.count(io::BatchRunStatus::Skipped),
               result.count(io::BatchRunStatus::Interrupted),
               result.count(io::BatchRunStatus::NotRun));
  std::printf("%s\n", (options.output_dir / "summary.md").string().c_str());
  command_exit_code() = result.exit_code();
}

const RegisterCommand reg{[](CLI::App& root) {
  auto* cmd =
      root.add_subcommand("batch", "Run many scenarios (a batch manifest) and summarise them");
  auto args = std::make_shared<BatchArgs>();
  cmd->add_option("manifest", args->manifest, "Batch manifest (TOML), see docs/batch.md")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", args->output_dir,
                  "Output directory (default: out/<manifest name>); one sub-directory per run");
  cmd->add_option("-j,--jobs", args->jobs, "Runs at the same time (default: number of cores)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--resume", args->resume, "Skip runs whose complete results are already there");
  cmd->add_flag("--fail-fast", args->fail_fast,
                "After the first failed run, start no more and stop the running ones");
  // Not in --help: lets the tests substitute a fake runner for `equiroute run`.
  cmd->add_option("--run-program", args->run_program)->group("");
  cmd->callback([args] { run_batch_command(*args); });
}};

}  // namespace
}  // namespace equiroute::cli
