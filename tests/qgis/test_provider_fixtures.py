"""Each equiroute Processing algorithm on small fixtures (memory layers): the output layers
that QGIS loads (feature counts), a value of each against the CLI run on the same inputs, and
values computed by hand or by QGIS's own geodesics (QgsDistanceArea)."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import qgis_support  # noqa: E402

qgis_support.start_qgis()
qgis_support.equiroute_executable()

import processing  # noqa: E402
from qgis.core import QgsApplication, QgsProject, QgsVectorLayer  # noqa: E402

import fixtures as fx  # noqa: E402


def loaded(results, key):
    """The layer QGIS added to the project for output `key`."""
    layer = QgsProject.instance().mapLayer(results[key])
    assert isinstance(layer, QgsVectorLayer) and layer.isValid(), (key, results.get(key))
    return layer


class Fixtures(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = qgis_support.scratch_folder("equiroute-qgis-fixtures-")
        cls.demand = fx.demand_layer()
        cls.facilities = fx.facility_layer()
        cls.roads = fx.road_layer()
        QgsProject.instance().addMapLayers([cls.demand, cls.facilities, cls.roads])
        cls.files = {name: fx.write_geojson(layer, os.path.join(cls.tmp, name + ".geojson"))
                     for name, layer in (("demand", cls.demand), ("facilities", cls.facilities),
                                         ("roads", cls.roads))}

    def path(self, name):
        return os.path.join(self.tmp, name)

    # --- od_matrix
    def test_od_matrix_straight_line(self):
        out = self.path("od_none.csv")
        results = processing.runAndLoadResults("equiroute:od_matrix", {
            "origins": self.demand, "destinations": self.facilities, "id_field": "id", "output": out})
        table = loaded(results, "od_table")
        self.assertEqual(table.featureCount(), len(fx.DEMAND) * len(fx.FACILITIES))
        values = {(f["origin_id"], f["destination_id"]): f["travel_s"] for f in table.getFeatures()}
        # geodesic × 1.3 ÷ 40 km/h, QGIS's ellipsoidal distance; the CSV has 3 decimals.
        self.assertAlmostEqual(values[("d1", "f1")], fx.straight_line_s((112.9, 28.2), (113.0, 28.2)), delta=0.01)
        fx.run_cli("od", "--network", "none", "--origins", self.files["demand"], "--destinations",
                   self.files["facilities"], "--id-field", "id", "-o", self.path("od_none_cli.csv"))
        cli = {(r["origin_id"], r["destination_id"]): float(r["travel_s"])
               for r in fx.read_csv(self.path("od_none_cli.csv"))}
        self.assertEqual(values, cli)

    def test_od_matrix_road_layer(self):
        out = self.path("od_roads.csv")
        results = processing.runAndLoadResults("equiroute:od_matrix", {
            "origins": self.demand, "destinations": self.facilities, "id_field": "id", "network": self.roads,
            "output": out})
        values = {(f["origin_id"], f["destination_id"]): f["travel_s"] for f in loaded(results, "od_table").getFeatures()}
        # d1 (112.9, 28.2) → f1 (113.0, 28.2): one 0.1° road along the parallel at 60 km/h, both on nodes.
        self.assertAlmostEqual(values[("d1", "f1")], fx.geodesic_m((112.9, 28.2), (113.0, 28.2)) / (fx.ROAD_KMH / 3.6),
                               delta=0.01)
        fx.run_cli("od", "--network", self.files["roads"], "--origins", self.files["demand"], "--destinations",
                   self.files["facilities"], "--id-field", "id", "-o", self.path("od_roads_cli.csv"))
        cli = {(r["origin_id"], r["destination_id"]): float(r["travel_s"])
               for r in fx.read_csv(self.path("od_roads_cli.csv"))}
        self.assertEqual(values, cli)

    # --- nearest_facility
    def test_nearest_facility(self):
        results = processing.runAndLoadResults("equiroute:nearest_facility", {
            "origins": self.demand, "destinations": self.facilities, "id_field": "id", "network": self.roads,
            "k": 2, "output": self.path("nearest.csv")})
        table = loaded(results, "nearest_table")
        self.assertEqual(table.featureCount(), len(fx.DEMAND) * 2)
        first = {f["origin_id"]: f["destination_id"] for f in table.getFeatures() if f["rank"] == 1}
        self.assertEqual(first, {"d1": "f1", "d2": "f1", "d3": "f2", "d4": "f1"})  # by the grid distances
        fx.run_cli("nearest", "--network", self.files["roads"], "--origins", self.files["demand"],
                   "--destinations", self.files["facilities"], "--id-field", "id", "--k", "2",
                   "-o", self.path("nearest_cli.csv"))
        cli = {(r["origin_id"], int(r["rank"])): float(r["travel_s"]) for r in fx.read_csv(self.path("nearest_cli.csv"))}
        mine = {(f["origin_id"], f["rank"]): f["travel_s"] for f in table.getFeatures()}
        self.assertEqual(mine, cli)

    # --- isochrones
    def test_isochrones(self):
        results = processing.runAndLoadResults("equiroute:isochrones", {
            "origins": self.facilities, "id_field": "id", "network": self.roads, "minutes": "10, 20",
            "output": self.path("iso.gpkg")})
        layer = QgsProject.instance().mapLayer(results["output"]) or QgsVectorLayer(results["output"], "iso", "ogr")
        project_names = [l.name() for l in QgsProject.instance().mapLayers().values()]
        self.assertIn("Isochrones", project_names)
        self.assertEqual(layer.featureCount(), len(fx.FACILITIES) * 2)
        fx.run_cli("isochrones", "--network", self.files["roads"], "--origins", self.files["facilities"],
                   "--id-field", "id", "--minutes", "10,20", "-o", self.path("iso_cli.gpkg"))
        cli = QgsVectorLayer(self.path("iso_cli.gpkg"), "cli", "ogr")
        area = {(f["origin_id"], f["minutes"]): f.geometry().area() for f in layer.getFeatures()}
        cli_area = {(f["origin_id"], f["minutes"]): f.geometry().area() for f in cli.getFeatures()}
        self.assertEqual(set(area), set(cli_area))
        for key in area:
            self.assertAlmostEqual(area[key], cli_area[key], delta=1e-12 + 1e-9 * cli_area[key])
        self.assertLess(area[("f1", 10.0)], area[("f1", 20.0)])

    # --- accessibility
    def test_accessibility_every_model(self):
        models = ["nearest", "cumulative", "gravity", "2sfca", "e2sfca", "g2sfca", "3sfca"]
        results = processing.runAndLoadResults("equiroute:accessibility", {
            "demand": self.demand, "demand_id_field": "id", "population_field": "population",
            "supply": self.facilities, "supply_id_field": "id", "supply_field": ["beds"], "model": models,
            "threshold_min": 30, "output": self.path("access")})
        scores = loaded(results, "demand_scores")
        self.assertEqual(scores.featureCount(), len(fx.DEMAND))
        loaded(results, "supply_table")
        by_id = fx.features_by(scores, "id")
        # 2SFCA by hand with QGIS geodesics (straight line, d0 = 30 min; no pair within 1 min of d0).
        t = {(d, f): fx.straight_line_s((dx, dy), (fx_, fy)) / 60.0
             for d, dx, dy, _ in fx.DEMAND for f, fx_, fy, _ in fx.FACILITIES}
        for minutes in t.values():
            self.assertGreater(abs(minutes - 30.0), 1.0)
        pop = {d: p for d, _, _, p in fx.DEMAND}
        beds = {f: b for f, _, _, b in fx.FACILITIES}
        ratio = {f: beds[f] / sum(pop[d] for d in pop if t[(d, f)] <= 30) for f in beds
                 if sum(pop[d] for d in pop if t[(d, f)] <= 30) > 0}
        for d in pop:
            expected = sum(ratio[f] for f in ratio if t[(d, f)] <= 30)
            self.assertAlmostEqual(by_id[d]["2sfca_beds"], expected, delta=1e-12 + 1e-9 * expected)
            self.assertEqual(by_id[d]["cumulative_beds"], sum(beds[f] for f in beds if t[(d, f)] <= 30))
        # The same call on the CLI: every score column of every point is identical.
        cli_out = self.path("access_cli")
        args = ["access", "--demand", self.files["demand"], "--demand-id-field", "id", "--population-field",
                "population", "--supply", self.files["facilities"], "--supply-id-field", "id", "--supply-field",
                "beds", "--network", "none", "--threshold-min", "30", "-o", cli_out]
        for m in models:
            args += ["--model", m]
        fx.run_cli(*args)
        cli = {r["id"]: r for r in fx.read_csv(os.path.join(cli_out, "access_demand.csv"))}
        mine = {r["id"]: r for r in fx.read_csv(os.path.join(results["output"], "access_demand.csv"))}
        self.assertEqual(mine, cli)

    def test_model_defaults_match_the_engine(self):
        """The plugin's model parameter defaults are the engine's: the CLI's summary.json lists
        the parameters it resolved when none is given."""
        out = self.path("defaults_cli")
        args = ["access", "--demand", self.files["demand"], "--population-field", "population", "--supply",
                self.files["facilities"], "--network", "none", "-o", out]
        for m in ["nearest", "cumulative", "gravity", "2sfca", "e2sfca", "g2sfca", "3sfca"]:
            args += ["--model", m]
        fx.run_cli(*args)
        engine = {m["name"]: m["params"] for m in fx.read_json(os.path.join(out, "summary.json"))["models"]}
        algorithm = QgsApplication.processingRegistry().algorithmById("equiroute:accessibility")
        checked = 0
        for model, params in engine.items():
            for key, value in params.items():
                name = "threshold_min" if (key == "threshold_min" and model in ("2sfca", "g2sfca", "cumulative")) \
                    else f"{model}_{key}"
                definition = algorithm.parameterDefinition(name)
                self.assertIsNotNone(definition, f"no Processing parameter for {model}.{key}")
                default = definition.defaultValue()
                if isinstance(value, list):
                    default = [float(v) for v in str(default).replace(",", " ").split()]
                elif isinstance(value, str):
                    default = str(default)
                else:
                    default = float(default)
                self.assertEqual(default, value, f"{model}.{key}")
                checked += 1
        self.assertGreaterEqual(checked, 13)

    # --- equity of resources
    def test_equity_of_resources(self):
        table = fx.memory_layer("regions_table", "None", [("key", str), ("pop", float), ("beds", float)],
                                [(None, {"key": "a", "pop": 100.0, "beds": 10.0}),
                                 (None, {"key": "b", "pop": 100.0, "beds": 30.0})])
        results = processing.runAndLoadResults("equiroute:equity_of_resources", {
            "table": table, "key": "key", "population": "pop", "resource": ["beds"],
            "output": self.path("equity")})
        gini = {f["resource"]: f["gini"] for f in loaded(results, "equity_table").getFeatures()}
        # Two equal populations holding 10 and 30: Lorenz (0,0) (.5,.25) (1,1); G = 1 - Σ (x_k - x_{k-1})(y_k + y_{k-1})
        # = 1 - (.5 × .25 + .5 × 1.25) = 0.25.
        self.assertAlmostEqual(gini["beds"], 0.25, delta=1e-6)
        densities = loaded(results, "densities_table")
        self.assertEqual(densities.featureCount(), 2)
        self.assertAlmostEqual(fx.features_by(densities, "key")["b"]["beds_per_10k"], 3000.0, delta=1e-6)

    # --- run a scenario
    def test_run_scenario(self):
        regions = []
        for i, (x, y) in enumerate([(112.9, 28.0), (113.2, 28.0), (112.9, 28.3), (113.2, 28.3)]):
            ring = [(x, y), (x + 0.3, y), (x + 0.3, y + 0.3), (x, y + 0.3), (x, y)]
            regions.append((fx.QgsGeometry.fromPolygonXY([[fx.QgsPointXY(a, b) for a, b in ring]]),
                            {"code": f"r{i}", "pop": 1000.0 * (i + 1)}))
        region_file = fx.write_geojson(fx.memory_layer("regions", "Polygon", [("code", str), ("pop", float)], regions),
                                       self.path("regions.geojson"))
        scenario = self.path("scenario.toml")
        with open(scenario, "w", encoding="utf-8") as f:
            f.write(f"""title = "fixture"
[regions]
path = "{region_file}"
id_field = "code"
population_field = "pop"
[facilities]
path = "{self.files['facilities']}"
id_field = "id"
capacity_fields = ["beds"]
[access]
models = ["nearest", "2sfca"]
threshold_min = 30
[output]
maps = false
report = false
""")
        results = processing.runAndLoadResults("equiroute:run_scenario", {"scenario": scenario,
                                                                         "output": self.path("run")})
        regions_layer = loaded(results, "regions")
        self.assertEqual(regions_layer.featureCount(), 4)
        self.assertEqual(loaded(results, "facilities").featureCount(), 2)
        fx.run_cli("run", scenario, "-o", self.path("run_cli"))
        cli = fx.features_by(QgsVectorLayer(self.path("run_cli/layers/regions.gpkg"), "cli", "ogr"), "code")
        for code, feature in fx.features_by(regions_layer, "code").items():
            self.assertEqual(feature["2sfca_beds"], cli[code]["2sfca_beds"])
            self.assertEqual(feature["nearest_travel_min"], cli[code]["nearest_travel_min"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
