"""An expert with one engagement in each of the two townships."""

from yingji.experts.tests.factories import EngagementFactory, ExpertFactory


def populate(world) -> None:
    for key in ("a", "b"):
        EngagementFactory(expert=ExpertFactory(division=world.tree[f"town_{key}"]))
