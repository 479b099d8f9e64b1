// The Slurm executor's pure parts: job scripts, batch.json, Slurm's time and field formats,
// the shared preparation (dry run, stale temporaries) and the summary job's reading of
// status files and task states (with a stand-in squeue on the PATH).

#include <signal.h>
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "equiroute/batch/batch_prepare.hpp"
#include "equiroute/batch/slurm_executor.hpp"
#include "equiroute/batch/slurm_job_files.hpp"
#include "equiroute/batch/slurm_queue.hpp"
#include "support.hpp"
#include "test_batch_fake_runner.hpp"

using namespace equiroute;
using equiroute::test::fake_summary;
using equiroute::test::read_file;
using equiroute::test::TempDir;
using equiroute::test::write_file;
namespace fs = std::filesystem;

namespace {

io::SlurmBatchFile sample_batch() {
  io::SlurmBatchFile b;
  b.manifest = "examples/batch national/batch.toml";
  b.title = "National";
  b.equiroute = "/shared/bin/equi'route";
  b.run_command = {"/shared/bin/equi'route"};
  b.runs = {{"hunan", "湖南", "/d/hunan.toml", 1, 2.0e6},
            {"kept", "", "/d/kept.toml", std::nullopt, 0.0},
            {"guangxi", "广西", "/d/guangxi.toml", 0, 5.0e6}};
  return b;
}

/// PATH with `dir` first, restored at the end of the scope.
class PathPrefix {
 public:
  explicit PathPrefix(const fs::path& dir) : old_(std::getenv("PATH") ? std::getenv("PATH") : "") {
    ::setenv("PATH", (dir.string() + ":" + old_).c_str(), 1);
  }
  ~PathPrefix() { ::setenv("PATH", old_.c_str(), 1); }
  PathPrefix(const PathPrefix&) = delete;
  PathPrefix& operator=(const PathPrefix&) = delete;

 private:
  std::string old_;
};

void write_executable(const fs::path& path, const std::string& text) {
  write_file(path, text);
  fs::permissions(path, fs::perms::owner_all, fs::perm_options::replace);
}

}  // namespace

TEST_CASE("slurm job files: the array script", "[batch][slurm]") {
  io::SlurmBatchFile b = sample_batch();
  SECTION("all options") {
    b.options = {.partition = "short",
                 .account = "proj123",
                 .time_per_run_min = 30,
                 .mem_per_run_mb = 2000,
                 .cpus_per_run = 2,
                 .max_parallel = 8,
                 .sbatch_args = {"--qos=long"}};
    const std::string text =
        io::array_job_script(b, "/scratch/me/national", "2026-11-30T12:00:00Z");
    const std::size_t body = text.find("\n# Task i");
    REQUIRE(body != std::string::npos);
    CHECK(text.rfind("#!/bin/bash\n# equiroute batch --executor slurm (equiroute ", 0) == 0);
    CHECK(text.substr(0, body).find(", 2026-11-30T12:00:00Z): examples/batch national/batch.toml, "
                                    "2 runs (slurm/batch.json)") != std::string::npos);
    CHECK(text.substr(body) ==
          "\n# Task i runs the run with array_index i of slurm/batch.json, costliest first.\n"
          "#SBATCH --job-name=equiroute-batch\n"
          "#SBATCH --array=0-1%8\n"
          "#SBATCH --output=/scratch/me/national/logs/slurm-%A_%a.out\n"
          "#SBATCH --cpus-per-task=2\n"
          "#SBATCH --time=30\n"
          "#SBATCH --mem=2000M\n"
          "#SBATCH --chdir=/scratch/me/national\n"
          "#SBATCH --partition=short\n"
          "#SBATCH --account=proj123\n"
          "exec '/shared/bin/equi'\\''route' batch-task '/scratch/me/national' "
          "\"$SLURM_ARRAY_TASK_ID\"\n");
    // --sbatch-arg values go on the command line, never into the script.
    CHECK(text.find("qos") == std::string::npos);
  }
  SECTION("defaults: no time, memory, partition, account or throttle") {
    const auto options = io::array_job_options(b, "/scratch/my batch");
    CHECK(options == std::vector<std::string>{"--job-name=equiroute-batch", "--array=0-1",
                                              "--output=\"/scratch/my batch/logs/slurm-%A_%a.out\"",
                                              "--cpus-per-task=1",
                                              "--chdir=\"/scratch/my batch\""});
  }
  SECTION("the summary job") {
    b.options.partition = "short";
    const std::string text = io::summary_job_script(b, "/scratch/n", "4790");
    CHECK(text.find("#SBATCH --job-name=equiroute-batch-summary\n") != std::string::npos);
    CHECK(text.find("#SBATCH --output=/scratch/n/logs/slurm-summary-%j.out\n") !=
          std::string::npos);
    CHECK(text.find("#SBATCH --cpus-per-task=2\n#SBATCH --time=30\n") != std::string::npos);
    CHECK(text.find("#SBATCH --partition=short\n") != std::string::npos);
    CHECK(text.find("batch-summary '/scratch/n' --array-job 4790\n") != std::string::npos);
  }
}

