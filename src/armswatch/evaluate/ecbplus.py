"""ECB+ (``armswatch evaluate ecbplus``): documents into seminal events, and event mentions across documents.

Every document goes through the pipeline and is fused into a fresh SQLite store, one store per split:
topics 1-20 (the settings were tuned on them) and topics 21-35 (untouched). Scored:

- documents: the stories fusion makes, against the gold sub-topics (B-cubed P/R/F1 and the number of
  clusters); fusion is not told how many events there are;
- event mentions of the annotated sentences (gold mentions): CoNLL F1 (mean of MUC, B-cubed, CEAF-e) of
  two rules over the same stories: the same-lemma baseline (two mentions corefer when their words have
  the same stem and their documents are in one story) and fusion (the same, plus mentions whose events
  fusion joined into one fused event).
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from ..document import Document
from ..fuse.stories import components
from ..fuse.text import stem, words
from . import Report, register
from .coref_metrics import b_cubed, conll
from .ecbplus_data import EcbDocument, load

SPLITS = {"tuned_1_20": range(1, 21), "untouched_21_35": range(21, 36)}


def _mention_events(doc: EcbDocument, records: list[dict]) -> dict[str, str]:
    """{gold mention id: id of the event record whose trigger overlaps it}."""
    out = {}
    for event in (r for r in records if r["kind"] == "event"):
        for span in event["evidence"]:
            if span["text"] != event.get("trigger"):
                continue
            for mention in doc.mentions:
                if span["start"] < mention.end and mention.start < span["end"]:
                    out.setdefault(mention.id, event["id"])
    return out


def _lemma(text: str) -> str:
    seq = words(text)
    return stem(seq[-1]) if seq else text.casefold()


def fuse_split(docs: list[EcbDocument], records: dict[str, list[dict]], settings) -> dict:
    """Fuse one split's documents in a fresh store; returns their stories and their events' fused ids."""
    from ..fuse import store as fused
    from ..fuse.params import Params
    from ..store import Store
    from ..store.connect import make_engine
    from ..store.migrate import upgrade

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'ecbplus.db'}"
        engine = make_engine(url, 30.0)
        upgrade(engine)
        store = Store(engine, url, fusion=Params.from_settings(settings))
        doc_ids = {}
        for doc in docs:
            document = Document(text=doc.text, url=doc.url, source=doc.name)
            doc_ids[doc.name] = document.doc_id
            store.write_document(document, records[doc.name])
        with store.reading() as connection:
            story_of = {d: s["id"] for s in fused.stories(connection) for d in s["documents"]}
            fused_of = {e["id"]: fused.fused_event_of(connection, e["id"])
                        for doc in docs for e in records[doc.name] if e["kind"] == "event"}
        store.close()
    return {"story": {name: story_of.get(doc_id, doc_id) for name, doc_id in doc_ids.items()}, "fused": fused_of}


def score_split(docs: list[EcbDocument], records: dict[str, list[dict]], settings) -> dict[str, float]:
    result = fuse_split(docs, records, settings)
    story = result["story"]
    key = {d.name: d.subtopic for d in docs}
    metrics = {f"documents.b_cubed.{k}": v for k, v in b_cubed(key, story).items()}
    metrics["documents.clusters"] = len(set(story.values()))
    metrics["documents.gold_clusters"] = len(set(key.values()))
    mentions = [(doc, m) for doc in docs for m in doc.mentions]
    gold = {m.id: m.chain for _, m in mentions}
    lemma = {m.id: (story[doc.name], _lemma(m.text)) for doc, m in mentions}
    # fusion: union of the lemma rule and the fused events the mentions' events belong to
    first: dict = {}
    pairs = []
    for doc, m in mentions:
        for label in [("lemma", lemma[m.id])] + [("fused", result["fused"].get(e)) for e in
                                                 [_mention_events(doc, records[doc.name]).get(m.id)] if e]:
            if label[1] is None:
                continue
            pairs.append((m.id, first.setdefault(label, m.id)))
    fusion = components([m.id for _, m in mentions], pairs)
    for name, response in (("lemma_baseline", lemma), ("fusion", fusion)):
        for metric, values in conll(gold, response).items():
            for part, value in values.items():
                metrics[f"events.{name}.{metric}.{part}"] = value
    metrics["events.mentions"] = len(mentions)
    metrics["events.mentions_with_an_event"] = sum(
        1 for doc in docs for _ in _mention_events(doc, records[doc.name]))
    return metrics


def extract_all(docs: list[EcbDocument], settings) -> dict[str, list[dict]]:
    from ..pipeline import Pipeline
    from ..records import to_dict

    pipeline = Pipeline(settings)
    items = [Document(text=d.text, url=d.url, source=d.name) for d in docs]
    return {d.name: [to_dict(r) for r in recs] for d, (_, recs) in zip(docs, pipeline.run(items))}


@register("ecbplus", "ecbplus", "ECB+: documents into seminal events (B-cubed), event mentions across "
          "documents (CoNLL F1) against the same-lemma baseline; tuned on topics 1-20, 21-35 untouched")
def evaluate_ecbplus(data_dir: Path, settings) -> Report:
    docs = load(data_dir)
    records = extract_all(docs, settings)
    metrics, details = {}, {}
    for split, topics in SPLITS.items():
        part = [d for d in docs if d.topic in topics]
        for metric, value in score_split(part, records, settings).items():
            metrics[f"{split}.{metric}"] = value
        details[split] = {"documents": len(part), "topics": len({d.topic for d in part}),
                          "subtopics": dict(Counter(d.subtopic for d in part))}
    return Report("ecbplus", metrics, matching_rule=(
        "documents: fusion's stories vs gold sub-topics, B-cubed, not told the number of clusters; events: "
        "gold ACTION/NEG_ACTION mentions of the annotated sentences, chains from CROSS/INTRA_DOC_COREF, "
        "CoNLL F1 = mean(MUC, B-cubed, CEAF-e); lemma baseline = same stem in one story; fusion = that plus "
        "mentions whose events were fused. Settings tuned on topics 1-20; 21-35 untouched."), details=details)
