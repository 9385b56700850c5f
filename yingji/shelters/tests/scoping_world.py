"""A shelter in each of the two townships."""

from yingji.shelters.tests.factories import ShelterFactory


def populate(world) -> None:
    for key in ("a", "b"):
        ShelterFactory(division=world.tree[f"town_{key}"])
