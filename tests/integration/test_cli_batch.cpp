// `equiroute batch` end to end: failure isolation, interruption + --resume, manifest errors.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "io/test_batch_fake_runner.hpp"
#include "support.hpp"

using equiroute::test::fake_summary;
using equiroute::test::png_size;
using equiroute::test::read_file;
using equiroute::test::run_cli;
using equiroute::test::TempDir;
using equiroute::test::write_file;
namespace fs = std::filesystem;

namespace {

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

bool has_summary_maps(const fs::path& dir) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind("summary_map_", 0) == 0) return true;
  }
  return false;
}

bool has_temporaries(const fs::path& dir) {
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.path().filename().string().rfind(".tmp-", 0) == 0) return true;
  }
  return false;
}

/// summary.json without what legitimately differs between an uninterrupted batch and an
/// interrupted one that was resumed: durations, where the scenarios live, and "skipped"
/// (a run kept by --resume) versus "ok".
nlohmann::json comparable_summary(const fs::path& dir) {
  nlohmann::json j = nlohmann::json::parse(read_file(dir / "summary.json"));
  j.erase("manifest");
  j["counts"]["ok"] = j["counts"]["ok"].get<int>() + j["counts"]["skipped"].get<int>();
  j["counts"].erase("skipped");
  for (auto& run : j["runs"]) {
    run.erase("duration_s");
    run.erase("scenario");
    if (run["status"] == "skipped") run["status"] = "ok";
  }
  return j;
}

/// Writes three slow-ish fake runs (0.3 s each) and a manifest using a template.
void write_slow_batch(const TempDir& dir) {
  write_file(dir / "t.toml",
             "#fake-sleep 0.3\n#fake-summary {\"title\": \"${title}\", \"regions\": ${n}, "
             "\"groups\": 0, \"equity\": {\"facilities\": {\"area\": {\"gini\": ${g}, "
             "\"band\": \"\", \"theil_t\": null, \"theil_l\": null}}}, \"travel\": {}, "
             "\"access_gini\": {}, \"notes\": []}\n");
  write_file(dir / "batch.toml", R"(
template = "t.toml"
[vars]
title = "Province"
[[runs]]
name = "r1"
vars = { n = "10", g = "0.1" }
[[runs]]
name = "r2"
vars = { n = "20", g = "0.2", title = "Second" }
[[runs]]
name = "r3"
vars = { n = "30", g = "0.3" }
[[runs]]
name = "r4"
vars = { n = "40", g = "0.4" }
)");
}

/// Starts `equiroute batch ARGS...` as a child process; returns its pid.
pid_t spawn_cli(const std::vector<std::string>& args, const fs::path& log) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    std::vector<std::string> all{EQUIROUTE_CLI};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    FILE* out = std::fopen(log.c_str(), "w");
    if (out) {
      ::dup2(fileno(out), STDOUT_FILENO);
      ::dup2(fileno(out), STDERR_FILENO);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

}  // namespace

TEST_CASE("cli batch: a broken run fails alone, the summary lists it", "[batch][cli]") {
  TempDir dir;
  const fs::path fake = equiroute::test::write_fake_runner(dir.path());
  write_file(dir / "a.toml", fake_summary("A", 3, 0.2, 10));
  write_file(dir / "b.toml", fake_summary("B", 4, 0.3, 20));
  write_file(dir / "broken.toml", "#fake-fail regions cannot open 'counties.geojson'\n");
  write_file(
      dir / "batch.toml",
      "[[runs]]\nname='a'\nscenario='a.toml'\n[[runs]]\nname='broken'\nscenario='broken.toml'\n"
      "[[runs]]\nname='b'\nscenario='b.toml'\n");
  const auto r = run_cli("batch " + q(dir / "batch.toml") + " -o " + q(dir / "out") +
                         " --jobs 2 --run-program " + q(fake));
  CHECK(r.exit_code == 1);  // one failed run
  CHECK(r.out == (dir / "out" / "summary.md").string() + "\n");
  CHECK(r.err.find("run 'broken': failed in step 'regions': cannot open 'counties.geojson'") !=
        std::string::npos);
  CHECK(fs::is_regular_file(dir / "out" / "a" / "summary.json"));
  CHECK(fs::is_regular_file(dir / "out" / "b" / "summary.json"));
  const auto summary = nlohmann::json::parse(read_file(dir / "out" / "summary.json"));
  CHECK(summary["runs"][1]["status"] == "failed");
  CHECK(summary["runs"][1]["error"]["step"] == "regions");
  CHECK(summary["runs"][2]["indicators"]["regions"] == 4);
  const std::string md = read_file(dir / "out" / "summary.md");
  CHECK(md.find("| broken | failed |") != std::string::npos);
  CHECK(md.find("cannot open 'counties.geojson'") != std::string::npos);
  // The fake runs write no boundary layer: no summary map, and no error about it.
  CHECK_FALSE(has_summary_maps(dir / "out"));
  CHECK(summary["maps"].empty());
  CHECK(md.find("## Maps") == std::string::npos);
  CHECK(r.err.find("summary map") == std::string::npos);
}

