#include "slurm_preflight.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "equiroute/batch/child_process.hpp"
#include "equiroute/batch/slurm_executor.hpp"
#include "equiroute/batch/slurm_queue.hpp"
#include "equiroute/core/error.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void refuse(const std::string& message, const std::string& hint = {}) {
  throw Error("--executor slurm: " + message + "; nothing was submitted", {}, ErrorKind::BadInput,
              hint);
}

/// `scontrol show partition [P] -o`: one line per partition.
std::string partition_line(const std::string& partition) {
  std::vector<std::string> args{"scontrol", "show", "partition"};
  if (!partition.empty()) args.push_back(partition);
  args.push_back("-o");
  const CommandOutput out = run_command(args);
  if (out.exit_code != 0) {
    if (!partition.empty())
      refuse(fmt::format("partition '{}' does not exist ({})", partition, out.first_line()),
             "`sinfo -s` lists the partitions");
    refuse("`scontrol show partition` failed: " + out.first_line());
  }
  if (!partition.empty()) return out.out;
  std::stringstream lines(out.out);
  std::string line;
  while (std::getline(lines, line)) {
    if (scontrol_value(line, "Default") == "YES") return line;
  }
  refuse("the cluster has no default partition", "choose one with --partition (`sinfo -s`)");
}

void check_partition(const SlurmOptions& o) {
  const std::string line = partition_line(o.partition);
  const std::string name = scontrol_value(line, "PartitionName");
  const std::string state = scontrol_value(line, "State");
  if (!state.empty() && state != "UP")
    spdlog::warn("--executor slurm: partition '{}' is {}: the jobs wait until it is UP", name,
                 state);
  const auto limit = parse_slurm_minutes(scontrol_value(line, "MaxTime"));
  if (o.time_per_run_min && limit && *o.time_per_run_min > *limit) {
    // Slurm accepts such a job (EnforcePartLimits=NO) and leaves it pending for ever.
    refuse(fmt::format("--time-per-run {} exceeds the time limit of partition '{}' ({} min)",
                       *o.time_per_run_min, name, *limit),
           "ask for less time or choose another partition (`sinfo -o '%P %l'`)");
  }
}

void check_array_size(std::size_t tasks) {
  const CommandOutput out = run_command({"scontrol", "show", "config"});
  if (out.exit_code != 0) refuse("`scontrol show config` failed: " + out.first_line());
  const std::string value = scontrol_value(out.out, "MaxArraySize");
  if (value.empty()) return;
  const std::size_t max = std::stoul(value);
  if (tasks > max) {
    refuse(fmt::format("{} runs to do exceed the cluster's MaxArraySize ({})", tasks, max),
           "split the manifest into several batches");
  }
}

}  // namespace

void check_slurm_reachable() {
  std::vector<std::string> missing;
  for (const char* tool : {"sbatch", "squeue", "scontrol", "scancel"}) {
    if (!find_on_path(tool)) missing.emplace_back(tool);
  }
  if (!missing.empty()) {
    std::string names;
    for (const auto& m : missing) names += (names.empty() ? "" : ", ") + m;
    refuse(fmt::format("Slurm's {} not found on the PATH", names),
           "run on the cluster's login node, or load Slurm first (e.g. `module load slurm`)");
  }
  const CommandOutput ping = run_command({"scontrol", "ping"});
  if (ping.exit_code != 0 || ping.out.find("is UP") == std::string::npos) {
    refuse("the Slurm controller is unreachable (`scontrol ping`: " + ping.first_line() + ")",
           "check SLURM_CONF and that slurmctld runs (`scontrol ping`)");
  }
}

void check_slurm_submission(const SlurmBatchFile& batch, const fs::path& script) {
  check_partition(batch.options);
  check_array_size(batch.tasks());
  std::vector<std::string> args{"sbatch", "--test-only"};
  args.insert(args.end(), batch.options.sbatch_args.begin(), batch.options.sbatch_args.end());
  args.push_back(script.string());
  const CommandOutput out = run_command(args);
  if (out.exit_code != 0) {
    refuse("sbatch refuses the job array (`sbatch --test-only`: " + out.first_line() + ")");
  }
}

}  // namespace equiroute::io
