"""Plugin object: registers the Processing provider (also without a GUI, via initProcessing)."""

from qgis.core import QgsApplication

from .provider import EquirouteProvider


class EquiroutePlugin:
    def __init__(self, iface=None):
        self.iface = iface
        self.provider = None

    def initProcessing(self):  # noqa: N802 (QGIS API)
        if self.provider is None:
            self.provider = EquirouteProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802 (QGIS API)
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
