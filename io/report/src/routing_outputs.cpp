#include "equiroute/report/routing_outputs.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/atomic_output.hpp"
#include "equiroute/geodata/feature_set.hpp"
#include "equiroute/geodata/layer_writer.hpp"
#include "equiroute/geodata/service_area.hpp"
#include "equiroute/report/text_table.hpp"

namespace equiroute::io {
namespace fs = std::filesystem;

namespace {

/// Streams rows into the temporary sibling of the target; commit() renames it.
class CsvStream {
 public:
  CsvStream(const fs::path& path, const std::vector<fs::path>& inputs) : out_(path, inputs) {
    file_.open(out_.temp_path(), std::ios::binary);
    if (!file_)
      throw Error(std::string("cannot write output: ") + std::strerror(errno),
                  {.file = path.string()}, ErrorKind::Io);
    buffer_.reserve(1 << 16);
  }
  void line(const std::string& text) {
    buffer_ += text;
    buffer_ += '\n';
    if (buffer_.size() > (1 << 16)) flush();
  }
  void commit() {
    flush();
    file_.close();
    if (!file_)
      throw Error(std::string("failed writing output: ") + std::strerror(errno),
                  {.file = out_.target().string()}, ErrorKind::Io);
    out_.commit();
  }

 private:
  void flush() {
    file_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
  }
  geodata::AtomicOutput out_;
  std::ofstream file_;
  std::string buffer_;
};

}  // namespace

void write_od_csv(const fs::path& path, const engine::CostMatrix& matrix,
                  const std::vector<std::string>& origin_ids,
                  const std::vector<std::string>& destination_ids,
                  const std::vector<fs::path>& inputs) {
  if (origin_ids.size() != matrix.origin_count ||
      destination_ids.size() != matrix.destination_count)
    throw Error("id lists do not match the matrix", {.file = path.string()}, ErrorKind::Internal);
  CsvStream out(path, inputs);
  out.line(matrix.approximate ? "origin_id,destination_id,travel_s,approximate"
                              : "origin_id,destination_id,travel_s");
  const char* suffix = matrix.approximate ? ",true" : "";
  for (std::size_t i = 0; i < matrix.origin_count; ++i) {
    const auto ds = matrix.row_destinations(i);
    const auto ts = matrix.row_travel_s(i);
    const std::string oid = csv_quote(origin_ids[i]);
    for (std::size_t k = 0; k < ds.size(); ++k)
      out.line(fmt::format("{},{},{}{}", oid, csv_quote(destination_ids[ds[k]]), ts[k], suffix));
  }
  out.commit();
}

void write_nearest_csv(const fs::path& path,
                       const std::vector<std::vector<engine::NearestEntry>>& nearest,
                       const std::vector<std::string>& origin_ids,
                       const std::vector<std::string>& destination_ids, bool approximate,
                       const std::vector<fs::path>& inputs) {
  CsvStream out(path, inputs);
  out.line(approximate ? "origin_id,rank,destination_id,travel_s,approximate"
                       : "origin_id,rank,destination_id,travel_s");
  const char* suffix = approximate ? ",true" : "";
  for (std::size_t i = 0; i < nearest.size(); ++i)
    for (std::size_t r = 0; r < nearest[i].size(); ++r)
      out.line(fmt::format("{},{},{},{}{}", csv_quote(origin_ids.at(i)), r + 1,
                           csv_quote(destination_ids.at(nearest[i][r].destination)),
                           nearest[i][r].travel_s, suffix));
  out.commit();
}

void write_graph_export(const fs::path& dir, const engine::RoadGraph& graph,
                        const std::vector<fs::path>& inputs) {
  // The directory may hold other files; ours are published together or not at all (a
  // nodes.csv without its edges.csv is no graph), and a directory created here is removed
  // again on failure.
  geodata::OutputTransaction out(inputs);
  out.create_directories(dir);
  auto& nodes = out.add(dir / "nodes.csv");
  nodes.write("id,lon,lat\n");
  for (std::uint32_t v = 0; v < graph.node_count(); ++v) {
    const auto p = graph.node_lonlat(v);
    nodes.write(fmt::format("{},{},{}\n", v, p.lon, p.lat));
  }
  auto& edges = out.add(dir / "edges.csv");
  edges.write("from,to,travel_s,length_m\n");
  const auto first = graph.first_out();
  const auto head = graph.head();
  for (std::uint32_t u = 0; u < graph.node_count(); ++u)
    for (auto e = first[u]; e < first[u + 1]; ++e)
      edges.write(
          fmt::format("{},{},{},{}\n", u, head[e], graph.travel_s()[e], graph.length_m()[e]));
  out.commit();
}

std::size_t write_isochrones(const fs::path& path,
                             const std::vector<std::vector<engine::IsochronePieces>>& pieces,
                             const std::vector<std::string>& origin_ids,
                             const geodata::Projection& projection, double buffer_m,
                             const std::vector<fs::path>& inputs) {
  geodata::FeatureSet features;
  features.layer = path.stem().string();
  features.id_field = "origin_id";
  features.fields = {"origin_id", "minutes", "reached_nodes"};
  for (std::size_t i = 0; i < pieces.size(); ++i)
    for (const auto& iso : pieces[i]) {
      std::vector<std::pair<XY, XY>> segs;
      segs.reserve(iso.pieces.size());
      for (const auto& p : iso.pieces) segs.emplace_back(p.from, p.to);
      features.ids.push_back(origin_ids.at(i));
      features.values.push_back(
          {origin_ids.at(i), iso.limit_s / 60.0, static_cast<long long>(iso.nodes.size())});
      features.geometries.push_back(geodata::service_area_polygon(segs, buffer_m, projection));
    }
  geodata::WriteOptions wo;
  wo.inputs = inputs;
  geodata::write_layer(features, path, wo);
  return features.size();
}

}  // namespace equiroute::io
