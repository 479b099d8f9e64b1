#include "equiroute/network/prepared_network.hpp"

#include <fmt/core.h>
#include <openssl/evp.h>
#include <spdlog/spdlog.h>

#include <array>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>

#include "eqnet_file.hpp"
#include "equiroute/core/error.hpp"
#include "equiroute/version.hpp"
#include "network_build.hpp"

namespace equiroute::network {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string hex(const unsigned char* digest, unsigned int length) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += digits[digest[i] >> 4U];
    out += digits[digest[i] & 0xFU];
  }
  return out;
}

/// SHA-256 of a stream of chunks fed by `feed(update)`.
template <class Feed>
std::string sha256(Feed&& feed) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
    throw Error("OpenSSL cannot start a SHA-256 digest", {}, ErrorKind::Internal);
  feed([&](const void* data, std::size_t bytes) { EVP_DigestUpdate(ctx.get(), data, bytes); });
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest.data(), &length);
  return hex(digest.data(), length);
}

nlohmann::json profile_object(const NetworkOptions& o, bool line_layer) {
  nlohmann::json speeds = nlohmann::json::object();
  for (const auto& [cls, kmh] : o.profile.speed_kmh) speeds[cls] = kmh;
  nlohmann::json p = {{"class_speeds_kmh", speeds},
                      {"use_maxspeed", o.profile.use_maxspeed},
                      {"keep_largest_component", o.graph.keep_largest_component},
                      {"compress_chains", o.graph.compress_chains},
                      {"working_crs", o.working_crs}};
  if (line_layer) {
    p["line_layer"] = {{"layer", o.lines.layer},
                       {"class_field", o.lines.class_field},
                       {"speed_field", o.lines.speed_field},
                       {"oneway_field", o.lines.oneway_field},
                       {"node_tolerance_m", o.lines.node_tolerance_m},
                       {"assume_crs", o.lines.assume_crs},
                       {"fallback_speed_kmh", o.profile.fallback_speed_kmh}};
  }
  return p;
}

/// The first difference between two profiles, in words ("class_speeds_kmh.residential: 30
/// in the file, 25 requested").
std::string first_difference(const nlohmann::json& stored, const nlohmann::json& requested,
                             const std::string& prefix = "") {
  std::vector<std::string> keys;
  for (const auto& [k, v] : stored.items()) keys.push_back(k);
  for (const auto& [k, v] : requested.items())
    if (!stored.contains(k)) keys.push_back(k);
  std::sort(keys.begin(), keys.end());
  for (const auto& k : keys) {
    const auto s = stored.contains(k) ? stored[k] : nlohmann::json("(absent)");
    const auto r = requested.contains(k) ? requested[k] : nlohmann::json("(absent)");
    if (s == r) continue;
    if (s.is_object() && r.is_object()) return first_difference(s, r, prefix + k + ".");
    return fmt::format("{}{}: {} in the file, {} requested", prefix, k, s.dump(), r.dump());
  }
  return "they differ";
}

// Section names of the file (graph, snap index, hierarchy).
template <class T>
using Span = std::span<const T>;

std::vector<detail::SectionData> sections_of(const RoutingNetwork& net) {
  const auto g = net.graph->parts();
  const auto s = net.snapper->parts();
  const auto h = net.hierarchy->parts();
  using detail::section;
  return {section("graph.node_xy", g.node_xy),
          section("graph.node_lonlat", g.node_lonlat),
          section("graph.input_node", g.input_node),
          section("graph.first_out", g.first_out),
          section("graph.head", g.head),
          section("graph.edge_chain", g.edge_chain),
          section("graph.travel_s", g.travel_s),
          section("graph.length_m", g.length_m),
          section("graph.first_in", g.first_in),
          section("graph.back_tail", g.back_tail),
          section("graph.back_travel_s", g.back_travel_s),
          section("graph.chain_a", g.chain_a),
          section("graph.chain_b", g.chain_b),
          section("graph.chain_first_seg", g.chain_first_segment),
          section("graph.shape_xy", g.shape_xy),
          section("graph.seg_forward_s", g.segment_forward_s),
          section("graph.seg_backward_s", g.segment_backward_s),
          section("snap.items", s.items),
          section("snap.item_chains", s.item_chains),
          section("snap.boxes", s.boxes),
          section("snap.level_end", s.level_end),
          section("ch.rank", h.rank),
          section("ch.up_first", h.up_first),
          section("ch.up_head", h.up_head),
          section("ch.up_weight", h.up_weight),
          section("ch.down_first", h.down_first),
          section("ch.down_tail", h.down_tail),
          section("ch.down_weight", h.down_weight)};
}

