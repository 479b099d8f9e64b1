// equiroute command-line entry point: the only place that catches exceptions.
// Exit codes (docs/errors.md): 0 success, 2 bad input, 3 an output could not be written,
// 1 internal failure; `batch` returns the number of failed runs (capped at 125) or 128 +
// the signal that interrupted it.

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>

#include "command_registry.hpp"
#include "equiroute/core/error.hpp"
#include "equiroute/geodata/text_encoding.hpp"
#include "equiroute/version.hpp"

namespace equiroute::cli {

std::vector<CommandSetup>& command_registry() {
  static std::vector<CommandSetup> registry;
  return registry;
}

int& command_exit_code() {
  static int code = 0;
  return code;
}

}  // namespace equiroute::cli

int main(int argc, char** argv) {
  using namespace equiroute;
  auto logger = spdlog::stderr_color_mt("equiroute");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%^%l%$: %v");

  CLI::App app{"equiroute: geographic accessibility and equity of health services"};
  app.set_version_flag("--version", std::string("equiroute ") + kVersion);
  app.require_subcommand(1);
  bool quiet = false;
  std::string log_level = "info";
  app.add_flag("-q,--quiet", quiet, "Only print warnings and errors");
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  std::string encoding;
  app.add_option("--encoding", encoding,
                 "Text encoding of the inputs (e.g. GBK); default: the .cpg, else UTF-8, else "
                 "GB18030 (docs/geodata.md)");
  app.parse_complete_callback([&] {
    spdlog::set_level(quiet ? spdlog::level::warn : spdlog::level::from_str(log_level));
    geodata::set_given_encoding(encoding);
  });
  for (const auto& setup : cli::command_registry()) setup(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    if (!e.hint().empty()) std::fprintf(stderr, "hint: %s\n", e.hint().c_str());
    return e.exit_code();
  } catch (const std::filesystem::filesystem_error& e) {
    // A file system call that no equiroute code turned into an Error: an I/O failure all
    // the same (permissions, a full disk), naming the path and the OS reason.
    std::fprintf(stderr, "error: file '%s': %s\n", e.path1().string().c_str(),
                 e.code().message().c_str());
    return static_cast<int>(ErrorKind::Io);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "internal error: %s\n", e.what());
    return 1;
  }
  return cli::command_exit_code();
}
