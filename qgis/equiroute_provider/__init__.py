"""equiroute Processing provider: a QGIS plugin that runs the equiroute executable."""


def classFactory(iface):  # noqa: N802 (QGIS plugin entry point)
    from .plugin import EquiroutePlugin

    return EquiroutePlugin(iface)
