"""A readiness bulletin of each township (its villages' "六有" on the day)."""

from yingji.readiness import bulletins
from yingji.readiness.rules import VILLAGE_SIX


def populate(world) -> None:
    for town, user in (("town_a", world.user_a), ("town_b", world.user_b)):
        bulletins.issue(actor=user, scope=world.tree[town], standard=VILLAGE_SIX)