TEST_CASE("cli batch: an interrupted batch resumes to the same summary", "[batch][cli]") {
  const int sig = GENERATE(SIGINT, SIGTERM);
  TempDir dir;
  const fs::path fake = equiroute::test::write_fake_runner(dir.path());
  write_slow_batch(dir);

  // Reference: the same batch without interruption.
  const auto whole = run_cli("batch " + q(dir / "batch.toml") + " -o " + q(dir / "whole") +
                             " --jobs 1 --run-program " + q(fake));
  REQUIRE(whole.exit_code == 0);

  const std::vector<std::string> args{"batch",
                                      (dir / "batch.toml").string(),
                                      "-o",
                                      (dir / "out").string(),
                                      "--jobs",
                                      "1",
                                      "--run-program",
                                      fake.string()};
  const pid_t pid = spawn_cli(args, dir / "log.txt");
  REQUIRE(pid > 0);
  // Interrupt once the first run has finished (its directory appears only when complete).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!fs::exists(dir / "out" / "r1" / "manifest.json") &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(fs::exists(dir / "out" / "r1" / "manifest.json"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // r2 is running now
  ::kill(pid, sig);
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  INFO(read_file(dir / "log.txt"));
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 128 + sig);

  // Nothing half-written; the summary of what finished is there.
  CHECK_FALSE(has_temporaries(dir / "out"));
  CHECK_FALSE(fs::exists(dir / "out" / "r4"));
  const auto partial = nlohmann::json::parse(read_file(dir / "out" / "summary.json"));
  CHECK(partial["interrupted"] == true);
  CHECK(partial["signal"] == sig);
  CHECK(partial["runs"][0]["status"] == "ok");
  CHECK(partial["runs"][3]["status"] == "not run");

  const auto resumed = run_cli("batch " + q(dir / "batch.toml") + " -o " + q(dir / "out") +
                               " --jobs 1 --resume --run-program " + q(fake));
  CHECK(resumed.exit_code == 0);
  const auto after = nlohmann::json::parse(read_file(dir / "out" / "summary.json"));
  CHECK(after["runs"][0]["status"] == "skipped");
  CHECK(after["counts"]["skipped"].get<int>() >= 1);
  CHECK(comparable_summary(dir / "out") == comparable_summary(dir / "whole"));
  CHECK(after["runs"][1]["indicators"]["title"] == "Second");
}

TEST_CASE("cli batch: manifest errors exit 2 naming key and line", "[batch][cli]") {
  TempDir dir;
  write_file(dir / "t.toml", "title = '${province}'\n");
  SECTION("unknown key") {
    write_file(dir / "batch.toml", "[[runs]]\nname = 'a'\ntemplate = 't.toml'\njobs = 3\n");
    const auto r = run_cli("batch " + q(dir / "batch.toml") + " -o " + q(dir / "out"));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("line 4: unknown key 'runs.jobs'") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "out"));
  }
  SECTION("unknown placeholder: no run starts") {
    write_file(dir / "batch.toml",
               "[[runs]]\nname = 'a'\ntemplate = 't.toml'\n[runs.vars]\nprovinc = 'x'\n");
    const auto r = run_cli("batch " + q(dir / "batch.toml") + " -o " + q(dir / "out"));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("line 1: unknown placeholder '${province}'") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "out"));
  }
}

