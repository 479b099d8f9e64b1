"""The shared machinery of every equiroute algorithm: an algorithm declares its arguments
(args.py) and results (results.py); the base exports the input layers, runs the executable
through the runner and loads the results. A new command is one small subclass."""

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterVectorDestination,
    QgsVectorLayer,
)

from ..runner import EquirouteRunner
from ..staging import Staging


class RunContext:
    """Everything one execution needs: the parameter values, the Processing context and
    feedback, the staging folder of exported inputs and the resolved output paths."""

    def __init__(self, algorithm, parameters, context, feedback, staging):
        self.algorithm = algorithm
        self.parameters = parameters
        self.context = context
        self.feedback = feedback
        self.staging = staging
        self._outputs = {}

    def export_layer(self, name):
        """The input layer `name` written to a GeoPackage; None when the optional input is empty."""
        if self.parameters.get(name) in (None, ""):
            return None
        source = self.algorithm.parameterAsSource(self.parameters, name, self.context)
        if source is None:
            raise QgsProcessingException(self.algorithm.invalidSourceError(self.parameters, name))
        layer = self.algorithm.parameterAsVectorLayer(self.parameters, name, self.context)
        display = layer.name() if isinstance(layer, QgsVectorLayer) else source.sourceName()
        self.feedback.pushInfo(f"writing the layer '{display}' ({source.featureCount()} features) for equiroute")
        return self.staging.export(source, name, self.context, self.feedback, display)

    def resolved_outputs(self):
        """{destination parameter: path} of the outputs resolved so far."""
        return dict(self._outputs)

    def output_path(self, name):
        if name not in self._outputs:
            definition = self.algorithm.parameterDefinition(name)
            if isinstance(definition, QgsProcessingParameterVectorDestination):
                path = self.algorithm.parameterAsOutputLayer(self.parameters, name, self.context)
            elif isinstance(definition, (QgsProcessingParameterFileDestination,
                                         QgsProcessingParameterFolderDestination)):
                path = self.algorithm.parameterAsFileOutput(self.parameters, name, self.context)
            else:
                path = self.algorithm.parameterAsString(self.parameters, name, self.context)
            self._outputs[name] = path
        return self._outputs[name]


class EquirouteAlgorithm(QgsProcessingAlgorithm):
    """Subclasses set `command`, `algorithm_name`, `display`, `group_id`, `group_name`,
    `help` and implement `arguments()` and `results()`."""

    command = ""
    algorithm_name = ""
    display = ""
    group_id = "equiroute"
    group_name = "equiroute"
    help = ""

    def __init__(self):
        super().__init__()
        self._arguments = None

    # --- what the algorithm is
    def arguments(self):
        raise NotImplementedError

    def results(self):
        return []

    def after_run(self, run):
        """Called after equiroute succeeded, while the staged inputs still exist; override to
        derive outputs from them (before the results are loaded)."""

    def command_line(self, run):
        """`[command, options…]`; override to add cross-parameter logic."""
        line = self.command.split()
        for argument in self._arguments:
            line += argument.cli(run)
        return line

    # --- QgsProcessingAlgorithm
    def createInstance(self):  # noqa: N802 (QGIS API)
        return type(self)()

    def name(self):
        return self.algorithm_name

    def displayName(self):  # noqa: N802 (QGIS API)
        return self.display

    def group(self):
        return self.group_name

    def groupId(self):  # noqa: N802 (QGIS API)
        return self.group_id

    def shortHelpString(self):  # noqa: N802 (QGIS API)
        return self.help

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self._arguments = self.arguments()
        for argument in self._arguments:
            for definition in argument.definitions():
                self.addParameter(definition)
        for result in self.results():
            self.addOutput(result.output_definition())

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        with Staging() as staging:
            run = RunContext(self, parameters, context, feedback, staging)
            feedback.setProgressText("Writing the inputs for equiroute")
            line = self.command_line(run)
            if feedback.isCanceled():
                return {}
            feedback.setProgress(10)
            feedback.setProgressText(f"Running equiroute {self.command}")
            EquirouteRunner(feedback, (10.0, 90.0), staging.exported).run(line)
            self.after_run(run)
        feedback.setProgressText("Loading the results")
        results = run.resolved_outputs()
        for result in self.results():
            result.collect(run, results)
        feedback.setProgress(100)
        return results
