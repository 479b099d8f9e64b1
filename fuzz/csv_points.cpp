// Fuzzes the CSV point/table reader: geodata::read_features on a CSV with lon/lat columns
// (detected by name, or given), and as a plain table with numbers parsed from text; the
// first byte of the input picks the options so that one corpus covers all of them.

#include "equiroute/geodata/feature_set.hpp"
#include "fuzz_support.hpp"

using namespace equiroute;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quiet_setup();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned mode = data[0] % 4;
  const fuzz::MemoryFile file("points.csv", fuzz::as_text(data + 1, size - 1));
  fuzz::expect_only_errors([&] {
    geodata::ReadOptions options{.path = file.path()};
    if (mode == 1) options.id_field = "id";
    if (mode == 2)
      options = {.path = file.path(),
                 .id_field = "id",
                 .x_field = "x",
                 .y_field = "y",
                 .assume_crs = "EPSG:4547",
                 .require_geometry = true};
    if (mode == 3) options.encoding = "GBK";
    const geodata::FeatureSet fs = geodata::read_features(options);
    if (fs.has_geometry()) geodata::point_coordinates(fs);
    for (const auto& field : fs.fields)
      for (std::size_t i = 0; i < fs.size() && i < 16; ++i) {
        fs.text(i, field);
        fuzz::expect_only_errors([&] { fs.number(i, field); });
      }
  });
  return 0;
}
