#include "equiroute/engine/rank_stability.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "equiroute/core/error.hpp"

namespace equiroute::engine {

std::vector<double> average_ranks(std::span<const double> values, RankOrder order) {
  const std::size_t n = values.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(values[i])) {
      throw Error("cannot rank a value that is not a number",
                  {.feature_id = "#" + std::to_string(i)});
    }
  }
  std::vector<std::size_t> idx(n);
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
    return order == RankOrder::Descending ? values[a] > values[b] : values[a] < values[b];
  });
  std::vector<double> ranks(n);
  for (std::size_t start = 0; start < n;) {
    std::size_t end = start + 1;
    while (end < n && values[idx[end]] == values[idx[start]]) ++end;
    // Positions start+1 .. end (1-based) share their mean.
    const double rank = 0.5 * static_cast<double>(start + 1 + end);
    for (std::size_t k = start; k < end; ++k) ranks[idx[k]] = rank;
    start = end;
  }
  return ranks;
}

std::optional<double> pearson(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size()) throw Error("pearson: length mismatch", {}, ErrorKind::Internal);
  const std::size_t n = x.size();
  if (n < 2) return std::nullopt;
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(n);
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(n);
  double sxy = 0.0, sxx = 0.0, syy = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (!(sxx > 0.0) || !(syy > 0.0)) return std::nullopt;
  return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

std::optional<double> spearman(std::span<const double> a, std::span<const double> b) {
  return pearson(average_ranks(a), average_ranks(b));
}

namespace {

void check_inputs(std::span<const std::string> regions,
                  const std::vector<std::vector<double>>& values, std::size_t reference) {
  if (values.empty()) throw Error("rank stability needs at least one setting");
  if (regions.empty()) throw Error("rank stability needs at least one region");
  if (reference >= values.size()) {
    throw Error("the reference setting " + std::to_string(reference) + " is not one of the " +
                std::to_string(values.size()) + " settings");
  }
  for (std::size_t s = 0; s < values.size(); ++s) {
    if (values[s].size() != regions.size()) {
      throw Error("setting " + std::to_string(s) + " has " + std::to_string(values[s].size()) +
                  " values for " + std::to_string(regions.size()) + " regions");
    }
    for (std::size_t i = 0; i < regions.size(); ++i) {
      if (std::isnan(values[s][i])) {
        throw Error("the value of setting " + std::to_string(s) + " is not a number",
                    {.feature_id = regions[i]}, ErrorKind::BadInput,
                    "regions without a value cannot be ranked");
      }
    }
  }
}

}  // namespace

RankStability rank_stability(std::span<const std::string> regions,
                             const std::vector<std::vector<double>>& values, std::size_t reference,
                             std::size_t max_places, RankOrder order) {
  check_inputs(regions, values, reference);
  RankStability out;
  out.reference = reference;
  out.max_places = max_places;
  out.order = order;
  const std::vector<double> base = average_ranks(values[reference], order);
  for (std::size_t s = 0; s < values.size(); ++s) {
    SettingStability st;
    st.setting = s;
    st.ranks = average_ranks(values[s], order);
    st.spearman = pearson(base, st.ranks);
    for (std::size_t i = 0; i < regions.size(); ++i) {
      const double change = st.ranks[i] - base[i];
      if (std::abs(change) > static_cast<double>(max_places)) {
        st.moved.push_back({regions[i], base[i], st.ranks[i], change});
      }
    }
    std::stable_sort(st.moved.begin(), st.moved.end(), [](const RankMove& a, const RankMove& b) {
      return std::abs(a.change) > std::abs(b.change);
    });
    out.settings.push_back(std::move(st));
  }
  return out;
}

}  // namespace equiroute::engine
