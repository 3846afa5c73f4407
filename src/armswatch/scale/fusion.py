"""Fusion on Spark, over the batch output: copies, stories, fused events and claim links for every document
of the batch at once, with Spark's own operations.

Each document is prepared in a worker (its MinHash signature and LSH bands, weighted words, event features
with their blocking keys, claims), with the functions the incremental path uses. Candidate pairs come from
self-joins: on band hashes (copies), on the heaviest words (stories), event probe keys against stored keys
(events), accusations against denials on one side (claims). Each pair is decided by ``fuse.links`` (and
``fuse.claims.link_claims``), the same functions ``armswatch fuse`` applies, so the links are the ones the
database path finds. Groups are connected components by min-label propagation over the edge table (each
vertex takes the smallest label among itself and its neighbours until none changes), so each is named after
its smallest member, as in the database. Stories: the components of copies, doc links and fused main
events are candidate groups; each group's documents are gathered in one worker and re-clustered by
``fuse.stories.cluster``, the function the database path calls. Fused events are summarised by
``fuse.summary.fused_row``.

Written under ``fusion/`` beside the records: one Parquet table per fusion table, named and laid out as in
the database (JSON columns as JSON text, see ``JSON_COLUMNS``), which ``armswatch load`` stores as they are,
and ``fusion/stories`` (id, documents, urls) for reading without a database.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..fuse import copies, links as L, stories as S
from ..fuse.claims import link_claims
from ..fuse.params import Params
from ..fuse.summary import fused_row
from .batch import NO_DATE

# the columns stored as JSON text in the Parquet tables (JSON values in the database)
JSON_COLUMNS = {"fuse_documents": ("figures", "terms"), "fuse_events": ("features",), "fused_events": ("data",)}


def _prepare(row: dict, params: Params) -> dict:
    """What fusion needs of one document (``fuse.links.prepare``), with its id, date and URL."""
    published = None if row["published"] in (None, NO_DATE) else str(row["published"])[:10]
    datas = sorted({d["id"]: d for d in map(json.loads, row["datas"] or [])}.values(), key=lambda d: d["id"])
    prepared = L.prepare(row["text"], datas, params)
    prepared["signature"] = copies.to_bytes(prepared["signature"])
    prepared["claims"] = [{"statement_id": c["statement_id"], "side": side, "claim": c["claim"], "data": c["data"]}
                          for c in prepared["claims"] for side in c["sides"]]
    return {"doc_id": row["doc_id"], "published": published, "url": row["url"], **prepared}


def _copy_link(row, params: Params):
    sim = L.copy_similarity(copies.from_bytes(bytes(row.sig_a)), json.loads(row.figs_a),
                            copies.from_bytes(bytes(row.sig_b)), json.loads(row.figs_b), params)
    return (row.a, row.b, sim)


def _claim_link(row, window_days: int):
    """The pair (accusation, denial) when they contradict each other, else None."""
    from ..records import from_dict

    accusation, denial = from_dict(json.loads(row.data_a)), from_dict(json.loads(row.data_b))
    linked = denial.id in link_claims([accusation, denial], window_days).get(accusation.id, [])
    return (row.a, row.b, row.doc_a, row.doc_b) if linked else None


def _stories(group, params: Params) -> list[tuple[str, str]]:
    """(doc id, story) for one candidate group: (its (doc id, terms as JSON) rows, its forced pairs)."""
    rows, forced = group
    return sorted(S.cluster({d: json.loads(t) for d, t in rows}, list(forced or []), params).items())


def _summary(fused_id: str, members) -> tuple:
    members = [{"event_id": m[0], "doc_id": m[1], "features": json.loads(m[2]), "copy_group": m[3],
                "published": m[4], "url": m[5]} for m in members]
    row = fused_row(fused_id, members)
    return tuple(json.dumps(row[c], ensure_ascii=False, sort_keys=True) if c == "data" else row[c]
                 for c in _FUSED_COLUMNS)


_FUSED_COLUMNS = ("id", "type", "date", "date_low", "date_high", "place", "documents", "sources", "confidence",
                  "first_seen", "last_seen", "data")


def components(vertices, edges):
    """(id, label): each vertex labelled with the smallest id of its connected component. ``vertices`` has
    an ``id`` column, ``edges`` columns ``a`` and ``b``. Min-label propagation: every round, each vertex
    takes the smallest label among its own and its neighbours'; it stops when a round changes nothing (as
    many rounds as the widest component is across)."""
    from pyspark.sql import functions as F

    both = (edges.select(F.col("a").alias("src"), F.col("b").alias("dst"))
            .union(edges.select(F.col("b").alias("src"), F.col("a").alias("dst"))).distinct().persist())
    labels = vertices.select("id", F.col("id").alias("label")).distinct().localCheckpoint()
    while True:
        sent = both.join(labels.withColumnRenamed("id", "src"), "src").select(F.col("dst").alias("id"), "label")
        new = labels.unionByName(sent).groupBy("id").agg(F.min("label").alias("label")).localCheckpoint()
        changed = (new.join(labels.withColumnRenamed("label", "old"), "id")
                   .where(F.col("label") != F.col("old")).limit(1).count())
        labels = new
        if not changed:
            both.unpersist()
            return labels


def _pairs(rows, key: str, shared: int = 1):
    """Distinct (a, b) pairs of ids sharing at least ``shared`` values of ``key``, a < b: a blocking
    self-join (``rows`` hold each (id, value) once)."""
    from pyspark.sql import functions as F

    x, y = rows.alias("x"), rows.alias("y")
    condition = (F.col(f"x.{key}") == F.col(f"y.{key}")) & (F.col("x.id") < F.col("y.id"))
    pairs = x.join(y, condition).select(F.col("x.id").alias("a"), F.col("y.id").alias("b"))
    if shared <= 1:
        return pairs.distinct()
    return pairs.groupBy("a", "b").count().where(F.col("count") >= shared).select("a", "b")


def fuse_batch(spark, out: str | Path, params: Params) -> dict:
    """Compute fusion over ``out/documents`` and ``out/records`` and write ``out/fusion``; returns counts."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as S

    out = Path(out)
    target = out / "fusion"
    docs = spark.read.parquet(str(out / "documents")).select("doc_id", "text", "published", "url")
    recs = (spark.read.parquet(str(out / "records")).where(F.col("kind").isin("event", "statement"))
            .groupBy("doc_id").agg(F.collect_list("data").alias("datas")))
    prepared = docs.join(recs, "doc_id", "left").rdd.map(lambda r: _prepare(r.asDict(), params)).persist()
    string, text = S.StringType(), S.StringType()

    def frame(rdd, *columns):
        return spark.createDataFrame(rdd, S.StructType([S.StructField(n, t) for n, t in columns]))

    signatures = frame(prepared.map(lambda p: (p["doc_id"], p["signature"], json.dumps(p["figures"]),
                                               json.dumps(p["terms"], sort_keys=True), p["published"], p["url"])),
                       ("doc_id", string), ("signature", S.BinaryType()), ("figures", text), ("terms", text),
                       ("published", string), ("url", text)).persist()
    bands = frame(prepared.flatMap(lambda p: [(b, h, p["doc_id"]) for b, h in p["bands"]]),
                  ("band", S.IntegerType()), ("hash", S.LongType()), ("doc_id", string))
    terms = frame(prepared.flatMap(lambda p: [(k, p["doc_id"]) for k in p["keys"]]), ("term", string),
                  ("doc_id", string))
    reports = frame(prepared.flatMap(lambda p: [(e["event_id"], p["doc_id"], bool(e["main"]),
                                                 json.dumps(e["features"], sort_keys=True))
                                                for e in p["events"]]),
                    ("event_id", string), ("doc_id", string), ("main", S.BooleanType()), ("features", text)).persist()
    stored = frame(prepared.flatMap(lambda p: [(k, e["event_id"], p["doc_id"]) for e in p["events"]
                                               for k in e["stored"]]),
                   ("key", string), ("event_id", string), ("doc_id", string))
    probed = frame(prepared.flatMap(lambda p: [(k, e["event_id"], p["doc_id"]) for e in p["events"]
                                               for k in e["probed"]]),
                   ("key", string), ("event_id", string), ("doc_id", string))
    claims = frame(prepared.flatMap(lambda p: [(c["statement_id"], p["doc_id"], c["side"], c["claim"],
                                                json.dumps(c["data"], sort_keys=True)) for c in p["claims"]]),
                   ("statement_id", string), ("doc_id", string), ("side", string), ("claim", string),
                   ("data", text)).persist()

    # copies: documents sharing a band hash, decided on their signatures and figures
    candidates = _pairs(bands.select(F.col("doc_id").alias("id"), "hash"), "hash")
    sig = signatures.select("doc_id", "signature", "figures")
    scored = (candidates.join(sig.toDF("a", "sig_a", "figs_a"), "a").join(sig.toDF("b", "sig_b", "figs_b"), "b")
              .rdd.map(lambda r: _copy_link(r, params)).filter(lambda t: t[2] is not None))
    copy_pairs = frame(scored, ("a", string), ("b", string), ("similarity", S.DoubleType())).persist()

    # stories: documents sharing story_min_shared_keys of their heaviest words, decided on their weighted words
    candidates = _pairs(terms.select(F.col("doc_id").alias("id"), "term"), "term", params.story_min_shared_keys)
    weights = signatures.select("doc_id", "terms", "published")
    scored = (candidates.join(weights.toDF("a", "w_a", "p_a"), "a").join(weights.toDF("b", "w_b", "p_b"), "b").rdd
              .filter(lambda r: L.within_window(r.p_a, r.p_b, params))
              .map(lambda r: (r.a, r.b, L.story_similarity(json.loads(r.w_a), json.loads(r.w_b), params)))
              .filter(lambda t: t[2] is not None))
    doc_pairs = frame(scored, ("a", string), ("b", string), ("similarity", S.DoubleType())).persist()

    # events: a report's probe keys against other documents' stored keys, decided on their features
    found = (probed.alias("p").join(stored.alias("s"), (F.col("p.key") == F.col("s.key"))
                                    & (F.col("p.doc_id") != F.col("s.doc_id")))
             .select(F.least("p.event_id", "s.event_id").alias("a"), F.greatest("p.event_id", "s.event_id").alias("b"))
             .distinct())
    feats = reports.select("event_id", "features")
    scored = (found.join(feats.toDF("a", "f_a"), "a").join(feats.toDF("b", "f_b"), "b").rdd
              .map(lambda r: (r.a, r.b, L.event_score(json.loads(r.f_a), json.loads(r.f_b), params)))
              .filter(lambda t: t[2] is not None))
    event_pairs = frame(scored, ("a", string), ("b", string), ("score", S.DoubleType())).persist()

    # claims: an accusation against a side and a denial by or about it, in another document
    accused = claims.where(F.col("claim") == "accuse").select("side", F.col("statement_id").alias("a"),
                                                                F.col("doc_id").alias("doc_a"), F.col("data").alias("data_a"))
    denied = claims.where(F.col("claim") == "deny").select("side", F.col("statement_id").alias("b"),
                                                             F.col("doc_id").alias("doc_b"), F.col("data").alias("data_b"))
    window = params.claim_window_days
    claim_pairs = (accused.join(denied, "side").where(F.col("doc_a") != F.col("doc_b")).drop("side")
                   .dropDuplicates(["a", "b"]).rdd.map(lambda r: _claim_link(r, window)).filter(bool))
    claim_pairs = frame(claim_pairs, ("a", string), ("b", string), ("doc_a", string), ("doc_b", string)).persist()

    # groups: copies, fused events, then stories (copies, close words, and main events fused together)
    doc_ids = signatures.select(F.col("doc_id").alias("id"))
    copy_group = components(doc_ids, copy_pairs).toDF("doc_id", "copy_group")
    fused = components(reports.select(F.col("event_id").alias("id")), event_pairs).select(
        F.col("id").alias("event_id"), F.concat(F.lit("f"), F.col("label")).alias("fused_id"))
    main = reports.where("main").join(fused, "event_id").select("fused_id", "doc_id").distinct()
    first = main.groupBy("fused_id").agg(F.min("doc_id").alias("a"))
    main_pairs = main.join(first, "fused_id").where(F.col("a") != F.col("doc_id")).select("a", F.col("doc_id").alias("b"))
    story_edges = copy_pairs.select("a", "b").union(doc_pairs.select("a", "b")).union(main_pairs)
    # their components are candidate groups, each re-clustered by fuse.stories (average linkage) in a worker
    candidate = components(doc_ids, story_edges).toDF("doc_id", "label")
    forced = copy_pairs.select("a", "b").union(main_pairs) if params.story_force_main else copy_pairs.select("a", "b")
    words = (signatures.select("doc_id", "terms").join(candidate, "doc_id").rdd
             .map(lambda r: (r.label, (r.doc_id, r.terms))).groupByKey())
    forced = forced.join(candidate.toDF("a", "label"), "a").rdd.map(lambda r: (r.label, (r.a, r.b))).groupByKey()
    story = frame(words.leftOuterJoin(forced).flatMap(lambda kv: _stories(kv[1], params)),
                  ("doc_id", string), ("story", string))
    documents = signatures.join(copy_group, "doc_id").join(story, "doc_id").select(
        "doc_id", "copy_group", "story", "signature", "figures", "terms", "published", "url").persist()
    events_table = reports.join(fused, "event_id").select("event_id", "doc_id", "fused_id", "main", "features").persist()

    members = events_table.join(documents.select("doc_id", "copy_group", "published", "url"), "doc_id")
    summaries = (members.rdd.map(lambda r: (r.fused_id, (r.event_id, r.doc_id, r.features, r.copy_group,
                                                           r.published, r.url)))
                 .groupByKey().map(lambda kv: _summary(kv[0], list(kv[1]))))
    types = {"documents": S.IntegerType(), "sources": S.IntegerType(), "confidence": S.DoubleType()}
    fused_table = frame(summaries, *[(c, types.get(c, string)) for c in _FUSED_COLUMNS])

    both_ways = lambda pairs, value: pairs.select(F.col("a").alias("doc_id"), F.col("b").alias("other_id"), value).union(  # noqa: E731
        pairs.select(F.col("b").alias("doc_id"), F.col("a").alias("other_id"), value))
    tables = {
        "fuse_documents": documents,
        "fuse_bands": bands,
        "fuse_copy_links": both_ways(copy_pairs, "similarity"),
        "fuse_terms": terms,
        "fuse_doc_links": both_ways(doc_pairs, "similarity"),
        "fuse_events": events_table,
        "fuse_event_keys": stored.select("key", "event_id"),
        "fuse_event_links": both_ways(event_pairs, "score").toDF("event_id", "other_id", "score"),
        "fused_events": fused_table,
        "fuse_claims": claims.select("statement_id", "doc_id", "side", "claim"),
        "fuse_claim_links": claim_pairs.select(F.col("a").alias("statement_id"), F.col("b").alias("other_id"),
                                               F.col("doc_a").alias("doc_id"), F.col("doc_b").alias("other_doc_id"))
        .union(claim_pairs.select("b", "a", "doc_b", "doc_a")),
        "stories": documents.groupBy(F.col("story").alias("id")).agg(
            F.sort_array(F.collect_list("doc_id")).alias("documents"),
            F.sort_array(F.collect_list("url")).alias("urls")),
    }
    for name, table in tables.items():
        table.write.mode("overwrite").parquet(str(target / name))
    counts = {"copy_groups": documents.select("copy_group").distinct().count(),
              "stories": documents.select("story").distinct().count(),
              "fused_events": events_table.select("fused_id").distinct().count()}
    for cached in (prepared, signatures, reports, claims, copy_pairs, doc_pairs, event_pairs, claim_pairs,
                   documents, events_table):
        cached.unpersist()
    return counts
