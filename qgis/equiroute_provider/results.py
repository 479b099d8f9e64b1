"""Files equiroute writes, loaded back into QGIS after a successful run.

Layers are created in the context's temporary store and registered to be loaded on
completion; nothing is registered before equiroute has succeeded, so a failed run adds no
layer to the project. A GeoPackage's default style (its `layer_styles` table) and a `.qml`
sidecar are applied by QGIS when the layer is created."""

import os

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingOutputFile,
    QgsProcessingOutputFolder,
    QgsProcessingOutputHtml,
    QgsProcessingOutputVectorLayer,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QUrl


def csv_table_uri(path):
    """A delimited-text URI that reads the CSV with detected column types and no geometry."""
    return QUrl.fromLocalFile(path).toString() + "?type=csv&detectTypes=yes&geomType=none&decimalPoint=."


class Result:
    """One output of an algorithm: `locate(run)` gives the file (None: not written)."""

    def __init__(self, name, description, locate):
        self.name = name
        self.description = description
        self.locate = locate

    def output_definition(self):
        raise NotImplementedError

    def collect(self, run, results):
        path = self.locate(run)
        if path and os.path.exists(path):
            results[self.name] = self.value(run, path)

    def value(self, run, path):
        return path


class FileResult(Result):
    def output_definition(self):
        return QgsProcessingOutputFile(self.name, self.description)


class HtmlResult(Result):
    def output_definition(self):
        return QgsProcessingOutputHtml(self.name, self.description)


class FolderResult(Result):
    def output_definition(self):
        return QgsProcessingOutputFolder(self.name, self.description)


class LayerResult(Result):
    """A vector layer (`layer_name` picks one layer of a GeoPackage) or, with `table`, a CSV
    loaded as a table without geometry."""

    def __init__(self, name, description, locate, layer_name=None, table=False):
        super().__init__(name, description, locate)
        self.layer_name = layer_name
        self.table = table

    def output_definition(self):
        return QgsProcessingOutputVectorLayer(self.name, self.description)

    def value(self, run, path):
        if self.table or path.lower().endswith(".csv"):
            layer = QgsVectorLayer(csv_table_uri(path), self.description, "delimitedtext")
        else:
            uri = f"{path}|layername={self.layer_name}" if self.layer_name else path
            layer = QgsVectorLayer(uri, self.description, "ogr")
        if not layer.isValid():
            run.feedback.reportError(f"equiroute wrote {path}, but QGIS cannot open it as a layer", False)
            return path
        run.context.temporaryLayerStore().addMapLayer(layer)
        run.context.addLayerToLoadOnCompletion(
            layer.id(), QgsProcessingContext.LayerDetails(self.description, run.context.project(), self.name))
        return layer.id()


def in_output(parameter, *parts):
    """Locator: a file inside the folder of the destination parameter `parameter`."""
    return lambda run: os.path.join(run.output_path(parameter), *parts)


def first_existing(parameter, *candidates):
    """Locator: the first of several files that exists in the output folder."""

    def locate(run):
        for parts in candidates:
            path = os.path.join(run.output_path(parameter), *parts)
            if os.path.exists(path):
                return path
        return None

    return locate


def output_itself(parameter):
    """Locator: the destination file of `parameter` itself."""
    return lambda run: run.output_path(parameter)
