"""Bad input through QGIS: a layer without the required field, a layer whose coordinates do
not match its CRS, an empty layer. Each must stop the algorithm with a Processing error that
carries equiroute's own one-line message (the same as the CLI prints for the same data) and
add nothing to the project. Also: cancelling kills the child process (and its children),
`progress:` lines move the progress bar, and a missing executable is a clear error."""

import os
import re
import stat
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import qgis_support  # noqa: E402

qgis_support.start_qgis()
qgis_support.equiroute_executable()

import processing  # noqa: E402
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsProject  # noqa: E402

import fixtures as fx  # noqa: E402


def without_paths(message):
    """equiroute names files by path: compare messages without the folder and extension."""
    message = re.sub(r"file '[^']*/([^/']+)\.(gpkg|geojson)'", r"file '\1'", message)
    return re.sub(r" \[[^\]]* is the QGIS layer [^\]]*\]$", "", message)


def running(pid):
    """True when `pid` exists and is not a zombie (a killed child not yet reaped by init)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


class BadInput(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = qgis_support.scratch_folder("equiroute-qgis-errors-")

    def twin(self, layer, name):
        """The file the CLI reads, named like the plugin's export (<parameter>.gpkg, layer <parameter>)."""
        folder = tempfile.mkdtemp(dir=self.tmp)
        return fx.write_gpkg(layer, os.path.join(folder, name + ".gpkg"), name)

    def assert_processing_error(self, algorithm, parameters, cli_args):
        """Runs through Processing (loading results into the project) and through the CLI; both
        fail, the Processing error contains the CLI's message, the project gains no layer."""
        project = QgsProject.instance()
        before = set(project.mapLayers())
        with self.assertRaises(QgsProcessingException) as caught:
            processing.runAndLoadResults(algorithm, parameters)
        self.assertEqual(set(project.mapLayers()), before, "a failed run added layers to the project")
        code, _, stderr = fx.run_cli(*cli_args, expect_ok=False)
        self.assertEqual(code, 2, stderr)
        expected = without_paths(fx.cli_error_line(stderr))
        message = str(caught.exception)
        self.assertTrue(message.startswith("equiroute: "), message)
        self.assertIn(expected, without_paths(message))
        return message

    def test_layer_without_the_required_field(self):
        # Regions without the seat coordinates the seat rule needs.
        regions = fx.memory_layer("counties", "Polygon", [("code", str), ("pop", float)], [(
            fx.QgsGeometry.fromWkt("POLYGON((112.9 28.0, 113.2 28.0, 113.2 28.3, 112.9 28.3, 112.9 28.0))"),
            {"code": "r1", "pop": 100.0})])
        supply = fx.facility_layer()
        QgsProject.instance().addMapLayers([regions, supply])
        out = os.path.join(self.tmp, "no_field")
        message = self.assert_processing_error("equiroute:accessibility", {
            "demand": regions, "population_field": "pop", "demand_rule": "seat", "supply": supply,
            "model": ["2sfca"], "output": out}, [
            "access", "--demand", self.twin(regions, "demand"), "--population-field", "pop", "--demand-rule", "seat",
            "--supply", self.twin(supply, "supply"), "--model", "2sfca", "--network", "none", "--threshold-min", "30",
            "-o", out + "_cli"])
        self.assertIn("seat_lon", message)
        self.assertIn("is the QGIS layer 'counties'", message)

    def test_population_field_missing(self):
        demand = fx.demand_layer()
        supply = fx.facility_layer()
        out = os.path.join(self.tmp, "no_population")
        self.assert_processing_error("equiroute:accessibility", {
            "demand": demand, "population_field": "inhabitants", "supply": supply, "model": ["2sfca"],
            "output": out}, [
            "access", "--demand", self.twin(demand, "demand"), "--population-field", "inhabitants",
            "--supply", self.twin(supply, "supply"), "--model", "2sfca", "--network", "none", "-o", out + "_cli"])

    def test_coordinates_that_do_not_match_the_crs(self):
        # UTM 49N metres in a layer that says WGS 84 degrees.
        origins = fx.memory_layer("seats in metres", "Point", [("id", str)],
                                  [(fx.point(612000.0, 3120000.0), {"id": "a"})], crs="EPSG:4326")
        destinations = fx.facility_layer()
        self.assert_processing_error("equiroute:od_matrix", {
            "origins": origins, "destinations": destinations, "id_field": "id",
            "output": os.path.join(self.tmp, "crs.csv")}, [
            "od", "--network", "none", "--origins", self.twin(origins, "origins"), "--destinations",
            self.twin(destinations, "destinations"), "--id-field", "id", "-o", os.path.join(self.tmp, "crs_cli.csv")])

    def test_empty_layer(self):
        origins = fx.memory_layer("no origins", "Point", [("id", str)], [])
        destinations = fx.facility_layer()
        self.assert_processing_error("equiroute:nearest_facility", {
            "origins": origins, "destinations": destinations, "id_field": "id",
            "output": os.path.join(self.tmp, "empty.csv")}, [
            "nearest", "--network", "none", "--origins", self.twin(origins, "origins"), "--destinations",
            self.twin(destinations, "destinations"), "--id-field", "id", "-o", os.path.join(self.tmp, "empty_cli.csv")])

    def test_isochrones_without_a_network(self):
        origins = fx.facility_layer()
        self.assert_processing_error("equiroute:isochrones", {
            "origins": origins, "minutes": "10", "output": os.path.join(self.tmp, "iso.gpkg")}, [
            "isochrones", "--network", "none", "--origins", self.twin(origins, "origins"), "--minutes", "10",
            "-o", os.path.join(self.tmp, "iso_cli.gpkg")])


