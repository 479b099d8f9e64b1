"""Declarative bindings between Processing parameters and equiroute's command-line options.

Each binding creates its Processing parameter definition(s) and turns the value the user gave
into command-line arguments. Parameter names are the CLI option names with `-` → `_`
(`--population-field` → `population_field`), defaults are the CLI's, so that a Processing
call reads like the equivalent command line."""

import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination,
)


def number_text(value):
    """Shortest text that reads back as the same number (30.0 → "30", 1.3 → "1.3")."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def parse_number_list(text, name):
    """"10, 20,30" or "10 20 30" → [10.0, 20.0, 30.0]; QgsProcessingException on anything else."""
    parts = [p for p in str(text).replace(",", " ").split() if p]
    try:
        return [float(p) for p in parts]
    except ValueError:
        raise QgsProcessingException(f"{name}: '{text}' is not a list of numbers") from None


class Arg:
    """A Processing parameter bound to an equiroute option."""

    def __init__(self, name, description, flag=None, optional=False, advanced=False, help_text=None):
        self.name = name
        self.description = description
        self.flag = flag
        self.optional = optional
        self.advanced = advanced
        self.help_text = help_text

    def definitions(self):
        definition = self.definition()
        if self.advanced:
            definition.setFlags(definition.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        if self.help_text:
            definition.setHelp(self.help_text)
        return [definition]

    def definition(self):
        raise NotImplementedError

    def cli(self, run):
        """Command-line arguments for the value in `run` (a RunContext)."""
        raise NotImplementedError


class LayerArg(Arg):
    """An input layer of any provider, written to a temporary GeoPackage for equiroute."""

    def __init__(self, name, description, flag, types=(QgsProcessing.TypeVectorAnyGeometry,), **kw):
        super().__init__(name, description, flag, **kw)
        self.types = list(types)

    def definition(self):
        return QgsProcessingParameterFeatureSource(self.name, self.description, self.types,
                                                   optional=self.optional)

    def cli(self, run):
        path = run.export_layer(self.name)
        return [self.flag, path] if path else []


class FileArg(Arg):
    def __init__(self, name, description, flag, extension="", **kw):
        super().__init__(name, description, flag, **kw)
        self.extension = extension

    def definition(self):
        return QgsProcessingParameterFile(self.name, self.description, extension=self.extension,
                                          optional=self.optional)

    def cli(self, run):
        path = run.algorithm.parameterAsFile(run.parameters, self.name, run.context)
        return [self.flag, path] if path else []


class FieldArg(Arg):
    """A field of an input layer; with `multiple`, the option is repeated per field."""

    def __init__(self, name, description, flag, parent, multiple=False, numeric=False, default=None, **kw):
        super().__init__(name, description, flag, **kw)
        self.parent = parent
        self.multiple = multiple
        self.numeric = numeric
        self.default = default

    def definition(self):
        kind = QgsProcessingParameterField.Numeric if self.numeric else QgsProcessingParameterField.Any
        return QgsProcessingParameterField(self.name, self.description, self.default, self.parent, kind,
                                           self.multiple, self.optional)

    def cli(self, run):
        fields = run.algorithm.parameterAsFields(run.parameters, self.name, run.context)
        out = []
        for field in fields:
            out += [self.flag, field]
        return out


class StringArg(Arg):
    """Text; with `split`, words separated by spaces each get the option (`--speed a=1 --speed b=2`)."""

    def __init__(self, name, description, flag, default="", split=False, **kw):
        super().__init__(name, description, flag, **kw)
        self.default = default
        self.split = split

    def definition(self):
        return QgsProcessingParameterString(self.name, self.description, self.default,
                                            optional=self.optional)

    def cli(self, run):
        value = run.algorithm.parameterAsString(run.parameters, self.name, run.context)
        words = value.split() if self.split else ([value] if value else [])
        out = []
        for word in words:
            out += [self.flag, word]
        return out


class FlagArg(Arg):
    """A switch: the option is given when the box is ticked."""

    def __init__(self, name, description, flag, **kw):
        kw.setdefault("advanced", True)
        super().__init__(name, description, flag, **kw)

    def definition(self):
        return QgsProcessingParameterBoolean(self.name, self.description, False, optional=True)

    def cli(self, run):
        return [self.flag] if run.algorithm.parameterAsBool(run.parameters, self.name, run.context) else []


class NumberArg(Arg):
    def __init__(self, name, description, flag, default, integer=False, minimum=None, **kw):
        super().__init__(name, description, flag, **kw)
        self.default = default
        self.integer = integer
        self.minimum = minimum

    def definition(self):
        kind = QgsProcessingParameterNumber.Integer if self.integer else QgsProcessingParameterNumber.Double
        definition = QgsProcessingParameterNumber(self.name, self.description, kind, self.default,
                                                  self.optional)
        if self.minimum is not None:
            definition.setMinimum(self.minimum)
        return definition

    def value(self, run):
        if self.integer:
            return run.algorithm.parameterAsInt(run.parameters, self.name, run.context)
        return run.algorithm.parameterAsDouble(run.parameters, self.name, run.context)

    def cli(self, run):
        if self.optional and run.parameters.get(self.name) in (None, ""):
            return []
        return [self.flag, number_text(self.value(run))]


class EnumArg(Arg):
    """Choices as text (static strings: qgis_process takes `model=2sfca`, not an index)."""

    def __init__(self, name, description, flag, options, default=None, multiple=False, **kw):
        super().__init__(name, description, flag, **kw)
        self.options = list(options)
        self.default = default
        self.multiple = multiple

    def definition(self):
        definition = QgsProcessingParameterEnum(self.name, self.description, self.options,
                                                self.multiple, self.default, self.optional)
        definition.setUsesStaticStrings(True)
        return definition

    def values(self, run):
        if self.multiple:
            return run.algorithm.parameterAsEnumStrings(run.parameters, self.name, run.context)
        value = run.algorithm.parameterAsEnumString(run.parameters, self.name, run.context)
        return [value] if value else []

    def cli(self, run):
        out = []
        for value in self.values(run):
            out += [self.flag, value]
        return out


class NumberListArg(Arg):
    """A list of numbers typed as "30, 60, 90"; `repeat` passes `--flag 30 --flag 60 …`,
    otherwise one comma-separated value."""

    def __init__(self, name, description, flag, default, repeat=True, **kw):
        super().__init__(name, description, flag, **kw)
        self.default = ", ".join(number_text(v) for v in default)
        self.repeat = repeat

    def definition(self):
        return QgsProcessingParameterString(self.name, self.description, self.default,
                                            optional=self.optional)

    def values(self, run):
        return parse_number_list(run.algorithm.parameterAsString(run.parameters, self.name, run.context),
                                 self.name)

    def cli(self, run):
        values = self.values(run)
        if not values:
            return []
        if not self.repeat:
            return [self.flag, ",".join(number_text(v) for v in values)]
        out = []
        for v in values:
            out += [self.flag, number_text(v)]
        return out


class NetworkArg(Arg):
    """The road network: a line layer of the project (exported), or a file equiroute reads
    directly (OpenStreetMap .pbf/.osm, whose tags a GeoPackage copy would lose). Neither gives
    `--network none` (straight-line estimates) where the command allows it."""

    def __init__(self, flag="--network", allow_none=True, unless=None):
        super().__init__("network", "Road network (line layer)", flag, optional=True)
        self.allow_none = allow_none
        self.unless = unless  # a parameter that replaces the network (e.g. a cost matrix)

    def definitions(self):
        layer = QgsProcessingParameterFeatureSource(
            "network", "Road network: line layer", [QgsProcessing.TypeVectorLine], optional=True)
        file = QgsProcessingParameterFile(
            "network_file", "Road network: OpenStreetMap file (.pbf, .osm, .osm.gz, .osm.bz2) or line file",
            optional=True)
        hint = ("Without a network, travel times are straight-line estimates "
                "(geodesic distance × circuity ÷ speed)." if self.allow_none else "")
        for d in (layer, file):
            d.setHelp(hint)
        return [layer, file]

    def cli(self, run):
        path = run.export_layer("network")
        if not path:
            path = run.algorithm.parameterAsFile(run.parameters, "network_file", run.context)
        if path:
            return [self.flag, path]
        if self.unless and run.parameters.get(self.unless):
            return []
        # Commands that need a network say so themselves, with their own hint.
        return [self.flag, "none"]


class ModelParamArg(Arg):
    """One parameter of one accessibility model, passed as `--param MODEL.KEY=VALUE` when the
    model is among the selected ones (the `model` enum)."""

    def __init__(self, model, key, description, default, choices=None, models_arg="model", **kw):
        name = f"{model}_{key}"
        super().__init__(name, f"{model}: {description}", "--param", advanced=True, **kw)
        self.model = model
        self.key = key
        self.default = default
        self.choices = choices
        self.models_arg = models_arg
        if choices:
            self.inner = EnumArg(name, self.description, None, choices, default)
        elif isinstance(default, (list, tuple)):
            self.inner = NumberListArg(name, self.description, None, default, repeat=False)
        else:
            self.inner = NumberArg(name, self.description, None, default)

    def definition(self):
        return self.inner.definition()

    def cli(self, run):
        selected = run.algorithm.parameterAsEnumStrings(run.parameters, self.models_arg, run.context)
        if self.model not in selected:
            return []
        if self.choices:
            value = self.inner.values(run)[0]
        elif isinstance(self.default, (list, tuple)):
            value = ",".join(number_text(v) for v in self.inner.values(run))
        else:
            value = number_text(self.inner.value(run))
        return ["--param", f"{self.model}.{self.key}={value}"]


class OutputFolderArg(Arg):
    def __init__(self, name="output", description="Output folder", flag="-o", **kw):
        super().__init__(name, description, flag, **kw)

    def definition(self):
        return QgsProcessingParameterFolderDestination(self.name, self.description)

    def cli(self, run):
        folder = run.output_path(self.name)
        os.makedirs(folder, exist_ok=True)
        return [self.flag, folder]


class OutputFileArg(Arg):
    def __init__(self, name, description, flag="-o", file_filter="CSV files (*.csv)", **kw):
        super().__init__(name, description, flag, **kw)
        self.file_filter = file_filter

    def definition(self):
        return QgsProcessingParameterFileDestination(self.name, self.description, self.file_filter)

    def cli(self, run):
        return [self.flag, run.output_path(self.name)]


class OutputLayerArg(Arg):
    """A vector layer equiroute writes itself: GeoPackage, GeoJSON or Shapefile files only."""

    def __init__(self, name, description, flag="-o", layer_type=QgsProcessing.TypeVectorAnyGeometry, **kw):
        super().__init__(name, description, flag, **kw)
        self.layer_type = layer_type

    def definition(self):
        return QgsProcessingParameterVectorDestination(self.name, self.description, self.layer_type)

    def cli(self, run):
        path = run.output_path(self.name)
        if os.path.splitext(path)[1].lower() not in (".gpkg", ".geojson", ".json", ".shp"):
            raise QgsProcessingException(
                f"{self.name}: equiroute writes .gpkg, .geojson or .shp files, not '{path}'")
        return [self.flag, path]
