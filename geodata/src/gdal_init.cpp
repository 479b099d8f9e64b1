#include "equiroute/geodata/gdal_init.hpp"

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>

#include <mutex>

namespace equiroute::geodata {

void ensure_gdal_registered() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    // GDAL's messages are kept (CPLGetLastErrorMsg) and turned into equiroute::Error
    // by the caller; printing them too would duplicate every error line.
    CPLSetErrorHandler(CPLQuietErrorHandler);
  });
}

}  // namespace equiroute::geodata
