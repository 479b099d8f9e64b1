"""equiroute:plan_sites (`equiroute plan` on point files) through Processing on small fixtures
(memory layers): the solutions table equals the CLI's on the same inputs (every column but the
solve time `seconds`), a hand-computed p-median on a user cost matrix, the layer of chosen
sites the plugin builds, and bad input (k larger than the candidates) as a Processing error with
equiroute's message and nothing added to the project."""

import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import qgis_support  # noqa: E402

qgis_support.start_qgis()
qgis_support.equiroute_executable()

import processing  # noqa: E402
from qgis.core import QgsProcessingException, QgsProject, QgsVectorLayer  # noqa: E402

import fixtures as fx  # noqa: E402

# Candidate sites between the fixture's demand points (fixtures.DEMAND) and facilities.
CANDIDATES = [("c1", 113.2, 28.1), ("c2", 113.5, 28.4), ("c3", 112.95, 28.25), ("c4", 113.3, 28.3)]


def candidate_layer():
    return fx.memory_layer("candidates", "Point", [("id", str)],
                           [(fx.point(x, y), {"id": i}) for i, x, y in CANDIDATES])


def without_paths(message):
    """equiroute names files by path: compare messages without the folder and extension."""
    message = re.sub(r"file '[^']*/([^/']+)\.(gpkg|geojson)'", r"file '\1'", message)
    return re.sub(r" \[[^\]]* is the QGIS layer [^\]]*\]$", "", message)


def as_number(text):
    try:
        return float(text)
    except ValueError:
        return None


def without_seconds(rows):
    """Solve times vary from run to run (docs/planning.md): every other column must be equal."""
    return [{k: v for k, v in row.items() if k != "seconds"} for row in rows]


