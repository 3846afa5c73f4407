"""The pages: one module per area, each with ``register(site)``; ``register_all`` adds every module here.

A new page is a new module in this folder (found by name, in alphabetical order): give it its own top-level
path, since routes with a path parameter (``/documents/{doc_id}``) match in the order they were added.
"""

from __future__ import annotations

import importlib
import pkgutil

from ..site import Site


def register_all(site: Site) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}").register(site)
