"""Incremental fusion: add one stored document to the copy groups, fused events, stories and claim links,
inside the caller's transaction (ingest calls it right after writing the document's records).

Each link depends only on the two items compared, and each group is named after its smallest member; a
new link can only merge groups, so the groups are the connected components of the links whatever the
order documents arrive in. ``rebuild`` replays every stored document from scratch.
"""

from __future__ import annotations

from sqlalchemy import and_, bindparam, delete, func, insert, literal_column, or_, select, union_all, update
from sqlalchemy.engine import Connection

from ..records import from_dict
from ..store.schema import documents as documents_table
from ..store.reading import chunks, full_records
from ..store.schema import records as records_table
from . import copies, links as L, stories as S, tables as T
from .claims import link_claims
from .params import Params
from .summary import fused_row


_FUSED_ALREADY = select(T.documents.c.doc_id).where(T.documents.c.doc_id == bindparam("doc_id"))


def add_document(connection: Connection, doc_id: str, text: str, records: list[dict], params: Params,
                 published: str | None = None, url: str | None = None) -> None:
    if connection.execute(_FUSED_ALREADY, {"doc_id": doc_id}).first():
        return  # fused already
    prepared = L.prepare(text, records, params)
    regrouped = _add_copies(connection, doc_id, prepared, params, published, url)
    _add_doc_links(connection, doc_id, prepared, params, published)
    touched = _add_events(connection, doc_id, prepared["events"], params)
    touched |= _fused_ids_of_docs(connection, regrouped)
    _write_summaries(connection, touched)
    _merge_stories(connection, doc_id, touched, params)
    _add_claims(connection, doc_id, prepared["claims"], params)


_CANDIDATES = (select(T.documents.c.doc_id, T.documents.c.signature, T.documents.c.figures)
               .where(T.documents.c.doc_id.in_(select(T.bands.c.doc_id).where(
                   T.bands.c.hash.in_(bindparam("hashes", expanding=True))).distinct())))


# ---- copies -------------------------------------------------------------------------------------------

def _add_copies(connection, doc_id, prepared, params, published, url) -> set[str]:
    """Store the document's signature, link it to its copies; returns the documents whose group changed."""
    sig, figs, hashes = prepared["signature"], prepared["figures"], prepared["bands"]
    # a band's hash covers its band number, so one IN over the hashes finds the candidates (one statement
    # built once: SQLAlchemy compiles it once, not 32 OR-ed conditions per document)
    candidates = connection.execute(_CANDIDATES, {"hashes": [h for _, h in hashes]}).all()
    links = []
    for other, other_sig, other_figs in candidates:
        sim = L.copy_similarity(sig, figs, copies.from_bytes(other_sig), other_figs, params)
        if sim is not None:
            links.append((other, sim))
    connection.execute(insert(T.documents), {"doc_id": doc_id, "copy_group": doc_id, "story": "s" + doc_id,
                                             "signature": copies.to_bytes(sig), "figures": figs,
                                             "terms": prepared["terms"],
                                             "published": published, "url": url})
    connection.execute(insert(T.bands), [{"band": b, "hash": h, "doc_id": doc_id} for b, h in hashes])
    if not links:
        return set()
    connection.execute(insert(T.copy_links), [row for other, sim in links for row in (
        {"doc_id": doc_id, "other_id": other, "similarity": sim},
        {"doc_id": other, "other_id": doc_id, "similarity": sim})])
    groups = set(connection.scalars(select(T.documents.c.copy_group)
                                    .where(T.documents.c.doc_id.in_([o for o, _ in links]))))
    members = set(connection.scalars(select(T.documents.c.doc_id).where(T.documents.c.copy_group.in_(groups))))
    members.add(doc_id)
    name = min(members)
    changed = set(connection.scalars(select(T.documents.c.doc_id).where(and_(
        T.documents.c.doc_id.in_(members), T.documents.c.copy_group != name))))
    connection.execute(update(T.documents).where(T.documents.c.doc_id.in_(members)).values(copy_group=name))
    return changed - {doc_id}


_SHARING_KEYS = (select(T.terms.c.doc_id).where(T.terms.c.term.in_(bindparam("keys", expanding=True)))
                 .group_by(T.terms.c.doc_id).having(func.count() >= bindparam("shared")))
