"""Build src/armswatch/resources/fuse/word_logprob.tsv.gz: how common each English word is, so that fusion
weighs a rare name above a common word without counting words over the stored documents (which would
make a link between two documents depend on every other document).

Source: spaCy's English lexeme probabilities, table ``en_lexeme_prob`` of the package spacy-lookups-data
1.0.5 (MIT licence). Usage:

    pip download spacy-lookups-data==1.0.5 --no-deps -d /tmp/sld
    python scripts/build_fuse_word_weights.py /tmp/sld/spacy_lookups_data-1.0.5-py2.py3-none-any.whl
"""

from __future__ import annotations

import gzip
import json
import math
import sys
import zipfile
from pathlib import Path

KEEP = 60000  # the most common words; any other word counts as rare
OUT = Path(__file__).resolve().parent.parent / "src/armswatch/resources/fuse/word_logprob.tsv.gz"


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        table = json.loads(gzip.decompress(archive.read("spacy_lookups_data/data/en_lexeme_prob.json.gz")))
    merged: dict[str, float] = {}
    for word, logprob in table.items():
        if not word.isalpha():
            continue
        key = word.casefold()  # "Police" and "police" are one word here: probabilities add up
        merged[key] = math.log(math.exp(merged[key]) + math.exp(logprob)) if key in merged else logprob
    kept = sorted(merged.items(), key=lambda item: (-item[1], item[0]))[:KEEP]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(OUT, "wb", mtime=0) as handle:
        handle.write("".join(f"{w}\t{p:.2f}\n" for w, p in kept).encode("utf-8"))
    print(f"{len(kept)} words -> {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])
