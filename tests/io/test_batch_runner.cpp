#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "equiroute/batch/batch_runner.hpp"
#include "equiroute/batch/batch_summary.hpp"
#include "equiroute/pipeline/result_directory.hpp"
#include "support.hpp"
#include "test_batch_fake_runner.hpp"

using namespace equiroute;
using equiroute::test::fake_summary;
using equiroute::test::read_file;
using equiroute::test::TempDir;
using equiroute::test::write_file;
namespace fs = std::filesystem;

namespace {

io::BatchOptions fake_options(const TempDir& dir, unsigned jobs) {
  io::BatchOptions options;
  options.output_dir = dir / "out";
  options.jobs = jobs;
  options.run_command = {equiroute::test::write_fake_runner(dir.path()).string()};
  return options;
}

bool has_temporaries(const fs::path& dir) {
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.path().filename().string().rfind(".tmp-", 0) == 0) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("batch runner: failures are isolated and summarised", "[batch][runner]") {
  TempDir dir;
  write_file(dir / "a.toml", fake_summary("A", 3, 0.2, 12.5));
  write_file(dir / "broken.toml", "#fake-fail regions cannot open 'missing.geojson'\n");
  write_file(dir / "crash.toml", "#fake-crash\n");
  write_file(dir / "t.toml", equiroute::test::fake_minimal_summary("${title}", "${n}"));
  write_file(dir / "batch.toml", R"(
template = "t.toml"
[[runs]]
name = "a"
scenario = "a.toml"
[[runs]]
name = "broken"
scenario = "broken.toml"
[[runs]]
name = "crash"
scenario = "crash.toml"
[[runs]]
name = "templ"
[runs.vars]
title = "From template"
n = "7"
)");
  const auto manifest = io::load_batch_manifest(dir / "batch.toml");
  auto options = fake_options(dir, 2);
  std::vector<std::string> ended;
  options.on_run_end = [&](const io::BatchRunRecord& r) { ended.push_back(r.name); };
  const auto result = io::run_batch(manifest, options);

  REQUIRE(result.runs.size() == 4);
  CHECK(ended.size() == 4);
  CHECK(result.runs[0].status == io::BatchRunStatus::Ok);
  REQUIRE(result.runs[0].summary);
  CHECK(result.runs[0].summary->regions == 3);
  CHECK(result.runs[1].status == io::BatchRunStatus::Failed);
  CHECK(result.runs[1].exit_code == 2);
  CHECK(result.runs[1].error_step == "regions");
  CHECK(result.runs[1].error_message == "cannot open 'missing.geojson'");
  CHECK(result.runs[2].status == io::BatchRunStatus::Failed);
  CHECK(result.runs[2].exit_code == 128 + SIGSEGV);
  CHECK(result.runs[2].error_message.find("killed by signal 11") == 0);
  CHECK(result.runs[3].status == io::BatchRunStatus::Ok);
  REQUIRE(result.runs[3].summary);
  CHECK(result.runs[3].summary->title == "From template");
  CHECK(result.exit_code() == 2);
  // The template run's scenario was written into the batch directory, substituted.
  CHECK(read_file(dir / "out" / "scenarios" / "templ.toml").find("\"regions\": 7,") !=
        std::string::npos);
  // Each run's stderr went to its log, and its outcome to its status file.
  CHECK(read_file(dir / "out" / "logs" / "broken.log").find("error: step 'regions'") !=
        std::string::npos);
  CHECK(fs::is_regular_file(dir / "out" / "results" / "a.json"));
  CHECK_FALSE(fs::exists(dir / "out" / "broken"));
  CHECK_FALSE(has_temporaries(dir / "out"));

  const auto json = nlohmann::json::parse(read_file(dir / "out" / "summary.json"));
  CHECK(json["counts"]["ok"] == 2);
  CHECK(json["counts"]["failed"] == 2);
  CHECK(json["runs"][1]["error"]["step"] == "regions");
  CHECK(json["runs"][0]["indicators"]["travel"]["mean_nearest_min"] == Approx(12.5));

  const std::string csv = read_file(dir / "out" / "summary.csv");
  CHECK(
      csv.find(
          "run,status,title,regions,facilities_gini_population,facilities_theil_t_population,"
          "facilities_theil_l_population,facilities_gini_area,facilities_theil_t_area,"
          "facilities_theil_l_area,mean_nearest_min,share_beyond_30_min,share_beyond_60_min,"
          "travel_weight,"
          "travel_approximate,access_gini_2sfca_facilities,duration_s,error_step,error_message") ==
      0);
  // Population basis absent and Theil L undefined (null) stay empty, never 0.
  CHECK(csv.find("\na,ok,A,3,,,,0.2,0.1,,12.5,0.5,0.25,area,true,0.5,") != std::string::npos);
  CHECK(csv.find("\nbroken,failed,,,") != std::string::npos);
  CHECK(csv.find(",regions,cannot open 'missing.geojson'\n") != std::string::npos);
  CHECK(read_file(dir / "out" / "summary.md").find("| broken | failed |") != std::string::npos);
}

TEST_CASE("batch runner: --fail-fast stops launching and terminates running runs",
          "[batch][runner]") {
  TempDir dir;
  write_file(dir / "broken.toml", "#fake-fail network no roads\n");
  write_file(dir / "slow.toml", "#fake-sleep 20\n" + fake_summary("S", 1, 0.1, 1));
  write_file(dir / "later.toml", fake_summary("L", 1, 0.1, 1));
  write_file(dir / "batch.toml",
             "[[runs]]\nname='slow'\nscenario='slow.toml'\n[[runs]]\nname='broken'\nscenario='"
             "broken.toml'\n"
             "[[runs]]\nname='later'\nscenario='later.toml'\n");
  auto options = fake_options(dir, 2);
  options.fail_fast = true;
  const auto start = std::chrono::steady_clock::now();
  const auto result = io::run_batch(io::load_batch_manifest(dir / "batch.toml"), options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 10);  // the 20 s run was terminated
  CHECK(result.runs[0].status == io::BatchRunStatus::Interrupted);
  CHECK(result.runs[1].status == io::BatchRunStatus::Failed);
  CHECK(result.runs[2].status == io::BatchRunStatus::NotRun);
  CHECK(result.exit_code() == 1);
  CHECK_FALSE(fs::exists(dir / "out" / "slow"));
  CHECK_FALSE(has_temporaries(dir / "out"));
}

TEST_CASE("batch runner: --resume keeps complete results and redoes changed ones",
          "[batch][runner]") {
  TempDir dir;
  write_file(dir / "a.toml", fake_summary("A", 1, 0.1, 1));
  write_file(dir / "b.toml", fake_summary("B", 2, 0.2, 2));
  write_file(dir / "batch.toml",
             "[[runs]]\nname='a'\nscenario='a.toml'\n[[runs]]\nname='b'\nscenario='b.toml'\n");
  const auto manifest = io::load_batch_manifest(dir / "batch.toml");
  auto options = fake_options(dir, 1);
  REQUIRE(io::run_batch(manifest, options).exit_code() == 0);
  CHECK(io::result_is_complete(dir / "out" / "a"));

  options.resume = true;
  SECTION("all complete: everything skipped") {
    const auto result = io::run_batch(manifest, options);
    CHECK(result.count(io::BatchRunStatus::Skipped) == 2);
    REQUIRE(result.runs[1].summary);
    CHECK(result.runs[1].summary->title == "B");  // read back from the kept summary.json
  }
  SECTION("a changed input or a damaged output is redone") {
    write_file(dir / "a.toml", fake_summary("A2", 1, 0.1, 1));
    write_file(dir / "out" / "b" / "table.csv", "tampered\n");
    CHECK_FALSE(io::result_is_complete(dir / "out" / "a"));
    CHECK_FALSE(io::result_is_complete(dir / "out" / "b"));
    const auto result = io::run_batch(manifest, options);
    CHECK(result.count(io::BatchRunStatus::Ok) == 2);
    REQUIRE(result.runs[0].summary);
    CHECK(result.runs[0].summary->title == "A2");
  }
  SECTION("a missing output is redone") {
    fs::remove(dir / "out" / "a" / "table.csv");
    CHECK_FALSE(io::result_is_complete(dir / "out" / "a"));
    CHECK(io::run_batch(manifest, options).runs[0].status == io::BatchRunStatus::Ok);
  }
}

TEST_CASE("batch runner: a runner that cannot start fails its runs only", "[batch][runner]") {
  TempDir dir;
  write_file(dir / "a.toml", "x\n");
  write_file(dir / "batch.toml", "[[runs]]\nname='a'\nscenario='a.toml'\n");
  io::BatchOptions options;
  options.output_dir = dir / "out";
  options.run_command = {(dir / "no-such-program").string()};
  const auto result = io::run_batch(io::load_batch_manifest(dir / "batch.toml"), options);
  CHECK(result.runs[0].status == io::BatchRunStatus::Failed);
  CHECK(result.runs[0].error_step == "start");
  CHECK(result.exit_code() == 1);
  CHECK(fs::is_regular_file(dir / "out" / "summary.csv"));
}

TEST_CASE("batch summary: exit code is capped at 125", "[batch][summary]") {
  io::BatchResult result;
  result.runs.resize(130);
  for (auto& run : result.runs) run.status = io::BatchRunStatus::Failed;
  CHECK(result.exit_code() == 125);
  result.runs.resize(3);
  result.runs[0].status = io::BatchRunStatus::Ok;
  CHECK(result.exit_code() == 2);
  result.signal = SIGTERM;
  CHECK(result.exit_code() == 143);
}
