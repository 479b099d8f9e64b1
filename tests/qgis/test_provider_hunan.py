"""Each equiroute Processing algorithm on the embedded Hunan data set (data/hunan-2018, built
by ./scripts/fetch-data) and the 2020 census population (../shared/data): inputs are QGIS
layers of several providers (OGR GeoJSON, delimited text, a joined layer, memory layers); the
layers QGIS loads are checked for their feature counts and against the CLI run on the same
inputs."""

import csv
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import qgis_support  # noqa: E402

qgis_support.start_qgis()
qgis_support.equiroute_executable()
HUNAN = qgis_support.hunan_dir()
CENSUS = os.path.join(qgis_support.SHARED_DATA, "hunan", "county_population_2020.csv")
if not os.path.exists(CENSUS):
    qgis_support.skip(f"the shared census table {CENSUS} (EQUIROUTE_SHARED_DATA)")

import processing  # noqa: E402
from qgis.core import QgsProject, QgsVectorLayer, QgsVectorLayerJoinInfo  # noqa: E402
from qgis.PyQt.QtCore import QUrl  # noqa: E402

import fixtures as fx  # noqa: E402

MODELS = ["nearest", "cumulative", "gravity", "2sfca", "e2sfca", "g2sfca", "3sfca"]
RESOURCES = ["institutions", "actual_beds", "doctors", "nurses"]
# Counties renamed between the boundaries' vintage and the 2020 census (as in the scenario).
RECODE = {"430124": "430182", "430221": "430212", "430521": "430582"}


def ogr_layer(name):
    layer = QgsVectorLayer(os.path.join(HUNAN, name + ".geojson"), name, "ogr")
    assert layer.isValid(), name
    return layer


def delimited_text(path, name):
    layer = QgsVectorLayer(QUrl.fromLocalFile(path).toString() + "?type=csv&detectTypes=yes&geomType=none",
                           name, "delimitedtext")
    assert layer.isValid(), path
    return layer


def counties_with_population():
    """The county polygons (seat fields kept) with their census population: a memory layer."""
    with open(CENSUS, newline="", encoding="utf-8") as f:
        population = {row["CODE"]: float(row["POPU"]) for row in csv.DictReader(f)}
    counties = ogr_layer("counties")
    rows = []
    for feature in counties.getFeatures():
        code = feature["adcode"]
        values = {name: feature[name] for name in ("adcode", "name", "prefecture", "seat_lon", "seat_lat")}
        values["population"] = population[RECODE.get(code, code)]
        rows.append((feature.geometry(), values))
    fields = [("adcode", str), ("name", str), ("prefecture", str), ("seat_lon", float), ("seat_lat", float),
              ("population", float)]
    return fx.memory_layer("counties with population", "MultiPolygon", fields, rows)


def seats_with_resources():
    """Prefecture seats (GeoJSON) joined to Table 3 (delimited text) by adcode."""
    seats = ogr_layer("prefecture_seats")
    table = delimited_text(os.path.join(HUNAN, "table3_2018.csv"), "table3")
    QgsProject.instance().addMapLayers([seats, table])
    join = QgsVectorLayerJoinInfo()
    join.setJoinLayer(table)
    join.setJoinFieldName("adcode")
    join.setTargetFieldName("adcode")
    join.setPrefix("")
    join.setJoinFieldNamesSubset(RESOURCES)
    join.setUsingMemoryCache(True)
    assert seats.addJoin(join)
    assert all(seats.fields().indexOf(r) >= 0 for r in RESOURCES)
    return seats


def star_roads():
    """A road network over Hunan for the isochrones: each county seat linked to its prefecture
    seat, and the prefecture seats linked in adcode order (primary roads, class speed)."""
    seats = {f["adcode"]: (f.geometry().asPoint().x(), f.geometry().asPoint().y())
             for f in ogr_layer("prefecture_seats").getFeatures()}
    rows = []
    for feature in ogr_layer("county_seats").getFeatures():
        hub = seats[feature["prefecture"]]
        p = feature.geometry().asPoint()
        if (p.x(), p.y()) != hub:
            rows.append((fx.line((p.x(), p.y()), hub), {"highway": "primary"}))
    ordered = [seats[k] for k in sorted(seats)]
    for a, b in zip(ordered, ordered[1:]):
        rows.append((fx.line(a, b), {"highway": "primary"}))
    return fx.memory_layer("star roads", "LineString", [("highway", str)], rows)


def loaded(results, key):
    layer = QgsProject.instance().mapLayer(results[key])
    assert isinstance(layer, QgsVectorLayer) and layer.isValid(), (key, results.get(key))
    return layer


