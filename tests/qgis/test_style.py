"""QGIS opens equiroute's layers styled like the printed map: geodata's QML builder and its
GeoPackage `layer_styles` / `.qml` sidecar writers, driven by equiroute_style_sample (which
takes the classes, colours and legend rows from io's render_choropleth, as the io wiring
will). Checked with PyQGIS: renderer type, class count, bounds, colours, labels, and the class
QGIS gives each feature."""

import json
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import qgis_support  # noqa: E402

qgis_support.start_qgis()
qgis_support.equiroute_executable()

from qgis.core import QgsRenderContext, QgsVectorLayer  # noqa: E402
from qgis.PyQt.QtXml import QDomDocument  # noqa: E402

import fixtures as fx  # noqa: E402

# ColorBrewer 2.0 (Brewer, Penn State), 5-class Greens and 3-class YlOrRd, typed from
# colorbrewer2.org — independent of io/color_ramp.cpp.
GREENS_5 = ["#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"]
YLORRD_3 = ["#ffeda0", "#feb24c", "#f03b20"]
YLORRD_5 = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]


def rgba(hex_colour):
    return ",".join(str(int(hex_colour[i:i + 2], 16)) for i in (1, 3, 5)) + ",255"


def style_sample(regions, id_field, field, out, *options):
    tool = os.environ.get("EQUIROUTE_STYLE_TOOL", "")
    if not os.access(tool, os.X_OK):
        print("FAILED: EQUIROUTE_STYLE_TOOL must name the built equiroute_style_sample", file=sys.stderr)
        sys.exit(1)
    result = subprocess.run([tool, regions, id_field, field, out, *map(str, options)], capture_output=True,
                            text=True, timeout=600)
    if result.returncode != 0:
        raise AssertionError(result.stderr)
    return json.loads(result.stdout)


def value_or_none(value):
    """PyQGIS gives NULL attributes as a null QVariant."""
    return None if value is None or (hasattr(value, "isNull") and value.isNull()) else value


def colour_of(symbol):
    return ",".join(str(v) for v in symbol.color().getRgb())


def class_of(value, classes):
    """io::ClassBreaks::class_of: first class whose upper bound is >= value (-1: no data)."""
    if value is None:
        return -1
    for i, c in enumerate(classes):
        if value <= c["upper"]:
            return i
    return len(classes) - 1


