"""`equiroute od`: origin–destination travel times (seconds), loaded as a table."""

from ..args import NumberArg, OutputFileArg
from ..results import LayerResult, output_itself
from .base import EquirouteAlgorithm
from .routing import routing_arguments


class OdMatrixAlgorithm(EquirouteAlgorithm):
    command = "od"
    algorithm_name = "od_matrix"
    display = "OD matrix (travel times)"
    group_id = "routing"
    group_name = "Routing"
    help = ("Travel time in seconds from every origin to every destination over a road network "
            "(a line layer or an OpenStreetMap file), or straight-line estimates without a network. "
            "Writes origin_id,destination_id,travel_s; pairs that are unreachable or beyond the cutoff "
            "are left out.")

    def arguments(self):
        return routing_arguments(with_destinations=True) + [
            NumberArg("cutoff_min", "Omit pairs above this many minutes (0 = no cutoff)", "--cutoff-min", 0.0,
                      minimum=0.0),
            OutputFileArg("output", "OD matrix (CSV)"),
        ]

    def results(self):
        return [LayerResult("od_table", "OD matrix", output_itself("output"), table=True)]
