#include "equiroute/pipeline/run_status.hpp"

#include <unistd.h>

#include <array>
#include <cstdlib>
#include <ctime>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/atomic_output.hpp"
#include "equiroute/scenario/toml_reader.hpp"

namespace equiroute::io {

nlohmann::ordered_json RunStatus::to_json() const {
  nlohmann::ordered_json j;
  j["status"] = ok ? "ok" : interrupted ? "interrupted" : "failed";
  j["step"] = step;
  j["message"] = message;
  j["exit_code"] = exit_code;
  j["seconds"] = seconds;
  j["peak_rss_mb"] = peak_rss_mb;
  j["summary"] = summary ? summary->to_json() : nlohmann::ordered_json();
  j["environment"] = environment;
  j["cpu_s"] = cpu_s;
  j["threads"] = threads;
  j["started_at"] = started_at;
  return j;
}

RunStatus RunStatus::from_json(const nlohmann::ordered_json& j, const std::string& source) {
  try {
    RunStatus s;
    const std::string status = j.at("status").get<std::string>();
    s.ok = status == "ok";
    s.interrupted = status == "interrupted";
    s.step = j.at("step").get<std::string>();
    s.message = j.at("message").get<std::string>();
    s.exit_code = j.at("exit_code").get<int>();
    s.seconds = j.at("seconds").get<double>();
    s.peak_rss_mb = j.at("peak_rss_mb").get<double>();
    if (!j.at("summary").is_null()) s.summary = RunSummary::from_json(j.at("summary"), source);
    s.environment = j.at("environment").get<std::map<std::string, std::string>>();
    s.cpu_s = j.value("cpu_s", 0.0);
    s.threads = j.value("threads", 0u);
    s.started_at = j.value("started_at", std::string());
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("not an equiroute run status: ") + e.what(), {.file = source});
  }
}

std::map<std::string, std::string> run_environment() {
  std::map<std::string, std::string> environment;
  std::array<char, 256> host{};
  if (::gethostname(host.data(), host.size() - 1) == 0) environment["host"] = host.data();
  for (const auto& [variable, key] : {std::pair{"SLURM_JOB_ID", "slurm_job_id"},
                                      std::pair{"SLURM_ARRAY_JOB_ID", "slurm_array_job_id"},
                                      std::pair{"SLURM_ARRAY_TASK_ID", "slurm_array_task_id"}}) {
    if (const char* value = std::getenv(variable)) environment[key] = value;
  }
  return environment;
}

std::string utc_timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::array<char, 32> text{};
  std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text.data();
}

void write_run_status(const std::filesystem::path& path, const RunStatus& status) {
  geodata::write_text_atomic(path, status.to_json().dump(2) + "\n");
}

std::optional<RunStatus> read_run_status(const std::filesystem::path& path) {
  try {
    const auto json = nlohmann::ordered_json::parse(read_text_file(path));
    return RunStatus::from_json(json, path.string());
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace equiroute::io
