"""The evaluation harness: comparison with the baseline, and clear errors when gold data is missing."""

import subprocess
import sys

from armswatch import evaluate as ev


def test_compare_says_which_numbers_moved():
    report = ev.Report(name="x", metrics={"f1": 0.80, "recall": 0.50, "error_km": 90.0, "new": 1.0},
                       lower_is_better=("error_km",))
    rows = {metric: verdict for metric, _, _, verdict in
            ev.compare(report, {"f1": 0.70, "recall": 0.502, "error_km": 100.0})}
    assert rows == {"f1": "better", "recall": "same", "error_km": "better", "new": "new"}
    rows = {metric: verdict for metric, _, _, verdict in ev.compare(report, {"f1": 0.9, "error_km": 50.0})}
    assert rows["f1"] == "worse" and rows["error_km"] == "worse"


def test_prf_counts():
    assert ev.prf(3, 1, 2) == {"precision": 0.75, "recall": 0.6, "f1": 0.6667, "tp": 3, "fp": 1, "fn": 2}
    assert ev.prf(0, 0, 0)["f1"] == 0.0


def test_every_evaluation_has_a_committed_baseline():
    for name in ev.load_all():
        assert ev.load_baseline(name), f"no committed baseline for {name}"


def test_missing_gold_folder_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.delenv("ARMSWATCH_EVAL_DATA", raising=False)
    result = subprocess.run([sys.executable, "-m", "armswatch.cli", "evaluate", "re3d", "--data",
                             str(tmp_path / "nowhere")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "AW401" in result.stderr and "nowhere" in result.stderr