nlohmann::json counts_json(const engine::RoadGraphCounts& c) {
  return {{"raw_nodes", c.raw_nodes},         {"raw_edges", c.raw_edges},
          {"components", c.components},       {"dropped_nodes", c.dropped_nodes},
          {"dropped_edges", c.dropped_edges}, {"merged_edges", c.merged_edges}};
}

engine::RoadGraphCounts counts_from(const nlohmann::json& j) {
  return {j.at("raw_nodes").get<std::uint64_t>(),     j.at("raw_edges").get<std::uint64_t>(),
          j.at("components").get<std::uint64_t>(),    j.at("dropped_nodes").get<std::uint64_t>(),
          j.at("dropped_edges").get<std::uint64_t>(), j.at("merged_edges").get<std::uint64_t>()};
}

std::string metadata_of(const RoutingNetwork& net, const NetworkOptions& options, bool line_layer) {
  const nlohmann::json meta = {
      {"format", "equiroute prepared network"},
      {"format_version", detail::kEqnetVersion},
      {"equiroute_version", kVersion},
      {"input",
       {{"file", std::filesystem::path(options.path).filename().string()},
        {"sha256", net.input_sha256},
        {"line_layer", line_layer},
        {"nodes", net.input_nodes},
        {"edges", net.input_edges}}},
      {"profile", profile_object(options, line_layer)},
      {"profile_sha256", net.profile_sha256},
      {"working_crs", net.working_crs},
      {"box", {net.box.min_lon, net.box.min_lat, net.box.max_lon, net.box.max_lat}},
      {"graph", counts_json(net.graph->counts())},
      {"shortcuts", net.hierarchy->shortcut_count()}};
  return meta.dump(1);
}

}  // namespace

bool is_prepared_network(const std::string& path) {
  const std::filesystem::path p(path);
  if (p.extension() == ".eqnet") return true;
  std::error_code ec;
  return std::filesystem::is_regular_file(p, ec) && detail::has_eqnet_magic(p);
}

std::string profile_json(const NetworkOptions& options, bool line_layer) {
  return profile_object(options, line_layer).dump();
}

std::string profile_sha256(const NetworkOptions& options, bool line_layer) {
  const std::string text = profile_json(options, line_layer);
  return sha256([&](auto&& update) { update(text.data(), text.size()); });
}

