#include "equiroute/geodata/text_encoding.hpp"

#include <fmt/format.h>
#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <vector>

#include "equiroute/core/error.hpp"

namespace equiroute::geodata {

namespace {

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string lower_alnum(const std::string& s) {
  std::string out;
  for (unsigned char c : s)
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
  return out;
}

}  // namespace

/// One iconv conversion descriptor.
struct TextDecoder::Iconv {
  iconv_t cd;

  Iconv(const std::string& to, const std::string& from)
      : cd(iconv_open(to.c_str(), from.c_str())) {}
  ~Iconv() {
    if (ok()) iconv_close(cd);
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  bool ok() const { return cd != reinterpret_cast<iconv_t>(-1); }

  /// Converts all of `in`; on an invalid or incomplete sequence returns false and sets
  /// `bad_offset` and `truncated` (the input ends inside a character).
  bool convert(std::string_view in, std::string& out, std::size_t& bad_offset, bool& truncated) {
    iconv(cd, nullptr, nullptr, nullptr, nullptr);  // initial shift state
    // GB18030 needs at most 4 output bytes of UTF-8 per input byte; UTF-32 needs 4 per byte.
    std::vector<char> buffer(in.size() * 4 + 16);
    // iconv's interface takes char** for the input although it does not write to it.
    char* src = const_cast<char*>(in.data());
    std::size_t src_left = in.size();
    char* dst = buffer.data();
    std::size_t dst_left = buffer.size();
    bool good = iconv(cd, &src, &src_left, &dst, &dst_left) != static_cast<std::size_t>(-1);
    if (good) good = iconv(cd, nullptr, nullptr, &dst, &dst_left) != static_cast<std::size_t>(-1);
    if (!good) {
      truncated = errno == EINVAL;
      bad_offset = in.size() - src_left;
      return false;
    }
    out.assign(buffer.data(), buffer.size() - dst_left);
    return true;
  }
};

namespace {
std::string& given_encoding_storage() {
  static std::string encoding;
  return encoding;
}
}  // namespace

void set_given_encoding(const std::string& encoding) {
  if (!encoding.empty()) TextDecoder check(encoding);  // unknown names fail here, once
  given_encoding_storage() = encoding;
}

const std::string& given_encoding() { return given_encoding_storage(); }

bool is_utf8_name(const std::string& encoding) { return lower_alnum(encoding) == "utf8"; }

bool is_valid_utf8(std::string_view text) {
  if (is_ascii(text)) return true;
  thread_local TextDecoder validator("UTF-8");
  return validator.decode(text).has_value();
}

std::string printable_utf8(std::string_view text) {
  if (is_valid_utf8(text)) return std::string(text);
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    out += byte < 0x80 ? std::string(1, c) : fmt::format("\\x{:02X}", byte);
  }
  return out;
}

TextDecoder::TextDecoder(const std::string& encoding)
    : encoding_(encoding), utf8_(is_utf8_name(encoding)) {
  // UTF-8 is validated by converting to UTF-32, whose glibc converter is strict (overlong
  // forms, surrogates and code points above U+10FFFF are errors); UTF-8 → UTF-8 is not.
  to_utf8_ = std::make_unique<Iconv>(utf8_ ? "UTF-32LE" : "UTF-8", utf8_ ? "UTF-8" : encoding);
  if (!to_utf8_->ok()) {
    throw Error("unknown text encoding '" + encoding + "'", {}, ErrorKind::BadInput,
                "give an encoding iconv knows, e.g. UTF-8, GBK, GB18030, Big5 (`iconv -l` lists "
                "them)");
  }
}

TextDecoder::~TextDecoder() = default;
TextDecoder::TextDecoder(TextDecoder&&) noexcept = default;
TextDecoder& TextDecoder::operator=(TextDecoder&&) noexcept = default;

std::optional<std::string> TextDecoder::decode(std::string_view bytes, DecodeFailure* failure) {
  if (is_ascii(bytes)) return std::string(bytes);  // ASCII is the same in every encoding used
  std::string out;
  std::size_t bad = 0;
  bool truncated = false;
  if (to_utf8_->convert(bytes, out, bad, truncated)) return utf8_ ? std::string(bytes) : out;
  if (failure) {
    failure->offset = bad;
    failure->description = truncated || bad >= bytes.size()
                               ? fmt::format("truncated character at offset {}", bad)
                               : fmt::format("byte 0x{:02X} at offset {}",
                                             static_cast<unsigned char>(bytes[bad]), bad);
  }
  return std::nullopt;
}

std::optional<std::string> TextDecoder::encode(std::string_view utf8) {
  if (utf8_ || is_ascii(utf8)) return std::string(utf8);
  if (!from_utf8_) from_utf8_ = std::make_unique<Iconv>(encoding_, "UTF-8");
  std::string out;
  std::size_t bad = 0;
  bool truncated = false;
  if (!from_utf8_->ok() || !from_utf8_->convert(utf8, out, bad, truncated)) return std::nullopt;
  return out;
}

}  // namespace equiroute::geodata
