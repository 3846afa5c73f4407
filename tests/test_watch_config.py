"""sources.yaml and alerts.yaml: what they accept, and errors that name the file, the entry and the field;
the listings the monitor reads (feeds, sitemaps, URL lists)."""

from __future__ import annotations

import gzip

import pytest

from armswatch.errors import ListingUnreadable, WatchConfigError
from armswatch.watch.config import load_alerts, load_sources
from armswatch.watch.listings import gunzipped, parse_listing
from armswatch.watch.rules import km_between


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_sources_file_with_defaults(tmp_path):
    path = _write(tmp_path, "sources.yaml", """
defaults: {interval: 30m, jitter: 10%}
sources:
  - name: news
    url: https://example.org/feed.xml
  - url: https://example.org/sitemap.xml
    kind: sitemap
    interval: 1h
    jitter: 90s
  - https://example.org/urls.txt
""")
    news, sitemap, bare = load_sources(path)
    assert (news.name, news.kind, news.interval_s, news.jitter_s) == ("news", "auto", 1800, 180)
    assert (sitemap.kind, sitemap.interval_s, sitemap.jitter_s) == ("sitemap", 3600, 90)
    assert bare.name == bare.url == "https://example.org/urls.txt"
    assert not news.allow_private


@pytest.mark.parametrize("body, where, field", [
    ("sources:\n  - name: a\n    url: ftp://x/y\n", "source 1 ('a')", "url"),
    ("sources:\n  - url: https://x/y\n    interval: soon\n", "source 1", "interval"),
    ("sources:\n  - url: https://x/y\n  - url: https://x/z\n    colour: red\n", "source 2", "colour"),
    ("sources:\n  - url: https://x/y\n    kind: podcast\n", "source 1", "kind"),
    ("sources:\n  - name: a\n    url: https://x/y\n  - name: a\n    url: https://x/z\n", "source 2 ('a')", "name"),
    ("sources:\n  - url: file:///tmp/list.txt\n", "source 1", "url"),
])
def test_sources_errors_name_file_entry_and_field(tmp_path, body, where, field):
    path = _write(tmp_path, "sources.yaml", body)
    with pytest.raises(WatchConfigError) as caught:
        load_sources(path)
    error = caught.value
    assert error.code == "AW701" and error.source == str(path)
    assert where in error.message and f"field '{field}'" in error.message


def test_broken_yaml_names_the_line(tmp_path):
    path = _write(tmp_path, "sources.yaml", "sources:\n  - url: [https://x\n")
    with pytest.raises(WatchConfigError, match="line"):
        load_sources(path)


def test_missing_file_is_a_coded_error(tmp_path):
    with pytest.raises(WatchConfigError) as caught:
        load_sources(tmp_path / "nope.yaml")
    assert caught.value.code == "AW701" and "nope.yaml" in str(caught.value)


ALERTS = """
outputs:
  file: {type: jsonl, path: alerts.jsonl}
  hook: {type: webhook, url: "https://hooks.example.org/aw", secret_env: AW_SECRET}
  mail: {type: smtp, host: mail.example.org, port: 587, from: aw@example.org, to: desk@example.org,
         username_env: AW_USER, password_env: AW_PASS}
rules:
  - name: afghan-arms
    about: arms
    actor: AFG
    category: [rifle, pistol]
    min_count: 1000
    outputs: [file, mail]
  - name: near-kabul
    about: [event]
    type: [assault, coerce]
    place: {near: [34.53, 69.17], radius_km: 150}
    min_sources: 2
    outputs: [hook]
  - name: denials
    denial_of_accusation_against: Pakistan
    keyword: weapons
"""


def test_alerts_file(tmp_path):
    rules, outputs = load_alerts(_write(tmp_path, "alerts.yaml", ALERTS))
    arms, kabul, denials = rules
    assert arms.kinds == ("arms",) and arms.actors == ("AFG",) and arms.categories == ("rifle", "pistol")
    assert kabul.types == ("ASSAULT", "COERCE") and kabul.near == (34.53, 69.17) and kabul.min_sources == 2
    assert denials.denial_against == ("Pakistan",) and denials.kinds == ("event", "arms", "statement", "denial")
    assert outputs["mail"].options["to"] == ["desk@example.org"] and outputs["hook"].type == "webhook"


@pytest.mark.parametrize("change, where, field", [
    (("outputs: [file, mail]", "outputs: [file, pager]"), "rule 1 ('afghan-arms')", "outputs"),
    (("radius_km: 150", "radius: 150"), "rule 2 ('near-kabul'), place", "radius"),
    (("min_count: 1000", "min_count: many"), "rule 1 ('afghan-arms')", "min_count"),
    (("about: arms", "about: weather"), "rule 1 ('afghan-arms')", "about"),
    (("type: jsonl, path: alerts.jsonl", "type: pager"), "output 'file'", "type"),
    (("to: desk@example.org", "to: nobody"), "output 'mail'", "to"),
])
def test_alerts_errors_name_file_entry_and_field(tmp_path, change, where, field):
    path = _write(tmp_path, "alerts.yaml", ALERTS.replace(*change))
    with pytest.raises(WatchConfigError) as caught:
        load_alerts(path)
    assert caught.value.source == str(path)
    assert where in caught.value.message and f"field '{field}'" in caught.value.message


