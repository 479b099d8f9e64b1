"""Inputs for one run of equiroute: QGIS layers of any provider (memory, PostGIS, delimited
text, a selection, …) are written to one GeoPackage each in a temporary folder, so that
equiroute reads them with GDAL like any file; the folder is removed when the run ends."""

import os
import shutil
import tempfile

from qgis.core import (
    QgsFeatureRequest,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProcessingUtils,
    QgsVectorFileWriter,
    QgsWkbTypes,
)


class Staging:
    """A temporary folder of exported inputs; `exported` maps each file to its layer's name."""

    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="equiroute_", dir=QgsProcessingUtils.tempFolder())
        self.exported = {}

    def close(self):
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def export(self, source, name, context, feedback, display_name=None):
        """Writes every feature of `source` (a QgsFeatureSource) to `<folder>/<name>.gpkg`,
        layer `name`, keeping its fields and CRS (equiroute reprojects itself). Returns the path."""
        path = os.path.join(self.folder, name + ".gpkg")
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        options.layerName = name
        options.fileEncoding = "UTF-8"
        # Polygon and line layers are written as multi-types: sources such as GeoJSON mix
        # single and multi parts under one declared type. Points stay points.
        geometry_type = source.wkbType()
        promote = QgsWkbTypes.geometryType(geometry_type) in (QgsWkbTypes.PolygonGeometry,
                                                              QgsWkbTypes.LineGeometry)
        if promote:
            geometry_type = QgsWkbTypes.multiType(geometry_type)
        writer = QgsVectorFileWriter.create(
            path, source.fields(), geometry_type, source.sourceCrs(),
            context.transformContext(), options)
        if writer.hasError() != QgsVectorFileWriter.NoError:
            raise QgsProcessingException(
                f"cannot write the layer '{display_name or name}' for equiroute: {writer.errorMessage()}")
        # equiroute repairs invalid polygons itself and reports what it did: QGIS's own
        # validity filter (a Processing setting) would drop or refuse them before it sees them.
        features = source.getFeatures(QgsFeatureRequest(), QgsProcessingFeatureSource.FlagSkipGeometryValidityChecks) \
            if isinstance(source, QgsProcessingFeatureSource) else source.getFeatures()
        for feature in features:
            if feedback.isCanceled():
                break
            if promote and feature.hasGeometry():
                geometry = feature.geometry()
                geometry.convertToMultiType()
                feature.setGeometry(geometry)
            if not writer.addFeature(feature):
                raise QgsProcessingException(
                    f"cannot write feature {feature.id()} of '{display_name or name}': {writer.errorMessage()}")
        del writer  # closes the GeoPackage
        self.exported[path] = display_name or source.sourceName() or name
        return path

