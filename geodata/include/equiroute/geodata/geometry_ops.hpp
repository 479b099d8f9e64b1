#pragma once
// Geometry operations on FeatureSets with GEOS: areas, centroids, dissolve, point-in-polygon
// assignment, adjacency. Geometries in and out are WGS 84 lon/lat; anything metric is done
// in a projection (areas always in an equal-area one).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "equiroute/geodata/feature_set.hpp"
#include "equiroute/geodata/projection.hpp"

namespace equiroute::geodata {

/// Copy of `g` with every vertex projected by `projection` (lon/lat → metres), or the
/// inverse (metres → lon/lat) when `inverse`. Throws Error with `where` when a vertex
/// cannot be transformed.
GeomPtr transform_geometry(const GEOSGeometry* g, const Projection& projection, bool inverse,
                           const ErrorContext& where = {});

/// Lon/lat bounding box of all geometries. Throws Error when there are none.
LonLatBox bounding_box(const FeatureSet& features);

/// Area of each feature in km², computed in `equal_area_crs` (default: auto_equal_area_crs
/// of the set's bounding box). Never computed in degrees.
std::vector<double> areas_km2(const FeatureSet& features, const std::string& equal_area_crs = {});

/// Centroid of each feature (computed in the equal-area projection, returned as lon/lat).
std::vector<LonLat> centroids(const FeatureSet& features, const std::string& equal_area_crs = {});
/// A point guaranteed inside each polygon (GEOSPointOnSurface), as lon/lat.
std::vector<LonLat> points_on_surface(const FeatureSet& features);

/// Dissolves features sharing a key into one (GEOS union). `key_of(i)` gives feature i's
/// group key; the result has one feature per key (id = key, in order of first appearance),
/// fields: `id_field` (= key) and `count` (features merged); numeric fields listed in
/// `sum_fields` are summed.
FeatureSet dissolve(const FeatureSet& features,
                    const std::function<std::string(std::size_t)>& key_of,
                    const std::vector<std::string>& sum_fields = {});

/// Key function for adcode dissolves: first `digits` characters of the id, padded back to
/// its length with zeros (430102, 4 → 430100).
std::function<std::string(std::size_t)> prefix_key(const FeatureSet& features, std::size_t digits);

/// For each point, the index of the region containing it (STRtree + prepared geometry);
/// points on no region get std::nullopt and are reported by the caller, never dropped.
std::vector<std::optional<std::size_t>> assign_points_to_regions(const std::vector<LonLat>& points,
                                                                 const FeatureSet& regions);

/// Pairs (i, j), i < j, of regions sharing a boundary of positive length.
std::vector<std::pair<std::size_t, std::size_t>> region_adjacency(const FeatureSet& regions);

}  // namespace equiroute::geodata
