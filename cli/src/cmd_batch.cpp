// `equiroute batch MANIFEST [-o DIR] [--executor local|slurm] …`: many scenarios, each run as
// a child `equiroute run` that reports through a status file — here (`--executor local`) or
// as a Slurm job array (`--executor slurm`) — and a cross-run summary. Also `batch plan
// MANIFEST` (what it would do) and `batch wait DIR` (wait for a batch submitted to Slurm).
// Exit code: the number of failed runs (capped at 125), 130/143 when interrupted.

#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "command_registry.hpp"
#include "equiroute/batch/batch_manifest.hpp"
#include "equiroute/batch/batch_plan.hpp"
#include "equiroute/batch/batch_runner.hpp"
#include "equiroute/batch/slurm_executor.hpp"
#include "equiroute/core/error.hpp"

namespace equiroute::cli {
namespace {

namespace fs = std::filesystem;

struct BatchArgs {
  std::string manifest;
  std::string output_dir;
  std::string executor = "local";
  unsigned jobs = 0;
  bool resume = false;
  bool fail_fast = false;
  bool no_wait = false;
  bool dry_run = false;
  std::string partition;
  std::string account;
  unsigned time_per_run_min = 0;
  unsigned mem_per_run_mb = 0;
  unsigned cpus_per_run = 1;
  unsigned max_parallel = 0;
  std::vector<std::string> sbatch_args;
  std::string network_cache;  ///< default OUTPUT/network-cache
  bool no_network_cache = false;
  std::string run_program;  ///< hidden: replaces this executable as the runner (tests)
};

/// Options of one executor given with the other: one error line naming them.
void check_executor_options(const CLI::App& cmd, const BatchArgs& args) {
  if (args.executor == "slurm") {
    for (const char* local : {"--jobs", "--fail-fast"}) {
      if (cmd.get_option(local)->count() > 0)
        throw Error(std::string(local) + " applies to --executor local only", {},
                    ErrorKind::BadInput,
                    "on Slurm, --max-parallel limits the runs at the same time");
    }
    return;
  }
  for (const char* slurm : {"--partition", "--account", "--time-per-run", "--mem-per-run",
                            "--cpus-per-run", "--max-parallel", "--sbatch-arg", "--no-wait"}) {
    if (cmd.get_option(slurm)->count() > 0)
      throw Error(std::string(slurm) + " needs --executor slurm");
  }
}

fs::path output_dir(const BatchArgs& args) {
  return args.output_dir.empty() ? fs::path("out") / fs::path(args.manifest).stem()
                                 : fs::path(args.output_dir);
}

fs::path this_executable() { return fs::read_symlink("/proc/self/exe"); }

io::SlurmOptions slurm_options(const BatchArgs& args) {
  io::SlurmOptions o;
  o.partition = args.partition;
  o.account = args.account;
  if (args.time_per_run_min > 0) o.time_per_run_min = args.time_per_run_min;
  if (args.mem_per_run_mb > 0) o.mem_per_run_mb = args.mem_per_run_mb;
  o.cpus_per_run = args.cpus_per_run;
  o.max_parallel = args.max_parallel;
  o.sbatch_args = args.sbatch_args;
  return o;
}

void print_plan(const BatchArgs& args) {
  const io::BatchManifest manifest = io::load_batch_manifest(args.manifest);
  io::BatchPlanOptions options{.output_dir = output_dir(args),
                               .resume = args.resume,
                               .slurm = args.executor == "slurm",
                               .jobs = args.jobs,
                               .slurm_options = slurm_options(args),
                               .equiroute = this_executable()};
  std::fputs(io::batch_plan_text(manifest, options).c_str(), stdout);
}

/// Where the runs share their prepared networks (empty: each run builds its own).
fs::path network_cache_dir(const BatchArgs& args) {
  if (args.no_network_cache) return {};
  return args.network_cache.empty() ? output_dir(args) / "network-cache"
                                    : fs::path(args.network_cache);
}

void run_local(const BatchArgs& args, const io::BatchManifest& manifest) {
  io::BatchOptions options;
  options.output_dir = output_dir(args);
  options.jobs = args.jobs;
  options.resume = args.resume;
  options.fail_fast = args.fail_fast;
  options.handle_signals = true;
  options.network_cache = network_cache_dir(args);
  // /proc/self/exe resolved now: the same build runs every scenario.
  options.run_command = {args.run_program.empty() ? this_executable().string() : args.run_program};
  const io::BatchResult result = io::run_batch(manifest, options);
  spdlog::info("batch: {} ok, {} failed, {} skipped, {} interrupted, {} not run",
               result.count(io::BatchRunStatus::Ok), result.count(io::BatchRunStatus::Failed),
               result.count(io::BatchRunStatus::Skipped),
               result.count(io::BatchRunStatus::Interrupted),
               result.count(io::BatchRunStatus::NotRun));
  std::printf("%s\n", (options.output_dir / "summary.md").string().c_str());
  command_exit_code() = result.exit_code();
}

/// Waits for a submitted batch; prints summary.md's path when it is written.
void wait_for_slurm(const fs::path& dir, const io::SlurmSubmission& submission,
                    bool cancel_on_signal) {
  const int code = io::wait_for_slurm_batch(
      dir, submission, {.handle_signals = true, .cancel_on_signal = cancel_on_signal});
  if (fs::is_regular_file(dir / "summary.md") && code < 128)
    std::printf("%s\n", (dir / "summary.md").string().c_str());
  command_exit_code() = code;
}

void run_slurm(const BatchArgs& args, const io::BatchManifest& manifest) {
  io::SlurmBatchOptions options{.output_dir = output_dir(args),
                                .resume = args.resume,
                                .equiroute = this_executable(),
                                .run_command = {},
                                .network_cache = network_cache_dir(args),
                                .slurm = slurm_options(args)};
  if (!args.run_program.empty()) options.run_command = {args.run_program};
  const io::SlurmSubmission s = io::submit_batch_to_slurm(manifest, options);
  if (s.result) {  // nothing to submit: every run was kept
    std::printf("%s\n", (options.output_dir / "summary.md").string().c_str());
    command_exit_code() = s.result->exit_code();
    return;
  }
  if (args.no_wait) {
    std::printf("submitted: array job %s (%zu runs), summary job %s (afterany)\n",
                s.array_job_id.c_str(), s.tasks, s.summary_job_id.c_str());
    std::printf("logs: %s; follow: squeue -j %s,%s; wait: equiroute batch wait %s\n",
                (options.output_dir / "logs").string().c_str(), s.array_job_id.c_str(),
                s.summary_job_id.c_str(), options.output_dir.string().c_str());
    return;
  }
  wait_for_slurm(options.output_dir, s, /*cancel_on_signal=*/true);
}

void run_batch_command(const CLI::App& cmd, const BatchArgs& args) {
  if (args.manifest.empty()) throw Error("batch: a manifest is required (docs/batch.md)");
  if (!fs::is_regular_file(args.manifest))
    throw Error("batch manifest not found", {.file = args.manifest});
  check_executor_options(cmd, args);
  if (args.dry_run) return print_plan(args);
  const io::BatchManifest manifest = io::load_batch_manifest(args.manifest);
  if (args.executor == "slurm") return run_slurm(args, manifest);
  run_local(args, manifest);
}

void add_batch_options(CLI::App* cmd, BatchArgs& args) {
  cmd->add_option("-o,--output", args.output_dir,
                  "Output directory (default: out/<manifest name>); one sub-directory per run");
  cmd->add_option("--executor", args.executor, "Where the runs run: local (here) or slurm")
      ->check(CLI::IsMember({"local", "slurm"}));
  cmd->add_option("-j,--jobs", args.jobs, "local: runs at the same time (default: number of cores)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--resume", args.resume, "Skip runs whose complete results are already there");
  cmd->add_flag("--fail-fast", args.fail_fast,
                "local: after the first failed run, start no more and stop the running ones");
  cmd->add_option("--partition", args.partition, "slurm: partition (default: the cluster's)");
  cmd->add_option("--account", args.account, "slurm: account to charge (default: yours)");
  cmd->add_option("--time-per-run", args.time_per_run_min, "slurm: time limit of each run, minutes")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--mem-per-run", args.mem_per_run_mb, "slurm: memory of each run, MB")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--cpus-per-run", args.cpus_per_run, "slurm: CPUs (threads) of each run (1)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-parallel", args.max_parallel, "slurm: at most N runs at the same time")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--sbatch-arg", args.sbatch_args,
                  "slurm: passed to sbatch as is (repeatable), e.g. --sbatch-arg=--qos=long");
  cmd->add_flag("--no-wait", args.no_wait, "slurm: return after submission, printing the job ids");
  auto* cache = cmd->add_option("--network-cache", args.network_cache,
                                "Prepared networks shared by the runs (default: "
                                "OUTPUT/network-cache): each network is prepared once");
  cmd->add_flag("--no-network-cache", args.no_network_cache,
                "Every run reads and builds its network itself")
      ->excludes(cache);
  // Not in --help: lets the tests substitute a fake runner for `equiroute run`.
  cmd->add_option("--run-program", args.run_program)->group("");
}

