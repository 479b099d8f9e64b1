// `equiroute batch` beyond the local run loop, without a Slurm cluster: the pre-flight of
// `--executor slurm` against stand-in Slurm commands (nothing may be submitted), options of
// the wrong executor, `batch plan`, and the array task `batch-task` on its own (its status
// file, the threads Slurm gives it, a SIGTERM as from scancel).

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "io/test_batch_fake_runner.hpp"
#include "support.hpp"

using equiroute::test::fake_summary;
using equiroute::test::read_file;
using equiroute::test::run_cli;
using equiroute::test::TempDir;
using equiroute::test::write_file;
namespace fs = std::filesystem;

namespace {

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

void write_executable(const fs::path& path, const std::string& text) {
  write_file(path, text);
  fs::permissions(path, fs::perms::owner_all, fs::perm_options::replace);
}

/// PATH replaced for the scope (the commands the CLI looks up), restored after.
class PathOverride {
 public:
  explicit PathOverride(const std::string& path)
      : old_(std::getenv("PATH") ? std::getenv("PATH") : "") {
    ::setenv("PATH", path.c_str(), 1);
  }
  ~PathOverride() { ::setenv("PATH", old_.c_str(), 1); }
  PathOverride(const PathOverride&) = delete;
  PathOverride& operator=(const PathOverride&) = delete;

 private:
  std::string old_;
};

/// Stand-ins for Slurm's commands in `dir/bin` that record every call to `dir/calls.txt`;
/// `scontrol ping` answers as a controller that is down.
fs::path fake_slurm_tools(const TempDir& dir, bool with_sbatch) {
  const fs::path bin = dir / "bin";
  fs::create_directories(bin);
  const std::string record = "echo \"$0 $*\" >> " + q(dir / "calls.txt") + "\n";
  for (const char* tool : {"squeue", "scancel"})
    write_executable(bin / tool, "#!/bin/sh\n" + record);
  write_executable(bin / "scontrol",
                   "#!/bin/sh\n" + record +
                       "if [ \"$1\" = ping ]; then echo 'Slurmctld(primary) at ctl is DOWN'; "
                       "exit 1; fi\n");
  if (with_sbatch) write_executable(bin / "sbatch", "#!/bin/sh\n" + record + "echo 1\n");
  return bin;
}

void write_two_runs(const TempDir& dir) {
  write_file(dir / "a.toml", fake_summary("A", 3, 0.2, 10));
  write_file(dir / "b.toml", fake_summary("B", 4, 0.3, 20));
  write_file(dir / "batch.toml",
             "[[runs]]\nname='a'\nscenario='a.toml'\n[[runs]]\nname='b'\nscenario='b.toml'\n");
}

}  // namespace

TEST_CASE("cli batch --executor slurm: no sbatch or no controller: exit 2, nothing submitted",
          "[batch][cli][slurm]") {
  TempDir dir;
  write_two_runs(dir);
  const std::string command =
      "batch " + q(dir / "batch.toml") + " -o " + q(dir / "out") + " --executor slurm";
  SECTION("sbatch is not on the PATH") {
    const fs::path bin = fake_slurm_tools(dir, false);
    const PathOverride path(bin.string());
    const auto r = run_cli(command);
    CHECK(r.exit_code == 2);
    CHECK(r.err.rfind("error: --executor slurm: Slurm's sbatch not found on the PATH; nothing was "
                      "submitted\n",
                      0) == 0);
  }
  SECTION("the controller does not answer") {
    const fs::path bin = fake_slurm_tools(dir, true);
    const PathOverride path(bin.string());
    const auto r = run_cli(command);
    CHECK(r.exit_code == 2);
    CHECK(r.err.rfind("error: --executor slurm: the Slurm controller is unreachable (`scontrol "
                      "ping`: Slurmctld(primary) at ctl is DOWN); nothing was submitted\n",
                      0) == 0);
    CHECK(read_file(dir / "calls.txt").find("sbatch") == std::string::npos);
  }
  CHECK_FALSE(fs::exists(dir / "out"));
}

