#!/usr/bin/env python3
"""Assembles the interactive report's assets from Leaflet (fetched by
scripts/fetch-web-assets) and web/src/:

  DIST/equiroute-report.css   web/src/report_base.css (the page), Leaflet's CSS, then
                              web/src/report_map.css (map component, tables for people)
  DIST/equiroute-report.js    Leaflet's licence (comment) and code, then web/src/report_map.js
  DIST/report_page.html       the page template with its placeholders (web/README.md)

Refuses text that would end the <style> or <script> element it is inlined in, and template
placeholders inside the assets (the writer substitutes in one pass, but a stray "{{" would
hide a mistake).

  build_assets.py LEAFLET_DIR DIST_DIR
"""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write_atomic(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def check(name, text, closing):
    if re.search(r"</" + closing, text, re.IGNORECASE):
        sys.exit(f"build_assets: {name} contains '</{closing}' and cannot be inlined")
    if "{{" in text:
        sys.exit(f"build_assets: {name} contains '{{{{', which reads as a template placeholder")


def main(leaflet_dir, dist):
    os.makedirs(dist, exist_ok=True)
    licence = read(os.path.join(leaflet_dir, "LICENSE")).strip().replace("*/", "* /")
    banner = ("/*! Leaflet 1.9.4 — https://leafletjs.com — inlined by equiroute "
              "(scripts/fetch-web-assets, SHA-256 checked)\n" + licence + "\n*/\n")
    css = (read(os.path.join(HERE, "src", "report_base.css")) + "\n" + banner
           + read(os.path.join(leaflet_dir, "leaflet.css")) + "\n"
           + read(os.path.join(HERE, "src", "report_map.css")))
    js = (banner + read(os.path.join(leaflet_dir, "leaflet.js")) + "\n"
          + read(os.path.join(HERE, "src", "report_map.js")))
    check("equiroute-report.css", css, "style")
    check("equiroute-report.js", js, "script")
    template = read(os.path.join(HERE, "src", "report_page.html"))
    for placeholder in ("{{LANG}}", "{{TITLE}}", "{{STYLE}}", "{{BODY}}", "{{MAP_DATA}}", "{{SCRIPT}}"):
        if template.count(placeholder) != 1:
            sys.exit(f"build_assets: the template must hold {placeholder} exactly once")
    write_atomic(os.path.join(dist, "equiroute-report.css"), css)
    write_atomic(os.path.join(dist, "equiroute-report.js"), js)
    write_atomic(os.path.join(dist, "report_page.html"), template)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
