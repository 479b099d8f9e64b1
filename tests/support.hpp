#pragma once
// Helpers shared by the test suites: temporary directories, running the CLI, and locating
// the optional real data (../shared/data) and the embedded data set (data/hunan-2018).

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <utility>

#include "support/skip.hpp"

namespace equiroute::test {

namespace fs = std::filesystem;

/// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() /
            ("equiroute-test-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

inline void write_file(const fs::path& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs the built `equiroute` with `args` (already shell-quoted), capturing stdout and stderr.
inline CliResult run_cli(const std::string& args) {
  TempDir capture;
  std::string command = std::string("'") + EQUIROUTE_CLI + "' " + args + " >'" +
                        (capture / "out").string() + "' 2>'" + (capture / "err").string() + "'";
  int status = std::system(command.c_str());
  CliResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(capture / "out");
  result.err = read_file(capture / "err");
  return result;
}

/// Width and height (pixels) from a PNG's IHDR chunk, after checking the PNG signature.
inline std::pair<unsigned, unsigned> png_size(const fs::path& path) {
  const std::string bytes = read_file(path);
  REQUIRE(bytes.size() > 24);
  REQUIRE(bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  REQUIRE(bytes.compare(12, 4, "IHDR") == 0);
  auto be32 = [&](std::size_t at) {
    return (unsigned(static_cast<unsigned char>(bytes[at])) << 24) |
           (unsigned(static_cast<unsigned char>(bytes[at + 1])) << 16) |
           (unsigned(static_cast<unsigned char>(bytes[at + 2])) << 8) |
           unsigned(static_cast<unsigned char>(bytes[at + 3]));
  };
  return {be32(16), be32(20)};
}

/// ../shared/data (or $EQUIROUTE_SHARED_DATA) when present.
inline std::optional<fs::path> shared_data() {
  const char* env = std::getenv("EQUIROUTE_SHARED_DATA");
  fs::path dir = env ? fs::path(env) : fs::path(EQUIROUTE_SHARED_DATA_DEFAULT);
  if (fs::is_directory(dir)) return dir;
  return std::nullopt;
}

/// The embedded data set built by scripts/fetch-data (data/hunan-2018) when present.
inline std::optional<fs::path> embedded_data() {
  const char* env = std::getenv("EQUIROUTE_DATA_DIR");
  fs::path dir = (env ? fs::path(env) : fs::path(EQUIROUTE_SOURCE_DIR) / "data") / "hunan-2018";
  if (fs::is_regular_file(dir / "counties.geojson")) return dir;
  return std::nullopt;
}

}  // namespace equiroute::test
