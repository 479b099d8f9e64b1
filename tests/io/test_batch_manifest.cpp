#include <catch2/catch.hpp>

#include "equiroute/batch/batch_manifest.hpp"
#include "equiroute/core/error.hpp"
#include "equiroute/scenario/scenario.hpp"
#include "support.hpp"

using namespace equiroute;
using equiroute::test::TempDir;
using equiroute::test::write_file;

namespace {

/// The error message of parsing `text` (base dir `dir`), or "" when it parses.
std::string parse_error(const std::string& text, const std::filesystem::path& dir) {
  try {
    io::parse_batch_manifest(text, dir, "batch.toml");
  } catch (const Error& e) {
    return e.what();
  }
  return {};
}

}  // namespace

TEST_CASE("batch manifest: scenario and template runs with vars", "[batch][manifest]") {
  TempDir dir;
  write_file(dir / "a.toml", "title = 'a'\n");
  write_file(dir / "t.toml", "title = '${province}'\n");
  const auto manifest = io::parse_batch_manifest(R"(
title = "Provinces"
template = "t.toml"
[vars]
province = "hunan"
speed = "40"

[[runs]]
name = "a"
scenario = "a.toml"

[[runs]]
name = "hubei"
label = "湖北"
[runs.vars]
province = "hubei"

[[runs]]
name = "default"
)",
                                                 dir.path(), "batch.toml");
  REQUIRE(manifest.runs.size() == 3);
  CHECK(manifest.runs[0].name == "a");
  CHECK(manifest.runs[0].scenario == (dir.path() / "a.toml").lexically_normal());
  CHECK(manifest.runs[0].template_path.empty());
  CHECK(manifest.runs[1].template_path == (dir.path() / "t.toml").lexically_normal());
  CHECK(manifest.runs[1].vars.at("province") == "hubei");
  CHECK(manifest.runs[1].vars.at("speed") == "40");  // default kept
  CHECK(manifest.runs[1].vars.at("name") == "hubei");
  CHECK(manifest.runs[1].vars.at("template_dir") == dir.path().lexically_normal().string());
  CHECK(manifest.runs[2].vars.at("province") == "hunan");
  CHECK(manifest.runs[1].line == 12);
  CHECK(manifest.title == "Provinces");
  CHECK(manifest.runs[0].label.empty());
  CHECK(manifest.runs[1].label == "湖北");

  const std::string text = io::render_template_run(manifest.runs[1]);
  CHECK(text.find("title = 'hubei'\n") != std::string::npos);
  CHECK(text.find("${") == std::string::npos);
}

TEST_CASE("batch manifest: errors name the key and its line", "[batch][manifest]") {
  TempDir dir;
  write_file(dir / "a.toml", "title = 'a'\n");
  write_file(dir / "t.toml", "x\n");

  SECTION("unknown top-level key") {
    const auto e = parse_error("jobs = 2\n[[runs]]\nname = 'a'\nscenario = 'a.toml'\n", dir.path());
    CHECK(e.find("line 1: unknown key 'jobs'") != std::string::npos);
  }
  SECTION("unknown key in a run") {
    const auto e =
        parse_error("[[runs]]\nname = 'a'\nscenario = 'a.toml'\nscenari = 'b'\n", dir.path());
    CHECK(e.find("line 4: unknown key 'runs.scenari'") != std::string::npos);
  }
  SECTION("wrong type") {
    const auto e = parse_error("[[runs]]\nname = 3\nscenario = 'a.toml'\n", dir.path());
    CHECK(e.find("line 2: key 'runs.name' must be a string") != std::string::npos);
  }
  SECTION("var that is not a string") {
    const auto e = parse_error(
        "template = 't.toml'\n[[runs]]\nname = 'a'\n[runs.vars]\nspeed = 40\n", dir.path());
    CHECK(e.find("line 5: key 'runs.vars.speed' must be a string") != std::string::npos);
  }
  SECTION("duplicate name") {
    const auto e = parse_error(
        "[[runs]]\nname = 'a'\nscenario = 'a.toml'\n[[runs]]\nname = 'a'\nscenario = 'a.toml'\n",
        dir.path());
    CHECK(e.find("line 5: duplicate run name 'a'") != std::string::npos);
  }
  SECTION("name not usable as a directory") {
    CHECK(parse_error("[[runs]]\nname = '../x'\nscenario = 'a.toml'\n", dir.path())
              .find("line 2: run name") != std::string::npos);
    CHECK(parse_error("[[runs]]\nname = 'scenarios'\nscenario = 'a.toml'\n", dir.path())
              .find("not usable") != std::string::npos);
  }
  SECTION("both or neither of scenario and template") {
    CHECK(
        parse_error("[[runs]]\nname = 'a'\nscenario = 'a.toml'\ntemplate = 't.toml'\n", dir.path())
            .find("both 'scenario' and 'template'") != std::string::npos);
    CHECK(parse_error("[[runs]]\nname = 'a'\n", dir.path())
              .find("line 1: run 'a' needs 'scenario' or 'template'") != std::string::npos);
  }
  SECTION("missing files") {
    CHECK(parse_error("[[runs]]\nname = 'a'\nscenario = 'nope.toml'\n", dir.path())
              .find("line 3: run 'a': scenario file") != std::string::npos);
    CHECK(parse_error("template = 'nope.toml'\n[[runs]]\nname = 'a'\n", dir.path())
              .find("line 1: run 'a': template file") != std::string::npos);
  }
  SECTION("no runs, or runs not tables") {
    CHECK(parse_error("template = 't.toml'\n", dir.path()).find("no runs") != std::string::npos);
    CHECK(parse_error("runs = ['a']\n", dir.path())
              .find("line 1: key 'runs' must be an array of tables") != std::string::npos);
  }
  SECTION("TOML syntax error") {
    CHECK(parse_error("[[runs]]\nname = 'a\n", dir.path()).find("line 2:") != std::string::npos);
  }
}

