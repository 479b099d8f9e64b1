// Every class of tests/support/bad_inputs.hpp through geodata's readers, as the commands read
// them: one clear BadInput error naming the file and, where there is one, the feature and
// the field; the message is one line of valid UTF-8.

#include <catch2/catch.hpp>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/feature_set.hpp"
#include "equiroute/geodata/road_network.hpp"
#include "equiroute/geodata/text_encoding.hpp"
#include "support.hpp"
#include "support/bad_inputs.hpp"

using namespace equiroute;
using namespace equiroute::geodata;
using equiroute::test::TempDir;

namespace {

/// Reads `input` the way a command reads a file of its role.
void read_as_command_does(const test::BadInput& input) {
  const std::string path = input.path.string();
  if (input.role == "regions") {
    const FeatureSet fs =
        read_features({.path = path, .id_field = "code", .geometry = GeometryFamily::Polygon});
    non_negative_numbers(fs, "pop");
  } else if (input.role == "points") {
    const bool csv = input.path.extension() == ".csv";
    point_coordinates(read_features({.path = path,
                                     .id_field = csv ? "id" : "code",
                                     .require_geometry = true,
                                     .geometry = GeometryFamily::Point}));
  } else if (input.role == "table") {
    read_features({.path = path, .id_field = "id"});
  } else if (is_osm_path(path)) {
    read_roads(path, default_driving_profile(), {}, {.strict = true});
  } else {
    read_features({.path = path, .id_field = "code", .geometry = GeometryFamily::Line});
  }
}

}  // namespace

TEST_CASE("every bad-input class is one clear error naming file, feature and field",
          "[geodata][errors][badinput]") {
  TempDir dir;
  const auto inputs = test::make_bad_inputs(dir.path());
  CHECK(inputs.size() >= 30);
  for (const auto& input : inputs) {
    INFO(input.name << ": " << input.path);
    try {
      read_as_command_does(input);
      FAIL_CHECK("no error for " << input.name);
    } catch (const Error& e) {
      const std::string what = e.what();
      INFO(what);
      CHECK(e.exit_code() == input.exit_code);
      CHECK_THAT(what, Catch::Contains(input.path.string()));
      CHECK_THAT(what + "\nhint: " + e.hint(), Catch::Contains(input.message));
      if (!input.feature.empty()) CHECK(e.context().feature_id == input.feature);
      if (!input.field.empty()) CHECK(e.context().field == input.field);
      CHECK(what.find('\n') == std::string::npos);
      CHECK(is_valid_utf8(what));
      CHECK(is_valid_utf8(e.hint()));
    }
  }
}
