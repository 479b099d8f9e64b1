#include "equiroute/io/scenario.hpp"

#include <fmt/core.h>
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/osm_features.hpp"
#include "equiroute/geodata/road_network.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

namespace {

/// Reads the keys of one TOML table strictly: every key must be read (or it is unknown),
/// every value must have the expected type. Errors name file, key and line.
class StrictTable {
 public:
  StrictTable(const toml::table& table, std::string prefix, const std::string& file)
      : table_(table), prefix_(std::move(prefix)), file_(file) {}

  std::optional<std::string> string(const std::string& key) {
    const toml::node* node = take(key);
    if (!node) return std::nullopt;
    if (auto value = node->value<std::string>()) return *value;
    fail(key, *node, "must be a string");
  }
  std::optional<double> number(const std::string& key) {
    const toml::node* node = take(key);
    if (!node) return std::nullopt;
    if (node->is_integer() || node->is_floating_point()) return *node->value<double>();
    fail(key, *node, "must be a number");
  }
  std::optional<long long> integer(const std::string& key) {
    const toml::node* node = take(key);
    if (!node) return std::nullopt;
    if (node->is_integer()) return *node->value<long long>();
    fail(key, *node, "must be an integer");
  }
  std::optional<bool> boolean(const std::string& key) {
    const toml::node* node = take(key);
    if (!node) return std::nullopt;
    if (node->is_boolean()) return *node->value<bool>();
    fail(key, *node, "must be true or false");
  }
  std::optional<std::vector<std::string>> strings(const std::string& key) {
    const toml::node* node = take(key);
    if (!node) return std::nullopt;
    const toml::array* array = node->as_array();
    if (!array) fail(key, *node, "must be an array of strings");
    std::vector<std::string> out;
    for (const auto& element : *array) {
      auto value = element.value<std::string>();
      if (!value) fail(key, element, "must be an array of strings");
      out.push_back(*value);
    }
    return out;
  }
  std::optional<std::vector<double>> numbers(const std::string& key) {
    const toml::node* node = take(key);
    if (!node) return std::nullopt;
    const toml::array* array = node->as_array();
    if (!array) fail(key, *node, "must be an array of numbers");
    std::vector<double> out;
    for (const auto& element : *array) {
      if (!element.is_integer() && !element.is_floating_point()) {
        fail(key, element, "must be an array of numbers");
      }
      out.push_back(*element.value<double>());
    }
    return out;
  }
  /// A model parameter: a number, an array of numbers or a string.
  engine::ParamValue param(const std::string& key) {
    const toml::node* node = table_.get(key);
    if (node && node->is_string()) return *string(key);
    if (node && node->is_array()) return *numbers(key);
    return *number(key);
  }
  const toml::table* table(const std::string& key) {
    const toml::node* node = take(key);
    if (!node) return nullptr;
    if (const toml::table* t = node->as_table()) return t;
    fail(key, *node, "must be a table");
  }
  std::string required_string(const std::string& key) {
    auto value = string(key);
    if (!value || value->empty()) missing(key);
    return *value;
  }
  /// Keys present in the table (for free-form sub-tables such as model parameters).
  std::vector<std::string> keys() const {
    std::vector<std::string> out;
    for (const auto& [key, node] : table_) out.emplace_back(key.str());
    return out;
  }
  std::string qualified(const std::string& key) const {
    return prefix_.empty() ? key : prefix_ + "." + key;
  }

  [[noreturn]] void fail(const std::string& key, const toml::node& node,
                         const std::string& what) const {
    throw Error(fmt::format("line {}: key '{}' {}", node.source().begin.line, qualified(key), what),
                {.file = file_});
  }
  [[noreturn]] void missing(const std::string& key) const {
    throw Error(fmt::format("line {}: required key '{}' is missing", table_.source().begin.line,
                            qualified(key)),
                {.file = file_});
  }

  /// Throws on the first key that was never read.
  void finish() const {
    for (const auto& [key, node] : table_) {
      std::string name(key.str());
      if (read_.count(name)) continue;
      std::string allowed;
      for (const auto& k : read_attempts_) allowed += (allowed.empty() ? "" : ", ") + k;
      throw Error(
          fmt::format("line {}: unknown key '{}'", node.source().begin.line, qualified(name)),
          {.file = file_}, ErrorKind::BadInput,
          allowed.empty() ? std::string() : "keys allowed here: " + allowed);
    }
  }

 private:
  const toml::node* take(const std::string& key) {
    read_attempts_.push_back(key);
    const toml::node* node = table_.get(key);
    if (node) read_.insert(key);
    return node;
  }