class Styles(unittest.TestCase):
    def check_graduated(self, layer, expected, field):
        renderer = layer.renderer()
        self.assertEqual(renderer.type(), "graduatedSymbol")
        self.assertEqual(renderer.classAttribute(), field)
        ranges = renderer.ranges()
        self.assertEqual(len(ranges), len(expected["classes"]))
        for r, c in zip(ranges, expected["classes"]):
            self.assertEqual((r.lowerValue(), r.upperValue()), (c["lower"], c["upper"]))  # exact doubles
            self.assertEqual(colour_of(r.symbol()), c["color"])
            self.assertEqual(r.label(), c["label"])
        # Every feature in the class io put it in.
        labels = [c["label"] for c in expected["classes"]]
        for feature in layer.getFeatures():
            value = value_or_none(feature[field])
            self.assertIsNotNone(value)
            self.assertEqual(renderer.legendKeyForValue(value), renderer.legendSymbolItems()[
                class_of(value, expected["classes"])].ruleKey(), (feature.id(), value))
        return labels

    def check_rules(self, layer, expected, field):
        renderer = layer.renderer()
        self.assertEqual(renderer.type(), "RuleRenderer")
        rules = renderer.rootRule().children()
        self.assertEqual(len(rules), len(expected["classes"]) + 1)
        for rule, c in zip(rules, expected["classes"]):
            self.assertEqual(colour_of(rule.symbol()), c["color"])
            self.assertEqual(rule.label(), c["label"])
        self.assertTrue(rules[-1].isElse())
        self.assertEqual(rules[-1].label(), expected["no_data_label"])
        self.assertEqual(rule_layer_classes(rules[-1].symbol()), ["SimpleFill", "LinePatternFill"])
        context = QgsRenderContext()
        renderer.startRender(context, layer.fields())
        try:
            for feature in layer.getFeatures():
                # The root rule's key comes with every feature; one class rule must match.
                keys = renderer.legendKeysForFeature(feature, context) - {renderer.rootRule().ruleKey()}
                self.assertEqual(len(keys), 1, feature.id())
                wanted = class_of(value_or_none(feature[field]), expected["classes"])
                self.assertEqual(next(iter(keys)), rules[wanted].ruleKey(), (feature.id(), feature[field]))
        finally:
            renderer.stopRender(context)

    def test_small_layer_with_no_data(self):
        out = qgis_support.scratch_folder("equiroute-style-")
        rows = []
        for i, value in enumerate([1.0, 2.0, 2.5, 7.0, 9.5, 30.0]):
            x = 112.0 + i * 0.5
            rows.append((fx.QgsGeometry.fromWkt(f"POLYGON(({x} 28, {x + 0.5} 28, {x + 0.5} 28.5, {x} 28.5, {x} 28))"),
                         {"code": f"r{i}", "value": value}))
        source = fx.write_geojson(fx.memory_layer("small", "Polygon", [("code", str), ("value", float)], rows),
                                  os.path.join(out, "small.geojson"))
        expected = style_sample(source, "code", "value", os.path.join(out, "styled"), "--blank", 1, "--classes", 3,
                                "--method", "equal-interval")
        self.assertEqual(expected["no_data_count"], 1)
        self.assertEqual([c["color"] for c in expected["classes"]], [rgba(h) for h in YLORRD_3])
        for path in ("regions.gpkg|layername=regions", "regions.geojson", "shp/regions.shp"):
            layer = QgsVectorLayer(os.path.join(out, "styled", path), "styled", "ogr")
            self.assertTrue(layer.isValid(), path)
            self.check_rules(layer, expected, "value")

    def test_hunan_indicator_like_the_printed_map(self):
        hunan = qgis_support.hunan_dir()
        out = qgis_support.scratch_folder("equiroute-style-hunan-")
        source = os.path.join(qgis_support.SOURCE_DIR, "examples", "hunan-2018", "scenario.toml")
        with open(source, encoding="utf-8") as f:
            text = f.read().replace("../../data/hunan-2018/", hunan + "/")
        text = re.sub(r"(?m)^maps = true$", "maps = false", text)
        text = re.sub(r"(?m)^report = true$", "report = false", text)
        text = re.sub(r'(?m)^layers = \[.*\]$', 'layers = ["gpkg"]', text)
        scenario = os.path.join(out, "scenario.toml")
        with open(scenario, "w", encoding="utf-8") as f:
            f.write(text)
        fx.run_cli("run", scenario, "-o", os.path.join(out, "run"))
        regions = os.path.join(out, "run", "layers", "regions.gpkg")
        # The scenario's map of 2SFCA institutions: Jenks, 5 classes, Greens.
        expected = style_sample(regions, "adcode", "2sfca_institutions", os.path.join(out, "styled"),
                                "--method", "jenks", "--classes", 5, "--ramp", "Greens")
        self.assertEqual([c["color"] for c in expected["classes"]], [rgba(h) for h in GREENS_5])
        self.assertIsNone(expected["no_data_label"])
        gpkg = os.path.join(out, "styled", "regions.gpkg")
        layer = QgsVectorLayer(gpkg + "|layername=regions", "regions", "ogr")
        self.assertTrue(layer.isValid())
        self.assertEqual(layer.featureCount(), 122)
        self.check_graduated(layer, expected, "2sfca_institutions")
        count, ids, names, descriptions, error = layer.listStylesInDatabase()
        self.assertEqual((count, names), (1, ["2sfca_institutions"]), error)
        for sidecar in ("regions.geojson", "shp/regions.shp"):
            layer = QgsVectorLayer(os.path.join(out, "styled", sidecar), "r", "ogr")
            # A Shapefile holds 10-byte field names: the sidecar names the shortened one.
            field = [f.name() for f in layer.fields() if f.name() != "adcode"]
            self.assertEqual(len(field), 1)
            self.check_graduated(layer, expected, field[0])
        self.check_run_regions(regions, expected)

    def check_run_regions(self, regions, expected_2sfca):
        """The run's own regions.gpkg opens styled: the travel time by default (YlOrRd, the
        printed map's minutes in the labels, bounds in the layer's seconds), and the 2SFCA style
        identical to the printed map's classes (style_sample's, from render_choropleth)."""
        layer = QgsVectorLayer(regions + "|layername=regions", "run regions", "ogr")
        self.assertTrue(layer.isValid())
        count, ids, names, descriptions, error = layer.listStylesInDatabase()
        self.assertEqual(names[0], "nearest_travel_s", error)
        self.assertIn("2sfca_institutions", names)
        renderer = layer.renderer()
        self.assertEqual(renderer.type(), "graduatedSymbol")
        self.assertEqual(renderer.classAttribute(), "nearest_travel_s")
        ranges = renderer.ranges()
        self.assertEqual(len(ranges), 5)
        self.assertEqual([colour_of(r.symbol()) for r in ranges], [rgba(h) for h in YLORRD_5])
        for r in ranges:  # "a – b" in minutes, rounded as printed: b min = the upper bound in s
            upper_min = float(r.label().split("–")[-1].strip())
            self.assertAlmostEqual(upper_min, r.upperValue() / 60.0, delta=0.5, msg=r.label())
        for feature in layer.getFeatures():
            self.assertTrue(renderer.legendKeyForValue(feature["nearest_travel_s"]), feature.id())
        xml, error = layer.getStyleFromDatabase(ids[names.index("2sfca_institutions")])
        document = QDomDocument()
        self.assertTrue(document.setContent(xml), error)
        layer.importNamedStyle(document)
        self.check_graduated(layer, expected_2sfca, "2sfca_institutions")


def rule_layer_classes(symbol):
    return [symbol.symbolLayer(i).layerType() for i in range(symbol.symbolLayerCount())]


if __name__ == "__main__":
    unittest.main(verbosity=2)