TEST_CASE("cli batch: options of the other executor are refused", "[batch][cli]") {
  TempDir dir;
  write_two_runs(dir);
  const std::string base = "batch " + q(dir / "batch.toml") + " -o " + q(dir / "out");
  auto r = run_cli(base + " --executor slurm --jobs 2");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--jobs applies to --executor local only") != std::string::npos);
  r = run_cli(base + " --partition short");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--partition needs --executor slurm") != std::string::npos);
  r = run_cli("batch " + q(dir / "missing.toml"));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("batch manifest not found") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "out"));
}

TEST_CASE("cli batch plan: runs costliest first and the resources, nothing written",
          "[batch][cli][plan]") {
  TempDir dir;
  // Two regions files, 3 and 40 squares: the larger one is the costlier run.
  for (const auto& [name, n] : {std::pair{"small", 3}, std::pair{"large", 40}}) {
    std::string regions = R"({"type": "FeatureCollection", "features": [)";
    for (int i = 0; i < n; ++i) {
      const double x0 = 112.0 + 0.1 * i;
      regions += std::string(i ? "," : "") + R"({"type": "Feature", "properties": {"id": ")" +
                 std::to_string(i) + R"("}, "geometry": {"type": "Polygon", "coordinates": [[[)" +
                 std::to_string(x0) + ", 28], [" + std::to_string(x0 + 0.1) + ", 28], [" +
                 std::to_string(x0 + 0.1) + ", 28.1], [" + std::to_string(x0) + ", 28]]]}}";
    }
    write_file(dir / (std::string(name) + ".geojson"), regions + "]}");
  }
  write_file(dir / "t.toml",
             "title = 't'\n[regions]\npath = '${manifest_dir}/${regions}.geojson'\n"
             "id_field = 'id'\n[output]\nmaps = false\nreport = false\n");
  write_file(dir / "batch.toml",
             "template = 't.toml'\n[[runs]]\nname = 'first_small'\nvars = { regions = 'small' }\n"
             "[[runs]]\nname = 'second_large'\nvars = { regions = 'large' }\n");
  const std::string base = q(dir / "batch.toml") + " -o " + q(dir / "out");
  const auto local = run_cli("batch plan " + base + " --jobs 1");
  INFO(local.err);
  CHECK(local.exit_code == 0);
  const auto small_at = local.out.find("first_small");
  const auto large_at = local.out.find("second_large");
  CHECK(large_at < small_at);  // costliest first
  CHECK(local.out.find("2 run(s), 2 to do, 0 kept") != std::string::npos);
  CHECK(local.out.find("Executor local: 1 run(s) at a time") != std::string::npos);

  const auto slurm = run_cli("batch plan " + base +
                             " --executor slurm --max-parallel 1 --time-per-run 30 "
                             "--mem-per-run 500 --partition short --sbatch-arg=--qos=long");
  CHECK(slurm.exit_code == 0);
  for (const char* expected :
       {"a job array of 2 task(s)", "--array=0-1%1", "--cpus-per-task=1", "--time=30", "--mem=500M",
        "--partition=short", "sbatch command line, both jobs: --qos=long",
        "at most 1 task(s) at once: 1 CPU(s), 500 MB", "at most 1 CPU-hours for the array"}) {
    INFO(expected);
    CHECK(slurm.out.find(expected) != std::string::npos);
  }
  const auto dry = run_cli("batch " + base +
                           " --dry-run --executor slurm --max-parallel 1 "
                           "--time-per-run 30 --mem-per-run 500 --partition short "
                           "--sbatch-arg=--qos=long");
  CHECK(dry.out == slurm.out);
  CHECK_FALSE(fs::exists(dir / "out"));
}

namespace {

/// A Slurm batch directory as `batch --executor slurm` leaves it for its tasks: one run `r`
/// (array index 0) of the fake runner with `scenario_text`.
fs::path slurm_task_dir(const TempDir& dir, const std::string& scenario_text) {
  const fs::path out = dir / "out";
  for (const char* sub : {"slurm", "logs", "results"}) fs::create_directories(out / sub);
  const fs::path fake = equiroute::test::write_fake_runner(dir.path());
  write_file(dir / "r.toml", scenario_text);
  nlohmann::json batch = {{"format", "equiroute slurm batch 1"},
                          {"manifest", "batch.toml"},
                          {"title", ""},
                          {"equiroute", EQUIROUTE_CLI},
                          {"run_command", {fake.string()}},
                          {"options",
                           {{"partition", ""},
                            {"account", ""},
                            {"time_per_run_min", nullptr},
                            {"mem_per_run_mb", nullptr},
                            {"cpus_per_run", 3},
                            {"max_parallel", 0},
                            {"sbatch_args", nlohmann::json::array()}}},
                          {"runs",
                           {{{"name", "r"},
                             {"label", ""},
                             {"scenario", (dir / "r.toml").string()},
                             {"array_index", 0},
                             {"estimated_cost", 1.0}}}}};
  write_file(out / "slurm" / "batch.json", batch.dump());
  return out;
}

bool has_temporaries(const fs::path& dir) {
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.path().filename().string().rfind(".tmp-", 0) == 0) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("cli batch-task: one array task, its threads and its status", "[batch][cli][slurm]") {
  TempDir dir;
  ::setenv("SLURM_CPUS_PER_TASK", "3", 1);
  ::setenv("SLURM_ARRAY_TASK_ID", "0", 1);
  SECTION("a run that completes") {
    const fs::path out = slurm_task_dir(dir, fake_summary("R", 2, 0.1, 5));
    const auto r = run_cli("batch-task " + q(out) + " 0");
    INFO(r.err);
    CHECK(r.exit_code == 0);
    const auto status = nlohmann::json::parse(read_file(out / "results" / "r.json"));
    CHECK(status["status"] == "ok");
    CHECK(status["threads"] == 3);  // the run got --threads $SLURM_CPUS_PER_TASK
    CHECK(status["environment"]["slurm_array_task_id"] == "0");
    CHECK(fs::is_regular_file(out / "r" / "manifest.json"));
    CHECK(fs::is_regular_file(out / "logs" / "r.log"));
  }
  SECTION("a bad index") {
    const fs::path out = slurm_task_dir(dir, fake_summary("R", 2, 0.1, 5));
    const auto r = run_cli("batch-task " + q(out) + " 7");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("no run has array index 7") != std::string::npos);
  }
  SECTION("SIGTERM (scancel, the time limit): interrupted, nothing half-written") {
    const fs::path block = dir / "block";
    write_file(block, "");
    const fs::path out = slurm_task_dir(
        dir, "#fake-block-while " + block.string() + "\n" + fake_summary("R", 2, 0.1, 5));
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::execl(EQUIROUTE_CLI, EQUIROUTE_CLI, "batch-task", out.c_str(), "0",
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!has_temporaries(out) && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    REQUIRE(has_temporaries(out));  // the run is under way
    ::kill(pid, SIGTERM);
    int wait_status = 0;
    REQUIRE(::waitpid(pid, &wait_status, 0) == pid);
    CHECK(WIFEXITED(wait_status));
    CHECK(WEXITSTATUS(wait_status) == 143);
    const auto status = nlohmann::json::parse(read_file(out / "results" / "r.json"));
    CHECK(status["status"] == "interrupted");
    CHECK(status["exit_code"] == 143);
    CHECK(status["message"] == "terminated by SIGTERM (a Slurm cancellation or the time limit)");
    CHECK(status["threads"] == 3);
    CHECK_FALSE(has_temporaries(out));
    CHECK_FALSE(fs::exists(out / "r"));
  }
  ::unsetenv("SLURM_CPUS_PER_TASK");
  ::unsetenv("SLURM_ARRAY_TASK_ID");
}
