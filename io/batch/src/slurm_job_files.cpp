#include "equiroute/batch/slurm_job_files.hpp"

#include <fmt/core.h>

#include "equiroute/core/error.hpp"
#include "equiroute/scenario/toml_reader.hpp"
#include "equiroute/version.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFormat = "equiroute slurm batch 1";

nlohmann::ordered_json options_json(const SlurmOptions& o) {
  nlohmann::ordered_json j;
  j["partition"] = o.partition;
  j["account"] = o.account;
  j["time_per_run_min"] =
      o.time_per_run_min ? nlohmann::ordered_json(*o.time_per_run_min) : nlohmann::ordered_json();
  j["mem_per_run_mb"] =
      o.mem_per_run_mb ? nlohmann::ordered_json(*o.mem_per_run_mb) : nlohmann::ordered_json();
  j["cpus_per_run"] = o.cpus_per_run;
  j["max_parallel"] = o.max_parallel;
  j["sbatch_args"] = o.sbatch_args;
  return j;
}

SlurmOptions options_from_json(const nlohmann::ordered_json& j) {
  SlurmOptions o;
  o.partition = j.at("partition").get<std::string>();
  o.account = j.at("account").get<std::string>();
  if (!j.at("time_per_run_min").is_null())
    o.time_per_run_min = j["time_per_run_min"].get<unsigned>();
  if (!j.at("mem_per_run_mb").is_null()) o.mem_per_run_mb = j["mem_per_run_mb"].get<unsigned>();
  o.cpus_per_run = j.at("cpus_per_run").get<unsigned>();
  o.max_parallel = j.at("max_parallel").get<unsigned>();
  o.sbatch_args = j.at("sbatch_args").get<std::vector<std::string>>();
  return o;
}

/// "equiroute-<manifest stem>", reduced to characters every Slurm tool shows plainly.
std::string job_name(const std::string& manifest) {
  std::string name = "equiroute-";
  for (char c : fs::path(manifest).stem().string()) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || c == '.';
    name += plain ? c : '_';
  }
  return name;
}

/// An #SBATCH value: in double quotes when it has blanks (sbatch reads them quoted).
std::string directive_value(const std::string& value) {
  return value.find_first_of(" \t'") == std::string::npos ? value : "\"" + value + "\"";
}

/// The options both jobs share: where they run and whose they are.
void add_common_options(std::vector<std::string>& options, const SlurmOptions& o,
                        const fs::path& dir) {
  options.push_back("--chdir=" + directive_value(dir.string()));
  if (!o.partition.empty()) options.push_back("--partition=" + o.partition);
  if (!o.account.empty()) options.push_back("--account=" + o.account);
}

std::string script(const std::string& comment, const std::vector<std::string>& options,
                   const std::string& command) {
  std::string text = "#!/bin/bash\n" + comment;
  for (const auto& option : options) text += "#SBATCH " + option + "\n";
  return text + command + "\n";
}

}  // namespace

nlohmann::ordered_json SlurmBatchFile::to_json() const {
  nlohmann::ordered_json j;
  j["format"] = kFormat;
  j["manifest"] = manifest;
  j["title"] = title;
  j["equiroute"] = equiroute.string();
  j["run_command"] = run_command;
  j["network_cache"] = network_cache.string();
  j["options"] = options_json(options);
  j["runs"] = nlohmann::ordered_json::array();
  for (const auto& run : runs) {
    j["runs"].push_back({{"name", run.name},
                         {"label", run.label},
                         {"scenario", run.scenario.string()},
                         {"array_index", run.array_index ? nlohmann::ordered_json(*run.array_index)
                                                         : nlohmann::ordered_json()},
                         {"estimated_cost", run.estimated_cost}});
  }
  return j;
}

SlurmBatchFile SlurmBatchFile::from_json(const nlohmann::ordered_json& j,
                                         const std::string& source) {
  try {
    if (j.at("format") != kFormat)
      throw Error("not an equiroute Slurm batch file", {.file = source});
    SlurmBatchFile b;
    b.manifest = j.at("manifest").get<std::string>();
    b.title = j.at("title").get<std::string>();
    b.equiroute = j.at("equiroute").get<std::string>();
    b.run_command = j.at("run_command").get<std::vector<std::string>>();
    b.network_cache = j.value("network_cache", std::string());
    b.options = options_from_json(j.at("options"));
    for (const auto& r : j.at("runs")) {
      Run run{r.at("name").get<std::string>(), r.at("label").get<std::string>(),
              r.at("scenario").get<std::string>(), std::nullopt,
              r.at("estimated_cost").get<double>()};
      if (!r.at("array_index").is_null()) run.array_index = r["array_index"].get<std::size_t>();
      b.runs.push_back(std::move(run));
    }
    return b;
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("not an equiroute Slurm batch file: ") + e.what(), {.file = source});
  }
}

