// Prepared networks (.eqnet): a round trip gives the same graph, index and hierarchy as
// building from the road file, and identical results; damaged files, other format versions
// and other profiles are refused with one clear error (BadInput) naming the file; the cache
// prepares each network once.

#include <catch2/catch.hpp>
#include <cstring>
#include <random>

#include "equiroute/core/error.hpp"
#include "equiroute/network/network_cache.hpp"
#include "equiroute/network/prepared_network.hpp"
#include "equiroute/network/travel_costs.hpp"
#include "support.hpp"

using namespace equiroute;
using equiroute::test::read_file;
using equiroute::test::TempDir;
using equiroute::test::write_file;

namespace {

/// A small OSM network: a two-way street with curved shape points, a one-way loop and a
/// side street with maxspeed, around 112.9°E 28.2°N.
std::string small_osm() {
  std::ostringstream s;
  s.precision(10);
  s << "<?xml version=\"1.0\"?>\n<osm version=\"0.6\">\n";
  const auto node = [&s](int id, double lon, double lat) {
    s << "<node id=\"" << id << "\" lat=\"" << lat << "\" lon=\"" << lon << "\"/>\n";
  };
  for (int i = 0; i < 12; ++i) node(1 + i, 112.9 + 0.0005 * i, 28.2 + 0.0001 * (i % 3));
  for (int i = 0; i < 6; ++i) node(20 + i, 112.9025 + 0.0003 * (i % 2), 28.2 + 0.0004 * (i + 1));
  node(30, 112.9040, 28.2030);
  node(31, 112.9050, 28.2030);
  s << "<way id=\"100\">";
  for (int i = 0; i < 12; ++i) s << "<nd ref=\"" << 1 + i << "\"/>";
  s << "<tag k=\"highway\" v=\"secondary\"/></way>\n";
  s << "<way id=\"101\"><nd ref=\"6\"/>";
  for (int i = 0; i < 6; ++i) s << "<nd ref=\"" << 20 + i << "\"/>";
  s << "<nd ref=\"30\"/><nd ref=\"31\"/><nd ref=\"9\"/>"
    << "<tag k=\"highway\" v=\"residential\"/><tag k=\"maxspeed\" v=\"20\"/></way>\n";
  s << "<way id=\"102\"><nd ref=\"30\"/><nd ref=\"8\"/><tag k=\"highway\" v=\"service\"/>"
    << "<tag k=\"oneway\" v=\"yes\"/></way>\n";
  s << "</osm>\n";
  return s.str();
}

std::vector<LonLat> points(std::uint32_t seed, std::size_t n) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> lon(112.8995, 112.9060), lat(28.1995, 28.2030);
  std::vector<LonLat> p;
  for (std::size_t i = 0; i < n; ++i) p.push_back({lon(rng), lat(rng)});
  return p;
}

template <class T>
bool same(std::span<const T> a, std::span<const T> b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size_bytes()) == 0;
}

/// The error message of `f`, which must throw a BadInput equiroute::Error.
template <class F>
std::string bad_input(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::BadInput);
    return e.what();
  }
  FAIL("no error thrown");
  return {};
}

}  // namespace