_STORY_CANDIDATES = (select(T.documents.c.doc_id, T.documents.c.terms, T.documents.c.published)
                     .where(T.documents.c.doc_id.in_(_SHARING_KEYS)))
# the same in a publication window; links.within_window decides, this only spares reading the others
# (a date shorter than a day is kept for it to decide)
_STORY_CANDIDATES_IN_WINDOW = _STORY_CANDIDATES.where(or_(
    T.documents.c.published.is_(None), func.length(T.documents.c.published) < 10,
    func.substr(T.documents.c.published, 1, 10).between(bindparam("low"), bindparam("high"))))


def _add_doc_links(connection, doc_id: str, prepared: dict, params: Params, published: str | None = None) -> None:
    """Link the document to the documents whose weighted words are close enough to tell one story."""
    terms, keys = prepared["terms"], prepared["keys"]
    if not keys:
        return
    # a candidate shares story_min_shared_keys of the keys: one shared heavy word ("ukraine") would read
    # back a share of the whole store for each new document
    values = {"keys": keys, "shared": params.story_min_shared_keys}
    window = L.published_window(published, params)
    if window:
        values.update(low=window[0], high=window[1])
    links = []
    for other, other_terms, other_published in connection.execute(
            _STORY_CANDIDATES_IN_WINDOW if window else _STORY_CANDIDATES, values):
        if not L.within_window(published, other_published, params):
            continue
        similarity = L.story_similarity(terms, other_terms, params)
        if similarity is not None:
            links.append((other, similarity))
    connection.execute(insert(T.terms), [{"term": key, "doc_id": doc_id} for key in keys])
    if links:
        connection.execute(insert(T.doc_links), [row for other, sim in links for row in (
            {"doc_id": doc_id, "other_id": other, "similarity": sim},
            {"doc_id": other, "other_id": doc_id, "similarity": sim})])


# ---- events -------------------------------------------------------------------------------------------

_KEYED = (select(T.event_keys.c.key, T.event_keys.c.event_id)
          .where(T.event_keys.c.key.in_(bindparam("keys", expanding=True))))
_OTHERS = (select(T.events.c.event_id, T.events.c.fused_id, T.events.c.features)
           .where(and_(T.events.c.event_id.in_(bindparam("ids", expanding=True)),
                       T.events.c.doc_id != bindparam("doc_id"))))


def _add_events(connection, doc_id, reports: list[dict], params) -> set[str]:
    """Store the events' features and keys (``reports`` as ``links.prepare`` gives them), link them to
    compatible reports elsewhere; returns the fused ids (new names) whose members changed.

    A fixed number of statements whatever the number of events: one lookup of every probe key, one read of
    the reports found, then the merge worked out here (a fused id is always "f" + its smallest member)."""
    if not reports:
        return set()
    connection.execute(insert(T.events), [{"event_id": r["event_id"], "doc_id": doc_id, "fused_id": "f" + r["event_id"],
                                           "main": r["main"], "features": r["features"]} for r in reports])
    rows = [{"key": key, "event_id": r["event_id"]} for r in reports for key in r["stored"]]
    if rows:
        connection.execute(insert(T.event_keys), rows)
    probes = sorted({key for r in reports for key in r["probed"]})
    by_key: dict[str, set[str]] = {}
    for chunk in chunks(probes):
        for key, other in connection.execute(_KEYED, {"keys": chunk}):
            by_key.setdefault(key, set()).add(other)
    found = sorted(set().union(*by_key.values())) if by_key else []
    others = {}
    for chunk in chunks(found):
        for other, fused_id, feat in connection.execute(_OTHERS, {"ids": chunk, "doc_id": doc_id}):
            others[other] = (fused_id, feat)
    links = []
    for r in sorted(reports, key=lambda r: r["event_id"]):
        candidates = set().union(*(by_key.get(key, ()) for key in r["probed"])) & others.keys()
        for other in sorted(candidates):
            value = L.event_score(r["features"], others[other][1], params)
            if value is not None:
                links.append((r["event_id"], other, value))
    if links:
        connection.execute(insert(T.event_links), [row for a, b, s in links for row in (
            {"event_id": a, "other_id": b, "score": s}, {"event_id": b, "other_id": a, "score": s})])
    return _merge_events(connection, [r["event_id"] for r in reports],
                         [(a, others[b][0][1:]) for a, b, _ in links])


