#include "osm_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <osmium/osm/object.hpp>
#include <osmium/osm/tag.hpp>

#include "equiroute/core/error.hpp"

namespace equiroute::geodata {

namespace {

/// True when the tag list's bytes are key\0value\0 pairs: an even number of zero bytes, the
/// last byte one of them. Only the list's own size is trusted (it is explicit in the item).
bool well_formed(const osmium::TagList& tags) {
  const unsigned char* begin = tags.data() + sizeof(osmium::TagList);
  const unsigned char* end = tags.data() + tags.byte_size();
  if (begin >= end) return true;
  if (*(end - 1) != 0) return false;
  return std::count(begin, end, 0) % 2 == 0;
}

}  // namespace

void check_osm_buffer(const osmium::memory::Buffer& buffer, const std::string& path) {
  for (const auto& object : buffer.select<osmium::OSMObject>()) {
    if (well_formed(object.tags())) continue;
    throw Error(fmt::format("malformed OSM data: {} {} has a tag with a zero byte inside",
                            osmium::item_type_to_name(object.type()), object.id()),
                {.file = path}, ErrorKind::BadInput, "the file is damaged; download it again");
  }
}

}  // namespace equiroute::geodata
