#pragma once
// Honest skips for Catch2 v2, which has none: EQUIROUTE_SKIP records the skip and returns
// from the test case; test_main.cpp then exits with kSkipExitCode, which ctest reports as
// "Skipped" (SKIP_RETURN_CODE, tests/CMakeLists.txt), so a test that could not run its check
// is never counted as passed. scripts/test prints the number of skipped tests and, under
// CI=true, fails when there is any.

#include <cstdio>
#include <sstream>
#include <string>

namespace equiroute::test {

/// Exit code of a test process whose tests passed but at least one was skipped; ctest maps
/// it to "Skipped" (SKIP_RETURN_CODE in tests/CMakeLists.txt). 77 is the Automake convention.
inline constexpr int kSkipExitCode = 77;

/// Number of EQUIROUTE_SKIP calls in this process.
inline int& skipped_tests() {
  static int count = 0;
  return count;
}

/// Records a skip and prints why (to stderr, which ctest shows with --output-on-failure and
/// in its log).
inline void record_skip(const std::string& why) {
  ++skipped_tests();
  std::fprintf(stderr, "SKIPPED: %s\n", why.c_str());
}

}  // namespace equiroute::test

/// Skips the current test case (returns from it) and makes the process report "skipped"
/// to ctest: a test that cannot run its check must not count as passed. `why` is streamed,
/// e.g. EQUIROUTE_SKIP("file " << path << " is absent").
#define EQUIROUTE_SKIP(why)                                       \
  do {                                                            \
    std::ostringstream equiroute_skip_reason_;                    \
    equiroute_skip_reason_ << why;                                \
    ::equiroute::test::record_skip(equiroute_skip_reason_.str()); \
    return;                                                       \
  } while (false)
