// Helpers shared by the benchmark programs.
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>

namespace equiroute::bench {

/// Peak resident set size of this process in KiB (VmHWM of /proc/self/status; Linux), or -1.
inline long peak_rss_kb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

}  // namespace equiroute::bench
