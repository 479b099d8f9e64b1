#pragma once
// A read-only array that either owns its elements (built in memory) or views memory owned
// elsewhere (a prepared network mapped from a file), so that the routing structures are
// used in place after loading, without copying or rebuilding anything.

#include <cstddef>
#include <span>
#include <utility>
#include <vector>

namespace equiroute::engine {

template <class T>
class FlatArray {
 public:
  FlatArray() = default;
  /// Owns `values`.
  FlatArray(std::vector<T> values)  // NOLINT(google-explicit-constructor): built from vectors
      : owned_(std::move(values)), data_(owned_.data()), size_(owned_.size()) {}
  /// Views memory that the caller keeps alive for the array's lifetime.
  static FlatArray view(std::span<const T> values) {
    FlatArray a;
    a.data_ = values.data();
    a.size_ = values.size();
    return a;
  }

  FlatArray(const FlatArray& other)
      : owned_(other.owned_),
        data_(other.owns() ? owned_.data() : other.data_),
        size_(other.size_) {}
  FlatArray& operator=(const FlatArray& other) {
    if (this != &other) *this = FlatArray(other);
    return *this;
  }
  // Moving a vector keeps its buffer, so data_ stays valid.
  FlatArray(FlatArray&& other) noexcept
      : owned_(std::move(other.owned_)), data_(other.data_), size_(other.size_) {
    other.data_ = nullptr;
    other.size_ = 0;
  }
  FlatArray& operator=(FlatArray&& other) noexcept {
    owned_ = std::move(other.owned_);
    data_ = other.data_;
    size_ = other.size_;
    other.data_ = nullptr;
    other.size_ = 0;
    return *this;
  }
  ~FlatArray() = default;

  const T* data() const noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  const T& operator[](std::size_t i) const noexcept { return data_[i]; }
  const T* begin() const noexcept { return data_; }
  const T* end() const noexcept { return data_ + size_; }
  std::span<const T> span() const noexcept { return {data_, size_}; }
  operator std::span<const T>() const noexcept {  // NOLINT(google-explicit-constructor)
    return span();
  }
  /// True when the elements live in this object (not in mapped memory).
  bool owns() const noexcept { return size_ == 0 || data_ == owned_.data(); }
  /// Bytes of the elements (owned or viewed).
  std::size_t bytes() const noexcept { return size_ * sizeof(T); }

 private:
  std::vector<T> owned_;
  const T* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace equiroute::engine
