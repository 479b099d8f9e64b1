"""`equiroute access`: accessibility scores of every model, travel burden and equity of access.

Parameter names and defaults are those of `equiroute access` (option name with `-` → `_`);
each model parameter that the CLI takes as `--param MODEL.NAME=VALUE` is its own Processing
parameter `MODEL_NAME` with the engine's default (engine/src/*.cpp `params()`, listed in
docs/accessibility.md), passed only for the selected models."""

from qgis.core import QgsProcessing

from ..args import (
    EnumArg,
    FieldArg,
    FileArg,
    LayerArg,
    ModelParamArg,
    NetworkArg,
    NumberArg,
    NumberListArg,
    OutputFolderArg,
    StringArg,
)
from ..results import FileResult, LayerResult, first_existing, in_output
from .base import EquirouteAlgorithm

MODELS = ["nearest", "cumulative", "gravity", "2sfca", "e2sfca", "g2sfca", "3sfca"]
DEMAND_RULES = ["auto", "points", "seat", "centroid", "point_on_surface"]


def model_parameters():
    """Every model parameter except the shared catchment `threshold_min` of 2sfca, g2sfca and
    cumulative, which is the CLI's --threshold-min."""
    return [
        ModelParamArg("nearest", "k", "number of nearest facilities (1 = the nearest)", 1.0),
        ModelParamArg("nearest", "threshold_min", "ignore facilities farther than this, min (0 = no limit)", 0.0),
        ModelParamArg("gravity", "decay", "decay form", "power", choices=["power", "exponential", "gaussian"]),
        ModelParamArg("gravity", "beta", "decay parameter (power: exponent; exponential: per min; "
                                         "gaussian: per min²)", 1.0),
        ModelParamArg("gravity", "min_distance_min", "power decay: times below this are raised to it, min", 1.0),
        ModelParamArg("gravity", "threshold_min", "ignore pairs farther than this, min (0 = no cut-off)", 0.0),
        ModelParamArg("e2sfca", "zones_min", "upper edges of the travel-time zones, min", [10, 20, 30]),
        ModelParamArg("e2sfca", "zone_weights", "weight of each zone", [1.0, 0.68, 0.22]),
        ModelParamArg("3sfca", "zones_min", "upper edges of the travel-time zones, min", [10, 20, 30, 60]),
        ModelParamArg("3sfca", "zone_weights", "weight of each zone", [0.962, 0.704, 0.377, 0.042]),
    ]


class AccessibilityAlgorithm(EquirouteAlgorithm):
    command = "access"
    algorithm_name = "accessibility"
    display = "Accessibility (2SFCA family, gravity, nearest)"
    group_id = "accessibility"
    group_name = "Accessibility and equity"
    help = ("Accessibility of facilities (supply) for the population of demand points or regions: "
            "nearest facility, cumulative opportunities, gravity (Hansen 1959), 2SFCA (Luo & Wang 2003), "
            "E2SFCA (Luo & Qi 2009), Gaussian 2SFCA (Dai 2010), 3SFCA (Wan et al. 2012); travel burden "
            "(share of population beyond each threshold) and the Gini and Theil of travel time and scores. "
            "Travel times come from a road network, a cost matrix from the OD matrix algorithm, or "
            "straight-line estimates when neither is given.")

    def arguments(self):
        any_geometry = (QgsProcessing.TypeVectorAnyGeometry,)
        return [
            LayerArg("demand", "Demand points or regions", "--demand", any_geometry),
            FieldArg("demand_id_field", "Id field of the demand layer (default: feature id)", "--demand-id-field",
                     parent="demand", optional=True),
            FieldArg("population_field", "Population field", "--population-field", parent="demand", numeric=True),
            FieldArg("group_field", "Field grouping demand points (e.g. prefecture)", "--group-field",
                     parent="demand", optional=True),
            EnumArg("demand_rule", "Demand points from polygons", "--demand-rule", DEMAND_RULES, default="auto"),
            StringArg("seat_lon_field", "Seat longitude field (seat rule)", "--seat-lon-field", default="seat_lon",
                      advanced=True),
            StringArg("seat_lat_field", "Seat latitude field (seat rule)", "--seat-lat-field", default="seat_lat",
                      advanced=True),
            LayerArg("supply", "Facilities (points)", "--supply", (QgsProcessing.TypeVectorPoint,)),
            FieldArg("supply_id_field", "Id field of the facility layer (default: feature id)", "--supply-id-field",
                     parent="supply", optional=True),
            FieldArg("supply_field", "Capacity field(s) to score (default: each facility counts 1)",
                     "--supply-field", parent="supply", multiple=True, numeric=True, optional=True),
            NetworkArg(allow_none=True, unless="cost"),
            FileArg("cost", "Cost matrix CSV origin_id,destination_id,travel_s (from the OD matrix algorithm)",
                    "--cost", extension="csv", optional=True),
            StringArg("cost_origin_field", "Cost matrix: origin field", "--cost-origin-field", default="origin_id",
                      advanced=True),
            StringArg("cost_destination_field", "Cost matrix: destination field", "--cost-destination-field",
                      default="destination_id", advanced=True),
            StringArg("cost_time_field", "Cost matrix: travel time field (seconds)", "--cost-time-field",
                      default="travel_s", advanced=True),
            NumberArg("circuity", "Straight-line mode: circuity factor", "--circuity", 1.3, minimum=1.0,
                      advanced=True),
            NumberArg("speed_kmh", "Straight-line mode: speed, km/h", "--speed-kmh", 40.0, minimum=0.0,
                      advanced=True),
            NumberArg("max_snap_m", "Network mode: points farther from every road are unreachable, metres",
                      "--max-snap-m", 5000.0, minimum=0.0, advanced=True),
            NumberArg("access_speed_kmh", "Network mode: speed off the network, km/h", "--access-speed-kmh", 5.0,
                      minimum=0.0, advanced=True),
            EnumArg("model", "Model(s)", "--model", MODELS, multiple=True),
            NumberArg("threshold_min", "Catchment d0 in minutes for 2sfca, g2sfca and cumulative",
                      "--threshold-min", 30.0, minimum=0.0),
            *model_parameters(),
            NumberListArg("burden_threshold_min", "Travel-burden thresholds in minutes", "--burden-threshold-min",
                          [30, 60, 90, 120]),
            EnumArg("layer_format", "Scores layer format", "--layer-format", ["gpkg", "geojson", "none"],
                    default="gpkg", advanced=True),
            NumberArg("threads", "Worker threads (0: all cores)", "--threads", 0, integer=True, minimum=0,
                      advanced=True),
            OutputFolderArg("output", "Output folder"),
        ]

    def results(self):
        return [
            LayerResult("demand_scores", "Accessibility (demand)",
                        first_existing("output", ("access_demand.gpkg",), ("access_demand.geojson",),
                                       ("access_demand.csv",))),
            LayerResult("supply_table", "Facilities and supply-to-demand ratios",
                        in_output("output", "access_supply.csv"), table=True),
            LayerResult("groups_table", "Accessibility by group", in_output("output", "access_groups.csv"),
                        table=True),
            FileResult("summary", "Summary (JSON)", in_output("output", "summary.json")),
        ]
