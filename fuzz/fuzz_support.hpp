#pragma once
// Shared by the libFuzzer harnesses: the input as a file (GDAL's in-memory file system or
// a real temporary file for readers that open paths themselves), quiet logging, and the
// rule that only equiroute::Error may escape a reader — any other exception, crash, leak
// or undefined behaviour is a bug that libFuzzer reports.

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/gdal_init.hpp"
#include "equiroute/geodata/text_encoding.hpp"

namespace equiroute::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Logging off (warnings for every repaired geometry would dominate the run) and GDAL
/// registered once. GDAL's OSM driver is skipped: it opens any file that contains "<osm"
/// and builds a temporary SQLite database per file (seconds per input under ASan), and the
/// OSM readers of equiroute are libosmium's (harness osm_roads).
inline void quiet_setup() {
  spdlog::set_level(spdlog::level::off);
  CPLSetConfigOption("GDAL_SKIP", "OSM");
  geodata::ensure_gdal_registered();
}

/// The input as /vsimem/fuzz-<pid>/<name> (GDAL reads it without touching the disk).
class MemoryFile {
 public:
  MemoryFile(const std::string& name, std::string_view bytes)
      : path_("/vsimem/fuzz-" + std::to_string(::getpid()) + "/" + name) {
    // GDAL copies nothing: it reads our buffer, which outlives the file.
    VSIFCloseL(VSIFileFromMemBuffer(path_.c_str(),
                                    reinterpret_cast<GByte*>(const_cast<char*>(bytes.data())),
                                    bytes.size(), FALSE));
  }
  ~MemoryFile() { VSIUnlink(path_.c_str()); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// The input as a real file named <name> in a per-process directory under $TMPDIR (for
/// libosmium and the io readers, which open paths themselves).
class DiskFile {
 public:
  DiskFile(const std::string& name, std::string_view bytes) {
    dir_ =
        std::filesystem::temp_directory_path() / ("equiroute-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    path_ = dir_ / name;
    std::FILE* f = std::fopen(path_.c_str(), "wb");
    if (!f) std::abort();
    if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size())
      std::abort();
    std::fclose(f);
  }
  ~DiskFile() {
    close_leaked_descriptors();
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  DiskFile(const DiskFile&) = delete;
  DiskFile& operator=(const DiskFile&) = delete;
  const std::filesystem::path& path() const { return path_; }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  /// libosmium 2.19 leaves the input's descriptor open when its PBF parser throws
  /// (fuzz/crashes/README.md); a run of a few minutes would use up every descriptor, so the
  /// harness closes those still open on its input file.
  void close_leaked_descriptors() const {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
      std::error_code link_ec;
      const auto target = std::filesystem::read_symlink(entry.path(), link_ec);
      if (!link_ec && target == path_) ::close(std::stoi(entry.path().filename().string()));
    }
  }

  std::filesystem::path dir_;
  std::filesystem::path path_;
};

/// Runs `f`; equiroute::Error is the expected outcome of bad input, anything else escapes
/// (libFuzzer reports an uncaught exception). The message must be valid UTF-8: the CLI
/// prints it and io writes it into JSON (batch summaries), which rejects invalid UTF-8.
template <typename F>
void expect_only_errors(F&& f) {
  try {
    f();
  } catch (const equiroute::Error& e) {
    if (!geodata::is_valid_utf8(e.what()) || !geodata::is_valid_utf8(e.hint())) {
      std::fprintf(stderr, "equiroute::Error with invalid UTF-8: %s\n", e.what());
      std::abort();
    }
  }
}

}  // namespace equiroute::fuzz
