#include "equiroute/pipeline/run_status.hpp"

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/atomic_output.hpp"
#include "equiroute/scenario/toml_reader.hpp"

namespace equiroute::io {

nlohmann::ordered_json RunStatus::to_json() const {
  nlohmann::ordered_json j;
  j["status"] = ok ? "ok" : "failed";
  j["step"] = step;
  j["message"] = message;
  j["exit_code"] = exit_code;
  j["seconds"] = seconds;
  j["peak_rss_mb"] = peak_rss_mb;
  j["summary"] = summary ? summary->to_json() : nlohmann::ordered_json();
  j["environment"] = environment;
  return j;
}

RunStatus RunStatus::from_json(const nlohmann::ordered_json& j, const std::string& source) {
  try {
    RunStatus s;
    s.ok = j.at("status").get<std::string>() == "ok";
    s.step = j.at("step").get<std::string>();
    s.message = j.at("message").get<std::string>();
    s.exit_code = j.at("exit_code").get<int>();
    s.seconds = j.at("seconds").get<double>();
    s.peak_rss_mb = j.at("peak_rss_mb").get<double>();
    if (!j.at("summary").is_null()) s.summary = RunSummary::from_json(j.at("summary"), source);
    s.environment = j.at("environment").get<std::map<std::string, std::string>>();
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("not an equiroute run status: ") + e.what(), {.file = source});
  }
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
