#include "equiroute/engine/road_graph.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

#include "road_segments.hpp"

namespace equiroute::engine {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

struct GraphEdge {
  std::uint32_t tail;
  std::uint32_t head;
  double travel_s;
  double length_m;
  std::uint32_t chain_code;  ///< chain << 1 | reversed

  /// CSR order: by tail, then head, the fastest first (so that find_edge finds it).
  static bool forward_less(const GraphEdge& x, const GraphEdge& y) {
    if (x.tail != y.tail) return x.tail < y.tail;
    if (x.head != y.head) return x.head < y.head;
    if (x.travel_s != y.travel_s) return x.travel_s < y.travel_s;
    return x.chain_code < y.chain_code;
  }
};

/// Sum of the chain's segment times from a to b (in walking order, as a search along the
/// uncompressed segments adds them) and from b to a.
double sum_forward(const std::vector<double>& s, std::uint32_t begin, std::uint32_t end) {
  double total = 0.0;
  for (auto k = begin; k < end; ++k) total += s[k];
  return total;
}
double sum_backward(const std::vector<double>& s, std::uint32_t begin, std::uint32_t end) {
  double total = 0.0;
  for (auto k = end; k > begin; --k) total += s[k - 1];
  return total;
}

/// Offsets of a CSR whose rows are `keys` (ascending, < n).
template <class Key>
std::vector<std::uint32_t> row_offsets(std::size_t n, std::size_t m, Key&& key) {
  std::vector<std::uint32_t> first(n + 1, 0);
  for (std::size_t i = 0; i < m; ++i) ++first[key(i) + 1];
  for (std::size_t i = 0; i < n; ++i) first[i + 1] += first[i];
  return first;
}

}  // namespace

struct RoadGraph::Builder {
  /// Graph nodes (junctions), chains and compressed edges from the segment graph.
  static void assemble(RoadGraph& g, const detail::SegmentGraph& seg, detail::ChainSet& chains,
                       const RoadEdges& input, const std::vector<XY>& input_xy) {
    const std::size_t raw_n = seg.node_count();
    std::vector<std::uint32_t> node_id(raw_n, kNone);
    std::vector<XY> xy;
    std::vector<LonLat> lonlat;
    std::vector<std::uint32_t> input_node;
    for (std::uint32_t v = 0; v < raw_n; ++v) {
      if (!chains.junction[v]) continue;
      node_id[v] = static_cast<std::uint32_t>(xy.size());
      const std::uint32_t in = seg.kept_input[v];
      xy.push_back(input_xy[in]);
      lonlat.push_back(input.nodes[in]);
      input_node.push_back(in);
    }
    const std::size_t chain_count = chains.a.size();
    std::vector<std::uint32_t> chain_a(chain_count), chain_b(chain_count);
    std::vector<GraphEdge> edges;
    edges.reserve(2 * chain_count);
    for (std::uint32_t c = 0; c < chain_count; ++c) {
      chain_a[c] = node_id[chains.a[c]];
      chain_b[c] = node_id[chains.b[c]];
      const auto s0 = chains.first_segment[c], s1 = chains.first_segment[c + 1];
      edges.push_back({chain_a[c], chain_b[c], sum_forward(chains.forward_s, s0, s1),
                       chains.forward_m[c], c << 1U});
      if (chains.two_way[c])
        edges.push_back({chain_b[c], chain_a[c], sum_backward(chains.backward_s, s0, s1),
                         chains.backward_m[c], (c << 1U) | 1U});
    }
    std::vector<XY> shape_xy(chains.interior.size());
    for (std::size_t i = 0; i < shape_xy.size(); ++i)
      shape_xy[i] = input_xy[seg.kept_input[chains.interior[i]]];
    g.xy_ = std::move(xy);
    g.lonlat_ = std::move(lonlat);
    g.input_node_ = std::move(input_node);
    g.chain_a_ = std::move(chain_a);
    g.chain_b_ = std::move(chain_b);
    g.chain_first_segment_ = std::move(chains.first_segment);
    g.shape_xy_ = std::move(shape_xy);
    g.segment_forward_s_ = std::move(chains.forward_s);
    g.segment_backward_s_ = std::move(chains.backward_s);
    build_csr(g, std::move(edges));
  }

