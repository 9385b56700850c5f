""""七有" (seed 004) scored from the registers: each indicator met and not met for a township and a village,
"有应急制度" from filed rosters and submitted reports, the village team norm, and a fixed number of queries."""

import datetime

import pytest
from django.utils import timezone

from yingji.divisions.models import Division, Organisation, Person
from yingji.divisions.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    county_tree,
)
from yingji.duty.models import DutyRoster
from yingji.duty.tests.factories import roster
from yingji.plans.models import Plan
from yingji.plans.tests.factories import made
from yingji.publicity.tests.factories import EventFactory
from yingji.readiness import selectors
from yingji.readiness.rules import STANDARDS, TOWNSHIP_SEVEN, VILLAGE_SEVEN
from yingji.shelters.tests.factories import ShelterFactory
from yingji.supplies.rules import ItemCategory
from yingji.supplies.tests.factories import ItemFactory, WarehouseFactory, lot
from yingji.teams.rules import Kind, Level, Readiness
from yingji.teams.tests.factories import TeamFactory, TeamMemberFactory
from yingji.workreports.models import Submission
from yingji.workreports.tests.factories import content, due

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 6, 30)
ALL = ("body", "plan", "rules", "team", "supplies", "shelter", "publicity")


@pytest.fixture
def tree():
    return county_tree()


def _met(scope, standard, code):
    return {row.division.code: row.met for row in selectors.scores(scope, standard, today=TODAY).rows}[code]


def _submitted(division, on: datetime.date):
    report = due(division, year=on.year - 1, quarter=4)
    return Submission.objects.create(due=report, division=division, content=content(report.template),
                                     submitted_at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(9))))


def _team(division, members: int, **extra):
    team = TeamFactory(division=division, **extra)
    for _n in range(members):
        TeamMemberFactory(team=team, person=PersonFactory(division=division))
    return team


def _equip_township(town):
    office = OrganisationFactory(division=town, kind=Organisation.Kind.EMERGENCY_OFFICE)
    PersonFactory(division=town, organisation=office, employment=Person.Employment.PART_TIME)
    made(town, Plan.Kind.SPECIAL, status=Plan.Status.PUBLISHED)
    roster(office, start=TODAY - datetime.timedelta(days=30), status=DutyRoster.Status.FILED)
    _submitted(town, TODAY - datetime.timedelta(days=10))
    _team(town, 1)
    lot(WarehouseFactory(division=town.children.first()), ItemFactory(name="帐篷", category=ItemCategory.TENT), 3)
    ShelterFactory(division=town.children.first())  # a village shelter is the township's
    EventFactory(division=town, date=datetime.date(2027, 1, 1))


def test_every_seven_indicator_names_its_seed_and_article():
    for standard in (TOWNSHIP_SEVEN, VILLAGE_SEVEN):
        assert "伊犁" in str(standard.source) and str(standard.article) == "二(四)"
        assert [i.code for i in standard.indicators] == list(ALL)
        assert [str(i.label) for i in standard.indicators] == [
            "有应急机构", "有应急预案", "有应急制度", "有应急队伍", "有应急保障", "有避难场所", "有科普宣传"]
        rules = next(i for i in standard.indicators if i.code == "rules")
        assert "没有登记“制度”本身的台账" in str(rules.note)
    assert {"township_seven", "village_seven"} <= set(STANDARDS)


def test_a_township_meets_each_seven_indicator_from_its_registers(tree):
    _equip_township(tree["town_a"])
    assert _met(tree["county"], TOWNSHIP_SEVEN, tree["town_a"].code) == dict.fromkeys(ALL, True)


