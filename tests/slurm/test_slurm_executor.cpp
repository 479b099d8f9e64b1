// `equiroute batch --executor slurm` on the private cluster of scripts/slurm-local, with the
// fake runner of tests/io (the runs' contract without their cost): failure isolation,
// --no-wait then `batch wait`, a task cancelled with scancel, --resume across executors, and
// the pre-flight (no sbatch, no controller, refused resources: exit 2, nothing submitted).

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io/test_batch_fake_runner.hpp"
#include "slurm_support.hpp"

using namespace equiroute::test;
namespace fs = std::filesystem;

namespace {

/// Three fake runs as plain scenario files: a, slow (blocked while `block` exists), b.
struct FakeBatch {
  TempDir dir;
  fs::path fake = write_fake_runner(dir.path());
  fs::path block = dir / "block";
  FakeBatch() {
    write_file(dir / "a.toml", fake_summary("A", 3, 0.2, 10));
    write_file(dir / "slow.toml",
               "#fake-block-while " + block.string() + "\n" + fake_summary("S", 5, 0.4, 30));
    write_file(dir / "b.toml", fake_summary("B", 4, 0.3, 20));
    write_file(dir / "batch.toml",
               "[[runs]]\nname='a'\nscenario='a.toml'\n[[runs]]\nname='slow'\nscenario='slow."
               "toml'\n[[runs]]\nname='b'\nscenario='b.toml'\n");
  }
  std::string batch(const fs::path& out, const std::string& options) const {
    return "batch " + quoted(dir / "batch.toml") + " -o " + quoted(out) + " --run-program " +
           quoted(fake) + " " + options;
  }
};

std::size_t array_index(const fs::path& out, const std::string& name) {
  const auto batch = read_json(out / "slurm" / "batch.json");  // kept: the loop reads into it
  for (const auto& run : batch["runs"])
    if (run["name"] == name) return run["array_index"].get<std::size_t>();
  FAIL("no run " << name);
  return 0;
}

/// Starts `equiroute ARGS` (a shell command line) in the background; returns its pid.
pid_t spawn_cli(const std::string& args, const fs::path& log) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const std::string command =
        std::string("exec '") + EQUIROUTE_CLI + "' " + args + " >" + quoted(log) + " 2>&1";
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

}  // namespace

TEST_CASE("slurm: a broken run fails alone, and the summary equals the local executor's",
          "[slurm][fake]") {
  require_cluster();
  TempDir dir;
  const fs::path fake = write_fake_runner(dir.path());
  write_file(dir / "a.toml", fake_summary("A", 3, 0.2, 10));
  write_file(dir / "broken.toml", "#fake-fail regions cannot open 'counties.geojson'\n");
  write_file(dir / "b.toml", fake_summary("B", 4, 0.3, 20));
  write_file(dir / "batch.toml",
             "[[runs]]\nname='a'\nscenario='a.toml'\n[[runs]]\nname='broken'\nscenario='broken."
             "toml'\n[[runs]]\nname='b'\nscenario='b.toml'\n");
  const std::string base = "batch " + quoted(dir / "batch.toml") + " --run-program " + quoted(fake);
  const auto local = run_cli(base + " -o " + quoted(dir / "local") + " --jobs 2");
  const auto slurm = run_cli(base + " -o " + quoted(dir / "slurm") + " --executor slurm");
  INFO(slurm.err);
  CHECK(local.exit_code == 1);
  CHECK(slurm.exit_code == 1);  // one failed run, as locally
  CHECK(slurm.out == (dir / "slurm" / "summary.md").string() + "\n");
  CHECK(slurm.err.find("batch: 2 ok, 1 failed, 0 skipped, 0 interrupted, 0 not run") !=
        std::string::npos);
  CHECK(csv_without(dir / "slurm" / "summary.csv", "duration_s") ==
        csv_without(dir / "local" / "summary.csv", "duration_s"));
  const auto summary = read_json(dir / "slurm" / "summary.json");
  CHECK(summary["runs"][1]["error"]["step"] == "regions");
  CHECK(summary["executor"] == "slurm");
  const auto submission = read_json(dir / "slurm" / "slurm" / "submission.json");
  CHECK(summary["slurm"]["summary_job_id"] == submission["summary_job_id"]);
  CHECK(read_file(dir / "slurm" / "logs" / "broken.log").find("error: step 'regions'") !=
        std::string::npos);
  CHECK(read_file(dir / "slurm" / "summary.md").find("| broken | failed |") != std::string::npos);
}

