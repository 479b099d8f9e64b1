"""Where the equiroute executable is: the EQUIROUTE_EXECUTABLE environment variable (tests,
packaged installs), else the provider setting (Processing ▸ Options ▸ Providers ▸ equiroute),
else `equiroute` on PATH."""

import os
import shutil

from qgis.core import QgsProcessingException

PROVIDER_ID = "equiroute"
SETTING_EXECUTABLE = "EQUIROUTE_EXECUTABLE"
ENVIRONMENT_VARIABLE = "EQUIROUTE_EXECUTABLE"


def _configured_path():
    """The provider setting, when the Processing framework (and so its settings) is loaded."""
    try:
        from processing.core.ProcessingConfig import ProcessingConfig
    except ImportError:
        return ""
    value = ProcessingConfig.getSetting(SETTING_EXECUTABLE)
    return str(value).strip() if value else ""


def executable_path():
    """Absolute path of the equiroute executable; QgsProcessingException naming the three
    places looked at when none holds an executable file."""
    for origin, candidate in (
        ("environment variable " + ENVIRONMENT_VARIABLE, os.environ.get(ENVIRONMENT_VARIABLE, "")),
        ("provider setting", _configured_path()),
    ):
        if not candidate:
            continue
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return os.path.abspath(candidate)
        raise QgsProcessingException(
            f"equiroute executable '{candidate}' (from the {origin}) does not exist or is not executable"
        )
    found = shutil.which("equiroute")
    if found:
        return found
    raise QgsProcessingException(
        "equiroute executable not found: set it in Processing ▸ Options ▸ Providers ▸ equiroute, "
        f"set {ENVIRONMENT_VARIABLE}, or put equiroute on PATH"
    )
