"""`equiroute run`: a scenario file end to end (layers, tables, maps, report)."""

from ..args import FileArg, NumberArg, OutputFolderArg
from ..results import FolderResult, HtmlResult, LayerResult, first_existing, in_output
from .base import EquirouteAlgorithm

LAYERS = [("regions", "Regions"), ("groups", "Groups"), ("demand_points", "Demand points"),
          ("facilities", "Facilities")]


def scenario_layer(name):
    """A layer of layers/: the GeoPackage, else the GeoJSON, else the Shapefile folder."""
    return first_existing("output", ("layers", name + ".gpkg"), ("layers", name + ".geojson"),
                          ("layers", name, name + ".shp"))


class RunScenarioAlgorithm(EquirouteAlgorithm):
    command = "run"
    algorithm_name = "run_scenario"
    display = "Run a scenario"
    group_id = "scenario"
    group_name = "Scenarios"
    help = ("Runs a scenario file (TOML, docs/scenario.md) end to end and loads its layers (regions, groups, "
            "demand points, facilities) into the project; the report, maps and tables are in the output "
            "folder.")

    def arguments(self):
        return [
            ScenarioFileArg(),
            NumberArg("threads", "Worker threads (0: all cores)", "--threads", 0, integer=True, minimum=0,
                      advanced=True),
            OutputFolderArg("output", "Result folder"),
        ]

    def results(self):
        layers = [LayerResult(name, title, scenario_layer(name)) for name, title in LAYERS]
        return layers + [
            HtmlResult("report", "Report", in_output("output", "report.html")),
            FolderResult("maps", "Maps", in_output("output", "maps")),
            FolderResult("tables", "Tables", in_output("output", "tables")),
        ]


class ScenarioFileArg(FileArg):
    """The scenario is the command's positional argument."""

    def __init__(self):
        super().__init__("scenario", "Scenario file (TOML)", None, extension="toml")

    def cli(self, run):
        return [run.algorithm.parameterAsFile(run.parameters, self.name, run.context)]
