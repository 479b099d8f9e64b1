#include "equiroute/geodata/atomic_output.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

#include "equiroute/core/error.hpp"

namespace equiroute::geodata {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kWriteBuffer = 1 << 16;

/// Flushes a directory's entries to disk (after a rename), best effort: some file systems
/// refuse fsync on directories and the rename itself has succeeded.
void sync_directory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  (void)::close(fd);
}

fs::path directory_of(const fs::path& target) {
  return target.parent_path().empty() ? fs::path(".") : target.parent_path();
}

}  // namespace

void throw_io_error(const std::string& what, const fs::path& path, const std::error_code& reason) {
  throw Error(what + ": " + reason.message(), {.file = path.string()}, ErrorKind::Io);
}

void throw_io_error_errno(const std::string& what, const fs::path& path) {
  throw_io_error(what, path, std::error_code(errno, std::generic_category()));
}

void refuse_overwriting_inputs(const fs::path& output, const std::vector<fs::path>& inputs) {
  std::error_code ec;
  if (!fs::exists(output, ec)) return;
  for (const auto& input : inputs) {
    if (fs::exists(input, ec) && fs::equivalent(output, input, ec)) {
      throw Error("refusing to overwrite an input with an output", {.file = output.string()});
    }
  }
}

// ---------------------------------------------------------------------------------------
// AtomicOutput

AtomicOutput::AtomicOutput(fs::path target, const std::vector<fs::path>& inputs)
    : target_(std::move(target)) {
  refuse_overwriting_inputs(target_, inputs);
  const fs::path dir = directory_of(target_);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw Error("output directory does not exist", {.file = target_.string()}, ErrorKind::Io,
                "create " + dir.string() + " first");
  }
  // Unique per process and per call, and it keeps the extension so that GDAL picks the
  // right driver from the temporary name.
  static std::atomic<unsigned> counter{0};
  temp_ = dir / (".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
                 target_.filename().string());
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(temp_, ec);
  }
}

void AtomicOutput::create_directory() {
  std::error_code ec;
  if (!fs::create_directory(temp_, ec) || ec) {
    throw_io_error("cannot create the output directory", target_,
                   ec ? ec : std::make_error_code(std::errc::file_exists));
  }
}

void AtomicOutput::commit() {
  std::error_code ec;
  const bool temp_is_dir = fs::is_directory(temp_, ec);
  const bool target_is_dir = fs::is_directory(target_, ec);
  if (target_is_dir && !temp_is_dir) {
    throw Error("the output path is an existing directory", {.file = target_.string()},
                ErrorKind::Io, "give a file name, or remove the directory");
  }
  if (target_is_dir && temp_is_dir) {
    fs::remove_all(target_, ec);
    if (ec) throw_io_error("cannot replace the earlier output", target_, ec);
  }
  fs::rename(temp_, target_, ec);
  if (ec) throw_io_error("cannot move the finished output into place", target_, ec);
  committed_ = true;
  sync_directory(directory_of(target_));
}

// ---------------------------------------------------------------------------------------
// AtomicFileWriter

AtomicFileWriter::AtomicFileWriter(fs::path target, const std::vector<fs::path>& inputs)
    : out_(std::move(target), inputs) {
  fd_ = ::open(out_.temp_path().c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd_ < 0) throw_io_error_errno("cannot create the output", out_.target());
  buffer_.reserve(kWriteBuffer);
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) (void)::close(fd_);  // after a failure: `out_` removes the temporary
}

void AtomicFileWriter::write(std::string_view bytes) {
  if (fd_ < 0) throw Error("write after finish", {.file = target().string()}, ErrorKind::Internal);
  if (buffer_.size() + bytes.size() > kWriteBuffer) write_buffer();
  if (bytes.size() >= kWriteBuffer) {
    write_all(bytes);  // large blocks go straight through
  } else {
    buffer_.append(bytes);
  }
}

void AtomicFileWriter::write_buffer() {
  write_all(buffer_);
  buffer_.clear();
}

void AtomicFileWriter::write_all(std::string_view bytes) {
  const char* data = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_io_error_errno("cannot write the output", target());
    data += n;
    left -= static_cast<std::size_t>(n);
  }
}

void AtomicFileWriter::finish() {
  if (fd_ < 0) return;
  write_buffer();
  // fsync reports delayed allocation failures (ENOSPC on ext4/XFS), close() NFS errors.
  if (::fsync(fd_) != 0 && errno != EINVAL && errno != EROFS)
    throw_io_error_errno("cannot write the output to disk", target());
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0 && errno != EINTR) throw_io_error_errno("cannot close the output", target());
}

void AtomicFileWriter::commit() {
  finish();
  out_.commit();
}

// ---------------------------------------------------------------------------------------
// OutputTransaction

OutputTransaction::OutputTransaction(std::vector<fs::path> inputs) : inputs_(std::move(inputs)) {}

OutputTransaction::~OutputTransaction() {
  if (committed_) return;
  files_.clear();  // each removes its temporary
  std::error_code ec;
  for (auto it = created_dirs_.rbegin(); it != created_dirs_.rend(); ++it) fs::remove(*it, ec);
}

void OutputTransaction::create_directories(const fs::path& dir) {
  std::vector<fs::path> missing;  // innermost first
  std::error_code ec;
  for (fs::path p = dir; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (!fs::create_directory(*it, ec) && ec)
      throw_io_error("cannot create the output directory", *it, ec);
    created_dirs_.push_back(*it);
  }
  if (!fs::is_directory(dir, ec)) {
    throw Error("the output directory is a file", {.file = dir.string()}, ErrorKind::Io,
                "give a directory path, or remove the file");
  }
}

AtomicFileWriter& OutputTransaction::add(const fs::path& target) {
  files_.push_back(std::make_unique<AtomicFileWriter>(target, inputs_));
  return *files_.back();
}

void OutputTransaction::write_text(const fs::path& target, std::string_view content) {
  add(target).write(content);
}

void OutputTransaction::commit() {
  for (auto& file : files_) file->finish();
  std::size_t placed = 0;
  try {
    for (; placed < files_.size(); ++placed) files_[placed]->commit();
  } catch (...) {
    std::error_code ec;
    for (std::size_t k = 0; k < placed; ++k) fs::remove(files_[k]->target(), ec);
    throw;
  }
  committed_ = true;
}

void write_text_atomic(const fs::path& target, std::string_view content,
                       const std::vector<fs::path>& inputs) {
  AtomicFileWriter out(target, inputs);
  out.write(content);
  out.commit();
}

}  // namespace equiroute::geodata