std::string file_sha256(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read the file to hash it", {.file = path.string()});
  return sha256([&](auto&& update) {
    std::vector<char> buffer(std::size_t{1} << 20U);
    while (in) {
      in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      if (in.gcount() > 0) update(buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
  });
}

PrepareSummary prepare_network(const NetworkOptions& options, const std::filesystem::path& output,
                               unsigned threads) {
  if (is_prepared_network(options.path))
    throw Error("is already a prepared network; prepare takes a road file (OSM or line layer)",
                {.file = options.path});
  PrepareSummary summary;
  auto t = Clock::now();
  const bool line_layer = !geodata::is_osm_path(options.path);
  auto net = detail::build_network(options);
  net->input_sha256 = file_sha256(options.path);
  net->profile_sha256 = profile_sha256(options, line_layer);
  summary.build_s = seconds_since(t);
  t = Clock::now();
  net->hierarchy = std::make_unique<engine::ContractionHierarchy>(
      *net->graph, engine::ContractionOptions{.threads = threads});
  summary.contract_s = seconds_since(t);
  t = Clock::now();
  detail::write_eqnet(output, metadata_of(*net, options, line_layer), sections_of(*net));
  summary.write_s = seconds_since(t);
  summary.input_nodes = net->input_nodes;
  summary.input_edges = net->input_edges;
  summary.counts = net->graph->counts();
  summary.nodes = net->graph->node_count();
  summary.edges = net->graph->edge_count();
  summary.shortcuts = net->hierarchy->shortcut_count();
  summary.file_bytes = std::filesystem::file_size(output);
  return summary;
}

namespace {

/// The engine objects over the file's sections.
void restore(RoutingNetwork& net, const std::shared_ptr<const detail::EqnetFile>& file,
             const nlohmann::json& meta) {
  const auto& f = *file;
  engine::RoadGraph::Parts g{f.array<XY>("graph.node_xy"),
                             f.array<LonLat>("graph.node_lonlat"),
                             f.array<std::uint32_t>("graph.input_node"),
                             f.array<std::uint32_t>("graph.first_out"),
                             f.array<std::uint32_t>("graph.head"),
                             f.array<std::uint32_t>("graph.edge_chain"),
                             f.array<double>("graph.travel_s"),
                             f.array<double>("graph.length_m"),
                             f.array<std::uint32_t>("graph.first_in"),
                             f.array<std::uint32_t>("graph.back_tail"),
                             f.array<double>("graph.back_travel_s"),
                             f.array<std::uint32_t>("graph.chain_a"),
                             f.array<std::uint32_t>("graph.chain_b"),
                             f.array<std::uint32_t>("graph.chain_first_seg"),
                             f.array<XY>("graph.shape_xy"),
                             f.array<double>("graph.seg_forward_s"),
                             f.array<double>("graph.seg_backward_s"),
                             counts_from(meta.at("graph"))};
  const engine::Snapper::Parts s{
      f.array<std::uint32_t>("snap.items"), f.array<std::uint32_t>("snap.item_chains"),
      f.array<engine::Box>("snap.boxes"), f.array<std::uint64_t>("snap.level_end")};
  const engine::ContractionHierarchy::Parts h{
      f.array<std::uint32_t>("ch.rank"),       f.array<std::uint32_t>("ch.up_first"),
      f.array<std::uint32_t>("ch.up_head"),    f.array<double>("ch.up_weight"),
      f.array<std::uint32_t>("ch.down_first"), f.array<std::uint32_t>("ch.down_tail"),
      f.array<double>("ch.down_weight"),       meta.at("shortcuts").get<std::uint64_t>()};
  try {
    net.graph = std::make_unique<engine::RoadGraph>(engine::RoadGraph::from_parts(g, file));
    net.snapper =
        std::make_unique<engine::Snapper>(engine::Snapper::from_parts(*net.graph, s, file));
    net.hierarchy = std::make_unique<engine::ContractionHierarchy>(
        engine::ContractionHierarchy::from_parts(h, file));
  } catch (const std::invalid_argument& e) {
    throw f.error(std::string("inconsistent contents: ") + e.what());
  }
  if (net.hierarchy->node_count() != net.graph->node_count())
    throw f.error("inconsistent contents: the hierarchy does not fit the graph");
}

}  // namespace

std::unique_ptr<RoutingNetwork> open_prepared_network(const NetworkOptions& options) {
  const auto start = Clock::now();
  const auto file = detail::EqnetFile::open(options.path);
  nlohmann::json meta;
  try {
    meta = nlohmann::json::parse(file->metadata());
  } catch (const nlohmann::json::exception&) {
    throw file->error("inconsistent metadata (not JSON)");
  }
  auto net = std::make_unique<RoutingNetwork>();
  net->path = options.path;
  net->prepared = true;
  try {
    const bool line_layer = meta.at("input").at("line_layer").get<bool>();
    const auto requested = profile_object(options, line_layer);
    if (!options.accept_prepared_profile && meta.at("profile") != requested)
      throw Error(
          "prepared with another profile: " + first_difference(meta.at("profile"), requested) +
              " (give the options it was prepared with, or prepare it again)",
          {.file = options.path});
    net->input_sha256 = meta.at("input").at("sha256").get<std::string>();
    net->input_nodes = meta.at("input").at("nodes").get<std::size_t>();
    net->input_edges = meta.at("input").at("edges").get<std::size_t>();
    net->profile_sha256 = meta.at("profile_sha256").get<std::string>();
    net->working_crs = meta.at("working_crs").get<std::string>();
    const auto& box = meta.at("box");
    net->box = {box.at(0).get<double>(), box.at(1).get<double>(), box.at(2).get<double>(),
                box.at(3).get<double>()};
    restore(*net, file, meta);
  } catch (const nlohmann::json::exception& e) {
    throw file->error(std::string("inconsistent metadata: ") + e.what());
  }
  net->projection = std::make_unique<geodata::Projection>(net->working_crs);
  net->load_seconds = seconds_since(start);
  return net;
}

}  // namespace equiroute::network
