"""Stories: the documents about one real event, re-clustered inside each candidate group.

The candidate links (copies, documents whose weighted words are close, documents whose main events were
fused) chain: single linkage joins the two sub-topics of one topic (two earthquakes in one region, two
seizures by one navy) through one document that reads like both. So the connected component of the
candidate links is only a *candidate group*; inside it, documents are clustered again by AVERAGE linkage
over their pairwise cosine, merging while the two closest clusters' mean similarity reaches
``story_cluster_threshold``. Copies start in one cluster (a copy is never split from its original).
A copy group average linkage leaves alone (a short brief, a report with its own angle) then joins the
cluster it is closest to on average when that mean reaches ``story_attach_threshold``.

Term weights are re-weighted inside the group: a word found in most of the group's documents names the
topic they share, not the event that tells them apart, so its weight is multiplied by
``1 - story_group_rarity * (df - 1) / (n - 1 + story_group_prior)`` (df: the copy groups holding the word,
n: the copy groups of the group; the prior keeps a pair or a handful of documents from losing the words
they share).

The result reads only the set of documents of the group (their words and copy links), taken in doc id
order with ties broken by that order, so it does not depend on the order documents arrived in. A group of
more than ``story_group_cap`` documents (cost O(n^2) memory, O(n^2) per merge: about 0.45 s for 400
documents at the default threshold, 1.9 s when every merge happens, on 2 shared cores) is not re-clustered: it stays
one story, as the connected component of its links (the behaviour before this module).
"""

from __future__ import annotations

import numpy as np

from .params import Params


def components(ids: list[str], pairs) -> dict[str, str]:
    """{id: smallest id of its component} over ``pairs``."""
    parent = {i: i for i in ids}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        if a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {i: find(i) for i in ids}


def similarities(terms: dict[str, dict[str, float]], groups: list[list[str]], params: Params) -> np.ndarray:
    """The documents' pairwise cosine (documents in the order of ``groups``, flattened) after the in-group
    re-weighting; ``groups``: the copy groups, each a sorted list of doc ids."""
    order = [d for g in groups for d in g]
    df: dict[str, int] = {}
    for group in groups:
        for word in set().union(*(terms[d] for d in group)):
            df[word] = df.get(word, 0) + 1
    n = len(groups)
    vocab = {w: i for i, w in enumerate(sorted(df))}
    factor = np.ones(len(vocab))
    if n > 1 and params.story_group_rarity:
        counts = np.array([df[w] for w in sorted(df)], dtype=float)
        factor = np.clip(1.0 - params.story_group_rarity * (counts - 1) / (n - 1 + params.story_group_prior),
                         0.0, 1.0)
    matrix = np.zeros((len(order), len(vocab)))
    for row, doc in enumerate(order):
        for word, value in terms[doc].items():
            matrix[row, vocab[word]] = value
    matrix *= factor
    norms = np.linalg.norm(matrix, axis=1)
    matrix /= np.where(norms > 0, norms, 1.0)[:, None]
    return matrix @ matrix.T


def cluster(terms: dict[str, dict[str, float]], copy_pairs, params: Params) -> dict[str, str]:
    """{doc id: story id} for one candidate group: ``terms`` the weighted words of each of its documents,
    ``copy_pairs`` its copy links. A story is named ``s`` + its smallest doc id."""
    ids = sorted(terms)
    if len(ids) > params.story_group_cap:
        return {d: "s" + ids[0] for d in ids}
    root = components(ids, copy_pairs)
    members: dict[str, list[str]] = {}
    for d in ids:
        members.setdefault(root[d], []).append(d)
    groups = [members[r] for r in sorted(members)]
    sim = similarities(terms, groups, params)
    # sums of pairwise similarity between the copy groups, then average linkage over them
    starts = np.cumsum([0] + [len(g) for g in groups])
    sums = np.add.reduceat(np.add.reduceat(sim, starts[:-1], axis=0), starts[:-1], axis=1)
    sizes = np.array([len(g) for g in groups], dtype=float)
    alive = np.ones(len(groups), dtype=bool)
    clusters = [list(g) for g in groups]
    grown = np.zeros(len(groups), dtype=bool)
    while alive.sum() > 1:
        mean = sums / np.outer(sizes, sizes)
        mask = np.outer(alive, alive)
        np.fill_diagonal(mask, False)
        mean = np.where(mask, mean, -np.inf)
        best = int(np.argmax(mean))  # the first maximum in doc id order: ties never depend on arrival
        i, j = divmod(best, len(groups))
        if mean[i, j] < params.story_cluster_threshold:
            break
        i, j = min(i, j), max(i, j)
        sums[i, :] += sums[j, :]
        sums[:, i] += sums[:, j]
        sizes[i] += sizes[j]
        alive[j] = False
        clusters[i] += clusters[j]
        grown[i] = True
    _attach_loners(sim, [d for g in groups for d in g], clusters, alive, grown, params.story_attach_threshold)
    out = {}
    for index in np.flatnonzero(alive):
        name = "s" + min(clusters[index])
        for d in clusters[index]:
            out[d] = name
    return out


def _attach_loners(sim: np.ndarray, order: list[str], clusters: list[list[str]], alive, grown,
                   threshold: float) -> None:
    """A copy group average linkage left alone joins the grown cluster it is closest to on average, when
    that mean reaches ``threshold`` (>= 1: never). Every loner is compared with the clusters as average
    linkage left them, so the loners' order does not matter."""
    if threshold >= 1.0:
        return
    row = {d: i for i, d in enumerate(order)}
    targets = [c for c in np.flatnonzero(alive) if grown[c]]
    loners = [c for c in np.flatnonzero(alive) if not grown[c]]
    if not targets or not loners:
        return
    joins = []
    for loner in loners:
        rows = [row[d] for d in clusters[loner]]
        means = [sim[np.ix_(rows, [row[d] for d in clusters[c]])].mean() for c in targets]
        best = int(np.argmax(means))  # the first maximum, in doc id order
        if means[best] >= threshold:
            joins.append((targets[best], loner))
    for target, loner in joins:
        clusters[target] += clusters[loner]
        alive[loner] = False