TEST_CASE("slurm: --no-wait returns at once, and `batch wait` waits and exits as the batch",
          "[slurm][fake]") {
  require_cluster();
  FakeBatch f;
  write_file(f.block, "");
  const fs::path out = f.dir / "out";
  const auto submitted = run_cli(f.batch(out, "--executor slurm --no-wait"));
  INFO(submitted.err);
  REQUIRE(submitted.exit_code == 0);
  const auto submission = read_json(out / "slurm" / "submission.json");
  const std::string array = submission["array_job_id"], summary_job = submission["summary_job_id"];
  CHECK(submitted.out.rfind("submitted: array job " + array + " (3 runs), summary job " +
                                summary_job + " (afterany)\n",
                            0) == 0);
  CHECK_FALSE(fs::exists(out / "summary.json"));  // the slow run is still blocked
  // A second submission into the same directory while its jobs run is refused.
  REQUIRE(wait_until([&] { return run_is_writing(out, "slow"); }, 60));
  const auto again = run_cli(f.batch(out, "--executor slurm --resume"));
  CHECK(again.exit_code == 2);
  CHECK(again.err.find("are still queued or running; nothing was submitted") != std::string::npos);

  fs::remove(f.block);
  const auto waited = run_cli("batch wait " + quoted(out));
  INFO(waited.err);
  CHECK(waited.exit_code == 0);
  CHECK(waited.out == (out / "summary.md").string() + "\n");
  const auto summary = read_json(out / "summary.json");
  CHECK(summary["slurm"]["array_job_id"] == array);
  CHECK(summary["slurm"]["summary_job_id"] == summary_job);
  CHECK(summary["counts"]["ok"] == 3);
  CHECK(fs::is_regular_file(out / "logs" / ("slurm-summary-" + summary_job + ".out")));
}

TEST_CASE(
    "slurm: a task cancelled with scancel is reported, and --resume on either executor "
    "completes the batch",
    "[slurm][fake]") {
  require_cluster();
  FakeBatch f;
  const auto reference = run_cli(f.batch(f.dir / "reference", "--jobs 1"));
  REQUIRE(reference.exit_code == 0);
  write_file(f.block, "");
  const fs::path out = f.dir / "out";
  REQUIRE(run_cli(f.batch(out, "--executor slurm --no-wait")).exit_code == 0);
  const std::string array = read_json(out / "slurm" / "submission.json")["array_job_id"];
  REQUIRE(wait_until([&] { return run_is_writing(out, "slow"); }, 60));
  const std::string task = array + "_" + std::to_string(array_index(out, "slow"));
  REQUIRE(std::system(("scancel " + task).c_str()) == 0);
  const auto waited = run_cli("batch wait " + quoted(out));
  INFO(waited.err);
  CHECK(waited.exit_code == 143);  // runs stopped from outside: as a local batch on SIGTERM
  const auto summary = read_json(out / "summary.json");
  CHECK(summary["runs"][0]["status"] == "ok");
  CHECK(summary["runs"][1]["status"] == "interrupted");
  CHECK(summary["runs"][1]["error"]["message"] == "cancelled while running (scancel)");
  CHECK(summary["runs"][2]["status"] == "ok");
  CHECK(read_json(out / "results" / "slow.json")["status"] == "interrupted");
  CHECK_FALSE(has_temporaries(out));  // nothing half-written
  CHECK_FALSE(fs::exists(out / "slow"));
  CHECK(read_file(out / "logs" / ("slurm-" + task + ".out")).find("CANCELLED") !=
        std::string::npos);

  fs::remove(f.block);
  fs::copy(out, f.dir / "copy", fs::copy_options::recursive);
  const auto on_slurm = run_cli(f.batch(out, "--executor slurm --resume"));
  INFO(on_slurm.err);
  CHECK(on_slurm.exit_code == 0);
  CHECK(read_json(out / "slurm" / "batch.json")["runs"][1]["array_index"] == 0);  // only slow
  CHECK(comparable_summary(out) == comparable_summary(f.dir / "reference"));
  CHECK(read_json(out / "summary.json")["counts"]["skipped"] == 2);
  const auto locally = run_cli(f.batch(f.dir / "copy", "--resume"));  // Slurm → local
  CHECK(locally.exit_code == 0);
  CHECK(comparable_summary(f.dir / "copy") == comparable_summary(f.dir / "reference"));
}

TEST_CASE("slurm: a local batch interrupted by SIGTERM is finished on Slurm with --resume",
          "[slurm][fake]") {
  require_cluster();
  FakeBatch f;
  const auto reference = run_cli(f.batch(f.dir / "reference", "--jobs 1"));
  REQUIRE(reference.exit_code == 0);
  write_file(f.block, "");
  const fs::path out = f.dir / "out";
  const pid_t pid = spawn_cli(f.batch(out, "--jobs 3"), f.dir / "local.log");
  REQUIRE(wait_until(
      [&] {
        return run_is_writing(out, "slow") && fs::exists(out / "a" / "manifest.json") &&
               fs::exists(out / "b" / "manifest.json");
      },
      60));
  ::kill(pid, SIGTERM);
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  CHECK(WEXITSTATUS(status) == 143);
  fs::remove(f.block);
  const auto on_slurm = run_cli(f.batch(out, "--executor slurm --resume"));
  INFO(on_slurm.err);
  CHECK(on_slurm.exit_code == 0);
  CHECK(read_json(out / "slurm" / "submission.json")["tasks"] == 1);
  CHECK(comparable_summary(out) == comparable_summary(f.dir / "reference"));
}

