#include "equiroute/batch/batch_plan.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <numeric>
#include <thread>

#include "equiroute/batch/batch_prepare.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

namespace {

/// The runs: order of start, name, estimated cost and its share, scenario; kept runs last.
std::string runs_table(const PreparedBatch& p) {
  const double total = std::accumulate(p.cost.begin(), p.cost.end(), 0.0);
  std::size_t width = 3;
  for (const auto& r : p.result.runs) width = std::max(width, r.name.size());
  std::string text = fmt::format("  {:>5}  {:<{}}  {:>14}  {:>6}  {}\n", "order", "run", width,
                                 "estimated cost", "share", "scenario");
  for (std::size_t k = 0; k < p.to_run.size(); ++k) {
    const auto& run = p.result.runs[p.to_run[k]];
    const double cost = p.cost[p.to_run[k]];
    text += fmt::format("  {:>5}  {:<{}}  {:>14.1f}  {:>5.1f}%  {}\n", k + 1, run.name, width,
                        cost / 1e6, total > 0 ? 100.0 * cost / total : 0.0, run.scenario.string());
  }
  for (const auto& run : p.result.runs) {
    if (run.status == BatchRunStatus::Skipped)
      text += fmt::format("  {:>5}  {:<{}}  {:>14}  {:>6}  {}\n", "kept", run.name, width, "-", "",
                          run.scenario.string());
  }
  return text;
}

std::string local_resources(const BatchPlanOptions& o, std::size_t runs) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const unsigned jobs = o.jobs == 0 ? cores : o.jobs;
  return fmt::format(
      "Executor local: {} run(s) at a time (--jobs), {} thread(s) each, on this machine ({} "
      "cores); {} run(s) to do, costliest first.\n",
      std::min<std::size_t>(jobs, std::max<std::size_t>(runs, 1)), std::max(1u, cores / jobs),
      cores, runs);
}

std::string slurm_resources(const BatchPlanOptions& o, const PreparedBatch& p) {
  SlurmBatchFile b;
  b.options = o.slurm_options;
  b.equiroute = o.equiroute;
  b.manifest = "batch";
  for (std::size_t k = 0; k < p.to_run.size(); ++k) b.runs.push_back({.array_index = k});
  const fs::path dir = fs::absolute(o.output_dir);
  const SlurmOptions& s = o.slurm_options;
  std::string text = fmt::format(
      "Executor slurm: a job array of {} task(s) (one per run to do, in the order above), then "
      "a summary job (afterany).\n  array job, each task:",
      p.to_run.size());
  for (const auto& option : array_job_options(b, dir)) text += " " + option;
  text += "\n  summary job:";
  for (const auto& option : summary_job_options(b, dir)) text += " " + option;
  std::string extra;
  for (const auto& arg : s.sbatch_args) extra += " " + arg;
  if (!extra.empty()) text += "\n  sbatch command line, both jobs:" + extra;
  const std::size_t at_once =
      s.max_parallel > 0 ? std::min<std::size_t>(s.max_parallel, p.to_run.size()) : p.to_run.size();
  text +=
      fmt::format("\n  at most {} task(s) at once: {} CPU(s)", at_once, at_once * s.cpus_per_run);
  if (s.mem_per_run_mb) text += fmt::format(", {} MB", at_once * *s.mem_per_run_mb);
  if (s.time_per_run_min) {
    text += fmt::format(
        "; at most {} CPU-hours for the array (tasks × CPUs × time limit)",
        static_cast<double>(p.to_run.size() * s.cpus_per_run * *s.time_per_run_min) / 60.0);
  }
  return text + "\n";
}

}  // namespace

std::string batch_plan_text(const BatchManifest& manifest, const BatchPlanOptions& options) {
  const PreparedBatch p =
      prepare_batch(manifest, options.output_dir, options.resume, PrepareMode::DryRun);
  std::string text =
      fmt::format("Plan of {} into {}: {} run(s), {} to do, {} kept (--resume). Nothing is run.\n",
                  manifest.file.string(), options.output_dir.string(), p.result.runs.size(),
                  p.to_run.size(), p.result.runs.size() - p.to_run.size());
  text += runs_table(p);
  text +=
      "  (estimated cost: size of the regions file in MB × (4 + map files) + 4 × the road "
      "network's size in MB; it only orders the runs)\n";
  text += options.slurm ? slurm_resources(options, p) : local_resources(options, p.to_run.size());
  return text;
}

}  // namespace equiroute::io
