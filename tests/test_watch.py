"""The monitor against a real HTTP server on loopback: new articles stored, seen ones skipped (304s), 429 with
Retry-After, redirects, broken XML, robots.txt, sitemaps; state that survives; alerts once per subject to a
JSON Lines file, a webhook (first POST gets a 500) and SMTP with STARTTLS and AUTH (aiosmtpd)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from armswatch.config import load_settings
from armswatch.store import open_store
from armswatch.watch import alerts as alerting
from armswatch.watch import state
from armswatch.watch.config import Rule, Source, load_alerts
from armswatch.watch.monitor import Monitor
from armswatch.watch.subjects import Subject, build_subjects
from test_store import db_url  # noqa: F401  (SQLite and a fresh PostgreSQL schema)
from watch_site import Receiver, Site, real_articles


def _settings():
    settings = load_settings(env={})
    settings.set("watch.min_host_delay_s", 0.01)
    settings.set("alerts.retry_base_s", 0.05)
    settings.set("nlp.n_process", 1)
    return settings


@pytest.fixture(scope="module")
def articles():
    return real_articles(3)


@pytest.fixture
def store(tmp_path):
    s = open_store(f"sqlite:///{tmp_path / 'watch.db'}")
    yield s
    s.close()


@pytest.fixture
def any_store(db_url):  # noqa: F811
    s = open_store(db_url)
    yield s
    s.close()


def _monitor(sources, store, pipeline, **kw):
    return Monitor(sources, _settings(), store, pipeline=pipeline, **kw)


def _source(site, path, name=None, **kw):
    return Source(name=name or path.strip("/"), url=site.base + path, allow_private=True, **kw)


def test_first_round_stores_second_round_fetches_nothing(any_store, pipeline, articles):
    store = any_store
    with Site(articles) as site:
        feed = _source(site, "/feed.xml")
        first = _monitor([feed], store, pipeline).run(once=True)[0]
        assert (first.listing, first.listed, first.new, first.stored) == ("200", 4, 4, 3)
        assert sum(first.skipped.values()) == 1 and "AW703" in next(iter(first.skipped))  # robots.txt
        assert not site.hits("/private/")  # disallowed: never requested
        before = len(site.requests)
        second = _monitor([feed], store, pipeline).run(once=True)[0]  # a new process: state from the store
        assert (second.listing, second.fetched, second.not_modified, second.stored) == ("304 not modified", 0, 1, 0)
        assert [r[2] for r in site.requests[before:]] == ["/robots.txt", "/feed.xml"]
        assert site.requests[-1][3].get("If-None-Match") == '"v3"'
    assert store.stats()["documents"] == 3
    row = state.report(store)[0]
    assert (row["rounds"], row["stored"], row["not_modified"], row["etag"]) == (2, 3, 1, '"v3"')
    assert row["last_success_at"] is not None and row["last_error"] is None
    _commands_show_sources_and_would_be_alerts(store.url)


def _commands_show_sources_and_would_be_alerts(url):
    from typer.testing import CliRunner

    from armswatch.cli import app

    runner = CliRunner()
    shown = runner.invoke(app, ["sources", "--json", "--db", url])
    assert shown.exit_code == 0 and json.loads(shown.stdout)[0]["items_by_status"] == {"stored": 3, "skipped": 1}
    rules = Path(__file__).parent / "data" / "watch_rules.yaml"
    tested = runner.invoke(app, ["alerts", "test", str(rules), "--json", "--db", url])
    assert tested.exit_code == 0, tested.output
    would = [json.loads(line) for line in tested.stdout.splitlines()]
    assert would and {a["rule"] for a in would} == {"pakistan-events", "afghan-arms"}
    with open_store(url) as reread:
        assert alerting.recent(reread) == []  # a test sends and stores nothing
    bad = runner.invoke(app, ["alerts", "test", str(rules.with_name("nope.yaml")), "--db", url])
    assert bad.exit_code == 2 and "AW701" in bad.output


def test_urls_already_stored_are_not_fetched_again(store, pipeline, articles):
    with Site(articles) as site:
        _monitor([_source(site, "/feed.xml")], store, pipeline).run(once=True)
        before = len(site.hits("/a/"))
        logs = _monitor([_source(site, "/sitemap_index.xml", kind="sitemap"), _source(site, "/urls.txt")],
                        store, pipeline).run(once=True)
        assert len(site.hits("/a/")) == before  # neither the gzipped sitemap nor the list fetch them again
        assert site.hits("/sitemap-1.xml.gz")
        assert [(log.listed, log.duplicates, log.stored) for log in logs] == [(3, 3, 0), (3, 3, 0)]


def test_a_new_article_in_the_feed_is_the_only_fetch(store, pipeline, articles):
    with Site(articles, listed=2) as site:
        _monitor([_source(site, "/feed.xml")], store, pipeline).run(once=True)
        site.listed = 3
        before = len(site.hits("/a/"))
        log = _monitor([_source(site, "/feed.xml")], store, pipeline).run(once=True)[0]
        assert [r[2] for r in site.hits("/a/")[before:]] == ["/a/2.html"] and log.stored == 1


def test_retry_after_is_waited_out(store, pipeline, articles):
    with Site(articles) as site:
        log = _monitor([_source(site, "/limited.xml")], store, pipeline).run(once=True)[0]
        first, second = site.hits("/limited.xml")
        assert second[0] - first[0] >= 1.0 and log.error is None and log.stored == 1


def test_a_long_retry_after_defers_the_source(store, pipeline, articles):
    settings = _settings()
    settings.set("watch.max_retry_wait_s", 0.5)
    with Site(articles) as site:
        monitor = Monitor([_source(site, "/limited.xml")], settings, store, pipeline=pipeline)
        log = monitor.run(once=True)[0]
        assert "AW704" in log.error and len(site.hits("/limited.xml")) == 1
        row = state.report(store)[0]
        assert (row["next_round_at"] - row["last_round_at"]).total_seconds() >= 60  # backoff_base_s
        assert row["errors_in_row"] == 1


def test_redirected_feed(store, pipeline, articles):
    with Site(articles) as site:
        log = _monitor([_source(site, "/old-feed")], store, pipeline).run(once=True)[0]
        assert log.stored == 3 and site.hits("/feed.xml")


def test_broken_xml_is_an_error_of_that_source_only(store, pipeline, articles):
    with Site(articles) as site:
        broken, good = _monitor([_source(site, "/broken.xml"), _source(site, "/feed.xml")], store, pipeline).run(once=True)
        assert "AW702" in broken.error and good.stored == 3
    rows = {row["name"]: row for row in state.report(store)}
    assert "AW702" in rows["broken.xml"]["last_error"] and rows["broken.xml"]["last_success_at"] is None
    assert rows["feed.xml"]["last_error"] is None


@pytest.mark.parametrize("status, fetched", [(404, True), (503, False)])
def test_robots_txt_missing_allows_all_unreachable_allows_nothing(store, pipeline, articles, status, fetched):
    with Site(articles[:1]) as site:
        site.robots_status = status
        log = _monitor([_source(site, "/feed.xml")], store, pipeline).run(once=True)[0]
        assert bool(site.hits("/feed.xml")) is fetched
        assert (log.error is None) is fetched and (fetched or "robots.txt cannot be read" in log.error)


def test_private_addresses_need_the_source_to_allow_them(store, pipeline, articles):
    with Site(articles) as site:
        source = Source(name="feed", url=site.base + "/feed.xml")  # allow_private left off
        log = _monitor([source], store, pipeline).run(once=True)[0]
        assert "AW115" in log.error and not site.requests


def test_validators_kept_only_once_every_item_is_handled(store, pipeline, articles):
    with Site(articles) as site:
        feed = _source(site, "/feed.xml", max_items=2)
        first = _monitor([feed], store, pipeline).run(once=True)[0]
        assert first.pending == 2 and state.report(store)[0]["etag"] is None
        second = _monitor([feed], store, pipeline).run(once=True)[0]
        assert second.listing == "200" and second.pending == 0  # the listing read again, the rest handled
        assert state.report(store)[0]["etag"] == '"v3"' and store.stats()["documents"] == 3


# ---- alerts --------------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(tmp_path):
    """aiosmtpd with STARTTLS (a self-signed certificate made here) and AUTH required."""
    aiosmtpd = pytest.importorskip("aiosmtpd.controller")
    from aiosmtpd.smtp import AuthResult
    import ssl

    import shutil

    if shutil.which("openssl") is None:
        pytest.skip("no openssl command to make the test certificate with")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                           "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
                           "-addext", "subjectAltName=IP:127.0.0.1"], capture_output=True)
    if made.returncode:
        pytest.skip(f"openssl cannot make a certificate: {made.stderr[-200:]!r}")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    class Inbox:
        def __init__(self):
            self.messages, self.logins = [], []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope.content)
            return "250 OK"

    inbox = Inbox()

    def authenticator(server, session, envelope, mechanism, auth_data):
        inbox.logins.append((auth_data.login, session.ssl is not None))
        return AuthResult(success=(auth_data.login, auth_data.password) == (b"analyst", b"s3cret"))

    port = _free_port()
    controller = aiosmtpd.Controller(inbox, hostname="127.0.0.1", port=port, tls_context=context,
                                     require_starttls=True, auth_required=True, authenticator=authenticator)
    controller.start()
    inbox.port, inbox.cert = port, cert
    yield inbox
    controller.stop()


def _alerts_yaml(tmp_path, hook_url, smtp):
    path = tmp_path / "alerts.yaml"
    path.write_text(f"""
