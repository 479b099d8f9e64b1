#pragma once
// A full disk for tests of the output error model (docs/geodata.md, "Errors when writing").
//
// FullDisk gives a directory where writing more than `capacity` bytes fails, by one of two
// mechanisms, chosen once per process:
//  - a tmpfs of that size mounted on the directory (the real thing: ENOSPC, "No space
//    left on device"), when the process may mount — root outside a restricted container,
//    as on a fresh Debian 12 CI machine;
//  - otherwise a file-size limit (RLIMIT_FSIZE, with SIGXFSZ ignored so that the write
//    fails with EFBIG, "File too large" instead of killing the process), which any user
//    may set. It limits each file rather than the directory, so outputs must be larger
//    than `capacity` for the test to bite. EQUIROUTE_FULL_DISK=rlimit forces this one.
// Either way every write beyond the capacity fails in the kernel, whatever library makes it.
//
// In-process code runs inside `disk.limit()` (a scope guard); a command (the CLI) runs
// through `disk.wrap(command)`, which applies the same limit to the child only. The test
// harness drives `equiroute run|equity|access|graph-export -o <disk.path()/out>` that way.

#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace equiroute::test {

class FullDisk {
 public:
  /// The reasons a write to the full disk may give, one of which the error must name.
  static constexpr const char* kNoSpace = "No space left on device";
  static constexpr const char* kTooLarge = "File too large";

  FullDisk(std::filesystem::path dir, std::size_t capacity)
      : dir_(std::move(dir)), capacity_(capacity) {
    std::filesystem::create_directories(dir_);
    const std::string options = "size=" + std::to_string(capacity_);
    // EQUIROUTE_FULL_DISK=rlimit tests the fallback where mounting would work too.
    const char* force = std::getenv("EQUIROUTE_FULL_DISK");
    if (force == nullptr || std::string(force) != "rlimit")
      mounted_ =
          ::mount("tmpfs", dir_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0;
  }
  ~FullDisk() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  FullDisk(const FullDisk&) = delete;
  FullDisk& operator=(const FullDisk&) = delete;

  const std::filesystem::path& path() const { return dir_; }
  std::filesystem::path operator/(const std::string& name) const { return dir_ / name; }
  /// True when a real tmpfs is mounted (ENOSPC), false for the file-size limit (EFBIG).
  bool is_tmpfs() const { return mounted_; }
  /// The OS reason a failed write reports.
  const char* reason() const { return mounted_ ? kNoSpace : kTooLarge; }

  /// While alive, writes in this process beyond the capacity fail (no-op for tmpfs).
  class Limit {
   public:
    Limit(bool active, std::size_t capacity) : active_(active) {
      if (!active_) return;
      old_handler_ = ::signal(SIGXFSZ, SIG_IGN);
      ::getrlimit(RLIMIT_FSIZE, &old_);
      rlimit limit = old_;
      limit.rlim_cur = capacity;
      if (::setrlimit(RLIMIT_FSIZE, &limit) != 0)
        throw std::runtime_error(std::string("setrlimit: ") + std::strerror(errno));
    }
    ~Limit() {
      if (!active_) return;
      ::setrlimit(RLIMIT_FSIZE, &old_);
      ::signal(SIGXFSZ, old_handler_);
    }
    Limit(const Limit&) = delete;
    Limit& operator=(const Limit&) = delete;

   private:
    bool active_;
    rlimit old_{};
    sighandler_t old_handler_ = SIG_DFL;
  };
  Limit limit() const { return Limit(!mounted_, capacity_); }

  /// `command` (a shell command line) run with the limit: unchanged on tmpfs, else through
  /// bash with SIGXFSZ ignored and `ulimit -f` (1024-byte blocks) set for the child only.
  std::string wrap(const std::string& command) const {
    if (mounted_) return command;
    const std::size_t blocks = (capacity_ + 1023) / 1024;
    std::string quoted;
    for (char c : command) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return "bash -c 'trap \"\" XFSZ; ulimit -S -f " + std::to_string(blocks) + "; " + quoted + "'";
  }

 private:
  std::filesystem::path dir_;
  std::size_t capacity_;
  bool mounted_ = false;
};

}  // namespace equiroute::test