def _merge_events(connection, new_ids: list[str], pairs: list[tuple[str, str]]) -> set[str]:
    """Join each new event with the fused events it links to (``pairs``: new event id, smallest member of
    the other's fused event); returns the fused ids of the new events after the merge."""
    old = {b for _, b in pairs}
    root = S.components(sorted(set(new_ids) | old), pairs)
    renamed: dict[str, list[str]] = {}
    for member in sorted(root):
        if root[member] != member:
            renamed.setdefault("f" + root[member], []).append("f" + member)
    for name, groups in sorted(renamed.items()):
        for chunk in chunks(groups):
            connection.execute(update(T.events).where(T.events.c.fused_id.in_(chunk)).values(fused_id=name))
    gone = sorted(g for groups in renamed.values() for g in groups if g[1:] in old)
    for chunk in chunks(gone):
        connection.execute(delete(T.fused).where(T.fused.c.id.in_(chunk)))
    return {"f" + root[event_id] for event_id in new_ids}


_DOC_FUSED = (select(T.events.c.fused_id).where(T.events.c.doc_id.in_(bindparam("ids", expanding=True)))
              .distinct())


def _fused_ids_of_docs(connection, doc_ids: set[str]) -> set[str]:
    out: set[str] = set()
    for chunk in chunks(sorted(doc_ids)):
        out |= set(connection.scalars(_DOC_FUSED, {"ids": chunk}))
    return out


_MEMBERS = (select(T.events.c.fused_id, T.events.c.event_id, T.events.c.doc_id, T.events.c.features,
                   T.documents.c.copy_group, T.documents.c.published, T.documents.c.url)
            .join(T.documents, T.documents.c.doc_id == T.events.c.doc_id)
            .where(T.events.c.fused_id.in_(bindparam("ids", expanding=True))))


def _write_summaries(connection, fused_ids: set[str]) -> None:
    """Write again the ``fused_events`` rows of these fused events, from their members."""
    for chunk in chunks(sorted(fused_ids)):
        members: dict[str, list[dict]] = {}
        for row in connection.execute(_MEMBERS, {"ids": chunk}):
            item = dict(row._mapping)
            members.setdefault(item.pop("fused_id"), []).append(item)
        connection.execute(delete(T.fused).where(T.fused.c.id.in_(chunk)))
        if members:
            connection.execute(insert(T.fused), [fused_row(f, m) for f, m in sorted(members.items())])


# ---- stories ------------------------------------------------------------------------------------------

_MAIN_DOCS = (select(T.events.c.doc_id).where(and_(T.events.c.fused_id.in_(bindparam("ids", expanding=True)),
                                                   T.events.c.main.is_(True))).distinct())


def _merge_stories(connection, doc_id: str, touched: set[str], params: Params) -> None:
    """Re-cluster the candidate groups the new document touched (``fuse.stories``): the connected
    components of copies, doc links and documents whose main events were fused, seeded by the document and
    by the documents whose main events are in a fused event it changed."""
    seeds = {doc_id}
    for chunk in chunks(sorted(touched)):
        seeds |= set(connection.scalars(_MAIN_DOCS, {"ids": chunk}))
    done: set[str] = set()
    for seed in sorted(seeds):
        if seed in done:
            continue
        group, forced = _candidate_group(connection, seed, params)
        done |= group
        if len(group) == 1:
            continue  # a document alone keeps the story it was written with ("s" + its id)
        rows = [row for chunk in chunks(sorted(group)) for row in connection.execute(
            select(T.documents.c.doc_id, T.documents.c.terms, T.documents.c.story)
            .where(T.documents.c.doc_id.in_(chunk)))]
        old = {d: story for d, _, story in rows}
        new = S.cluster({d: terms for d, terms, _ in rows}, forced, params)
        changed: dict[str, list[str]] = {}
        for d, story in new.items():
            if old[d] != story:
                changed.setdefault(story, []).append(d)
        for story, docs in sorted(changed.items()):
            for chunk in chunks(docs):
                connection.execute(update(T.documents).where(T.documents.c.doc_id.in_(chunk)).values(story=story))


