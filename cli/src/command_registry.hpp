#pragma once
// Subcommands register themselves here (one file per subcommand), so adding a command
// never edits main.cpp. Order of registration does not matter: help lists them by name.

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace equiroute::cli {

/// A function that adds one subcommand (with its callback) to the root app.
using CommandSetup = std::function<void(CLI::App& root)>;

std::vector<CommandSetup>& command_registry();

/// Exit code a command's callback wants main() to return (default 0).
int& command_exit_code();

/// Static registrar: `const RegisterCommand reg{[](CLI::App& root) { ... }};`
struct RegisterCommand {
  explicit RegisterCommand(CommandSetup setup) { command_registry().push_back(std::move(setup)); }
};

}  // namespace equiroute::cli