outputs:
  file: {{type: jsonl, path: "{tmp_path / 'alerts.jsonl'}"}}
  hook: {{type: webhook, url: "{hook_url}", secret_env: AW_TEST_SECRET}}
  mail: {{type: smtp, host: 127.0.0.1, port: {smtp.port if smtp else 1}, starttls: true, cafile: "{smtp.cert if smtp else ''}",
         from: armswatch@localhost, to: desk@localhost, username_env: AW_TEST_USER, password_env: AW_TEST_PASS}}
rules:
  - name: afghan-arms
    about: arms
    actor: AFG
    min_count: 10000
    outputs: [file, hook, mail]
  - name: pakistan-events
    about: event
    actor: Pakistan
    outputs: [file, hook]
""", "utf-8")
    return path


def test_alerts_fire_once_and_reach_file_webhook_and_mail(any_store, pipeline, articles, tmp_path, monkeypatch,
                                                         smtp_server):
    store = any_store
    monkeypatch.setenv("AW_TEST_SECRET", "hook-secret")
    monkeypatch.setenv("AW_TEST_USER", "analyst")
    monkeypatch.setenv("AW_TEST_PASS", "s3cret")
    settings = _settings()
    with Site(articles) as site, Receiver(fail_first=1) as hook:
        rules, outputs = load_alerts(_alerts_yaml(tmp_path, hook.url, smtp_server))
        _monitor([_source(site, "/feed.xml")], store, pipeline).run(once=True)
        fired = alerting.fire(store, rules)
        arms = [f for f in fired if f.rule.name == "afghan-arms"]
        events = [f for f in fired if f.rule.name == "pakistan-events"]
        # the seed article's Small Arms Survey figures for Afghanistan over 10,000, each once
        assert {f.subject.category for f in arms} >= {"rifle", "pistol", "machine_gun"}
        assert all(f.subject.count >= 10000 and f.version == 1 for f in arms) and events
        first = alerting.deliver(store, outputs, settings)
        assert first["retry"] == 1 and first["sent"] == len(arms) * 3 + len(events) * 2 - 1
        time.sleep(0.1)
        assert alerting.deliver(store, outputs, settings) == {"sent": 1, "retry": 0, "failed": 0}
        assert all(f.subject.id.startswith("event:") for f in events)  # fused events (armswatch.fuse)
        # the same article again at another URL, and a syndicated copy (new headline, a credit line added,
        # the URL line dropped): stored, but no new alert, no update
        edited = articles[0]["text"].replace("https://arab.news/jcer6\n", "")
        edited = edited.replace("Pakistan says US acknowledges issue", "US acknowledges issue", 1)
        site.articles = articles + [dict(articles[0]), {"title": "Syndicated", "text": edited + "\n(Reporting by the desk.)"}]
        site.listed = 5
        log = _monitor([_source(site, "/feed.xml")], store, pipeline).run(once=True)[0]
        assert (log.duplicates, log.stored) == (1, 1) and len(log.doc_ids) == 1
        assert alerting.check(store, rules, doc_ids=log.doc_ids) == []
        assert alerting.fire(store, rules) == [] and alerting.deliver(store, outputs, settings)["sent"] == 0
    # the subjects of some documents, read alone, are those the whole store has for them
    everything = {s.id: s for s in build_subjects(store)}
    assert {s.kind for s in everything.values()} >= {"event", "arms", "statement"}
    first_subject = next(s for s in everything.values() if s.id == fired[0].subject.id)
    for doc_id in log.doc_ids + [first_subject.documents[0]]:
        some = build_subjects(store, doc_ids=[doc_id])
        assert some and {s.id for s in some} == {i for i, s in everything.items() if doc_id in s.documents}
        differ = [(s.id, s.sources, everything[s.id].sources, s.documents, everything[s.id].documents)
                  for s in some if (s.sources, s.fingerprint, s.documents) != (
                      everything[s.id].sources, everything[s.id].fingerprint, everything[s.id].documents)]
        assert differ == []
    ids = {f.id for f in fired}
    lines = [json.loads(line) for line in (tmp_path / "alerts.jsonl").read_text().splitlines()]
    assert sorted(line["id"] for line in lines) == sorted(ids)
    assert sorted(h["X-Armswatch-Alert"] for h, _ in hook.posts) == sorted(ids)
    assert all(h["X-Armswatch-Secret"] == "hook-secret" for h, _ in hook.posts)
    assert hook.calls == len(ids) + 1  # one 500, then each alert once
    from email import message_from_bytes

    mails = [message_from_bytes(m) for m in smtp_server.messages]
    assert sorted(m["Message-ID"] for m in mails) == sorted(f"<{f.id}.mail@armswatch>" for f in arms)
    assert all(secure for _, secure in smtp_server.logins)  # AUTH only after STARTTLS
    assert {d["status"] for row in alerting.recent(store) for d in row["deliveries"]} == {"sent"}


def test_an_update_goes_out_for_a_new_source_or_a_changed_figure(store):
    rule = Rule(name="all")
    subject = Subject(id="arms:x", kind="arms", summary="rifle x100", count=100, sources=1, fingerprint="[100]")
    assert [f.reason for f in alerting.fire(store, [rule], [subject])] == ["new"]
    assert alerting.fire(store, [rule], [subject]) == []  # the same again: nothing
    subject.sources = 2
    assert [(f.version, f.reason) for f in alerting.fire(store, [rule], [subject])] == [(2, "new source")]
    subject.fingerprint = "[100, 120]"
    assert [(f.version, f.reason) for f in alerting.fire(store, [rule], [subject])] == [(3, "figure changed")]
    assert alerting.fire(store, [rule], [subject]) == []


def test_a_delivery_stays_pending_until_sent_then_gives_up(store, tmp_path):
    settings = _settings()
    settings.set("alerts.attempts", 2)
    rules, outputs = load_alerts(_alerts_yaml(tmp_path, f"http://127.0.0.1:{_free_port()}/none", None))
    subject = Subject(id="event:x", kind="event", summary="ACCUSE Pakistan", actors=[{"name": "Pakistan"}])
    alerting.fire(store, rules[1:], [subject])
    assert alerting.deliver(store, outputs, settings) == {"sent": 1, "retry": 1, "failed": 0}  # file, hook
    time.sleep(0.1)
    assert alerting.deliver(store, outputs, settings) == {"sent": 0, "retry": 0, "failed": 1}
    (row,) = alerting.recent(store)
    hook = next(d for d in row["deliveries"] if d["output"] == "hook")
    assert hook["status"] == "failed" and "AW705" in hook["last_error"] and hook["attempts"] == 2


# ---- the real command, killed and restarted ------------------------------------------------------------

def _cli(args, config, env_extra=None):
    import os

    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent / "src"), **(env_extra or {}))
    command = [sys.executable, "-c", "from armswatch.cli import main; main()", *args, "--config", str(config)]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _count_documents(url) -> int:
    from sqlalchemy import create_engine, func, select

    from armswatch.store.schema import documents

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(documents))
    except Exception:
        return 0  # not migrated yet
    finally:
        engine.dispose()


def _wait_for_documents(url, at_least: int, process, timeout_s: float = 120) -> int:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        found = _count_documents(url)
        if found >= at_least:
            return found
        assert process.poll() is None, process.stdout.read()
        time.sleep(0.1)
    raise AssertionError(f"fewer than {at_least} documents after {timeout_s} s")


def test_killed_mid_round_and_restarted_loses_nothing_and_alerts_once(db_url, tmp_path):  # noqa: F811
    import signal

    articles = real_articles(6)
    config = tmp_path / "settings.toml"
    config.write_text(f'[store]\nurl = "{db_url}"\n[watch]\nmin_host_delay_s = 0.01\n[nlp]\nn_process = 1\n')
    with Site(articles, listed=3) as site, Receiver(fail_first=0) as hook:
        sources = tmp_path / "sources.yaml"
        sources.write_text(f"sources:\n  - name: local\n    url: {site.base}/feed.xml\n    allow_private: true\n"
                           f"    interval: 2s\n", "utf-8")
        alerts = tmp_path / "alerts.yaml"
        alerts.write_text(f"""
