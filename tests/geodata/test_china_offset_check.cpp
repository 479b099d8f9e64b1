// Detection of GCJ-02 / BD-09 facility coordinates declared as WGS 84
// (geodata/china_offset_check.hpp), on a synthetic road set near Changsha: facilities on
// the roads (true WGS 84, a few metres off as real points are), and the same facilities
// shifted into GCJ-02 and BD-09 as a web map would give them.

#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "equiroute/geodata/china_offset_check.hpp"
#include "equiroute/geodata/projection.hpp"

using namespace equiroute;
using namespace equiroute::geodata;

namespace {

struct Segment {
  XY a;
  XY b;
};

/// Roads as straight segments in a conformal projection, and the distance of a lon/lat
/// point to the nearest one (brute force: an independent stand-in for the snapper).
class Roads {
 public:
  Roads(std::uint32_t seed, int count, const LonLatBox& box)
      : projection_(auto_conformal_crs(box)) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> lon(box.min_lon, box.max_lon);
    std::uniform_real_distribution<double> lat(box.min_lat, box.max_lat);
    std::uniform_real_distribution<double> angle(0.0, 2.0 * M_PI);
    std::uniform_real_distribution<double> length(1000.0, 5000.0);
    for (int k = 0; k < count; ++k) {
      const XY a = projection_.forward(LonLat{lon(rng), lat(rng)});
      const double t = angle(rng);
      const double l = length(rng);
      segments_.push_back({a, {a.x + l * std::cos(t), a.y + l * std::sin(t)}});
    }
  }

  /// A point on segment k at fraction t, moved `offset_m` across it, as lon/lat.
  LonLat point_on(std::size_t k, double t, double offset_m) const {
    const Segment& s = segments_[k % segments_.size()];
    const double dx = s.b.x - s.a.x;
    const double dy = s.b.y - s.a.y;
    const double len = std::hypot(dx, dy);
    return projection_.inverse(
        {s.a.x + t * dx - offset_m * dy / len, s.a.y + t * dy + offset_m * dx / len});
  }

  double distance_m(LonLat p) const {
    const XY q = projection_.forward(p);
    double best = std::numeric_limits<double>::infinity();
    for (const Segment& s : segments_) {
      const double dx = s.b.x - s.a.x;
      const double dy = s.b.y - s.a.y;
      const double t =
          std::clamp(((q.x - s.a.x) * dx + (q.y - s.a.y) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
      best = std::min(best, std::hypot(q.x - (s.a.x + t * dx), q.y - (s.a.y + t * dy)));
    }
    return best;
  }

 private:
  Projection projection_;
  std::vector<Segment> segments_;
};

}  // namespace

TEST_CASE("offset check fires on GCJ-02 and BD-09 points and stays silent on WGS 84",
          "[geodata][china]") {
  const LonLatBox box{112.7, 28.0, 113.2, 28.5};  // around Changsha
  const Roads roads(18, 300, box);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> along(0.0, 1.0);
  std::uniform_real_distribution<double> across(-20.0, 20.0);
  std::vector<LonLat> wgs84;
  for (std::size_t k = 0; k < 60; ++k)
    wgs84.push_back(roads.point_on(k * 5, along(rng), across(rng)));
  auto distance = [&roads](LonLat p) { return roads.distance_m(p); };

  const OffsetCheck truth = check_china_offset(wgs84, distance);
  INFO("WGS 84: " << truth.median_as_given_m << " m as given, " << truth.median_from_gcj02_m
                  << " m from GCJ-02, " << truth.median_from_bd09_m << " m from BD-09");
  CHECK(truth.points_checked == 60);
  CHECK(truth.median_as_given_m <= 20.0);
  CHECK_FALSE(truth.suggested);
  CHECK(truth.warning("facilities 'h.csv'").empty());

  for (ChinaDatum datum : {ChinaDatum::Gcj02, ChinaDatum::Bd09}) {
    std::vector<LonLat> shifted;
    for (const LonLat& p : wgs84) shifted.push_back(from_wgs84(p, datum));
    const OffsetCheck check = check_china_offset(shifted, distance);
    INFO(to_string(datum) << ": " << check.median_as_given_m << " m as given, "
                          << check.median_from_gcj02_m << " m from GCJ-02, "
                          << check.median_from_bd09_m << " m from BD-09");
    REQUIRE(check.suggested);
    CHECK(*check.suggested == datum);
    CHECK(check.median_as_given_m >= 100.0);
    CHECK(check.median_suggested_m() <= 20.0);
    const std::string line = check.warning("facilities 'h.csv'");
    CHECK(line.find('\n') == std::string::npos);
    CHECK(line.find("facilities 'h.csv' look like " + to_string(datum)) == 0);
    CHECK(line.find("nothing was converted") != std::string::npos);
    CHECK(line.find(fmt::format("{:.0f} m as given", check.median_as_given_m)) !=
          std::string::npos);
  }
}

TEST_CASE("offset check rule: both a share and metres", "[geodata][china]") {
  const std::vector<LonLat> one{{112.9, 28.2}};
  // As given 150 m, after GCJ-02 conversion 60 m: cut 90 m (60 %) — under 100 m: silent.
  auto small = [](LonLat p) { return p.lon == 112.9 ? 150.0 : 60.0; };
  CHECK_FALSE(check_china_offset(one, small).suggested);
  // As given 1000 m, after 700 m: cut 300 m but only 30 %: silent.
  auto share = [](LonLat p) { return p.lon == 112.9 ? 1000.0 : 700.0; };
  CHECK_FALSE(check_china_offset(one, share).suggested);
  // As given 1000 m, after 500 m: 500 m and 50 %: fires (GCJ-02 and BD-09 tie → GCJ-02).
  auto both = [](LonLat p) { return p.lon == 112.9 ? 1000.0 : 500.0; };
  const auto fired = check_china_offset(one, both);
  REQUIRE(fired.suggested);
  CHECK(*fired.suggested == ChinaDatum::Gcj02);
  // Beyond reach as given (+inf), reachable after: fires; the message says "beyond reach".
  auto reach = [](LonLat p) {
    return p.lon == 112.9 ? std::numeric_limits<double>::infinity() : 30.0;
  };
  const auto far = check_china_offset(one, reach);
  REQUIRE(far.suggested);
  CHECK(far.warning("facilities").find("beyond reach as given and 30 m") != std::string::npos);
}

TEST_CASE("offset check ignores points outside China", "[geodata][china]") {
  const std::vector<LonLat> paris{{2.35, 48.85}, {2.36, 48.86}};
  int calls = 0;
  const auto check = check_china_offset(paris, [&calls](LonLat) {
    ++calls;
    return 1000.0;
  });
  CHECK(calls == 0);
  CHECK(check.points_checked == 0);
  CHECK(std::isnan(check.median_as_given_m));
  CHECK_FALSE(check.suggested);
}
