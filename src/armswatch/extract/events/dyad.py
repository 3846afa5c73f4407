"""Which coded events have a dyad an analyst would accept, and the dyads PLOVER reads as reciprocal.

Dictionary coders over-generate (a PETRARCH-family validation found 315% extra events); most of the extra
events on real news have nobody identifiable on either side ("Police seized a cache" -> None -> None). An
event is kept only where one side carries a PLOVER actor code (a country, an IGO or other coded body; a
named group counts once it has a country, its own or the place's for forces in one-sided acts); a police
operation, arrest or seizure (COERCE) only where the country of whoever did it is known.
"""

from __future__ import annotations

from . import context

# joint acts: "Iran and Saudi Arabia agreed to restore ties" is coded IRN -> SAU and SAU -> IRN
RECIPROCAL = {"AGREE", "CONSULT", "COOPERATE"}
# the acting side must be placed: a seizure by "police" says nothing until we know whose police
ACTOR_COUNTRY_NEEDED = {"COERCE"}
# capitalised at a sentence's start, yet no name
_NOT_NAMES = {"the", "a", "an", "we", "they", "it", "he", "she", "i", "you", "this", "that", "these", "those", "its",
              "their", "our", "his", "her"}


def identified(actor, span, unresolved, doc) -> bool:
    """A country, an IGO or other coded body (``country`` holds ISO3 or IGO/UNO/NGO), or a group the actors
    layer resolved that the text names by a proper name ("Tigray forces", "the Taliban"; not "Police" at a
    sentence's start)."""
    if actor.country:
        return True
    if actor.type not in ("group", "organisation") or actor in unresolved or context.is_generic(actor):
        return False
    piece = doc.char_span(span[0], span[1], alignment_mode="expand")
    return piece is not None and any(t.pos_ == "PROPN" and t.lower_ not in _NOT_NAMES for t in piece)


def accepted(event_type: str, actors: list, recipients: list, unresolved, doc, derived: bool = False) -> bool:
    """``actors`` and ``recipients`` are (actor, span) pairs, after the country inference. An event only the
    CAMEO-derived verbs found (``derived``: a reading nobody checked on this project's text) needs both sides
    identified."""
    if derived and not (any(identified(a, s, unresolved, doc) for a, s in actors)
                        and any(identified(a, s, unresolved, doc) for a, s in recipients)):
        return False
    if event_type in ACTOR_COUNTRY_NEEDED:
        return any(a.country for a, _ in actors)
    return coded(actors + recipients)


def coded(side: list) -> bool:
    """Somebody on this side carries a PLOVER actor code: a country (ISO3) or an IGO or other coded body.
    PLOVER codes the two sides of an event by such codes (every one of the codebook's 322 gold records has one
    on at least one side), and an armed group inside a country takes that country's code (the real-news gold's
    convention). A group the text names but nobody could place ("Reuters", "the 36th Infantry Battalion"
    with no country in sight) codes as None -> None: no dyad, no event."""
    return any(a.country for a, _ in side)


def home_forces(actors: list, home: str | None, unresolved) -> list:
    """"Police seized ...", "troops arrested ...": forces in a story from a known country are that country's,
    whether a common noun or a name nobody could place names them ("the Zorvan Liberation Front attacked ..."
    under a Nairobi dateline is KEN's: an armed group inside a country takes that country's code). Copies; the
    actors layer's records stay as they are."""
    if not home or any(a.country for a, _ in actors):
        return actors
    out = []
    for actor, span in actors:
        if not actor.country:
            placed = actor.model_copy(update={"country": home})
            if actor in unresolved:
                unresolved.add(placed)
            actor = placed
        out.append((actor, span))
    return out


def reciprocal(event_type: str, actors: list, recipients: list) -> list:
    """The recipients of a joint act with no recipient country of its own: the other actors."""
    if event_type not in RECIPROCAL or any(r.country for r, _ in recipients):
        return recipients
    if len({a.country for a, _ in actors if a.country}) < 2:
        return recipients
    # each actor is the other's recipient; the list holds both sides, as the actors list does
    return [(a, s) for a, s in actors if a.country]


# claims whose target is often named only as "it", "them" or "the report": the party of the claim before
CLAIMS = {"ACCUSE", "REJECT", "THREATEN", "SANCTION", "REQUEST"}
_BACK_POINTERS = {"it", "them", "this", "that", "these", "those", "they"}
_CLAIM_NOUNS = {"report", "claim", "accusation", "allegation", "charge", "statement", "remark", "comment",
                "assertion", "story", "article", "finding", "rumour", "rumor", "suggestion", "assessment"}


def points_back(tokens) -> bool:
    """A recipient named by a pronoun or a claim noun ("denied it", "rejected the report")."""
    return any(t.lower_ in _BACK_POINTERS or (t.pos_ == "NOUN" and t.lemma_.lower() in _CLAIM_NOUNS)
               for t in tokens)


def claim_target(event_type: str, actors: list, recipients: list, tokens, earlier: list, state):
    """The recipient of a claim that points back ("The army rejected the report", "the UAE denies the
    charges"): whoever acted against this actor in the nearest event told before, the one the claim answers.
    ``earlier`` holds the document's event records so far, in text order."""
    if event_type not in CLAIMS or any(r.country for r, _ in recipients) or not points_back(tokens):
        return recipients
    own = {a.country for a, _ in actors if a.country}
    for record in reversed(earlier):
        if own & {r.country for r in record.recipients}:
            other = next((a for a in record.actors if a.country and a.country not in own), None)
            if other is not None:
                span = (record.evidence[0].start, record.evidence[0].end)
                return [(state.country_actor(other.country), span)]
    return recipients
