"""Find a capability's module by convention, so adding an app never means editing the shell.

`capability_modules("urls")` yields `yingji.<app>.urls` for every installed yingji app that has one;
the URL conf, the API, the demo loader and the tests' scoping world all discover apps this way.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType

from django.apps import apps


def capability_modules(name: str, *, exclude: tuple[str, ...] = ()) -> Iterator[ModuleType]:
    for config in apps.get_app_configs():
        if not config.name.startswith("yingji.") or config.name in exclude:
            continue
        dotted = f"{config.name}.{name}"
        try:
            yield import_module(dotted)
        except ModuleNotFoundError as exc:
            # Only the module (or its package, e.g. an app with no tests/) being absent is "no such
            # module"; an import error inside it is a bug to show.
            if exc.name != dotted and not dotted.startswith(f"{exc.name}."):
                raise
