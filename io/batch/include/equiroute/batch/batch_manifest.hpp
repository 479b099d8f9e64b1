#pragma once
// The batch manifest (TOML): a list of named runs, each a scenario file or a template
// scenario with `${var}` placeholders filled per run. Parsed strictly (unknown keys and
// wrong types are errors naming the key and its line). Format: docs/batch.md.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace equiroute::io {

/// One run of a batch.
struct BatchRun {
  std::string name;  ///< unique; the run's results go to <batch dir>/<name>/
  /// How the run is named on the summary maps (any language, e.g. "湖南"); empty: `name`.
  std::string label;
  /// Exactly one of `scenario` and `template_path` is set (absolute after parsing).
  std::filesystem::path scenario;
  std::filesystem::path template_path;
  /// Placeholder values for the template: the manifest's [vars] overridden by [runs.vars],
  /// plus the built-ins `template_dir`, `manifest_dir` and `name`.
  std::map<std::string, std::string> vars;
  int line = 0;  ///< line of the run's [[runs]] table, for error messages
};

struct BatchManifest {
  std::filesystem::path file;
  /// Title of the summary maps (top-level `title`); empty: derived from the file name.
  std::string title;
  std::vector<BatchRun> runs;
};

/// Parses and validates a batch manifest file. Throws equiroute::Error naming the file, the
/// key and its line for syntax errors, unknown keys, wrong types, duplicate or unusable run
/// names, runs with both or neither of scenario/template, and missing files.
BatchManifest load_batch_manifest(const std::filesystem::path& file);

/// Same from text; relative paths are resolved against `base_dir`.
BatchManifest parse_batch_manifest(const std::string& text, const std::filesystem::path& base_dir,
                                   const std::string& display_name);

/// Replaces every `${name}` in `text` by vars.at(name). `$$` stands for a literal `$`.
/// Throws equiroute::Error (file = `display_name`) naming the line and the placeholder when a
/// placeholder has no value or is malformed (`${` without `}` or an empty name).
std::string substitute_placeholders(const std::string& text,
                                    const std::map<std::string, std::string>& vars,
                                    const std::string& display_name);

/// The scenario text of a template run (the template with its placeholders substituted,
/// preceded by a comment naming the template and the values). Throws equiroute::Error when
/// the template cannot be read or a placeholder is unknown. Precondition: a template run.
std::string render_template_run(const BatchRun& run);

}  // namespace equiroute::io
