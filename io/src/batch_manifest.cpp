#include "equiroute/io/batch_manifest.hpp"

#include <fmt/core.h>
#include <toml++/toml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "equiroute/core/error.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

namespace {

/// Directory names the batch itself uses inside its output directory.
const std::set<std::string> kReservedNames{"scenarios", "logs"};

int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

[[noreturn]] void fail_at(const std::string& file, int line, const std::string& message,
                          const std::string& hint = {}) {
  throw Error(fmt::format("line {}: {}", line, message), {.file = file}, ErrorKind::BadInput, hint);
}

/// Checks that a table holds only the allowed keys.
void check_keys(const toml::table& table, const std::string& prefix,
                const std::vector<std::string>& allowed, const std::string& file) {
  for (const auto& [key, node] : table) {
    std::string name(key.str());
    bool known = false;
    for (const auto& a : allowed) known = known || a == name;
    if (known) continue;
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    fail_at(file, line_of(node),
            fmt::format("unknown key '{}'", prefix.empty() ? name : prefix + "." + name),
            "keys allowed here: " + list);
  }
}

std::optional<std::string> get_string(const toml::table& table, const std::string& key,
                                      const std::string& qualified, const std::string& file) {
  const toml::node* node = table.get(key);
  if (!node) return std::nullopt;
  auto value = node->value_exact<std::string>();
  if (!value) fail_at(file, line_of(*node), fmt::format("key '{}' must be a string", qualified));
  return *value;
}

/// A [vars] table: every value must be a string (they are pasted into TOML text).
std::map<std::string, std::string> get_vars(const toml::table& parent, const std::string& key,
                                            const std::string& qualified, const std::string& file) {
  std::map<std::string, std::string> out;
  const toml::node* node = parent.get(key);
  if (!node) return out;
  const toml::table* table = node->as_table();
  if (!table) fail_at(file, line_of(*node), fmt::format("key '{}' must be a table", qualified));
  for (const auto& [name, value] : *table) {
    auto text = value.value_exact<std::string>();
    if (!text) {
      fail_at(file, line_of(value),
              fmt::format("key '{}.{}' must be a string", qualified, std::string(name.str())));
    }
    out[std::string(name.str())] = *text;
  }
  return out;
}

bool valid_run_name(const std::string& name) {
  if (name.empty() || name.front() == '.' || kReservedNames.count(name)) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

fs::path resolve(const fs::path& base_dir, const std::string& path) {
  fs::path p(path);
  return (p.is_absolute() ? p : base_dir / p).lexically_normal();
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read the file", {.file = path.string()});
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

BatchManifest parse_batch_manifest(const std::string& text, const fs::path& base_dir,
                                   const std::string& display_name) {
  toml::table root;
  try {
    root = toml::parse(text, display_name);
  } catch (const toml::parse_error& e) {
    throw Error(fmt::format("line {}: {}", e.source().begin.line, e.description()),
                {.file = display_name});
  }
  const fs::path base = fs::absolute(base_dir);
  check_keys(root, "", {"title", "template", "vars", "runs"}, display_name);
  const std::optional<std::string> title = get_string(root, "title", "title", display_name);
  std::optional<std::string> default_template =
      get_string(root, "template", "template", display_name);
  const auto default_vars = get_vars(root, "vars", "vars", display_name);

  BatchManifest manifest;
  manifest.file = display_name;
  manifest.title = title.value_or("");
  const toml::node* runs_node = root.get("runs");
  if (!runs_node) {
    throw Error("line 1: no runs: add at least one [[runs]] table", {.file = display_name});
  }
  const toml::array* runs = runs_node->as_array();
  if (!runs || !runs->is_array_of_tables()) {
    fail_at(display_name, line_of(*runs_node), "key 'runs' must be an array of tables ([[runs]])");
  }
  if (runs->empty()) fail_at(display_name, line_of(*runs_node), "no runs: 'runs' is empty");

  std::set<std::string> names;
  for (const auto& element : *runs) {
    const toml::table& table = *element.as_table();
    const int line = line_of(table);
    check_keys(table, "runs", {"name", "label", "scenario", "template", "vars"}, display_name);
    BatchRun run;
    run.line = line;
    auto name = get_string(table, "name", "runs.name", display_name);
    if (!name) fail_at(display_name, line, "required key 'runs.name' is missing");
    if (!valid_run_name(*name)) {
      fail_at(display_name, line_of(*table.get("name")),
              fmt::format("run name '{}' is not usable as a directory name", *name),
              "use letters, digits, '-', '_' and '.', not starting with '.'; 'scenarios' and "
              "'logs' are reserved");
    }
    if (!names.insert(*name).second) {
      fail_at(display_name, line_of(*table.get("name")),
              fmt::format("duplicate run name '{}'", *name));
    }
    run.name = *name;
    run.label = get_string(table, "label", "runs.label", display_name).value_or("");

    auto scenario = get_string(table, "scenario", "runs.scenario", display_name);
    auto own_template = get_string(table, "template", "runs.template", display_name);
    auto own_vars = get_vars(table, "vars", "runs.vars", display_name);
    if (scenario && own_template) {
      fail_at(display_name, line,
              fmt::format("run '{}' has both 'scenario' and 'template'", run.name));
    }
    if (scenario && table.get("vars")) {
      fail_at(display_name, line_of(*table.get("vars")),
              fmt::format("run '{}': 'vars' only applies to template runs", run.name));
    }
    if (scenario) {
      run.scenario = resolve(base, *scenario);
      if (!fs::is_regular_file(run.scenario)) {
        fail_at(
            display_name, line_of(*table.get("scenario")),
            fmt::format("run '{}': scenario file '{}' not found", run.name, run.scenario.string()));
      }
    } else {
      const std::string& chosen = own_template ? *own_template : default_template.value_or("");
      if (chosen.empty()) {
        fail_at(display_name, line,
                fmt::format("run '{}' needs 'scenario' or 'template' (or a top-level 'template')",
                            run.name));
      }
      run.template_path = resolve(base, chosen);
      if (!fs::is_regular_file(run.template_path)) {
        const toml::node* where = own_template ? table.get("template") : root.get("template");
        fail_at(display_name, line_of(*where),
                fmt::format("run '{}': template file '{}' not found", run.name,
                            run.template_path.string()));
      }
      run.vars = default_vars;
      for (auto& [key, value] : own_vars) run.vars[key] = value;
      run.vars["template_dir"] = run.template_path.parent_path().string();
      run.vars["manifest_dir"] = base.string();
      run.vars["name"] = run.name;
    }
    manifest.runs.push_back(std::move(run));
  }
  return manifest;
}

BatchManifest load_batch_manifest(const fs::path& file) {
  if (!fs::is_regular_file(file)) throw Error("batch manifest not found", {.file = file.string()});
  BatchManifest manifest =
      parse_batch_manifest(read_text(file), fs::absolute(file).parent_path(), file.string());
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
      throw Error(fmt::format("line {}: unknown placeholder '${{{}}}'", line, name),
                  {.file = display_name}, ErrorKind::BadInput, "values given: " + known);
    }
    out += found->second;
    i = close;
  }
  return out;
}

std::string render_template_run(const BatchRun& run) {
  const std::string text = read_text(run.template_path);
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
