"""A team with a member, and an information officer, in each of the two townships."""

from yingji.teams.tests.factories import InfoOfficerFactory, TeamFactory, TeamMemberFactory


def populate(world) -> None:
    for key in ("a", "b"):
        town, person = world.tree[f"town_{key}"], getattr(world, f"person_{key}")
        team = TeamFactory(division=town)
        TeamMemberFactory(team=team, person=person)
        InfoOfficerFactory(division=world.tree[f"village_{key}"], person=person)
