// A batch killed with SIGKILL (a wall-time kill, the OOM killer): its runs must die with it
// (PR_SET_PDEATHSIG), and `--resume` must remove the temporaries they left and end with the
// summary of an uninterrupted batch (issue 16). Real `equiroute run` children on a generated
// scenario that takes a few seconds (400 regions, maps).

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "support.hpp"

using equiroute::test::read_file;
using equiroute::test::run_cli;
using equiroute::test::TempDir;
using equiroute::test::write_file;
namespace fs = std::filesystem;

namespace {

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

/// Live processes (not zombies) whose command line mentions `text`, other than this one.
std::vector<pid_t> processes_mentioning(const std::string& text) {
  std::vector<pid_t> found;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const pid_t pid = std::stoi(name);
    if (pid == ::getpid()) continue;
    std::string cmdline = read_file(entry.path() / "cmdline");  // empty for a zombie
    for (char& c : cmdline) c = c == '\0' ? ' ' : c;
    if (cmdline.find(text) != std::string::npos) found.push_back(pid);
  }
  return found;
}

bool has_temporaries(const fs::path& dir) {
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.path().filename().string().rfind(".tmp-", 0) == 0) return true;
  }
  return false;
}

/// A 20 × 20 grid of 0.05° squares, a facility in every tenth, scenario template with maps.
void write_slow_scenarios(const TempDir& dir) {
  std::string regions = R"({"type": "FeatureCollection", "features": [)";
  std::string sites = regions;
  for (int i = 0; i < 400; ++i) {
    const double x0 = 110.0 + 0.05 * (i % 20), y0 = 26.0 + 0.05 * (i / 20);
    const auto corner = [](double x, double y) {
      return "[" + std::to_string(x) + ", " + std::to_string(y) + "]";
    };
    regions += std::string(i ? "," : "") + R"({"type": "Feature", "properties": {"id": "r)" +
               std::to_string(i) + R"("}, "geometry": {"type": "Polygon", "coordinates": [[)" +
               corner(x0, y0) + "," + corner(x0 + 0.05, y0) + "," + corner(x0 + 0.05, y0 + 0.05) +
               "," + corner(x0, y0 + 0.05) + "," + corner(x0, y0) + "]]}}";
    if (i % 10 == 3) {
      sites += std::string(i > 3 ? "," : "") + R"({"type": "Feature", "properties": {"id": "f)" +
               std::to_string(i) + R"("}, "geometry": {"type": "Point", "coordinates": )" +
               corner(x0 + 0.025, y0 + 0.025) + "}}";
    }
  }
  write_file(dir / "regions.geojson", regions + "]}");
  write_file(dir / "sites.geojson", sites + "]}");
  write_file(dir / "t.toml", R"(title = "grid ${name}"
[regions]
path = "${manifest_dir}/regions.geojson"
id_field = "id"
[facilities]
path = "${manifest_dir}/sites.geojson"
id_field = "id"
[network]
mode = "none"
speed_kmh = ${speed}
[access]
models = ["nearest", "2sfca", "gravity"]
threshold_min = 60
[equity]
bases = ["area"]
[output]
layers = ["geojson", "gpkg"]
maps = true
map_formats = ["png", "pdf"]
report = false
)");
  write_file(dir / "batch.toml",
             "template = 't.toml'\n[[runs]]\nname = 'k1'\nvars = { speed = '30' }\n"
             "[[runs]]\nname = 'k2'\nvars = { speed = '40' }\n"
             "[[runs]]\nname = 'k3'\nvars = { speed = '50' }\n");
}

/// summary.json without what differs between an uninterrupted and a resumed batch.
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

}  // namespace

TEST_CASE("cli batch: SIGKILL takes the runs with it, --resume cleans up and completes",
          "[batch][cli][run][kill]") {
  TempDir dir;
  write_slow_scenarios(dir);
  const fs::path out = dir / "out";
  const pid_t batch = ::fork();
  if (batch == 0) {
    const std::string manifest = (dir / "batch.toml").string();
    ::execl(EQUIROUTE_CLI, EQUIROUTE_CLI, "--quiet", "batch", manifest.c_str(), "-o", out.c_str(),
            "--jobs", "2", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Kill the batch once both runs are writing their results (temporary directories).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  auto running = [&] {
    int writing = 0;
    if (fs::is_directory(out)) {
      for (const auto& entry : fs::directory_iterator(out))
        writing += entry.path().filename().string().rfind(".tmp-", 0) == 0 ? 1 : 0;
    }
    return writing >= 2 && processes_mentioning(out.string() + "/k").size() >= 2;
  };
  while (!running() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(running());
  ::kill(batch, SIGKILL);
  int status = 0;
  REQUIRE(::waitpid(batch, &status, 0) == batch);
  CHECK(WIFSIGNALED(status));

  // No `equiroute run` of the batch survives it (the parent-death signal is SIGKILL too).
  const auto gone_by = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!processes_mentioning(out.string()).empty() && std::chrono::steady_clock::now() < gone_by)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(processes_mentioning(out.string()).empty());
  CHECK(has_temporaries(out));  // what the killed runs left

  const auto resumed =
      run_cli("batch " + q(dir / "batch.toml") + " -o " + q(out) + " --jobs 2 --resume");
  INFO(resumed.err);
  CHECK(resumed.exit_code == 0);
  CHECK_FALSE(has_temporaries(out));
  const auto whole =
      run_cli("batch " + q(dir / "batch.toml") + " -o " + q(dir / "whole") + " --jobs 2");
  REQUIRE(whole.exit_code == 0);
  CHECK(comparable_summary(out) == comparable_summary(dir / "whole"));
  CHECK(read_file(out / "summary.csv").find("\nk3,ok,") != std::string::npos);
}
