"""A shelter with a photo in each of the two townships."""

from yingji.shelters.tests.factories import ShelterFactory, shelter_photo


def populate(world) -> None:
    for key in ("a", "b"):
        shelter_photo(ShelterFactory(division=world.tree[f"town_{key}"]))
