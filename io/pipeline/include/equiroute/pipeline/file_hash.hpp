#pragma once
// SHA-256 of files (OpenSSL EVP), for run manifests: they let a user (and `batch --resume`)
// check that a result was made from exactly these inputs.

#include <filesystem>
#include <string>

namespace equiroute::io {

/// Lower-case hex SHA-256 of the file's bytes. Throws equiroute::Error naming the file when
/// it cannot be read.
std::string file_sha256(const std::filesystem::path& path);

}  // namespace equiroute::io
