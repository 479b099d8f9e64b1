#include "equiroute/geodata/geometry_ops.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <unordered_map>

#include "equiroute/core/error.hpp"

namespace equiroute::geodata {

namespace {

struct TransformState {
  const Projection* projection;
  bool inverse;
  std::string error;
};

/// GEOS calls this for every vertex; exceptions must not cross the C boundary.
int transform_xy(double* x, double* y, void* userdata) {
  auto* state = static_cast<TransformState*>(userdata);
  try {
    if (state->inverse) {
      const LonLat p = state->projection->inverse({*x, *y});
      *x = p.lon;
      *y = p.lat;
    } else {
      const XY p = state->projection->forward(LonLat{*x, *y});
      *x = p.x;
      *y = p.y;
    }
    return 1;
  } catch (const std::exception& e) {
    state->error = e.what();
    return 0;
  }
}

struct TreeDeleter {
  void operator()(GEOSSTRtree* t) const noexcept { GEOSSTRtree_destroy_r(geos_context(), t); }
};
struct PreparedDeleter {
  void operator()(const GEOSPreparedGeometry* p) const noexcept {
    GEOSPreparedGeom_destroy_r(geos_context(), p);
  }
};
using TreePtr = std::unique_ptr<GEOSSTRtree, TreeDeleter>;
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

void require_geometry(const FeatureSet& features) {
  if (!features.has_geometry() && features.size() > 0) {
    throw Error("the layer has no geometry", {.file = features.path, .layer = features.layer});
  }
}

/// STRtree over the features' envelopes; items are pointers to `indices`.
TreePtr build_tree(const FeatureSet& features, std::vector<std::size_t>& indices) {
  auto* ctx = geos_context();
  TreePtr tree(GEOSSTRtree_create_r(ctx, 10));
  indices.resize(features.size());
  for (std::size_t i = 0; i < features.size(); ++i) {
    indices[i] = i;
    GEOSSTRtree_insert_r(ctx, tree.get(), features.geometries[i].get(), &indices[i]);
  }
  return tree;
}

std::vector<std::size_t> query(GEOSSTRtree* tree, const GEOSGeometry* g) {
  std::vector<std::size_t> hits;
  GEOSSTRtree_query_r(
      geos_context(), tree, g,
      [](void* item, void* userdata) {
        static_cast<std::vector<std::size_t>*>(userdata)->push_back(
            *static_cast<std::size_t*>(item));
      },
      &hits);
  std::sort(hits.begin(), hits.end());
  return hits;
}

std::string equal_area_or_auto(const FeatureSet& features, const std::string& crs) {
  return crs.empty() ? auto_equal_area_crs(bounding_box(features)) : crs;
}

}  // namespace

GeomPtr transform_geometry(const GEOSGeometry* g, const Projection& projection, bool inverse,
                           const ErrorContext& where) {
  TransformState state{&projection, inverse, {}};
  GEOSGeometry* out = GEOSGeom_transformXY_r(geos_context(), g, &transform_xy, &state);
  if (!out) {
    throw Error(
        "cannot transform the geometry" +
            (state.error.empty() ? std::string(": ") + geos_last_error() : ": " + state.error),
        where);
  }
  return GeomPtr(out);
}

LonLatBox bounding_box(const FeatureSet& features) {
  require_geometry(features);
  auto* ctx = geos_context();
  const double inf = std::numeric_limits<double>::infinity();
  LonLatBox box{inf, inf, -inf, -inf};
  for (const auto& g : features.geometries) {
    if (GEOSisEmpty_r(ctx, g.get()) == 1) continue;
    double v = 0;
    GEOSGeom_getXMin_r(ctx, g.get(), &v);
    box.min_lon = std::min(box.min_lon, v);
    GEOSGeom_getYMin_r(ctx, g.get(), &v);
    box.min_lat = std::min(box.min_lat, v);
    GEOSGeom_getXMax_r(ctx, g.get(), &v);
    box.max_lon = std::max(box.max_lon, v);
    GEOSGeom_getYMax_r(ctx, g.get(), &v);
    box.max_lat = std::max(box.max_lat, v);
  }
  if (box.min_lon > box.max_lon) {
    throw Error("no geometries to take the extent of",
                {.file = features.path, .layer = features.layer});
  }
  return box;
}

std::vector<double> areas_km2(const FeatureSet& features, const std::string& equal_area_crs) {
  require_geometry(features);
  std::vector<double> out(features.size(), 0.0);
  if (features.size() == 0) return out;
  const Projection projection(equal_area_or_auto(features, equal_area_crs));
  auto* ctx = geos_context();
  for (std::size_t i = 0; i < features.size(); ++i) {
    GeomPtr projected =
        transform_geometry(features.geometries[i].get(), projection, false, features.context(i));
    double area_m2 = 0.0;
    if (GEOSArea_r(ctx, projected.get(), &area_m2) == 0) {
      throw Error(std::string("cannot compute the area: ") + geos_last_error(),
                  features.context(i));
    }
    out[i] = area_m2 / 1e6;
  }
  return out;
}

std::vector<LonLat> centroids(const FeatureSet& features, const std::string& equal_area_crs) {
  require_geometry(features);
  std::vector<LonLat> out(features.size());
  if (features.size() == 0) return out;
  const Projection projection(equal_area_or_auto(features, equal_area_crs));
  auto* ctx = geos_context();
  for (std::size_t i = 0; i < features.size(); ++i) {
    GeomPtr projected =
        transform_geometry(features.geometries[i].get(), projection, false, features.context(i));
    GeomPtr c(GEOSGetCentroid_r(ctx, projected.get()));
    XY xy;
    if (!c || GEOSGeomGetX_r(ctx, c.get(), &xy.x) == 0 ||
        GEOSGeomGetY_r(ctx, c.get(), &xy.y) == 0) {
      throw Error(std::string("cannot compute the centroid: ") + geos_last_error(),
                  features.context(i));
    }
    out[i] = projection.inverse(xy);
  }
  return out;
}

std::vector<LonLat> points_on_surface(const FeatureSet& features) {
  require_geometry(features);
  auto* ctx = geos_context();
  std::vector<LonLat> out(features.size());
  for (std::size_t i = 0; i < features.size(); ++i) {
    GeomPtr p(GEOSPointOnSurface_r(ctx, features.geometries[i].get()));
    if (!p || GEOSGeomGetX_r(ctx, p.get(), &out[i].lon) == 0 ||
        GEOSGeomGetY_r(ctx, p.get(), &out[i].lat) == 0) {
      throw Error(std::string("cannot compute a point on the surface: ") + geos_last_error(),
                  features.context(i));
    }
  }
  return out;
}

FeatureSet dissolve(const FeatureSet& features,
                    const std::function<std::string(std::size_t)>& key_of,
                    const std::vector<std::string>& sum_fields) {
  require_geometry(features);
  auto* ctx = geos_context();
  std::vector<std::string> keys;
  std::unordered_map<std::string, std::vector<std::size_t>> members;
  for (std::size_t i = 0; i < features.size(); ++i) {
    std::string key = key_of(i);
    auto [it, inserted] = members.try_emplace(key);
    if (inserted) keys.push_back(key);
    it->second.push_back(i);
  }
  FeatureSet out;
  out.path = features.path;
  out.layer = features.layer;
  out.id_field = features.id_field.empty() ? "id" : features.id_field;
  out.fields = {out.id_field, "count"};
  for (const auto& f : sum_fields) {
    features.field_index(f);  // unknown field: error listing the available ones
    out.fields.push_back(f);
  }
  for (const auto& key : keys) {
    const auto& group = members[key];
    std::vector<GEOSGeometry*> parts;
    parts.reserve(group.size());
    for (std::size_t i : group)
      parts.push_back(GEOSGeom_clone_r(ctx, features.geometries[i].get()));
    GeomPtr collection(GEOSGeom_createCollection_r(ctx, GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                   static_cast<unsigned>(parts.size())));
    GeomPtr merged(GEOSUnaryUnion_r(ctx, collection.get()));
    if (!merged) {
      throw Error(std::string("cannot dissolve the group: ") + geos_last_error(),
                  {.file = features.path, .layer = features.layer, .feature_id = key});
    }
    std::vector<AttrValue> row{key, static_cast<long long>(group.size())};
    for (const auto& f : sum_fields) {
      double sum = 0.0;
      for (std::size_t i : group) sum += features.number(i, f);
      row.emplace_back(sum);
    }
    out.ids.push_back(key);
    out.values.push_back(std::move(row));
    out.geometries.push_back(std::move(merged));
  }
  return out;
}

std::function<std::string(std::size_t)> prefix_key(const FeatureSet& features, std::size_t digits) {
  return [&features, digits](std::size_t i) {
    const std::string& id = features.ids.at(i);
    if (id.size() <= digits) return id;
    return id.substr(0, digits) + std::string(id.size() - digits, '0');
  };
}

std::vector<std::optional<std::size_t>> assign_points_to_regions(const std::vector<LonLat>& points,
                                                                 const FeatureSet& regions) {
  require_geometry(regions);
  auto* ctx = geos_context();
  std::vector<std::optional<std::size_t>> out(points.size());
  if (regions.size() == 0) return out;
  std::vector<std::size_t> indices;
  TreePtr tree = build_tree(regions, indices);
  std::vector<PreparedPtr> prepared(regions.size());
  for (std::size_t p = 0; p < points.size(); ++p) {
    GeomPtr point(GEOSGeom_createPointFromXY_r(ctx, points[p].lon, points[p].lat));
    // Candidates in index order: a point on a shared boundary goes to the first region.
    for (std::size_t r : query(tree.get(), point.get())) {
      if (!prepared[r]) prepared[r].reset(GEOSPrepare_r(ctx, regions.geometries[r].get()));
      if (GEOSPreparedIntersects_r(ctx, prepared[r].get(), point.get()) == 1) {
        out[p] = r;
        break;
      }
    }
  }
  return out;
}

std::vector<std::pair<std::size_t, std::size_t>> region_adjacency(const FeatureSet& regions) {
  require_geometry(regions);
  auto* ctx = geos_context();
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::vector<std::size_t> indices;
  TreePtr tree = build_tree(regions, indices);
  for (std::size_t i = 0; i < regions.size(); ++i) {
    for (std::size_t j : query(tree.get(), regions.geometries[i].get())) {
      if (j <= i) continue;
      char* matrix = GEOSRelate_r(ctx, regions.geometries[i].get(), regions.geometries[j].get());
      if (!matrix) {
        throw Error(std::string("cannot relate regions: ") + geos_last_error(), regions.context(i));
      }
      // DE-9IM: boundary∩boundary of dimension 1 is a shared edge; interiors overlapping in
      // 2 dimensions (sloppy digitising) are neighbours too. A shared corner point is not.
      const bool adjacent = matrix[4] == '1' || matrix[0] == '2';
      GEOSFree_r(ctx, matrix);
      if (adjacent) out.emplace_back(i, j);
    }
  }
  return out;
}

}  // namespace equiroute::geodata
