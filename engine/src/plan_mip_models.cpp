// The planning formulations as sparse MIPs: only reachable pairs, and for p-median only
// pairs faster than the nearest existing site.

#include "plan_mip_models.hpp"

#include <algorithm>
#include <cmath>

namespace equiroute::engine::detail {

namespace {

constexpr double kInfinity = 1e30;  // CBC's "no bound"

void add_site_columns(MipProblem& model, std::size_t site_count, double cost) {
  for (std::size_t s = 0; s < site_count; ++s) model.add_column(cost, 0.0, 1.0, true);
}

void add_site_count_row(MipProblem& model, std::size_t site_count, double lo, double hi) {
  const int row = model.add_row(lo, hi);
  for (std::size_t s = 0; s < site_count; ++s) model.add_entry(row, static_cast<int>(s), 1.0);
}

/// Rows Σ_s a_qs x_s ≥ floor − base_q (scaled by 1/scale) where the right side is positive.
void add_access_floor(MipProblem& model, const AccessProblem& access, double floor) {
  double scale = 0.0;
  for (double a : access.columns.value) scale = std::max(scale, a);
  for (double b : access.base_access) scale = std::max(scale, b);
  if (!(scale > 0.0)) return;
  std::vector<int> row_of(access.point_index.size(), -1);
  for (std::size_t q = 0; q < access.point_index.size(); ++q) {
    const double need = (floor - access.base_access[q]) / scale;
    if (need > 1e-12) row_of[q] = model.add_row(need * (1.0 - 1e-9), kInfinity);
  }
  const SparseLists& columns = access.columns;
  for (std::size_t s = 0; s + 1 < columns.offsets.size(); ++s) {
    for (std::size_t e = columns.offsets[s]; e < columns.offsets[s + 1]; ++e) {
      const int row = row_of[columns.index[e]];
      if (row >= 0) model.add_entry(row, static_cast<int>(s), columns.value[e] / scale);
    }
  }
}

}  // namespace

MipProblem pmedian_model(const NearestProblem& problem, std::size_t k,
                         const PMedianExtras& extras) {
  MipProblem model;
  add_site_columns(model, problem.site_count, 0.0);
  add_site_count_row(model, problem.site_count, static_cast<double>(k), static_cast<double>(k));
  const double P = problem.penalty_s;
  const bool floor_coverage = !std::isnan(extras.coverage_floor);
  int coverage_row = -1;
  double constant_covered = 0.0;
  if (floor_coverage) coverage_row = model.add_row(0.0, kInfinity);  // lower bound set below
  for (std::size_t p = 0; p < problem.base_s.size(); ++p) {
    const double w = problem.weight[p];
    const double base = problem.base_s[p];
    const bool base_allowed = base <= extras.radius_s;
    const bool base_covered = base <= problem.threshold_s;
    std::size_t pairs = 0;
    for (std::size_t e = problem.rows.offsets[p]; e < problem.rows.offsets[p + 1]; ++e) {
      if (problem.rows.value[e] <= extras.radius_s) ++pairs;
    }
    if (pairs == 0) {  // a constant: the base (or the penalty when unreached)
      model.offset += w * std::min(P, base);
      if (base_covered) constant_covered += w;
      continue;
    }
    const int assign = model.add_row(1.0, 1.0);
    if (base_allowed) {
      const int y0 = model.add_column(w * std::min(P, base), 0.0, 1.0, false);
      model.add_entry(assign, y0, 1.0);
      if (floor_coverage && base_covered) model.add_entry(coverage_row, y0, w);
    }
    for (std::size_t e = problem.rows.offsets[p]; e < problem.rows.offsets[p + 1]; ++e) {
      const double d = problem.rows.value[e];
      if (d > extras.radius_s) break;  // rows ascend by time
      const int y = model.add_column(w * std::min(P, d), 0.0, 1.0, false);
      model.add_entry(assign, y, 1.0);
      const int link = model.add_row(-kInfinity, 0.0);
      model.add_entry(link, y, 1.0);
      model.add_entry(link, static_cast<int>(problem.rows.index[e]), -1.0);
      if (floor_coverage && d <= problem.threshold_s) model.add_entry(coverage_row, y, w);
    }
  }
  if (floor_coverage) {
    const double need = extras.coverage_floor - constant_covered;
    model.row_lower[coverage_row] = need - 1e-9 * std::max(1.0, std::fabs(need));
  }
  if (extras.access != nullptr && !std::isnan(extras.access_floor)) {
    add_access_floor(model, *extras.access, extras.access_floor);
  }
  return model;
}

MipProblem coverage_model(const NearestProblem& problem, std::size_t k) {
  MipProblem model;
  add_site_columns(model, problem.site_count, 0.0);
  add_site_count_row(model, problem.site_count, static_cast<double>(k), static_cast<double>(k));
  for (std::size_t p = 0; p < problem.base_s.size(); ++p) {
    const double w = problem.weight[p];
    if (problem.base_s[p] <= problem.threshold_s) {
      model.offset -= w;
      continue;
    }
    const std::size_t first = problem.rows.offsets[p];
    if (first == problem.rows.offsets[p + 1] || problem.rows.value[first] > problem.threshold_s) {
      continue;  // cannot be covered
    }
    const int c = model.add_column(-w, 0.0, 1.0, false);
    const int row = model.add_row(-kInfinity, 0.0);
    model.add_entry(row, c, 1.0);
    for (std::size_t e = first; e < problem.rows.offsets[p + 1]; ++e) {
      if (problem.rows.value[e] > problem.threshold_s) break;
      model.add_entry(row, static_cast<int>(problem.rows.index[e]), -1.0);
    }
  }
  return model;
}

MipProblem cover_model(const NearestProblem& problem, double radius_s, std::size_t max_sites,
                       bool all_points, bool& impossible) {
  impossible = false;
  MipProblem model;
  add_site_columns(model, problem.site_count, 1.0);
  if (max_sites > 0)
    add_site_count_row(model, problem.site_count, 0.0, static_cast<double>(max_sites));
  for (std::size_t p = 0; p < problem.base_s.size(); ++p) {
    if (problem.base_s[p] <= radius_s) continue;
    const std::size_t first = problem.rows.offsets[p];
    const std::size_t end = problem.rows.offsets[p + 1];
    const bool reachable = std::isfinite(problem.base_s[p]) || first < end;
    if (!all_points && !reachable) continue;
    if (first == end || problem.rows.value[first] > radius_s) {
      impossible = true;
      return model;
    }
    const int row = model.add_row(1.0, kInfinity);
    for (std::size_t e = first; e < end && problem.rows.value[e] <= radius_s; ++e) {
      model.add_entry(row, static_cast<int>(problem.rows.index[e]), 1.0);
    }
  }
  return model;
}

MipProblem maximin_model(const AccessProblem& access, std::size_t site_count, std::size_t k,
                         double& scale) {
  scale = 0.0;
  for (double a : access.columns.value) scale = std::max(scale, a);
  for (double b : access.base_access) scale = std::max(scale, b);
  if (!(scale > 0.0)) scale = 1.0;
  MipProblem model;
  add_site_columns(model, site_count, 0.0);
  add_site_count_row(model, site_count, static_cast<double>(k), static_cast<double>(k));
  std::vector<double> most(access.base_access);
  const SparseLists& columns = access.columns;
  for (std::size_t e = 0; e < columns.index.size(); ++e) most[columns.index[e]] += columns.value[e];
  double z_max = 0.0;
  for (double m : most) z_max = std::max(z_max, m / scale);
  const int z = model.add_column(-1.0, 0.0, z_max, false);
  std::vector<int> row_of(access.point_index.size());
  for (std::size_t q = 0; q < access.point_index.size(); ++q) {
    row_of[q] = model.add_row(-kInfinity, access.base_access[q] / scale);
    model.add_entry(row_of[q], z, 1.0);
  }
  for (std::size_t s = 0; s < site_count; ++s) {
    for (std::size_t e = columns.offsets[s]; e < columns.offsets[s + 1]; ++e) {
      model.add_entry(row_of[columns.index[e]], static_cast<int>(s), -columns.value[e] / scale);
    }
  }
  return model;
}

std::vector<double> start_vector(const MipProblem& model,
                                 std::span<const std::uint32_t> local_sites) {
  std::vector<double> x(model.columns(), 0.0);
  for (std::uint32_t s : local_sites) x[s] = 1.0;
  return x;
}

std::vector<std::uint32_t> open_sites_of(const std::vector<double>& x, std::size_t site_count) {
  std::vector<std::uint32_t> sites;
  for (std::size_t s = 0; s < site_count && s < x.size(); ++s) {
    if (x[s] > 0.5) sites.push_back(static_cast<std::uint32_t>(s));
  }
  return sites;
}

}  // namespace equiroute::engine::detail
