#pragma once
// Private to network/: the container format of prepared networks (.eqnet) — a fixed header,
// a table of named sections, a JSON metadata block and the sections (flat little-endian
// arrays, 64-byte aligned), with an XXH3-64 checksum over the whole file — written
// atomically and read back by mapping the file into memory.
//
//   offset  size  field
//        0     8  magic "EQNET\r\n\x1a" (detects text-mode mangling, like PNG's)
//        8     4  format version (kEqnetVersion)
//       12     4  byte-order mark 0x01020304
//       16     8  file size in bytes (detects truncation before hashing)
//       24     8  XXH3-64 of the file with these 8 bytes read as zero
//       32     8  metadata offset      40  8  metadata size (JSON text)
//       48     8  section count        56     section table: 48 bytes per section
//                                              (name[24], offset u64, bytes u64,
//                                               element size u32, reserved u32)

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "equiroute/core/error.hpp"

namespace equiroute::network::detail {

inline constexpr std::uint32_t kEqnetVersion = 1;

/// True when the file starts with the .eqnet magic (false when unreadable or shorter).
bool has_eqnet_magic(const std::filesystem::path& path);

/// An array to store: its bytes and element size.
struct SectionData {
  std::string name;  ///< at most 23 characters
  const void* data = nullptr;
  std::size_t bytes = 0;
  std::uint32_t element_size = 1;
};

template <class T>
SectionData section(std::string name, std::span<const T> values) {
  return {std::move(name), values.data(), values.size_bytes(), sizeof(T)};
}

/// Writes the file atomically (temporary sibling, renamed on success). Throws
/// equiroute::Error (ErrorKind::Io) when it cannot be written.
void write_eqnet(const std::filesystem::path& path, const std::string& metadata,
                 const std::vector<SectionData>& sections);

/// A verified .eqnet mapped read-only into memory; arrays are used in place.
class EqnetFile {
 public:
  /// Maps and checks the file: magic, version, byte order, size, checksum, section table.
  /// Throws equiroute::Error (BadInput) naming the file and what is wrong.
  static std::shared_ptr<const EqnetFile> open(const std::filesystem::path& path);
  ~EqnetFile();
  EqnetFile(const EqnetFile&) = delete;
  EqnetFile& operator=(const EqnetFile&) = delete;

  const std::filesystem::path& path() const noexcept { return path_; }
  const std::string& metadata() const noexcept { return metadata_; }
  std::size_t size() const noexcept { return size_; }

  /// A section as an array of T. Throws Error (BadInput) when it is missing or its
  /// element size differs from sizeof(T).
  template <class T>
  std::span<const T> array(const std::string& name) const {
    const auto [data, bytes] = find(name, sizeof(T));
    return {static_cast<const T*>(data), bytes / sizeof(T)};
  }

  /// Error naming the file (BadInput).
  Error error(const std::string& what) const;

 private:
  EqnetFile() = default;
  std::pair<const void*, std::size_t> find(const std::string& name, std::size_t element) const;

  struct Section {
    std::string name;
    std::uint64_t offset, bytes;
    std::uint32_t element_size;
  };
  std::filesystem::path path_;
  const unsigned char* base_ = nullptr;
  std::size_t size_ = 0;
  std::string metadata_;
  std::vector<Section> sections_;
};

}  // namespace equiroute::network::detail
