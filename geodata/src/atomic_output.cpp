#include "equiroute/geodata/atomic_output.hpp"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <system_error>

#include "equiroute/core/error.hpp"

namespace equiroute::geodata {

namespace fs = std::filesystem;

void refuse_overwriting_inputs(const fs::path& output, const std::vector<fs::path>& inputs) {
  std::error_code ec;
  if (!fs::exists(output, ec)) return;
  for (const auto& input : inputs) {
    if (fs::exists(input, ec) && fs::equivalent(output, input, ec)) {
      throw Error("refusing to overwrite an input with an output", {.file = output.string()});
    }
  }
}

AtomicOutput::AtomicOutput(fs::path target, const std::vector<fs::path>& inputs)
    : target_(std::move(target)) {
  refuse_overwriting_inputs(target_, inputs);
  fs::path dir = target_.parent_path().empty() ? fs::path(".") : target_.parent_path();
  if (!fs::is_directory(dir)) {
    throw Error("output directory does not exist", {.file = target_.string()});
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

void AtomicOutput::commit() {
  std::error_code ec;
  if (fs::is_directory(target_, ec) && fs::is_directory(temp_, ec)) fs::remove_all(target_, ec);
  fs::rename(temp_, target_, ec);
  if (ec) {
    throw Error("cannot move the finished output into place: " + ec.message(),
                {.file = target_.string()}, ErrorKind::Internal);
  }
  committed_ = true;
}

void write_text_atomic(const fs::path& target, const std::string& content,
                       const std::vector<fs::path>& inputs) {
  AtomicOutput out(target, inputs);
  {
    std::ofstream file(out.temp_path(), std::ios::binary);
    file << content;
    file.flush();
    if (!file) throw Error("cannot write", {.file = target.string()}, ErrorKind::Internal);
  }
  out.commit();
}

}  // namespace equiroute::geodata
