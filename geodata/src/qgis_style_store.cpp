// Storing QML styles where QGIS looks for a layer's default style: the `layer_styles` table
// of a GeoPackage (the table QGIS's OGR provider creates in "Save Style → In Database") and
// `<stem>.qml` beside any other file.

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/atomic_output.hpp"
#include "equiroute/geodata/gdal_init.hpp"
#include "equiroute/geodata/qgis_style.hpp"

namespace equiroute::geodata {

namespace fs = std::filesystem;

namespace {

constexpr const char* kStyleTable = "layer_styles";

struct StyleField {
  const char* name;
  OGRFieldType type;
  int width;
};

// QGIS 3.x's layout of layer_styles (QgsOgrProviderMetadata::saveStyle).
const StyleField kStyleFields[] = {
    {"f_table_catalog", OFTString, 256},
    {"f_table_schema", OFTString, 256},
    {"f_table_name", OFTString, 256},
    {"f_geometry_column", OFTString, 256},
    {"styleName", OFTString, 30},
    {"styleQML", OFTString, 0},
    {"styleSLD", OFTString, 0},
    {"useAsDefault", OFTInteger, 0},
    {"description", OFTString, 0},
    {"owner", OFTString, 30},
    {"ui", OFTString, 30},
    {"update_time", OFTDateTime, 0},
};

OGRLayer* create_style_table(GDALDataset& ds, const ErrorContext& where) {
  CPLStringList options;
  options.SetNameValue("FID", "id");
  OGRLayer* table = ds.CreateLayer(kStyleTable, nullptr, wkbNone, options.List());
  if (!table) {
    throw Error(std::string("cannot create the layer_styles table: ") + CPLGetLastErrorMsg(), where,
                ErrorKind::Io);
  }
  for (const auto& f : kStyleFields) {
    OGRFieldDefn defn(f.name, f.type);
    defn.SetWidth(f.width);
    if (f.type == OFTInteger) defn.SetSubType(OFSTBoolean);
    if (f.type == OFTDateTime) defn.SetDefault("CURRENT_TIMESTAMP");
    if (table->CreateField(&defn) != OGRERR_NONE) {
      throw Error(std::string("cannot create the layer_styles table: ") + CPLGetLastErrorMsg(),
                  where, ErrorKind::Io);
    }
  }
  return table;
}

/// Removes the rows of `layer` named like one of `styles` and clears the layer's other
/// default flags when the new first style is to be the default.
void clear_previous(OGRLayer& table, const std::string& layer,
                    const std::vector<LayerStyle>& styles, const ErrorContext& where) {
  std::vector<GIntBig> remove;
  std::vector<std::unique_ptr<OGRFeature>> undefault;
  table.ResetReading();
  while (OGRFeature* raw = table.GetNextFeature()) {
    std::unique_ptr<OGRFeature> row(raw);
    if (layer != row->GetFieldAsString("f_table_name")) continue;
    const std::string name = row->GetFieldAsString("styleName");
    bool replaced = false;
    for (const auto& s : styles) replaced = replaced || s.name == name;
    if (replaced) {
      remove.push_back(row->GetFID());
    } else if (row->GetFieldAsInteger("useAsDefault") != 0) {
      row->SetField("useAsDefault", 0);
      undefault.push_back(std::move(row));
    }
  }
  for (GIntBig fid : remove) {
    if (table.DeleteFeature(fid) != OGRERR_NONE) {
      throw Error(std::string("cannot replace a style: ") + CPLGetLastErrorMsg(), where,
                  ErrorKind::Io);
    }
  }
  for (auto& row : undefault) {
    if (table.SetFeature(row.get()) != OGRERR_NONE) {
      throw Error(std::string("cannot update a style: ") + CPLGetLastErrorMsg(), where,
                  ErrorKind::Io);
    }
  }
}

void insert_style(OGRLayer& table, const std::string& layer, const std::string& geometry_column,
                  const LayerStyle& style, bool is_default, const ErrorContext& where) {
  OGRFeature row(table.GetLayerDefn());
  row.SetField("f_table_catalog", "");
  row.SetField("f_table_schema", "");
  row.SetField("f_table_name", layer.c_str());
  row.SetField("f_geometry_column", geometry_column.c_str());
  row.SetField("styleName", style.name.c_str());
  row.SetField("styleQML", qml_document(style).c_str());
  row.SetField("styleSLD", "");
  row.SetField("useAsDefault", is_default ? 1 : 0);
  row.SetField("description", style.description.c_str());
  row.SetField("owner", "");
  // Reproducible files: GDAL's own timestamp setting (it also fixes gpkg_contents).
  if (const char* date = CPLGetConfigOption("OGR_CURRENT_DATE", nullptr)) {
    row.SetField("update_time", date);
  }
  if (table.CreateFeature(&row) != OGRERR_NONE) {
    throw Error(std::string("cannot write the style '") + style.name + "': " + CPLGetLastErrorMsg(),
                where, ErrorKind::Io);
  }
}

}  // namespace

void write_gpkg_styles(const fs::path& gpkg, const std::string& layer,
                       const std::vector<LayerStyle>& styles) {
  ensure_gdal_registered();
  const ErrorContext where{.file = gpkg.string(), .layer = layer};
  CPLErrorReset();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(
      gpkg.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
  if (!ds) {
    throw Error(std::string("cannot open the GeoPackage for update: ") + CPLGetLastErrorMsg(),
                {.file = gpkg.string()}, ErrorKind::Io);
  }
  OGRLayer* target = ds->GetLayerByName(layer.c_str());
  if (!target) throw Error("no such layer to style", where, ErrorKind::BadInput);
  const std::string geometry_column = target->GetGeometryColumn();
  if (styles.empty()) return;

  if (ds->StartTransaction() != OGRERR_NONE) {
    throw Error(std::string("cannot start a transaction: ") + CPLGetLastErrorMsg(), where,
                ErrorKind::Io);
  }
  OGRLayer* table = ds->GetLayerByName(kStyleTable);
  if (!table) table = create_style_table(*ds, where);
  clear_previous(*table, layer, styles, where);
  for (std::size_t i = 0; i < styles.size(); ++i) {
    insert_style(*table, layer, geometry_column, styles[i], i == 0, where);
  }
  if (ds->CommitTransaction() != OGRERR_NONE) {
    throw Error(std::string("cannot write the styles: ") + CPLGetLastErrorMsg(), where,
                ErrorKind::Io);
  }
  ds.reset();
  if (CPLGetLastErrorType() == CE_Failure) {
    throw Error(std::string("cannot finish writing the styles: ") + CPLGetLastErrorMsg(), where,
                ErrorKind::Io);
  }
}

fs::path qml_sidecar_path(const fs::path& layer_file) {
  fs::path out = layer_file;
  return out.replace_extension(".qml");
}

fs::path write_qml_sidecar(const fs::path& layer_file, const LayerStyle& style,
                           const std::vector<fs::path>& inputs) {
  const fs::path path = qml_sidecar_path(layer_file);
  write_text_atomic(path, qml_document(style), inputs);
  return path;
}

}  // namespace equiroute::geodata
