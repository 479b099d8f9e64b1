"""`equiroute equity`: densities, Gini/Lorenz and Theil of resources per region against
population and area (Luo et al. 2022, Tables 4–6)."""

from qgis.core import QgsProcessing

from ..args import EnumArg, FieldArg, LayerArg, NumberArg, OutputFolderArg, StringArg
from ..results import FileResult, LayerResult, in_output
from .base import EquirouteAlgorithm


class EquityAlgorithm(EquirouteAlgorithm):
    command = "equity"
    algorithm_name = "equity_of_resources"
    display = "Equity of resources (Gini, Theil)"
    group_id = "accessibility"
    group_name = "Accessibility and equity"
    help = ("Densities per 10,000 people and per km², the Gini coefficient (Lorenz curve) and the Theil "
            "T and L indices of each resource against population and, with region polygons, against land "
            "area; Theil decomposed between and within groups. One row per region in the table (a layer "
            "with or without geometry).")

    def arguments(self):
        return [
            LayerArg("table", "Table with one row per region", "--table", (QgsProcessing.TypeVector,)),
            FieldArg("key", "Unique key field of the table (e.g. adcode)", "--key", parent="table"),
            FieldArg("population", "Population field", "--population", parent="table", numeric=True),
            NumberArg("population_scale", "Multiplier of the population field (10000 for tables in 10,000 people)",
                      "--population-scale", 1.0, minimum=0.0),
            FieldArg("resource", "Resource field(s)", "--resource", parent="table", multiple=True, numeric=True),
            FieldArg("name", "Display name field", "--name", parent="table", optional=True),
            LayerArg("regions", "Region polygons for areas (joined by key)", "--regions",
                     (QgsProcessing.TypeVectorPolygon,), optional=True),
            FieldArg("regions_key", "Polygon field matching the key", "--regions-key", parent="regions",
                     optional=True),
            NumberArg("dissolve_prefix",
                      "Dissolve polygons by the first N characters of their key (4: counties → prefectures; 0: no)",
                      "--dissolve-prefix", 0, integer=True, minimum=0, optional=True),
            StringArg("area_crs", "Equal-area CRS for areas (auto: Albers fitted to the data)", "--area-crs",
                      default="auto", advanced=True),
            EnumArg("basis", "Basis (default: both with region polygons, else population)", "--basis",
                    ["population", "area", "both"], optional=True),
            FieldArg("group", "Field grouping the rows for the Theil decomposition", "--group", parent="table",
                     optional=True),
            EnumArg("theil_log", "Logarithm of the Theil indices", "--theil-log", ["e", "10"], default="e"),
            OutputFolderArg("output", "Output folder"),
        ]

    def results(self):
        return [
            LayerResult("densities_table", "Densities", in_output("output", "densities.csv"), table=True),
            LayerResult("equity_table", "Gini and Theil", in_output("output", "equity.csv"), table=True),
            FileResult("equity_json", "Equity (JSON)", in_output("output", "equity.json")),
            FileResult("equity_markdown", "Equity report (Markdown)", in_output("output", "equity.md")),
        ]
