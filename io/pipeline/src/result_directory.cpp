#include "equiroute/pipeline/result_directory.hpp"

#include <algorithm>

#include "equiroute/core/error.hpp"
#include "equiroute/pipeline/file_hash.hpp"
#include "equiroute/scenario/toml_reader.hpp"
#include "equiroute/version.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

namespace {

/// Refuses output directories that would hide inputs or that are not earlier results.
fs::path checked_target(fs::path dir, const std::vector<fs::path>& inputs) {
  std::error_code ec;
  const fs::path target = fs::weakly_canonical(dir, ec);
  for (const auto& input : inputs) {
    const fs::path in = fs::weakly_canonical(input, ec);
    auto [a, b] = std::mismatch(target.begin(), target.end(), in.begin(), in.end());
    if (a == target.end())
      throw Error("the output directory contains an input (" + input.string() + ")",
                  {.file = dir.string()});
  }
  if (fs::exists(dir) &&
      !(fs::is_directory(dir) && (fs::is_empty(dir) || fs::exists(dir / "manifest.json")))) {
    throw Error(
        "the output path exists and is not an earlier equiroute result (no manifest.json); "
        "refusing to replace it",
        {.file = dir.string()});
  }
  if (!dir.parent_path().empty()) {
    fs::create_directories(dir.parent_path(), ec);
    if (ec)
      throw Error("cannot create the output's parent directory: " + ec.message(),
                  {.file = dir.parent_path().string()}, ErrorKind::Io);
  }
  return dir;
}

}  // namespace

ResultDirectory::ResultDirectory(fs::path target, std::vector<fs::path> inputs)
    : inputs_(std::move(inputs)), staging_(checked_target(std::move(target), inputs_), inputs_) {
  std::error_code ec;
  fs::create_directories(staging_.temp_path(), ec);
  if (ec)
    throw Error("cannot create the result directory: " + ec.message(),
                {.file = staging_.temp_path().string()}, ErrorKind::Io);
}

std::vector<fs::path> relative_files(const fs::path& root) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) files.push_back(fs::relative(entry.path(), root));
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<fs::path> ResultDirectory::commit(const std::string& source,
                                              const nlohmann::ordered_json& parameters,
                                              unsigned threads,
                                              const nlohmann::ordered_json& timings_s) {
  const fs::path& dir = root();
  nlohmann::ordered_json manifest;
  manifest["equiroute_version"] = kVersion;
  manifest["scenario"] = source;
  manifest["inputs"] = nlohmann::ordered_json::array();
  for (const auto& input : inputs_) {
    manifest["inputs"].push_back({{"path", fs::absolute(input).lexically_normal().string()},
                                  {"sha256", file_sha256(input)}});
  }
  manifest["parameters"] = parameters;
  manifest["threads"] = threads;
  manifest["timings_s"] = timings_s;
  manifest["outputs"] = nlohmann::ordered_json::array();
  std::vector<fs::path> files = relative_files(dir);
  for (const auto& file : files)
    manifest["outputs"].push_back({{"path", file.string()}, {"sha256", file_sha256(dir / file)}});
  // Written last: its presence marks a complete result (batch --resume relies on it).
  geodata::write_text_atomic(dir / "manifest.json", manifest.dump(2) + "\n");
  files.push_back("manifest.json");
  std::sort(files.begin(), files.end());
  staging_.commit();
  return files;
}

bool result_is_complete(const fs::path& dir) {
  try {
    const fs::path manifest_file = dir / "manifest.json";
    if (!fs::is_regular_file(manifest_file) || !fs::is_regular_file(dir / "summary.json"))
      return false;
    const auto manifest = nlohmann::json::parse(read_text_file(manifest_file));
    // Relative input paths are taken relative to the scenario's directory, as `run` reads them.
    fs::path base = fs::current_path();
    if (manifest.contains("scenario") && manifest["scenario"].is_string())
      base = fs::absolute(fs::path(manifest["scenario"].get<std::string>())).parent_path();
    for (const auto& input : manifest.at("inputs")) {
      fs::path path(input.at("path").get<std::string>());
      if (path.is_relative()) path = base / path;
      if (!fs::is_regular_file(path) || file_sha256(path) != input.at("sha256").get<std::string>())
        return false;
    }
    for (const auto& output : manifest.at("outputs")) {
      const fs::path path = dir / output.at("path").get<std::string>();
      if (!fs::is_regular_file(path) || file_sha256(path) != output.at("sha256").get<std::string>())
        return false;
    }
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace equiroute::io
