// Outputs are byte-identical between identical writes (no timestamps), and the numbers in
// them read back exactly: GeoPackage stores doubles, GeoJSON writes 15 or 17 significant
// digits (whichever round-trips), CSV the shortest exact text, Shapefile fixed decimals
// sized per column so that every value's shortest digits fit.

#include <catch2/catch.hpp>
#include <charconv>
#include <chrono>
#include <thread>

#include "equiroute/geodata/feature_builder.hpp"
#include "equiroute/geodata/layer_writer.hpp"
#include "fixtures.hpp"
#include "support.hpp"

using namespace equiroute;
using namespace equiroute::geodata;
using equiroute::test::TempDir;
namespace fs = std::filesystem;

namespace {

/// Values whose decimal forms are long, short, tiny and large. 2SFCA scores like
/// 0.000777308593 are the case that 12 fixed decimals used to cut.
const std::vector<double> kValues = {0.1,   1.0 / 3.0, 0.000777308593, 123456789.12345679,
                                     1e-20, 2.5e15,    -7.25,          2.0 / 3.0 * 1e-9};

FeatureSet sample() {
  std::vector<std::string> ids;
  std::vector<LonLat> points;
  for (std::size_t i = 0; i < kValues.size(); ++i) {
    ids.push_back("R" + std::to_string(i));
    points.push_back({112.123456789 + static_cast<double>(i), 28.5});
  }
  FeatureSet fs = point_features("scores", "id", ids, points);
  set_column(fs, "score", kValues);
  set_column(fs, "name", std::vector<std::string>(kValues.size(), "长沙"));
  return fs;
}

double as_double(const AttrValue& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<long long>(&v)) return static_cast<double>(*i);
  const std::string& s = std::get<std::string>(v);
  double out = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  REQUIRE(ec == std::errc());
  REQUIRE(end == s.data() + s.size());
  return out;
}

}  // namespace

TEST_CASE("numbers written by every layer format read back exactly", "[geodata][writer]") {
  TempDir dir;
  const FeatureSet fs = sample();
  for (const char* name : {"out.gpkg", "out.geojson", "out.csv", "out.shp"}) {
    SECTION(name) {
      write_layer(fs, dir / name);
      ReadOptions read{.path = (dir / name).string(), .id_field = "id"};
      const FeatureSet back = read_features(read);
      REQUIRE(back.size() == kValues.size());
      const std::size_t score = back.field_index("score");
      for (std::size_t i = 0; i < kValues.size(); ++i) {
        INFO(name << " value " << i);
        CHECK(as_double(back.values[i][score]) == kValues[i]);  // exact, not approximate
      }
    }
  }
}

TEST_CASE("CSV numbers are the shortest exact text", "[geodata][writer]") {
  const std::string csv = layer_to_csv(sample());
  CHECK_THAT(csv, Catch::Contains("R0,0.1,长沙,112.123456789,28.5\n"));
  CHECK_THAT(csv, Catch::Contains("R1,0.3333333333333333,"));
  CHECK_THAT(csv, Catch::Contains("R2,0.000777308593,"));
  CHECK_THAT(csv, Catch::Contains("R3,123456789.12345679,"));
}

TEST_CASE("Shapefile numeric fields are sized to keep every value", "[geodata][writer]") {
  TempDir dir;
  write_layer(sample(), dir / "out.shp");
  // dBASE field descriptors start at byte 32, 32 bytes each: name (11), type, 4 reserved,
  // width, decimals. Fields: id, score, name.
  const std::string dbf = test::read_file(dir / "out.dbf");
  REQUIRE(dbf.size() > 96);
  const std::size_t score = 32 + 32;
  CHECK(dbf.substr(score, 5) == "score");
  CHECK(dbf[score + 11] == 'N');
  const int width = static_cast<unsigned char>(dbf[score + 16]);
  const int decimals = static_cast<unsigned char>(dbf[score + 17]);
  CHECK(decimals == 25);        // 6.666666666666667e-10 in fixed notation: 25 decimals
  CHECK(width == 16 + 1 + 25);  // "2500000000000000" + "." + decimals
}

TEST_CASE("identical writes give identical bytes", "[geodata][writer][determinism]") {
  TempDir dir;
  const FeatureSet fs = sample();
  for (const char* ext : {".gpkg", ".geojson", ".csv", ".shp"}) {
    SECTION(ext) {
      const fs::path a = dir / (std::string("a") + ext), b = dir / (std::string("b") + ext);
      write_layer(fs, a, {.layer_name = "scores"});
      // GeoPackage stamps the time of writing in milliseconds (gpkg_contents.last_change)
      // unless fixed; a pause makes an unfixed stamp differ for sure.
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      write_layer(fs, b, {.layer_name = "scores"});
      CHECK(test::read_file(a) == test::read_file(b));
      if (std::string(ext) == ".shp") {
        CHECK(test::read_file(dir / "a.dbf") == test::read_file(dir / "b.dbf"));
        const std::string dbf = test::read_file(dir / "a.dbf");
        CHECK(static_cast<int>(dbf[1]) == 100);  // last update: 2000 (years since 1900) ...
        CHECK(static_cast<int>(dbf[2]) == 1);    // ... January
        CHECK(static_cast<int>(dbf[3]) == 1);    // ... 1st
      }
    }
  }
}
