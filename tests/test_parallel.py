"""The worker pool: workers die with their parent, even when it is killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_ingest_helpers import ARTICLE  # noqa: E402

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")


def _processes() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, state) of every process."""
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            state, ppid = stat[stat.rindex(")") + 2:].split()[:2]
            out[int(entry.name)] = (int(ppid), state)
    return out


def _descendants(root: int) -> set[int]:
    table = _processes()
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, (ppid, _) in table.items() if ppid in frontier} - found
        found |= frontier
    return found


def _alive(pids: set[int]) -> set[int]:
    table = _processes()
    return {pid for pid in pids if pid in table and table[pid][1] != "Z"}  # a zombie has exited


def _command() -> list[str]:
    script = Path(sys.executable).with_name("armswatch")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from armswatch.cli import app; sys.argv[0] = 'armswatch'; app()"]


@pytest.mark.slow  # the ingest process and its workers each load spaCy
def test_workers_die_when_ingest_is_killed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(60):
        (folder / f"{i}.txt").write_text(ARTICLE.replace("rifles", f"rifles of lot {i}"), "utf-8")
    env = {**os.environ, "ARMSWATCH__NLP__N_PROCESS": "2", "ARMSWATCH__NLP__BATCH_SIZE": "1",
           "ARMSWATCH__EXTRACT__ENABLED": "", "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    ingest = subprocess.Popen([*_command(), "ingest", str(folder), "--db", f"sqlite:///{tmp_path / 'k.db'}", "-q"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 180
        workers: set[int] = set()
        while len(workers) < 2 and time.monotonic() < deadline and ingest.poll() is None:
            time.sleep(0.2)
            workers = _descendants(ingest.pid)
        assert len(workers) >= 2, f"no worker started: {ingest.stderr.read().decode()[-2000:] if ingest.poll() is not None else 'still waiting'}"
        time.sleep(1.0)  # the workers are loading the model or parsing
        workers = _descendants(ingest.pid)
        os.kill(ingest.pid, signal.SIGKILL)
        ingest.wait(10)
        gone_by = time.monotonic() + 5
        while _alive(workers) and time.monotonic() < gone_by:
            time.sleep(0.1)
        left = _alive(workers)
    finally:
        if ingest.poll() is None:
            ingest.kill()
            ingest.wait()
    for pid in left:  # clean up before failing, so no test leaves a worker behind
        os.kill(pid, signal.SIGKILL)
    assert not left, f"{len(left)} of {len(workers)} workers still alive 5 s after the parent was killed"


def test_the_parent_watch_ends_a_worker_whose_parent_is_killed():
    """The watch that stands in for the kernel's parent-death signal off Linux."""
    grandchild = ("import sys, time, threading; from armswatch.parallel import _watch_parent; "
                  "threading.Thread(target=_watch_parent, args=(int(sys.argv[1]),), daemon=True).start(); "
                  "time.sleep(60)")
    parent = ("import os, subprocess, sys, time; "
              f"p = subprocess.Popen([sys.executable, '-c', {grandchild!r}, str(os.getpid())]); "
              "print(p.pid, flush=True); time.sleep(60)")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    middle = subprocess.Popen([sys.executable, "-c", parent], env=env, stdout=subprocess.PIPE, text=True)
    try:
        worker = int(middle.stdout.readline())
        time.sleep(1.0)  # the worker's watch has started
        assert _alive({worker}) == {worker}
        os.kill(middle.pid, signal.SIGKILL)
        middle.wait(10)
        gone_by = time.monotonic() + 5
        while _alive({worker}) and time.monotonic() < gone_by:
            time.sleep(0.1)
        left = _alive({worker})
    finally:
        if middle.poll() is None:
            middle.kill()
            middle.wait()
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "the worker outlived its parent by 5 s"
