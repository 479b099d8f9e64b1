#pragma once
// Atomic outputs: write to a temporary sibling, rename over the target on success.
// A failed or interrupted write never leaves a half-written file under the final name,
// and an output path that is one of the run's inputs is refused.

#include <filesystem>
#include <string>
#include <vector>

namespace equiroute::geodata {

/// A temporary path next to `target` (same directory, so rename is atomic), removed on
/// destruction unless commit() was called. Works for files and for directories.
class AtomicOutput {
 public:
  /// Throws equiroute::Error when `target` is one of `inputs` (same file after
  /// canonicalisation) or its directory does not exist.
  explicit AtomicOutput(std::filesystem::path target,
                        const std::vector<std::filesystem::path>& inputs = {});
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  /// Where to write now.
  const std::filesystem::path& temp_path() const noexcept { return temp_; }
  const std::filesystem::path& target() const noexcept { return target_; }
  /// Renames the temporary over the target (replacing an earlier output).
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  bool committed_ = false;
};

/// Writes `content` to `target` atomically.
void write_text_atomic(const std::filesystem::path& target, const std::string& content,
                       const std::vector<std::filesystem::path>& inputs = {});

/// Throws equiroute::Error if `output` resolves to the same file as one of `inputs`.
void refuse_overwriting_inputs(const std::filesystem::path& output,
                               const std::vector<std::filesystem::path>& inputs);

}  // namespace equiroute::geodata
