"""``armswatch fuse``: rebuild cross-document fusion (copies, fused events, stories, claim links) from scratch."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from .cli import ConfigOption, DbOption, _fail, _settings, app, console
from .errors import ArmswatchError


@app.command("fuse")
def fuse_command(
    config: Optional[Path] = ConfigOption,
    db: Optional[str] = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
):
    """Rebuild copies, fused events, stories and claim links from every stored document (one transaction)."""
    from .fuse.params import Params
    from .fuse.store import summary
    from .fuse.update import rebuild
    from .store import open_store

    try:
        settings = _settings(config, db)
        params = Params.from_settings(settings)
        with open_store(settings=settings) as store:
            with store.transaction() as connection:
                rebuild(connection, params)
            with store.reading() as connection:
                counts = summary(connection)
    except ArmswatchError as error:
        _fail(error)
    if as_json:
        console.print_json(json.dumps(counts))
    else:
        console.print(", ".join(f"{key.replace('_', ' ')} {value}" for key, value in counts.items()), highlight=False)
