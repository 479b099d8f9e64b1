// One entry point for every command that takes a network: a prepared network (.eqnet), a road
// file read for this call, or a road file through the network cache (prepared once).

#include <map>
#include <memory>
#include <mutex>

#include "equiroute/network/network_cache.hpp"

namespace equiroute::network {

NetworkCache& shared_network_cache(const std::filesystem::path& directory, unsigned threads) {
  static std::mutex mutex;
  static std::map<std::filesystem::path, std::unique_ptr<NetworkCache>> caches;
  const std::lock_guard<std::mutex> guard(mutex);
  const auto key = std::filesystem::absolute(directory).lexically_normal();
  auto& cache = caches[key];
  if (!cache) cache = std::make_unique<NetworkCache>(key, threads);
  return *cache;
}

std::shared_ptr<const RoutingNetwork> open_network(const NetworkOptions& options,
                                                   const std::filesystem::path& cache_directory,
                                                   unsigned threads) {
  if (cache_directory.empty()) return load_routing_network(options);
  return shared_network_cache(cache_directory, threads).get(options);
}

}  // namespace equiroute::network