def test_a_township_falls_short_on_each_seven_indicator(tree):
    town = tree["town_b"]
    # A department is no emergency body; a filed plan is not a published one; a roster still a draft and
    # a report last year; a team without members; no stock; a closed shelter; last year's publicity.
    dept = OrganisationFactory(division=town, kind=Organisation.Kind.DEPARTMENT)
    PersonFactory(division=town, organisation=dept)
    made(town, Plan.Kind.OVERALL, status=Plan.Status.FILED)
    office = OrganisationFactory(division=town, kind=Organisation.Kind.EMERGENCY_OFFICE)
    roster(office, start=TODAY - datetime.timedelta(days=30))
    _submitted(town, TODAY - datetime.timedelta(days=400))
    _team(town, 0)
    WarehouseFactory(division=town)
    ShelterFactory(division=town, status="closed")
    EventFactory(division=town, date=datetime.date(2026, 12, 31))
    assert _met(tree["county"], TOWNSHIP_SEVEN, town.code) == dict.fromkeys(ALL, False)


def test_a_township_needs_both_a_filed_roster_and_a_submitted_report_for_its_rules(tree):
    town = tree["town_a"]
    office = OrganisationFactory(division=town, kind=Organisation.Kind.EMERGENCY_OFFICE)
    roster(office, start=TODAY - datetime.timedelta(days=30), status=DutyRoster.Status.FILED)
    assert not _met(tree["county"], TOWNSHIP_SEVEN, town.code)["rules"]
    _submitted(town, TODAY)
    assert _met(tree["county"], TOWNSHIP_SEVEN, town.code)["rules"]


def test_a_village_meets_each_seven_indicator_and_either_record_shows_its_rules(tree):
    village = tree["village_a"]  # a large village: its response team needs 25 members
    group = OrganisationFactory(division=village, kind=Organisation.Kind.RESPONSE_GROUP)
    MembershipFactory(organisation=group, person=PersonFactory(division=village))
    made(village, Plan.Kind.COMBINED, status=Plan.Status.REVISING)  # still in force while revised
    _submitted(village, TODAY - datetime.timedelta(days=100))
    _team(village, 25, level=Level.VILLAGE, kind=Kind.VILLAGE_RESPONSE)
    lot(WarehouseFactory(division=village), ItemFactory(name="手电筒", category=ItemCategory.GEAR), 10)
    ShelterFactory(division=village)
    EventFactory(division=village, date=TODAY)
    assert _met(tree["county"], VILLAGE_SEVEN, village.code) == dict.fromkeys(ALL, True)


def test_a_village_team_below_its_norm_and_other_gaps(tree):
    village = tree["village_b"]  # a small village: 15 members
    OrganisationFactory(division=village, kind=Organisation.Kind.SERVICE_STATION)  # registered, nobody in it
    made(village, Plan.Kind.COMBINED, status=Plan.Status.DRAFT)
    _team(village, 14, level=Level.VILLAGE, kind=Kind.VILLAGE_RESPONSE)
    _team(village, 15, level=Level.VILLAGE, kind=Kind.VILLAGE_RESPONSE, readiness=Readiness.STOOD_DOWN)
    met = _met(tree["county"], VILLAGE_SEVEN, village.code)
    assert met == dict.fromkeys(ALL, False)
    _team(village, 15, level=Level.VILLAGE, kind=Kind.VILLAGE_RESPONSE)
    assert _met(tree["county"], VILLAGE_SEVEN, village.code)["team"]


def test_seven_scores_take_a_fixed_number_of_queries(tree, django_assert_num_queries):
    with django_assert_num_queries(10):
        selectors.scores(tree["county"], VILLAGE_SEVEN, today=TODAY)
    for town in (tree["town_a"], tree["town_b"]):
        for n in range(20):
            village = Division.objects.create(code=f"{town.code[:9]}{300 + n:03d}", name=f"{town.name}{n}村",
                                              level="village", parent=town, size_class="small")
            ShelterFactory(division=village)
            EventFactory(division=village, date=TODAY)
            _submitted(village, TODAY)
    _equip_township(tree["town_a"])
    with django_assert_num_queries(10):
        large = selectors.scores(tree["county"], VILLAGE_SEVEN, today=TODAY)
    with django_assert_num_queries(10):
        selectors.scores(tree["county"], TOWNSHIP_SEVEN, today=TODAY)
    assert len(large.rows) == 42 and large.rows[0].score == 3