TEST_CASE("cli batch: real `equiroute run` on tiny generated scenarios", "[batch][cli][run]") {
  if (run_cli("--help").out.find("\n  run ") == std::string::npos) {
    EQUIROUTE_SKIP("`equiroute run` is not available in this build");
  }
  TempDir dir;
  // Three 0.1-degree squares side by side, one facility in the first.
  std::string regions = R"({"type": "FeatureCollection", "features": [)";
  for (int i = 0; i < 3; ++i) {
    const double x0 = 112.0 + 0.1 * i, x1 = x0 + 0.1;
    regions += std::string(i ? "," : "") + R"({"type": "Feature", "properties": {"id": ")" +
               std::to_string(i + 1) + R"(", "name": "r)" + std::to_string(i + 1) +
               R"(", "seat_lon": )" + std::to_string(x0 + 0.05) +
               R"(, "seat_lat": 28.05}, "geometry": {"type": "Polygon", "coordinates": [[[)" +
               std::to_string(x0) + ", 28.0], [" + std::to_string(x1) + ", 28.0], [" +
               std::to_string(x1) + ", 28.1], [" + std::to_string(x0) + ", 28.1], [" +
               std::to_string(x0) + ", 28.0]]]}}";
  }
  regions += "]}";
  write_file(dir / "regions.geojson", regions);
  write_file(dir / "broken.geojson", "{ this is not json");
  write_file(dir / "sites.geojson",
             R"({"type": "FeatureCollection", "features": [{"type": "Feature",
    "properties": {"id": "f1", "name": "site"}, "geometry": {"type": "Point", "coordinates": [112.05, 28.05]}}]})");
  write_file(dir / "t.toml", R"(title = "tiny ${name}"
[regions]
path = "${manifest_dir}/${regions}"
id_field = "id"
name_field = "name"
[facilities]
path = "${manifest_dir}/sites.geojson"
id_field = "id"
[network]
mode = "none"
[access]
models = ["nearest"]
[equity]
bases = ["area"]
[output]
layers = ["geojson"]
maps = false
report = false
)");
  write_file(dir / "batch.toml",
             "title = 'Tiny batch'\ntemplate = 't.toml'\n"
             "[[runs]]\nname = 'one'\nlabel = '一号'\nvars = { regions = 'regions.geojson' }\n"
             "[[runs]]\nname = 'broken'\nvars = { regions = 'broken.geojson' }\n"
             "[[runs]]\nname = 'two'\nvars = { regions = 'regions.geojson' }\n");
  const auto r = run_cli("batch " + q(dir / "batch.toml") + " -o " + q(dir / "out") + " --jobs 2");
  INFO(r.err);
  CHECK(r.exit_code == 1);
  const auto summary = nlohmann::json::parse(read_file(dir / "out" / "summary.json"));
  CHECK(summary["runs"][0]["status"] == "ok");
  CHECK(summary["runs"][1]["status"] == "failed");
  CHECK_FALSE(summary["runs"][1]["error"]["message"].get<std::string>().empty());
  CHECK(summary["runs"][2]["status"] == "ok");
  CHECK(summary["runs"][0]["indicators"]["regions"] == 3);
  CHECK(fs::is_regular_file(dir / "out" / "one" / "manifest.json"));
  CHECK_FALSE(fs::exists(dir / "out" / "broken"));
  CHECK_FALSE(has_temporaries(dir / "out"));

  // The summary maps: the two completed runs (their regions dissolved), not the failed one.
  for (const char* indicator : {"mean_nearest_min", "gini_area"}) {
    INFO(indicator);
    const fs::path png = dir / "out" / (std::string("summary_map_") + indicator + ".png");
    const fs::path pdf = dir / "out" / (std::string("summary_map_") + indicator + ".pdf");
    REQUIRE(fs::is_regular_file(png));
    REQUIRE(fs::is_regular_file(pdf));
    // 300 dpi, A4 width (210 mm = 2480 px); the three squares are wide: landscape A4 height.
    CHECK(png_size(png) == std::pair<unsigned, unsigned>(2480, 1754));
    const std::string pdf_text = read_file(pdf);
    CHECK(pdf_text.rfind("%PDF-", 0) == 0);
    CHECK(pdf_text.find("%%EOF") != std::string::npos);
  }
  REQUIRE(summary["maps"].size() == 2);
  CHECK(summary["maps"][0]["png"] == "summary_map_mean_nearest_min.png");
  CHECK(summary["maps_left_out"] == nlohmann::json::array({"broken: failed"}));
  const std::string md = read_file(dir / "out" / "summary.md");
  CHECK(md.find("![Tiny batch: Mean travel time to the nearest facility]"
                "(summary_map_mean_nearest_min.png)") != std::string::npos);
  CHECK(md.find("summary_map_gini_area.pdf") != std::string::npos);
  CHECK(md.find("Not on the maps: broken: failed.") != std::string::npos);
  CHECK_FALSE(has_temporaries(dir / "out"));

  // Everything complete: a resumed batch keeps both successful runs.
  const auto again =
      run_cli("batch " + q(dir / "batch.toml") + " -o " + q(dir / "out") + " --resume");
  const auto after = nlohmann::json::parse(read_file(dir / "out" / "summary.json"));
  CHECK(after["runs"][0]["status"] == "skipped");
  CHECK(after["runs"][2]["status"] == "skipped");
}
