"""The offline base map: Natural Earth 1:110m country outlines as SVG paths, shipped in ``static/world/``.

The outlines are public domain (Natural Earth). ``python -m armswatch.web.world SHP`` rebuilds
``countries.json`` from an ``ne_110m_admin_0_countries``-style shapefile (see ``static/world/PROVENANCE.md``);
the reader below handles the two shapefile parts it needs (polygons, and a dBASE table) so no GIS library is
needed, at build time or at run time.
"""

from __future__ import annotations

import json
import struct
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path

# The map's coordinate space: equirectangular, x = lon + 180, y = 90 - lat, so one unit is one degree.
WIDTH, HEIGHT = 360.0, 180.0
SOUTH_CUT = -58.0  # Antarctica takes a quarter of an equirectangular map and holds no news; crop it


def project(lon: float, lat: float) -> tuple[float, float]:
    return round(lon + 180.0, 2), round(90.0 - lat, 2)


@lru_cache(maxsize=1)
def countries() -> list[dict]:
    """[{iso, name, d}] with ``d`` an SVG path in map units; loaded once per process."""
    path = resources.files("armswatch.web").joinpath("static/world/countries.json")
    return json.loads(path.read_text("utf-8"))


def _read_dbf(path: Path) -> list[dict]:
    data = path.read_bytes()
    count, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields = []
    pos = 32
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[pos + 16]))
        pos += 32
    rows = []
    for index in range(count):
        offset = header_len + index * record_len + 1  # skip the deletion flag
        row = {}
        for name, length in fields:
            row[name] = data[offset:offset + length].decode("utf-8", "replace").strip()
            offset += length
        rows.append(row)
    return rows


def _read_polygons(path: Path) -> list[list[list[tuple[float, float]]]]:
    """Each shape's rings of (lon, lat) points (shape types 5 polygon and 15 polygonZ)."""
    data = path.read_bytes()
    pos = 100
    shapes = []
    while pos < len(data):
        _, length = struct.unpack(">ii", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length * 2]
        pos += 8 + length * 2
        shape_type = struct.unpack("<i", body[:4])[0]
        if shape_type not in (5, 15):
            shapes.append([])
            continue
        num_parts, num_points = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack(f"<{num_parts}i", body[44:44 + 4 * num_parts]))
        start = 44 + 4 * num_parts
        points = [struct.unpack("<dd", body[start + 16 * i:start + 16 * i + 16]) for i in range(num_points)]
        rings = [points[a:b] for a, b in zip(parts, parts[1:] + [num_points])]
        shapes.append(rings)
    return shapes


def _ring_path(ring: list[tuple[float, float]]) -> str:
    out, last = [], None
    for lon, lat in ring:
        x, y = project(lon, max(lat, SOUTH_CUT))
        point = (round(x, 1), round(y, 1))
        if point != last:
            out.append(f"{point[0]:g} {point[1]:g}")
            last = point
    return ("M" + "L".join(out) + "Z") if len(out) > 2 else ""


def build(shp: Path, out: Path) -> int:
    rows = _read_dbf(shp.with_suffix(".dbf"))
    shapes = _read_polygons(shp)
    result = []
    for row, rings in zip(rows, shapes):
        iso = row.get("iso_a3") or row.get("ISO_A3") or row.get("ADM0_A3") or ""
        name = row.get("name") or row.get("NAME") or ""
        if name == "Antarctica":
            continue
        d = "".join(_ring_path(ring) for ring in rings)
        if d:
            result.append({"iso": iso, "name": name, "d": d})
    out.write_text(json.dumps(result, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return len(result)


if __name__ == "__main__":
    target = Path(__file__).parent / "static" / "world" / "countries.json"
    print(build(Path(sys.argv[1]), target), "countries written to", target)
