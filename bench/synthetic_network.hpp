#pragma once
// A deterministic synthetic road network written as OSM PBF, for benchmarks.
//
// Shape (hierarchical, like a planned Chinese prefecture around 112°E 28°N):
//   - a local grid with ~100 m spacing and ±20 m jitter (residential / unclassified), some of
//     its streets one-way and a few blocks missing;
//   - arterials every 10th row and column (secondary, every 40th primary), half of them with a
//     `maxspeed` tag;
//   - a few motorways, each two `oneway=yes` carriageways between two grid rows (or columns),
//     crossing the grid without junctions and joined to it by `motorway_link` ramps every 2 km.
// Everything is drawn from std::mt19937_64 (whose output the C++ standard fixes) through the
// hand-written draws below: std::uniform_*_distribution are not portable across standard
// libraries, so they are not used. The same (nodes, seed) gives byte-identical data anywhere.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <numbers>
#include <osmium/builder/osm_object_builder.hpp>
#include <osmium/io/any_output.hpp>
#include <osmium/io/header.hpp>
#include <osmium/io/writer.hpp>
#include <osmium/memory/buffer.hpp>
#include <osmium/osm/box.hpp>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "equiroute/geodata/atomic_output.hpp"
#include "equiroute/report/text_table.hpp"

namespace equiroute::bench {

/// Portable random draws over std::mt19937_64.
class PortableRng {
 public:
  explicit PortableRng(std::uint64_t seed) : gen_(seed) {}
  /// Uniform in [0, 1) from the top 53 bits.
  double uniform01() { return static_cast<double>(gen_() >> 11) * 0x1.0p-53; }
  /// Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }
  bool chance(double p) { return uniform01() < p; }
  /// Uniform integer in [0, n), n > 0, by rejection (no modulo bias).
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t x = gen_();
    while (x >= limit) x = gen_();
    return x % n;
  }

 private:
  std::mt19937_64 gen_;
};

struct SyntheticNetworkParams {
  std::uint64_t nodes = 100000;  ///< approximate number of OSM nodes (grid ≈ √nodes × √nodes)
  std::uint64_t seed = 1;
  double origin_lon = 112.0;  ///< south-west corner
  double origin_lat = 28.0;
  double spacing_m = 100.0;
  double jitter_m = 20.0;
};

struct SyntheticNetworkSummary {
  std::uint64_t nodes = 0;
  std::uint64_t ways = 0;
  std::uint64_t columns = 0;
  std::uint64_t rows = 0;
  osmium::Box box;
};

namespace detail {

constexpr double kMetresPerDegreeLat = 111320.0;

struct Grid {
  std::uint64_t columns = 0;
  std::uint64_t rows = 0;
  double dlon = 0;  ///< degrees per spacing step east
  double dlat = 0;  ///< degrees per spacing step north
  double lon0 = 0;
  double lat0 = 0;
  std::int64_t id(std::uint64_t row, std::uint64_t col) const {
    return static_cast<std::int64_t>(row * columns + col + 1);
  }
  double lon(double col) const { return lon0 + col * dlon; }
  double lat(double row) const { return lat0 + row * dlat; }
};

inline Grid make_grid(const SyntheticNetworkParams& p) {
  if (p.nodes < 100) throw std::invalid_argument("synthetic network needs at least 100 nodes");
  Grid g;
  g.columns = static_cast<std::uint64_t>(std::llround(std::sqrt(static_cast<double>(p.nodes))));
  g.rows = std::max<std::uint64_t>(10, p.nodes / g.columns);
  g.lon0 = p.origin_lon;
  g.lat0 = p.origin_lat;
  g.dlat = p.spacing_m / kMetresPerDegreeLat;
  // Mid-latitude of the grid so that east-west spacing stays ~spacing_m throughout.
  const double mid_lat = p.origin_lat + 0.5 * static_cast<double>(g.rows) * g.dlat;
  g.dlon = p.spacing_m / (kMetresPerDegreeLat * std::cos(mid_lat * std::numbers::pi / 180.0));
  return g;
}

using Tags = std::vector<std::pair<std::string, std::string>>;

/// Buffers OSM objects and hands them to the writer in ~8 MB chunks.
class ChunkedWriter {
 public:
  explicit ChunkedWriter(osmium::io::Writer& writer) : writer_(writer) {}
  ~ChunkedWriter() = default;
  ChunkedWriter(const ChunkedWriter&) = delete;
  ChunkedWriter& operator=(const ChunkedWriter&) = delete;

  void node(std::int64_t id, double lon, double lat) {
    {
      osmium::builder::NodeBuilder b{buffer_};
      b.set_id(id).set_version(1).set_changeset(1).set_uid(1).set_timestamp(kTimestamp);
      b.set_location(osmium::Location{lon, lat});
    }
    commit();
  }
  void way(std::int64_t id, const std::vector<std::int64_t>& node_ids, const Tags& tags) {
    {
      osmium::builder::WayBuilder b{buffer_};
      b.set_id(id).set_version(1).set_changeset(1).set_uid(1).set_timestamp(kTimestamp);
      {
        osmium::builder::WayNodeListBuilder nodes{b};
        for (auto n : node_ids) nodes.add_node_ref(n);
      }
      osmium::builder::TagListBuilder tl{b};
      for (const auto& [k, v] : tags) tl.add_tag(k, v);
    }
    commit();
  }
  void flush() {
    if (buffer_.committed() > 0) {
      writer_(std::move(buffer_));
      buffer_ = osmium::memory::Buffer{kBufferBytes, osmium::memory::Buffer::auto_grow::yes};
    }
  }

