"""Starts a headless QGIS with the Processing framework and the equiroute provider for the
tests of tests/qgis/. A QGIS that cannot start skips the test (exit 77, shown as skipped by
ctest) except under CI=true, where it fails: CI installs QGIS (scripts/setup-deps --qgis)."""

import atexit
import os
import shutil
import sys
import tempfile

SKIP = 77
SOURCE_DIR = os.environ.get("EQUIROUTE_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
DATA_DIR = os.environ.get("EQUIROUTE_DATA_DIR", os.path.join(SOURCE_DIR, "data"))
SHARED_DATA = os.environ.get("EQUIROUTE_SHARED_DATA") or os.environ.get(
    "EQUIROUTE_SHARED_DATA_DEFAULT", os.path.join(SOURCE_DIR, "..", "shared", "data"))


def skip(what):
    """Data a test needs is absent: skipped visibly (exit 77), as every data-dependent test of
    the project does, CI or not (CI has the data)."""
    print(f"SKIPPED: {what}", file=sys.stderr)
    sys.exit(SKIP)


def unavailable(what):
    """QGIS (or a tool of it) cannot start: skipped (exit 77), but under CI=true a failure —
    a missing prerequisite is never a pass there."""
    if os.environ.get("CI", "").lower() == "true":
        print(f"FAILED: {what} (CI=true: the test needs it)", file=sys.stderr)
        sys.exit(1)
    print(f"SKIPPED: {what}", file=sys.stderr)
    sys.exit(SKIP)


_app = None


def start_qgis():
    """QgsApplication without GUI, Processing initialised, equiroute provider registered.
    Returns the provider."""
    global _app
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from qgis.core import QgsApplication
    except ImportError as error:
        unavailable(f"PyQGIS cannot be imported by {sys.executable}: {error}")
    if _app is None:
        QgsApplication.setPrefixPath("/usr", True)
        # A profile of its own: no user settings leak in, parallel tests do not share one.
        profile = tempfile.mkdtemp(prefix="equiroute-qgis-profile-")
        atexit.register(shutil.rmtree, profile, True)
        _app = QgsApplication([], False, profile)
        _app.initQgis()
        sys.path.insert(0, "/usr/share/qgis/python/plugins")
        try:
            from processing.core.Processing import Processing
        except ImportError as error:
            unavailable(f"the QGIS Processing plugin cannot be imported: {error}")
        Processing.initialize()
        from qgis.core import QgsProcessingUtils

        atexit.register(shutil.rmtree, QgsProcessingUtils.tempFolder(), True)
        sys.path.insert(0, os.path.join(SOURCE_DIR, "qgis"))
        from equiroute_provider.plugin import EquiroutePlugin

        plugin = EquiroutePlugin()
        plugin.initProcessing()
        _app.equiroute_plugin = plugin
    if "equiroute" not in [p.id() for p in QgsApplication.processingRegistry().providers()]:
        print("FAILED: the equiroute provider did not register", file=sys.stderr)
        sys.exit(1)
    return _app.equiroute_plugin.provider


def equiroute_executable():
    path = os.environ.get("EQUIROUTE_EXECUTABLE", "")
    if not (path and os.access(path, os.X_OK)):
        print("FAILED: EQUIROUTE_EXECUTABLE must name the built equiroute", file=sys.stderr)
        sys.exit(1)
    return path


def hunan_dir():
    path = os.path.join(DATA_DIR, "hunan-2018")
    if not os.path.exists(os.path.join(path, ".complete")):
        skip(f"the embedded data set {path} (./scripts/fetch-data builds it)")
    return path


def scratch_folder(prefix):
    """A temporary folder removed at exit (kept when EQUIROUTE_KEEP_TEST_OUTPUT is set)."""
    folder = tempfile.mkdtemp(prefix=prefix)
    if not os.environ.get("EQUIROUTE_KEEP_TEST_OUTPUT"):
        atexit.register(shutil.rmtree, folder, True)
    return folder
