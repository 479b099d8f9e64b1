"""The algorithms of the provider. A new equiroute command is one EquirouteAlgorithm subclass
(arguments() and results()) added to this list."""

from .access import AccessibilityAlgorithm
from .equity import EquityAlgorithm
from .isochrones import IsochronesAlgorithm
from .nearest import NearestFacilityAlgorithm
from .od_matrix import OdMatrixAlgorithm
from .plan import PlanSitesAlgorithm
from .run_scenario import RunScenarioAlgorithm

ALGORITHMS = [
    RunScenarioAlgorithm,
    OdMatrixAlgorithm,
    NearestFacilityAlgorithm,
    IsochronesAlgorithm,
    AccessibilityAlgorithm,
    EquityAlgorithm,
    PlanSitesAlgorithm,
]
