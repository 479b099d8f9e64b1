// The two commands the job scripts of `equiroute batch --executor slurm` run (not in --help):
//   equiroute batch-task DIR INDEX                 one array task: one run of the batch
//   equiroute batch-summary DIR --array-job ID     the summary job (afterany)
// docs/batch.md, "On a Slurm cluster".

#include <tbb/global_control.h>

#include <cstdlib>
#include <memory>
#include <optional>

#include "command_registry.hpp"
#include "equiroute/batch/slurm_executor.hpp"

namespace equiroute::cli {
namespace {

struct TaskArgs {
  std::string dir;
  std::size_t index = 0;
  std::string array_job;
};

/// Threads for the summary maps: the CPUs Slurm gave the summary job.
std::optional<tbb::global_control> limit_threads_to_slurm_cpus() {
  const char* cpus = std::getenv("SLURM_CPUS_PER_TASK");
  const long n = cpus ? std::strtol(cpus, nullptr, 10) : 0;
  if (n <= 0) return std::nullopt;
  return std::make_optional<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                 static_cast<std::size_t>(n));
}

const RegisterCommand reg{[](CLI::App& root) {
  auto args = std::make_shared<TaskArgs>();
  auto* task = root.add_subcommand("batch-task", "One array task of a batch on Slurm");
  task->group("");
  task->add_option("dir", args->dir)->required();
  task->add_option("index", args->index)->required();
  task->callback([args] { command_exit_code() = io::run_batch_task(args->dir, args->index); });

  auto* summary = root.add_subcommand("batch-summary", "The summary job of a batch on Slurm");
  summary->group("");
  summary->add_option("dir", args->dir)->required();
  summary->add_option("--array-job", args->array_job)->required();
  summary->callback([args] {
    const auto threads = limit_threads_to_slurm_cpus();
    const char* own_id = std::getenv("SLURM_JOB_ID");
    io::summarise_slurm_batch(args->dir, args->array_job, own_id ? own_id : "");
  });
}};

}  // namespace
}  // namespace equiroute::cli
