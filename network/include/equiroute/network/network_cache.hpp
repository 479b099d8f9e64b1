#pragma once
// A cache of prepared networks in a directory, keyed by the road file's SHA-256 and the
// profile's hash, so that `run` and `batch` prepare a network once however many runs (and
// processes) use it, and later runs map it in well under a second.

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "equiroute/network/routing_network.hpp"

namespace equiroute::network {

class NetworkCache {
 public:
  /// `directory` is created when missing; `threads` contract new entries (0: all cores).
  explicit NetworkCache(std::filesystem::path directory, unsigned threads = 0);

  /// The network for `options`. An `.eqnet` path is opened as it is (checked against the
  /// profile like load_routing_network). A road file is looked up by (SHA-256 of the file,
  /// hash of profile_json()): mapped when it was prepared before, otherwise prepared into
  /// the cache first (prepare_network). Networks are shared between callers while any
  /// holds them. Thread-safe; processes sharing the directory serialise on a lock file
  /// per entry, so each entry is prepared once. A damaged entry is prepared again. Throws
  /// what load_routing_network and prepare_network throw.
  std::shared_ptr<const RoutingNetwork> get(const NetworkOptions& options);

  /// The entry file for a road file and options: `<file stem>-<first 16 hex digits of the
  /// file's SHA-256>-<first 16 of the profile's>.eqnet` in the directory.
  std::filesystem::path entry_path(const NetworkOptions& options);

  const std::filesystem::path& directory() const noexcept { return directory_; }
  /// Entries prepared by this object (for logs and tests).
  std::size_t prepared_count() const noexcept { return prepared_; }

 private:
  std::string input_sha256(const std::filesystem::path& path);
  std::shared_ptr<const RoutingNetwork> load_or_prepare(const NetworkOptions& options,
                                                        const std::filesystem::path& entry);

  std::filesystem::path directory_;
  unsigned threads_;
  std::mutex mutex_;
  std::map<std::string, std::weak_ptr<const RoutingNetwork>> loaded_;  ///< by entry path
  std::map<std::string, std::string> hashes_;  ///< "path|size|mtime" → SHA-256
  std::size_t prepared_ = 0;
};

/// The process-wide cache of `directory` (one object per directory, created on first use;
/// `threads` contract new entries, taken from the first call), so that every step of a run
/// and every command of a process share the networks it holds. Thread-safe.
NetworkCache& shared_network_cache(const std::filesystem::path& directory, unsigned threads = 0);

/// The network for `options`: through the cache in `cache_directory` when one is given
/// (prepared there once, mapped by every later run and process), otherwise read for this
/// call (load_routing_network: an `.eqnet` path is mapped, a road file built). Throws what
/// those throw.
std::shared_ptr<const RoutingNetwork> open_network(const NetworkOptions& options,
                                                   const std::filesystem::path& cache_directory,
                                                   unsigned threads = 0);

}  // namespace equiroute::network
