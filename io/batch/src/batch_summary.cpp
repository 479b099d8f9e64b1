#include "equiroute/batch/batch_summary.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "equiroute/batch/batch_map.hpp"
#include "equiroute/geodata/atomic_output.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

template <class T>
void add_unique(std::vector<T>& list, const T& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

const engine::EquityBasis kBases[] = {engine::EquityBasis::Population, engine::EquityBasis::Area};

/// The columns every run may fill: resources, burden thresholds and access indicators in
/// order of first appearance over the runs.
struct SummaryColumns {
  std::vector<std::string> resources;
  std::vector<double> thresholds_min;
  std::vector<std::string> access_keys;
};

SummaryColumns summary_columns(const BatchResult& result) {
  SummaryColumns c;
  for (const auto& run : result.runs) {
    if (!run.summary) continue;
    for (const auto& e : run.summary->equity) add_unique(c.resources, e.resource);
    if (run.summary->travel)
      for (double t : run.summary->travel->thresholds_min) add_unique(c.thresholds_min, t);
    for (const auto& [key, value] : run.summary->access_gini) add_unique(c.access_keys, key);
  }
  return c;
}

const ResourceEquity* find_equity(const RunSummary& s, const std::string& resource,
                                  engine::EquityBasis basis) {
  for (const auto& e : s.equity)
    if (e.resource == resource && e.basis == basis) return &e;
  return nullptr;
}

double access_gini(const RunSummary& s, const std::string& key) {
  for (const auto& [name, value] : s.access_gini)
    if (name == key) return value;
  return kNaN;
}

std::vector<Cell> summary_cells(const std::optional<RunSummary>& summary, const SummaryColumns& c) {
  std::vector<Cell> row;
  row.emplace_back(summary ? summary->title : std::string());
  row.emplace_back(summary ? Cell(static_cast<long long>(summary->regions)) : Cell(std::string()));
  for (const auto& resource : c.resources) {
    for (const auto basis : kBases) {
      const ResourceEquity* e = summary ? find_equity(*summary, resource, basis) : nullptr;
      row.emplace_back(e ? e->gini : kNaN);
      row.emplace_back(e && e->theil_t ? *e->theil_t : kNaN);
      row.emplace_back(e && e->theil_l ? *e->theil_l : kNaN);
    }
  }
  const TravelSummary* t = summary && summary->travel ? &*summary->travel : nullptr;
  row.emplace_back(t ? t->mean_nearest_min : kNaN);
  for (double minutes : c.thresholds_min) row.emplace_back(t ? t->share_beyond_min(minutes) : kNaN);
  row.emplace_back(t ? t->weight : std::string());
  row.emplace_back(t ? std::string(t->approximate ? "true" : "false") : std::string());
  for (const auto& key : c.access_keys)
    row.emplace_back(summary ? access_gini(*summary, key) : kNaN);
  return row;
}

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
    row["indicators"] = run.summary ? run.summary->to_json() : nlohmann::ordered_json();
    out["runs"].push_back(row);
  }
  return out;
}

TextTable batch_summary_table(const BatchResult& result) {
  const SummaryColumns c = summary_columns(result);
  std::vector<std::string> header{"run", "status", "title", "regions"};
  std::vector<int> precision{0, 0, 0, 0};
  for (const auto& resource : c.resources) {
    for (const auto basis : kBases) {
      for (const char* measure : {"gini", "theil_t", "theil_l"}) {
        header.push_back(resource + "_" + measure + "_" + engine::to_string(basis));
        precision.push_back(4);
      }
    }
  }
  header.emplace_back("mean_nearest_min");
  precision.push_back(1);
  for (double t : c.thresholds_min) {
    header.push_back(fmt::format("share_beyond_{:g}_min", t));
    precision.push_back(4);
  }
  header.insert(header.end(), {"travel_weight", "travel_approximate"});
  precision.insert(precision.end(), {0, 0});
  for (const auto& key : c.access_keys) {
    header.push_back("access_gini_" + key);
    precision.push_back(4);
  }
  header.insert(header.end(), {"duration_s", "error_step", "error_message"});
  precision.insert(precision.end(), {1, 0, 0});

  TextTable table(header, precision);
  for (const auto& run : result.runs) {
    std::vector<Cell> row{run.name, to_string(run.status)};
    for (auto& cell : summary_cells(run.summary, c)) row.push_back(std::move(cell));
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
