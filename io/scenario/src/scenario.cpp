#include "equiroute/scenario/scenario.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/model_registry.hpp"
#include "equiroute/geodata/osm_features.hpp"
#include "equiroute/geodata/road_network.hpp"
#include "equiroute/geodata/text_encoding.hpp"
#include "equiroute/scenario/toml_reader.hpp"
#include "sweep_section.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

namespace {

/// A word from a closed list, as its enum value; an error at the key's line lists the words.
template <class Enum>
std::optional<Enum> choice(StrictTable& t, const std::string& key,
                           std::initializer_list<std::pair<const char*, Enum>> words) {
  const auto text = t.string(key);
  if (!text) return std::nullopt;
  std::string list;
  for (const auto& [word, value] : words) {
    if (*text == word) return value;
    list += (list.empty() ? "" : ", ") + std::string(word);
  }
  t.fail(key, fmt::format("is '{}', expected one of: {}", *text, list));
}

/// An array of words from a closed list.
template <class Enum>
std::optional<std::vector<Enum>> choices(
    StrictTable& t, const std::string& key,
    std::initializer_list<std::pair<const char*, Enum>> words) {
  const auto texts = t.strings(key);
  if (!texts) return std::nullopt;
  std::vector<Enum> out;
  for (const auto& text : *texts) {
    const auto it =
        std::find_if(words.begin(), words.end(), [&](const auto& w) { return text == w.first; });
    if (it == words.end()) {
      std::string list;
      for (const auto& w : words) list += (list.empty() ? "" : ", ") + std::string(w.first);
      t.fail(key, fmt::format("contains '{}', expected any of: {}", text, list));
    }
    out.push_back(it->second);
  }
  return out;
}

fs::path existing_file(StrictTable& t, const fs::path& base, const std::string& key,
                       bool required) {
  const auto text = required ? std::optional<std::string>(t.required_string(key)) : t.string(key);
  if (!text) return {};
  fs::path path = resolve_path(base, *text);
  std::error_code ec;  // a name too long for the system is bad input too, not an exception
  if (!fs::exists(path, ec))
    t.fail(key, fmt::format("names '{}', which {}", path.string(),
                            ec ? "cannot be accessed: " + ec.message() : "does not exist"));
  return path;
}

RegionsSpec parse_regions(StrictTable t, const fs::path& base) {
  RegionsSpec r;
  r.path = existing_file(t, base, "path", true);
  r.layer = t.string("layer").value_or("");
  r.where = t.string("where").value_or("");
  r.id_field = t.required_string("id_field");
  r.name_field = t.string("name_field").value_or("");
  r.population_field = t.string("population_field").value_or("");
  r.group_field = t.string("group_field").value_or("");
  r.group_name_field = t.string("group_name_field").value_or("");
  r.group_prefix = static_cast<int>(t.integer("group_prefix").value_or(0));
  if (r.group_prefix < 0) t.fail("group_prefix", "must be ≥ 0");
  t.finish();
  return r;
}

PopulationSpec parse_population(StrictTable t, const fs::path& base) {
  PopulationSpec p;
  p.path = existing_file(t, base, "path", true);
  p.key = t.required_string("key");
  p.field = t.required_string("field");
  p.scale = t.number("scale").value_or(p.scale);
  if (!(p.scale > 0)) t.fail("scale", "must be > 0");
  if (auto recode = t.string_table("recode")) p.recode.insert(recode->begin(), recode->end());
  t.finish();
  return p;
}

ResourcesSpec parse_resources(StrictTable t, const fs::path& base) {
  ResourcesSpec r;
  r.path = existing_file(t, base, "path", true);
  r.key = t.required_string("key");
  r.name_field = t.string("name_field").value_or("");
  r.population_field = t.string("population_field").value_or("");
  r.population_scale = t.number("population_scale").value_or(r.population_scale);
  r.fields = t.strings("fields").value_or(std::vector<std::string>{});
  if (r.fields.empty()) t.fail("fields", "must list at least one field");
  r.level = choice<ResourceLevel>(
                t, "level", {{"group", ResourceLevel::Group}, {"region", ResourceLevel::Region}})
                .value_or(r.level);
  t.finish();
  return r;
}

FacilitiesSpec parse_facilities(StrictTable t, const fs::path& base) {
  FacilitiesSpec f;
  f.path = existing_file(t, base, "path", true);
  f.layer = t.string("layer").value_or("");
  f.where = t.string("where").value_or("");
  if (geodata::is_osm_path(f.path.string())) {
    f.osm_tags = t.strings("osm_tags").value_or(geodata::default_osm_health_tags());
    f.id_field = t.string("id_field").value_or("osm_id");
    if (f.id_field != "osm_id") t.fail("id_field", "of an OSM file is 'osm_id' (n123, w45, r6)");
    if (!f.layer.empty() || !f.where.empty())
      t.fail(t.line(),
             "keys 'facilities.layer' and 'facilities.where' do not apply to an OSM "
             "file (select objects with 'facilities.osm_tags')");
  } else {
    if (t.has("osm_tags"))
      t.fail("osm_tags", "applies only to an OSM file (.osm, .pbf, .osm.gz, .osm.bz2)");
    f.id_field = t.required_string("id_field");
  }
  f.name_field = t.string("name_field").value_or("");
  f.x_field = t.string("x_field").value_or("");
  f.y_field = t.string("y_field").value_or("");
  f.crs = t.string("crs").value_or("");
  f.capacity_fields = t.strings("capacity_fields").value_or(std::vector<std::string>{});
  f.from_resources = t.boolean("from_resources").value_or(false);
  f.location_note = t.string("location_note").value_or("");
  t.finish();
  return f;
}

/// [network.speed]: road class = km/h, as the CLI's repeated --speed CLASS=KMH.
void parse_class_speeds(StrictTable& t, geodata::RoadProfile& profile) {
  const toml::table* speeds = t.table("speed");
  if (!speeds) return;
  StrictTable s(*speeds, t.qualified("speed"), t.file());
  for (const auto& road_class : s.keys()) {
    const double kmh = *s.number(road_class);
    if (!(kmh >= 0)) s.fail(road_class, "must be ≥ 0 km/h (0: not routable)");
    geodata::set_class_speed(profile, road_class + "=" + fmt::format("{}", kmh));
  }
  s.finish();
}

/// Line-layer keys, named as the CLI's --network-layer, --network-crs, --class-field, ….
void parse_line_fields(StrictTable& t, geodata::LineRoadOptions& lines) {
  lines.layer = t.string("layer").value_or(lines.layer);
  lines.assume_crs = t.string("crs").value_or(lines.assume_crs);
  lines.class_field = t.string("class_field").value_or(lines.class_field);
  lines.speed_field = t.string("speed_field").value_or(lines.speed_field);
  lines.oneway_field = t.string("oneway_field").value_or(lines.oneway_field);
  lines.node_tolerance_m = t.number("node_tolerance_m").value_or(lines.node_tolerance_m);
}

/// `mode` is optional: "none" (straight line; no path), "osm" or "lines" (a path of that
/// kind). Without it, a path means a road network.
void check_network_mode(StrictTable& t, const fs::path& path) {
  enum class Mode { None, Osm, Lines };
  const auto mode =
      choice<Mode>(t, "mode", {{"none", Mode::None}, {"osm", Mode::Osm}, {"lines", Mode::Lines}});
  if (!mode) return;
  if (*mode == Mode::None && !path.empty())
    t.fail("mode", "is \"none\" but 'network.path' names a network: remove one of the two");
  if (*mode != Mode::None && path.empty())
    t.fail(t.line(), "key 'network.path' is required when mode is not 'none'");
  if (*mode == Mode::Osm && !geodata::is_osm_path(path.string()))
    t.fail("mode", "is \"osm\" but '" + path.string() +
                       "' is not an OSM file (.pbf, .osm, .osm.gz or .osm.bz2)");
  if (*mode == Mode::Lines && geodata::is_osm_path(path.string()))
    t.fail("mode", "is \"lines\" but '" + path.string() + "' is an OSM file");
}

network::TravelCostOptions parse_network(StrictTable t, const fs::path& base) {
  network::TravelCostOptions n;
  const fs::path path = existing_file(t, base, "path", false);
  check_network_mode(t, path);
  n.network.path = path.string();
  if (const auto cache = t.string("cache")) n.cache_directory = resolve_path(base, *cache).string();
  // Without profile keys, a prepared network (.eqnet) is used with the profile it was
  // prepared with; with any, they must match it.
  n.network.accept_prepared_profile = true;
  for (const char* key : {"speed", "ignore_maxspeed", "keep_all_components", "layer", "crs",
                          "class_field", "speed_field", "oneway_field", "node_tolerance_m"})
    if (t.has(key)) n.network.accept_prepared_profile = false;
  parse_class_speeds(t, n.network.profile);
  n.network.profile.use_maxspeed = !t.boolean("ignore_maxspeed").value_or(false);
  n.network.graph.keep_largest_component = !t.boolean("keep_all_components").value_or(false);
  n.network.osm.strict = t.boolean("strict").value_or(false);
  parse_line_fields(t, n.network.lines);
  n.straight.circuity = t.number("circuity").value_or(n.straight.circuity);
  n.straight.speed_kmh = t.number("speed_kmh").value_or(n.straight.speed_kmh);
  n.snap.access_speed_kmh = t.number("access_speed_kmh").value_or(n.snap.access_speed_kmh);
  n.snap.max_snap_m = t.number("max_snap_m").value_or(n.snap.max_snap_m);
  n.allow_unreachable = t.boolean("allow_unreachable").value_or(false);
  if (!(n.straight.circuity >= 1.0)) t.fail("circuity", "must be ≥ 1");
  if (!(n.straight.speed_kmh > 0)) t.fail("speed_kmh", "must be > 0 km/h");
  if (!(n.snap.access_speed_kmh > 0)) t.fail("access_speed_kmh", "must be > 0 km/h");
  if (!(n.snap.max_snap_m > 0)) t.fail("max_snap_m", "must be > 0 m");
  t.finish();
  return n;
}

DemandSpec parse_demand(StrictTable t, const fs::path& base) {
  DemandSpec d;
  d.rule = choice<DemandRule>(t, "rule",
                              {{"auto", DemandRule::Auto},
                               {"seat", DemandRule::Seat},
                               {"centroid", DemandRule::Centroid},
                               {"point_on_surface", DemandRule::PointOnSurface},
                               {"points", DemandRule::Points}})
               .value_or(d.rule);
  d.seat_lon_field = t.string("seat_lon_field").value_or(d.seat_lon_field);
  d.seat_lat_field = t.string("seat_lat_field").value_or(d.seat_lat_field);
  const fs::path path = existing_file(t, base, "path", false);
  d.points.path = path.string();
  d.points.layer = t.string("layer").value_or("");
  d.points.where = t.string("where").value_or("");
  d.points.id_field = t.string("id_field").value_or("");
  d.points.crs = t.string("crs").value_or("");
  d.population_field = t.string("population_field").value_or("");
  const bool point_keys = !path.empty() || !d.points.layer.empty() || !d.points.where.empty() ||
                          !d.points.id_field.empty() || !d.population_field.empty() ||
                          !d.points.crs.empty();
  if (d.rule == DemandRule::Points && (path.empty() || d.population_field.empty()))
    t.fail(t.line(), "demand.rule = \"points\" needs 'demand.path' and 'demand.population_field'");
  if (d.rule != DemandRule::Points && point_keys)
    t.fail(t.line(),
           "keys 'demand.path', 'layer', 'where', 'id_field', 'population_field' and 'crs' go with "
           "demand.rule = \"points\"");
  t.finish();
  return d;
}

/// [access.params.<model>]: a number, an array of numbers or a word per parameter.
std::map<std::string, engine::ModelParams> parse_model_params(StrictTable& t) {
  std::map<std::string, engine::ModelParams> params;
  const toml::table* table = t.table("params");
  if (!table) return params;
  StrictTable p(*table, t.qualified("params"), t.file());
  for (const auto& model : p.keys()) {
    const toml::table* values = p.table(model);
    if (!values) continue;
    StrictTable v(*values, p.qualified(model), t.file());
    for (const auto& key : v.keys()) {
      const toml::node* node = values->get(key);
      if (node->is_string()) {
        params[model][key] = *v.string(key);
      } else if (node->is_array()) {
        params[model][key] = *v.numbers(key);
      } else {
        params[model][key] = *v.number(key);
      }
    }
    v.finish();
  }
  p.finish();
  return params;
}

AccessSpec parse_access(StrictTable t, engine::LogBase log_base) {
  AccessSpec a;
  std::vector<std::string> names = engine::access_model_names();
  if (auto models = t.strings("models")) names = *models;
  a.threshold_min = t.number("threshold_min");
  if (a.threshold_min && !(*a.threshold_min > 0)) t.fail("threshold_min", "must be > 0 minutes");
  if (auto thresholds = t.numbers("burden_thresholds_min"))
    a.analysis.burden.thresholds_min = *thresholds;
  for (double threshold : a.analysis.burden.thresholds_min)
    if (!(threshold > 0)) t.fail("burden_thresholds_min", "must hold positive minutes");
  a.analysis.burden.log_base = log_base;
  const auto params = parse_model_params(t);
  a.model_names = names;
  a.params = params;
  try {
    a.analysis.models = engine::model_requests(names, params, a.threshold_min);
  } catch (const Error& e) {
    t.fail(t.line(), std::string("[access]: ") + e.what(), e.hint());
  }
  t.finish();
  return a;
}

/// `bootstrap = N` with the optional `bootstrap_seed` and `bootstrap_level`
/// (docs/uncertainty.md); nothing without `bootstrap`.
std::optional<engine::BootstrapOptions> parse_bootstrap(StrictTable& t) {
  const auto replicates = t.integer("bootstrap");
  const auto seed = t.integer("bootstrap_seed");
  const auto level = t.number("bootstrap_level");
  if (!replicates) {
    if (seed || level)
      t.fail(seed ? "bootstrap_seed" : "bootstrap_level",
             "goes with equity.bootstrap = N (the number of replicates)");
    return std::nullopt;
  }
  if (*replicates < 1)
    t.fail("bootstrap", fmt::format("must be at least 1 replicate (got {}): leave it out to skip "
                                    "intervals, or give e.g. 1999",
                                    *replicates));
  engine::BootstrapOptions options;
  options.replicates = static_cast<std::size_t>(*replicates);
  if (seed) {
    if (*seed < 0) t.fail("bootstrap_seed", "must be ≥ 0");
    options.seed = static_cast<std::uint64_t>(*seed);
  }
  if (level) {
    if (!(*level > 0.0 && *level < 1.0))
      t.fail("bootstrap_level", "must lie strictly between 0 and 1 (e.g. 0.95)");
    options.level = *level;
  }
  return options;
}

EquitySpec parse_equity(StrictTable t) {
  EquitySpec e;
  e.bases = choices<engine::EquityBasis>(t, "bases",
                                         {{"population", engine::EquityBasis::Population},
                                          {"area", engine::EquityBasis::Area}})
                .value_or(e.bases);
  e.log_base = choice<engine::LogBase>(t, "theil_log",
                                       {{"e", engine::LogBase::E}, {"10", engine::LogBase::Ten}})
                   .value_or(e.log_base);
  e.bootstrap = parse_bootstrap(t);
  t.finish();
  return e;
}

OutputSpec parse_output(StrictTable t) {
  OutputSpec o;
  o.layer_formats = choices<LayerFormat>(t, "layers",
                                         {{"gpkg", LayerFormat::GeoPackage},
                                          {"geojson", LayerFormat::GeoJson},
                                          {"shp", LayerFormat::Shapefile}})
                        .value_or(o.layer_formats);
  o.maps = t.boolean("maps").value_or(o.maps);
  o.map_formats =
      choices<FigureFormat>(
          t, "map_formats",
          {{"png", FigureFormat::Png}, {"pdf", FigureFormat::Pdf}, {"svg", FigureFormat::Svg}})
          .value_or(o.map_formats);
  o.classification = choice<ClassMethod>(t, "classification",
                                         {{"quantiles", ClassMethod::Quantiles},
                                          {"equal_interval", ClassMethod::EqualInterval},
                                          {"jenks", ClassMethod::Jenks}})
                         .value_or(o.classification);
  o.classes = static_cast<int>(t.integer("classes").value_or(o.classes));
  if (o.classes < 2 || o.classes > 9) t.fail("classes", "must be 2..9");
  o.report = t.boolean("report").value_or(o.report);
  t.finish();
  return o;
}

/// Checks across tables, once every table is read.
void check_consistency(const Scenario& s, StrictTable& root) {
  if (s.facilities && s.facilities->from_resources && !s.resources)
    root.fail(root.line("facilities"),
              "[facilities] from_resources = true needs a [resources] table");
  if (s.resources && s.resources->level == ResourceLevel::Group && s.regions.group_field.empty() &&
      s.regions.group_prefix == 0)
    root.fail(root.line("resources"),
              "[resources] level = \"group\" needs regions.group_field or regions.group_prefix");
}

}  // namespace

