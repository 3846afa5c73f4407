"""MEANTIME entity coreference: do the actor records that armswatch says name one actor form the gold chains?

Gold: the ENTITY_MENTIONs of each article linked by REFERS_TO to one ENTITY form a chain; only entities of
types PER, ORG and LOC are scored (the actors extractor does not look for products or money). Articles, text
and the annotated part come from ``meantime.py``'s loader.

System: the ``actors`` extractor's records in the annotated part; records with the same canonical actor (name
and country) form one chain — exactly what a user of the records sees.

Alignment: a gold mention is paired with the system mention that overlaps it most (at least half of the shorter
of the two), one to one. Scores:
- ``mentions.*``: mention detection P/R/F1 under that alignment;
- ``muc.*`` and ``b3.*``: MUC and B³ over the gold mentions, where a gold mention the system missed is a
  singleton of the system's partition and system mentions matching no gold mention are left out.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from . import Report, prf, register
from .meantime import Article, _span, load_articles

ACTOR_TYPES = {"PER", "ORG", "LOC"}


def gold_chains(article: Article) -> dict[str, list[tuple[int, int]]]:
    """Entity id -> its mentions' character spans (PER, ORG, LOC entities only)."""
    root = article.root
    mentions = {}
    for mention in root.iter("ENTITY_MENTION"):
        span = _span(mention, article.tokens)
        if span is not None:
            mentions[mention.get("m_id")] = span
    kinds = {e.get("m_id"): e.get("ent_type", "") for e in root.iter("ENTITY")}
    chains: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for link in root.iter("REFERS_TO"):
        target = link.find("target")
        if target is None or kinds.get(target.get("m_id")) not in ACTOR_TYPES:
            continue
        for source in link.findall("source"):
            span = mentions.get(source.get("m_id"))
            if span is not None and span not in chains[target.get("m_id")]:
                chains[target.get("m_id")].append(span)
    return dict(chains)


def system_chains(records, limit: int) -> dict[tuple, list[tuple[int, int]]]:
    chains: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    for record in records:
        if record.kind != "actor" or not record.evidence:
            continue
        for span in (record.evidence[0], *getattr(record, "references", ())):  # pronouns are references
            if span.end <= limit and (span.start, span.end) not in chains[(record.name, record.country)]:
                chains[(record.name, record.country)].append((span.start, span.end))
    return dict(chains)


def align(gold: list[tuple[int, int]], system: list[tuple[int, int]]) -> dict[tuple, tuple]:
    """Gold span -> system span, one to one, the largest overlaps first."""
    pairs = []
    for g in gold:
        for s in system:
            overlap = min(g[1], s[1]) - max(g[0], s[0])
            if overlap > 0 and overlap * 2 >= min(g[1] - g[0], s[1] - s[0]):
                pairs.append((overlap, -abs((g[1] - g[0]) - (s[1] - s[0])), g, s))
    out, used = {}, set()
    for _, _, g, s in sorted(pairs, reverse=True):
        if g not in out and s not in used:
            out[g] = s
            used.add(s)
    return out


def _muc(key: list[set], response_of: dict) -> tuple[int, int]:
    """(numerator, denominator) of MUC recall of ``key`` chains against a response given as mention -> cluster."""
    num = den = 0
    for chain in key:
        parts = {response_of.get(m, ("missing", m)) for m in chain}
        num += len(chain) - len(parts)
        den += len(chain) - 1
    return num, den


def score_article(gold: dict, system: dict) -> dict[str, float]:
    gold_spans = [s for chain in gold.values() for s in chain]
    system_spans = [s for chain in system.values() for s in chain]
    pairing = align(gold_spans, system_spans)
    gold_of = {s: key for key, chain in gold.items() for s in chain}
    system_of = {s: key for key, chain in system.items() for s in chain}
    # the system's partition of the gold mentions it found
    response_of = {g: system_of[s] for g, s in pairing.items()}
    key_chains = [set(chain) for chain in gold.values()]
    response_chains: dict = defaultdict(set)
    for g, cluster in response_of.items():
        response_chains[cluster].add(g)
    counts = {"mention_tp": len(pairing), "mention_fp": len(system_spans) - len(pairing),
              "mention_fn": len(gold_spans) - len(pairing)}
    r_num, r_den = _muc(key_chains, response_of)
    p_num, p_den = _muc(list(response_chains.values()), gold_of)
    counts.update(muc_r_num=r_num, muc_r_den=r_den, muc_p_num=p_num, muc_p_den=p_den)
    b3_p = b3_r = 0.0
    for g in gold_spans:
        key_set = set(gold[gold_of[g]])
        response = response_chains[response_of[g]] if g in response_of else {g}
        common = len(key_set & response)
        b3_p += common / len(response)
        b3_r += common / len(key_set)
    counts.update(b3_p=b3_p, b3_r=b3_r, b3_n=len(gold_spans))
    return counts


def _f(p: float, r: float) -> float:
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def entity_coreference(articles: list[Article], settings) -> tuple[dict[str, float], dict]:
    from ..pipeline import Pipeline

    pipeline = Pipeline(settings, extractors=["actors"])
    totals: dict[str, float] = defaultdict(float)
    for article, (_, records) in zip(articles, pipeline.run([a.document for a in articles])):
        gold = gold_chains(article)
        system = system_chains(records, article.annotated_end)
        for name, value in score_article(gold, system).items():
            totals[name] += value
    mentions = prf(int(totals["mention_tp"]), int(totals["mention_fp"]), int(totals["mention_fn"]))
    muc_r = totals["muc_r_num"] / totals["muc_r_den"] if totals["muc_r_den"] else 0.0
    muc_p = totals["muc_p_num"] / totals["muc_p_den"] if totals["muc_p_den"] else 0.0
    b3_p = totals["b3_p"] / totals["b3_n"] if totals["b3_n"] else 0.0
    b3_r = totals["b3_r"] / totals["b3_n"] if totals["b3_n"] else 0.0
    metrics = {
        "mentions.precision": mentions["precision"], "mentions.recall": mentions["recall"],
        "mentions.f1": mentions["f1"],
        "muc.precision": round(muc_p, 4), "muc.recall": round(muc_r, 4), "muc.f1": _f(muc_p, muc_r),
        "b3.precision": round(b3_p, 4), "b3.recall": round(b3_r, 4), "b3.f1": _f(b3_p, b3_r),
    }
    return metrics, {"gold_mentions": int(totals["b3_n"]), "mention_counts": mentions}


@register("meantime-coref", "meantime-en", "MEANTIME entity coreference (PER/ORG/LOC chains): MUC and B³")
def evaluate_meantime_coref(data_dir: Path, settings) -> Report:
    articles = load_articles(data_dir)
    metrics, details = entity_coreference(articles, settings)
    details["articles"] = len(articles)
    return Report(
        name="meantime-coref",
        metrics=metrics,
        matching_rule=("gold chains: MEANTIME ENTITY_MENTIONs linked (REFERS_TO) to one PER, ORG or LOC entity; "
                       "system chains: actor records with the same canonical name and country, in the annotated "
                       "part of each article; a gold mention pairs with the system mention overlapping it most "
                       "(>= half the shorter span), one to one; MUC and B3 over gold mentions (a missed gold "
                       "mention is a system singleton; unpaired system mentions left out, counted in mentions.*)"),
        details=details,
    )
