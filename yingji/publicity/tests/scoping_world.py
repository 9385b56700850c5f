"""A publicity event with one line of materials in each of the two townships."""

from yingji.publicity.tests.factories import EventFactory, LineFactory


def populate(world) -> None:
    for key in ("a", "b"):
        LineFactory(event=EventFactory(division=world.tree[f"town_{key}"]))
