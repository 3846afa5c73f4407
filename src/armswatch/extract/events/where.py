"""Where an event happened: the place named in its clause, else the story's dateline, else the country
the document is about. ``place_precision`` says how fine the answer is, in ACLED's spirit: a town or
site (``locality``), a province or region (``region``), or only a country (``country``)."""

from __future__ import annotations

from collections import Counter

from . import arguments

_DATELINE_CHARS = 400  # a dateline opens the story, after its title ("KYIV (Reuters) -")
_REGION_FEATURES = ("ADM", "RGN", "AREA", "ISL", "VAL", "MT")


def _precision(feature: str | None) -> str:
    if not feature or feature.startswith("PCL"):
        return "country"
    return "region" if feature.startswith(_REGION_FEATURES) else "locality"


class Places:
    """Per document: the place records, the dateline and the focus country, looked up once."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.records = [r for r in ctx.places() if r.evidence]
        # the dateline: an upper-case place opening a line near the top ("ISLAMABAD: Police ...")
        self.dateline = next((r for r in self.records if r.country and r.text.isupper() and len(r.text) > 2
                              and r.evidence[0].start < _DATELINE_CHARS
                              and (r.evidence[0].start == 0 or ctx.text[r.evidence[0].start - 1] == "\n")), None)
        counts = Counter(r.country for r in self.records if r.country)
        top = counts.most_common(2)
        self.focus = top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) else None

    def of(self, sentence, anchor) -> tuple[str | None, str | None, str | None]:
        """(place, place_country, place_precision) of an event anchored at ``anchor``."""
        named = arguments.place_record_in(self.ctx, sentence, anchor, self.records)
        if named is not None:
            return named.name, named.country, _precision(named.feature)
        if self.dateline is not None:
            return self.dateline.name, self.dateline.country, _precision(self.dateline.feature)
        if self.focus:
            return None, self.focus, "country"
        return None, None, None