BatchManifest SlurmBatchFile::summary_manifest() const {
  BatchManifest m;
  m.file = manifest;
  m.title = title;
  for (const auto& run : runs) {
    BatchRun r;
    r.name = run.name;
    r.label = run.label;
    r.scenario = run.scenario;
    m.runs.push_back(std::move(r));
  }
  return m;
}

std::size_t SlurmBatchFile::tasks() const {
  std::size_t n = 0;
  for (const auto& run : runs) n += run.array_index ? 1 : 0;
  return n;
}

fs::path slurm_batch_file_path(const fs::path& dir) { return dir / "slurm" / "batch.json"; }

SlurmBatchFile read_slurm_batch_file(const fs::path& dir) {
  const fs::path file = slurm_batch_file_path(dir);
  if (!fs::is_regular_file(file))
    throw Error("no Slurm batch here (written by `equiroute batch --executor slurm`)",
                {.file = file.string()});
  try {
    return SlurmBatchFile::from_json(nlohmann::ordered_json::parse(read_text_file(file)),
                                     file.string());
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("not an equiroute Slurm batch file: ") + e.what(),
                {.file = file.string()});
  }
}

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

void check_slurm_path(const fs::path& dir) {
  if (dir.string().find_first_of("%\\\"\n\r") != std::string::npos) {
    throw Error(
        "the batch directory of a Slurm batch may not contain %, \\, \" or a line break "
        "(Slurm reads them in job script options)",
        {.file = dir.string()});
  }
}

std::vector<std::string> array_job_options(const SlurmBatchFile& b, const fs::path& dir) {
  const SlurmOptions& o = b.options;
  const std::size_t n = b.tasks();
  std::vector<std::string> options{"--job-name=" + job_name(b.manifest)};
  std::string array = "--array=0-" + std::to_string(n == 0 ? 0 : n - 1);
  if (o.max_parallel > 0) array += "%" + std::to_string(o.max_parallel);
  options.push_back(array);
  options.push_back("--output=" + directive_value((dir / "logs" / "slurm-%A_%a.out").string()));
  options.push_back("--cpus-per-task=" + std::to_string(o.cpus_per_run));
  if (o.time_per_run_min) options.push_back("--time=" + std::to_string(*o.time_per_run_min));
  if (o.mem_per_run_mb) options.push_back("--mem=" + std::to_string(*o.mem_per_run_mb) + "M");
  add_common_options(options, o, dir);
  return options;
}

std::string array_job_script(const SlurmBatchFile& b, const fs::path& dir,
                             const std::string& created_at) {
  const std::string comment = fmt::format(
      "# equiroute batch --executor slurm (equiroute {}, {}): {}, {} runs (slurm/batch.json)\n"
      "# Task i runs the run with array_index i of slurm/batch.json, costliest first.\n",
      kVersion, created_at, b.manifest, b.tasks());
  return script(comment, array_job_options(b, dir),
                "exec " + shell_quote(b.equiroute.string()) + " batch-task " +
                    shell_quote(dir.string()) + " \"$SLURM_ARRAY_TASK_ID\"");
}

std::vector<std::string> summary_job_options(const SlurmBatchFile& b, const fs::path& dir) {
  std::vector<std::string> options{
      "--job-name=" + job_name(b.manifest) + "-summary",
      "--output=" + directive_value((dir / "logs" / "slurm-summary-%j.out").string()),
      "--cpus-per-task=" + std::to_string(kSummaryJobCpus),
      "--time=" + std::to_string(kSummaryJobMinutes)};
  add_common_options(options, b.options, dir);
  return options;
}

std::string summary_job_script(const SlurmBatchFile& b, const fs::path& dir,
                               const std::string& array_job_id) {
  const std::string comment = fmt::format(
      "# equiroute batch --executor slurm: the summary of {} after array job {} (afterany)\n",
      b.manifest, array_job_id);
  return script(comment, summary_job_options(b, dir),
                "exec " + shell_quote(b.equiroute.string()) + " batch-summary " +
                    shell_quote(dir.string()) + " --array-job " + array_job_id);
}

}  // namespace equiroute::io