engine::AccessAnalysisOptions default_access_analysis() {
  engine::AccessAnalysisOptions options;
  options.models = engine::model_requests(engine::access_model_names(), {}, std::nullopt);
  return options;
}

DemandRule demand_rule_from_name(const std::string& name) {
  if (name == "auto") return DemandRule::Auto;
  if (name == "points") return DemandRule::Points;
  if (name == "seat") return DemandRule::Seat;
  if (name == "centroid") return DemandRule::Centroid;
  if (name == "point_on_surface" || name == "point-on-surface") return DemandRule::PointOnSurface;
  throw Error("unknown demand rule '" + name + "'", {}, ErrorKind::BadInput,
              "rules: auto, points, seat, centroid, point_on_surface");
}

std::string to_string(DemandRule rule) {
  switch (rule) {
    case DemandRule::Auto:
      return "auto";
    case DemandRule::Points:
      return "points";
    case DemandRule::Seat:
      return "seat";
    case DemandRule::Centroid:
      return "centroid";
    case DemandRule::PointOnSurface:
      return "point_on_surface";
  }
  return "auto";
}

std::string to_string(LayerFormat format) {
  switch (format) {
    case LayerFormat::GeoPackage:
      return "gpkg";
    case LayerFormat::GeoJson:
      return "geojson";
    case LayerFormat::Shapefile:
      return "shp";
  }
  return "gpkg";
}

