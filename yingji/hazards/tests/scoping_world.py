"""A hazard and a public report in each of the two townships."""

from yingji.hazards.models import PublicReport
from yingji.hazards.tests.factories import HazardFactory


def populate(world) -> None:
    for key in ("a", "b"):
        town = world.tree[f"town_{key}"]
        HazardFactory(division=town)
        PublicReport.objects.create(division=town, address="路口", text="护栏损坏")
