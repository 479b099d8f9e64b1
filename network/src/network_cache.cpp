#include "equiroute/network/network_cache.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include "equiroute/core/error.hpp"
#include "equiroute/network/prepared_network.hpp"

namespace equiroute::network {
namespace {

/// An exclusive flock on a lock file, released on destruction (also when the process dies).
class FileLock {
 public:
  explicit FileLock(const std::filesystem::path& path)
      : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    if (fd_ < 0)
      throw Error("cannot create the lock file of the network cache", {.file = path.string()},
                  ErrorKind::Io);
    while (flock(fd_, LOCK_EX) != 0) {
      if (errno != EINTR) {
        ::close(fd_);
        throw Error("cannot lock the network cache", {.file = path.string()}, ErrorKind::Io);
      }
    }
  }
  ~FileLock() {
    flock(fd_, LOCK_UN);
    ::close(fd_);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

}  // namespace

NetworkCache::NetworkCache(std::filesystem::path directory, unsigned threads)
    : directory_(std::move(directory)), threads_(threads) {
  std::error_code ec;
  std::filesystem::create_directories(directory_, ec);
  if (ec)
    throw Error("cannot create the network cache directory: " + ec.message(),
                {.file = directory_.string()}, ErrorKind::Io);
}

std::string NetworkCache::input_sha256(const std::filesystem::path& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  const auto mtime = std::filesystem::last_write_time(path, ec);
  if (ec) throw Error("cannot read the road network", {.file = path.string()});
  const std::string key = fmt::format("{}|{}|{}", std::filesystem::absolute(path).string(), size,
                                      mtime.time_since_epoch().count());
  if (const auto it = hashes_.find(key); it != hashes_.end()) return it->second;
  return hashes_[key] = file_sha256(path);
}

std::filesystem::path NetworkCache::entry_path(const NetworkOptions& options) {
  const std::filesystem::path input(options.path);
  const bool line_layer = !geodata::is_osm_path(options.path);
  std::string stem = input.filename().string();
  stem = stem.substr(0, stem.find('.'));
  return directory_ / fmt::format("{}-{}-{}.eqnet", stem, input_sha256(input).substr(0, 16),
                                  profile_sha256(options, line_layer).substr(0, 16));
}

std::shared_ptr<const RoutingNetwork> NetworkCache::load_or_prepare(
    const NetworkOptions& options, const std::filesystem::path& entry) {
  const FileLock lock(entry.string() + ".lock");
  NetworkOptions prepared = options;
  prepared.path = entry.string();
  std::error_code ec;
  if (std::filesystem::exists(entry, ec)) {
    try {
      std::shared_ptr<const RoutingNetwork> net = load_routing_network(prepared);
      if (net->input_sha256 == input_sha256(options.path)) return net;
      spdlog::warn("network cache: {} was prepared from another file; preparing it again",
                   entry.string());
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::BadInput) throw;
      spdlog::warn("network cache: {}; preparing it again", e.what());
    }
  }
  spdlog::info("network cache: preparing {} into {}", options.path, entry.string());
  prepare_network(options, entry, threads_);
  ++prepared_;
  return load_routing_network(prepared);
}

std::shared_ptr<const RoutingNetwork> NetworkCache::get(const NetworkOptions& options) {
  if (is_prepared_network(options.path)) return load_routing_network(options);
  const std::lock_guard<std::mutex> guard(mutex_);
  const std::filesystem::path entry = entry_path(options);
  if (auto net = loaded_[entry.string()].lock()) return net;
  auto net = load_or_prepare(options, entry);
  loaded_[entry.string()] = net;
  return net;
}

}  // namespace equiroute::network
