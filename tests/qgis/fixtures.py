"""Layers for the provider tests (memory layers: a provider equiroute cannot read, so the
plugin's export is exercised), their GeoJSON twins for the reference CLI runs, and helpers
to run the CLI and read its outputs."""

import csv
import json
import os
import subprocess

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsDistanceArea,
    QgsFeature,
    QgsField,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QVariant

_TYPES = {str: QVariant.String, int: QVariant.LongLong, float: QVariant.Double}


def memory_layer(name, geometry, fields, rows, crs="EPSG:4326"):
    """rows: (geometry or None, {field: value}). `fields` is [(name, python type)]."""
    uri = f"{geometry}?crs={crs}" if geometry != "None" else "None"
    layer = QgsVectorLayer(uri, name, "memory")
    provider = layer.dataProvider()
    provider.addAttributes([QgsField(n, _TYPES[t]) for n, t in fields])
    layer.updateFields()
    features = []
    for geom, values in rows:
        f = QgsFeature(layer.fields())
        if geom is not None:
            f.setGeometry(geom)
        for n, _ in fields:
            f[n] = values.get(n)
        features.append(f)
    provider.addFeatures(features)
    layer.updateExtents()
    assert layer.isValid() and layer.featureCount() == len(rows), name
    return layer


def point(lon, lat):
    return QgsGeometry.fromPointXY(QgsPointXY(lon, lat))


def line(*coords):
    return QgsGeometry.fromPolylineXY([QgsPointXY(x, y) for x, y in coords])


def write_geojson(layer, path):
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GeoJSON"
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, path, QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.NoError, error
    return path


def write_gpkg(layer, path, layer_name):
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = layer_name
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, path, QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.NoError, error
    return path


def run_cli(*args, expect_ok=True):
    """Runs the equiroute under test; returns (exit code, stdout, stderr)."""
    result = subprocess.run([os.environ["EQUIROUTE_EXECUTABLE"], *map(str, args)], capture_output=True,
                            text=True, timeout=1800)
    if expect_ok and result.returncode != 0:
        raise AssertionError(f"equiroute {' '.join(map(str, args))} failed:\n{result.stderr}")
    return result.returncode, result.stdout, result.stderr


def cli_error_line(stderr):
    lines = [l[len("error: "):] for l in stderr.splitlines() if l.startswith("error: ")]
    assert lines, f"no 'error:' line in {stderr!r}"
    return lines[-1]


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def features_by(layer, key):
    return {str(f[key]): f for f in layer.getFeatures()}


def geodesic_m(a, b):
    """Ellipsoidal (WGS 84) distance by QGIS's own QgsDistanceArea: independent of equiroute's
    GeographicLib call."""
    d = QgsDistanceArea()
    d.setSourceCrs(QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance().transformContext())
    d.setEllipsoid("WGS84")
    return d.measureLine(QgsPointXY(*a), QgsPointXY(*b))


def straight_line_s(a, b, circuity=1.3, speed_kmh=40.0):
    return geodesic_m(a, b) * circuity / (speed_kmh / 3.6)


# --- the small fixture: four demand points and two facilities near Changsha, and a grid of
# roads (0.1° cells, 60 km/h primary roads) whose nodes hold the points.
DEMAND = [("d1", 112.9, 28.2, 1000.0), ("d2", 113.1, 28.0, 2000.0), ("d3", 113.5, 28.5, 500.0),
          ("d4", 113.0, 28.3, 0.0)]
FACILITIES = [("f1", 113.0, 28.2, 10.0), ("f2", 113.4, 28.4, 30.0)]
GRID_LON = [112.9 + 0.1 * i for i in range(7)]
GRID_LAT = [28.0 + 0.1 * i for i in range(6)]
ROAD_KMH = 60.0


def demand_layer():
    return memory_layer("demand", "Point", [("id", str), ("population", float)],
                        [(point(x, y), {"id": i, "population": p}) for i, x, y, p in DEMAND])


def facility_layer():
    return memory_layer("facilities", "Point", [("id", str), ("beds", float)],
                        [(point(x, y), {"id": i, "beds": b}) for i, x, y, b in FACILITIES])


def road_layer():
    rows = []
    for y in GRID_LAT:
        for x0, x1 in zip(GRID_LON, GRID_LON[1:]):
            rows.append((line((x0, y), (x1, y)), {"highway": "primary", "maxspeed": ROAD_KMH}))
    for x in GRID_LON:
        for y0, y1 in zip(GRID_LAT, GRID_LAT[1:]):
            rows.append((line((x, y0), (x, y1)), {"highway": "primary", "maxspeed": ROAD_KMH}))
    return memory_layer("roads", "LineString", [("highway", str), ("maxspeed", float)], rows)