class Hunan(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = qgis_support.scratch_folder("equiroute-qgis-hunan-")
        cls.counties = counties_with_population()
        cls.seats = seats_with_resources()
        cls.county_seats = ogr_layer("county_seats")
        QgsProject.instance().addMapLayers([cls.counties, cls.county_seats])
        cls.files = {
            "counties": fx.write_geojson(cls.counties, cls.path("counties.geojson")),
            "seats": fx.write_geojson(cls.seats, cls.path("seats.geojson")),
        }

    @classmethod
    def path(cls, name):
        return os.path.join(cls.tmp, name)

    def test_accessibility(self):
        results = processing.runAndLoadResults("equiroute:accessibility", {
            "demand": self.counties, "demand_id_field": "adcode", "population_field": "population",
            "group_field": "prefecture", "demand_rule": "seat", "supply": self.seats, "supply_id_field": "adcode",
            "supply_field": RESOURCES, "model": MODELS, "threshold_min": 120, "e2sfca_zones_min": "40, 80, 120",
            "3sfca_zones_min": "30, 60, 90, 120", "output": self.path("access")})
        self.assertEqual(loaded(results, "demand_scores").featureCount(), 122)
        self.assertEqual(loaded(results, "groups_table").featureCount(), 14)
        self.assertEqual(loaded(results, "supply_table").featureCount(), 14)
        cli_out = self.path("access_cli")
        args = ["access", "--demand", self.files["counties"], "--demand-id-field", "adcode", "--population-field",
                "population", "--group-field", "prefecture", "--demand-rule", "seat", "--supply", self.files["seats"],
                "--supply-id-field", "adcode", "--network", "none", "--threshold-min", "120",
                "--param", "e2sfca.zones_min=40,80,120", "--param", "3sfca.zones_min=30,60,90,120", "-o", cli_out]
        for r in RESOURCES:
            args += ["--supply-field", r]
        for m in MODELS:
            args += ["--model", m]
        fx.run_cli(*args)
        for table in ("access_demand.csv", "access_groups.csv", "access_supply.csv"):
            self.assertEqual(fx.read_csv(os.path.join(results["output"], table)),
                             fx.read_csv(os.path.join(cli_out, table)), table)
        # One value through the loaded layer: Changsha's Furong district, 2SFCA doctors.
        # The layers keep full precision: equal to the last bit.
        furong = fx.features_by(loaded(results, "demand_scores"), "adcode")["430102"]
        cli = fx.features_by(QgsVectorLayer(os.path.join(cli_out, "access_demand.gpkg"), "cli", "ogr"), "adcode")
        self.assertEqual(furong["2sfca_doctors"], cli["430102"]["2sfca_doctors"])
        self.assertGreater(furong["2sfca_doctors"], 0.0)

    def test_od_matrix_and_nearest(self):
        results = processing.runAndLoadResults("equiroute:od_matrix", {
            "origins": self.county_seats, "destinations": self.seats, "id_field": "adcode",
            "output": self.path("od.csv")})
        table = loaded(results, "od_table")
        self.assertEqual(table.featureCount(), 122 * 14)
        fx.run_cli("od", "--network", "none", "--origins", os.path.join(HUNAN, "county_seats.geojson"),
                   "--destinations", os.path.join(HUNAN, "prefecture_seats.geojson"), "--id-field", "adcode",
                   "-o", self.path("od_cli.csv"))
        cli = {(r["origin_id"], r["destination_id"]): float(r["travel_s"]) for r in fx.read_csv(self.path("od_cli.csv"))}
        mine = {(str(f["origin_id"]), str(f["destination_id"])): f["travel_s"] for f in table.getFeatures()}
        self.assertEqual(mine, cli)
        # Yueyang's seat (430600) from Changsha's Furong district (430102), by QGIS's geodesic.
        furong = next(f for f in self.county_seats.getFeatures() if f["adcode"] == "430102").geometry().asPoint()
        yueyang = next(f for f in self.seats.getFeatures() if f["adcode"] == "430600").geometry().asPoint()
        self.assertAlmostEqual(mine[("430102", "430600")],
                               fx.straight_line_s((furong.x(), furong.y()), (yueyang.x(), yueyang.y())), delta=0.01)

        results = processing.runAndLoadResults("equiroute:nearest_facility", {
            "origins": self.county_seats, "destinations": self.seats, "id_field": "adcode", "k": 3,
            "output": self.path("nearest.csv")})
        nearest = loaded(results, "nearest_table")
        self.assertEqual(nearest.featureCount(), 122 * 3)
        first = {str(f["origin_id"]): (str(f["destination_id"]), f["travel_s"]) for f in nearest.getFeatures()
                 if f["rank"] == 1}
        by_origin = {}
        for (o, d), t in mine.items():
            by_origin.setdefault(o, []).append((t, d))
        for origin, (destination, seconds) in first.items():  # the rank-1 row is the OD row minimum
            self.assertEqual((seconds, destination), min(by_origin[origin]))

    def test_isochrones(self):
        roads = star_roads()
        seats = ogr_layer("prefecture_seats")
        results = processing.runAndLoadResults("equiroute:isochrones", {
            "origins": seats, "id_field": "adcode", "network": roads, "minutes": "30, 60",
            "output": self.path("iso.gpkg")})
        layer = QgsVectorLayer(results["output"], "iso", "ogr")
        self.assertEqual(layer.featureCount(), 14 * 2)
        roads_file = fx.write_geojson(roads, self.path("roads.geojson"))
        fx.run_cli("isochrones", "--network", roads_file, "--origins", os.path.join(HUNAN, "prefecture_seats.geojson"),
                   "--id-field", "adcode", "--minutes", "30,60", "-o", self.path("iso_cli.gpkg"))
        cli = {(f["origin_id"], f["minutes"]): f.geometry().area()
               for f in QgsVectorLayer(self.path("iso_cli.gpkg"), "cli", "ogr").getFeatures()}
        mine = {(f["origin_id"], f["minutes"]): f.geometry().area() for f in layer.getFeatures()}
        self.assertEqual(set(mine), set(cli))
        for key, area in cli.items():
            self.assertAlmostEqual(mine[key], area, delta=1e-9 * area)

    def test_equity_of_resources(self):
        table = delimited_text(os.path.join(HUNAN, "table3_2018.csv"), "Table 3")
        counties = ogr_layer("counties")
        results = processing.runAndLoadResults("equiroute:equity_of_resources", {
            "table": table, "key": "adcode", "population": "population_10k", "population_scale": 10000,
            "resource": RESOURCES, "name": "name_zh", "regions": counties, "regions_key": "adcode",
            "dissolve_prefix": 4, "output": self.path("equity")})
        self.assertEqual(loaded(results, "densities_table").featureCount(), 14)
        equity = loaded(results, "equity_table")
        self.assertEqual(equity.featureCount(), len(RESOURCES) * 2)
        args = ["equity", "--table", os.path.join(HUNAN, "table3_2018.csv"), "--key", "adcode", "--population",
                "population_10k", "--population-scale", "10000", "--name", "name_zh", "--regions",
                os.path.join(HUNAN, "counties.geojson"), "--regions-key", "adcode", "--dissolve-prefix", "4",
                "-o", self.path("equity_cli")]
        for r in RESOURCES:
            args += ["--resource", r]
        fx.run_cli(*args)
        self.assertEqual(fx.read_csv(os.path.join(results["output"], "equity.csv")),
                         fx.read_csv(self.path("equity_cli/equity.csv")))
        gini = {(f["basis"], f["resource"]): f["gini"] for f in equity.getFeatures()}
        cli = {(r["basis"], r["resource"]): float(r["gini"]) for r in fx.read_csv(self.path("equity_cli/equity.csv"))}
        self.assertEqual(gini[("population", "doctors")], cli[("population", "doctors")])

    def test_run_scenario(self):
        source = os.path.join(qgis_support.SOURCE_DIR, "examples", "hunan-2018", "scenario.toml")
        with open(source, encoding="utf-8") as f:
            text = f.read()
        text = text.replace("../../data/hunan-2018/", HUNAN + "/")
        text = re.sub(r"(?m)^maps = true$", "maps = false", text)
        text = re.sub(r'(?m)^layers = \[.*\]$', 'layers = ["gpkg"]', text)
        scenario = self.path("scenario.toml")
        with open(scenario, "w", encoding="utf-8") as f:
            f.write(text)
        results = processing.runAndLoadResults("equiroute:run_scenario", {"scenario": scenario,
                                                                         "output": self.path("run")})
        counts = {"regions": 122, "groups": 14, "demand_points": 122, "facilities": 14}
        for name, count in counts.items():
            self.assertEqual(loaded(results, name).featureCount(), count, name)
        self.assertTrue(os.path.exists(results["report"]))
        fx.run_cli("run", scenario, "-o", self.path("run_cli"))
        cli = fx.features_by(QgsVectorLayer(self.path("run_cli/layers/regions.gpkg"), "cli", "ogr"), "adcode")
        mine = fx.features_by(loaded(results, "regions"), "adcode")
        self.assertEqual(set(mine), set(cli))
        for code in mine:
            self.assertEqual(mine[code]["e2sfca_doctors"], cli[code]["e2sfca_doctors"], code)
        groups_cli = fx.features_by(QgsVectorLayer(self.path("run_cli/layers/groups.gpkg"), "cli", "ogr"), "adcode")
        changsha = fx.features_by(loaded(results, "groups"), "adcode")["430100"]
        self.assertEqual(changsha["doctors_per_10k"], groups_cli["430100"]["doctors_per_10k"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