TEST_CASE("slurm job files: batch.json round trip and paths Slurm cannot take", "[batch][slurm]") {
  io::SlurmBatchFile b = sample_batch();
  b.options.time_per_run_min = 45;
  b.options.sbatch_args = {"--constraint=avx2"};
  const auto back = io::SlurmBatchFile::from_json(b.to_json(), "batch.json");
  CHECK(back.to_json() == b.to_json());
  CHECK(back.tasks() == 2);
  CHECK_FALSE(back.runs[1].array_index);
  CHECK(back.runs[2].array_index == 0u);
  CHECK_FALSE(back.options.mem_per_run_mb);
  const auto manifest = back.summary_manifest();
  REQUIRE(manifest.runs.size() == 3);
  CHECK(manifest.runs[0].label == "湖南");
  CHECK(manifest.file == "examples/batch national/batch.toml");

  CHECK_NOTHROW(io::check_slurm_path("/scratch/my batch/it's"));
  for (const char* bad : {"/scratch/100%", "/scratch/a\\b", "/scratch/\"q\"", "/a\nb"}) {
    INFO(bad);
    CHECK_THROWS_AS(io::check_slurm_path(bad), Error);
  }
  CHECK(io::shell_quote("it's") == "'it'\\''s'");
}

TEST_CASE("slurm queue: Slurm's time limits, scontrol fields, sbatch ids", "[batch][slurm]") {
  CHECK_FALSE(io::parse_slurm_minutes("UNLIMITED"));
  CHECK_FALSE(io::parse_slurm_minutes("INFINITE"));
  CHECK_FALSE(io::parse_slurm_minutes("garbage"));
  CHECK(*io::parse_slurm_minutes("30") == 30);
  CHECK(*io::parse_slurm_minutes("30:30") == 31);  // MM:SS, rounded up
  CHECK(*io::parse_slurm_minutes("02:00:00") == 120);
  CHECK(*io::parse_slurm_minutes("1-00:00:00") == 1440);
  CHECK(*io::parse_slurm_minutes("2-12") == 3600);
  CHECK(*io::parse_slurm_minutes("1-01:30") == 1530);
  const std::string partition =
      "PartitionName=debug AllowGroups=ALL Default=YES MaxTime=1-00:00:00 State=UP";
  CHECK(io::scontrol_value(partition, "Default") == "YES");
  CHECK(io::scontrol_value(partition, "MaxTime") == "1-00:00:00");
  CHECK(io::scontrol_value(partition, "Time").empty());  // not a field of its own
  CHECK(io::scontrol_value("KillWait                = 5 sec\nMaxArraySize            = 1001\n",
                           "MaxArraySize") == "1001");
  CHECK(io::parse_sbatch_job_id("4790\n") == "4790");
  CHECK(io::parse_sbatch_job_id("4790;cluster\n") == "4790");
  CHECK(io::parse_sbatch_job_id("sbatch: error").empty());
  CHECK(io::is_active_state("PENDING"));
  CHECK_FALSE(io::is_active_state("CANCELLED"));
  using Indices = std::vector<std::size_t>;
  CHECK(io::array_task_indices("4790_3", "4790") == Indices{3});
  CHECK(io::array_task_indices("4790_[6-8,11%2]", "4790") == Indices{6, 7, 8, 11});
  CHECK(io::array_task_indices("4790_[2-4]", "4790") == Indices{2, 3, 4});
  CHECK(io::array_task_indices("4791", "4790").empty());        // the summary job
  CHECK(io::array_task_indices("47901_3", "4790").empty());     // another job
  CHECK(io::array_task_indices("4790_[x-y]", "4790").empty());  // not an index list
}

TEST_CASE("batch prepare: a dry run writes nothing, --resume removes stale temporaries",
          "[batch][prepare]") {
  TempDir dir;
  write_file(dir / "t.toml", fake_summary("${name}", 1, 0.1, 1));
  write_file(dir / "batch.toml",
             "template = 't.toml'\n[[runs]]\nname = 'a'\n[[runs]]\nname = 'b'\n");
  const auto manifest = io::load_batch_manifest(dir / "batch.toml");
  const auto dry = io::prepare_batch(manifest, dir / "out", true, io::PrepareMode::DryRun);
  CHECK(dry.to_run.size() == 2);
  CHECK_FALSE(fs::exists(dir / "out"));

  fs::create_directories(dir / "out" / ".tmp-123-0-a" / "layers");
  write_file(dir / "out" / ".tmp-123-0-a" / "layers" / "x.geojson", "{}");
  fs::create_directories(dir / "out" / "results");
  write_file(dir / "out" / "results" / ".tmp-77-3-a.json", "{");
  write_file(dir / "out" / "keep.txt", "x");
  SECTION("without --resume they stay") {
    io::prepare_batch(manifest, dir / "out", false);
    CHECK(fs::exists(dir / "out" / ".tmp-123-0-a"));
  }
  SECTION("--resume removes every one of them, and nothing else") {
    const auto prepared = io::prepare_batch(manifest, dir / "out", true);
    CHECK_FALSE(fs::exists(dir / "out" / ".tmp-123-0-a"));
    CHECK_FALSE(fs::exists(dir / "out" / "results" / ".tmp-77-3-a.json"));
    CHECK(fs::exists(dir / "out" / "keep.txt"));
    CHECK(fs::is_regular_file(dir / "out" / "scenarios" / "a.toml"));
    CHECK(prepared.to_run.size() == 2);
  }
}

