""""六有" scored from the registers: each indicator met and not met, the 12-month window at its edge, a
fixed number of queries however many divisions, scoping, the page, its export and the API."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from yingji.api.tests.conftest import token_client
from yingji.core.permissions import Role
from yingji.divisions.models import Division, Organisation, Person
from yingji.divisions.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    county_tree,
)
from yingji.drills.tests.factories import drill
from yingji.plans.models import Plan
from yingji.plans.tests.factories import made
from yingji.readiness import selectors
from yingji.readiness.rules import TOWNSHIP_SIX, VILLAGE_SIX
from yingji.shelters.tests.factories import ShelterFactory
from yingji.supplies.rules import ItemCategory
from yingji.supplies.tests.factories import ItemFactory, WarehouseFactory, lot
from yingji.teams.rules import Kind, Level, Readiness
from yingji.teams.tests.factories import InfoOfficerFactory, TeamFactory
from yingji.training.tests.factories import AttendanceFactory, SessionFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 6, 30)


@pytest.fixture
def tree():
    return county_tree()


def _met(scope, standard, code):
    return {row.division.code: row.met for row in selectors.scores(scope, standard, today=TODAY).rows}[code]


def _equip_township(town):
    office = OrganisationFactory(division=town, kind=Organisation.Kind.EMERGENCY_OFFICE)
    PersonFactory(division=town, organisation=office, employment=Person.Employment.FULL_TIME)
    village = town.children.first()
    store = WarehouseFactory(division=village)  # a village store counts for its township
    lot(store, ItemFactory(name="应急指挥车", category=ItemCategory.VEHICLE, unit="辆"), 1)
    made(town, Plan.Kind.OVERALL, status=Plan.Status.FILED)
    TeamFactory(division=town)
    SessionFactory(division=town, date=TODAY - datetime.timedelta(days=365))  # the window's first day


def test_a_township_meets_each_indicator_from_its_registers(tree):
    town_a, town_b = tree["town_a"], tree["town_b"]
    _equip_township(town_a)
    assert _met(tree["county"], TOWNSHIP_SIX, town_a.code) == dict.fromkeys(
        ("staff", "vehicle", "plan", "team", "supplies", "training"), True)
    # Town B: a part-time worker, a draft plan, a stood-down team, expired stock, a drill 366 days ago.
    office = OrganisationFactory(division=town_b, kind=Organisation.Kind.EMERGENCY_OFFICE)
    PersonFactory(division=town_b, organisation=office, employment=Person.Employment.PART_TIME)
    made(town_b, Plan.Kind.OVERALL, status=Plan.Status.DRAFT)
    TeamFactory(division=town_b, readiness=Readiness.STOOD_DOWN)
    lot(WarehouseFactory(division=town_b), ItemFactory(name="方便面", category=ItemCategory.FOOD_WATER), 5,
        expiry_date=TODAY - datetime.timedelta(days=1))
    drill(town_b, on=TODAY - datetime.timedelta(days=366))
    assert _met(tree["county"], TOWNSHIP_SIX, town_b.code) == dict.fromkeys(
        ("staff", "vehicle", "plan", "team", "supplies", "training"), False)
    rows = selectors.scores(tree["county"], TOWNSHIP_SIX, today=TODAY).rows
    assert [r.division for r in rows] == [town_a, town_b] and rows[0].compliant and rows[1].score == 0


def test_a_village_meets_each_indicator_from_its_registers(tree):
    village_a, village_b = tree["village_a"], tree["village_b"]
    OrganisationFactory(division=village_a, kind=Organisation.Kind.SERVICE_STATION)
    group = OrganisationFactory(division=village_a, kind=Organisation.Kind.RESPONSE_GROUP)
    MembershipFactory(organisation=group, person=PersonFactory(division=village_a), title="信息员")
    made(village_a, Plan.Kind.COMBINED, status=Plan.Status.PUBLISHED)
    TeamFactory(division=village_a, level=Level.VILLAGE, kind=Kind.VILLAGE_RESPONSE)
    ShelterFactory(division=village_a)
    # Trained at a township session: counts for the village the attendee lives in.
    AttendanceFactory(session=SessionFactory(division=tree["town_a"], date=TODAY),
                      person=PersonFactory(division=village_a))
    assert all(_met(tree["county"], VILLAGE_SIX, village_a.code).values())

    InfoOfficerFactory(division=village_b, person=PersonFactory(division=village_b), active=False)
    ShelterFactory(division=village_b, status="closed")
    TeamFactory(division=village_b, level=Level.VILLAGE, kind=Kind.VILLAGE_RESPONSE, readiness=Readiness.STOOD_DOWN)
    made(village_b, Plan.Kind.COMBINED, status=Plan.Status.SUBMITTED)
    assert not any(_met(tree["county"], VILLAGE_SIX, village_b.code).values())
    InfoOfficerFactory(division=village_b, person=PersonFactory(division=village_b))
    assert _met(tree["county"], VILLAGE_SIX, village_b.code)["officer"]


def test_the_query_count_does_not_grow_with_the_divisions(tree, django_assert_num_queries):
    with django_assert_num_queries(9):
        small = selectors.scores(tree["county"], VILLAGE_SIX, today=TODAY)
    for town in (tree["town_a"], tree["town_b"]):
        for n in range(30):
            Division.objects.create(code=f"{town.code[:9]}{300 + n:03d}", name=f"{town.name}{n}村", level="village",
                                    parent=town)
    _equip_township(tree["town_a"])
    with django_assert_num_queries(9):
        large = selectors.scores(tree["county"], VILLAGE_SIX, today=TODAY)
    with django_assert_num_queries(8):
        selectors.scores(tree["county"], TOWNSHIP_SIX, today=TODAY)
    assert (len(small.rows), len(large.rows)) == (2, 62)


def test_a_township_sees_its_own_villages_on_the_page_export_and_api(client, tree):
    ShelterFactory(division=tree["village_b"])
    user = UserFactory(division=tree["town_a"], role=Role.TOWNSHIP_STAFF)
    client.force_login(user)
    page = client.get(reverse("readiness"))
    assert page.status_code == 200
    assert [row.division for row in page.context["page"]] == [tree["village_a"]]
    sheet = load_workbook(io.BytesIO(client.get(reverse("readiness"), {"format": "xlsx"}).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "区划代码", "名称") and [r[1] for r in rows[1:]] == [tree["village_a"].code]
    api = token_client(user)
    body = api.get("/api/v1/readiness").json()
    assert body["standard"] == "village_six" and [r["code"] for r in body["rows"]] == [tree["village_a"].code]
    assert api.get("/api/v1/readiness", {"division": tree["town_b"].code}).status_code == 404
    county = token_client(UserFactory(division=tree["county"], role=Role.LEADER))
    assert county.get("/api/v1/readiness").json()["standard"] == "township_six"


@pytest.mark.parametrize("role", list(Role))
def test_the_page_opens_for_every_role(client, tree, role):
    client.force_login(UserFactory(division=tree["county"], role=role))
    assert client.get(reverse("readiness"), {"standard": "village_six", "gaps": "1"}).status_code == 200


def test_the_table_pages_while_the_counts_cover_every_division(client, tree, settings):
    settings.YINGJI_PAGE_SIZE = 1
    client.force_login(UserFactory(division=tree["county"], role=Role.COUNTY_STAFF))
    first = client.get(reverse("readiness"), {"standard": "village_six"})
    second = client.get(reverse("readiness"), {"standard": "village_six", "page": 2})
    villages = Division.objects.within(tree["county"]).filter(level="village").count()
    assert villages > 1 and first.context["total"] == second.context["total"] == villages
    assert len(first.context["page"]) == len(second.context["page"]) == 1
    assert first.context["page"][0].division != second.context["page"][0].division
    assert "standard=village_six&amp;page=2" in first.content.decode()