  /// Forward and backward CSR arrays of the compressed edges.
  static void build_csr(RoadGraph& g, std::vector<GraphEdge> edges) {
    std::sort(edges.begin(), edges.end(), GraphEdge::forward_less);
    const std::size_t n = g.xy_.size(), m = edges.size();
    g.first_out_ = row_offsets(n, m, [&](std::size_t i) { return edges[i].tail; });
    std::vector<std::uint32_t> head(m), chain(m);
    std::vector<double> travel(m), length(m);
    for (std::size_t i = 0; i < m; ++i) {
      head[i] = edges[i].head;
      chain[i] = edges[i].chain_code;
      travel[i] = edges[i].travel_s;
      length[i] = edges[i].length_m;
    }
    // Backward: by head, then tail (stable on the forward order).
    std::vector<std::uint32_t> perm(m);
    std::iota(perm.begin(), perm.end(), 0U);
    std::stable_sort(perm.begin(), perm.end(), [&edges](std::uint32_t x, std::uint32_t y) {
      if (edges[x].head != edges[y].head) return edges[x].head < edges[y].head;
      return edges[x].tail < edges[y].tail;
    });
    g.first_in_ = row_offsets(n, m, [&](std::size_t i) { return edges[perm[i]].head; });
    std::vector<std::uint32_t> back_tail(m);
    std::vector<double> back_travel(m);
    for (std::size_t i = 0; i < m; ++i) {
      back_tail[i] = edges[perm[i]].tail;
      back_travel[i] = edges[perm[i]].travel_s;
    }
    g.head_ = std::move(head);
    g.edge_chain_ = std::move(chain);
    g.travel_s_ = std::move(travel);
    g.length_m_ = std::move(length);
    g.back_tail_ = std::move(back_tail);
    g.back_travel_s_ = std::move(back_travel);
  }
};

RoadGraph::RoadGraph(const RoadEdges& edges, const std::vector<XY>& node_xy,
                     RoadGraphOptions options) {
  if (node_xy.size() != edges.node_count())
    throw std::invalid_argument("RoadGraph: node_xy size differs from the node count");
  detail::SegmentGraph seg = detail::build_segment_graph(edges, options);
  detail::ChainSet chains = detail::find_chains(seg, options.compress_chains);
  counts_ = seg.counts;
  Builder::assemble(*this, seg, chains, edges, node_xy);
}

std::uint32_t RoadGraph::edge_tail(std::uint32_t edge) const noexcept {
  const auto it = std::upper_bound(first_out_.begin(), first_out_.end(), edge);
  return static_cast<std::uint32_t>(it - first_out_.begin() - 1);
}

std::uint32_t RoadGraph::segment_chain(std::uint32_t segment) const noexcept {
  const auto it =
      std::upper_bound(chain_first_segment_.begin(), chain_first_segment_.end(), segment);
  return static_cast<std::uint32_t>(it - chain_first_segment_.begin() - 1);
}

XY RoadGraph::chain_point(std::uint32_t chain, std::uint32_t k) const {
  if (k == 0) return xy_[chain_a_[chain]];
  if (k == segment_count(chain)) return xy_[chain_b_[chain]];
  // Shape points of chain c: segment_count(c) - 1 of them, after those of chains < c.
  return shape_xy_[chain_first_segment_[chain] - chain + k - 1];
}

void RoadGraph::append_edge_polyline(std::uint32_t edge, std::vector<XY>& out) const {
  const std::uint32_t c = edge_chain(edge), k_end = segment_count(c);
  if (edge_reversed(edge)) {
    for (std::uint32_t k = k_end + 1; k > 0; --k) out.push_back(chain_point(c, k - 1));
  } else {
    for (std::uint32_t k = 0; k <= k_end; ++k) out.push_back(chain_point(c, k));
  }
}

std::int64_t RoadGraph::find_edge(std::uint32_t u, std::uint32_t v) const noexcept {
  if (u >= node_count()) return -1;
  const auto begin = head_.begin() + first_out_[u], end = head_.begin() + first_out_[u + 1];
  const auto it = std::lower_bound(begin, end, v);
  if (it == end || *it != v) return -1;
  return it - head_.begin();
}

double RoadGraph::edge_travel_s(std::uint32_t u, std::uint32_t v) const noexcept {
  const auto e = find_edge(u, v);
  return e < 0 ? std::numeric_limits<double>::infinity() : travel_s_[static_cast<std::size_t>(e)];
}

std::size_t RoadGraph::memory_bytes() const noexcept {
  return xy_.bytes() + lonlat_.bytes() + input_node_.bytes() + first_out_.bytes() + head_.bytes() +
         edge_chain_.bytes() + travel_s_.bytes() + length_m_.bytes() + first_in_.bytes() +
         back_tail_.bytes() + back_travel_s_.bytes() + chain_a_.bytes() + chain_b_.bytes() +
         chain_first_segment_.bytes() + shape_xy_.bytes() + segment_forward_s_.bytes() +
         segment_backward_s_.bytes();
}

RoadGraph::Parts RoadGraph::parts() const noexcept {
  return {xy_,
          lonlat_,
          input_node_,
          first_out_,
          head_,
          edge_chain_,
          travel_s_,
          length_m_,
          first_in_,
          back_tail_,
          back_travel_s_,
          chain_a_,
          chain_b_,
          chain_first_segment_,
          shape_xy_,
          segment_forward_s_,
          segment_backward_s_,
          counts_};
}

}  // namespace equiroute::engine
