#include "equiroute/engine/road_graph.hpp"

#include <algorithm>
#include <boost/graph/strong_components.hpp>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

namespace equiroute::engine {
namespace {

struct RawEdge {
  std::uint32_t u;
  std::uint32_t v;
  double travel_s;
  double length_m;
};

using Pair = std::pair<std::uint32_t, std::uint32_t>;

}  // namespace

RoadGraph::RoadGraph(const RoadEdges& edges, const std::vector<XY>& node_xy,
                     RoadGraphOptions options) {
  const std::size_t n = edges.node_count();
  const std::size_t m = edges.edge_count();
  if (node_xy.size() != n)
    throw std::invalid_argument("RoadGraph: node_xy size differs from the node count");
  if (edges.to.size() != m || edges.length_m.size() != m || edges.travel_s.size() != m)
    throw std::invalid_argument("RoadGraph: edge arrays differ in size");
  if (n > std::numeric_limits<std::uint32_t>::max() - 1 ||
      m > std::numeric_limits<std::uint32_t>::max() - 1)
    throw std::invalid_argument("RoadGraph: more than 2^32 - 2 nodes or edges");

  // Validate, drop self-loops, then merge parallel edges (keep the fastest; its length).
  std::vector<RawEdge> raw;
  raw.reserve(m);
  for (std::size_t i = 0; i < m; ++i) {
    const auto u = edges.from[i], v = edges.to[i];
    if (u >= n || v >= n)
      throw std::invalid_argument("RoadGraph: edge " + std::to_string(i) +
                                  " refers to a node out of range");
    const double t = edges.travel_s[i], len = edges.length_m[i];
    if (!std::isfinite(t) || t < 0.0 || !std::isfinite(len) || len < 0.0)
      throw std::invalid_argument("RoadGraph: edge " + std::to_string(i) +
                                  " has a negative or non-finite cost");
    if (u == v) {
      ++merged_edges_;
      continue;
    }
    raw.push_back({u, v, t, len});
  }
  std::sort(raw.begin(), raw.end(), [](const RawEdge& a, const RawEdge& b) {
    if (a.u != b.u) return a.u < b.u;
    if (a.v != b.v) return a.v < b.v;
    if (a.travel_s != b.travel_s) return a.travel_s < b.travel_s;
    return a.length_m < b.length_m;
  });
  {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (kept > 0 && raw[kept - 1].u == raw[i].u && raw[kept - 1].v == raw[i].v) {
        ++merged_edges_;
        continue;
      }
      raw[kept++] = raw[i];
    }
    raw.resize(kept);
  }

  // Strongly connected components on the full graph (Boost's Tarjan, non-recursive DFS).
  std::vector<std::uint32_t> keep_map(n, std::numeric_limits<std::uint32_t>::max());
  {
    std::vector<Pair> pairs(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) pairs[i] = {raw[i].u, raw[i].v};
    Csr full(boost::edges_are_sorted, pairs.begin(), pairs.end(), n);
    std::vector<Pair>().swap(pairs);
    std::vector<std::uint32_t> component(n, 0);
    components_ = n == 0 ? 0
                         : boost::strong_components(
                               full, boost::make_iterator_property_map(
                                         component.begin(), boost::get(boost::vertex_index, full)));
    std::uint32_t keep_component = 0;
    bool keep_all = !options.keep_largest_component;
    if (!keep_all && components_ > 0) {
      // Largest component by node count; ties to the one holding the lowest node id.
      std::vector<std::size_t> size(components_, 0);
      std::vector<std::uint32_t> first(components_, std::numeric_limits<std::uint32_t>::max());
      for (std::uint32_t i = 0; i < n; ++i) {
        ++size[component[i]];
        first[component[i]] = std::min(first[component[i]], i);
      }
      for (std::uint32_t c = 1; c < components_; ++c)
        if (size[c] > size[keep_component] ||
            (size[c] == size[keep_component] && first[c] < first[keep_component]))
          keep_component = c;
    }
    std::uint32_t next = 0;
    if (keep_all) {
      // Every node that has an edge; isolated nodes would only be unreachable snap targets.
      std::vector<char> used(n, 0);
      for (const auto& e : raw) used[e.u] = used[e.v] = 1;
      for (std::uint32_t i = 0; i < n; ++i)
        if (used[i]) keep_map[i] = next++;
    } else {
      for (std::uint32_t i = 0; i < n; ++i)
        if (component[i] == keep_component) keep_map[i] = next++;
    }
    input_node_.resize(next);
    xy_.resize(next);
    lonlat_.resize(next);
    for (std::uint32_t i = 0; i < n; ++i) {
      if (keep_map[i] == std::numeric_limits<std::uint32_t>::max()) continue;
      input_node_[keep_map[i]] = i;
      xy_[keep_map[i]] = node_xy[i];
      lonlat_[keep_map[i]] = edges.nodes[i];
    }
    dropped_nodes_ = n - next;
  }

