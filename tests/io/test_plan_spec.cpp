// The [plan] table of a scenario: defaults, the k forms, candidates, trade-off, and errors
// that name the key and its line.

#include <catch2/catch.hpp>

#include "equiroute/core/error.hpp"
#include "equiroute/scenario/scenario.hpp"
#include "support.hpp"

using namespace equiroute;
using equiroute::test::TempDir;

namespace {

/// A minimal valid scenario in `dir` (4 lines, the region file written), then `plan`.
io::Scenario with_plan(const TempDir& dir, const std::string& plan) {
  test::write_file(dir / "regions.geojson", R"({"type":"FeatureCollection","features":[]})");
  return io::parse_scenario(
      "title = \"t\"\n[regions]\npath = \"regions.geojson\"\nid_field = \"id\"\n" + plan,
      dir.path(), "s.toml");
}

}  // namespace

TEST_CASE("plan spec: absent, defaults and the forms of k", "[io][scenario][plan]") {
  TempDir dir;
  CHECK_FALSE(with_plan(dir, "").plan.has_value());
  const auto defaults = with_plan(dir, "[plan]\n").plan;
  REQUIRE(defaults);
  CHECK(defaults->objectives == std::vector{engine::PlanObjective::PMedian});
  CHECK(defaults->ks == std::vector<std::size_t>{1});
  CHECK(defaults->threshold_min == 60.0);
  CHECK_FALSE(defaults->existing_closable);
  CHECK(defaults->candidates.source == io::CandidateSource::Demand);
  CHECK(defaults->solver.solver == engine::PlanSolver::Auto);
  CHECK(defaults->solver.time_limit_s == 60.0);
  CHECK_FALSE(defaults->tradeoff);

  CHECK(with_plan(dir, "[plan]\nk = 5\n").plan->ks == std::vector<std::size_t>{5});
  CHECK(with_plan(dir, "[plan]\nk = [2, 4]\n").plan->ks == std::vector<std::size_t>{2, 4});
  CHECK(with_plan(dir, "[plan]\nk_max = 3\n").plan->ks == std::vector<std::size_t>{1, 2, 3});
}

TEST_CASE("plan spec: objectives, solver, candidates and trade-off", "[io][scenario][plan]") {
  TempDir dir;
  test::write_file(dir / "cand.csv", "id,lon,lat\nc1,112.9,28.2\n");
  const auto s = with_plan(dir,
                           "[plan]\nobjectives = [\"min-share-beyond\", \"pmedian\"]\n"
                           "threshold_min = 45\nexisting_closable = true\nsolver = \"heuristic\"\n"
                           "time_limit_s = 5\nstarts = 2\n"
                           "[plan.candidates]\nsource = \"layer\"\npath = \"cand.csv\"\n"
                           "[plan.tradeoff]\nefficiency = \"pmedian\"\nequity = "
                           "\"min-gini-time\"\nweights = 3\n");
  REQUIRE(s.plan);
  const auto& p = *s.plan;
  CHECK(p.objectives ==
        std::vector{engine::PlanObjective::MinShareBeyond, engine::PlanObjective::PMedian});
  CHECK(p.threshold_min == 45.0);
  CHECK(p.existing_closable);
  CHECK(p.solver.solver == engine::PlanSolver::Heuristic);
  CHECK(p.solver.time_limit_s == 5.0);
  CHECK(p.solver.starts == 2);
  CHECK(p.candidates.source == io::CandidateSource::Layer);
  CHECK(p.candidates.layer.path == (dir / "cand.csv").string());
  REQUIRE(p.tradeoff);
  CHECK(p.tradeoff->equity == engine::PlanObjective::MinGiniTime);
  CHECK(p.tradeoff->weights == 3);
  // The candidate layer is an input (hashed in the manifest, never overwritten).
  const auto inputs = s.input_files();
  CHECK(std::find(inputs.begin(), inputs.end(), dir / "cand.csv") != inputs.end());

  const auto allocation =
      with_plan(dir,
                "[plan]\nthreshold_min = 90\n[plan.allocation]\nfield = \"doctors\"\n"
                "units = 200\nmax_per_site = 40\n");
  REQUIRE(allocation.plan->allocation);
  CHECK(allocation.plan->allocation->field == "doctors");
  CHECK(allocation.plan->allocation->units == 200);
  CHECK(allocation.plan->allocation->max_per_site == 40.0);
  CHECK(allocation.plan->allocation->threshold_min == 90.0);  // plan.threshold_min

  const auto grid = with_plan(dir, "[plan.candidates]\nsource = \"grid\"\nspacing_km = 20\n");
  CHECK(grid.plan->candidates.source == io::CandidateSource::Grid);
  CHECK(grid.plan->candidates.spacing_km == 20.0);
}

TEST_CASE("plan spec: bad input names the key and its line", "[io][scenario][plan]") {
  TempDir dir;
  auto fails = [&](const std::string& plan, const std::string& key, const std::string& line,
                   const std::string& what) {
    INFO(plan);
    try {
      with_plan(dir, plan);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::BadInput);
      CHECK_THAT(e.what(), Catch::Contains("s.toml") && Catch::Contains(line) &&
                               Catch::Contains(key) && Catch::Contains(what));
    }
  };
  fails("[plan]\nobjectives = [\"median\"]\n", "'plan.objectives'", "line 6", "pmedian, mclp");
  fails("[plan]\nk = 0\n", "'plan.k'", "line 6", "must be ≥ 1");
  fails("[plan]\nk = [2, 2]\n", "'plan.k'", "line 6", "twice");
  fails("[plan]\nk = 2.5\n", "'plan.k'", "line 6", "integer");
  fails("[plan]\nk = 2\nk_max = 4\n", "'plan.k_max'", "line 7", "exclude");
  fails("[plan]\nthreshold_min = -5\n", "'plan.threshold_min'", "line 6", "> 0");
  fails("[plan]\nsolver = \"fast\"\n", "'plan.solver'", "line 6", "auto, exact, heuristic");
  fails("[plan]\ntime_limit_s = 0\n", "'plan.time_limit_s'", "line 6", "> 0");
  fails("[plan]\nobjective = \"pmedian\"\n", "'plan.objective'", "line 6", "unknown key");
  fails("[plan.candidates]\nsource = \"towns\"\n", "'plan.candidates.source'", "line 6",
        "demand, layer, grid");
  fails("[plan.candidates]\nsource = \"layer\"\npath = \"none.csv\"\n", "'plan.candidates.path'",
        "line 7", "does not exist");
  fails("[plan.candidates]\nsource = \"grid\"\n", "plan.candidates.spacing_km", "line 5", "> 0");
  fails("[plan.tradeoff]\nefficiency = \"pmedian\"\nequity = \"pmedian\"\n",
        "'plan.tradeoff.equity'", "line 7", "must differ");
  fails("[plan.allocation]\nfield = \"beds\"\n", "'plan.allocation.units'", "line 5", "missing");
  fails("[plan.allocation]\nfield = \"beds\"\nunits = 0\n", "'plan.allocation.units'", "line 7",
        "≥ 1");
  fails("[plan.tradeoff]\nweights = 1\n", "'plan.tradeoff.weights'", "line 6", "≥ 2");
}
