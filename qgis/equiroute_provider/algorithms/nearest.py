"""`equiroute nearest`: the k nearest destinations of each origin, loaded as a table."""

from ..args import NumberArg, OutputFileArg
from ..results import LayerResult, output_itself
from .base import EquirouteAlgorithm
from .routing import routing_arguments


class NearestFacilityAlgorithm(EquirouteAlgorithm):
    command = "nearest"
    algorithm_name = "nearest_facility"
    display = "Nearest facility"
    group_id = "routing"
    group_name = "Routing"
    help = ("The k destinations (facilities) with the least travel time from each origin. Writes "
            "origin_id,rank,destination_id,travel_s; origins that reach nothing are left out.")

    def arguments(self):
        return routing_arguments(with_destinations=True) + [
            NumberArg("k", "How many nearest destinations per origin", "--k", 1, integer=True, minimum=1),
            NumberArg("cutoff_min", "Ignore destinations above this many minutes (0 = none)", "--cutoff-min",
                      0.0, minimum=0.0),
            OutputFileArg("output", "Nearest facilities (CSV)"),
        ]

    def results(self):
        return [LayerResult("nearest_table", "Nearest facilities", output_itself("output"), table=True)]
