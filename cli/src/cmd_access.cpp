// `equiroute access`: accessibility scores (nearest, cumulative, gravity, 2SFCA family),
// travel burden and equity of access for demand points and facilities. Argument handling
// only: loading is io::load_demand_points / load_supply_points / read_cost_matrix_csv,
// computing engine::analyse_access, writing io::write_access_outputs.

#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <tbb/global_control.h>

#include <charconv>
#include <memory>
#include <optional>

#include "command_registry.hpp"
#include "equiroute/core/error.hpp"
#include "equiroute/engine/access_analysis.hpp"
#include "equiroute/engine/model_registry.hpp"
#include "equiroute/engine/snapping.hpp"
#include "equiroute/engine/straight_line.hpp"
#include "equiroute/engine/travel_queries.hpp"
#include "equiroute/geodata/projection.hpp"
#include "equiroute/io/access_points.hpp"
#include "equiroute/io/access_report.hpp"
#include "equiroute/io/cost_matrix_csv.hpp"
#include "routing_options.hpp"

namespace equiroute::cli {
namespace {

struct AccessArgs {
  std::string demand, demand_layer, demand_id, population, group, demand_rule = "auto";
  std::string seat_lon = "seat_lon", seat_lat = "seat_lat";
  std::string supply, supply_layer, supply_id;
  std::vector<std::string> supply_fields;
  NetworkArgs network;
  TravelArgs travel;
  std::string cost;
  io::CostCsvOptions cost_fields;
  std::vector<std::string> models;
  std::optional<double> threshold_min;
  std::vector<std::string> params;
  std::vector<double> burden_thresholds{30, 60, 90, 120};
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
  (void)engine::access_model(model);  // unknown model: Error listing the models
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

engine::CostMatrix travel_costs(const AccessArgs& a, const io::DemandPoints& demand,
                                const io::SupplyPoints& supply, std::string& method,
                                std::optional<io::CostCsvReport>& report) {
  if (!a.cost.empty()) {
    auto read = io::read_cost_matrix_csv(a.cost, demand.ids, supply.ids, a.cost_fields);
    report = read.report;
    method = "travel times from the cost matrix " + a.cost;
    if (read.report.missing_pairs > 0 || read.report.unreachable_rows > 0) {
      spdlog::warn(
          "cost matrix: {} pairs missing and {} rows without a time, treated as unreachable",
          read.report.missing_pairs, read.report.unreachable_rows);
    }
    return std::move(read.matrix);
  }
  auto costs =
      network::travel_costs(a.travel.options(a.network, 0.0), demand.points, supply.points);
  method = costs.method;
  return std::move(costs.matrix);
}

void run_access(const AccessArgs& a) {
  std::optional<tbb::global_control> limit;
  if (a.travel.travel.threads > 0)
    limit.emplace(tbb::global_control::max_allowed_parallelism, a.travel.travel.threads);

  std::map<std::string, engine::ModelParams> params;
  for (const auto& spec : a.params) add_param(params, spec);
  engine::AccessAnalysisOptions options;
  options.burden.thresholds_min = a.burden_thresholds;
  for (const auto& name : a.models) {
    engine::ModelParams p = params[name];
    // --threshold-min sets the single catchment of the models that have one (methods.md §4:
    // 2SFCA, Gaussian 2SFCA, cumulative); gravity takes it only through --param.
    if (a.threshold_min && (name == "2sfca" || name == "g2sfca" || name == "cumulative") &&
        !p.count("threshold_min")) {
      p["threshold_min"] = *a.threshold_min;
    }
    options.models.push_back({name, p});
  }

  const io::DemandPoints demand =
      io::load_demand_points({.path = a.demand,
                              .layer = a.demand_layer,
                              .id_field = a.demand_id,
                              .population_field = a.population,
                              .group_field = a.group,
                              .rule = io::demand_rule_from_name(a.demand_rule),
                              .seat_lon_field = a.seat_lon,
                              .seat_lat_field = a.seat_lat});
  const io::SupplyPoints supply = io::load_supply_points({.path = a.supply,
                                                          .layer = a.supply_layer,
                                                          .id_field = a.supply_id,
                                                          .supply_fields = a.supply_fields});

  std::string method;
  std::optional<io::CostCsvReport> report;
  const engine::CostMatrix costs = travel_costs(a, demand, supply, method, report);

  const engine::AccessAnalysis analysis = engine::analyse_access(
      {costs, demand.population, supply.supply}, demand.ids, demand.groups, options);
  for (const auto& result : analysis.results) {
    if (result.unreached_count > 0) {
      spdlog::warn("{}: {} demand points have no facility in reach (score 0 / time undefined)",
                   result.model, result.unreached_count);
    }
    if (result.ratio_undefined_count > 0) {
      spdlog::warn("{}: {} facilities have no demand in their catchment (ratio undefined)",
                   result.model, result.ratio_undefined_count);
    }
  }

  std::vector<std::filesystem::path> inputs{a.demand, a.supply};
  if (!a.cost.empty()) inputs.emplace_back(a.cost);
  io::AccessReportContext context{.demand = demand,
                                  .supply = supply,
                                  .costs = costs,
                                  .cost_method = method,
                                  .cost_report = report,
                                  .group_field = a.group,
                                  .inputs = inputs,
                                  .layer_format = a.layer_format};
  const auto written = io::write_access_outputs(analysis, context, a.output);
  const auto& overall = analysis.burden.overall;
  fmt::print("demand points: {}, facilities: {}, reachable pairs: {}\n", demand.ids.size(),
             supply.ids.size(), costs.entries());
  fmt::print(
      "nearest facility: mean {:.1f} min (reachable), median {} min; unreachable population {}\n",
      overall.mean_reachable_s / 60.0,
      std::isfinite(overall.median_s) ? fmt::format("{:.1f}", overall.median_s / 60.0)
                                      : std::string("unreachable"),
      overall.unreachable_population);
  for (const auto& path : written) fmt::print("wrote {}\n", path.string());
}

const RegisterCommand reg{[](CLI::App& root) {
  auto* cmd = root.add_subcommand(
      "access", "Accessibility scores, travel burden and equity of access (methods.md §4-5)");
  auto a = std::make_shared<AccessArgs>();
  cmd->add_option("--demand", a->demand,
                  "Demand points or regions (CSV id,lon,lat,... or any OGR layer)")
      ->required();
  cmd->add_option("--demand-layer", a->demand_layer, "Layer of the demand data source");
  cmd->add_option("--demand-id-field", a->demand_id, "Id field of the demand layer (default: FID)");
  cmd->add_option("--population-field", a->population, "Population field of the demand layer")
      ->required();
  cmd->add_option("--group-field", a->group, "Field grouping demand points (e.g. prefecture)");
  cmd->add_option("--demand-rule", a->demand_rule,
                  "Demand points from polygons: auto, points, seat, centroid, point_on_surface")
      ->capture_default_str();
  cmd->add_option("--seat-lon-field", a->seat_lon, "Seat longitude field (seat rule)")
      ->capture_default_str();
  cmd->add_option("--seat-lat-field", a->seat_lat, "Seat latitude field (seat rule)")
      ->capture_default_str();
  cmd->add_option("--supply", a->supply, "Facilities (CSV id,lon,lat,... or any OGR point layer)")
      ->required();
  cmd->add_option("--supply-layer", a->supply_layer, "Layer of the facility data source");
  cmd->add_option("--supply-id-field", a->supply_id,
                  "Id field of the facility layer (default: FID)");
  cmd->add_option(
      "--supply-field", a->supply_fields,
      "Capacity field(s) to score, e.g. beds doctors (default: each facility counts 1)");
  auto* network = a->network.add(cmd, false, true)->required(false);
  auto* cost = cmd->add_option(
      "--cost", a->cost, "Cost matrix CSV origin_id,destination_id,travel_s (from `equiroute od`)");
  network->excludes(cost);
  cmd->add_option("--cost-origin-field", a->cost_fields.origin_field)->capture_default_str();
  cmd->add_option("--cost-destination-field", a->cost_fields.destination_field)
      ->capture_default_str();
  cmd->add_option("--cost-time-field", a->cost_fields.travel_field)->capture_default_str();
  a->travel.add(cmd);
  std::string model_help = "Model(s): ";
  for (const auto& name : engine::access_model_names()) model_help += name + " ";
  cmd->add_option("--model", a->models, model_help)
      ->required()
      ->check(CLI::IsMember(engine::access_model_names()));
  cmd->add_option("--threshold-min", a->threshold_min,
                  "Catchment d0 in minutes for 2sfca, g2sfca and cumulative (default 30)");
  cmd->add_option("--param", a->params,
                  "Model parameter MODEL.NAME=VALUE, e.g. e2sfca.zones_min=10,20,30");
  cmd->add_option("--burden-threshold-min", a->burden_thresholds,
                  "Travel-burden thresholds in minutes")
      ->capture_default_str();
  cmd->add_option("--layer-format", a->layer_format, "Scores layer: gpkg, geojson or none")
      ->check(CLI::IsMember({"gpkg", "geojson", "none"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", a->output, "Output directory")->required();
  cmd->callback([a] {
    if (a->network.path.empty() && a->cost.empty()) {
      throw Error("give --network PATH, --network none or --cost C.csv");
    }
    run_access(*a);
  });
}};

}  // namespace
}  // namespace equiroute::cli
