"""Coreference scores over clusterings of the same items: MUC, B-cubed, CEAF-e and CoNLL F1 (their mean).

A clustering is {item: cluster label}; key and response must hold the same items (gold mentions).
"""

from __future__ import annotations

from collections import defaultdict

from ..fuse.stories import components


def _clusters(labels: dict) -> list[set]:
    groups: dict = defaultdict(set)
    for item, label in labels.items():
        groups[label].add(item)
    return list(groups.values())


def _f(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _prf(p: float, r: float) -> dict[str, float]:
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(_f(p, r), 4)}


def _muc_recall(key: list[set], response: dict) -> float:
    num = den = 0
    for cluster in key:
        parts = {response[item] for item in cluster}
        num += len(cluster) - len(parts)
        den += len(cluster) - 1
    return num / den if den else 0.0


def muc(key: dict, response: dict) -> dict[str, float]:
    return _prf(_muc_recall(_clusters(response), key), _muc_recall(_clusters(key), response))


def b_cubed(key: dict, response: dict) -> dict[str, float]:
    key_of = {i: frozenset(c) for c in _clusters(key) for i in c}
    response_of = {i: frozenset(c) for c in _clusters(response) for i in c}
    items = list(key)
    p = sum(len(key_of[i] & response_of[i]) / len(response_of[i]) for i in items) / len(items)
    r = sum(len(key_of[i] & response_of[i]) / len(key_of[i]) for i in items) / len(items)
    return _prf(p, r)


def _best_assignment(weights: list[list[float]]) -> float:
    """The largest total weight of a one-to-one assignment (Hungarian algorithm, rows <= columns)."""
    n, m = len(weights), len(weights[0])
    big = max(max(row) for row in weights)
    cost = [[big - w for w in row] for row in weights]
    u, v, p, way = [0.0] * (n + 1), [0.0] * (m + 1), [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = [float("inf")] * (m + 1), [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], float("inf"), 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    return sum(weights[p[j] - 1][j - 1] for j in range(1, m + 1) if p[j])


def ceaf_e(key: dict, response: dict) -> dict[str, float]:
    """Entity-based CEAF: phi(K, R) = 2|K & R| / (|K| + |R|), best one-to-one alignment. The alignment is
    solved per connected part of the overlap graph (clusters that share no item never pair)."""
    keys, responses = _clusters(key), _clusters(response)
    response_index = {i: n for n, c in enumerate(responses) for i in c}
    # connected parts: key clusters joined through the response clusters they overlap
    owner: dict[int, int] = {}
    pairs = []
    for k, cluster in enumerate(keys):
        for item in cluster:
            pairs.append((k, owner.setdefault(response_index[item], k)))
    root = components(list(range(len(keys))), pairs)
    parts: dict[int, list[int]] = defaultdict(list)
    for k in range(len(keys)):
        parts[root[k]].append(k)
    total = 0.0
    for members in parts.values():
        rs = sorted({response_index[i] for k in members for i in keys[k]})
        weights = [[2 * len(keys[k] & responses[r]) / (len(keys[k]) + len(responses[r])) for r in rs]
                   for k in members]
        if len(members) > len(rs):
            weights = [list(col) for col in zip(*weights)]
        total += _best_assignment(weights)
    return _prf(total / len(responses), total / len(keys))


def conll(key: dict, response: dict) -> dict[str, dict[str, float]]:
    scores = {"muc": muc(key, response), "b_cubed": b_cubed(key, response), "ceaf_e": ceaf_e(key, response)}
    scores["conll"] = {"f1": round(sum(s["f1"] for s in scores.values()) / 3, 4)}
    return scores
