"""Arms mentions: lexicon hits checked against their surroundings, widened to their noun phrase, with models,
origins and counts attached.

A mention is what becomes one arms record: "56,155 light, medium and heavy machine guns" is one mention
(category machine_gun, count 56155); "rifles, including M4, M16 and AK-variants" is one mention carrying three
models. A count attaches to at most one mention and a mention takes at most one count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import Hit, Lexicon

GENERIC = {"weapon", "firearm", "accessory"}
# a model written before a broader noun names the narrower category ("AK rifles" are assault rifles)
REFINES = {"rifle": {"assault_rifle", "sniper_rifle"},
           "firearm": {"pistol", "rifle", "assault_rifle", "sniper_rifle", "shotgun", "sub_machine_gun", "machine_gun"},
           "vehicle": {"armoured_vehicle", "tank"},
           "missile": {"manpads", "anti_tank", "air_defence"},
           "aircraft": {"helicopter", "uav"}}
_PARTS = {"accessory", "ammunition"}  # named after their weapon, still parts and rounds
_MASS_NOUNS = {"ammunition", "ammo", "artillery", "ordnance", "weaponry", "materiel", "hardware", "equipment"}


def modifies_next(token) -> bool:
    """ "arms exporters", "gun laws": a noun that modifies the noun right after it (a topic, not an item)."""
    return token.dep_ == "compound" and token.head.i == token.i + 1 and token.head.pos_ in ("NOUN", "PROPN")


def _refined(category: str, model_category: str) -> str:
    # "AK-47 magazines" are magazines: a part named after its weapon keeps the part's category
    if category in GENERIC and category not in ("firearm", "accessory"):
        return model_category
    return model_category if model_category in REFINES.get(category, ()) else category
_AMMO_BEFORE = re.compile(r"(?:live|ammunition|rifle|mortar|artillery|tank|pistol|bullet|machine[- ]gun|spare|extra|"
                          r"blank|tracer|cartridge|shotgun|sniper|\d+(?:\.\d+)?\s?mm|calibre|caliber|\d+)\W*$", re.IGNORECASE)
_AMMO_AFTER = re.compile(r"^\s+of\s+(?:live\s+|assorted\s+|various\s+|small[- ]arms\s+)?(?:ammunition|ammo|bullets|cartridges|"
                         r"\d|\.\d|[\w.]+\s?(?:mm|calibre|caliber)\b|mortar|artillery|rifle|pistol|machine|AK|M\d)",
                         re.IGNORECASE)
_NOT_TANK = {"think", "fuel", "water", "oil", "gas", "septic", "storage", "fish", "petrol", "diesel", "oxygen", "tanks",
             "shark", "sensory", "isolation", "holding", "reserve", "hot", "cold"}
_NOT_ARMS_BEFORE = {"his", "her", "their", "my", "your", "its", "our", "open", "folded", "crossed", "outstretched",
                    "coat", "brothers", "in"}
_MINE_BEFORE = {"land", "anti-personnel", "anti-tank", "naval", "sea", "limpet", "claymore", "directional", "magnetic"}
_NOT_MINE_BEFORE = {"coal", "gold", "copper", "salt", "diamond", "iron", "lithium", "uranium", "silver", "tin", "zinc",
                    "open-pit", "emerald", "ruby", "lapis", "chromite", "marble", "the"}
_ENTITY_LABELS_WITH_NAMES = {"ORG", "LAW", "WORK_OF_ART", "EVENT", "FAC", "PERSON", "GPE"}
_MODIFIER_DEPS = {"amod", "compound", "nmod", "advmod", "npadvmod", "punct", "cc", "conj", "nn", "quantmod", "hmod", "hyph"}
_LIST_LEAD = re.compile(r"^[\s,;:(]*(?:including|such\s+as|like|e\.g\.,?|namely|mainly|mostly|mostly\s+of|especially|"
                        r"notably|chiefly|comprising|incl\.|of\s+which|among\s+them)?[\s,:]*$", re.IGNORECASE)
_LIST_NEXT = re.compile(r"^\s*(?:,|,?\s*(?:and|or|as\s+well\s+as)|/)\s*$", re.IGNORECASE)


@dataclass
class Count:
    value: object
    qualifier: str
    start: int
    end: int


@dataclass
class Mention:
    start: int  # raw span
    end: int
    head: object  # spaCy token of the noun (or the model name's last token)
    category: str
    hits: list[Hit]
    models: list[str] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)
    count: Count | None = None
    pronoun: bool = False
    antecedent: "Mention | None" = None
    heavy: bool | None = None
    vague: bool = False  # "dozens of …": an amount in words, no count (arms.__init__._vague_count_is_words)

    @property
    def sentence(self):
        return self.head.sent


def _tokens(doc, start: int, end: int):
    return doc.char_span(start, end, alignment_mode="expand")


def _prev_word(text: str, start: int) -> str:
    match = re.search(r"([\w-]+)\W*$", text[max(0, start - 30):start])
    return match.group(1).lower() if match else ""


def _next_word(text: str, end: int) -> str:
    match = re.match(r"\W*([\w-]+)", text[end:end + 30])
    return match.group(1).lower() if match else ""


def _passes_guard(hit: Hit, text: str, span, sentence_has_arms: bool, counts_before: set[int]) -> bool:
    form = hit.form
    base = re.sub(r"(?:es|s)$", "", form) if form not in ("arms", "ammunitions") else form
    prev, nxt = _prev_word(text, hit.start), _next_word(text, hit.end)
    head = span[-1]
    if base in ("round",) or form in ("rounds", "round"):
        return bool(_AMMO_BEFORE.search(text[max(0, hit.start - 20):hit.start]) and (
            hit.start in counts_before or prev not in ("first", "second", "third", "final", "next", "last", "new"))
            or _AMMO_AFTER.match(text[hit.end:hit.end + 40])) and head.pos_ == "NOUN" and nxt not in ("of talks", "table")
    if base == "shell" or form == "shells":
        return head.pos_ == "NOUN" and (form == "shells" or prev in ("artillery", "mortar", "tank", "howitzer", "live")
                                        or re.search(r"\d\s?mm\W*$", text[max(0, hit.start - 12):hit.start])) and nxt not in ("company", "companies", "corporation", "firm", "firms", "game", "shock",
                                                   "script", "oil")
    if base == "tank" or form == "tanks":
        return prev not in _NOT_TANK and nxt not in ("top", "tops", "engine") and head.pos_ in ("NOUN", "PROPN")
    if form == "arms":
        return prev not in _NOT_ARMS_BEFORE and nxt not in ("around", "akimbo", "length") and head.pos_ in ("NOUN", "PROPN") \
            and not re.match(r"\s+of\s+(?:the|a)\s+(?:government|state|organisation|organization|company|law|cross)\b",
                             text[hit.end:hit.end + 40], re.IGNORECASE)
    if base in ("magazine",):
        return sentence_has_arms and (hit.start in counts_before or prev in ("rifle", "ak", "ammunition", "loaded", "spare"))
    if base == "mine" or form == "mines":
        if head.pos_ != "NOUN" or prev in _NOT_MINE_BEFORE or nxt in ("worker", "workers", "owner", "shaft", "site", "sites"):
            return False
        return prev in _MINE_BEFORE or sentence_has_arms
    if base == "cannon":
        return prev != "water"
    if base == "mortar" or form == "mortars":
        return not re.search(r"bricks?[\s-]+and[\s-]+$", text[max(0, hit.start - 12):hit.start], re.IGNORECASE) \
            and nxt not in ("board", "boards")
    if base == "bullet" or form == "bullets":
        return prev not in ("silver", "magic", "bite")
    if form in ("chopper", "choppers", "cache", "caches", "arsenal", "arsenals", "projectile", "projectiles",
                "warhead", "warheads", "destroyer", "destroyers", "ordnance"):
        return sentence_has_arms or form in ("warhead", "warheads", "ordnance")
    if base in ("gun",) or form == "guns":
        return head.pos_ in ("NOUN", "PROPN") and nxt not in ("control", "violence", "laws", "law", "lobby", "owners",
                                                                 "ownership", "rights", "culture", "deaths", "shop")
    if form in ("rocket", "rockets"):
        return nxt not in ("science", "scientist", "scientists", "fuel", "engine", "engines", "launch", "company") \
            and head.pos_ in ("NOUN", "PROPN")
    return True


def _inside_name(hit: Hit, text: str, span, actor_spans: list[tuple[int, int]]) -> bool:
    """ "Small Arms Survey", "Arms Trade Treaty", "Royal Gurkha Rifles": a term inside a proper name. ``text`` is
    the document's text, read once by the caller (spaCy rebuilds ``doc.text`` on every access)."""
    for s, e in actor_spans:
        if s <= hit.start and hit.end <= e and (e - s) > (hit.end - hit.start):
            outside = (text[s:hit.start] + text[hit.end:e]).strip().lower()
            if outside not in ("a", "an", "the", ""):
                return True
    for token in span:
        if token.ent_type_ in _ENTITY_LABELS_WITH_NAMES and token.ent_iob_ in ("B", "I"):
            ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
            if ent is not None and (ent.end_char - ent.start_char) > (hit.end - hit.start) + 1:
                return True
    first, last = span[0], span[-1]
    if first.text[:1].isupper() and not first.is_sent_start:
        doc = first.doc
        neighbours = [doc[i] for i in (first.i - 1, last.i + 1) if 0 <= i < len(doc)]
        if any(n.pos_ == "PROPN" and n.text[:1].isupper() and not n.is_sent_start for n in neighbours):
            return True
    return False


