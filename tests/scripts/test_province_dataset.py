"""Unit tests of the national data build (scripts/build_province_dataset.py and
scripts/echarts_geojson.py) on hand-made inputs whose results are worked out by hand.
Run by ctest (scripts.province_dataset) as `python3 -m unittest`."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "scripts"))
import build_province_dataset as build  # noqa: E402
from echarts_geojson import decode_geometry, interior_point  # noqa: E402


class DecodeTest(unittest.TestCase):
    # offsets (100, 200), scale 1024. Pairs are zigzag deltas + 64: '@' = 0, 'A' = -1,
    # 'B' = +1, 'C' = -2, 'D' = +2.
    def test_polygon_ring_is_delta_decoded_and_scaled(self):
        geometry = {"type": "Polygon", "coordinates": ["@@DACB"], "encodeOffsets": [[100, 200]]}
        ring = decode_geometry(geometry)["coordinates"][0]
        self.assertEqual(ring, [[100 / 1024, 200 / 1024], [102 / 1024, 199 / 1024],
                                [100 / 1024, 200 / 1024]])

    def test_open_ring_is_closed(self):
        geometry = {"type": "Polygon", "coordinates": ["@@DA"], "encodeOffsets": [[0, 0]]}
        ring = decode_geometry(geometry, scale=1)["coordinates"][0]
        self.assertEqual(ring, [[0, 0], [2, -1], [0, 0]])

    def test_multipolygon_uses_each_rings_offsets(self):
        geometry = {"type": "MultiPolygon", "coordinates": [["@@B@"], ["@@@B"]],
                    "encodeOffsets": [[[0, 0]], [[10, 10]]]}
        polygons = decode_geometry(geometry, scale=1)["coordinates"]
        self.assertEqual(polygons, [[[[0, 0], [1, 0], [0, 0]]], [[[10, 10], [10, 11], [10, 10]]]])


class InteriorPointTest(unittest.TestCase):
    square_with_hole = [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]],
                        [[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]]]

    def test_point_avoids_the_hole(self):
        # scan line y = 2 (between vertex latitudes 1 and 3) crosses x = 0, 1, 3, 4: the
        # widest inside intervals are [0, 1] and [3, 4]; the first is kept: x = 0.5.
        point = interior_point({"type": "Polygon", "coordinates": self.square_with_hole})
        self.assertEqual(point, [0.5, 2.0])

    def test_largest_polygon_of_a_multipolygon(self):
        small = [[[10, 10], [11, 10], [11, 11], [10, 11], [10, 10]]]
        big = [[[0, 0], [6, 0], [6, 2], [0, 2], [0, 0]]]
        point = interior_point({"type": "MultiPolygon", "coordinates": [small, big]})
        self.assertEqual(point, [3.0, 1.0])


def county(adcode, name="x"):
    return (adcode, name, [0.0, 0.0], None)


class PlacementTest(unittest.TestCase):
    prefectures = {"650100": {"name": "乌鲁木齐市", "cp": [1, 1]},
                   "652200": {"name": "哈密市", "cp": None},
                   "659001": {"name": "石河子市", "cp": [2, 2]}}
    official = {"650100": "乌鲁木齐市", "650500": "哈密市", "650502": "伊州区",
                "659001": "石河子市", "650102": "天山区"}

    def place(self, counties):
        return [(c[0], p) for c, p in build.place_file("f.geojson", counties, self.prefectures, self.official)]

    def test_ordinary_county_goes_to_its_code_prefecture(self):
        self.assertEqual(self.place([county("650102")]), [("650102", "650100")])

    def test_directly_administered_unit_is_its_own_group(self):
        self.assertEqual(self.place([county("659001")]), [("659001", "659001")])

    def test_renumbered_prefecture_found_by_official_name(self):
        self.assertEqual(self.place([county("650502")]), [("650502", "652200")])

    def test_unknown_code_follows_the_other_counties_of_its_file(self):
        self.assertEqual(self.place([county("650102"), county("659099")]),
                         [("650102", "650100"), ("659099", "650100")])

    def test_county_with_no_prefecture_and_no_official_code_is_dropped(self):
        self.assertEqual(self.place([county("442100", "东沙群岛")]), [])

    def test_county_with_an_official_code_but_no_prefecture_is_an_error(self):
        official = dict(self.official, **{"659099": "某市"})
        with self.assertRaises(SystemExit):
            build.place_file("f.geojson", [county("659099")], self.prefectures, official)

    def test_seatless_prefecture_takes_its_units_seat(self):
        prefectures = {"659009": {"name": "昆玉市", "cp": None}, "659010": {"name": "无", "cp": None}}
        build.complete_prefecture_seats(prefectures, [(("659009", "昆玉市", [79.3, 37.2], None), "659009")])
        self.assertEqual(prefectures["659009"]["cp"], [79.3, 37.2])
        self.assertIsNone(prefectures["659010"]["cp"])
        self.assertEqual(build.prefecture_features(prefectures)[0]["properties"]["adcode"], "659009")
        self.assertEqual(len(build.prefecture_features(prefectures)), 1)


class PatchTest(unittest.TestCase):
    patch = {"properties": {"name": "蓟州区"},
             "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}

    def test_empty_geometry_is_recognised(self):
        self.assertTrue(build.is_empty({"type": "Polygon", "coordinates": []}))
        self.assertTrue(build.is_empty({"type": "MultiPolygon", "coordinates": [[]]}))
        self.assertFalse(build.is_empty(self.patch["geometry"]))

    def test_empty_geometry_takes_the_patch_of_the_same_name(self):
        geometry = build.patched_geometry("tianjin.geojson", "120119", "蓟州区", [self.patch])
        self.assertEqual(geometry, self.patch["geometry"])

    def test_empty_geometry_without_a_patch_is_an_error(self):
        with self.assertRaises(SystemExit):
            build.patched_geometry("tianjin.geojson", "120119", "蓟州区", [])


class CountyIdTest(unittest.TestCase):
    def test_missing_id_found_by_unique_official_name(self):
        feat = {"properties": {"name": "崇明区"}}
        self.assertEqual(build.county_adcode(feat, "shanghai.geojson", {"310151": "崇明区"}), "310151")

    def test_missing_id_with_an_ambiguous_name_is_dropped(self):
        feat = {"properties": {"name": "城区"}}
        self.assertIsNone(build.county_adcode(feat, "f.geojson", {"140302": "城区", "140402": "城区"}))


if __name__ == "__main__":
    unittest.main()
