"""Copies: syndicated and near-duplicate articles, found by MinHash over word shingles with LSH bands.

A pair is a copy when the estimated Jaccard of their shingles reaches ``copy_threshold`` and the copy
repeats most of the figures of the shorter text. Both tests read only the two texts, so whether two
documents are copies never depends on what else is stored.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np
from datasketch import MinHash

from .params import Params
from .text import figures, shingles


@lru_cache(maxsize=4)
def _scheme(num_perm: int) -> tuple[np.ndarray, str]:
    """The permutations (and their scheme) of ``num_perm`` MinHash functions, seed 1: drawn once per
    process, not per document (drawing 128 pairs took longer than hashing an article's shingles)."""
    model = MinHash(num_perm=num_perm, seed=1)
    return model.permutations, model.scheme


def signature(text: str, params: Params) -> np.ndarray:
    permutations, scheme = _scheme(params.num_perm)
    minhash = MinHash(num_perm=params.num_perm, seed=1, permutations=permutations, scheme=scheme)
    grams = shingles(text, params.shingle_words)
    if grams:
        minhash.update_batch([g.encode("utf-8") for g in sorted(grams)])
    return minhash.hashvalues.astype("<u8")


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u8").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u8")


def band_hashes(sig: np.ndarray, params: Params) -> list[tuple[int, int]]:
    """(band, hash) per LSH band: two texts that agree on a whole band become candidates."""
    rows = len(sig) // params.bands
    out = []
    for band in range(params.bands):
        digest = hashlib.blake2b(sig[band * rows:(band + 1) * rows].tobytes(), digest_size=8,
                                 salt=band.to_bytes(2, "little")).digest()  # band in the hash: one lookup
        out.append((band, int.from_bytes(digest, "little", signed=True)))
    return out


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b)) if len(a) == len(b) and len(a) else 0.0


def figure_share(a: list[str], b: list[str]) -> float:
    """Share of the smaller figure set that the other repeats (1 when either text has none)."""
    if not a or not b:
        return 1.0
    return len(set(a) & set(b)) / min(len(set(a)), len(set(b)))


def is_copy(sim: float, figs_a: list[str], figs_b: list[str], params: Params) -> bool:
    return sim >= params.copy_threshold and figure_share(figs_a, figs_b) >= params.copy_figures


def text_figures(text: str) -> list[str]:
    return figures(text)