# ---- listings ----------------------------------------------------------------------------------------

def test_feed_listing_resolves_links_and_dates():
    body = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
      <item><link>/a/1.html</link><pubDate>Mon, 17 Feb 2025 09:00:00 GMT</pubDate></item>
      <item><link>https://other.example/b</link></item><item><title>no link</title></item>
      <item><link>/a/1.html</link></item></channel></rss>"""
    listing = parse_listing(body, "https://news.example/feed.xml")
    assert [(i.url, i.published) for i in listing.items] == [
        ("https://news.example/a/1.html", "2025-02-17"), ("https://other.example/b", None)]


def test_atom_feed():
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
      <entry><title>x</title><link href="https://n.example/x"/><updated>2025-03-01T10:00:00Z</updated></entry></feed>"""
    assert [(i.url, i.published) for i in parse_listing(body, "https://n.example/atom").items] == [
        ("https://n.example/x", "2025-03-01")]


def test_sitemap_index_and_gzipped_sitemap():
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://n.example/s1.xml.gz</loc></sitemap></sitemapindex>"""
    listing = parse_listing(index, "https://n.example/sitemap.xml", "sitemap")
    assert listing.kind == "sitemapindex" and listing.children == ["https://n.example/s1.xml.gz"]
    urlset = gzip.compress(b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://n.example/p/1</loc><lastmod>2025-02-17T08:00:00+00:00</lastmod></url>
      <url><loc>https://n.example/p/2</loc></url></urlset>""")
    inner = parse_listing(gunzipped(urlset, "s1", 10**6), "https://n.example/s1.xml.gz")
    assert [(i.url, i.published) for i in inner.items] == [("https://n.example/p/1", "2025-02-17"),
                                                            ("https://n.example/p/2", None)]


def test_url_list_and_its_errors():
    listing = parse_listing(b"# morning\nhttps://n.example/1\n\n/2 extra words\n", "https://n.example/list.txt")
    assert [i.url for i in listing.items] == ["https://n.example/1", "https://n.example/2"]
    with pytest.raises(ListingUnreadable, match="not valid|UTF-8"):
        parse_listing(b"\xff\xfe\x00bad", "https://n.example/list.txt", "urls")


@pytest.mark.parametrize("body, kind", [(b"<rss><channel><item><title>cut", "auto"),
                                        (b"<urlset><url><loc>x</loc>", "sitemap"),
                                        (b"<html><body>a page</body></html>", "sitemap")])
def test_broken_listings_are_refused_with_their_url(body, kind):
    with pytest.raises(ListingUnreadable) as caught:
        parse_listing(body, "https://n.example/broken", kind)
    assert caught.value.code == "AW702" and caught.value.source == "https://n.example/broken"


def test_broken_gzip_is_refused():
    with pytest.raises(ListingUnreadable, match="gzip"):
        gunzipped(b"\x1f\x8b\x08\x00garbage", "https://n.example/s.xml.gz", 1000)


def test_distance():
    kabul, islamabad = (34.53, 69.17), (33.69, 73.06)
    assert 360 < km_between(kabul, islamabad) < 380


def test_rule_filters():
    from armswatch.watch.config import Rule
    from armswatch.watch.rules import matches
    from armswatch.watch.subjects import Subject

    mosul = Subject(id="arms:1", kind="arms", summary="mortar x2", category="mortar", count=2, place="Mosul",
                    place_country="IRQ", lat=36.335, lon=43.119, text="Two mortars were seized near Mosul",
                    actors=[{"name": "Islamic State", "country": None}], sources=2)
    denial = Subject(id="denial:1", kind="denial", summary="…", actors=[{"name": "Zabihullah Mujahid", "country": "AFG"}],
                     recipients=[{"name": "Afghanistan", "country": "AFG"}], text="we deny any weapons reached them")
    assert matches(Rule(name="r", near=(36.19, 44.01), radius_km=100), mosul)  # Erbil, about 85 km away
    assert not matches(Rule(name="r", near=(33.31, 44.36), radius_km=100), mosul)  # Baghdad, about 350 km
    assert matches(Rule(name="r", countries=("IRQ",), kinds=("arms",)), mosul)
    assert not matches(Rule(name="r", kinds=("event",)), mosul)
    assert matches(Rule(name="r", categories=("mortar",), min_count=2, min_sources=2), mosul)
    assert not matches(Rule(name="r", min_count=3), mosul) and not matches(Rule(name="r", min_sources=3), mosul)
    assert matches(Rule(name="r", keywords=("mortars",)), mosul) and not matches(Rule(name="r", keywords=("mortar",)), mosul)
    assert matches(Rule(name="r", actors=("islamic state",)), mosul)
    assert not matches(Rule(name="r", types=("ASSAULT",)), mosul)  # a type filter holds for events only
    assert matches(Rule(name="r", denial_against=("AFG",)), denial)
    assert not matches(Rule(name="r", denial_against=("Zabihullah Mujahid",)), denial)  # the denier is not the accused
    assert not matches(Rule(name="r", denial_against=("AFG",)), mosul)
