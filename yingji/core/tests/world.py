"""The scoping world: two sibling townships with a record of every scoped model in each.

Each installed app may add its records in `<app>/tests/scoping_world.py` with a function
`populate(world: TwoTownships) -> None` that creates one record per scoped model in township A and
one in township B. The scoping matrix test finds those modules by itself, so a new capability's
models join the matrix without editing this file — and the test fails for any scoped model that
has no record in township B.
"""

from yingji.core.discovery import capability_modules
from yingji.core.permissions import Role
from yingji.divisions.tests.factories import TwoTownships, two_townships


def build_world() -> TwoTownships:
    world = two_townships(role=Role.ADMIN)
    for module in capability_modules("tests.scoping_world"):
        module.populate(world)
    return world