def _resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    hits = sorted(hits, key=lambda h: (h.start, -(h.end - h.start), h.model is None))
    kept: list[Hit] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept


def _widen_left(head, stop_at: int, quantity_spans, calibre_spans=()) -> int:
    """Start of the head noun's modifiers ("light, medium and heavy machine guns"), numbers and articles left out;
    a calibre written before the noun ("9 mm pistol") is part of it."""
    start_i = head.i
    for child in head.lefts:
        if child.dep_ in _MODIFIER_DEPS and child.pos_ not in ("NUM", "DET") and not child.like_num:
            start_i = min(start_i, child.left_edge.i)
        elif child.dep_ == "nummod" and not child.like_num and any(c.isalpha() for c in child.text) \
                and any(c.isdigit() for c in child.text):
            # "12 AR-15 rifles": the tagger takes a designation for the number; it is a modifier, the count is left
            start_i = min(start_i, child.i)
    doc = head.doc
    while start_i < head.i and (doc[start_i].pos_ in ("NUM", "DET", "PUNCT", "CCONJ", "ADP", "PART") or doc[start_i].like_num
                                or doc[start_i].dep_ == "poss"
                                or any(s <= doc[start_i].idx < e for s, e in quantity_spans)) \
            and not any(s <= doc[start_i].idx < e for s, e in calibre_spans):
        start_i += 1
    start = doc[start_i].idx
    return max(start, stop_at)