void add_plan_command(CLI::App* batch) {
  auto* plan = batch->add_subcommand(
      "plan", "Print what `batch` would do: runs, order, estimated cost, resources; run nothing");
  auto args = std::make_shared<BatchArgs>();
  plan->add_option("manifest", args->manifest, "Batch manifest (TOML)")
      ->required()
      ->check(CLI::ExistingFile);
  add_batch_options(plan, *args);
  plan->callback([plan, args] {
    check_executor_options(*plan, *args);
    print_plan(*args);
  });
}

void add_wait_command(CLI::App* batch) {
  auto* wait = batch->add_subcommand(
      "wait", "Wait for a batch submitted with --executor slurm --no-wait; exit as `batch`");
  auto dir = std::make_shared<std::string>();
  wait->add_option("dir", *dir, "The batch's output directory")->required();
  wait->callback(
      [dir] { wait_for_slurm(*dir, io::read_slurm_submission(*dir), /*cancel_on_signal=*/false); });
}

const RegisterCommand reg{[](CLI::App& root) {
  auto* cmd =
      root.add_subcommand("batch", "Run many scenarios (a batch manifest) and summarise them");
  auto args = std::make_shared<BatchArgs>();
  cmd->add_option("manifest", args->manifest, "Batch manifest (TOML), see docs/batch.md");
  add_batch_options(cmd, *args);
  cmd->add_flag("--dry-run", args->dry_run, "The same as `batch plan`: print the plan only");
  add_plan_command(cmd);
  add_wait_command(cmd);
  cmd->callback([cmd, args] {
    if (!cmd->get_subcommands().empty()) return;  // `batch plan` / `batch wait` ran
    run_batch_command(*cmd, *args);
  });
}};

}  // namespace
}  // namespace equiroute::cli
