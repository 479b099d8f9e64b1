#pragma once
// A command's result directory (`run -o DIR`, `access -o DIR`): built in a temporary sibling
// and renamed into place only when complete, so a failure leaves nothing behind; refused
// when it would hide an input or replace something that is not an earlier result; marked
// complete by manifest.json (inputs and outputs with their SHA-256, parameters, timings),
// which `batch --resume` checks.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "equiroute/geodata/atomic_output.hpp"

namespace equiroute::io {

class ResultDirectory {
 public:
  /// Throws equiroute::Error (BadInput) when `target` contains one of `inputs` or exists and
  /// is neither empty nor an earlier equiroute result (with manifest.json); (Io) when its
  /// parent cannot be created.
  ResultDirectory(std::filesystem::path target, std::vector<std::filesystem::path> inputs);

  /// Where to write now (the temporary sibling).
  const std::filesystem::path& root() const noexcept { return staging_.temp_path(); }
  const std::filesystem::path& target() const noexcept { return staging_.target(); }
  const std::vector<std::filesystem::path>& inputs() const noexcept { return inputs_; }

  /// Writes manifest.json last (equiroute version, `source` — the scenario or command —,
  /// inputs and every output file with its SHA-256, the parameters, threads and timings),
  /// then renames the directory into place. Returns the output files, relative and sorted.
  std::vector<std::filesystem::path> commit(const std::string& source,
                                            const nlohmann::ordered_json& parameters,
                                            unsigned threads,
                                            const nlohmann::ordered_json& timings_s);

 private:
  std::vector<std::filesystem::path> inputs_;
  geodata::AtomicOutput staging_;
};

/// The regular files below `root`, relative to it, sorted.
std::vector<std::filesystem::path> relative_files(const std::filesystem::path& root);

/// Whether `dir` holds a complete result that can be reused: its manifest.json parses,
/// every input listed still has its recorded sha256, and every output listed exists below
/// `dir` with its recorded sha256. Never throws: an unreadable manifest means "no".
bool result_is_complete(const std::filesystem::path& dir);

}  // namespace equiroute::io
