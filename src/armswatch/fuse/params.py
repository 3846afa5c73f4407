"""Fusion's settings (section ``[fuse]`` of settings.toml), read once into one object."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Params:
    on_ingest: bool = True
    shingle_words: int = 5
    num_perm: int = 128
    bands: int = 32
    copy_threshold: float = 0.5  # estimated Jaccard of shingles at or above which two texts may be copies
    copy_figures: float = 0.6  # share of the smaller text's figures a copy must repeat
    event_threshold: float = 0.45  # event-pair score at or above which two reports are one event
    lede_chars: int = 600  # events starting this early in the text are its main events; its words weigh more
    story_threshold: float = 0.3  # weighted-word cosine at or above which two documents tell one story
    story_terms: int = 80  # words kept per document for that cosine
    story_keys: int = 10  # of which the heaviest index the document, to find candidates
    story_min_shared_keys: int = 2  # a candidate shares at least this many of those keys
    story_window_days: int = 31  # two dated documents published further apart tell no story by their words (0: no window)
    story_cluster_threshold: float = 0.25  # inside a candidate group, average linkage merges stories at this mean cosine
    story_group_rarity: float = 0.7  # a word in every copy group of the candidate group weighs (1 - this) as much
    story_group_prior: float = 10.0  # copy groups added to n in that share, so a small group keeps its shared words
    story_attach_threshold: float = 0.1  # a document average linkage left alone joins its closest story at this mean (1: never)
    story_group_cap: int = 400  # a candidate group larger than this is not re-clustered (one story)
    story_force_main: bool = True  # documents whose main events were fused start in one cluster, like copies
    name_boost: float = 3.0  # a name (a capitalised word inside a sentence) weighs this much more
    lede_boost: float = 2.0
    claim_window_days: int = 14

    @classmethod
    def from_settings(cls, settings) -> "Params":
        from ..errors import BadSetting

        values = {}
        for item in fields(cls):
            value, kind = settings.get(f"fuse.{item.name}", item.default), type(item.default)
            # TOML gives typed values: a float setting may be written as an integer, nothing else converts
            expected = (int, float) if kind is float else kind
            if isinstance(value, bool) != (kind is bool) or not isinstance(value, expected):
                raise BadSetting(f"fuse.{item.name}: {value!r} is not a {kind.__name__}", hint=f"a {kind.__name__}")
            values[item.name] = kind(value)
        params = cls(**values)
        if params.num_perm % params.bands:
            raise BadSetting("fuse.num_perm must be a multiple of fuse.bands", source="fuse.bands")
        return params
