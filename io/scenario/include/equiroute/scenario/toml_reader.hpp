#pragma once
// The strict TOML reader shared by the scenario and the batch manifest: every key of a table
// must be read (else it is unknown), every value must have the expected type, and every
// error names the file, the key (qualified by its table) and its line.

#include <toml++/toml.h>

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace equiroute::io {

/// Parses TOML text; a syntax error is an equiroute::Error naming `display_name` and the line.
toml::table parse_toml(const std::string& text, const std::string& display_name);

/// The whole file as text. Throws equiroute::Error (BadInput, file named) when unreadable.
std::string read_text_file(const std::filesystem::path& path);

/// `text` as a path, relative ones resolved against `base` (lexically normal).
std::filesystem::path resolve_path(const std::filesystem::path& base, const std::string& text);

/// Reads the keys of one TOML table strictly. `prefix` qualifies keys in messages
/// ("network" gives "network.speed_kmh").
class StrictTable {
 public:
  StrictTable(const toml::table& table, std::string prefix, std::string file);

  std::optional<std::string> string(const std::string& key);
  std::optional<double> number(const std::string& key);
  std::optional<long long> integer(const std::string& key);
  std::optional<bool> boolean(const std::string& key);
  std::optional<std::vector<std::string>> strings(const std::string& key);
  std::optional<std::vector<double>> numbers(const std::string& key);
  /// A sub-table, or nullptr when absent.
  const toml::table* table(const std::string& key);
  /// A sub-table whose values must all be strings (e.g. a batch run's `vars`).
  std::optional<std::vector<std::pair<std::string, std::string>>> string_table(
      const std::string& key);
  /// The node of `key` as it is (read, so not unknown), or nullptr; for shapes the typed
  /// readers do not cover (arrays of tables).
  const toml::node* raw(const std::string& key) { return take(key); }
  /// A required non-empty string.
  std::string required_string(const std::string& key);
  /// Whether the key is present (without reading it).
  bool has(const std::string& key) const { return table_.get(key) != nullptr; }

  /// Keys present in the table, in order (for free-form sub-tables).
  std::vector<std::string> keys() const;
  /// Line of `key`, or of the table itself when absent.
  int line(const std::string& key = {}) const;
  std::string qualified(const std::string& key) const;
  const std::string& file() const noexcept { return file_; }

  /// Throws "line N: <message>" naming the file (BadInput).
  [[noreturn]] void fail(int line, const std::string& message, const std::string& hint = {}) const;
  /// Throws "line N: key 'K' <what>" at the key's line.
  [[noreturn]] void fail(const std::string& key, const std::string& what) const;
  /// Throws "line N: required key 'K' is missing" at the table's line.
  [[noreturn]] void missing(const std::string& key) const;
  /// Throws on the first key that was never read, listing the keys allowed here.
  void finish() const;

 private:
  const toml::node* take(const std::string& key);
  [[noreturn]] void fail_node(const std::string& key, const toml::node& node,
                              const std::string& what) const;

  const toml::table& table_;
  std::string prefix_;
  std::string file_;
  std::set<std::string> read_;
  std::vector<std::string> read_attempts_;
};

}  // namespace equiroute::io
