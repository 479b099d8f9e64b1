#pragma once

namespace equiroute::geodata {

/// Registers GDAL/OGR drivers once (thread-safe) and routes GDAL's own error
/// messages away from stderr so that equiroute reports errors in one place.
void ensure_gdal_registered();

}  // namespace equiroute::geodata
