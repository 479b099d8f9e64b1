"""The plugin installed the way a user installs it — the folder copied into a QGIS profile's
python/plugins — enabled and run by `qgis_process` (the 3.22 binary `qgis_process.bin`: the
Debian 12 wrapper passes --noversioncheck, which 3.22 rejects), with equiroute found through
EQUIROUTE_EXECUTABLE. The OD matrix it writes equals the CLI's."""

import os
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import qgis_support  # noqa: E402

qgis_support.start_qgis()
qgis_support.equiroute_executable()
QGIS_PROCESS = shutil.which("qgis_process.bin") or shutil.which("qgis_process.bin", path="/usr/bin")
if not QGIS_PROCESS:
    qgis_support.unavailable("qgis_process.bin (Debian's qgis package)")

import fixtures as fx  # noqa: E402


class QgisProcess(unittest.TestCase):
    def test_copied_plugin_runs_od_matrix(self):
        tmp = qgis_support.scratch_folder("equiroute-qgis-process-")
        plugins = os.path.join(tmp, "config", "profiles", "default", "python", "plugins")
        os.makedirs(plugins)
        shutil.copytree(os.path.join(qgis_support.SOURCE_DIR, "qgis", "equiroute_provider"),
                        os.path.join(plugins, "equiroute_provider"))
        env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=os.path.join(tmp, "config"), QT_QPA_PLATFORM="offscreen")

        def qgis_process(*args):
            result = subprocess.run([QGIS_PROCESS, *args], env=env, capture_output=True, text=True, timeout=900)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            return result.stdout

        qgis_process("plugins", "enable", "equiroute_provider")
        self.assertIn("equiroute:od_matrix", qgis_process("list"))
        demand = fx.write_geojson(fx.demand_layer(), os.path.join(tmp, "demand.geojson"))
        facilities = fx.write_geojson(fx.facility_layer(), os.path.join(tmp, "facilities.geojson"))
        roads = fx.write_geojson(fx.road_layer(), os.path.join(tmp, "roads.geojson"))
        out = os.path.join(tmp, "od.csv")
        qgis_process("run", "equiroute:od_matrix", "--", f"origins={demand}", f"destinations={facilities}",
                     "id_field=id", f"network={roads}", f"output={out}")
        fx.run_cli("od", "--network", roads, "--origins", demand, "--destinations", facilities, "--id-field", "id",
                   "-o", os.path.join(tmp, "od_cli.csv"))
        self.assertEqual(fx.read_csv(out), fx.read_csv(os.path.join(tmp, "od_cli.csv")))
        self.assertEqual(len(fx.read_csv(out)), len(fx.DEMAND) * len(fx.FACILITIES))

        # A bad input: equiroute's message on qgis_process's error output, exit code not 0.
        bad = subprocess.run([QGIS_PROCESS, "run", "equiroute:od_matrix", "--", f"origins={demand}",
                              f"destinations={facilities}", "id_field=no_such_field", f"output={out}"],
                             env=env, capture_output=True, text=True, timeout=900)
        self.assertNotEqual(bad.returncode, 0)
        self.assertIn("field 'no_such_field': no such field", bad.stdout + bad.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
