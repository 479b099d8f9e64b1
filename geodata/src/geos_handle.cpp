#include "equiroute/geodata/geos_handle.hpp"

#include <cstdarg>
#include <cstdio>
#include <string>

namespace equiroute::geodata {

namespace {

/// Per-thread GEOS state: the reentrant context and the last error it reported. GEOS
/// contexts must not be shared between threads, so each thread gets its own.
struct ThreadGeos {
  GEOSContextHandle_t handle = nullptr;
  std::string last_error;
  std::string last_notice;

  ThreadGeos() {
    handle = GEOS_init_r();
    GEOSContext_setErrorMessageHandler_r(handle, &ThreadGeos::on_error, this);
    GEOSContext_setNoticeMessageHandler_r(handle, &ThreadGeos::on_notice, this);
  }
  ~ThreadGeos() { GEOS_finish_r(handle); }
  ThreadGeos(const ThreadGeos&) = delete;
  ThreadGeos& operator=(const ThreadGeos&) = delete;

  // GEOS passes a preformatted message (the "%s" in the handler signature is historical).
  static void on_error(const char* message, void* userdata) {
    static_cast<ThreadGeos*>(userdata)->last_error = message ? message : "";
  }
  static void on_notice(const char* message, void* userdata) {
    static_cast<ThreadGeos*>(userdata)->last_notice = message ? message : "";
  }
};

ThreadGeos& thread_geos() {
  thread_local ThreadGeos geos;
  return geos;
}

}  // namespace

GEOSContextHandle_t geos_context() { return thread_geos().handle; }

const char* geos_last_error() { return thread_geos().last_error.c_str(); }

void GeomDeleter::operator()(GEOSGeometry* g) const noexcept {
  if (g) GEOSGeom_destroy_r(geos_context(), g);
}

GeomPtr clone(const GEOSGeometry* g) {
  if (!g) return nullptr;
  return GeomPtr(GEOSGeom_clone_r(geos_context(), g));
}

}  // namespace equiroute::geodata
