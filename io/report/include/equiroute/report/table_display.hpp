#pragma once
// Tables for people (report.md, report.html): headers in the report language with units, and
// numbers rounded for reading. The CSV/JSON tables keep the column names and full precision.

#include <string>

#include "equiroute/report/report.hpp"

namespace equiroute::io {

/// The header of a table column for people, in `language`, with its unit: "population" →
/// "Population (persons)" / "人口（人）", "beds_per_10k" → "Beds per 10,000 people",
/// "2sfca_beds" → "2SFCA score: beds", "median_min" → "Median (min)". Unknown names: the
/// underscores as spaces, first letter capitalised.
std::string column_label(const std::string& column, ReportLanguage language);

/// A number for reading: whole (with thousands separators) from 1,000 on — persons, counts,
/// minutes — else 4 significant digits without trailing zeros (densities, indices; 2SFCA
/// scores of ~1e-6 keep their digits). NaN and ±inf: "—". The interactive map's hover panel
/// formats numbers the same way (web/src/report_map.js).
std::string readable_number(double value);

}  // namespace equiroute::io