TEST_CASE("slurm summary: runs from their status files and what Slurm still knows",
          "[batch][slurm]") {
  TempDir dir;
  const fs::path out = dir / "out";
  for (const char* sub : {"slurm", "results", "logs", "kept"}) fs::create_directories(out / sub);
  io::SlurmBatchFile b;
  b.manifest = "batch.toml";
  b.equiroute = "/bin/true";
  b.run_command = {"/bin/true"};
  const char* names[] = {
      "ok",       "failed", "cancelled_running", "timeout", "cancelled_pending", "oom",
      "vanished", "kept"};
  for (std::size_t i = 0; i < 8; ++i) {
    b.runs.push_back({names[i], "", out / "scenarios" / (std::string(names[i]) + ".toml"),
                      i < 7 ? std::optional<std::size_t>(i) : std::nullopt, 1.0});
  }
  write_file(io::slurm_batch_file_path(out), b.to_json().dump());
  const auto summary = nlohmann::ordered_json::parse(
      R"({"title": "T", "regions": 2, "groups": 0, "equity": {}, "travel": {}, "access_gini": {}, "notes": []})");
  io::write_run_status(out / "results" / "ok.json",
                       {.ok = true, .summary = io::RunSummary::from_json(summary, "s")});
  io::write_run_status(out / "results" / "failed.json",
                       {.step = "regions", .message = "no such file", .exit_code = 2});
  for (const char* name : {"cancelled_running", "timeout"})
    io::write_run_status(out / "results" / (std::string(name) + ".json"),
                         {.exit_code = 143, .interrupted = true});
  write_file(out / "kept" / "summary.json", summary.dump());
  // squeue as Slurm 22.05 answers after these events (docs/batch.md): no line for a pending
  // task cancelled alone ("vanished" is a task killed without warning).
  write_executable(dir / "squeue",
                   "#!/bin/sh\nprintf '4790_0|COMPLETED|None\\n4790_1|FAILED|None\\n"
                   "4790_2|CANCELLED|None\\n4790_3|TIMEOUT|TimeLimit\\n4790_4|CANCELLED|None\\n"
                   "4790_5|OUT_OF_MEMORY|OutOfMemory\\n'\n");
  PathPrefix path(dir.path());
  const auto result = io::summarise_slurm_batch(out, "4790", "4791");
  REQUIRE(result.runs.size() == 8);
  using S = io::BatchRunStatus;
  CHECK(result.runs[0].status == S::Ok);
  CHECK(result.runs[1].status == S::Failed);
  CHECK(result.runs[1].error_message == "no such file");
  CHECK(result.runs[2].status == S::Interrupted);
  CHECK(result.runs[2].error_message == "cancelled while running (scancel)");
  CHECK(result.runs[3].status == S::Interrupted);
  CHECK(result.runs[3].error_message == "terminated at the time limit (--time-per-run)");
  CHECK(result.runs[4].status == S::NotRun);
  CHECK(result.runs[4].error_message == "cancelled before it started (scancel)");
  CHECK(result.runs[5].status == S::Failed);
  CHECK(result.runs[5].error_message.rfind("out of memory (--mem-per-run)", 0) == 0);
  CHECK(result.runs[6].status == S::NotRun);
  CHECK(result.runs[6].error_message.find("logs/slurm-4790_6.out") != std::string::npos);
  CHECK(result.runs[7].status == S::Skipped);
  REQUIRE(result.runs[7].summary);
  CHECK(result.signal == SIGTERM);  // runs were stopped from outside: exit 143, as locally
  CHECK(result.exit_code() == 143);
  const auto json = nlohmann::json::parse(read_file(out / "summary.json"));
  CHECK(json["executor"] == "slurm");
  CHECK(json["slurm"]["array_job_id"] == "4790");
  CHECK(json["slurm"]["summary_job_id"] == "4791");
  CHECK(json["counts"]["interrupted"] == 2);
  CHECK(json["counts"]["not run"] == 2);
}