def _widen_right(head, text: str, calibre_spans, quantity_spans) -> int:
    """ "rounds of 60-82mm", "rounds of ammunition": an of-phrase that says what the ammunition is."""
    end = head.idx + len(head.text)
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            tail = _phrase_end(pobj)  # the of-object's own phrase, not the list it heads
            tail_end = tail.idx + len(tail.text)
            if any(child.idx <= s < tail_end for s, _ in quantity_spans):
                continue  # "a cache of 12 grenades": the of-phrase is counted on its own
            if any(child.idx <= s < tail_end for s, _ in calibre_spans) or _AMMO_AFTER.match(text[end:end + 40]):
                end = max(end, tail_end)
    return end


def _phrase_end(token):
    """Last token of a noun's own phrase: its right modifiers, without list partners ("and six magazines")."""
    last = token
    for child in token.rights:
        if child.dep_ in ("conj", "cc", "appos", "relcl", "acl") or child.dep_ == "punct" and child.text == ",":
            break
        last = _phrase_end(child) if child.i > last.i else last
    return last


def find_mentions(ctx, lexicon: Lexicon, counts: list[Count], calibre_spans: list[tuple[int, int]],
                  actor_spans: list[tuple[int, int]]) -> list[Mention]:
    text, doc = ctx.text, ctx.doc
    hits = _resolve_overlaps(lexicon.term_hits(text) + lexicon.model_hits(text))
    count_ends = {c.end for c in counts}
    counts_before = set()
    for hit in hits:
        before = text[max(0, hit.start - 40):hit.start]
        for end in count_ends:
            if 0 <= hit.start - end <= 40 and re.fullmatch(r"[\s\w,-]*", text[end:hit.start]) and len(text[end:hit.start].split()) <= 4:
                counts_before.add(hit.start)
        del before
    # sentences that speak of weapons without a guarded word or an ambiguous name
    sure = {}
    spans = {}
    for hit in hits:
        span = _tokens(doc, hit.start, hit.end)
        if span is None or len(span) == 0:
            continue
        spans[id(hit)] = span
        guarded = hit.model is None and (hit.form in lexicon.guarded or re.sub(r"(?:es|s)$", "", hit.form) in lexicon.guarded)
        if not guarded and not (hit.model and hit.model.ambiguous):
            sure.setdefault(span.sent.start, 0)
            sure[span.sent.start] += 1
    kept: list[tuple[Hit, object]] = []
    for hit in hits:
        span = spans.get(id(hit))
        if span is None:
            continue
        head_token = span[-1]
        # "5 RPG rounds": a counted noun right after a weapon's name, whatever the tagger made of it
        after_weapon = any(0 <= hit.start - h.end <= 1 for h in hits if h is not hit)
        counted_part = after_weapon and any(h.start in counts_before for h in hits if 0 <= hit.start - h.end <= 1)
        if hit.model is None and len(span) == 1 and not counted_part and (head_token.pos_ in ("VERB", "AUX")
                                                     or head_token.pos_ == "ADJ" and not hit.form.endswith("s")):
            continue  # "to bomb Iran", "we'll shell them": a verb, not a weapon
        if hit.model is not None and hit.model.ambiguous and span.end < len(doc) \
                and doc[span.end].pos_ == "PROPN" and doc[span.end].text[:1].isupper() and not any(
                    h.start == doc[span.end].idx for h in hits):
            continue  # "the Patriot Act", "Javelin Park": part of another name
        sent_start = span.sent.start
        guarded = hit.model is None and (hit.form in lexicon.guarded or re.sub(r"(?:es|s)$", "", hit.form) in lexicon.guarded)
        others = sure.get(sent_start, 0) - (0 if guarded or (hit.model and hit.model.ambiguous) else 1)
        # "RPG rounds", "AK-47 magazines": a weapon named just before a part or a round says what it is for
        if guarded and not after_weapon and not _passes_guard(hit, text, span, others > 0, counts_before):
            continue
        if hit.model and hit.model.ambiguous and others <= 0 and hit.start not in counts_before:
            nxt = span.end
            if not any(h.start >= span.end_char and h.start - span.end_char <= 2 and h.model is None for h in hits):
                continue
            del nxt
        if hit.model is None and _inside_name(hit, text, span, actor_spans):
            continue
        kept.append((hit, span))
    mentions: list[Mention] = []
    # numbers that could count an item ("7.54" in "7.54 x 62 mm" cannot)
    quantity_spans = [(c.start, c.end) for c in counts if isinstance(c.value, list) or float(c.value).is_integer()]
    for hit, span in kept:
        head = span[-1] if hit.model is None else span.root
        mention = Mention(start=hit.start, end=hit.end, head=head, category=hit.category, hits=[hit])
        if hit.model:
            mention.models.append(hit.model.name)
            mention.heavy = hit.model.heavy or None
        else:
            mention.start = min(hit.start, _widen_left(head, span.sent.start_char, quantity_spans,
                                                                  calibre_spans))
            mention.end = max(hit.end, _widen_right(head, text, calibre_spans, quantity_spans))
        mentions.append(mention)
    mentions = _merge_nested(mentions)
    mentions = _merge_models(mentions, text)
    for mention in mentions:
        raw = text[mention.start:mention.end]
        mention.origins = lexicon.origins_in(raw)
        for hit in mention.hits:
            if hit.model and hit.model.origin and not mention.origins and hit.model.category == mention.category:
                pass  # a model's maker is not the origin of a mixed stock: leave origin to the words written
        words = raw.lower()
        if mention.category == "machine_gun" and mention.heavy is None:
            has_heavy = "heavy" in words or "hmg" in words
            has_light = any(w in words for w in ("light", "medium", "general-purpose", "general purpose", "lmg", "gpmg"))
            mention.heavy = True if has_heavy and not has_light else (None if has_heavy and has_light else False)
    return _attach_counts(mentions, counts, doc, text, calibre_spans)


