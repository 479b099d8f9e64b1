#include "equiroute/io/batch_summary.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "equiroute/geodata/atomic_output.hpp"
#include "equiroute/io/batch_map.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// A number at `pointer` in `j`, NaN when absent or not a number (e.g. an undefined Theil L).
double number_at(const json& j, const json::json_pointer& pointer) {
  if (!j.is_object() || !j.contains(pointer)) return kNaN;
  const json& value = j.at(pointer);
  return value.is_number() ? value.get<double>() : kNaN;
}

std::string string_at(const json& j, const json::json_pointer& pointer) {
  if (!j.is_object() || !j.contains(pointer)) return {};
  const json& value = j.at(pointer);
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return {};
}

void add_unique(std::vector<std::string>& list, const std::string& item) {
  for (const auto& existing : list) {
    if (existing == item) return;
  }
  list.push_back(item);
}

json::json_pointer ptr(const std::vector<std::string>& keys) {
  json::json_pointer p;
  for (const auto& key : keys) p /= key;
  return p;
}

const char* const kBases[] = {"population", "area"};
const char* const kMeasures[] = {"gini", "theil_t", "theil_l"};

}  // namespace

nlohmann::ordered_json batch_summary_json(const BatchManifest& manifest,
                                          const BatchResult& result) {
  nlohmann::ordered_json out;
  out["manifest"] = manifest.file.string();
  out["interrupted"] = result.signal != 0;
  out["signal"] = result.signal;
  nlohmann::ordered_json counts;
  for (auto status : {BatchRunStatus::Ok, BatchRunStatus::Failed, BatchRunStatus::Skipped,
                      BatchRunStatus::Interrupted, BatchRunStatus::NotRun}) {
    counts[to_string(status)] = result.count(status);
  }
  out["counts"] = counts;
  out["runs"] = nlohmann::ordered_json::array();
  for (const auto& run : result.runs) {
    nlohmann::ordered_json row;
    row["name"] = run.name;
    row["status"] = to_string(run.status);
    row["scenario"] = run.scenario.string();
    row["exit_code"] = run.exit_code;
    row["duration_s"] = run.duration_s;
    if (run.status == BatchRunStatus::Failed || run.status == BatchRunStatus::Interrupted) {
      row["error"] = {{"step", run.error_step}, {"message", run.error_message}};
    } else {
      row["error"] = nullptr;
    }
    row["indicators"] =
        run.summary.is_null() ? nlohmann::ordered_json() : nlohmann::ordered_json(run.summary);
    out["runs"].push_back(row);
  }
  return out;
}

TextTable batch_summary_table(const BatchResult& result) {
  std::vector<std::string> resources;
  std::vector<std::string> access_keys;
  for (const auto& run : result.runs) {
    const json& s = run.summary;
    if (!s.is_object()) continue;
    if (s.contains("equity") && s["equity"].is_object()) {
      for (const auto& [resource, value] : s["equity"].items()) add_unique(resources, resource);
    }
    if (s.contains("access_gini") && s["access_gini"].is_object()) {
      for (const auto& [key, value] : s["access_gini"].items()) add_unique(access_keys, key);
    }
  }

  std::vector<std::string> header{"run", "status", "title", "regions"};
  std::vector<int> precision{0, 0, 0, 0};
  for (const auto& resource : resources) {
    for (const char* basis : kBases) {
      for (const char* measure : kMeasures) {
        header.push_back(resource + "_" + measure + "_" + basis);
        precision.push_back(4);
      }
    }
  }
  for (const char* column : {"mean_nearest_min", "share_beyond_60"}) {
    header.emplace_back(column);
    precision.push_back(column == std::string("mean_nearest_min") ? 1 : 4);
  }
  header.emplace_back("travel_weight");
  header.emplace_back("travel_approximate");
  precision.insert(precision.end(), {0, 0});
  for (const auto& key : access_keys) {
    header.push_back("access_gini_" + key);
    precision.push_back(4);
  }
  header.insert(header.end(), {"duration_s", "error_step", "error_message"});
  precision.insert(precision.end(), {1, 0, 0});

  TextTable table(header, precision);
  for (const auto& run : result.runs) {
    const json& s = run.summary;
    std::vector<Cell> row{run.name, to_string(run.status), string_at(s, ptr({"title"}))};
    const double regions = number_at(s, ptr({"regions"}));
    row.emplace_back(std::isnan(regions) ? Cell(std::string())
                                         : Cell(static_cast<long long>(regions)));
    for (const auto& resource : resources) {
      for (const char* basis : kBases) {
        for (const char* measure : kMeasures) {
          row.emplace_back(number_at(s, ptr({"equity", resource, basis, measure})));
        }
      }
    }
    row.emplace_back(number_at(s, ptr({"travel", "mean_nearest_min"})));
    row.emplace_back(number_at(s, ptr({"travel", "share_beyond_60"})));
    row.emplace_back(string_at(s, ptr({"travel", "weight"})));
    row.emplace_back(string_at(s, ptr({"travel", "approximate"})));
    for (const auto& key : access_keys) row.emplace_back(number_at(s, ptr({"access_gini", key})));
    row.emplace_back(run.duration_s);
    row.emplace_back(run.error_step);
    row.emplace_back(run.error_message);
    table.add_row(std::move(row));
  }
  return table;
}

void write_batch_summary(const BatchManifest& manifest, const BatchResult& result,
                         const fs::path& dir) {
  // The maps first, so that summary.md can name what was drawn. An interrupted batch draws
  // none (it should end promptly); `--resume` draws them.
  BatchMaps maps;
  if (result.signal == 0) {
    const auto start = std::chrono::steady_clock::now();
    maps = write_batch_maps(manifest, result, dir);
    if (!maps.figures.empty()) {
      spdlog::info("summary maps: {} drawn ({:.1f} s)", maps.figures.size(),
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
  }
  const TextTable table = batch_summary_table(result);
  table.write_csv(dir / "summary.csv");
  std::string title = "Batch summary: " + manifest.file.filename().string();
  if (result.signal != 0) title += " (interrupted)";
  std::string md = "## " + title + "\n\n" + table.to_markdown();
  nlohmann::ordered_json out = batch_summary_json(manifest, result);
  out["maps"] = nlohmann::ordered_json::array();
  if (!maps.figures.empty()) {
    md += "\n## Maps\n\nEach completed run's regions dissolved into one outline.\n";
    for (const auto& figure : maps.figures) {
      const std::string png = figure.png.filename().string();
      const std::string pdf = figure.pdf.filename().string();
      md += "\n![" + figure.title + "](" + png + ")\n\n" + figure.title + " (PNG 300 dpi: [" + png +
            "](" + png + "), PDF: [" + pdf + "](" + pdf + "))\n";
      out["maps"].push_back(
          {{"indicator", figure.indicator}, {"title", figure.title}, {"png", png}, {"pdf", pdf}});
    }
    if (!maps.left_out.empty()) {
      md += "\nNot on the maps: ";
      for (std::size_t i = 0; i < maps.left_out.size(); ++i)
        md += (i ? "; " : "") + maps.left_out[i];
      md += ".\n";
    }
  } else if (result.signal != 0) {
    md += "\nNo summary map: the batch was interrupted.\n";
  }
  out["maps_left_out"] = maps.left_out;
  geodata::write_text_atomic(dir / "summary.md", md);
  geodata::write_text_atomic(dir / "summary.json", out.dump(2) + "\n");
}

}  // namespace equiroute::io