TEST_CASE("a prepared network maps back to the same network and results", "[eqnet]") {
  TempDir dir;
  write_file(dir / "roads.osm", small_osm());
  network::NetworkOptions options;
  options.path = (dir / "roads.osm").string();
  const auto summary = network::prepare_network(options, dir / "roads.eqnet", 2);
  CHECK(summary.nodes < summary.counts.raw_nodes);  // shape points were compressed
  CHECK(summary.file_bytes == std::filesystem::file_size(dir / "roads.eqnet"));
  // Deterministic: the same file again, and for another thread count.
  network::prepare_network(options, dir / "again.eqnet", 1);
  CHECK(read_file(dir / "roads.eqnet") == read_file(dir / "again.eqnet"));

  const auto built = network::load_routing_network(options);
  network::NetworkOptions prepared = options;
  prepared.path = (dir / "roads.eqnet").string();
  const auto mapped = network::load_routing_network(prepared);
  REQUIRE(mapped->prepared);
  CHECK_FALSE(built->prepared);
  CHECK(mapped->input_sha256 == network::file_sha256(dir / "roads.osm"));
  CHECK(mapped->profile_sha256 == network::profile_sha256(options, false));
  CHECK(mapped->working_crs == built->working_crs);
  CHECK(mapped->input_nodes == built->input_nodes);
  const auto a = built->graph->parts(), b = mapped->graph->parts();
  CHECK(same(a.node_xy, b.node_xy));
  CHECK(same(a.first_out, b.first_out));
  CHECK(same(a.head, b.head));
  CHECK(same(a.travel_s, b.travel_s));
  CHECK(same(a.shape_xy, b.shape_xy));
  CHECK(same(a.segment_backward_s, b.segment_backward_s));
  CHECK(same(built->snapper->parts().items, mapped->snapper->parts().items));
  const engine::ContractionHierarchy ch(*built->graph, {.threads = 1});
  CHECK(same(ch.parts().up_weight, mapped->hierarchy->parts().up_weight));
  CHECK(same(ch.parts().down_tail, mapped->hierarchy->parts().down_tail));

  // Identical results: the same snaps, the same matrix through the same hierarchy.
  const auto o = points(1, 40), d = points(2, 15);
  const engine::SnapOptions so;
  const auto ob = network::snap_points(*built, o, so, "o"),
             om = network::snap_points(*mapped, o, so, "o");
  const auto db = network::snap_points(*built, d, so, "d"),
             dm = network::snap_points(*mapped, d, so, "d");
  for (std::size_t i = 0; i < o.size(); ++i) {
    CHECK(ob[i].chain == om[i].chain);
    CHECK(ob[i].t == om[i].t);
    CHECK(ob[i].t_to_b_s == om[i].t_to_b_s);
  }
  for (const auto method : {engine::HierarchyMethod::buckets, engine::HierarchyMethod::sweeps}) {
    const auto x = engine::ch_od_matrix(ch, *built->graph, ob, db, {.hierarchy_method = method});
    const auto y = engine::ch_od_matrix(*mapped->hierarchy, *mapped->graph, om, dm,
                                        {.hierarchy_method = method});
    CHECK(x.destinations == y.destinations);
    CHECK(x.travel_s == y.travel_s);
  }
  // Through the travel-cost dispatcher: the road file (Dijkstra or its own hierarchy) and
  // the prepared network agree to 1e-9.
  network::TravelCostOptions tc;
  tc.network = options;
  const auto raw_costs = network::travel_costs(tc, o, d);
  tc.network = prepared;
  const auto eq_costs = network::travel_costs(tc, o, d);
  REQUIRE(raw_costs.matrix.destinations == eq_costs.matrix.destinations);
  for (std::size_t k = 0; k < raw_costs.matrix.entries(); ++k)
    CHECK(eq_costs.matrix.travel_s[k] == Approx(raw_costs.matrix.travel_s[k]).epsilon(1e-9));
  const auto iso_b = network::isochrone_pieces(*built, ob, {60.0, 120.0}, 1);
  const auto iso_m = network::isochrone_pieces(*mapped, om, {60.0, 120.0}, 1);
  for (std::size_t i = 0; i < ob.size(); ++i)
    CHECK(iso_b[i][1].nodes.size() == iso_m[i][1].nodes.size());
}