def _more_specific(a: str, b: str) -> str:
    if a in GENERIC and b not in GENERIC:
        return b
    return a


def _merge_nested(mentions: list[Mention]) -> list[Mention]:
    """A hit inside another mention's widened span belongs to it ("tank rounds", "rounds of ammunition")."""
    mentions = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for mention in mentions:
        host = next((m for m in out if m.start <= mention.hits[0].start and mention.hits[0].end <= m.end), None)
        if host is None:
            out.append(mention)
            continue
        host.hits.extend(mention.hits)
        for model in mention.models:
            if model not in host.models:
                host.models.append(model)
        if mention.heavy:
            host.heavy = True
        if host.category in _PARTS:
            pass  # "rifle magazines", "tank rounds": the head noun says what they are
        elif mention.models:
            host.category = _refined(host.category, mention.category)
        else:
            host.category = _refined(_more_specific(host.category, mention.category), mention.category)
    # a model written just before its noun ("AK rifles", "Black Hawk helicopters") joins that noun
    merged: list[Mention] = []
    for mention in sorted(out, key=lambda m: m.start):
        if merged and merged[-1].models and not merged[-1].count and len(merged[-1].hits) == 1 \
                and merged[-1].hits[0].model and 0 <= mention.start - merged[-1].end <= 1 and mention.hits[0].model is None:
            model_mention = merged.pop()
            mention.start = model_mention.start
            mention.hits = model_mention.hits + mention.hits
            mention.models = model_mention.models + [m for m in mention.models if m not in model_mention.models]
            if mention.category not in _PARTS:
                mention.category = _refined(mention.category, model_mention.category)
            if model_mention.heavy:
                mention.heavy = True
        merged.append(mention)
    return merged


