// Fuzzes the batch-manifest reader (TOML): io::parse_batch_manifest with paths resolved in
// examples/batch-provinces, and the ${placeholder} substitution of templates.

#include "equiroute/batch/batch_manifest.hpp"

#include "fuzz_support.hpp"

using namespace equiroute;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quiet_setup();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(fuzz::as_text(data, size));
  fuzz::expect_only_errors([&] {
    io::parse_batch_manifest(
        text, std::filesystem::path(EQUIROUTE_SOURCE_DIR) / "examples/batch-provinces",
        "fuzz.toml");
  });
  fuzz::expect_only_errors([&] {
    io::substitute_placeholders(text, {{"province", "hunan"}, {"speed_kmh", "40"}}, "fuzz.toml");
  });
  return 0;
}