TEST_CASE("batch manifest: placeholder substitution", "[batch][manifest]") {
  const std::map<std::string, std::string> vars{{"a", "1"}, {"bb", "two"}};
  CHECK(io::substitute_placeholders("x=${a} y=${bb}${a}", vars, "t") == "x=1 y=two1");
  CHECK(io::substitute_placeholders("cost $5, $$ {a} $${a}", vars, "t") == "cost $5, $ {a} ${a}");
  try {
    io::substitute_placeholders("ok\nok\nname = '${province}'\n", vars, "t.toml");
    FAIL("unknown placeholder accepted");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "file 't.toml': line 3: unknown placeholder '${province}'");
    CHECK(e.hint() == "values given: a, bb");
  }
  CHECK_THROWS_WITH(io::substitute_placeholders("x ${a\n}", vars, "t"),
                    Catch::Contains("line 1: '${' without"));
  CHECK_THROWS_WITH(io::substitute_placeholders("${}", vars, "t"),
                    Catch::Contains("empty placeholder"));
}

TEST_CASE("batch manifest: the embedded example renders to valid scenarios",
          "[batch][manifest][example]") {
  namespace fs = std::filesystem;
  const fs::path example =
      fs::path(EQUIROUTE_SOURCE_DIR) / "examples" / "batch-provinces" / "batch.toml";
  const auto manifest = io::load_batch_manifest(example);
  REQUIRE(manifest.runs.size() == 4);
  CHECK(manifest.runs[0].scenario.filename() == "scenario.toml");
  if (!fs::is_regular_file(fs::path(EQUIROUTE_SOURCE_DIR) / "data" / "provinces" / "hubei" /
                           "counties.geojson")) {
    EQUIROUTE_SKIP("data/provinces not built (./scripts/fetch-data-provinces)");
  }
  TempDir dir;
  for (std::size_t i = 1; i < manifest.runs.size(); ++i) {
    const std::string text = io::render_template_run(manifest.runs[i]);
    // Written elsewhere than the template: paths must not depend on where the file lives.
    const auto scenario = io::parse_scenario(text, dir.path(), manifest.runs[i].name + ".toml");
    CHECK(scenario.regions.path.filename() == "counties.geojson");
    CHECK(scenario.regions.path.parent_path().filename() == manifest.runs[i].name);
    CHECK(scenario.network.straight.speed_kmh == 40.0);
    CHECK(scenario.access.threshold_min == 120.0);
    CHECK(scenario.equity.bases == std::vector<engine::EquityBasis>{engine::EquityBasis::Area});
    CHECK(scenario.facilities.has_value());
  }
}
