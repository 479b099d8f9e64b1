#pragma once
// Opening vector sources for reading (private to geodata): one place for the checks that
// turn GDAL's open failures into clear messages (missing file, a Shapefile without its
// .dbf/.shx), and for reading Shapefile text undecoded so that geodata decodes it itself.

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>

#include "equiroute/core/error.hpp"

namespace equiroute::geodata {

struct GdalDatasetCloser {
  void operator()(GDALDataset* d) const noexcept { GDALClose(GDALDataset::ToHandle(d)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, GdalDatasetCloser>;

/// Opens `path` read-only as vector data. Shapefiles are opened with ENCODING="" (their
/// text undecoded). Throws Error (BadInput) naming the file when it does not exist, when a
/// Shapefile lacks its .dbf or .shx, or when GDAL cannot open it.
DatasetPtr open_vector(const std::string& path);

/// True when the dataset was opened by GDAL's Shapefile driver.
bool is_shapefile(const GDALDataset& dataset);

/// The layer named `name`, or the only layer when `name` is empty. Throws Error listing the
/// layers otherwise.
OGRLayer& choose_layer(GDALDataset& dataset, const std::string& name, const std::string& path);

/// The encoding a layer declares for its text: a Shapefile's .cpg, or its .dbf language
/// driver id unless that is 0 or 87 (87 means "the writer's ANSI code page": GBK on Chinese
/// Windows, so it decides nothing); "UTF-8" for drivers that return UTF-8
/// (OLCStringsAsUTF8); empty when unknown (CSV, Shapefiles without a declaration).
std::string declared_encoding(OGRLayer& layer, bool shapefile);

}  // namespace equiroute::geodata
