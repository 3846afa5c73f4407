"""Storage per article: the pipeline's records of real articles written to a fresh SQLite database.

    python benchmarks/storage.py --data ../shared/eval/polnear/data/train/text --n 100

Runs the pipeline on the first N articles of the folder, writes them with Store.write_documents (as ingest
does), checkpoints and vacuums, and prints the file's size per article and each table's and index's share
(SQLite's dbstat).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
from pathlib import Path

from armswatch.document import Document
from armswatch.pipeline import Pipeline
from armswatch.store import open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="a folder of .txt articles")
    parser.add_argument("--n", type=int, default=100)
    args = parser.parse_args()
    paths = sorted(args.data.glob("*.txt"))[:args.n]
    documents = [Document(text=p.read_text("utf-8", errors="replace"), title=p.stem, url=f"https://news.example.org/{p.stem}",
                          published="2016-03-01", source=str(p)) for p in paths]
    results = list(Pipeline().run(documents))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "storage.db"
        store = open_store(f"sqlite:///{path}")
        for start in range(0, len(results), 20):
            store.write_documents(results[start:start + 20])
        store.close()
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("VACUUM")
        n = len(results)
        print(f"{n} articles, {sum(len(r) for _, r in results):,} records: {os.path.getsize(path) / n / 1000:.1f} KB per article")
        for name, size in connection.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 15"):
            print(f"  {name:40s} {size / n / 1000:6.1f} KB per article")
        connection.close()


if __name__ == "__main__":
    main()
