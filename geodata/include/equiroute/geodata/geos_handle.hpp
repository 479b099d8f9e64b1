#pragma once
// RAII over GEOS's reentrant C API (geos_c.h, *_r functions). One context per thread,
// created on first use; geometries are owned by GeomPtr and destroyed with that context.

#include <geos_c.h>

#include <memory>

namespace equiroute::geodata {

/// The calling thread's GEOS context (errors are collected and thrown as equiroute::Error
/// by the wrappers that call GEOS; GEOS never prints).
GEOSContextHandle_t geos_context();

/// The last GEOS error message of the calling thread ("" if none).
const char* geos_last_error();

struct GeomDeleter {
  void operator()(GEOSGeometry* g) const noexcept;
};
/// Owning pointer to a GEOS geometry of the calling thread's context.
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

/// Deep copy (nullptr stays nullptr).
GeomPtr clone(const GEOSGeometry* g);

}  // namespace equiroute::geodata
