#pragma once
// Text encodings of input files. Every string that leaves a geodata reader is UTF-8; text in
// another encoding (GBK/GB18030 in Chinese Shapefiles and Excel CSV exports) is converted
// with iconv (glibc), and a byte that does not decode is reported by position, never dropped.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace equiroute::geodata {

/// The encoding assumed for text that is not valid UTF-8 when none is declared or given:
/// GB18030 is a superset of GBK/CP936 and GB2312 (Chinese national standard GB 18030-2005),
/// so every GBK file decodes with it.
inline constexpr const char* kFallbackEncoding = "GB18030";

/// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points above
/// U+10FFFF: what JSON writers and GIS software accept).
bool is_valid_utf8(std::string_view text);

/// `text` when it is valid UTF-8; otherwise every byte above 0x7F written as \xNN. For
/// library messages (GDAL, libosmium) that may quote raw bytes of a file: an Error's message
/// is printed and written into JSON, which needs valid UTF-8.
std::string printable_utf8(std::string_view text);

/// Where decoding failed: the byte offset in the input and a short description such as
/// "byte 0xFF at offset 3".
struct DecodeFailure {
  std::size_t offset = 0;
  std::string description;
};

/// Converts text from one named encoding ("UTF-8", "GBK", "GB18030", "CP936", "Big5",
/// "ISO-8859-1", ... anything iconv knows) to UTF-8. Not thread-safe (iconv keeps state);
/// use one decoder per thread.
class TextDecoder {
 public:
  /// Throws equiroute::Error (BadInput) when iconv does not know `encoding`.
  explicit TextDecoder(const std::string& encoding);
  ~TextDecoder();
  TextDecoder(TextDecoder&&) noexcept;
  TextDecoder& operator=(TextDecoder&&) noexcept;

  /// The encoding name as given.
  const std::string& encoding() const noexcept { return encoding_; }
  /// True for UTF-8 (which is validated, not converted).
  bool is_utf8() const noexcept { return utf8_; }

  /// UTF-8 text of `bytes`; std::nullopt when a byte sequence is invalid in the encoding (or
  /// the text ends inside a character), with `failure` (if given) telling where.
  std::optional<std::string> decode(std::string_view bytes, DecodeFailure* failure = nullptr);

  /// `utf8` converted into this encoding (for attribute filters compared with raw bytes);
  /// std::nullopt when it cannot be represented.
  std::optional<std::string> encode(std::string_view utf8);

 private:
  struct Iconv;
  std::string encoding_;
  bool utf8_ = false;
  std::unique_ptr<Iconv> to_utf8_;    ///< encoding → UTF-8 (UTF-8 → UTF-32 for validation)
  std::unique_ptr<Iconv> from_utf8_;  ///< UTF-8 → encoding, opened on first use
};

/// The text encoding the user gave for every input of this process (`equiroute --encoding`,
/// a scenario's `encoding`): read_features and the dataset description use it wherever
/// ReadOptions::encoding is empty, in place of a declared (.cpg) or detected encoding.
/// Throws equiroute::Error (BadInput) when iconv does not know `encoding`; "" clears it.
/// One setting per process (the CLI sets it before a command runs; batch runs are processes
/// of their own).
void set_given_encoding(const std::string& encoding);
/// The encoding given by set_given_encoding ("" when none).
const std::string& given_encoding();

/// True for the names of UTF-8 ("UTF-8", "utf8", "UTF8", case-insensitive).
bool is_utf8_name(const std::string& encoding);

}  // namespace equiroute::geodata
