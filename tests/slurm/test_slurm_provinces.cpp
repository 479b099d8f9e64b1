// The four-province example (examples/batch-provinces) with `--executor slurm` on the private
// cluster: the same summary as the local executor, every run in its own task of one array,
// and --resume across executors on the real results. Data: ./scripts/fetch-data and
// ./scripts/fetch-data-provinces (tests/slurm/run_slurm_tests.sh checks they are there).

#include <set>

#include "slurm_support.hpp"

using namespace equiroute::test;
namespace fs = std::filesystem;

namespace {

std::set<std::string> summary_maps(const fs::path& dir) {
  std::set<std::string> maps;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("summary_map_", 0) == 0) maps.insert(name);
  }
  return maps;
}

}  // namespace

TEST_CASE("slurm: the four-province example gives the local executor's summary",
          "[slurm][provinces]") {
  require_cluster();
  const fs::path manifest =
      fs::path(EQUIROUTE_SOURCE_DIR) / "examples" / "batch-provinces" / "batch.toml";
  TempDir dir;
  const fs::path local = dir / "local", slurm = dir / "slurm";
  const auto l =
      run_cli("--quiet batch " + quoted(manifest) + " -o " + quoted(local) + " --jobs 2");
  INFO(l.err);
  REQUIRE(l.exit_code == 0);
  const auto s = run_cli("batch " + quoted(manifest) + " -o " + quoted(slurm) +
                         " --executor slurm --max-parallel 2 --time-per-run 30 --mem-per-run 1000");
  INFO(s.err);
  REQUIRE(s.exit_code == 0);
  CHECK(s.out == (slurm / "summary.md").string() + "\n");
  CHECK(csv_without(slurm / "summary.csv", "duration_s") ==
        csv_without(local / "summary.csv", "duration_s"));
  CHECK(comparable_summary(slurm) == comparable_summary(local));
  CHECK(summary_maps(slurm) == summary_maps(local));
  CHECK(summary_maps(slurm).size() == 4);  // two indicators, PNG and PDF

  // Every run in a distinct task of one array job; the task ran `run` with 1 thread.
  const auto submission = read_json(slurm / "slurm" / "submission.json");
  const std::string array = submission["array_job_id"];
  std::set<std::string> tasks;
  for (const char* name : {"hunan", "hubei", "jiangxi", "guangxi"}) {
    INFO(name);
    const auto status = read_json(slurm / "results" / (std::string(name) + ".json"));
    CHECK(status["status"] == "ok");
    CHECK(status["environment"]["slurm_array_job_id"] == array);
    tasks.insert(status["environment"]["slurm_array_task_id"].get<std::string>());
    CHECK(status["threads"] == 1);
    CHECK(status["peak_rss_mb"].get<double>() > 10);
    CHECK(status["cpu_s"].get<double>() > 0);
    CHECK(fs::is_regular_file(slurm / "logs" / (std::string(name) + ".log")));
  }
  CHECK(tasks == std::set<std::string>{"0", "1", "2", "3"});
  for (const auto& task : tasks)
    CHECK(fs::is_regular_file(slurm / "logs" / ("slurm-" + array + "_" + task + ".out")));
  const auto summary = read_json(slurm / "summary.json");
  CHECK(summary["executor"] == "slurm");
  CHECK(summary["slurm"]["array_job_id"] == array);
  CHECK(summary["slurm"]["summary_job_id"] == submission["summary_job_id"]);
  // Costliest first: the array indices follow the estimated costs, highest first.
  std::map<std::size_t, double> cost_by_index;
  const auto batch = read_json(slurm / "slurm" / "batch.json");  // kept: the loop reads into it
  for (const auto& run : batch["runs"])
    cost_by_index[run["array_index"].get<std::size_t>()] = run["estimated_cost"].get<double>();
  REQUIRE(cost_by_index.size() == 4);
  for (std::size_t i = 1; i < 4; ++i) CHECK(cost_by_index[i - 1] >= cost_by_index[i]);

  // --resume across executors: each keeps the other's complete results, submits nothing.
  const auto local_on_slurm =
      run_cli("--quiet batch " + quoted(manifest) + " -o " + quoted(slurm) + " --resume --jobs 2");
  CHECK(local_on_slurm.exit_code == 0);
  CHECK(read_json(slurm / "summary.json")["counts"]["skipped"] == 4);
  const auto slurm_on_local =
      run_cli("batch " + quoted(manifest) + " -o " + quoted(local) + " --resume --executor slurm");
  INFO(slurm_on_local.err);
  CHECK(slurm_on_local.exit_code == 0);
  CHECK(slurm_on_local.err.find("nothing to submit") != std::string::npos);
  CHECK(read_json(local / "summary.json")["counts"]["skipped"] == 4);
  CHECK(comparable_summary(local) == comparable_summary(slurm));
}
