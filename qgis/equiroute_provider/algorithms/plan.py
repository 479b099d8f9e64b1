"""`equiroute plan` on point files: where to open k new sites (p-median, maximal covering,
p-center, set covering and the equity objectives of docs/planning.md).

Parameter names and defaults are those of `equiroute plan --demand … -o DIR` (option name with
`-` → `_`); `objective` and `k` are repeatable on the CLI and are a multiple choice and a list
here. Travel times come from a cost matrix (`--cost`, e.g. the OD matrix algorithm's output),
else the road network (the routing options of od/nearest), else straight-line estimates. The
CLI writes no layer of the chosen sites, so the plugin builds one (`plan_sites.gpkg`, see
plan_sites.py) from the candidate layer it handed to equiroute and the `sites` column of
solutions.csv."""

import os

from qgis.core import QgsProcessing

from ..args import EnumArg, FieldArg, FileArg, LayerArg, NetworkArg, NumberArg, NumberListArg, OutputFolderArg
from ..results import FileResult, LayerResult, in_output
from .base import EquirouteAlgorithm
from .routing import network_profile, snapping
from .plan_sites import write_plan_sites

# engine::parse_plan_objective (docs/planning.md, "Objectives").
OBJECTIVES = ["pmedian", "mclp", "pcenter", "lscp", "min-share-beyond", "min-gini-time", "maximin-access"]
SOLVERS = ["auto", "exact", "heuristic"]
POINTS = (QgsProcessing.TypeVectorPoint,)
SITES_FILE = "plan_sites.gpkg"


class PlanSitesAlgorithm(EquirouteAlgorithm):
    command = "plan"
    algorithm_name = "plan_sites"
    display = "Plan new sites (what-if)"
    group_id = "planning"
    group_name = "Planning"
    help = ("Where to open k new sites among the candidates, the existing facilities staying open: "
            "p-median (ReVelle & Swain 1970), maximal covering within threshold_min (Church & ReVelle "
            "1974), p-center (Hakimi 1965), set covering (Toregas et al. 1971), the least share of "
            "population beyond threshold_min, the least Gini of travel time, the largest minimum 2SFCA "
            "accessibility. Exact (COIN-OR CBC) or heuristic (greedy + Teitz-Bart), with status and gap. "
            "Travel times come from a cost matrix whose destinations are the existing and candidate ids "
            "(the OD matrix algorithm writes one), else the road network, else straight-line estimates. "
            "Results: the solutions "
            "(one row per objective and k), the before/after indicators, and the chosen candidate sites "
            "as a point layer built by the plugin (one point per objective, k and site).")

    def arguments(self):
        return [
            LayerArg("demand", "Demand points", "--demand", POINTS),
            FieldArg("demand_id_field", "Id field of the demand layer (default: id, else feature id)",
                     "--demand-id-field", parent="demand", optional=True),
            FieldArg("population_field", "Population field", "--population-field", parent="demand", numeric=True),
            LayerArg("existing", "Existing facilities (kept open)", "--existing", POINTS),
            FieldArg("existing_id_field", "Id field of the existing facilities (default: id, else feature id)",
                     "--existing-id-field", parent="existing", optional=True),
            LayerArg("candidates", "Candidate sites", "--candidates", POINTS),
            FieldArg("candidates_id_field", "Id field of the candidates (default: id, else feature id)",
                     "--candidates-id-field", parent="candidates", optional=True),
            FileArg("cost", "Cost matrix CSV origin_id,destination_id,travel_s (destinations: existing and "
                            "candidate ids; default: the network, else straight line)", "--cost",
                    extension="csv", optional=True),
            NetworkArg(allow_none=True, unless="cost"),
            *network_profile(),
            *[a for a in snapping(straight_line=True) if a.name != "threads"],
            EnumArg("objective", "Objective(s)", "--objective", OBJECTIVES, default="pmedian", multiple=True),
            NumberListArg("k", "New sites k (one or more, e.g. \"1, 5\")", "--k", [1]),
            NumberArg("threshold_min", "T of the coverage objectives, minutes", "--threshold-min", 60.0,
                      minimum=0.0),
            EnumArg("solver", "Solver", "--solver", SOLVERS, default="auto", advanced=True),
            NumberArg("threads", "Worker threads (0: all cores)", "--threads", 0, integer=True, minimum=0,
                      advanced=True),
            OutputFolderArg("output", "Output folder"),
        ]

    def results(self):
        return [
            LayerResult("solutions_table", "Plan solutions", in_output("output", "solutions.csv"), table=True),
            LayerResult("before_after_table", "Plan before/after", in_output("output", "before_after.csv"),
                        table=True),
            LayerResult("sites_layer", "Planned sites", in_output("output", SITES_FILE), layer_name="plan_sites"),
            FileResult("manifest", "Manifest (JSON)", in_output("output", "manifest.json")),
        ]

    def after_run(self, run):
        id_field = self.parameterAsFields(run.parameters, "candidates_id_field", run.context)
        folder = run.output_path("output")
        write_plan_sites(os.path.join(run.staging.folder, "candidates.gpkg"), id_field[0] if id_field else "",
                         os.path.join(folder, "solutions.csv"), os.path.join(folder, SITES_FILE),
                         run.context.transformContext())

