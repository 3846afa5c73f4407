"""Country names beside codes: ISO 3166 alpha-3 from pycountry, plus the CAMEO codes for actors that are no
country (IGO, NGO, IMG, UNO, …) and its regions, as the actors extractor uses them."""

from __future__ import annotations

# From the CAMEO codebook (Schrodt 2012, ch. 3 "Actor codes"; the Phoenix dictionaries use the same codes).
CAMEO_CODES = {
    "IGO": "intergovernmental organisation",
    "NGO": "non-governmental organisation",
    "IMG": "international militarised group",
    "UNO": "United Nations",
    "MNC": "multinational corporation",
    "AFR": "Africa",
    "ASA": "Asia",
    "BLK": "Balkans",
    "CAS": "Central Asia",
    "CAU": "Caucasus",
    "EUR": "Europe",
    "LAM": "Latin America",
    "MEA": "Middle East",
    "NAF": "North Africa",
    "NMR": "North America",
    "SAF": "Southern Africa",
    "SAM": "South America",
    "SEA": "Southeast Asia",
    "WAF": "West Africa",
    "WST": "the West",
}


def country_rows() -> list[dict]:
    """(code, name) of every ISO 3166 country (its common name where it has one) and every CAMEO code above."""
    import pycountry

    rows = {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    for code, name in CAMEO_CODES.items():
        rows.setdefault(code, name)
    return [{"code": code, "name": name} for code, name in sorted(rows.items())]
