"""PETRARCH2's coder regression suite (openeventdata/petrarch2, MIT): its sentences coded with its own
fictional actors (``PETR.Validate.actors.txt``), loaded as a user actor dictionary.

The suite's event codes are CAMEO; each is mapped to its PLOVER type by CAMEO root (codes outside CAMEO,
which the suite's own validation verb dictionary invents, are left out of the type-level scores and
counted). A sentence is coded right when its set of (source country, type, target country) triples equals
the gold set; a "noevents" sentence is right when nothing is coded.
"""

from __future__ import annotations

import copy
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

from . import Report, prf, register
from .event_scoring import code_texts

RECORDS = "PETR.UnitTest.records.xml"
ACTORS = "PETR.Validate.actors.txt"

# CAMEO root -> PLOVER type; the few codes that leave their root's type are listed in _CAMEO_EXCEPTIONS
_CAMEO_ROOTS = {
    "01": None, "02": "REQUEST", "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE", "07": "AID",
    "08": "CONCEDE", "09": "ACCUSE", "10": "REQUEST", "11": "ACCUSE", "12": "REJECT", "13": "THREATEN",
    "14": "PROTEST", "15": "MOBILIZE", "16": "SANCTION", "17": "COERCE", "18": "ASSAULT", "19": "ASSAULT",
    "20": "ASSAULT",
}
_CAMEO_EXCEPTIONS = {"084": "RETREAT", "085": "RETREAT", "086": "RETREAT", "087": "RETREAT", "163": "COERCE",
                     "191": "COERCE", "192": "COERCE"}
_CODE = re.compile(r"\[([^\]\s]+)[^\]]*\]")


def cameo_to_plover(code: str) -> str | None:
    code = code.strip()
    if not code.isdigit() or code[:2] not in _CAMEO_ROOTS:
        return None
    return _CAMEO_EXCEPTIONS.get(code[:3], _CAMEO_ROOTS[code[:2]])


def read_actor_dictionary(path: Path) -> list[dict]:
    """PETRARCH actor dictionary -> armswatch user actors: ``NAME [CODE]`` lines, ``+ALIAS`` lines after them,
    underscores for spaces, ``#`` comments, ``<!-- -->`` blocks. The code's first three letters are the
    actor's country, the next three its sector where present."""
    text = re.sub(r"<!--.*?-->", " ", path.read_text("utf-8", errors="replace"), flags=re.S)
    actors: list[dict] = []
    pending: dict | None = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("+"):
            if actors:
                actors[-1]["aliases"].append(_name(line[1:]))
            continue
        match = _CODE.search(line)
        name = _name(line[:match.start()] if match else line)
        if match is None and name:
            pending = {"name": name, "aliases": []}
            continue
        if match is not None and not name and pending is not None:
            entry, pending = pending, None  # "ENT" on one line, "[ENT]" on the next
        elif match is not None:
            entry = {"name": name, "aliases": []}
        else:
            continue
        code = match.group(1).lstrip("~").upper()
        entry["country"] = code[:3]
        if len(code) >= 6:
            entry["sector"] = code[3:6]
        entry["type"] = "group"
        actors.append(entry)
    actors = [entry for entry in actors if entry["name"] and entry["country"].isalpha()]
    for entry in actors:
        entry["aliases"] = sorted({a for a in entry["aliases"] if a} | {entry["name"], entry["name"].title()})
        entry["name"] = entry["name"].title()
    return actors


def _name(text: str) -> str:
    return " ".join(text.replace("_", " ").split())


def load_cases(path: Path) -> list[dict]:
    root = ET.parse(path).getroot()
    cases = []
    for sentence in root.iter("Sentence"):
        text_node = sentence.find("Text")
        codings = sentence.findall("EventCoding")
        if text_node is None or not codings:
            continue
        date = sentence.get("date", "")
        triples, no_events, outside = set(), False, False
        for coding in codings:
            if coding.get("noevents"):
                no_events = True
                continue
            event_type = cameo_to_plover(coding.get("eventcode", ""))
            if event_type is None:
                outside = True
                continue
            triples.add(((coding.get("sourcecode") or "")[:3].upper() or None, event_type,
                         (coding.get("targetcode") or "")[:3].upper() or None))
        cases.append({"id": sentence.get("id"), "category": sentence.get("category"),
                      "text": " ".join(text_node.text.split()),
                      "published": f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) == 8 else None,
                      "triples": triples, "no_events": no_events and not triples, "outside": outside and not triples})
    return cases


def _with_user_actors(settings, actors: list[dict], folder: Path):
    from ..config import Settings

    path = folder / "petrarch_validate_actors.yaml"
    path.write_text(yaml.safe_dump({"actors": actors}, allow_unicode=True), "utf-8")
    data = copy.deepcopy(settings.data)
    data["extract"]["user_actors"] = str(path)
    return Settings(data)


def _triples(event) -> set[tuple]:
    actors = [a.country for a in event.actors if a.country] or [None]
    recipients = [r.country for r in event.recipients if r.country] or [None]
    return {(a, event.type, r) for a in actors for r in recipients}


@register("petrarch2-unittests", "petrarch2-unittests",
          "PETRARCH2 regression sentences with its fictional actor dictionary: share coded right, triple F1")
def evaluate(data_dir: Path, settings) -> Report:
    cases = load_cases(data_dir / RECORDS)
    actors = read_actor_dictionary(data_dir / ACTORS)
    with tempfile.TemporaryDirectory() as folder:
        local = _with_user_actors(settings, actors, Path(folder))
        coded = code_texts(((c["text"], c["published"]) for c in cases), local)
    scored = [(c, events) for c, events in zip(cases, coded) if not c["outside"]]
    right = type_right = 0
    tp = fp = fn = 0
    false_on_empty = empty = 0
    for case, events in scored:
        predicted = set().union(*(_triples(e) for e in events)) if events else set()
        gold = case["triples"]
        right += predicted == gold
        type_right += {t for _, t, _ in predicted} == {t for _, t, _ in gold}
        hit = len(gold & predicted)
        tp, fp, fn = tp + hit, fp + len(predicted) - hit, fn + len(gold) - hit
        if case["no_events"]:
            empty += 1
            false_on_empty += len(events)
    triples = prf(tp, fp, fn)
    metrics = {
        "cases.right": round(right / len(scored), 4),
        "cases.type_set_right": round(type_right / len(scored), 4),
        "triple.precision": triples["precision"], "triple.recall": triples["recall"], "triple.f1": triples["f1"],
        "cases.scored": len(scored),
        "cases.outside_cameo": len(cases) - len(scored),
        "events.per_sentence_without_event": round(false_on_empty / empty, 4) if empty else 0.0,
    }
    return Report(
        name="petrarch2-unittests",
        metrics=metrics,
        matching_rule=("CAMEO codes mapped to PLOVER by root (084-087 RETREAT, 163/191/192 COERCE); codes outside "
                       "CAMEO left out; actor codes cut to their first three letters; a case is right when the coded "
                       "(source, type, target) set equals the gold set, or nothing is coded for noevents"),
        details={"actors_loaded": len(actors)},
        lower_is_better=("events.per_sentence_without_event",),
    )
