#!/usr/bin/env python3
"""Builds a sample interactive report page from the output of `equiroute run` — what the C++
report writer will do (web/README.md is the contract) — so that the browser harness tests the
component on real data:

  - regions: RUN/layers/regions.gpkg simplified by geodata::web_geojson (GEOS topology-preserving
    simplification per feature, 0.001°, 4 decimals: what the writer will call), through the
    test helper equiroute_style_sample --web-geojson;
  - indicators: the travel time to the nearest facility and each model's first score, classed
    exactly as the printed maps (classes, colours and legend rows from io's render_choropleth,
    through the test helper equiroute_style_sample --classes-only 1);
  - body: a heading, the map placeholder and the regions' accessibility table (display numbers
    rounded for reading, full precision in data-value).

  build_sample.py --run RUN_DIR --dist DIST_DIR --classes-tool PATH --out OUT.html
                  [--id-field adcode] [--method jenks] [--classes 5]
"""

import argparse
import csv
import html
import json
import math
import os
import subprocess
import sys
import tempfile

MODELS = ["cumulative", "gravity", "2sfca", "e2sfca", "g2sfca", "3sfca"]


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def simplified_regions(args, regions_gpkg):
    """The regions as the page holds them: properties id and name, in the layer's order."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "regions.geojson")
        subprocess.run([args.classes_tool, regions_gpkg, args.id_field, "nearest_travel_min", tmp,
                        "--classes-only", "1", "--web-geojson", out], check=True, capture_output=True)
        collection = json.loads(read(out))
    collection.pop("name", None)
    return collection


def indicator(args, regions_gpkg, field, title, short_title, ramp, values):
    result = subprocess.run([args.classes_tool, regions_gpkg, args.id_field, field, tempfile.gettempdir(),
                             "--classes-only", "1", "--method", args.method, "--classes", str(args.classes),
                             "--ramp", ramp], check=True, capture_output=True, text=True)
    described = json.loads(result.stdout)
    classes = [{"lower": c["lower"], "upper": c["upper"], "color": c["hex"], "label": c["label"]}
               for c in described["classes"]]
    return {"id": field, "title": title, "short_title": short_title, "legend_title": title,
            "values": values, "classes": classes}


def region_values(run, id_field, ids, field):
    by_id = {}
    for feature in json.loads(read(os.path.join(run, "layers", "regions.geojson")))["features"]:
        value = feature["properties"].get(field)
        by_id[str(feature["properties"][id_field])] = value if isinstance(value, (int, float)) else None
    return [by_id.get(i) for i in ids]


def readable(number):
    """3–4 significant digits for reading; whole numbers from 1000 on (persons, minutes ×10)."""
    if number == 0 or not math.isfinite(number):
        return f"{number:g}"
    if abs(number) >= 1000:
        return f"{round(number):,}"
    digits = max(0, 3 - math.floor(math.log10(abs(number))))
    text = f"{number:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def table_html(path, caption):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    ids = {i for i, name in enumerate(header) if name in ("id", "key", "group", "origin_id", "destination_id")}
    out = [f"<table>\n<caption>{html.escape(caption)}</caption>\n<thead><tr>"]
    out += [f"<th>{html.escape(h)}</th>" for h in header]
    out.append("</tr></thead>\n<tbody>\n")
    for row in body:
        out.append("<tr>")
        for column, cell in enumerate(row):
            try:
                number = float(cell)
            except ValueError:
                number = None
            if number is None or column in ids:  # ids (adcodes) are names, not quantities
                out.append(f"<td>{html.escape(cell)}</td>")
            else:
                out.append(f'<td class="num" data-value="{cell}">{html.escape(readable(number))}</td>')
        out.append("</tr>\n")
    out.append("</tbody>\n</table>\n")
    return "".join(out)


def fill(template, values):
    """One left-to-right pass: inserted text is never searched for placeholders."""
    out, rest = [], template
    while "{{" in rest:
        before, _, after = rest.partition("{{")
        name, _, rest = after.partition("}}")
        out += [before, values[name]]
    out.append(rest)
    return "".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name in ("--run", "--dist", "--classes-tool", "--out"):
        parser.add_argument(name, required=True)
    parser.add_argument("--id-field", default="adcode")
    parser.add_argument("--method", default="jenks")
    parser.add_argument("--classes", type=int, default=5)
    parser.add_argument("--title", default="Mental health resources in Hunan, 2018")
    args = parser.parse_args()

    gpkg = os.path.join(args.run, "layers", "regions.gpkg")
    regions = simplified_regions(args, gpkg)
    ids = [f["properties"]["id"] for f in regions["features"]]
    indicators = [indicator(args, gpkg, "nearest_travel_min", "Travel time to the nearest facility (min)",
                            "Nearest facility (min)", "YlOrRd",
                            region_values(args.run, args.id_field, ids, "nearest_travel_min"))]
    first_supply = "institutions"
    for model in MODELS:
        field = f"{model}_{first_supply}"
        indicators.append(indicator(args, gpkg, field, f"{model.upper()} accessibility — {first_supply}",
                                    model.upper(), "Greens",
                                    region_values(args.run, args.id_field, ids, field)))
    data = {"version": 1, "lang": "en", "title": args.title,
            "strings": {"indicator": "Indicator", "no_data": "No data", "map": "Interactive map of the indicators",
                        "hover": "Hover a region for its values"},
            "regions": regions, "indicators": indicators}
    body = (f"<h1>{html.escape(args.title)}</h1>\n"
            "<h2>Accessibility by region</h2>\n<p>Hover a region for its values; choose the indicator above the "
            "map. Classes and colours are those of the printed maps.</p>\n"
            '<div id="equiroute-map"></div>\n'
            + table_html(os.path.join(args.run, "tables", "access_regions.csv"), "Table 1. Accessibility by region")
            + table_html(os.path.join(args.run, "tables", "densities.csv"), "Table 2. Densities"))
    page = fill(read(os.path.join(args.dist, "report_page.html")), {
        "LANG": "en",
        "TITLE": html.escape(args.title),
        "STYLE": read(os.path.join(args.dist, "equiroute-report.css")),
        "BODY": body,
        # "<" escaped: the JSON can never end its <script> element.
        "MAP_DATA": json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c"),
        "SCRIPT": read(os.path.join(args.dist, "equiroute-report.js")),
    })
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(page)
    os.replace(tmp, args.out)
    print(f"{args.out}: {os.path.getsize(args.out) / 1e6:.2f} MB, {len(ids)} regions, {len(indicators)} indicators")


if __name__ == "__main__":
    sys.exit(main())
