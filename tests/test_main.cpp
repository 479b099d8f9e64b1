// The single Catch2 main shared by every test executable. A test that cannot run its check
// calls EQUIROUTE_SKIP (support.hpp); when the run had skips and no failure, the process
// exits with equiroute::test::kSkipExitCode, which ctest reports as "Skipped"
// (SKIP_RETURN_CODE, tests/CMakeLists.txt) instead of "Passed".
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "support/skip.hpp"

int main(int argc, char* argv[]) {
  const int failures = Catch::Session().run(argc, argv);
  if (failures != 0) return failures;
  return equiroute::test::skipped_tests() > 0 ? equiroute::test::kSkipExitCode : 0;
}
