"""The scoping world: two sibling townships with a record of every scoped model in each.

Each installed app may add its records in `<app>/tests/scoping_world.py` with a function
`populate(world: TwoTownships) -> None` that creates one record per scoped model in township A and
one in township B. The scoping matrix test finds those modules by itself, so a new capability's
models join the matrix without editing this file — and the test fails for any scoped model that
has no record in township B.
"""

from importlib import import_module

from django.apps import apps

from yingji.core.permissions import Role
from yingji.divisions.tests.factories import TwoTownships, two_townships


def build_world() -> TwoTownships:
    world = two_townships(role=Role.ADMIN)
    for config in apps.get_app_configs():
        if not config.name.startswith("yingji."):
            continue
        try:
            module = import_module(f"{config.name}.tests.scoping_world")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tests.scoping_world":
                raise
            continue
        module.populate(world)
    return world
