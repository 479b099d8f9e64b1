#pragma once
// Helpers of the Slurm executor's tests (tests/slurm/test_*.cpp): they run inside
// `scripts/slurm-local run` (tests/slurm/run_slurm_tests.sh), which exports SLURM_CONF.

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support.hpp"

namespace equiroute::test {

/// Fails the test unless the private cluster answers (never skips: the wrapper decides that).
inline void require_cluster() {
  const char* conf = std::getenv("SLURM_CONF");
  INFO("these tests run inside scripts/slurm-local run (tests/slurm/run_slurm_tests.sh)");
  REQUIRE(conf != nullptr);
  REQUIRE(std::system("scontrol ping >/dev/null 2>&1") == 0);
}

inline std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

/// The fields of one CSV line (quotes as TextTable writes them: "…" with "" inside).
inline std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool in_quotes = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_quotes && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      fields.back() += '"';
      ++i;
    } else if (c == '"') {
      in_quotes = !in_quotes;
    } else if (c == ',' && !in_quotes) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

/// summary.csv as rows of fields without the column `drop` (duration_s: wall times differ).
inline std::vector<std::vector<std::string>> csv_without(const fs::path& file,
                                                         const std::string& drop) {
  std::stringstream lines(read_file(file));
  std::string line;
  std::vector<std::vector<std::string>> rows;
  std::size_t column = std::string::npos;
  while (std::getline(lines, line)) {
    auto fields = csv_fields(line);
    if (rows.empty()) {
      for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i] == drop) column = i;
      REQUIRE(column != std::string::npos);
    }
    if (column < fields.size()) fields.erase(fields.begin() + static_cast<long>(column));
    rows.push_back(std::move(fields));
  }
  return rows;
}

/// summary.json without what differs between executors or between an uninterrupted batch
/// and a resumed one: durations, the manifest's and scenarios' paths, the executor and its
/// job ids, and "skipped" (kept by --resume) versus "ok".
inline nlohmann::json comparable_summary(const fs::path& dir) {
  nlohmann::json j = nlohmann::json::parse(read_file(dir / "summary.json"));
  for (const char* key : {"manifest", "executor", "slurm"}) j.erase(key);
  j["counts"]["ok"] = j["counts"]["ok"].get<int>() + j["counts"]["skipped"].get<int>();
  j["counts"].erase("skipped");
  for (auto& run : j["runs"]) {
    run.erase("duration_s");
    run.erase("scenario");
    if (run["status"] == "skipped") run["status"] = "ok";
  }
  return j;
}

inline nlohmann::json read_json(const fs::path& file) {
  return nlohmann::json::parse(read_file(file));
}

inline bool has_temporaries(const fs::path& dir) {
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.path().filename().string().rfind(".tmp-", 0) == 0) return true;
  }
  return false;
}

/// Waits up to `seconds` for `condition`.
template <class Condition>
bool wait_until(Condition condition, int seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

/// Whether the run `name` is under way in `dir` (its temporary result directory exists).
inline bool run_is_writing(const fs::path& dir, const std::string& name) {
  if (!fs::is_directory(dir)) return false;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string file = entry.path().filename().string();
    if (file.rfind(".tmp-", 0) == 0 && file.size() > name.size() &&
        file.compare(file.size() - name.size() - 1, name.size() + 1, "-" + name) == 0)
      return true;
  }
  return false;
}

/// Jobs the cluster knows (any state), to show that nothing was submitted.
inline int known_jobs() {
  const auto r = std::system("exit $(squeue -h -t all -o %i | wc -l)");
  return WIFEXITED(r) ? WEXITSTATUS(r) : -1;
}

}  // namespace equiroute::test
