#include "equiroute/geodata/layer_writer.hpp"

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <set>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/atomic_output.hpp"
#include "layer_encoder.hpp"
#include "text_util.hpp"

namespace equiroute::geodata {

namespace fs = std::filesystem;

namespace {

using text::lower;

/// Longest prefix of `s` of at most `bytes` bytes that does not split a UTF-8 character.
std::string utf8_prefix(const std::string& s, std::size_t bytes) {
  if (s.size() <= bytes) return s;
  std::size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

/// A fresh directory in GDAL's in-memory file system, removed with its files.
class MemoryDir {
 public:
  MemoryDir() {
    static std::atomic<unsigned> counter{0};
    path_ = "/vsimem/equiroute-out-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    VSIMkdir(path_.c_str(), 0755);
  }
  ~MemoryDir() { VSIRmdirRecursive(path_.c_str()); }
  MemoryDir(const MemoryDir&) = delete;
  MemoryDir& operator=(const MemoryDir&) = delete;
  const std::string& path() const { return path_; }
  /// File names in the directory, sorted.
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    char** list = VSIReadDir(path_.c_str());
    for (char** p = list; p && *p; ++p) names.emplace_back(*p);
    CSLDestroy(list);
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  std::string path_;
};

/// The bytes of an in-memory file (GDAL keeps ownership).
std::string_view memory_file(const std::string& path) {
  vsi_l_offset size = 0;
  const GByte* data = VSIGetMemFileBuffer(path.c_str(), &size, FALSE);
  if (!data) return {};
  return {reinterpret_cast<const char*>(data), static_cast<std::size_t>(size)};
}

/// Writes the files of `memory` (GDAL's output) to disk beside `path`, as one transaction:
/// every file in full to its temporary sibling (checked writes, fsync), then all renamed in
/// order — the main file (.shp) last, so that a reader never finds it without its
/// sidecars. Into `shared` when given (published with the command's other outputs).
void publish(const MemoryDir& memory, const std::vector<std::string>& names, const fs::path& path,
             const WriteOptions& options, bool end_with_newline) {
  OutputTransaction own(options.inputs);
  OutputTransaction& transaction = options.transaction ? *options.transaction : own;
  for (const auto& name : names) {
    refuse_overwriting_inputs(path.parent_path() / name, options.inputs);
    AtomicFileWriter& file = transaction.add(path.parent_path() / name);
    const std::string_view bytes = memory_file(memory.path() + "/" + name);
    file.write(bytes);
    // GDAL's CSV writer ends the last record without a line break; text tools expect one.
    if (end_with_newline && !bytes.empty() && bytes.back() != '\n') file.write("\n");
  }
  if (!options.transaction) own.commit();
}

bool csv_gets_lon_lat(const FeatureSet& features) {
  if (!features.has_geometry() || features.has_field("lon") || features.has_field("lat"))
    return false;
  auto* ctx = geos_context();
  return std::all_of(
      features.geometries.begin(), features.geometries.end(),
      [ctx](const GeomPtr& g) { return GEOSGeomTypeId_r(ctx, g.get()) == GEOS_POINT; });
}

/// Long → short field names of a Shapefile (logged), with the id column when it is added.
std::map<std::string, std::string> shapefile_renames(const FeatureSet& features,
                                                     const fs::path& path, WriteReport& report) {
  std::vector<std::string> columns;
  if (!features.id_field.empty() && !features.has_field(features.id_field))
    columns.push_back(features.id_field);
  columns.insert(columns.end(), features.fields.begin(), features.fields.end());
  const auto names = shapefile_field_names(columns);
  for (const auto& [long_name, short_name] : names) {
    if (long_name == short_name) continue;
    report.renamed_fields[long_name] = short_name;
    spdlog::info("{}: field '{}' written as '{}' (Shapefile names hold 10 bytes)", path.string(),
                 long_name, short_name);
  }
  return names;
}

}  // namespace

LayerFormat format_from_path(const fs::path& path) {
  const std::string ext = lower(path.extension().string());
  if (ext == ".geojson" || ext == ".json") return LayerFormat::GeoJSON;
  if (ext == ".shp") return LayerFormat::Shapefile;
  if (ext == ".gpkg") return LayerFormat::GeoPackage;
  if (ext == ".csv") return LayerFormat::CSV;
  throw Error("unknown output format '" + ext + "'", {.file = path.string()}, ErrorKind::BadInput,
              "use .geojson, .json, .shp, .gpkg or .csv");
}

std::map<std::string, std::string> shapefile_field_names(const std::vector<std::string>& fields) {
  constexpr std::size_t kMax = 10;  // dBASE field names hold at most 10 bytes
  std::map<std::string, std::string> out;
  std::set<std::string> used;  // DBF names are case-insensitive
  // Names that already fit keep priority, so that shortening never steals an existing name.
  for (const auto& f : fields) {
    if (f.size() <= kMax && used.insert(lower(f)).second) out[f] = f;
  }
  for (const auto& f : fields) {
    if (out.count(f)) continue;
    for (int n = 1;; ++n) {
      const std::string suffix = "_" + std::to_string(n);
      const std::string candidate = utf8_prefix(f, kMax - suffix.size()) + suffix;
      if (used.insert(lower(candidate)).second) {
        out[f] = candidate;
        break;
      }
    }
  }
  return out;
}

WriteReport write_layer(const FeatureSet& features, const fs::path& path,
                        const WriteOptions& options) {
  const LayerFormat format = format_from_path(path);
  WriteReport report;
  report.path = path;
  EncodeRequest request{
      .format = format,
      .layer_name = options.layer_name.empty() ? path.stem().string() : options.layer_name,
      .coordinate_precision = options.coordinate_precision,
      .csv_lon_lat = format == LayerFormat::CSV && csv_gets_lon_lat(features),
      .target = path.string(),
      .styles = options.styles};
  if (format == LayerFormat::Shapefile) request.renamed = shapefile_renames(features, path, report);
  // Fail before any work when the target is an input or its directory is missing.
  { AtomicOutput check(path, options.inputs); }
  MemoryDir memory;
  request.file = memory.path() + "/" + path.filename().string();
  encode_layer(features, request);
  // A Shapefile is several files (.shp .shx .dbf .prj .cpg), the other formats one; a
  // GeoJSON or Shapefile with a style has its .qml sidecar too.
  std::vector<std::string> names = memory.files();
  if (format != LayerFormat::Shapefile) {
    const std::string sidecar = qml_sidecar_path(path.filename()).string();
    const bool styled = std::find(names.begin(), names.end(), sidecar) != names.end();
    names = {path.filename().string()};
    if (styled) names.insert(names.begin(), sidecar);
  }
  std::stable_partition(names.begin(), names.end(), [](const std::string& n) {
    return lower(fs::path(n).extension().string()) != ".shp";
  });
  publish(memory, names, path, options, format == LayerFormat::CSV);
  return report;
}

std::string layer_to_csv(const FeatureSet& features) {
  MemoryDir memory;
  const EncodeRequest request{.file = memory.path() + "/table.csv",
                              .format = LayerFormat::CSV,
                              .layer_name = "table",
                              .csv_lon_lat = csv_gets_lon_lat(features),
                              .target = "<stdout>"};
  encode_layer(features, request);
  std::string text(memory_file(request.file));
  if (!text.empty() && text.back() != '\n') text += '\n';
  return text;
}

std::string layer_to_geojson(const FeatureSet& features, int coordinate_precision) {
  MemoryDir memory;
  const EncodeRequest request{.file = memory.path() + "/features.geojson",
                              .format = LayerFormat::GeoJSON,
                              .layer_name = features.layer.empty() ? "features" : features.layer,
                              .coordinate_precision = coordinate_precision,
                              .target = "<memory>"};
  encode_layer(features, request);
  return std::string(memory_file(request.file));
}

}  // namespace equiroute::geodata