TEST_CASE("slurm: pre-flight failures exit 2 and submit nothing", "[slurm][preflight]") {
  require_cluster();
  FakeBatch f;
  const fs::path out = f.dir / "out";
  const int jobs_before = known_jobs();
  SECTION("sbatch not on the PATH") {
    fs::create_directories(f.dir / "empty");
    const std::string path = std::getenv("PATH");
    ::setenv("PATH", (f.dir / "empty").c_str(), 1);
    const auto r = run_cli(f.batch(out, "--executor slurm"));
    ::setenv("PATH", path.c_str(), 1);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("sbatch, squeue, scontrol, scancel not found on the PATH") !=
          std::string::npos);
    CHECK_FALSE(fs::exists(out));
  }
  SECTION("the controller is unreachable") {
    // The cluster's configuration with a controller port nobody listens on.
    const std::string conf = std::getenv("SLURM_CONF");
    std::string text = read_file(conf);
    const auto at = text.find("SlurmctldPort=");
    REQUIRE(at != std::string::npos);
    text.replace(at, text.find('\n', at) - at, "SlurmctldPort=9");
    write_file(f.dir / "down.conf", text);
    ::setenv("SLURM_CONF", (f.dir / "down.conf").c_str(), 1);
    const auto r = run_cli(f.batch(out, "--executor slurm"));
    ::setenv("SLURM_CONF", conf.c_str(), 1);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("the Slurm controller is unreachable (`scontrol ping`: ") !=
          std::string::npos);
    CHECK_FALSE(fs::exists(out));
  }
  SECTION("an unknown partition") {
    const auto r = run_cli(f.batch(out, "--executor slurm --partition nope"));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("partition 'nope' does not exist") != std::string::npos);
  }
  SECTION("more memory than any node has (sbatch --test-only)") {
    const auto r = run_cli(f.batch(out, "--executor slurm --mem-per-run 100000000"));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("sbatch refuses the job array (`sbatch --test-only`: ") != std::string::npos);
    CHECK_FALSE(fs::exists(out / "slurm" / "submission.json"));
  }
  CHECK(known_jobs() == jobs_before);
}

TEST_CASE("slurm: Ctrl-C while waiting cancels the array, and the summary says what finished",
          "[slurm][fake]") {
  require_cluster();
  FakeBatch f;
  write_file(f.block, "");
  const fs::path out = f.dir / "out";
  // One task at a time, in manifest order (equal cost estimates): a runs, slow blocks, b waits.
  const pid_t pid = spawn_cli(f.batch(out, "--executor slurm --max-parallel 1"), f.dir / "w.log");
  REQUIRE(wait_until([&] { return run_is_writing(out, "slow"); }, 120));
  REQUIRE(fs::exists(out / "results" / "a.json"));
  ::kill(pid, SIGINT);
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  INFO(read_file(f.dir / "w.log"));
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 130);  // as a local batch after Ctrl-C
  CHECK(read_file(f.dir / "w.log").find("interrupted: cancelling array job") != std::string::npos);
  const auto summary = read_json(out / "summary.json");
  CHECK(summary["runs"][0]["status"] == "ok");
  CHECK(summary["runs"][1]["status"] == "interrupted");
  CHECK(summary["runs"][1]["error"]["message"] == "cancelled while running (scancel)");
  CHECK(summary["runs"][2]["status"] == "not run");
  CHECK(summary["runs"][2]["error"]["message"] == "cancelled before it started (scancel)");
  CHECK_FALSE(has_temporaries(out));
  // Nothing of the batch is left queued or running.
  const std::string array = read_json(out / "slurm" / "submission.json")["array_job_id"];
  CHECK(std::system(
            ("test -z \"$(squeue -h -j " + array + " -t PD,R,CG -o %i 2>/dev/null)\"").c_str()) ==
        0);
}

TEST_CASE("slurm: a run stopped at its time limit is reported as such", "[slurm][fake][timeout]") {
  require_cluster();
  FakeBatch f;
  write_file(f.block, "");  // the slow run never ends by itself
  const fs::path out = f.dir / "out";
  // Slurm's smallest limit is one minute; slurmctld checks limits every 30 s at most.
  const auto r = run_cli(f.batch(out, "--executor slurm --time-per-run 1"));
  INFO(r.err);
  CHECK(r.exit_code == 143);  // a run stopped from outside: as a local batch on SIGTERM
  const auto summary = read_json(out / "summary.json");
  CHECK(summary["runs"][0]["status"] == "ok");
  CHECK(summary["runs"][1]["status"] == "interrupted");
  CHECK(summary["runs"][1]["error"]["message"] == "terminated at the time limit (--time-per-run)");
  CHECK(summary["runs"][2]["status"] == "ok");
  CHECK(read_json(out / "results" / "slow.json")["status"] == "interrupted");
  CHECK_FALSE(has_temporaries(out));
  CHECK_FALSE(fs::exists(out / "slow"));
}
