#include "equiroute/batch/batch_manifest.hpp"

#include <fmt/core.h>

#include <fstream>
#include <set>
#include <sstream>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/text_encoding.hpp"
#include "equiroute/scenario/toml_reader.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

namespace {

/// Directory names the batch itself uses inside its output directory.
const std::set<std::string> kReservedNames{"scenarios", "logs", "results", "slurm",
                                           "network-cache"};

bool valid_run_name(const std::string& name) {
  if (name.empty() || name.front() == '.' || kReservedNames.count(name)) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

namespace {

/// One [[runs]] table: a scenario file, or a template with its placeholder values.
BatchRun parse_run(StrictTable t, const fs::path& base,
                   const std::optional<std::string>& template_default,
                   const std::map<std::string, std::string>& default_vars, StrictTable& root) {
  BatchRun run;
  run.line = t.line();
  run.name = t.string("name").value_or("");
  if (!t.has("name")) t.missing("name");
  if (!valid_run_name(run.name))
    t.fail(t.line("name"), fmt::format("run name '{}' is not usable as a directory name", run.name),
           "use letters, digits, '-', '_' and '.', not starting with '.'; 'scenarios', 'logs' and "
           "'results' are reserved");
  run.label = t.string("label").value_or("");
  const auto scenario = t.string("scenario");
  const auto own_template = t.string("template");
  const auto own_vars = t.string_table("vars");
  if (scenario && own_template)
    t.fail(t.line(), fmt::format("run '{}' has both 'scenario' and 'template'", run.name));
  if (scenario && own_vars)
    t.fail(t.line("vars"), fmt::format("run '{}': 'vars' only applies to template runs", run.name));
  t.finish();
  if (scenario) {
    run.scenario = resolve_path(base, *scenario);
    std::error_code ec;  // e.g. a name too long for the system: "not found" all the same
    if (!fs::is_regular_file(run.scenario, ec))
      t.fail(t.line("scenario"), fmt::format("run '{}': scenario file '{}' not found", run.name,
                                             run.scenario.string()));
    return run;
  }
  const std::string chosen = own_template.value_or(template_default.value_or(""));
  if (chosen.empty())
    t.fail(t.line(), fmt::format("run '{}' needs 'scenario' or 'template' (or a top-level "
                                 "'template')",
                                 run.name));
  run.template_path = resolve_path(base, chosen);
  std::error_code ec;
  if (!fs::is_regular_file(run.template_path, ec)) {
    const int line = own_template ? t.line("template") : root.line("template");
    t.fail(line, fmt::format("run '{}': template file '{}' not found", run.name,
                             run.template_path.string()));
  }
  run.vars = default_vars;
  for (const auto& [key, value] : own_vars.value_or(decltype(own_vars)::value_type{}))
    run.vars[key] = value;
  run.vars["template_dir"] = run.template_path.parent_path().string();
  run.vars["manifest_dir"] = base.string();
  run.vars["name"] = run.name;
  return run;
}

}  // namespace

BatchManifest parse_batch_manifest(const std::string& text, const fs::path& base_dir,
                                   const std::string& display_name) {
  const toml::table root = parse_toml(text, display_name);
  const fs::path base = fs::absolute(base_dir);
  StrictTable t(root, "", display_name);
  BatchManifest manifest;
  manifest.file = display_name;
  manifest.title = t.string("title").value_or("");
  const auto template_default = t.string("template");
  std::map<std::string, std::string> default_vars;
  if (auto vars = t.string_table("vars")) default_vars.insert(vars->begin(), vars->end());
  const toml::node* runs_node = t.raw("runs");
  if (!runs_node) t.fail(1, "no runs: add at least one [[runs]] table");
  const toml::array* runs = runs_node->as_array();
  if (!runs || !runs->is_array_of_tables())
    t.fail(t.line("runs"), "key 'runs' must be an array of tables ([[runs]])");
  if (runs->empty()) t.fail(t.line("runs"), "no runs: 'runs' is empty");
  std::set<std::string> names;
  for (const auto& element : *runs) {
    const StrictTable table(*element.as_table(), "runs", display_name);
    const int name_line = table.line("name");
    BatchRun run = parse_run(table, base, template_default, default_vars, t);
    if (!names.insert(run.name).second)
      t.fail(name_line, fmt::format("duplicate run name '{}'", run.name));
    manifest.runs.push_back(std::move(run));
  }
  t.finish();
  return manifest;
}

BatchManifest load_batch_manifest(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec))
    throw Error("batch manifest not found", {.file = file.string()});
  BatchManifest manifest =
      parse_batch_manifest(read_text_file(file), fs::absolute(file).parent_path(), file.string());
  manifest.file = file;
  return manifest;
}

std::string substitute_placeholders(const std::string& text,
                                    const std::map<std::string, std::string>& vars,
                                    const std::string& display_name) {
  std::string out;
  out.reserve(text.size());
  int line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') ++line;
    if (c != '$' || i + 1 >= text.size()) {
      out += c;
      continue;
    }
    if (text[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    if (text[i + 1] != '{') {
      out += c;
      continue;
    }
    const std::size_t close = text.find('}', i + 2);
    const std::size_t newline = text.find('\n', i + 2);
    if (close == std::string::npos || (newline != std::string::npos && newline < close)) {
      throw Error(fmt::format("line {}: '${{' without a closing '}}'", line),
                  {.file = display_name});
    }
    const std::string name = text.substr(i + 2, close - i - 2);
    if (name.empty())
      throw Error(fmt::format("line {}: empty placeholder '${{}}'", line), {.file = display_name});
    auto found = vars.find(name);
    if (found == vars.end()) {
      std::string known;
      for (const auto& [key, value] : vars) known += (known.empty() ? "" : ", ") + key;
      throw Error(fmt::format("line {}: unknown placeholder '${{{}}}'", line,
                              geodata::printable_utf8(name)),
                  {.file = display_name}, ErrorKind::BadInput, "values given: " + known);
    }
    out += found->second;
    i = close;
  }
  return out;
}

std::string render_template_run(const BatchRun& run) {
  const std::string text = read_text_file(run.template_path);
  std::string header = fmt::format("# Generated by `equiroute batch` for run '{}' from {}\n",
                                   run.name, run.template_path.string());
  for (const auto& [key, value] : run.vars) {
    if (key == "template_dir" || key == "manifest_dir" || key == "name") continue;
    std::string one_line = value;
    for (char& c : one_line) c = (c == '\n' || c == '\r') ? ' ' : c;
    header += fmt::format("#   {} = {}\n", key, one_line);
  }
  // `run` reports line numbers of this generated file (header included), the file it reads;
  // placeholder errors above name the template's own lines.
  return header + substitute_placeholders(text, run.vars, run.template_path.string());
}

}  // namespace equiroute::io
