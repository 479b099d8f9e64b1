// `equiroute access`: accessibility scores (nearest, cumulative, gravity, 2SFCA family),
// travel burden and equity of access for demand points and facilities given as files.
// Argument handling only: the same library calls as `run` (pipeline::analyse_access and
// the access tables), so both commands give identical tables for the same inputs.

#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <tbb/global_control.h>

#include <charconv>
#include <cmath>
#include <memory>
#include <optional>

#include "bootstrap_options.hpp"
#include "command_registry.hpp"
#include "equiroute/engine/model_registry.hpp"
#include "equiroute/geodata/layer_writer.hpp"
#include "equiroute/pipeline/access_inputs.hpp"
#include "equiroute/pipeline/access_tables.hpp"
#include "equiroute/pipeline/bootstrap_step.hpp"
#include "equiroute/pipeline/indicator_style.hpp"
#include "equiroute/pipeline/result_directory.hpp"
#include "equiroute/pipeline/run_pipeline.hpp"
#include "routing_options.hpp"

namespace equiroute::cli {
namespace {

struct AccessArgs {
  io::DemandOptions demand;
  std::string demand_rule = "auto";
  io::SupplyOptions supply;
  NetworkArgs network;
  TravelArgs travel;
  std::string cost;
  io::CostCsvOptions cost_fields;
  std::vector<std::string> models;
  std::optional<double> threshold_min;
  std::vector<std::string> params;
  std::vector<double> burden_thresholds = engine::BurdenOptions{}.thresholds_min;
  BootstrapArgs bootstrap;
  std::string supply_crs;
  std::string layer_format = "gpkg";
  std::string output;
};

std::optional<double> parse_double(const std::string& text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

/// "--param e2sfca.zones_min=10,20,30": a number, a comma list of numbers, or a word.
void add_param(std::map<std::string, engine::ModelParams>& params, const std::string& spec) {
  const auto dot = spec.find('.');
  const auto eq = spec.find('=');
  if (dot == std::string::npos || eq == std::string::npos || dot > eq) {
    throw Error("--param '" + spec + "' is not MODEL.NAME=VALUE", {}, ErrorKind::BadInput,
                "e.g. --param e2sfca.zones_min=10,20,30 or --param gravity.decay=exponential");
  }
  const std::string model = spec.substr(0, dot);
  const std::string name = spec.substr(dot + 1, eq - dot - 1);
  const std::string value = spec.substr(eq + 1);
  engine::ParamValue parsed = value;
  if (value.find(',') != std::string::npos) {
    std::vector<double> list;
    std::size_t start = 0;
    while (start <= value.size()) {
      const auto comma = std::min(value.find(',', start), value.size());
      auto number = parse_double(value.substr(start, comma - start));
      if (!number) throw Error("--param '" + spec + "': not a list of numbers");
      list.push_back(*number);
      start = comma + 1;
    }
    parsed = list;
  } else if (auto number = parse_double(value)) {
    parsed = *number;
  }
  params[model][name] = parsed;
}

engine::AccessAnalysisOptions analysis_options(const AccessArgs& a) {
  std::map<std::string, engine::ModelParams> params;
  for (const auto& spec : a.params) add_param(params, spec);
  engine::AccessAnalysisOptions options;
  options.models = engine::model_requests(a.models, params, a.threshold_min);
  options.burden.thresholds_min = a.burden_thresholds;
  return options;
}

void write_outputs(const io::DemandPoints& demand, const io::AccessOutcome& outcome,
                   const AccessArgs& a, io::ResultDirectory& dir,
                   const io::AccessIntervals* intervals) {
  const auto& root = dir.root();
  access_demand_table(outcome).write_csv(root / "access_demand.csv");
  access_regions_table(outcome, io::access_region_list(demand, outcome))
      .write_csv(root / "access_regions.csv");
  access_burden_table(outcome, "all").write_csv(root / "access_burden.csv");
  access_equity_table(outcome).write_csv(root / "access_equity.csv");
  access_supply_table(outcome).write_csv(root / "access_supply.csv");
  if (intervals)
    access_intervals_table(outcome, *intervals).write_csv(root / "access_equity_intervals.csv");
  if (a.layer_format != "none") {
    io::ChoroplethSpec spec;  // the classes a map of the times would have (Jenks, 5)
    spec.title = "Travel time to the nearest facility (min)";
    geodata::write_layer(
        io::demand_points_layer(outcome), root / ("access_demand." + a.layer_format),
        {.layer_name = "access_demand",
         .inputs = dir.inputs(),
         .styles = io::demand_point_styles(outcome.analysis.nearest_travel_s, spec)});
  }
  io::RunSummary summary;
  summary.title = "access";
  summary.regions = outcome.problem.demand_ids.size();
  io::summarise_access(outcome, summary);
  io::summarise_intervals(nullptr, nullptr, &outcome, intervals, summary);
  geodata::write_text_atomic(root / "summary.json", summary.to_json().dump(2) + "\n");
}

void print_outcome(const io::AccessOutcome& outcome,
                   const std::vector<std::filesystem::path>& files, const std::string& output) {
  const auto& overall = outcome.analysis.burden.overall;
  fmt::print("demand points: {}, facilities: {}, reachable pairs: {}\n",
             outcome.problem.demand_ids.size(), outcome.problem.facility_ids.size(),
             outcome.costs.matrix.entries());
  fmt::print(
      "nearest facility: mean {:.1f} min (reachable), median {} min; unreachable population {}\n",
      overall.mean_reachable_s / 60.0,
      std::isfinite(overall.median_s) ? fmt::format("{:.1f}", overall.median_s / 60.0)
                                      : std::string("unreachable"),
      overall.unreachable_population);
  for (const auto& file : files) fmt::print("wrote {}/{}\n", output, file.string());
}

void run_access(AccessArgs a) {
  std::optional<tbb::global_control> limit;
  if (a.travel.travel.threads > 0)
    limit.emplace(tbb::global_control::max_allowed_parallelism, a.travel.travel.threads);
  const auto options = analysis_options(a);
  const auto bootstrap = a.bootstrap.options(a.travel.travel.threads);  // checked before any work
  a.demand.rule = io::demand_rule_from_name(a.demand_rule);
  a.supply.layer.crs = a.supply_crs.empty() ? a.demand.layer.crs : a.supply_crs;
  std::vector<std::filesystem::path> inputs{a.demand.layer.path, a.supply.layer.path};
  if (!a.cost.empty()) inputs.emplace_back(a.cost);
  if (!a.network.none() && !a.network.path.empty()) inputs.emplace_back(a.network.path);
  io::ResultDirectory dir(a.output, inputs);

  const auto demand = io::load_demand_points(a.demand);
  const auto supply = io::load_supply_points(a.supply);
  const io::CostSource source{.travel = a.travel.options(a.network, 0.0),
                              .matrix_file = a.cost,
                              .matrix_fields = a.cost_fields};
  const auto outcome = io::analyse_access(io::access_problem(demand, supply), source, options);
  std::optional<io::AccessIntervals> intervals;
  if (bootstrap)
    intervals = io::bootstrap_access_intervals(outcome, *bootstrap, options.burden.log_base);
  write_outputs(demand, outcome, a, dir, intervals ? &*intervals : nullptr);
  auto parameters = io::access_parameters(outcome);
  parameters["demand_rule"] = io::to_string(demand.rule);
  const auto files =
      dir.commit("access", parameters, a.travel.travel.threads, nlohmann::ordered_json::object());
  print_outcome(outcome, files, a.output);
}

void add_demand_options(CLI::App* cmd, AccessArgs& a) {
  cmd->add_option("--demand", a.demand.layer.path,
                  "Demand points or regions (CSV id,lon,lat,... or any OGR layer)")
      ->required();
  cmd->add_option("--demand-layer", a.demand.layer.layer, "Layer of the demand data source");
  cmd->add_option("--demand-id-field", a.demand.layer.id_field,
                  "Id field of the demand layer (default: 'id' when present, else the feature id)");
  cmd->add_option("--population-field", a.demand.population_field,
                  "Population field of the demand layer")
      ->required();
  cmd->add_option("--name-field", a.demand.name_field,
                  "Name field of the demand layer (for the regions table)");
  cmd->add_option("--region-field", a.demand.region_field,
                  "Field of the region each demand point's scores are averaged into (default: "
                  "every point is a region of its own)");
  cmd->add_option("--group-field", a.demand.group_field,
                  "Field grouping demand points for the burden per group and the between/within "
                  "parts (e.g. prefecture)");
  cmd->add_option("--demand-rule", a.demand_rule,
                  "Demand points from polygons: auto, points, seat, centroid, point_on_surface")
      ->capture_default_str();
  cmd->add_option("--seat-lon-field", a.demand.seat_lon_field, "Seat longitude field (seat rule)")
      ->capture_default_str();
  cmd->add_option("--seat-lat-field", a.demand.seat_lat_field, "Seat latitude field (seat rule)")
      ->capture_default_str();
  cmd->add_option("--crs", a.demand.layer.crs,
                  "CRS of demand and supply layers that declare none (CSV default EPSG:4326); "
                  "GCJ-02 or BD-09 converts web-map coordinates to WGS 84");
}

void add_supply_options(CLI::App* cmd, AccessArgs& a) {
  cmd->add_option("--supply", a.supply.layer.path,
                  "Facilities (CSV id,lon,lat,... or any OGR point layer)")
      ->required();
  cmd->add_option("--supply-layer", a.supply.layer.layer, "Layer of the facility data source");
  cmd->add_option("--supply-id-field", a.supply.layer.id_field,
                  "Id field of the facility layer (default: 'id' when present, else the feature "
                  "id)");
  cmd->add_option(
      "--supply-field", a.supply.supply_fields,
      "Capacity field(s) to score, e.g. beds doctors (default: each facility counts 1)");
  cmd->add_option("--supply-crs", a.supply_crs,
                  "CRS of the facility layer, instead of --crs (e.g. GCJ-02 from a web map)");
}

void add_cost_options(CLI::App* cmd, AccessArgs& a) {
  auto* network = a.network.add(cmd, false, true)->required(false);
  auto* cost = cmd->add_option(
      "--cost", a.cost, "Cost matrix CSV origin_id,destination_id,travel_s (from `equiroute od`)");
  network->excludes(cost);
  cmd->add_option("--cost-origin-field", a.cost_fields.origin_field)->capture_default_str();
  cmd->add_option("--cost-destination-field", a.cost_fields.destination_field)
      ->capture_default_str();
  cmd->add_option("--cost-time-field", a.cost_fields.travel_field)->capture_default_str();
  a.travel.add(cmd);
}

void add_model_options(CLI::App* cmd, AccessArgs& a) {
  std::string model_help = "Model(s): ";
  for (const auto& name : engine::access_model_names()) model_help += name + " ";
  cmd->add_option("--model", a.models, model_help)
      ->required()
      ->check(CLI::IsMember(engine::access_model_names()));
  cmd->add_option("--threshold-min", a.threshold_min,
                  "Common catchment d0 in minutes of 2sfca, g2sfca and cumulative (default: each "
                  "model's own, 30)");
  cmd->add_option("--param", a.params,
                  "Model parameter MODEL.NAME=VALUE, e.g. e2sfca.zones_min=10,20,30");
  cmd->add_option("--burden-threshold-min", a.burden_thresholds,
                  "Travel-burden thresholds in minutes")
      ->capture_default_str();
}

const RegisterCommand reg{[](CLI::App& root) {
  auto* cmd = root.add_subcommand(
      "access", "Accessibility scores, travel burden and equity of access (docs/accessibility.md)");
  auto a = std::make_shared<AccessArgs>();
  add_demand_options(cmd, *a);
  add_supply_options(cmd, *a);
  add_cost_options(cmd, *a);
  add_model_options(cmd, *a);
  a->bootstrap.add(cmd);
  cmd->add_option("--layer-format", a->layer_format, "Scores layer: gpkg, geojson or none")
      ->check(CLI::IsMember({"gpkg", "geojson", "none"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", a->output, "Output directory")->required();
  cmd->callback([a] {
    if (a->network.path.empty() && a->cost.empty())
      throw Error("give --network PATH, --network none or --cost C.csv");
    run_access(*a);
  });
}};

}  // namespace
}  // namespace equiroute::cli
