"""Options shared by the routing commands (od, nearest, isochrones), as in the CLI's
routing_options.hpp: the network and its profile, the id field, snapping and straight-line
settings. CSV-only options (--x-field, --y-field, --crs) have no place here: inputs reach
equiroute as GeoPackages with their CRS."""

from qgis.core import QgsProcessing

from ..args import FieldArg, FlagArg, LayerArg, NetworkArg, NumberArg, StringArg

POINTS = (QgsProcessing.TypeVectorPoint,)


def origins(with_destinations):
    args = [LayerArg("origins", "Origins (points)", "--origins", POINTS)]
    if with_destinations:
        args.append(LayerArg("destinations", "Destinations (points)", "--destinations", POINTS))
    args.append(FieldArg("id_field", "Id field (in origins and destinations; default: feature id)",
                         "--id-field", parent="origins", optional=True))
    return args


def network_profile():
    return [
        StringArg("speed", "Class speed overrides CLASS=KMH, space separated (0 = not routable)",
                  "--speed", optional=True, advanced=True, split=True),
        FlagArg("ignore_maxspeed", "Use class speeds even where maxspeed is tagged", "--ignore-maxspeed"),
        FlagArg("keep_all_components", "Keep every strongly connected component (default: only the largest)",
                "--keep-all-components"),
        StringArg("class_field", "Line layers: road class field (default highway/fclass)", "--class-field",
                  optional=True, advanced=True),
        StringArg("speed_field", "Line layers: speed field in km/h (default maxspeed)", "--speed-field",
                  optional=True, advanced=True),
        StringArg("oneway_field", "Line layers: one-way field (default oneway)", "--oneway-field",
                  optional=True, advanced=True),
        StringArg("network_layer", "Network file: layer name", "--network-layer", optional=True, advanced=True),
        StringArg("network_crs", "Line layers: CRS when the file declares none", "--network-crs",
                  optional=True, advanced=True),
        NumberArg("node_tolerance_m", "Line layers: endpoint noding tolerance, metres", "--node-tolerance-m",
                  0.5, minimum=0.0, advanced=True),
    ]


def snapping(straight_line=True):
    args = [
        NumberArg("access_speed_kmh", "Speed off the network, km/h", "--access-speed-kmh", 5.0, minimum=0.0,
                  advanced=True),
        NumberArg("max_snap_m", "Points farther from every road are unreachable, metres", "--max-snap-m",
                  5000.0, minimum=0.0, advanced=True),
    ]
    if straight_line:
        args += [
            NumberArg("circuity", "No network: network/straight distance ratio", "--circuity", 1.3, minimum=1.0,
                      advanced=True),
            NumberArg("speed_kmh", "No network: average speed, km/h", "--speed-kmh", 40.0, minimum=0.0,
                      advanced=True),
        ]
    args.append(NumberArg("threads", "Worker threads (0 = all cores)", "--threads", 1, integer=True, minimum=0,
                          advanced=True))
    return args


def routing_arguments(with_destinations, allow_no_network=True):
    return (origins(with_destinations) + [NetworkArg(allow_none=allow_no_network)] + network_profile()
            + snapping(straight_line=allow_no_network))
