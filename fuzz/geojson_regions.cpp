// Fuzzes the region reader: GeoJSON → geodata::read_features as `run` and `areas` call it
// (an id field, polygons required), then the region areas it feeds.

#include "equiroute/geodata/feature_set.hpp"
#include "equiroute/geodata/geometry_ops.hpp"
#include "fuzz_support.hpp"

using namespace equiroute;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quiet_setup();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fuzz::MemoryFile file("regions.geojson", fuzz::as_text(data, size));
  fuzz::expect_only_errors([&] {
    geodata::ReadOptions options{
        .path = file.path(), .id_field = "code", .geometry = geodata::GeometryFamily::Polygon};
    const geodata::FeatureSet regions = geodata::read_features(options);
    if (regions.size() > 0) {
      regions.text(0, "code");
      if (regions.has_field("pop")) geodata::non_negative_numbers(regions, "pop");
      geodata::areas_km2(regions);
    }
  });
  fuzz::expect_only_errors([&] {
    // The same bytes without an id field and with any geometry kind: other code paths.
    const geodata::FeatureSet any = geodata::read_features({.path = file.path()});
    if (any.has_geometry() && any.size() > 0) geodata::centroids(any);
  });
  return 0;
}