std::string to_string(FigureFormat format) {
  switch (format) {
    case FigureFormat::Png:
      return "png";
    case FigureFormat::Pdf:
      return "pdf";
    case FigureFormat::Svg:
      return "svg";
  }
  return "png";
}

std::string to_string(ResourceLevel level) {
  return level == ResourceLevel::Group ? "group" : "region";
}

std::vector<fs::path> Scenario::input_files() const {
  std::vector<fs::path> files{file, regions.path};
  if (population) files.push_back(population->path);
  if (resources) files.push_back(resources->path);
  if (facilities) files.push_back(facilities->path);
  if (!network.network.path.empty()) files.push_back(network.network.path);
  if (demand.rule == DemandRule::Points) files.push_back(demand.points.path);
  if (plan && !plan->candidates.layer.path.empty()) files.push_back(plan->candidates.layer.path);
  return files;
}

Scenario parse_scenario(const std::string& text, const fs::path& base_dir,
                        const std::string& display_name) {
  const toml::table root = parse_toml(text, display_name);
  Scenario s;
  s.file = display_name;
  StrictTable t(root, "", display_name);
  s.title = t.string("title").value_or("equiroute scenario");
  s.language = choice<ReportLanguage>(t, "language",
                                      {{"en", ReportLanguage::En}, {"zh", ReportLanguage::Zh}})
                   .value_or(s.language);
  s.encoding = t.string("encoding").value_or("");
  try {
    geodata::TextDecoder check(s.encoding.empty() ? "UTF-8" : s.encoding);
  } catch (const Error& e) {
    t.fail(t.line("encoding"), e.what(), e.hint());
  }
  auto section = [&](const char* name) -> std::optional<StrictTable> {
    const toml::table* table = t.table(name);
    if (!table) return std::nullopt;
    return StrictTable(*table, name, display_name);
  };
  auto regions = section("regions");
  if (!regions) t.fail(t.line(), "the [regions] table is required");
  s.regions = parse_regions(*regions, base_dir);
  if (auto p = section("population")) s.population = parse_population(*p, base_dir);
  if (auto r = section("resources")) s.resources = parse_resources(*r, base_dir);
  if (auto f = section("facilities")) s.facilities = parse_facilities(*f, base_dir);
  if (auto n = section("network")) s.network = parse_network(*n, base_dir);
  if (auto d = section("demand")) s.demand = parse_demand(*d, base_dir);
  // [equity] first: its log base is also the one of the burden indices of [access].
  if (auto e = section("equity")) s.equity = parse_equity(*e);
  s.access.analysis.burden.log_base = s.equity.log_base;
  if (auto a = section("access")) s.access = parse_access(*a, s.equity.log_base);
  if (auto o = section("output")) s.output = parse_output(*o);
  if (auto w = section("sweep")) s.sweep = parse_sweep(*w, s);
  if (auto p = section("plan")) s.plan = parse_plan(*p, base_dir);
  t.finish();
  check_consistency(s, t);
  return s;
}

Scenario load_scenario(const fs::path& file) {
  Scenario s = parse_scenario(read_text_file(file),
                              file.parent_path().empty() ? fs::path(".") : file.parent_path(),
                              file.string());
  s.file = file;
  return s;
}

}  // namespace equiroute::io
