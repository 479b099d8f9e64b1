// Fuzzes the OSM readers (libosmium): geodata::read_osm_roads and read_osm_points on the
// input written as an .osm (XML) or .osm.pbf file — the first byte picks which, so that
// one corpus holds both formats.

#include "equiroute/geodata/osm_features.hpp"
#include "equiroute/geodata/road_network.hpp"
#include "fuzz_support.hpp"

using namespace equiroute;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quiet_setup();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool pbf = (data[0] & 1) != 0;
  const fuzz::DiskFile file(pbf ? "input.osm.pbf" : "input.osm", fuzz::as_text(data + 1, size - 1));
  fuzz::expect_only_errors([&] {
    geodata::read_osm_roads(file.path().string(), geodata::default_driving_profile(),
                            {.strict = (data[0] & 2) != 0});
  });
  fuzz::expect_only_errors([&] {
    geodata::read_osm_points(file.path().string(), {"amenity=hospital", "healthcare=*"});
  });
  return 0;
}