def _merge_models(mentions: list[Mention], text: str) -> list[Mention]:
    """ "rifles, including M4, M16 and AK-variants": the models listed after a category belong to it."""
    out: list[Mention] = []
    for mention in mentions:
        host = out[-1] if out else None
        if host is not None and host.category == mention.category and re.fullmatch(r"\s*\(\s*", text[host.end:mention.start]) \
                and text[mention.end:mention.end + 1] == ")":
            host.hits.extend(mention.hits)  # "Improvised Explosive Devices (IEDs)": one mention
            host.end = mention.end + 1
            continue
        is_bare_model = len(mention.hits) == 1 and mention.hits[0].model is not None
        if host is not None and is_bare_model and host.hits[0].model is None \
                and host.head.sent.start == mention.head.sent.start:
            gap = text[host.end:mention.start]
            listed = any(h.model for h in host.hits[1:])
            if (_LIST_LEAD.match(gap) and re.search(r"including|such\s+as|like|e\.g|namely|mainly|mostly|especially|"
                                                     r"notably|chiefly|comprising|incl|\(|:", gap, re.IGNORECASE)) \
                    or (listed and _LIST_NEXT.match(gap)):
                host.models.append(mention.models[0])
                host.hits.extend(mention.hits)
                host.end = mention.end
                if text[host.end:host.end + 1] == ")" and "(" in text[host.start:host.end]:
                    host.end += 1
                continue
        out.append(mention)
    return out


_GAP_POS = {"ADJ", "PUNCT", "CCONJ", "ADV", "PROPN"}


def _counts_another_noun(doc, count_start: int, count_end: int, span) -> bool:
    """ "neutralises three Boko Haram, recovers weapons": the count's own noun lies between it and the weapon,
    and is no modifier of the weapon's phrase."""
    number = doc.char_span(count_start, count_end, alignment_mode="expand")
    if number is None or not len(number):
        return False
    head = number[-1].head
    return span.start <= head.i < span.end and head.pos_ in ("NOUN", "PROPN") \
        and head.dep_ not in ("compound", "amod", "nmod", "npadvmod", "hmod", "nummod", "quantmod")


