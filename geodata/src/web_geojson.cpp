#include "equiroute/geodata/web_geojson.hpp"

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/feature_builder.hpp"
#include "equiroute/geodata/layer_writer.hpp"

namespace equiroute::geodata {

std::string web_geojson(const FeatureSet& regions, const std::vector<std::string>& fields,
                        const WebGeoJsonOptions& options) {
  FeatureSet out = copy_features(regions, fields);
  out.id_field = "id";  // written first, as a property "id"
  auto* ctx = geos_context();
  for (std::size_t i = 0; i < out.geometries.size(); ++i) {
    GeomPtr simple(
        GEOSTopologyPreserveSimplify_r(ctx, regions.geometries[i].get(), options.tolerance_deg));
    if (!simple) {
      throw Error(std::string("cannot simplify the geometry: ") + geos_last_error(),
                  regions.context(i), ErrorKind::Internal);
    }
    if (GEOSisEmpty_r(ctx, simple.get()) == 0) out.geometries[i] = std::move(simple);
  }
  return layer_to_geojson(out, options.decimals);
}

}  // namespace equiroute::geodata