 private:
  static constexpr std::size_t kBufferBytes = 8U << 20U;
  static constexpr std::uint32_t kTimestamp = 1514764800;  // 2018-01-01T00:00:00Z

  void commit() {
    buffer_.commit();
    if (buffer_.committed() > kBufferBytes - (64U << 10U)) flush();
  }

  osmium::io::Writer& writer_;
  osmium::memory::Buffer buffer_{kBufferBytes, osmium::memory::Buffer::auto_grow::yes};
};

}  // namespace detail

/// Writes the network to `output` (atomically; format PBF whatever the extension).
/// Throws std::invalid_argument for nodes < 100 and osmium/equiroute errors on I/O failure.
inline SyntheticNetworkSummary write_synthetic_network(const SyntheticNetworkParams& p,
                                                       const std::filesystem::path& output) {
  const detail::Grid g = detail::make_grid(p);
  PortableRng rng{p.seed};
  SyntheticNetworkSummary summary;
  summary.columns = g.columns;
  summary.rows = g.rows;

  // Motorways: horizontal ones between rows r and r+1, vertical ones between columns c, c+1.
  const std::uint64_t h_motorways = std::max<std::uint64_t>(1, g.rows / 400);
  const std::uint64_t v_motorways = std::max<std::uint64_t>(1, g.columns / 400);
  constexpr std::uint64_t kMotorwayStep = 5;  // carriageway node every 500 m
  constexpr std::uint64_t kRampEvery = 20;    // interchange every 2 km
  constexpr std::uint64_t kWayChunk = 8;      // grid segments per OSM way
  constexpr std::uint64_t kArterialEvery = 10;

  geodata::AtomicOutput out{output};
  osmium::io::Header header;
  header.set("generator", "equiroute make_synthetic_network");
  summary.box.extend(osmium::Location{g.lon(-1), g.lat(-1)});
  summary.box.extend(
      osmium::Location{g.lon(static_cast<double>(g.columns)), g.lat(static_cast<double>(g.rows))});
  header.add_box(summary.box);
  osmium::io::Writer writer{osmium::io::File{out.temp_path().string(), "pbf"}, header,
                            osmium::io::overwrite::allow};
  detail::ChunkedWriter w{writer};

  // Grid nodes, row-major, ids 1..rows*columns.
  const double jitter_lat = p.jitter_m / detail::kMetresPerDegreeLat / g.dlat;  // in grid steps
  for (std::uint64_t r = 0; r < g.rows; ++r) {
    for (std::uint64_t c = 0; c < g.columns; ++c) {
      const double jr = rng.uniform(-jitter_lat, jitter_lat);
      const double jc = rng.uniform(-jitter_lat, jitter_lat);
      w.node(g.id(r, c), g.lon(static_cast<double>(c) + jc), g.lat(static_cast<double>(r) + jr));
      ++summary.nodes;
    }
  }

  // Motorway carriageway nodes. Each motorway has carriageway A (increasing direction) and B.
  struct Carriageway {
    std::vector<std::int64_t> ids;  ///< in driving order
    std::vector<std::uint64_t> at;  ///< grid column (horizontal) or row (vertical) of each node
  };
  struct Motorway {
    bool horizontal = true;
    std::uint64_t line = 0;  ///< the row (horizontal) or column (vertical) it runs beside
    Carriageway a, b;
  };
  std::vector<Motorway> motorways;
  std::int64_t next_id = static_cast<std::int64_t>(g.rows * g.columns) + 1;
  auto add_motorway = [&](bool horizontal, std::uint64_t line) {
    Motorway m;
    m.horizontal = horizontal;
    m.line = line;
    const std::uint64_t length = horizontal ? g.columns : g.rows;
    for (std::uint64_t s = 0; s < length; s += kMotorwayStep) {
      for (int side = 0; side < 2; ++side) {
        const double offset = static_cast<double>(line) + (side == 0 ? 0.35 : 0.65);
        const double lon = horizontal ? g.lon(static_cast<double>(s)) : g.lon(offset);
        const double lat = horizontal ? g.lat(offset) : g.lat(static_cast<double>(s));
        w.node(next_id, lon, lat);
        ++summary.nodes;
        Carriageway& cw = side == 0 ? m.a : m.b;
        cw.ids.push_back(next_id++);
        cw.at.push_back(s);
      }
    }
    std::reverse(m.b.ids.begin(), m.b.ids.end());
    std::reverse(m.b.at.begin(), m.b.at.end());
    motorways.push_back(std::move(m));
  };
  for (std::uint64_t i = 0; i < h_motorways; ++i)
    add_motorway(true, (i + 1) * g.rows / (h_motorways + 1));
  for (std::uint64_t i = 0; i < v_motorways; ++i)
    add_motorway(false, (i + 1) * g.columns / (v_motorways + 1));

  // Ways.
  std::int64_t way_id = 1;
  auto emit_way = [&](const std::vector<std::int64_t>& ids, const detail::Tags& tags) {
    w.way(way_id++, ids, tags);
    ++summary.ways;
  };
  auto speed_tag = [&](detail::Tags& tags, const char* a, const char* b, double p_tag) {
    if (rng.chance(p_tag)) tags.emplace_back("maxspeed", rng.chance(0.5) ? a : b);
  };
  // A grid line (row or column) as ways of kWayChunk segments.
  auto grid_line = [&](bool horizontal, std::uint64_t line) {
    const std::uint64_t length = horizontal ? g.columns : g.rows;
    const bool arterial = line % kArterialEvery == 0;
    const bool primary = line % (4 * kArterialEvery) == 0;
    for (std::uint64_t start = 0; start + 1 < length; start += kWayChunk) {
      const std::uint64_t end = std::min(length - 1, start + kWayChunk);
      detail::Tags tags;
      bool reverse = false;
      if (arterial) {
        tags.emplace_back("highway", primary ? "primary" : "secondary");
        if (primary)
          speed_tag(tags, "60", "80", 0.5);
        else
          speed_tag(tags, "50", "60", 0.5);
      } else {
        if (rng.chance(0.02)) continue;  // a missing block
        tags.emplace_back("highway", rng.chance(0.25) ? "unclassified" : "residential");
        if (rng.chance(0.08)) {
          tags.emplace_back("oneway", "yes");
          reverse = rng.chance(0.5);
        }
      }
      std::vector<std::int64_t> ids;
      for (std::uint64_t s = start; s <= end; ++s)
        ids.push_back(horizontal ? g.id(line, s) : g.id(s, line));
      if (reverse) std::reverse(ids.begin(), ids.end());
      emit_way(ids, tags);
    }
  };
  for (std::uint64_t r = 0; r < g.rows; ++r) grid_line(true, r);
  for (std::uint64_t c = 0; c < g.columns; ++c) grid_line(false, c);

  for (const Motorway& m : motorways) {
    for (const Carriageway* cw : {&m.a, &m.b}) {
      detail::Tags tags{{"highway", "motorway"}, {"oneway", "yes"}};
      speed_tag(tags, "100", "120", 0.7);
      emit_way(cw->ids, tags);
    }
    // Ramps. A drives towards increasing s beside grid line `line`; B towards decreasing s
    // beside line+1. Off-ramps leave forward to the next grid node, on-ramps join from behind.
    const std::uint64_t length = m.horizontal ? g.columns : g.rows;
    auto grid_at = [&](std::uint64_t line, std::uint64_t s) {
      return m.horizontal ? g.id(line, s) : g.id(s, line);
    };
    const detail::Tags ramp{{"highway", "motorway_link"}, {"oneway", "yes"}};
    for (std::size_t i = 0; i < m.a.ids.size(); ++i) {
      const std::uint64_t s = m.a.at[i];
      if (s % kRampEvery != kRampEvery / 2 || s + 1 >= length || s == 0) continue;
      emit_way({m.a.ids[i], grid_at(m.line, s + 1)}, ramp);  // off
      emit_way({grid_at(m.line, s - 1), m.a.ids[i]}, ramp);  // on
    }
    for (std::size_t i = 0; i < m.b.ids.size(); ++i) {
      const std::uint64_t s = m.b.at[i];
      if (s % kRampEvery != kRampEvery / 2 || s + 1 >= length || s == 0) continue;
      emit_way({m.b.ids[i], grid_at(m.line + 1, s - 1)}, ramp);  // off
      emit_way({grid_at(m.line + 1, s + 1), m.b.ids[i]}, ramp);  // on
    }
  }
  w.flush();
  writer.close();
  out.commit();
  return summary;
}

/// Deterministic points spread uniformly over the network's area (not on nodes), written as
/// CSV `id,lon,lat` with integer ids 0..count-1. The stream depends on (seed, salt) only.
inline void write_synthetic_points(const SyntheticNetworkParams& p, std::uint64_t count,
                                   std::uint64_t salt, const std::filesystem::path& output) {
  const detail::Grid g = detail::make_grid(p);
  PortableRng rng{p.seed * 0x9E3779B97F4A7C15ULL + salt};
  io::TextTable table{{"id", "lon", "lat"}, {0, 9, 9}};
  for (std::uint64_t i = 0; i < count; ++i) {
    const double col = rng.uniform(0.0, static_cast<double>(g.columns - 1));
    const double row = rng.uniform(0.0, static_cast<double>(g.rows - 1));
    table.add_row({static_cast<long long>(i), g.lon(col), g.lat(row)});
  }
  table.write_csv(output);
}

}  // namespace equiroute::bench
