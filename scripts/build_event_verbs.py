"""Build src/armswatch/resources/events/cameo_verbs.yaml: English verbs -> PLOVER type and mode, derived by rule from
PETRARCH2's CAMEO verb dictionary (CAMEO.2.0.txt, MIT) and the CAMEO -> PLOVER table (CAMEO2PLOVER-2021.txt,
CC BY-SA 4.0). Nothing in the output is written by hand; rerun this script to change it.

usage: python scripts/build_event_verbs.py CAMEO.2.0.txt CAMEO2PLOVER-2021.txt

What is kept:
  verbs     every verb of a block, with the code it has on its own (its own [code], else its block's); a verb
            whose code is "---" (or none) is listed without a type: PETRARCH codes it only through a pattern.
            Multi-word verbs ("+CALL_FOR") are keyed "call for": the verb lemma, then its particles.
  patterns  per block, the patterns that constrain only what follows the verb: a direct-object head (a noun or a
            &synonym-set), and/or one preposition with or without its object's head ("* (FOR AID)"). Patterns
            with words before the verb (a subject constraint) or with more than one phrase are left out.
  synsets   the members (head words) of the synonym sets those patterns name.
CAMEO codes map to PLOVER through the table: exact code, else its parent (the code less its last digit). The
table has no rows for CAMEO 01 (public statements: no PLOVER event) and 02 (appeals); CAMEO 02 subcodes parallel
10 (demands) one for one (021/101 material cooperation ... 028/108 mediation), and PLOVER's REQUEST covers both,
so 02x is read as 10x.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import cameo_dictionary  # scripts/cameo_dictionary.py: the one reader of CAMEO.2.0.txt

OUT = Path(__file__).resolve().parents[1] / "src/armswatch/resources/events/cameo_verbs.yaml"
_ROW = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,\s*([^,#]*))?")


def read_table(path: str | Path) -> dict[str, tuple[str, str | None]]:
    """CAMEO code -> (PLOVER type, mode or None), first row of a code winning."""
    table: dict[str, tuple[str, str | None]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        row = _ROW.match(line.strip())
        if row and row.group(1) not in table:
            mode = (row.group(3) or "").strip().replace(" ", "") or None
            table[row.group(1)] = (row.group(2), mode)
    return table


def plover(table: dict, code: str | None) -> tuple[str, str | None, str] | None:
    """(type, mode, code) for a CAMEO code, or None where it names no PLOVER event."""
    code = cameo_dictionary.primary(code)
    if code is None:
        return None
    key = "10" + code[2:] if code.startswith("02") else code
    while len(key) >= 3:
        if key in table:
            return table[key][0], table[key][1], code
        key = key[:-1]
    return None


def _requirement(phrases: tuple) -> dict | None:
    """The pattern's demand on what follows the verb, or None when it is not one simple phrase (or two: an
    object and then a preposition)."""
    nouns = [p for p in phrases if p[0] == "noun"]
    preps = [p for p in phrases if p[0] == "prep"]
    if len(nouns) > 1 or len(preps) > 1 or not phrases:
        return None
    out = {}
    if nouns:
        out["object"] = nouns[0][1]
    if preps:
        out["prep"] = preps[0][1]
        if preps[0][2]:
            out["pobj"] = preps[0][2]
    return out


def derive(dictionary: str | Path, table_path: str | Path) -> dict:
    table = read_table(table_path)
    synsets, blocks = cameo_dictionary.read(dictionary)
    verbs: dict[str, dict] = {}
    patterns: dict[str, list[dict]] = {}
    used_sets: set[str] = set()
    for block in blocks:
        kept = []
        for pattern in block.patterns:
            if pattern.pre:
                continue
            need = _requirement(pattern.post)
            target = plover(table, pattern.code)
            if need is None or target is None:
                continue
            for key in ("object", "pobj"):
                if need.get(key, "").startswith("&"):
                    used_sets.add(need[key][1:])
            kept.append({**need, "type": target[0], "mode": target[1], "cameo": target[2]})
        if kept:
            unique = {json.dumps(p, sort_keys=True): p for p in kept}
            patterns.setdefault(block.name, []).extend(unique.values())
        for verb in block.verbs:
            if verb.before or not verb.lemma.isalpha():
                continue  # pre-compound verbs ("WIRE_+TAP"): the parse rarely shows them as one verb
            key = " ".join((verb.lemma,) + verb.particles)
            entry = verbs.setdefault(key, {"blocks": []})
            if block.name not in entry["blocks"]:
                entry["blocks"].append(block.name)
            target = plover(table, verb.code if verb.code is not None else block.code)
            if target is not None and "type" not in entry:
                entry.update(type=target[0], mode=target[1], cameo=target[2])
    sets = {name: sorted({m.split()[-1] for m in synsets.get(name, []) if m}) for name in sorted(used_sets)}
    return {"verbs": verbs, "patterns": patterns, "synsets": sets}


def _flow(value) -> str:
    return json.dumps(value, ensure_ascii=True)  # JSON flow values are YAML


def render(data: dict) -> str:
    lines = ["# Generated by scripts/build_event_verbs.py from PETRARCH2's CAMEO.2.0.txt (MIT, Open Event Data",
             "# Alliance) and CAMEO2PLOVER-2021.txt (CC BY-SA 4.0, Open Event Data Alliance). Do not edit by hand:",
             "# rerun the script. See PROVENANCE.md.",
             "# verbs: lemma (and particles) -> PLOVER type, mode and CAMEO code of the verb on its own (none: only",
             "#   its patterns code it), and the CAMEO blocks whose patterns apply to it.",
             "# patterns: block -> what follows the verb (object head, preposition, its object's head; &name is a",
             "#   synonym set) -> PLOVER type, mode, CAMEO code.", "verbs:"]
    for key in sorted(data["verbs"]):
        lines.append(f"  {_flow(key)}: {_flow(data['verbs'][key])}")
    lines.append("patterns:")
    for block in sorted(data["patterns"]):
        lines.append(f"  {_flow(block)}:")
        lines.extend(f"    - {_flow(p)}" for p in data["patterns"][block])
    lines.append("synsets:")
    for name, members in data["synsets"].items():
        lines.append(f"  {_flow(name)}: {_flow(members)}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    data = derive(argv[1], argv[2])
    OUT.write_text(render(data), encoding="utf-8")
    typed = sum(1 for v in data["verbs"].values() if "type" in v)
    print(f"wrote {OUT}: {len(data['verbs'])} verbs ({typed} with a type of their own), "
          f"{sum(map(len, data['patterns'].values()))} patterns, {len(data['synsets'])} synonym sets, "
          f"{OUT.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
