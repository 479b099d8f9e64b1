#pragma once
// Checks on OSM data read with libosmium before anything walks it (private to geodata).

#include <osmium/memory/buffer.hpp>
#include <string>

namespace equiroute::geodata {

/// Throws Error (BadInput, naming the file and the object) when an object in `buffer` has a
/// tag list that libosmium cannot walk safely. libosmium 2.19 (Debian 12) walks tag lists
/// with strlen, so a key or value with a zero byte inside — which a PBF string table can hold
/// (XML cannot) — shifts every following tag, and an odd number of zero bytes makes the walk
/// run past the end of the list (a heap overflow found by fuzz/osm_roads). Call it on every
/// buffer before the buffer's objects are handled, including by libosmium's own managers.
void check_osm_buffer(const osmium::memory::Buffer& buffer, const std::string& path);

}  // namespace equiroute::geodata
