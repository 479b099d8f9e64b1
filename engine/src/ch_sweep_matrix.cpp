// Matrices by RPHAST sweeps (Delling, Goldberg & Werneck 2011): one upward search per
// source of the smaller side, one sweep per group of 8 sources over the other side's
// selection, then the pairs combined with the snaps' partial costs. Also the helpers the
// bucket algorithm shares (ch_queries.cpp).

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>

#include "ch_matrix.hpp"

namespace equiroute::engine::detail {

/// Rows → CostMatrix, freeing each row as it is copied.
CostMatrix from_rows(SparseLines& rows, std::size_t destination_count) {
  CostMatrix m;
  m.origin_count = rows.ids.size();
  m.destination_count = destination_count;
  std::size_t total = 0;
  for (const auto& r : rows.ids) total += r.size();
  m.destinations.reserve(total);
  m.travel_s.reserve(total);
  for (std::size_t i = 0; i < m.origin_count; ++i) {
    m.destinations.insert(m.destinations.end(), rows.ids[i].begin(), rows.ids[i].end());
    m.travel_s.insert(m.travel_s.end(), rows.costs[i].begin(), rows.costs[i].end());
    std::vector<std::uint32_t>().swap(rows.ids[i]);
    std::vector<double>().swap(rows.costs[i]);
    m.row_offsets.push_back(m.destinations.size());
  }
  return m;
}

/// The cost o → d given the distances from o's seeds to d's chain ends (`from_a`,
/// `from_b`; +inf when absent), with the direct move along a common chain.
double pair_cost(const RoadGraph& g, const Snap& o, const Snap& d, double from_a, double from_b) {
  double best = kUnreachable;
  if (std::isfinite(d.t_from_a_s)) best = std::min(best, from_a + d.t_from_a_s);
  if (std::isfinite(d.t_from_b_s)) best = std::min(best, from_b + d.t_from_b_s);
  best += d.access_s;
  if (o.chain == d.chain) {
    const double along = same_segment_s(g, o, d);
    if (std::isfinite(along)) best = std::min(best, o.access_s + along + d.access_s);
  }
  return best;
}

/// The cost o → d given the distances from o's chain ends to d's seeds (backward sweep).
double pair_cost_backward(const RoadGraph& g, const Snap& o, const Snap& d, double to_a,
                          double to_b) {
  double best = kUnreachable;
  if (std::isfinite(o.t_to_a_s)) best = std::min(best, o.access_s + o.t_to_a_s + to_a);
  if (std::isfinite(o.t_to_b_s)) best = std::min(best, o.access_s + o.t_to_b_s + to_b);
  if (o.chain == d.chain) {
    const double along = same_segment_s(g, o, d);
    if (std::isfinite(along)) best = std::min(best, o.access_s + along + d.access_s);
  }
  return best;
}

/// Ranks of the chain ends of the reachable snaps (the targets of a selection).
std::vector<std::uint32_t> end_ranks(const ContractionHierarchy& ch,
                                     const std::vector<Snap>& snaps) {
  std::vector<std::uint32_t> ranks;
  for (const auto& s : snaps)
    if (s.reachable) {
      ranks.push_back(ch.rank(s.a));
      ranks.push_back(ch.rank(s.b));
    }
  return ranks;
}

namespace {

/// Local ids of each snap's chain ends in a selection.
struct LocalEnds {
  std::uint32_t a, b;
};
std::vector<LocalEnds> local_ends(const ContractionHierarchy& ch, const Selection& sel,
                                  const std::vector<Snap>& snaps) {
  std::vector<LocalEnds> out(snaps.size(), {0, 0});
  for (std::size_t i = 0; i < snaps.size(); ++i)
    if (snaps[i].reachable)
      out[i] = {sel.local_of[ch.rank(snaps[i].a)], sel.local_of[ch.rank(snaps[i].b)]};
  return out;
}

/// Reachable snaps ordered by the local id of their chain's a end, so that reading their
/// distances after a sweep walks the buffer forwards instead of jumping around it.
std::vector<std::uint32_t> in_sweep_order(const std::vector<Snap>& snaps,
                                          const std::vector<LocalEnds>& ends) {
  std::vector<std::uint32_t> order;
  for (std::uint32_t i = 0; i < snaps.size(); ++i)
    if (snaps[i].reachable) order.push_back(i);
  std::sort(order.begin(), order.end(), [&ends](std::uint32_t x, std::uint32_t y) {
    return ends[x].a < ends[y].a || (ends[x].a == ends[y].a && x < y);
  });
  return order;
}

/// What a backward sweep's distances are combined with, per origin in sweep order:
/// seconds from the point to its chain's ends (access leg included; +inf when the chain
/// does not allow that direction) and their local ids.
struct OriginTerm {
  double to_a, to_b;
  std::uint32_t la, lb;
  std::uint32_t chain;
  std::uint32_t index;  ///< the origin's index
};

/// One sweep group's pairs within the cutoff, in sweep order of the origins: count[p]
/// entries for the p-th origin, each a lane (destination first + lane) and its cost.
struct GroupPairs {
  std::size_t first = 0;
  std::vector<std::uint8_t> count;
  std::vector<std::uint8_t> lane;
  std::vector<double> cost;
};

/// The group's pairs: for each origin (in sweep order, reading the sweep buffer forwards),
/// the cost to each of the group's destinations.
void collect_group(const MatrixInput& in, const std::vector<OriginTerm>& terms, const SweepGroup& g,
                   GroupPairs& out) {
  out.first = g.first;
  out.count.assign(terms.size(), 0);
  for (std::size_t p = 0; p < terms.size(); ++p) {
    const OriginTerm& o = terms[p];
    const double *da = g.at(o.la), *db = g.at(o.lb);
    for (unsigned lane = 0; lane < g.count; ++lane) {
      const Snap& d = in.destinations[g.first + lane];
      if (!d.reachable) continue;
      double c = std::min(o.to_a + da[lane], o.to_b + db[lane]);
      if (o.chain == d.chain) {  // rare: the direct move along the common chain
        const Snap& os = in.origins[o.index];
        const double along = same_segment_s(in.graph, os, d);
        if (std::isfinite(along)) c = std::min(c, os.access_s + along + d.access_s);
      }
      if (!(c <= in.cutoff_s) || std::isinf(c)) continue;
      out.lane.push_back(static_cast<std::uint8_t>(lane));
      out.cost.push_back(c);
      ++out.count[p];
    }
  }
}

/// Rows from the groups' pairs: each origin's entries, group by group (so destinations
/// ascend), written where its row runs. In parallel over fixed ranges of origins (in sweep
/// order), each range reading its part of every group: the same rows for any thread count.
CostMatrix assemble_rows(std::vector<GroupPairs>& groups, const std::vector<OriginTerm>& terms,
                         std::size_t origin_count, std::size_t destination_count,
                         unsigned threads) {
  CostMatrix m;
  m.origin_count = origin_count;
  m.destination_count = destination_count;
  m.row_offsets.assign(origin_count + 1, 0);
  for (const auto& g : groups)
    for (std::size_t p = 0; p < terms.size(); ++p) m.row_offsets[terms[p].index + 1] += g.count[p];
  for (std::size_t i = 0; i < origin_count; ++i) m.row_offsets[i + 1] += m.row_offsets[i];
  m.destinations.resize(m.row_offsets[origin_count]);
  m.travel_s.resize(m.row_offsets[origin_count]);
  constexpr std::size_t kRanges = 256;
  const std::size_t n = terms.size();
  const auto range_begin = [n](std::size_t r) { return r * n / kRanges; };
  // Where each range starts in each group's entries.
  std::vector<std::size_t> start(groups.size() * (kRanges + 1));
  parallel_over(groups.size(), threads, [&](std::size_t g) {
    std::size_t k = 0, p = 0;
    for (std::size_t r = 0; r <= kRanges; ++r) {
      for (; p < range_begin(r); ++p) k += groups[g].count[p];
      start[g * (kRanges + 1) + r] = k;
    }
  });
  std::vector<std::size_t> fill(n);  // next free slot of each origin's row, by sweep order
  for (std::size_t p = 0; p < n; ++p) fill[p] = m.row_offsets[terms[p].index];
  parallel_over(kRanges, threads, [&](std::size_t r) {
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const GroupPairs& pairs = groups[g];
      std::size_t k = start[g * (kRanges + 1) + r];
      for (std::size_t p = range_begin(r); p < range_begin(r + 1); ++p) {
        std::size_t& at = fill[p];
        for (std::uint8_t c = 0; c < pairs.count[p]; ++c, ++k, ++at) {
          m.destinations[at] = static_cast<std::uint32_t>(pairs.first + pairs.lane[k]);
          m.travel_s[at] = pairs.cost[k];
        }
      }
    }
  });
  groups.clear();
  return m;
}

}  // namespace