class FakeExecutable(unittest.TestCase):
    """The runner's handling of the child process, with a stand-in executable whose timing the
    test controls (a real equiroute run cannot be made reliably slow enough to cancel)."""

    def setUp(self):
        self.tmp = qgis_support.scratch_folder("equiroute-qgis-fake-")
        self.saved = os.environ["EQUIROUTE_EXECUTABLE"]

    def tearDown(self):
        os.environ["EQUIROUTE_EXECUTABLE"] = self.saved

    def fake(self, body):
        path = os.path.join(self.tmp, "equiroute")
        with open(path, "w") as f:
            f.write("#!/bin/sh\n" + body)
        os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
        os.environ["EQUIROUTE_EXECUTABLE"] = path
        return path

    def od_parameters(self):
        return {"origins": fx.demand_layer(), "destinations": fx.facility_layer(),
                "output": os.path.join(self.tmp, "od.csv")}

    def test_cancel_kills_the_child_and_its_children(self):
        pids = os.path.join(self.tmp, "pids")
        self.fake(f'echo $$ > {pids}\nsleep 120 &\necho $! >> {pids}\necho "info: started" >&2\nwait\n')
        feedback = QgsProcessingFeedback()
        threading.Timer(1.5, feedback.cancel).start()
        start = time.monotonic()
        with self.assertRaises(QgsProcessingException) as caught:
            processing.run("equiroute:od_matrix", self.od_parameters(), feedback=feedback)
        self.assertLess(time.monotonic() - start, 15.0)
        self.assertIn("cancelled", str(caught.exception))
        with open(pids) as f:
            children = [int(line) for line in f if line.strip()]
        self.assertEqual(len(children), 2)
        time.sleep(0.2)
        for pid in children:
            self.assertFalse(running(pid), f"process {pid} survived the cancel")

    def test_progress_lines_move_the_bar(self):
        self.fake('echo "progress: 50 half way" >&2\necho "warning: careful" >&2\n'
                  'printf "origin_id,destination_id,travel_s\\n" > "$(eval echo \\${$#})"\n')
        feedback = QgsProcessingFeedback()
        seen = []
        feedback.progressChanged.connect(seen.append)
        processing.run("equiroute:od_matrix", self.od_parameters(), feedback=feedback)
        self.assertIn(50.0, seen)  # 10 % + 80 % × 0.5: the command's share of the bar
        self.assertEqual(seen[-1], 100.0)

    def test_failure_without_an_error_line(self):
        self.fake('echo "something odd" >&2\nexit 1\n')
        with self.assertRaises(QgsProcessingException) as caught:
            processing.run("equiroute:od_matrix", self.od_parameters())
        self.assertIn("exited with code 1", str(caught.exception))
        self.assertIn("something odd", str(caught.exception))

    def test_provider_setting_names_the_executable(self):
        """Without the environment variable, the path set in the provider's settings is used."""
        from processing.core.ProcessingConfig import ProcessingConfig

        marker = os.path.join(self.tmp, "ran")
        self.fake(f'touch {marker}\nprintf "origin_id,destination_id,travel_s\\n" > "$(eval echo \\${{$#}})"\n')
        fake = os.environ.pop("EQUIROUTE_EXECUTABLE")
        try:
            ProcessingConfig.setSettingValue("EQUIROUTE_EXECUTABLE", fake)
            processing.run("equiroute:od_matrix", self.od_parameters())
        finally:
            ProcessingConfig.setSettingValue("EQUIROUTE_EXECUTABLE", "")
        self.assertTrue(os.path.exists(marker))

    def test_missing_executable(self):
        os.environ["EQUIROUTE_EXECUTABLE"] = os.path.join(self.tmp, "not-there")
        with self.assertRaises(QgsProcessingException) as caught:
            processing.run("equiroute:od_matrix", self.od_parameters())
        self.assertIn("does not exist or is not executable", str(caught.exception))


if __name__ == "__main__":
    unittest.main(verbosity=2)
