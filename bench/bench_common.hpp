#pragma once
// Helpers shared by the benchmark programs: clocks (wall, process and thread CPU), the load
// average, peak memory, medians, and reading id,lon,lat point files.

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "equiroute/core/geo_types.hpp"

namespace equiroute::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// CPU seconds of the calling thread.
inline double thread_cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

/// CPU seconds of the whole process, all threads (user + system).
inline double process_cpu_s() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  const auto tv = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec);
  };
  return tv(ru.ru_utime) + tv(ru.ru_stime);
}

/// 1-minute load average: the machine's 2 cores are shared, so wall times are read with it.
inline double load_average_1min() {
  std::ifstream in("/proc/loadavg");
  double load = -1.0;
  in >> load;
  return load;
}

inline double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

/// A field of /proc/self/status in kB (VmHWM = peak resident set, VmRSS = current).
inline double proc_status_kb(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stod(line.substr(field.size() + 1));
  }
  return -1.0;
}

/// Peak resident set size of this process in KiB (VmHWM), or -1.
inline long peak_rss_kb() { return static_cast<long>(proc_status_kb("VmHWM")); }

/// Resets VmHWM to the current RSS (Linux ≥ 4.0: "5" to clear_refs), so that each stage's
/// peak is its own. Returns false when the kernel refuses.
inline bool reset_peak_rss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

inline std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

/// id,lon,lat CSV as written by write_synthetic_points (no quoting); at most `limit` points.
inline std::vector<LonLat> read_points_csv(const std::filesystem::path& path,
                                           std::size_t limit = static_cast<std::size_t>(-1)) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::string line;
  std::getline(in, line);
  std::vector<LonLat> points;
  while (points.size() < limit && std::getline(in, line)) {
    std::stringstream ss(line);
    std::string id, lon, lat;
    std::getline(ss, id, ',');
    std::getline(ss, lon, ',');
    std::getline(ss, lat, ',');
    if (!lat.empty()) points.push_back({std::stod(lon), std::stod(lat)});
  }
  return points;
}

/// Wall and CPU time of one call.
struct Timed {
  double wall_s = 0.0;
  double cpu_s = 0.0;
};
template <class F>
Timed timed(F&& f) {
  const auto t = Clock::now();
  const double c = process_cpu_s();
  f();
  return {seconds_since(t), process_cpu_s() - c};
}

/// Median wall and CPU seconds of each of several variants of one computation (e.g. the
/// methods of a table query): one untimed call of each first — the first touch of a freshly
/// mapped network and the thread pool's start-up would otherwise be charged to whichever
/// variant runs first, up to twice its time on millisecond tables — then `runs` rounds of
/// every variant, each round starting one variant later, so that every variant runs as
/// often in each position (what the allocator left behind differs by position: ~0.4 ms of a
/// 2 ms table on andorra). Give `runs` as a multiple of the number of variants.
template <class Variant, class F>
std::vector<Timed> median_times_interleaved(const std::vector<Variant>& variants, std::size_t runs,
                                            F&& call) {
  for (const auto& v : variants) call(v);
  std::vector<std::vector<double>> wall(variants.size()), cpu(variants.size());
  for (std::size_t r = 0; r < runs; ++r)
    for (std::size_t k = 0; k < variants.size(); ++k) {
      const std::size_t i = (r + k) % variants.size();
      const Timed t = timed([&] { call(variants[i]); });
      wall[i].push_back(t.wall_s);
      cpu[i].push_back(t.cpu_s);
    }
  std::vector<Timed> out;
  for (std::size_t i = 0; i < variants.size(); ++i)
    out.push_back({median(wall[i]), median(cpu[i])});
  return out;
}

}  // namespace equiroute::bench
