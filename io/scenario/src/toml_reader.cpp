#include "equiroute/scenario/toml_reader.hpp"

#include <fmt/core.h>

#include <fstream>
#include <sstream>

#include "equiroute/core/error.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

namespace {
int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }
}  // namespace

toml::table parse_toml(const std::string& text, const std::string& display_name) {
  try {
    return toml::parse(text, display_name);
  } catch (const toml::parse_error& e) {
    throw Error(fmt::format("line {}: {}", e.source().begin.line, e.description()),
                {.file = display_name});
  }
}

std::string read_text_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read the file", {.file = path.string()});
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

fs::path resolve_path(const fs::path& base, const std::string& text) {
  const fs::path p(text);
  return (p.is_absolute() ? p : base / p).lexically_normal();
}

StrictTable::StrictTable(const toml::table& table, std::string prefix, std::string file)
    : table_(table), prefix_(std::move(prefix)), file_(std::move(file)) {}

std::optional<std::string> StrictTable::string(const std::string& key) {
  const toml::node* node = take(key);
  if (!node) return std::nullopt;
  if (auto value = node->value_exact<std::string>()) return *value;
  fail_node(key, *node, "must be a string");
}

std::optional<double> StrictTable::number(const std::string& key) {
  const toml::node* node = take(key);
  if (!node) return std::nullopt;
  if (node->is_integer() || node->is_floating_point()) return *node->value<double>();
  fail_node(key, *node, "must be a number");
}

std::optional<long long> StrictTable::integer(const std::string& key) {
  const toml::node* node = take(key);
  if (!node) return std::nullopt;
  if (node->is_integer()) return *node->value<long long>();
  fail_node(key, *node, "must be an integer");
}

std::optional<bool> StrictTable::boolean(const std::string& key) {
  const toml::node* node = take(key);
  if (!node) return std::nullopt;
  if (node->is_boolean()) return *node->value<bool>();
  fail_node(key, *node, "must be true or false");
}

std::optional<std::vector<std::string>> StrictTable::strings(const std::string& key) {
  const toml::node* node = take(key);
  if (!node) return std::nullopt;
  const toml::array* array = node->as_array();
  if (!array) fail_node(key, *node, "must be an array of strings");
  std::vector<std::string> out;
  for (const auto& element : *array) {
    auto value = element.value_exact<std::string>();
    if (!value) fail_node(key, element, "must be an array of strings");
    out.push_back(*value);
  }
  return out;
}

std::optional<std::vector<double>> StrictTable::numbers(const std::string& key) {
  const toml::node* node = take(key);
  if (!node) return std::nullopt;
  const toml::array* array = node->as_array();
  if (!array) fail_node(key, *node, "must be an array of numbers");
  std::vector<double> out;
  for (const auto& element : *array) {
    if (!element.is_integer() && !element.is_floating_point())
      fail_node(key, element, "must be an array of numbers");
    out.push_back(*element.value<double>());
  }
  return out;
}

const toml::table* StrictTable::table(const std::string& key) {
  const toml::node* node = take(key);
  if (!node) return nullptr;
  if (const toml::table* t = node->as_table()) return t;
  fail_node(key, *node, "must be a table");
}

std::optional<std::vector<std::pair<std::string, std::string>>> StrictTable::string_table(
    const std::string& key) {
  const toml::table* t = table(key);
  if (!t) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, value] : *t) {
    auto text = value.value_exact<std::string>();
    if (!text) fail_node(key + "." + std::string(name.str()), value, "must be a string");
    out.emplace_back(std::string(name.str()), *text);
  }
  return out;
}

std::string StrictTable::required_string(const std::string& key) {
  auto value = string(key);
  if (!value || value->empty()) missing(key);
  return *value;
}

std::vector<std::string> StrictTable::keys() const {
  std::vector<std::string> out;
  for (const auto& [key, node] : table_) out.emplace_back(key.str());
  return out;
}

int StrictTable::line(const std::string& key) const {
  const toml::node* node = key.empty() ? nullptr : table_.get(key);
  return node ? line_of(*node) : static_cast<int>(table_.source().begin.line);
}

std::string StrictTable::qualified(const std::string& key) const {
  return prefix_.empty() ? key : prefix_ + "." + key;
}

void StrictTable::fail(int at_line, const std::string& message, const std::string& hint) const {
  throw Error(fmt::format("line {}: {}", at_line, message), {.file = file_}, ErrorKind::BadInput,
              hint);
}

void StrictTable::fail(const std::string& key, const std::string& what) const {
  fail(line(key), fmt::format("key '{}' {}", qualified(key), what));
}

void StrictTable::missing(const std::string& key) const {
  fail(line(), fmt::format("required key '{}' is missing", qualified(key)));
}

void StrictTable::fail_node(const std::string& key, const toml::node& node,
                            const std::string& what) const {
  fail(line_of(node), fmt::format("key '{}' {}", qualified(key), what));
}

void StrictTable::finish() const {
  for (const auto& [key, node] : table_) {
    const std::string name(key.str());
    if (read_.count(name)) continue;
    std::string allowed;
    for (const auto& k : read_attempts_) allowed += (allowed.empty() ? "" : ", ") + k;
    fail(line_of(node), fmt::format("unknown key '{}'", qualified(name)),
         allowed.empty() ? std::string() : "keys allowed here: " + allowed);
  }
}

const toml::node* StrictTable::take(const std::string& key) {
  read_attempts_.push_back(key);
  const toml::node* node = table_.get(key);
  if (node) read_.insert(key);
  return node;
}

}  // namespace equiroute::io