  // Kept edges: renumbering is monotone, so the (u, v) order is preserved.
  std::vector<Pair> pairs;
  pairs.reserve(raw.size());
  for (const auto& e : raw) {
    const auto u = keep_map[e.u], v = keep_map[e.v];
    if (u == std::numeric_limits<std::uint32_t>::max() ||
        v == std::numeric_limits<std::uint32_t>::max())
      continue;
    pairs.emplace_back(u, v);
    tail_.push_back(u);
    travel_s_.push_back(e.travel_s);
    length_m_.push_back(e.length_m);
  }
  dropped_edges_ = m - merged_edges_ - pairs.size();
  std::vector<RawEdge>().swap(raw);
  if (pairs.empty())
    throw std::invalid_argument("RoadGraph: no edge left after dropping disconnected parts");
  forward_ = Csr(boost::edges_are_sorted, pairs.begin(), pairs.end(), xy_.size());

  // Backward CSR: reversed pairs sorted by (v, u); remember the forward edge id.
  std::vector<std::uint32_t> perm(pairs.size());
  std::iota(perm.begin(), perm.end(), 0U);
  std::sort(perm.begin(), perm.end(), [&pairs](std::uint32_t a, std::uint32_t b) {
    if (pairs[a].second != pairs[b].second) return pairs[a].second < pairs[b].second;
    return pairs[a].first < pairs[b].first;
  });
  std::vector<Pair> reversed(pairs.size());
  for (std::size_t i = 0; i < perm.size(); ++i)
    reversed[i] = {pairs[perm[i]].second, pairs[perm[i]].first};
  std::vector<Pair>().swap(pairs);
  backward_ = Csr(boost::edges_are_sorted, reversed.begin(), reversed.end(), xy_.size());
  back_edge_ = std::move(perm);
  back_travel_s_.resize(back_edge_.size());
  for (std::size_t i = 0; i < back_edge_.size(); ++i) back_travel_s_[i] = travel_s_[back_edge_[i]];
}

std::int64_t RoadGraph::find_edge(std::uint32_t u, std::uint32_t v) const noexcept {
  if (u >= node_count()) return -1;
  const auto& rows = forward_.m_forward.m_rowstart;
  const auto& cols = forward_.m_forward.m_column;
  const auto begin = cols.begin() + rows[u], end = cols.begin() + rows[u + 1];
  const auto it = std::lower_bound(begin, end, v);
  if (it == end || *it != v) return -1;
  return it - cols.begin();
}

double RoadGraph::edge_travel_s(std::uint32_t u, std::uint32_t v) const noexcept {
  const auto e = find_edge(u, v);
  return e < 0 ? std::numeric_limits<double>::infinity() : travel_s_[static_cast<std::size_t>(e)];
}

std::size_t RoadGraph::memory_bytes() const noexcept {
  const auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  return bytes(forward_.m_forward.m_rowstart) + bytes(forward_.m_forward.m_column) +
         bytes(backward_.m_forward.m_rowstart) + bytes(backward_.m_forward.m_column) +
         bytes(tail_) + bytes(travel_s_) + bytes(length_m_) + bytes(back_edge_) +
         bytes(back_travel_s_) + bytes(xy_) + bytes(lonlat_) + bytes(input_node_);
}

}  // namespace equiroute::engine