_NEIGHBOURS = union_all(
    select(T.copy_links.c.doc_id, T.copy_links.c.other_id, literal_column("1").label("copy"))
    .where(T.copy_links.c.doc_id.in_(bindparam("ids", expanding=True))),
    select(T.doc_links.c.doc_id, T.doc_links.c.other_id, literal_column("0").label("copy"))
    .where(T.doc_links.c.doc_id.in_(bindparam("ids", expanding=True))))
_MAIN_PEERS = (select(T.events.c.fused_id, T.events.c.doc_id).where(and_(
    T.events.c.fused_id.in_(select(T.events.c.fused_id).where(and_(
        T.events.c.doc_id.in_(bindparam("ids", expanding=True)), T.events.c.main.is_(True)))),
    T.events.c.main.is_(True))))


def _candidate_group(connection, seed: str, params: Params) -> tuple[set[str], list[tuple[str, str]]]:
    """The documents connected to ``seed`` by copies, doc links or fused main events, and the pairs that
    start in one cluster (copies; with ``story_force_main`` also fused main events)."""
    group, frontier, forced = {seed}, {seed}, []
    while frontier:
        found = set()
        for chunk in chunks(sorted(frontier)):
            for a, b, copy in connection.execute(_NEIGHBOURS, {"ids": chunk}):
                found.add(b)
                if copy:
                    forced.append((a, b))
            by_event: dict[str, set[str]] = {}
            for fused_id, other in connection.execute(_MAIN_PEERS, {"ids": chunk}):
                by_event.setdefault(fused_id, set()).add(other)
            for docs in by_event.values():
                found |= docs
                if params.story_force_main:
                    first = min(docs)
                    forced += [(first, d) for d in docs if d != first]
        frontier = found - group
        group |= found
    return group, forced


# ---- claims -------------------------------------------------------------------------------------------

def _add_claims(connection, doc_id: str, claims: list[dict], params: Params) -> None:
    """``claims``: the document's accusations and denials with their sides, as ``links.prepare`` gives them."""
    new = [c["record"] for c in claims]
    rows = [{"statement_id": c["statement_id"], "doc_id": doc_id, "side": side, "claim": c["claim"]}
            for c in claims for side in c["sides"]]
    if not rows:
        return
    wanted = [and_(T.claims.c.side == row["side"], T.claims.c.claim == ("deny" if row["claim"] == "accuse" else "accuse"))
              for row in rows]
    found = select(T.claims.c.statement_id).where(and_(or_(*wanted), T.claims.c.doc_id != doc_id)).distinct()
    old = [from_dict(data) for data in full_records(connection, records_table.c.id.in_(found))]
    connection.execute(insert(T.claims), rows)
    if not old:
        return
    mine = {s.id for s in new}
    links = link_claims(new + old, params.claim_window_days)
    docs = {s.id: s.doc_id for s in new + old}
    pairs = sorted({(a, b) for a, others in links.items() for b in others if (a in mine) != (b in mine)})
    if pairs:
        connection.execute(insert(T.claim_links), [{"statement_id": a, "other_id": b, "doc_id": docs[a],
                                                    "other_doc_id": docs[b]} for a, b in pairs])


# ---- from scratch -------------------------------------------------------------------------------------

def rebuild(connection: Connection, params: Params, progress=None) -> int:
    """Forget every fusion row and fuse each stored document again, in doc id order; returns the count."""
    for table in T.ALL:
        connection.execute(delete(table))
    doc_ids = list(connection.scalars(select(documents_table.c.doc_id).order_by(documents_table.c.doc_id)))
    for done, doc_id in enumerate(doc_ids, 1):
        text, published, url = connection.execute(select(documents_table.c.text, documents_table.c.published,
                                                         documents_table.c.url)
                                                  .where(documents_table.c.doc_id == doc_id)).one()
        datas = full_records(connection, records_table.c.doc_id == doc_id,
                             records_table.c.kind.in_(("event", "statement")))
        add_document(connection, doc_id, text, datas, params, published, url)
        if progress:
            progress(done, len(doc_ids))
    return len(doc_ids)
