#include "eqnet_file.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <array>
#include <cstring>
#include <fstream>

#include "equiroute/geodata/atomic_output.hpp"

namespace equiroute::network::detail {
namespace {

constexpr std::array<unsigned char, 8> kMagic = {'E', 'Q', 'N', 'E', 'T', '\r', '\n', 0x1A};
constexpr std::uint32_t kByteOrderMark = 0x01020304;
constexpr std::size_t kHeaderBytes = 56;
constexpr std::size_t kEntryBytes = 48;
constexpr std::size_t kNameBytes = 24;
constexpr std::size_t kChecksumOffset = 24;
constexpr std::size_t kAlign = 64;

std::uint64_t align_up(std::uint64_t x) { return (x + kAlign - 1) / kAlign * kAlign; }

template <class T>
void put(std::vector<unsigned char>& buf, std::size_t at, T value) {
  std::memcpy(buf.data() + at, &value, sizeof(T));
}
template <class T>
T get(const unsigned char* base, std::size_t at) {
  T value;
  std::memcpy(&value, base + at, sizeof(T));
  return value;
}

/// Streams bytes to the file and into the checksum.
class HashedWriter {
 public:
  explicit HashedWriter(const std::filesystem::path& path)
      : out_(path, std::ios::binary | std::ios::trunc), state_(XXH3_createState()) {
    XXH3_64bits_reset(state_);
  }
  ~HashedWriter() { XXH3_freeState(state_); }
  HashedWriter(const HashedWriter&) = delete;
  HashedWriter& operator=(const HashedWriter&) = delete;

  void write(const void* data, std::size_t bytes) {
    // Large arrays in 64 MB pieces (std::streamsize and XXH3 take any size, but this keeps
    // the stream's internal copies small).
    const auto* p = static_cast<const char*>(data);
    constexpr std::size_t kPiece = std::size_t{64} << 20U;
    for (std::size_t done = 0; done < bytes; done += kPiece) {
      const std::size_t n = std::min(kPiece, bytes - done);
      out_.write(p + done, static_cast<std::streamsize>(n));
      XXH3_64bits_update(state_, p + done, n);
    }
    written_ += bytes;
  }
  void pad_to(std::uint64_t offset) {
    static const std::array<char, kAlign> zeros{};
    write(zeros.data(), offset - written_);
  }
  /// Writes the checksum into the header and closes; false on any stream failure.
  bool finish() {
    const std::uint64_t checksum = XXH3_64bits_digest(state_);
    out_.seekp(static_cast<std::streamoff>(kChecksumOffset));
    out_.write(reinterpret_cast<const char*>(&checksum), sizeof checksum);
    out_.close();
    return static_cast<bool>(out_);
  }
  bool good() const { return static_cast<bool>(out_); }

