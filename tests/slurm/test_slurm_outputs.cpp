// Two small province runs of the embedded example's template (Tianjin, Shanghai: 16 districts
// each) with `--executor slurm` on the private cluster and with the local executor: every
// output of every run and every summary map is byte for byte the same. What may differ is
// only where and how long: the runs' manifest.json (scenario path, timings; its output hashes
// and parameters must agree), the status files' timings and the summary's duration_s.
// Data: ./scripts/fetch-data-provinces (tests/slurm/run_slurm_tests.sh checks it is there).

#include <set>

#include "slurm_support.hpp"

using namespace equiroute::test;
namespace fs = std::filesystem;

namespace {

/// Every regular file under `dir`, relative to it.
std::set<std::string> files_under(const fs::path& dir) {
  std::set<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) files.insert(fs::relative(entry.path(), dir).string());
  }
  return files;
}

std::set<std::string> summary_maps(const fs::path& dir) {
  std::set<std::string> maps;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("summary_map_", 0) == 0) maps.insert(name);
  }
  return maps;
}

void write_two_province_manifest(const fs::path& file) {
  const fs::path templ =
      fs::path(EQUIROUTE_SOURCE_DIR) / "examples" / "batch-provinces" / "province.toml";
  write_file(file, "title = \"Two municipalities\"\ntemplate = " + quoted(templ) +
                       "\n[vars]\nspeed_kmh = \"40\"\nthreshold_min = \"60\"\n"
                       "[[runs]]\nname = \"tianjin\"\nlabel = \"天津\"\n"
                       "vars = { province = \"tianjin\", province_name = \"Tianjin\" }\n"
                       "[[runs]]\nname = \"shanghai\"\nlabel = \"上海\"\n"
                       "vars = { province = \"shanghai\", province_name = \"Shanghai\" }\n");
}

}  // namespace

TEST_CASE("slurm: province runs give the local executor's outputs byte for byte",
          "[slurm][provinces]") {
  require_cluster();
  TempDir dir;
  const fs::path manifest = dir / "batch.toml";
  write_two_province_manifest(manifest);
  const fs::path local = dir / "local", slurm = dir / "slurm";
  const auto l =
      run_cli("--quiet batch " + quoted(manifest) + " -o " + quoted(local) + " --jobs 2");
  INFO(l.err);
  REQUIRE(l.exit_code == 0);
  const auto s = run_cli("--quiet batch " + quoted(manifest) + " -o " + quoted(slurm) +
                         " --executor slurm --cpus-per-run 1 --time-per-run 30");
  INFO(s.err);
  REQUIRE(s.exit_code == 0);

  for (const char* name : {"tianjin", "shanghai"}) {
    INFO(name);
    const auto files = files_under(local / name);
    REQUIRE(files.size() > 10);  // tables, layers, maps, report, summary.json, manifest.json
    REQUIRE(files_under(slurm / name) == files);
    for (const auto& file : files) {
      INFO(file);
      if (file == "manifest.json") continue;
      CHECK(read_file(slurm / name / file) == read_file(local / name / file));
    }
    const auto lm = read_json(local / name / "manifest.json");
    const auto sm = read_json(slurm / name / "manifest.json");
    CHECK(sm["outputs"] == lm["outputs"]);  // the SHA-256 of every output
    CHECK(sm["parameters"] == lm["parameters"]);
    const auto status = read_json(slurm / "results" / (std::string(name) + ".json"));
    CHECK(status["status"] == "ok");
    CHECK(status["summary"] ==
          read_json(local / "results" / (std::string(name) + ".json"))["summary"]);
    CHECK(status["environment"].contains("slurm_array_task_id"));
  }
  const auto maps = summary_maps(local);
  CHECK(maps.size() == 4);  // two indicators, PNG and PDF
  CHECK(summary_maps(slurm) == maps);
  for (const auto& map : maps) {
    INFO(map);
    CHECK(read_file(slurm / map) == read_file(local / map));
  }
  CHECK(csv_without(slurm / "summary.csv", "duration_s") ==
        csv_without(local / "summary.csv", "duration_s"));
  CHECK(comparable_summary(slurm) == comparable_summary(local));
  CHECK_FALSE(has_temporaries(slurm));
}
