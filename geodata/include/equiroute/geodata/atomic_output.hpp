#pragma once
// Atomic outputs: write to a temporary sibling, rename over the target on success.
// A failed or interrupted write never leaves a half-written file under the final name,
// and an output path that is one of the run's inputs is refused.
//
// Error model for outputs: every failure to create, write, flush, close or move an output
// is an equiroute::Error of kind ErrorKind::Io (exit 3) whose message names the output path
// and the operating system's reason ("No space left on device", "Permission denied");
// the temporary is removed, so nothing partial or empty is left where the output should be.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace equiroute::geodata {

/// Throws Error(ErrorKind::Io) "<what>: <OS reason>" with `path` as the file.
[[noreturn]] void throw_io_error(const std::string& what, const std::filesystem::path& path,
                                 const std::error_code& reason);

/// The same for the current errno.
[[noreturn]] void throw_io_error_errno(const std::string& what, const std::filesystem::path& path);

/// A temporary path next to `target` (same directory, so rename is atomic), removed on
/// destruction unless commit() was called. Works for files and for directories.
class AtomicOutput {
 public:
  /// Throws Error (BadInput) when `target` is one of `inputs` (same file after
  /// canonicalisation), and Error (Io) when its directory does not exist.
  explicit AtomicOutput(std::filesystem::path target,
                        const std::vector<std::filesystem::path>& inputs = {});
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  /// Where to write now.
  const std::filesystem::path& temp_path() const noexcept { return temp_; }
  const std::filesystem::path& target() const noexcept { return target_; }
  /// Creates the temporary as a directory (for outputs that are directories). Throws
  /// Error (Io) naming the target.
  void create_directory();
  /// Renames the temporary over the target (replacing an earlier output; a directory
  /// replaces a directory). Throws Error (Io) naming the target and the reason, e.g. when
  /// the target is an existing directory and the output a file.
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  bool committed_ = false;
};

/// Streams bytes into the temporary sibling of `target` with checked writes; finish()
/// flushes, fsyncs and closes it, commit() also renames it over the target. Every failure
/// is Error (Io) naming the target and the reason; on failure or without commit() the
/// temporary is removed.
class AtomicFileWriter {
 public:
  explicit AtomicFileWriter(std::filesystem::path target,
                            const std::vector<std::filesystem::path>& inputs = {});
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void write(std::string_view bytes);
  /// Writes what is buffered, fsyncs and closes the file (each step checked).
  void finish();
  /// finish() (if not done), then renames over the target.
  void commit();
  const std::filesystem::path& target() const noexcept { return out_.target(); }

 private:
  void write_buffer();
  void write_all(std::string_view bytes);
  AtomicOutput out_;
  int fd_ = -1;
  std::string buffer_;
};

/// The outputs of one command, published together: each file is written in full to its
/// temporary sibling first (AtomicFileWriter), and commit() renames them all in the order
/// they were added. When anything fails before commit() ends — a full disk while writing
/// the third file, a rename — every temporary is removed, the files already renamed are
/// removed, and so are the directories create_directories() made (when empty): no partial
/// result set and no empty output directory is left.
class OutputTransaction {
 public:
  explicit OutputTransaction(std::vector<std::filesystem::path> inputs = {});
  ~OutputTransaction();
  OutputTransaction(const OutputTransaction&) = delete;
  OutputTransaction& operator=(const OutputTransaction&) = delete;

  /// Creates `dir` and its missing parents. Throws Error (Io) naming the directory and the
  /// OS reason when it cannot (e.g. a file is in the way, permission denied).
  void create_directories(const std::filesystem::path& dir);
  /// A new output file (inputs refused, Io errors as AtomicFileWriter); write to it, then
  /// commit() the transaction.
  AtomicFileWriter& add(const std::filesystem::path& target);
  /// add(target) and write `content` to it.
  void write_text(const std::filesystem::path& target, std::string_view content);
  /// Finishes every file (write, fsync, close), then renames each over its target.
  void commit();

 private:
  std::vector<std::filesystem::path> inputs_;
  std::vector<std::unique_ptr<AtomicFileWriter>> files_;
  std::vector<std::filesystem::path> created_dirs_;  ///< outermost first
  bool committed_ = false;
};

/// Writes `content` to `target` atomically (AtomicFileWriter).
void write_text_atomic(const std::filesystem::path& target, std::string_view content,
                       const std::vector<std::filesystem::path>& inputs = {});

/// Throws equiroute::Error (BadInput) if `output` resolves to the same file as one of
/// `inputs`.
void refuse_overwriting_inputs(const std::filesystem::path& output,
                               const std::vector<std::filesystem::path>& inputs);

}  // namespace equiroute::geodata