outputs:
  file: {{type: jsonl, path: "{tmp_path / 'alerts.jsonl'}"}}
  hook: {{type: webhook, url: "{hook.url}"}}
rules:
  - name: everything
    outputs: [file, hook]
""", "utf-8")
        args = ["watch", str(sources), "--alerts", str(alerts)]
        first = _cli(args + ["--once"], config)
        assert first.wait(300) == 0, first.stdout.read()
        assert _count_documents(db_url) == 3
        site.listed, site.delay_s = 6, 0.5
        second = _cli(args, config)  # no --once: rounds until stopped
        _wait_for_documents(db_url, 4, second)
        second.send_signal(signal.SIGKILL)
        second.wait(30)
        assert 4 <= _count_documents(db_url) < 6
        third = _cli(args, config)
        _wait_for_documents(db_url, _count_documents(db_url) + 1, third)
        third.send_signal(signal.SIGTERM)  # finishes the document in hand, then exits 0
        assert third.wait(60) == 0, third.stdout.read()
        assert "finishing the current document" in third.stdout.read()
        site.delay_s = 0
        fourth = _cli(args + ["--once"], config)
        assert fourth.wait(300) == 0, fourth.stdout.read()
        fetched = [r[2] for r in site.hits("/a/")]
    assert _count_documents(db_url) == 6
    assert len(fetched) - len(set(fetched)) <= 1  # at most the document the kill cut short is fetched twice
    with open_store(db_url) as store:
        items = state.report(store)[0]["items_by_status"]
        # a kill between storing a document and marking its item leaves that item to be found stored
        # ("duplicate": already stored) on restart, not fetched again
        assert items.get("stored", 0) + items.get("duplicate", 0) == 6 and items.get("duplicate", 0) <= 1
        assert items["skipped"] == 1 and set(items) <= {"stored", "duplicate", "skipped"}  # /private/: robots.txt
        stored_alerts = alerting.recent(store, 10000)
    ids = [row["id"] for row in stored_alerts]
    lines = [json.loads(line)["id"] for line in (tmp_path / "alerts.jsonl").read_text().splitlines()]
    posted = [headers["X-Armswatch-Alert"] for headers, _ in hook.posts]
    assert ids and len(set(ids)) == len(ids)
    assert sorted(lines) == sorted(posted) == sorted(ids)  # each alert once to each output


# ---- the dashboard -------------------------------------------------------------------------------------

def test_sources_and_alerts_pages_with_json_twins(store, tmp_path):
    from fastapi.testclient import TestClient

    from armswatch.web import create_app

    state.sync_sources(store, [Source(name="local", url="http://127.0.0.1:9/feed.xml", allow_private=True)])
    state.end_round(store, "local", {"rounds": 1, "failed": 1}, state.now(), "[AW108] http://127.0.0.1:9: refused",
                    None, 1)
    rules_file = _alerts_yaml(tmp_path, "http://127.0.0.1:9/hook", None)
    rules, _ = load_alerts(rules_file)
    subject = Subject(id="event:f1", kind="event", summary="ACCUSE Pakistan -> <Afghanistan>",
                      actors=[{"name": "Pakistan"}], links=[{"doc_id": "d1", "url": "https://n.example/1", "record": "r1"}])
    alerting.fire(store, rules[1:], [subject])
    settings = _settings()
    settings.set("alerts.rules_file", str(rules_file))
    with TestClient(create_app(store, settings=settings), raise_server_exceptions=False) as client:
        sources = client.get("/sources.json").json()["sources"]
        assert sources[0]["name"] == "local" and "AW108" in sources[0]["last_error"] and sources[0]["failed"] == 1
        page = client.get("/sources")
        assert page.status_code == 200 and "refused" in page.text
        data = client.get("/alerts.json").json()
        assert [r["name"] for r in data["rules"]] == ["afghan-arms", "pakistan-events"]
        (alert,) = data["alerts"]
        assert alert["subject"] == "event:f1" and {d["status"] for d in alert["deliveries"]} == {"pending"}
        html = client.get("/alerts").text
        assert 'href="/fused/f1"' in html and 'href="/documents/d1"' in html
        assert "&lt;Afghanistan&gt;" in html and "<Afghanistan>" not in html  # escaped
    from typer.testing import CliRunner

    from armswatch.cli import app

    sent = CliRunner().invoke(app, ["alerts", "send", str(rules_file), "--db", store.url])
    assert sent.exit_code == 1 and "deliveries sent: 1, waiting to retry: 1" in sent.output  # the hook is down
    assert json.loads((tmp_path / "alerts.jsonl").read_text())["subject"] == "event:f1"


# ---- politeness and schedule, without the pipeline -------------------------------------------------------

def test_crawl_delay_and_host_delay_space_requests(articles):
    from armswatch.watch.polite import Polite

    settings = _settings()
    settings.set("watch.min_host_delay_s", 0.3)
    with Site(articles) as site:
        polite = Polite(settings)
        for path in ("/feed.xml", "/urls.txt", "/a/0.html"):
            polite.get(site.base + path, allow_private=True)
        times = [r[0] for r in site.requests]  # robots.txt, then the three
        assert all(b - a >= 0.3 for a, b in zip(times, times[1:]))
        site.crawl_delay = 1
        slower = Polite(settings)
        for path in ("/feed.xml", "/urls.txt"):
            slower.get(site.base + path, allow_private=True)
        assert site.requests[-1][0] - site.requests[-2][0] >= 1.0


def test_failed_rounds_back_off_exponentially(store, articles):
    with Site(articles) as site:
        monitor = Monitor([_source(site, "/broken.xml", interval_s=10)], _settings(), store, pipeline=object())
        waits = []
        for _ in range(3):
            monitor.run(once=True)
            row = state.report(store)[0]
            waits.append((row["next_round_at"] - row["last_round_at"]).total_seconds())
        monitor.round(Source(name="broken.xml", url=site.base + "/feed.xml", allow_private=True, max_items=0))
    assert [round(w) for w in waits] == [60, 120, 240]  # backoff_base_s 60, doubling
    row = state.report(store)[0]
    assert row["errors_in_row"] == 0 and row["last_success_at"] is not None  # a good round resets it


def test_a_file_listing_needs_allow_private(store, articles, tmp_path):
    from armswatch.errors import WatchConfigError
    from armswatch.watch.config import load_sources

    listing = tmp_path / "today.txt"
    listing.write_text("# my reading list\nhttp://127.0.0.1:9/gone.html\n", "utf-8")
    config = tmp_path / "sources.yaml"
    config.write_text(f"sources:\n  - url: {listing.as_uri()}\n", "utf-8")
    with pytest.raises(WatchConfigError, match="allow_private"):
        load_sources(config)
    config.write_text(f"sources:\n  - url: {listing.as_uri()}\n    allow_private: true\n", "utf-8")
    (source,) = load_sources(config)
    settings = _settings()
    settings.set("watch.robots", False)  # port 9 has no robots.txt to read: the page's own fetch fails
    log = Monitor([source], settings, store, pipeline=object()).run(once=True)[0]
    assert (log.listed, log.new, log.pending) == (1, 1, 1) and log.error is None  # read; the page retried later
    (item,) = state.recent_items(store, source.name)
    assert item["attempts"] == 1 and "AW108" in item["reason"]
