"""The layer of chosen candidate sites for `equiroute plan` on point files, which writes only
tables: one point per solution row and site, copied from the candidate GeoPackage the plugin
handed to equiroute (so the ids are matched exactly as equiroute read them: the id field, else
the field "id", else the feature id — geodata/point_layer.hpp). Fields as the scenario's
`layers/plan_sites` (docs/planning.md): id `<objective>_k<k>_<site>`, objective, k, site, role."""

import csv
import os

from qgis.core import (
    QgsFeature,
    QgsField,
    QgsFields,
    QgsProcessingException,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

LAYER_NAME = "plan_sites"


def candidate_points(path, id_field):
    """{id as equiroute reads it: geometry} of the staged candidate GeoPackage."""
    layer = QgsVectorLayer(f"{path}|layername=candidates", "candidates", "ogr")
    if not layer.isValid():
        raise QgsProcessingException(f"cannot reopen the candidate sites written for equiroute ({path})")
    field = id_field or ("id" if layer.fields().indexOf("id") >= 0 else "")
    points = {}
    for feature in layer.getFeatures():
        key = feature[field] if field else feature.id()
        points[str(int(key)) if isinstance(key, float) and key.is_integer() else str(key)] = feature.geometry()
    return points, layer.crs()


def site_fields():
    fields = QgsFields()
    for name, kind in (("id", QVariant.String), ("objective", QVariant.String), ("k", QVariant.Int),
                       ("site", QVariant.String), ("role", QVariant.String)):
        fields.append(QgsField(name, kind))
    return fields


def write_plan_sites(candidates_path, id_field, solutions_csv, out_path, transform_context):
    """Writes `out_path` (GeoPackage, layer plan_sites) from solutions.csv's `sites` column
    (ids joined by `;`). A site id missing from the candidates is an error, not a silent gap."""
    points, crs = candidate_points(candidates_path, id_field)
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = LAYER_NAME
    temporary = out_path + ".part.gpkg"
    writer = QgsVectorFileWriter.create(temporary, site_fields(), QgsWkbTypes.Point, crs, transform_context,
                                        options)
    if writer.hasError() != QgsVectorFileWriter.NoError:
        raise QgsProcessingException(f"cannot write {out_path}: {writer.errorMessage()}")
    with open(solutions_csv, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for site in filter(None, row["sites"].split(";")):
                if site not in points:
                    raise QgsProcessingException(f"solutions.csv names site '{site}', not among the candidates")
                feature = QgsFeature(site_fields())
                feature.setGeometry(points[site])
                feature.setAttributes([f"{row['objective']}_k{row['k']}_{site}", row["objective"], int(row["k"]),
                                       site, "new"])
                writer.addFeature(feature)
    del writer
    os.replace(temporary, out_path)