 private:
  std::ofstream out_;
  XXH3_state_t* state_;
  std::uint64_t written_ = 0;
};

}  // namespace

bool has_eqnet_magic(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::array<unsigned char, 8> head{};
  in.read(reinterpret_cast<char*>(head.data()), head.size());
  return in.gcount() == static_cast<std::streamsize>(head.size()) && head == kMagic;
}

void write_eqnet(const std::filesystem::path& path, const std::string& metadata,
                 const std::vector<SectionData>& sections) {
  const std::size_t table_end = kHeaderBytes + kEntryBytes * sections.size();
  std::vector<unsigned char> header(table_end, 0);
  std::memcpy(header.data(), kMagic.data(), kMagic.size());
  put<std::uint32_t>(header, 8, kEqnetVersion);
  put<std::uint32_t>(header, 12, kByteOrderMark);
  put<std::uint64_t>(header, 32, table_end);
  put<std::uint64_t>(header, 40, metadata.size());
  put<std::uint64_t>(header, 48, sections.size());
  std::uint64_t offset = align_up(table_end + metadata.size());
  std::vector<std::uint64_t> offsets;
  for (std::size_t i = 0; i < sections.size(); ++i) {
    const auto& s = sections[i];
    if (s.name.size() >= kNameBytes)
      throw Error("section name too long: " + s.name, {}, ErrorKind::Internal);
    const std::size_t at = kHeaderBytes + kEntryBytes * i;
    std::memcpy(header.data() + at, s.name.data(), s.name.size());
    put<std::uint64_t>(header, at + kNameBytes, offset);
    put<std::uint64_t>(header, at + kNameBytes + 8, s.bytes);
    put<std::uint32_t>(header, at + kNameBytes + 16, s.element_size);
    offsets.push_back(offset);
    offset = align_up(offset + s.bytes);
  }
  put<std::uint64_t>(header, 16, offset);  // file size

  geodata::AtomicOutput out(path);
  {
    HashedWriter w(out.temp_path());
    w.write(header.data(), header.size());
    w.write(metadata.data(), metadata.size());
    for (std::size_t i = 0; i < sections.size(); ++i) {
      w.pad_to(offsets[i]);
      w.write(sections[i].data, sections[i].bytes);
    }
    w.pad_to(offset);
    if (!w.finish())
      throw Error("cannot write the prepared network", {.file = path.string()}, ErrorKind::Io);
  }
  out.commit();
}

// ---------------------------------------------------------------------------------------

EqnetFile::~EqnetFile() {
  if (base_ != nullptr) munmap(const_cast<unsigned char*>(base_), size_);
}

Error EqnetFile::error(const std::string& what) const {
  return Error(what + " (prepare it again with `equiroute prepare`)", {.file = path_.string()},
               ErrorKind::BadInput);
}

std::shared_ptr<const EqnetFile> EqnetFile::open(const std::filesystem::path& path) {
  std::shared_ptr<EqnetFile> f(new EqnetFile());
  f->path_ = path;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error("cannot read the prepared network", {.file = path.string()});
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw Error("cannot read the prepared network (not a regular file)", {.file = path.string()});
  }
  f->size_ = static_cast<std::size_t>(st.st_size);
  if (f->size_ < kHeaderBytes) {
    ::close(fd);
    throw f->error(fmt::format("not a complete prepared network: {} bytes", f->size_));
  }
  // The whole file is read once for the checksum anyway: populate the mapping at once.
  void* base = mmap(nullptr, f->size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  ::close(fd);
  if (base == MAP_FAILED)
    throw Error("cannot map the prepared network into memory", {.file = path.string()});
  f->base_ = static_cast<const unsigned char*>(base);
  const unsigned char* b = f->base_;

  if (std::memcmp(b, kMagic.data(), kMagic.size()) != 0)
    throw f->error("not a prepared equiroute network (no .eqnet signature)");
  if (const auto version = get<std::uint32_t>(b, 8); version != kEqnetVersion)
    throw f->error(
        fmt::format("prepared-network format version {}, but this equiroute reads version {}",
                    version, kEqnetVersion));
  if (get<std::uint32_t>(b, 12) != kByteOrderMark)
    throw f->error("written with another byte order");
  if (const auto declared = get<std::uint64_t>(b, 16); declared != f->size_)
    throw f->error(declared > f->size_
                       ? fmt::format("truncated: {} of {} bytes", f->size_, declared)
                       : fmt::format("{} bytes where {} were written", f->size_, declared));
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  const std::array<unsigned char, 8> zero{};
  XXH3_64bits_update(state, b, kChecksumOffset);
  XXH3_64bits_update(state, zero.data(), zero.size());
  XXH3_64bits_update(state, b + kChecksumOffset + 8, f->size_ - kChecksumOffset - 8);
  const std::uint64_t checksum = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  if (checksum != get<std::uint64_t>(b, kChecksumOffset))
    throw f->error("damaged: the checksum does not match the contents");

  const auto meta_offset = get<std::uint64_t>(b, 32), meta_size = get<std::uint64_t>(b, 40);
  const auto count = get<std::uint64_t>(b, 48);
  if (count > (f->size_ - kHeaderBytes) / kEntryBytes ||
      meta_offset < kHeaderBytes + kEntryBytes * count || meta_offset > f->size_ ||
      meta_size > f->size_ - meta_offset)
    throw f->error("inconsistent header");
  f->metadata_.assign(reinterpret_cast<const char*>(b + meta_offset), meta_size);
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::size_t at = kHeaderBytes + kEntryBytes * i;
    const char* name = reinterpret_cast<const char*>(b + at);
    Section s{std::string(name, strnlen(name, kNameBytes)), get<std::uint64_t>(b, at + kNameBytes),
              get<std::uint64_t>(b, at + kNameBytes + 8),
              get<std::uint32_t>(b, at + kNameBytes + 16)};
    if (s.offset % kAlign != 0 || s.offset > f->size_ || s.bytes > f->size_ - s.offset ||
        s.element_size == 0 || s.bytes % s.element_size != 0)
      throw f->error("inconsistent section table (section '" + s.name + "')");
    f->sections_.push_back(std::move(s));
  }
  return f;
}

std::pair<const void*, std::size_t> EqnetFile::find(const std::string& name,
                                                    std::size_t element) const {
  for (const auto& s : sections_) {
    if (s.name != name) continue;
    if (s.element_size != element)
      throw error(fmt::format("section '{}' has elements of {} bytes, not {}", name, s.element_size,
                              element));
    return {base_ + s.offset, static_cast<std::size_t>(s.bytes)};
  }
  throw error("no section '" + name + "'");
}

}  // namespace equiroute::network::detail
