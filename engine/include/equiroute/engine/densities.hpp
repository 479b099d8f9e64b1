#pragma once
// Resource densities of regions: per 10,000 people and per km² (Luo et al. 2022, PLoS ONE
// 17(10): e0272073, Table 4).

#include <span>
#include <string>
#include <vector>

namespace equiroute::engine {

/// Resource per 10,000 people of each unit: r_i / (p_i / 10,000) (docs/equity.md).
/// `population` is in persons (scale tables in 10,000s before calling). A unit with zero
/// population gets NaN (undefined, never a number): callers print it as null / "—".
/// Throws equiroute::Error on a length mismatch, or on a negative, NaN or infinite input,
/// naming the unit (by `unit_ids[i]` when given, else by its 0-based index).
std::vector<double> per_10k(std::span<const double> resource, std::span<const double> population,
                            std::span<const std::string> unit_ids = {});

/// Resource per km² of each unit: r_i / a_i, with `area_km2` from an equal-area projection.
/// A unit with zero area gets NaN. Throws as per_10k.
std::vector<double> per_km2(std::span<const double> resource, std::span<const double> area_km2,
                            std::span<const std::string> unit_ids = {});

}  // namespace equiroute::engine