  const toml::table& table_;
  std::string prefix_;
  const std::string& file_;
  std::set<std::string> read_;
  std::vector<std::string> read_attempts_;
};

fs::path resolve(const fs::path& base, const std::string& text) {
  fs::path p(text);
  return p.is_absolute() ? p : (base / p).lexically_normal();
}

void require_one_of(const std::string& value, std::initializer_list<const char*> allowed,
                    const std::string& key, const std::string& file) {
  for (const char* a : allowed) {
    if (value == a) return;
  }
  std::string list;
  for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  throw Error(fmt::format("key '{}' is '{}', expected one of: {}", key, value, list),
              {.file = file});
}

void require_file(const fs::path& path, const std::string& key, const std::string& file) {
  if (!fs::exists(path)) {
    throw Error(fmt::format("key '{}' names '{}', which does not exist", key, path.string()),
                {.file = file});
  }
}

RegionsSpec parse_regions(StrictTable t, const fs::path& base, const std::string& file) {
  RegionsSpec r;
  r.path = resolve(base, t.required_string("path"));
  require_file(r.path, "regions.path", file);
  r.layer = t.string("layer").value_or("");
  r.where = t.string("where").value_or("");
  r.id_field = t.required_string("id_field");
  r.name_field = t.string("name_field").value_or("");
  r.population_field = t.string("population_field").value_or("");
  r.group_field = t.string("group_field").value_or("");
  r.group_name_field = t.string("group_name_field").value_or("");
  r.group_prefix = static_cast<int>(t.integer("group_prefix").value_or(0));
  if (r.group_prefix < 0) throw Error("key 'regions.group_prefix' must be ≥ 0", {.file = file});
  t.finish();
  return r;
}

PopulationSpec parse_population(StrictTable t, const fs::path& base, const std::string& file) {
  PopulationSpec p;
  p.path = resolve(base, t.required_string("path"));
  require_file(p.path, "population.path", file);
  p.key = t.required_string("key");
  p.field = t.required_string("field");
  p.scale = t.number("scale").value_or(1.0);
  if (const toml::table* recode = t.table("recode")) {
    StrictTable r(*recode, "population.recode", file);
    for (const auto& key : r.keys()) p.recode[key] = *r.string(key);
    r.finish();
  }
  if (!(p.scale > 0)) throw Error("key 'population.scale' must be > 0", {.file = file});
  t.finish();
  return p;
}

ResourcesSpec parse_resources(StrictTable t, const fs::path& base, const std::string& file) {
  ResourcesSpec r;
  r.path = resolve(base, t.required_string("path"));
  require_file(r.path, "resources.path", file);
  r.key = t.required_string("key");
  r.name_field = t.string("name_field").value_or("");
  r.population_field = t.string("population_field").value_or("");
  r.population_scale = t.number("population_scale").value_or(1.0);
  r.fields = t.strings("fields").value_or(std::vector<std::string>{});
  if (r.fields.empty())
    throw Error("key 'resources.fields' must list at least one field", {.file = file});
  r.level = t.string("level").value_or("group");
  require_one_of(r.level, {"group", "region"}, "resources.level", file);
  t.finish();
  return r;
}

FacilitiesSpec parse_facilities(StrictTable t, const fs::path& base, const std::string& file) {
  FacilitiesSpec f;
  f.path = resolve(base, t.required_string("path"));
  require_file(f.path, "facilities.path", file);
  f.layer = t.string("layer").value_or("");
  f.where = t.string("where").value_or("");
  if (geodata::is_osm_file(f.path.string())) {
    f.osm_tags = t.strings("osm_tags").value_or(geodata::default_osm_health_tags());
    f.id_field = t.string("id_field").value_or("osm_id");
    if (f.id_field != "osm_id")
      throw Error("key 'facilities.id_field' of an OSM file is 'osm_id' (n123, w45, r6)",
                  {.file = file});
    if (!f.layer.empty() || !f.where.empty())
      throw Error(
          "keys 'facilities.layer' and 'facilities.where' do not apply to an OSM file "
          "(select objects with 'facilities.osm_tags')",
          {.file = file});
  } else {
    if (t.strings("osm_tags"))
      throw Error(
          "key 'facilities.osm_tags' applies only to an OSM file (.osm, .pbf, .osm.gz, "
          ".osm.bz2)",
          {.file = file});
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
void parse_class_speeds(StrictTable& t, geodata::RoadProfile& profile, const std::string& file) {
  const toml::table* speeds = t.table("speed");
  if (!speeds) return;
  StrictTable s(*speeds, "network.speed", file);
  for (const auto& road_class : s.keys()) {
    const double kmh = *s.number(road_class);
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
void check_network_mode(StrictTable& t, const fs::path& path, const std::string& file) {
  const auto mode = t.string("mode");
  if (!mode) return;
  require_one_of(*mode, {"none", "osm", "lines"}, "network.mode", file);
  if (*mode == "none" && !path.empty())
    throw Error("key 'network.mode' is \"none\" but 'network.path' names a network", {.file = file},
                ErrorKind::BadInput, "remove one of the two keys");
  if (*mode != "none" && path.empty())
    throw Error("key 'network.path' is required when mode is not 'none'", {.file = file});
  if (*mode == "osm" && !geodata::is_osm_path(path.string()))
    throw Error("key 'network.mode' is \"osm\" but '" + path.string() + "' is not an OSM file",
                {.file = file}, ErrorKind::BadInput,
                "OSM files end in .pbf, .osm, .osm.gz or .osm.bz2");
  if (*mode == "lines" && geodata::is_osm_path(path.string()))
    throw Error("key 'network.mode' is \"lines\" but '" + path.string() + "' is an OSM file",
                {.file = file});
}

network::TravelCostOptions parse_network(StrictTable t, const fs::path& base,
                                         const std::string& file) {
  network::TravelCostOptions n;
  fs::path path;
  if (auto text = t.string("path")) path = resolve(base, *text);
  check_network_mode(t, path, file);
  if (!path.empty()) require_file(path, "network.path", file);
  n.network.path = path.string();
  parse_class_speeds(t, n.network.profile, file);
  n.network.profile.use_maxspeed = !t.boolean("ignore_maxspeed").value_or(false);
  n.network.graph.keep_largest_component = !t.boolean("keep_all_components").value_or(false);
  parse_line_fields(t, n.network.lines);
  n.straight.circuity = t.number("circuity").value_or(n.straight.circuity);
  n.straight.speed_kmh = t.number("speed_kmh").value_or(n.straight.speed_kmh);
  n.snap.access_speed_kmh = t.number("access_speed_kmh").value_or(n.snap.access_speed_kmh);
  n.snap.max_snap_m = t.number("max_snap_m").value_or(n.snap.max_snap_m);
  if (!(n.straight.circuity >= 1.0))
    throw Error("key 'network.circuity' must be ≥ 1", {.file = file});
  if (!(n.straight.speed_kmh > 0) || !(n.snap.access_speed_kmh > 0))
    throw Error("network speeds must be > 0 km/h", {.file = file});
  if (!(n.snap.max_snap_m > 0)) throw Error("key 'network.max_snap_m' must be > 0", {.file = file});
  t.finish();
  return n;
}

DemandSpec parse_demand(StrictTable t, const fs::path& base, const std::string& file) {
  DemandSpec d;
  d.rule = t.string("rule").value_or(d.rule);
  require_one_of(d.rule, {"auto", "seat", "centroid", "point_on_surface", "points"}, "demand.rule",
                 file);
  d.seat_lon_field = t.string("seat_lon_field").value_or(d.seat_lon_field);
  d.seat_lat_field = t.string("seat_lat_field").value_or(d.seat_lat_field);
  const auto path = t.string("path");
  d.layer = t.string("layer").value_or("");
  d.where = t.string("where").value_or("");
  d.id_field = t.string("id_field").value_or("");
  d.population_field = t.string("population_field").value_or("");
  if (d.rule == "points") {
    if (!path || d.population_field.empty())
      throw Error("demand.rule = \"points\" needs 'demand.path' and 'demand.population_field'",
                  {.file = file});
    d.path = resolve(base, *path);
    require_file(d.path, "demand.path", file);
  } else if (path || !d.layer.empty() || !d.where.empty() || !d.id_field.empty() ||
             !d.population_field.empty()) {
    throw Error(
        "keys 'demand.path', 'layer', 'where', 'id_field' and 'population_field' go with "
        "demand.rule = \"points\"",
        {.file = file});
  }
  t.finish();
  return d;
}

AccessSpec parse_access(StrictTable t, const std::string& file) {
  AccessSpec a;
  if (auto models = t.strings("models")) a.models = *models;
  for (const auto& m : a.models) {
    require_one_of(m, {"nearest", "cumulative", "gravity", "2sfca", "e2sfca", "g2sfca", "3sfca"},
                   "access.models", file);
  }
  a.threshold_min = t.number("threshold_min").value_or(a.threshold_min);
  if (!(a.threshold_min > 0)) throw Error("key 'access.threshold_min' must be > 0", {.file = file});
  if (auto thresholds = t.numbers("burden_thresholds_min")) a.burden_thresholds_min = *thresholds;
  if (const toml::table* params = t.table("params")) {
    StrictTable p(*params, "access.params", file);
    for (const auto& model : p.keys()) {
      require_one_of(model,
                     {"nearest", "cumulative", "gravity", "2sfca", "e2sfca", "g2sfca", "3sfca"},
                     "access.params." + model, file);
      const toml::table* values = p.table(model);
      StrictTable v(*values, "access.params." + model, file);
      for (const auto& key : v.keys()) a.params[model][key] = v.param(key);
      v.finish();
    }
    p.finish();
  }
  t.finish();
  return a;
}

EquitySpec parse_equity(StrictTable t, const std::string& file) {
  EquitySpec e;
  if (auto bases = t.strings("bases")) e.bases = *bases;
  for (const auto& b : e.bases) require_one_of(b, {"population", "area"}, "equity.bases", file);
  e.theil_log = t.string("theil_log").value_or(e.theil_log);
  require_one_of(e.theil_log, {"e", "10"}, "equity.theil_log", file);
  t.finish();
  return e;
}

OutputSpec parse_output(StrictTable t, const std::string& file) {
  OutputSpec o;
  if (auto formats = t.strings("layers")) o.layer_formats = *formats;
  for (const auto& f : o.layer_formats)
    require_one_of(f, {"gpkg", "geojson", "shp"}, "output.layers", file);
  o.maps = t.boolean("maps").value_or(o.maps);
  if (auto formats = t.strings("map_formats")) o.map_formats = *formats;
  for (const auto& f : o.map_formats)
    require_one_of(f, {"png", "pdf", "svg"}, "output.map_formats", file);
  o.classification = t.string("classification").value_or(o.classification);
  require_one_of(o.classification, {"quantiles", "equal_interval", "jenks"},
                 "output.classification", file);
  o.classes = static_cast<int>(t.integer("classes").value_or(o.classes));
  if (o.classes < 2 || o.classes > 9)
    throw Error("key 'output.classes' must be 2..9", {.file = file});
  o.report = t.boolean("report").value_or(o.report);
  t.finish();
  return o;
}

}  // namespace

std::vector<fs::path> Scenario::input_files() const {
  std::vector<fs::path> files{file, regions.path};
  if (population) files.push_back(population->path);
  if (resources) files.push_back(resources->path);
  if (facilities) files.push_back(facilities->path);
  if (!network.network.path.empty()) files.push_back(network.network.path);
  if (demand.rule == "points") files.push_back(demand.path);
  return files;
}

Scenario parse_scenario(const std::string& text, const fs::path& base_dir,
                        const std::string& display_name) {
  toml::table root;
  try {
    root = toml::parse(text, display_name);
  } catch (const toml::parse_error& e) {
    throw Error(fmt::format("line {}: {}", e.source().begin.line, e.description()),
                {.file = display_name});
  }
  Scenario s;
  s.file = display_name;
  StrictTable t(root, "", display_name);
  s.title = t.string("title").value_or("equiroute scenario");
  s.language = t.string("language").value_or("en");
  require_one_of(s.language, {"en", "zh"}, "language", display_name);
  const toml::table* regions = t.table("regions");
  if (!regions) throw Error("the [regions] table is required", {.file = display_name});
  s.regions = parse_regions(StrictTable(*regions, "regions", display_name), base_dir, display_name);
  if (const auto* p = t.table("population")) {
    s.population =
        parse_population(StrictTable(*p, "population", display_name), base_dir, display_name);
  }
  if (const auto* r = t.table("resources")) {
    s.resources =
        parse_resources(StrictTable(*r, "resources", display_name), base_dir, display_name);
  }
  if (const auto* f = t.table("facilities")) {
    s.facilities =
        parse_facilities(StrictTable(*f, "facilities", display_name), base_dir, display_name);
    if (s.facilities->from_resources && !s.resources) {
      throw Error("[facilities] from_resources = true needs a [resources] table",
                  {.file = display_name});
    }
  }
  if (const auto* n = t.table("network"))
    s.network = parse_network(StrictTable(*n, "network", display_name), base_dir, display_name);
  if (const auto* d = t.table("demand"))
    s.demand = parse_demand(StrictTable(*d, "demand", display_name), base_dir, display_name);
  if (const auto* a = t.table("access"))
    s.access = parse_access(StrictTable(*a, "access", display_name), display_name);
  if (const auto* e = t.table("equity"))
    s.equity = parse_equity(StrictTable(*e, "equity", display_name), display_name);
  if (const auto* o = t.table("output"))
    s.output = parse_output(StrictTable(*o, "output", display_name), display_name);
  t.finish();
  if (s.resources && s.resources->level == "group" && s.regions.group_field.empty() &&
      s.regions.group_prefix == 0) {
    throw Error("[resources] level = \"group\" needs regions.group_field or regions.group_prefix",
                {.file = display_name});
  }
  return s;
}

Scenario load_scenario(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error("cannot open the scenario file", {.file = file.string()});
  std::stringstream text;
  text << in.rdbuf();
  Scenario s = parse_scenario(
      text.str(), file.parent_path().empty() ? fs::path(".") : file.parent_path(), file.string());
  s.file = file;
  return s;
}

}  // namespace equiroute::io
