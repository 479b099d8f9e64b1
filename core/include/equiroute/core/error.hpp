#pragma once
// The one exception type of equiroute. Every module throws it (or a subclass) with the
// context a user needs to find the problem: file, layer, feature id and field.
// The CLI is the only catch site; it prints what() plus the hint and exits with exit_code().

#include <stdexcept>
#include <string>
#include <utility>

namespace equiroute {

/// Where in the input the problem is. Empty members are simply not printed.
struct ErrorContext {
  std::string file;
  std::string layer;
  std::string feature_id;
  std::string field;
};

/// What went wrong, and the process exit code the CLI returns for it (docs/errors.md):
/// - BadInput (2): the user's input or options are wrong; fixing them fixes the run.
/// - Io (3): an output (or a temporary file) could not be created, written or moved into
///   place: permissions, a full disk, a path that is a directory. Inputs are fine.
/// - Internal (1): a bug or an unexpected library failure.
enum class ErrorKind { Internal = 1, BadInput = 2, Io = 3 };

/// Error with context. what() is one line: "file 'a.csv', layer 'x', feature 12, field 'pop':
/// message".
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, ErrorContext context = {},
                 ErrorKind kind = ErrorKind::BadInput, std::string hint = {})
      : std::runtime_error(format(message, context)),
        context_(std::move(context)),
        kind_(kind),
        hint_(std::move(hint)) {}

  const ErrorContext& context() const noexcept { return context_; }
  ErrorKind kind() const noexcept { return kind_; }
  int exit_code() const noexcept { return static_cast<int>(kind_); }
  /// Optional advice printed on a second line ("available fields: a, b, c").
  const std::string& hint() const noexcept { return hint_; }

 private:
  static std::string format(const std::string& message, const ErrorContext& c) {
    std::string where;
    auto add = [&where](const std::string& part) {
      if (!where.empty()) where += ", ";
      where += part;
    };
    if (!c.file.empty()) add("file '" + c.file + "'");
    if (!c.layer.empty()) add("layer '" + c.layer + "'");
    if (!c.feature_id.empty()) add("feature " + c.feature_id);
    if (!c.field.empty()) add("field '" + c.field + "'");
    return where.empty() ? message : where + ": " + message;
  }

  ErrorContext context_;
  ErrorKind kind_;
  std::string hint_;
};

}  // namespace equiroute
