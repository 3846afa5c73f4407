"""Property tests (Hypothesis): every reader, on mutated inputs of its kind, returns Documents and coded
errors and raises nothing but an ArmswatchError; the per-document function, on any text, returns records
whose evidence lies in the text. Kept to a few seconds; benchmarks/fuzz_ingest.py runs the long version."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from armswatch.document import Document
from armswatch.errors import ArmswatchError

from fuzzing import KINDS, fuzz_settings, mutate, read_with, seeds

SEEDS = seeds()
EVERYTHING = [data for inputs in SEEDS.values() for data in inputs]
SETTINGS = fuzz_settings()
FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


@st.composite
def hostile(draw, kind: str) -> bytes:
    """A seed of the kind, with bytes Hypothesis chooses spliced in or cut out, then perhaps mutated more."""
    data = bytearray(draw(st.sampled_from(SEEDS.get(kind) or EVERYTHING)))
    for at, cut, insert in draw(st.lists(st.tuples(st.integers(0, len(data)), st.integers(0, 64),
                                                   st.binary(max_size=48)), max_size=3)):
        data[at:at + cut] = insert
    if draw(st.booleans()):
        data = bytearray(mutate(bytes(data), draw(st.randoms(use_true_random=False)), EVERYTHING))
    return bytes(data)


def _only_documents_and_coded_errors(kind: str, data: bytes) -> None:
    try:
        items = read_with(kind, data, SETTINGS)
    except ArmswatchError as error:
        assert error.code.startswith("AW1") and error.source
        return
    for item in items:
        assert isinstance(item, (Document, ArmswatchError))
        if isinstance(item, Document):
            assert item.text.strip() and item.text.encode("utf-8")  # checked, and storable


@pytest.mark.parametrize("kind", KINDS)
def test_reader_survives_mutated_input(kind):
    @FAST
    @given(hostile(kind))
    def check(data):
        _only_documents_and_coded_errors(kind, data)

    check()


@FAST
@given(st.binary(max_size=3000))
def test_dispatch_survives_arbitrary_bytes(data):
    _only_documents_and_coded_errors("any", data)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(st.one_of(st.text(max_size=400), hostile("text").map(lambda b: b.decode("utf-8", "replace"))))
def test_per_document_function_on_any_text(pipeline, text):
    document = Document(text=text, published="2024-03-04", source="property")
    for record in pipeline(document):
        for span in getattr(record, "evidence", None) or []:
            start, end = span.start, span.end
            assert 0 <= start <= end <= len(text) and text[start:end] == span.text
