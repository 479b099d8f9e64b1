#pragma once
// Building FeatureSets for outputs: copies with chosen fields, point layers from
// coordinates, and result columns (undefined numbers become nulls, never NaN in a file).

#include <string>
#include <vector>

#include "equiroute/geodata/feature_set.hpp"

namespace equiroute::geodata {

/// A copy of `source` (geometries cloned) keeping only `fields` (in that order). Throws
/// Error naming an unknown field.
FeatureSet copy_features(const FeatureSet& source, const std::vector<std::string>& fields);

/// A point layer: one feature per id at `points` (lon/lat), with the id in field `id_field`.
/// Throws Error when the sizes differ.
FeatureSet point_features(const std::string& layer, const std::string& id_field,
                          const std::vector<std::string>& ids, const std::vector<LonLat>& points);

/// Adds (or replaces) a numeric column; NaN and infinities are stored as null.
void set_column(FeatureSet& features, const std::string& field, const std::vector<double>& numbers);
/// Adds (or replaces) a text column.
void set_column(FeatureSet& features, const std::string& field,
                const std::vector<std::string>& texts);

}  // namespace equiroute::geodata
