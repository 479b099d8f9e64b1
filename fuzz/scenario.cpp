// Fuzzes the scenario reader (TOML, toml++): io::parse_scenario with paths resolved in
// examples/hunan-2018, as `equiroute run` does for a scenario file.

#include "equiroute/scenario/scenario.hpp"

#include "fuzz_support.hpp"

using namespace equiroute;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quiet_setup();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(fuzz::as_text(data, size));
  fuzz::expect_only_errors([&] {
    io::parse_scenario(text, std::filesystem::path(EQUIROUTE_SOURCE_DIR) / "examples/hunan-2018",
                       "fuzz.toml");
  });
  return 0;
}
