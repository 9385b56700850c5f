"""The demo teams: every level present, some village teams short of their norm, most villages with a
registered officer and a few without; a second run adds nothing."""

import pytest
from django.db import transaction

from yingji.divisions import demo as divisions_demo
from yingji.divisions.models import Division, Person
from yingji.teams import demo, selectors
from yingji.teams.models import InfoOfficer, Team, TeamMember
from yingji.teams.rules import Kind, OfficerKind, Readiness, TrainingStatus


@pytest.fixture(scope="module")
def county(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        divisions_demo.load_demo()  # runs every app's demo, this one included
        yield Division.objects.get(code=divisions_demo.COUNTY_SEAT_CODE[:6] + "000000")
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_demo_teams_cover_every_level_and_leave_gaps_to_find(county):
    kinds = set(Team.objects.values_list("kind", flat=True))
    assert kinds == set(Kind.values)
    assert set(Team.objects.values_list("readiness", flat=True)) == set(Readiness.values)
    assert set(InfoOfficer.objects.values_list("training_status", flat=True)) == set(TrainingStatus.values)
    assert set(InfoOfficer.objects.values_list("kind", flat=True)) == set(OfficerKind.values)
    assert Team.objects.filter(kind=Kind.TOWNSHIP_FULL_TIME).count() == 24
    short = selectors.under_staffed(Team.objects.all())
    village_teams = Team.objects.filter(kind=Kind.VILLAGE_RESPONSE).count()
    assert 0 < short.count() < village_teams
    villages = Division.objects.filter(level="village").count()
    registered = InfoOfficer.objects.values("division").distinct().count()
    assert villages * 0.8 < registered < villages
    rows = {r.key: r for r in selectors.county_summary(county)}
    assert rows["township"].teams == 24 and rows["village"].people > 0


@pytest.mark.django_db
def test_a_second_run_adds_nothing(county):
    before = (Team.all_objects.count(), TeamMember.all_objects.count(), InfoOfficer.all_objects.count(),
              Person.all_objects.count())
    messages = []
    demo.load_demo(county, messages.append)
    assert (Team.all_objects.count(), TeamMember.all_objects.count(), InfoOfficer.all_objects.count(),
            Person.all_objects.count()) == before
    assert messages == ["队伍 teams +0, 队员 members +0, 信息员 officers +0"]
