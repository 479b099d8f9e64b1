#pragma once
// Reading a user-supplied travel-cost matrix (the output of `equiroute od`, or any table
// with one row per origin–destination pair) into the engine's sparse CostMatrix.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "equiroute/engine/cost_matrix.hpp"

namespace equiroute::io {

/// Column names of the cost table.
struct CostCsvOptions {
  std::string origin_field = "origin_id";
  std::string destination_field = "destination_id";
  std::string travel_field = "travel_s";  ///< seconds, ≥ 0
};

/// What was read, for the run's log and summary.
struct CostCsvReport {
  std::size_t rows = 0;              ///< data rows in the file
  std::size_t entries = 0;           ///< reachable pairs stored in the matrix
  std::size_t unreachable_rows = 0;  ///< rows whose travel time is empty, "inf" or "nan"
  /// Pairs of (origin, destination) with no row at all; treated as unreachable.
  std::size_t missing_pairs = 0;
};

struct CostCsvResult {
  engine::CostMatrix matrix;  ///< origins in `origin_ids` order, destinations likewise
  CostCsvReport report;
};

/// Reads `path` (CSV, comma-separated, header row, RFC 4180 quoting) and maps its ids to
/// the positions of `origin_ids` (demand points) and `destination_ids` (facilities).
/// Pairs absent from the file are unreachable (counted in missing_pairs); rows with an
/// empty / "inf" / "nan" time are unreachable too (counted in unreachable_rows).
/// Throws equiroute::Error naming the file, the row (line number) and field on: a missing
/// column (hint lists the header), an id not among the demand / supply ids, a row with too
/// few fields, a time that is not a number or is negative, and a pair given twice; and on
/// duplicate ids in `origin_ids` or `destination_ids`.
CostCsvResult read_cost_matrix_csv(const std::filesystem::path& path,
                                   const std::vector<std::string>& origin_ids,
                                   const std::vector<std::string>& destination_ids,
                                   const CostCsvOptions& options = {});

}  // namespace equiroute::io
