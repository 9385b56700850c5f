from yingji.drills.tests.factories import drill


def populate(world) -> None:
    for town in ("town_a", "town_b"):
        drill(world.tree[town])
