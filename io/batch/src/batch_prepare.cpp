#include "equiroute/batch/batch_prepare.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <system_error>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/atomic_output.hpp"
#include "equiroute/pipeline/result_directory.hpp"
#include "equiroute/scenario/toml_reader.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

namespace {

/// The estimate of a run's scenario, from its file or (dry run) from its text; 0 when it
/// cannot be read: the run itself will say why.
double estimated_cost(const fs::path& file, const std::string* text) {
  try {
    const Scenario s =
        text ? parse_scenario(*text, file.parent_path(), file.string()) : load_scenario(file);
    return estimated_run_cost(s);
  } catch (const std::exception&) {
    return 0.0;
  }
}

void create_batch_directories(const fs::path& dir) {
  std::error_code ec;
  for (const char* sub : {"logs", "results", "scenarios"}) fs::create_directories(dir / sub, ec);
  if (!fs::is_directory(dir / "results") || !fs::is_directory(dir / "scenarios")) {
    throw Error("cannot create the batch output directory: " + ec.message(), {.file = dir.string()},
                ErrorKind::Io);
  }
}

}  // namespace

std::optional<RunSummary> read_result_summary(const fs::path& run_dir) {
  const fs::path path = run_dir / "summary.json";
  try {
    return RunSummary::from_json(nlohmann::ordered_json::parse(read_text_file(path)),
                                 path.string());
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

double estimated_run_cost(const Scenario& s) {
  std::error_code ec;
  auto size = [&](const fs::path& p) {
    const auto bytes = fs::file_size(p, ec);
    return ec ? 0.0 : static_cast<double>(bytes);
  };
  double resources = 0.0;
  if (s.resources) {
    resources = static_cast<double>(s.resources->fields.size());
  } else if (s.facilities) {
    resources = static_cast<double>(std::max<std::size_t>(1, s.facilities->capacity_fields.size()));
  }
  // Per resource: the density maps and a Lorenz chart per equity basis; one map per model.
  double figures = resources * (static_cast<double>(s.equity.bases.size()) + 2.0);
  if (s.facilities) figures += static_cast<double>(s.access.analysis.models.size());
  const double files =
      s.output.maps ? figures * static_cast<double>(s.output.map_formats.size()) : 0.0;
  double cost = size(s.regions.path) * (4.0 + files);
  if (!s.network.network.path.empty()) cost += 4.0 * size(s.network.network.path);
  return cost;
}

PreparedBatch prepare_batch(const BatchManifest& manifest, const fs::path& dir, bool resume,
                            PrepareMode mode) {
  const bool write = mode == PrepareMode::Write;
  // Render every template first: a bad placeholder stops the batch before anything is
  // written or started.
  std::vector<std::string> texts(manifest.runs.size());
  for (std::size_t i = 0; i < manifest.runs.size(); ++i) {
    if (!manifest.runs[i].template_path.empty()) texts[i] = render_template_run(manifest.runs[i]);
  }
  if (write) {
    create_batch_directories(dir);
    if (resume) {
      if (const std::size_t n = remove_stale_temporaries(dir))
        spdlog::info("--resume: removed {} stale temporary file(s) or folder(s) in {}", n,
                     dir.string());
    }
  }
  PreparedBatch batch;
  batch.cost.assign(manifest.runs.size(), 0.0);
  for (std::size_t i = 0; i < manifest.runs.size(); ++i) {
    const BatchRun& run = manifest.runs[i];
    BatchRunRecord record;
    record.name = run.name;
    bool scenario_unchanged = true;
    const std::string* text = nullptr;
    if (run.template_path.empty()) {
      record.scenario = run.scenario;
    } else {
      record.scenario = fs::absolute(dir / "scenarios" / (run.name + ".toml"));
      scenario_unchanged =
          fs::is_regular_file(record.scenario) && read_text_file(record.scenario) == texts[i];
      if (!scenario_unchanged && write) geodata::write_text_atomic(record.scenario, texts[i]);
      if (!write) text = &texts[i];
    }
    if (resume && scenario_unchanged && result_is_complete(dir / run.name)) {
      record.status = BatchRunStatus::Skipped;
      record.summary = read_result_summary(dir / run.name);
      if (write) spdlog::info("run '{}': complete results kept (--resume)", run.name);
    } else {
      batch.to_run.push_back(i);
      batch.cost[i] = estimated_cost(record.scenario, text);
    }
    batch.result.runs.push_back(std::move(record));
  }
  std::stable_sort(batch.to_run.begin(), batch.to_run.end(),
                   [&](std::size_t a, std::size_t b) { return batch.cost[a] > batch.cost[b]; });
  return batch;
}

fs::path run_status_path(const fs::path& dir, const std::string& name) {
  return fs::absolute(dir / "results" / (name + ".json"));
}

void remove_run_temporaries(const fs::path& dir, const std::string& name) {
  std::error_code ec;
  const std::string suffix = "-" + name;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string file = entry.path().filename().string();
    if (file.rfind(".tmp-", 0) == 0 && file.size() > suffix.size() &&
        file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0) {
      fs::remove_all(entry.path(), ec);
    }
  }
}

std::size_t remove_stale_temporaries(const fs::path& dir) {
  // Where a batch's writers put temporaries: DIR itself (the runs' result directories, the
  // summary files and maps) and its own folders. Nothing deeper: a run directory is renamed
  // into place only when complete, and DIR may hold other things (`-o .`).
  std::vector<fs::path> stale;
  std::error_code ec;
  for (const fs::path& folder :
       {dir, dir / "logs", dir / "results", dir / "scenarios", dir / "slurm"}) {
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      if (entry.path().filename().string().rfind(".tmp-", 0) == 0) stale.push_back(entry.path());
    }
  }
  for (const auto& path : stale) fs::remove_all(path, ec);
  return stale.size();
}

bool apply_run_status(BatchRunRecord& record, const std::optional<RunStatus>& status) {
  if (!status || (status->ok && !status->summary)) return false;
  if (status->ok) {
    record.status = BatchRunStatus::Ok;
    record.summary = status->summary;
    record.exit_code = 0;
    record.error_step.clear();
    record.error_message.clear();
  } else {
    record.status = status->interrupted ? BatchRunStatus::Interrupted : BatchRunStatus::Failed;
    record.exit_code = status->exit_code;
    record.error_step = status->step;
    record.error_message = status->message;
  }
  record.duration_s = status->seconds;
  return true;
}

}  // namespace equiroute::io
