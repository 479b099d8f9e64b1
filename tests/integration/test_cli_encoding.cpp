// `equiroute --encoding` (issue 16): the encoding given on the command line is used for every
// input in place of a declared (.cpg) or detected one; an encoding iconv does not know is bad
// input (exit 2) before any command runs.

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "support.hpp"
#include "support/bad_inputs.hpp"

using namespace equiroute::test;
namespace fs = std::filesystem;

TEST_CASE("the CLI's --encoding overrides a wrong .cpg, and an unknown encoding is bad input",
          "[cli][encoding]") {
  TempDir dir;
  // Points P1, P2 whose names are GBK bytes, in a Shapefile whose .cpg says UTF-8.
  const fs::path shp = dir / "wrong-cpg.shp";
  bad_inputs_detail::gbk_shapefile(shp, "UTF-8");
  const auto od = [&](const std::string& global, const fs::path& out) {
    return run_cli(global + " od --network none --origins '" + shp.string() + "' --destinations '" +
                   shp.string() + "' --id-field code -o '" + out.string() + "'");
  };

  const CliResult declared = od("", dir / "declared.csv");
  CHECK(declared.exit_code == 2);
  CHECK_THAT(declared.err, Catch::Contains("not valid UTF-8") && Catch::Contains("field 'name'"));
  CHECK_FALSE(fs::exists(dir / "declared.csv"));

  const CliResult given = od("--encoding GBK", dir / "given.csv");
  INFO(given.err);
  REQUIRE(given.exit_code == 0);
  const std::string csv = read_file(dir / "given.csv");
  CHECK_THAT(csv, Catch::Contains("P1,P2,"));
  CHECK_THAT(csv, Catch::Contains("P2,P1,"));

  const CliResult unknown = od("--encoding NO-SUCH-ENCODING", dir / "unknown.csv");
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.err, Catch::Contains("NO-SUCH-ENCODING"));
  CHECK_FALSE(fs::exists(dir / "unknown.csv"));
}
