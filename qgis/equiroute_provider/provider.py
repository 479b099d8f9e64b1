"""The equiroute Processing provider: its settings and its algorithms."""

from qgis.core import QgsProcessingProvider

from .algorithms import ALGORITHMS
from .settings import PROVIDER_ID, SETTING_EXECUTABLE


class EquirouteProvider(QgsProcessingProvider):
    def load(self):
        # The settings live in the Processing plugin's config; without it (qgis_process
        # without the Processing plugin) the environment variable or PATH still work.
        try:
            from processing.core.ProcessingConfig import ProcessingConfig, Setting
        except ImportError:
            self.refreshAlgorithms()
            return True
        ProcessingConfig.settingIcons[self.name()] = self.icon()
        ProcessingConfig.addSetting(
            Setting(
                self.name(),
                SETTING_EXECUTABLE,
                self.tr("equiroute executable (empty: EQUIROUTE_EXECUTABLE or PATH)"),
                "",
                valuetype=Setting.FILE,
            )
        )
        ProcessingConfig.readSettings()
        self.refreshAlgorithms()
        return True

    def unload(self):
        try:
            from processing.core.ProcessingConfig import ProcessingConfig
        except ImportError:
            return
        ProcessingConfig.removeSetting(SETTING_EXECUTABLE)

    def loadAlgorithms(self):  # noqa: N802 (QGIS API)
        for algorithm_class in ALGORITHMS:
            self.addAlgorithm(algorithm_class())

    def id(self):
        return PROVIDER_ID

    def name(self):
        return "equiroute"

    def longName(self):  # noqa: N802 (QGIS API)
        return "equiroute — accessibility and equity of health services"

    def supportedOutputVectorLayerExtensions(self):  # noqa: N802 (QGIS API)
        return ["gpkg", "geojson", "shp"]

    def supportedOutputTableExtensions(self):  # noqa: N802 (QGIS API)
        return ["csv"]
