#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "equiroute/batch/batch_prepare.hpp"
#include "equiroute/batch/batch_summary.hpp"
#include "equiroute/batch/child_process.hpp"
#include "equiroute/batch/slurm_executor.hpp"
#include "equiroute/batch/slurm_queue.hpp"
#include "equiroute/core/error.hpp"
#include "equiroute/geodata/atomic_output.hpp"
#include "equiroute/pipeline/run_status.hpp"
#include "equiroute/scenario/toml_reader.hpp"
#include "slurm_preflight.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

namespace {

fs::path submission_path(const fs::path& dir) { return dir / "slurm" / "submission.json"; }

/// batch.json's content: the runs in manifest order, the runs to do numbered costliest first.
SlurmBatchFile batch_file(const BatchManifest& manifest, const PreparedBatch& prepared,
                          const SlurmBatchOptions& options) {
  SlurmBatchFile b;
  b.manifest = manifest.file.string();
  b.title = manifest.title;
  b.equiroute = options.equiroute;
  b.run_command =
      options.run_command.empty() ? std::vector{options.equiroute.string()} : options.run_command;
  if (!options.network_cache.empty()) b.network_cache = fs::absolute(options.network_cache);
  b.options = options.slurm;
  for (std::size_t i = 0; i < manifest.runs.size(); ++i) {
    b.runs.push_back({manifest.runs[i].name, manifest.runs[i].label,
                      fs::absolute(prepared.result.runs[i].scenario), std::nullopt,
                      prepared.cost[i]});
  }
  for (std::size_t k = 0; k < prepared.to_run.size(); ++k)
    b.runs[prepared.to_run[k]].array_index = k;
  return b;
}

/// Refuses to submit into a directory whose earlier jobs are still queued or running: they
/// would write into the same run directories.
void refuse_active_submission(const fs::path& dir) {
  if (!fs::is_regular_file(submission_path(dir))) return;
  const SlurmSubmission earlier = read_slurm_submission(dir);
  std::string error;
  const auto states = query_job_states({earlier.array_job_id, earlier.summary_job_id}, error);
  if (!states) return;  // cannot tell: the earlier jobs are most likely long gone
  for (const auto& s : *states) {
    if (!is_active_state(s.state)) continue;
    throw Error(fmt::format("--executor slurm: jobs {} and {} of an earlier submission into this "
                            "directory are still queued or running; nothing was submitted",
                            earlier.array_job_id, earlier.summary_job_id),
                {.file = dir.string()}, ErrorKind::BadInput,
                fmt::format("wait for them (`equiroute batch wait {}`) or cancel them (`scancel "
                            "{} {}`)",
                            dir.string(), earlier.array_job_id, earlier.summary_job_id));
  }
}

/// `sbatch --parsable ARGS... SCRIPT` → the job id; throws with sbatch's message.
std::string sbatch(const std::vector<std::string>& options, const std::vector<std::string>& extra,
                   const fs::path& script, std::vector<std::string>& command_line) {
  std::vector<std::string> args{"sbatch", "--parsable"};
  args.insert(args.end(), options.begin(), options.end());
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(script.string());
  std::string line;
  for (const auto& a : args) line += (line.empty() ? "" : " ") + shell_quote(a);
  command_line.push_back(line);
  const CommandOutput out = run_command(args);
  const std::string id = parse_sbatch_job_id(out.out);
  if (out.exit_code != 0 || id.empty()) {
    throw Error(
        "--executor slurm: sbatch refused " + script.filename().string() + ": " + out.first_line(),
        {}, ErrorKind::BadInput);
  }
  return id;
}

void write_submission(const fs::path& dir, const SlurmSubmission& s,
                      const std::vector<std::string>& command_lines) {
  nlohmann::ordered_json j;
  j["array_job_id"] = s.array_job_id;
  j["summary_job_id"] = s.summary_job_id;
  j["tasks"] = s.tasks;
  j["submitted_at"] = utc_timestamp();
  j["commands"] = command_lines;
  geodata::write_text_atomic(submission_path(dir), j.dump(2) + "\n");
}

/// Every run kept by --resume: no job, the summary written here.
SlurmSubmission summarise_here(const BatchManifest& manifest, PreparedBatch& prepared,
                               const fs::path& dir) {
  spdlog::info("--executor slurm: every run is complete (--resume): nothing to submit");
  prepared.result.executor.name = "slurm";
  write_batch_summary(manifest, prepared.result, dir);
  return {.result = prepared.result};
}

}  // namespace

SlurmSubmission read_slurm_submission(const fs::path& dir) {
  const fs::path file = submission_path(dir);
  if (!fs::is_regular_file(file))
    throw Error("no Slurm submission here (written by `equiroute batch --executor slurm`)",
                {.file = file.string()});
  try {
    const auto j = nlohmann::json::parse(read_text_file(file));
    return {.array_job_id = j.at("array_job_id").get<std::string>(),
            .summary_job_id = j.at("summary_job_id").get<std::string>(),
            .tasks = j.at("tasks").get<std::size_t>()};
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("not an equiroute Slurm submission: ") + e.what(),
                {.file = file.string()});
  }
}

SlurmSubmission submit_batch_to_slurm(const BatchManifest& manifest,
                                      const SlurmBatchOptions& options) {
  const fs::path dir = fs::absolute(options.output_dir).lexically_normal();
  check_slurm_path(dir);
  check_slurm_reachable();
  refuse_active_submission(dir);
  PreparedBatch prepared = prepare_batch(manifest, dir, options.resume);
  const SlurmBatchFile batch = batch_file(manifest, prepared, options);
  if (batch.tasks() == 0) return summarise_here(manifest, prepared, dir);

  fs::create_directories(dir / "slurm");
  const fs::path runs_script = dir / "slurm" / "runs.sbatch";
  geodata::write_text_atomic(slurm_batch_file_path(dir), batch.to_json().dump(2) + "\n");
  geodata::write_text_atomic(runs_script, array_job_script(batch, dir, utc_timestamp()));
  check_slurm_submission(batch, runs_script);
  for (const auto& run : batch.runs) {
    std::error_code ec;
    if (run.array_index) fs::remove(run_status_path(dir, run.name), ec);
  }

  SlurmSubmission s{.tasks = batch.tasks()};
  std::vector<std::string> command_lines;
  s.array_job_id = sbatch({}, batch.options.sbatch_args, runs_script, command_lines);
  const fs::path summary_script = dir / "slurm" / "summary.sbatch";
  try {
    geodata::write_text_atomic(summary_script, summary_job_script(batch, dir, s.array_job_id));
    s.summary_job_id = sbatch({"--dependency=afterany:" + s.array_job_id},
                              batch.options.sbatch_args, summary_script, command_lines);
  } catch (const std::exception&) {
    run_command({"scancel", s.array_job_id});
    spdlog::error("--executor slurm: the summary job was refused: array job {} cancelled",
                  s.array_job_id);
    throw;
  }
  write_submission(dir, s, command_lines);
  spdlog::info("slurm: array job {} ({} runs), summary job {} (afterany)", s.array_job_id, s.tasks,
               s.summary_job_id);
  return s;
}

}  // namespace equiroute::io