class PlanSites(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = qgis_support.scratch_folder("equiroute-qgis-plan-")
        cls.demand = fx.demand_layer()
        cls.existing = fx.facility_layer()
        cls.candidates = candidate_layer()
        QgsProject.instance().addMapLayers([cls.demand, cls.existing, cls.candidates])
        cls.files = {name: fx.write_geojson(layer, os.path.join(cls.tmp, name + ".geojson"))
                     for name, layer in (("demand", cls.demand), ("existing", cls.existing),
                                         ("candidates", cls.candidates))}

    def path(self, name):
        return os.path.join(self.tmp, name)

    def cli_args(self, out, *extra):
        return ["plan", "--demand", self.files["demand"], "--population-field", "population", "--existing",
                self.files["existing"], "--candidates", self.files["candidates"], *extra, "-o", out]

    def test_same_solutions_as_the_cli(self):
        results = processing.runAndLoadResults("equiroute:plan_sites", {
            "demand": self.demand, "population_field": "population", "existing": self.existing,
            "candidates": self.candidates, "objective": ["pmedian", "mclp", "min-share-beyond"], "k": "1, 2",
            "threshold_min": 30, "output": self.path("plan")})
        project = QgsProject.instance()
        solutions = project.mapLayer(results["solutions_table"])
        self.assertEqual(solutions.featureCount(), 3 * 2)
        self.assertTrue(project.mapLayer(results["before_after_table"]).isValid())
        cli_out = self.path("plan_cli")
        fx.run_cli(*self.cli_args(cli_out, "--objective", "pmedian", "--objective", "mclp", "--objective",
                                  "min-share-beyond", "--k", "1", "--k", "2", "--threshold-min", "30"))
        cli_rows = fx.read_csv(os.path.join(cli_out, "solutions.csv"))
        mine_rows = fx.read_csv(os.path.join(results["output"], "solutions.csv"))
        self.assertEqual(len(cli_rows), 6)
        self.assertEqual(without_seconds(mine_rows), without_seconds(cli_rows))
        self.assertEqual(fx.read_csv(os.path.join(results["output"], "before_after.csv")),
                         fx.read_csv(os.path.join(cli_out, "before_after.csv")))
        # The sites layer: one point per solution and site, at the candidate's coordinates.
        sites = project.mapLayer(results["sites_layer"])
        self.assertIsInstance(sites, QgsVectorLayer)
        expected = {(r["objective"], int(r["k"]), s) for r in cli_rows for s in r["sites"].split(";") if s}
        self.assertEqual(sites.featureCount(), len(expected))
        where = {i: (x, y) for i, x, y in CANDIDATES}
        got = set()
        for f in sites.getFeatures():
            got.add((f["objective"], f["k"], f["site"]))
            self.assertEqual(f["id"], f"{f['objective']}_k{f['k']}_{f['site']}")
            p = f.geometry().asPoint()
            self.assertEqual((p.x(), p.y()), where[f["site"]])
        self.assertEqual(got, expected)

    def test_road_network_as_the_cli(self):
        roads = fx.road_layer()
        QgsProject.instance().addMapLayer(roads)
        results = processing.runAndLoadResults("equiroute:plan_sites", {
            "demand": self.demand, "population_field": "population", "existing": self.existing,
            "candidates": self.candidates, "network": roads, "objective": ["pmedian", "pcenter"], "k": "1, 2",
            "output": self.path("plan_roads")})
        cli_out = self.path("plan_roads_cli")
        roads_file = fx.write_geojson(roads, self.path("roads.geojson"))
        fx.run_cli(*self.cli_args(cli_out, "--network", roads_file, "--objective", "pmedian", "--objective",
                                  "pcenter", "--k", "1", "--k", "2"))
        cli_rows = without_seconds(fx.read_csv(os.path.join(cli_out, "solutions.csv")))
        mine_rows = without_seconds(fx.read_csv(os.path.join(results["output"], "solutions.csv")))
        self.assertEqual(len(mine_rows), 4)
        # The plugin's GeoPackage export and the GeoJSON twin give the same roads with edges in
        # another order (fixtures.assert_same_road_times): equal sites and statuses, numbers to a
        # relative 1e-9 (the gap of an optimum may be 0 or 1e-16).
        self.assertEqual(len(mine_rows), len(cli_rows))
        for mine, cli in zip(mine_rows, cli_rows):
            self.assertEqual(mine.keys(), cli.keys())
            for key in mine:
                a, b = as_number(mine[key]), as_number(cli[key])
                if a is None or b is None:
                    self.assertEqual(mine[key], cli[key], key)
                else:
                    self.assertAlmostEqual(a, b, delta=1e-9 * max(1.0, abs(b)), msg=key)
        manifest = fx.read_json(os.path.join(results["output"], "manifest.json"))
        self.assertNotIn("straight-line", manifest["parameters"]["plan"]["travel"])

    def test_hand_computed_pmedian_on_a_cost_matrix(self):
        # One existing site f1; candidates c1, c2. Times in seconds; d4 has no population.
        existing = fx.memory_layer("f1 only", "Point", [("id", str)], [(fx.point(113.0, 28.2), {"id": "f1"})])
        # Candidate ids in a field other than "id", named by candidates_id_field.
        candidates = fx.memory_layer("two candidates", "Point", [("code", str)],
                                     [(fx.point(113.2, 28.1), {"code": "c1"}),
                                      (fx.point(113.5, 28.4), {"code": "c2"})])
        times = {"d1": (600, 300, 900), "d2": (1200, 900, 200), "d3": (3000, 2000, 1000), "d4": (100, 100, 100)}
        cost = self.path("cost.csv")
        with open(cost, "w", encoding="utf-8") as f:
            f.write("origin_id,destination_id,travel_s\n")
            for d, row in times.items():
                for site, t in zip(("f1", "c1", "c2"), row):
                    f.write(f"{d},{site},{t}\n")
        results = processing.runAndLoadResults("equiroute:plan_sites", {
            "demand": self.demand, "population_field": "population", "existing": existing,
            "candidates": candidates, "candidates_id_field": "code", "cost": cost, "objective": ["pmedian"], "k": "1",
            "output": self.path("plan_cost")})
        (row,) = fx.read_csv(os.path.join(results["output"], "solutions.csv"))
        # Open c1: 1000·300 + 2000·900 + 500·2000 = 3.1e6; open c2: 1000·600 + 2000·200 + 500·1000
        # = 1.5e6 person-seconds (f1 stays open: min over f1 and the new site).
        self.assertEqual(row["sites"], "c2")
        self.assertAlmostEqual(float(row["value"]), 1.5e6, delta=1e-6)
        self.assertAlmostEqual(float(row["value_before"]), 1000 * 600 + 2000 * 1200 + 500 * 3000, delta=1e-6)
        self.assertEqual(row["status"], "optimal")
        (site,) = QgsProject.instance().mapLayer(results["sites_layer"]).getFeatures()
        self.assertEqual((site["id"], site["site"]), ("pmedian_k1_c2", "c2"))
        self.assertEqual((site.geometry().asPoint().x(), site.geometry().asPoint().y()), (113.5, 28.4))

    def test_k_larger_than_the_candidates(self):
        project = QgsProject.instance()
        before = set(project.mapLayers())
        with self.assertRaises(QgsProcessingException) as caught:
            processing.runAndLoadResults("equiroute:plan_sites", {
                "demand": self.demand, "population_field": "population", "existing": self.existing,
                "candidates": self.candidates, "k": "5", "output": self.path("plan_bad")})
        self.assertEqual(set(project.mapLayers()), before, "a failed run added layers to the project")
        code, _, stderr = fx.run_cli(*self.cli_args(self.path("plan_bad_cli"), "--k", "5"), expect_ok=False)
        self.assertEqual(code, 2, stderr)
        message = str(caught.exception)
        self.assertTrue(message.startswith("equiroute: "), message)
        self.assertIn(without_paths(fx.cli_error_line(stderr)), without_paths(message))
        self.assertFalse(os.path.exists(os.path.join(self.path("plan_bad"), "solutions.csv")))


if __name__ == "__main__":
    unittest.main(verbosity=2)
