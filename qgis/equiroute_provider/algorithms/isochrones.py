"""`equiroute isochrones`: service-area polygons of each origin for each time limit."""

from qgis.core import QgsProcessing

from ..args import NumberArg, NumberListArg, OutputLayerArg
from .base import EquirouteAlgorithm
from .routing import routing_arguments


class IsochronesAlgorithm(EquirouteAlgorithm):
    command = "isochrones"
    algorithm_name = "isochrones"
    display = "Isochrones (service areas)"
    group_id = "routing"
    group_name = "Routing"
    help = ("Polygons of the area reachable from each origin within each time limit over a road "
            "network (roads reached, buffered). Needs a network: a line layer or an OpenStreetMap file.")

    def arguments(self):
        return routing_arguments(with_destinations=False, allow_no_network=False) + [
            NumberListArg("minutes", "Time limits in minutes, ascending (e.g. 15, 30, 60)", "--minutes",
                          [], repeat=False),
            NumberArg("buffer_m", "Buffer around reached roads, metres", "--buffer-m", 50.0, minimum=0.0),
            OutputLayerArg("output", "Isochrones", layer_type=QgsProcessing.TypeVectorPolygon),
        ]