def _gap_ok(doc, start: int, end: int, text: str, calibre_spans=(), count_start: int | None = None) -> bool:
    if end < start:
        return False
    if not text[start:end].strip():
        return True
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return False
    if len(span) > 8:
        return False
    if count_start is not None and _counts_another_noun(doc, count_start, start, span):
        return False
    for token in span:
        if any(s <= token.idx < e for s, e in calibre_spans):
            continue  # "one 9 mm pistol": a calibre between the count and its weapon
        if token.like_num or token.pos_ == "NUM":
            return False
        if token.pos_ in _GAP_POS or token.tag_ in ("VBN", "JJ", "HYPH") or (token.pos_ == "ADP" and token.lower_ == "of"):
            continue
        if token.pos_ == "NOUN" and token.dep_ in ("compound", "amod", "nmod", "npadvmod"):
            continue
        if token.pos_ == "NOUN" and token.lower_ in ("rounds", "pieces", "units", "boxes", "crates", "cases", "kg",
                                                      "kilograms", "tonnes", "tons", "sets", "pairs", "lots", "numbers"):
            continue
        return False
    return True


def _attach_counts(mentions: list[Mention], counts: list[Count], doc, text: str, calibre_spans=()) -> list[Mention]:
    ordered = sorted(mentions, key=lambda m: m.start)
    for count in sorted(counts, key=lambda c: c.start):
        for mention in ordered:
            if mention.start < count.end or mention.pronoun:
                continue
            if mention.head.sent.start_char > count.start:
                break
            whole = isinstance(count.value, list) or float(count.value).is_integer()
            if _designation(doc, count, mention):
                break
            # a weapon noun modifying another noun ("top 10 arms exporters") does not take the count
            if mention.count is None and whole and (not modifies_next(mention.head) or mention.models) \
                    and _gap_ok(doc, count.end, mention.start, text, calibre_spans, count.start):
                mention.count = count
            break
    _merge_counted_lists(ordered, text)
    _count_articles(ordered)
    return ordered


def _designation(doc, count: Count, mention: Mention) -> bool:
    """ "a 303 rifle", "the 1911 pistol": a number between an article and a singular noun names a calibre or a
    model, not how many."""
    number = doc.char_span(count.start, count.end, alignment_mode="expand")
    if number is None or not len(number) or number[0].i == 0 or isinstance(count.value, list):
        return False
    before = doc[number[0].i - 1]
    return before.lower_ in ("a", "an", "the", "this", "that") and mention.head.tag_ in ("NN", "NNP") \
        and count.value != 1


def _count_articles(mentions: list[Mention]) -> None:
    """ "a pistol", "an AK-47 rifle": one item, counted as 1 (not for "a cache of …" or mass nouns)."""
    for mention in mentions:
        head = mention.head
        if mention.count is not None or mention.pronoun or mention.category == "weapon" or head.tag_ not in ("NN", "NNP") \
                or head.lemma_.lower() in _MASS_NOUNS:
            continue
        article = next((c for c in head.lefts if c.dep_ == "det" and c.lower_ in ("a", "an")), None)
        if article is not None:
            mention.count = Count(1, "exact", article.idx, article.idx + len(article.text))


def _merge_counted_lists(ordered: list[Mention], text: str) -> None:
    """ "hundreds of thousands of accessories and munitions": one count over a generic noun and a specific one
    joined by "and" is one record of the specific category."""
    for index, mention in enumerate(ordered):
        if mention.count is None or mention.category not in GENERIC or index + 1 >= len(ordered):
            continue
        nxt = ordered[index + 1]
        if nxt.count is None and re.fullmatch(r"\s*(?:,\s*)?(?:and|&)\s*", text[mention.end:nxt.start]) \
                and nxt.category not in GENERIC:
            mention.category = nxt.category
            mention.end = nxt.end
            mention.hits.extend(nxt.hits)
            mention.models.extend(m for m in nxt.models if m not in mention.models)
            nxt.hits = []  # absorbed
    ordered[:] = [m for m in ordered if m.hits]