TEST_CASE("damaged, foreign and mismatching prepared networks are refused", "[eqnet]") {
  TempDir dir;
  write_file(dir / "roads.osm", small_osm());
  network::NetworkOptions options;
  options.path = (dir / "roads.osm").string();
  network::prepare_network(options, dir / "good.eqnet", 1);
  const std::string good = read_file(dir / "good.eqnet");
  const auto load = [&](const std::filesystem::path& file) {
    network::NetworkOptions o = options;
    o.path = file.string();
    return network::load_routing_network(o);
  };
  REQUIRE(load(dir / "good.eqnet")->prepared);

  // Truncated anywhere: header, table, data.
  for (const std::size_t keep :
       {std::size_t{0}, std::size_t{20}, std::size_t{60}, good.size() / 2, good.size() - 1}) {
    const auto file = dir / ("cut" + std::to_string(keep) + ".eqnet");
    write_file(file, good.substr(0, keep));
    const std::string msg = bad_input([&] { load(file); });
    INFO(msg);
    CHECK(msg.find(file.string()) != std::string::npos);
    CHECK((msg.find("truncated") != std::string::npos ||
           msg.find("not a complete prepared network") != std::string::npos));
  }
  // One flipped byte anywhere after the signature and version: the checksum catches it.
  std::mt19937 rng(7);
  for (int k = 0; k < 40; ++k) {
    std::string bad = good;
    const std::size_t at = 16 + rng() % (bad.size() - 16);
    bad[at] = static_cast<char>(bad[at] ^ (1 << (rng() % 8)));
    const auto file = dir / "flipped.eqnet";
    write_file(file, bad);
    const std::string msg = bad_input([&] { load(file); });
    INFO("byte " << at << ": " << msg);
    CHECK(msg.find("flipped.eqnet") != std::string::npos);
    CHECK((msg.find("damaged") != std::string::npos || msg.find("truncated") != std::string::npos ||
           msg.find("bytes where") != std::string::npos));
  }
  // Another format version.
  {
    std::string v2 = good;
    const std::uint32_t version = 2;
    std::memcpy(v2.data() + 8, &version, sizeof version);
    write_file(dir / "v2.eqnet", v2);
    const std::string msg = bad_input([&] { load(dir / "v2.eqnet"); });
    CHECK(msg.find("format version 2") != std::string::npos);
    CHECK(msg.find("reads version 1") != std::string::npos);
  }
  // Not a prepared network at all (by extension), and an empty one.
  write_file(dir / "text.eqnet", std::string(200, 'x'));
  CHECK(bad_input([&] { load(dir / "text.eqnet"); }).find("not a prepared equiroute network") !=
        std::string::npos);
  // Another profile: a class speed, maxspeed use, the graph options.
  network::NetworkOptions other = options;
  other.path = (dir / "good.eqnet").string();
  other.profile.speed_kmh["residential"] = 25.0;
  const std::string msg = bad_input([&] { network::load_routing_network(other); });
  CHECK(msg.find("good.eqnet") != std::string::npos);
  CHECK(msg.find("class_speeds_kmh.residential: 30.0 in the file, 25.0 requested") !=
        std::string::npos);
  other.accept_prepared_profile = true;  // the user gave no profile option
  CHECK(network::load_routing_network(other)->prepared);
  network::NetworkOptions keep_all = options;
  keep_all.path = other.path;
  keep_all.graph.keep_largest_component = false;
  CHECK(bad_input([&] {
          network::load_routing_network(keep_all);
        }).find("keep_largest_component") != std::string::npos);
  // Preparing a prepared network is refused.
  CHECK_THROWS_AS(network::prepare_network(other, dir / "x.eqnet"), Error);
}

TEST_CASE("the network cache prepares each network once", "[eqnet]") {
  TempDir dir;
  write_file(dir / "roads.osm", small_osm());
  network::NetworkOptions options;
  options.path = (dir / "roads.osm").string();
  const auto cache_dir = dir / "cache";
  {
    network::NetworkCache cache(cache_dir, 1);
    const auto a = cache.get(options);
    const auto b = cache.get(options);
    CHECK(a.get() == b.get());  // shared while held
    CHECK(a->prepared);
    CHECK(cache.prepared_count() == 1);
    const auto entry = cache.entry_path(options);
    CHECK(std::filesystem::exists(entry));
    CHECK(entry.filename().string().rfind("roads-", 0) == 0);
    // Another profile is another entry.
    network::NetworkOptions slow = options;
    slow.profile.speed_kmh["secondary"] = 30.0;
    CHECK(cache.entry_path(slow) != entry);
    CHECK(cache.get(slow)->profile_sha256 == network::profile_sha256(slow, false));
    CHECK(cache.prepared_count() == 2);
    // The travel-cost dispatcher takes its network from the cache.
    network::TravelCostOptions tc;
    tc.network = options;
    tc.cache = &cache;
    CHECK(network::travel_costs(tc, points(3, 5), points(4, 5)).matrix.entries() > 0);
    CHECK(cache.prepared_count() == 2);
  }
  {
    // A new process (cache object) maps the entry prepared before.
    network::NetworkCache cache(cache_dir, 1);
    CHECK(cache.get(options)->prepared);
    CHECK(cache.prepared_count() == 0);
    // A damaged entry is prepared again.
    const auto entry = cache.entry_path(options);
    std::string bytes = read_file(entry);
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x55);
    write_file(entry, bytes);
  }
  network::NetworkCache cache(cache_dir, 1);
  CHECK(cache.get(options)->prepared);
  CHECK(cache.prepared_count() == 1);
  // The road file changed: a new entry.
  write_file(dir / "roads.osm", small_osm() + "\n");
  CHECK(cache.get(options)->input_sha256 == network::file_sha256(dir / "roads.osm"));
  CHECK(cache.prepared_count() == 2);
}