/// Forward sweeps from the origins over the destinations' selection.
CostMatrix sweep_matrix_forward(const MatrixInput& in, const Selection& sel) {
  const auto ends = local_ends(in.ch, sel, in.destinations);
  const auto order = in_sweep_order(in.destinations, ends);
  constexpr unsigned kLanes = 8;
  tbb::enumerable_thread_specific<std::vector<double>> buffers(
      [&] { return std::vector<double>(kLanes * in.destinations.size()); });
  SparseLines rows(in.origins.size());
  sweep_sources(in.ch, sel, in.sources, in.cutoff_s, in.threads, [&](const SweepGroup& g) {
    auto& costs = buffers.local();  // costs[j * kLanes + lane]
    for (const std::uint32_t j : order) {
      const double *da = g.at(ends[j].a), *db = g.at(ends[j].b);
      for (unsigned lane = 0; lane < g.count; ++lane)
        costs[j * kLanes + lane] =
            pair_cost(in.graph, in.origins[g.first + lane], in.destinations[j], da[lane], db[lane]);
    }
    for (unsigned lane = 0; lane < g.count; ++lane) {
      const std::size_t i = g.first + lane;
      if (!in.origins[i].reachable) continue;
      for (std::uint32_t j = 0; j < in.destinations.size(); ++j) {
        if (!in.destinations[j].reachable) continue;
        const double c = costs[j * kLanes + lane];
        if (c <= in.cutoff_s && std::isfinite(c)) rows.add(i, j, c);
      }
    }
  });
  return from_rows(rows, in.destinations.size());
}

CostMatrix sweep_matrix_backward(const MatrixInput& in, const Selection& sel) {
  const auto ends = local_ends(in.ch, sel, in.origins);
  std::vector<OriginTerm> terms;
  for (const std::uint32_t i : in_sweep_order(in.origins, ends)) {
    const Snap& o = in.origins[i];
    const double inf = kUnreachable;
    terms.push_back({std::isfinite(o.t_to_a_s) ? o.access_s + o.t_to_a_s : inf,
                     std::isfinite(o.t_to_b_s) ? o.access_s + o.t_to_b_s : inf, ends[i].a,
                     ends[i].b, o.chain, i});
  }
  std::vector<GroupPairs> groups(in.destinations.size());  // at the group's first index
  sweep_sources(in.ch, sel, in.targets, in.cutoff_s, in.threads,
                [&](const SweepGroup& g) { collect_group(in, terms, g, groups[g.first]); });
  std::erase_if(groups, [](const GroupPairs& g) { return g.count.empty(); });
  return assemble_rows(groups, terms, in.origins.size(), in.destinations.size(), in.threads);
}

}  // namespace equiroute::engine::detail
