""""七化" (seed 004 三(三)) computed from known register data through the other capabilities' selectors;
平台建设体系化 not measured with its reason; a fixed number of queries; the page, its export and the API."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from yingji.api.tests.conftest import token_client
from yingji.core.permissions import Role
from yingji.divisions.models import Division, Organisation
from yingji.divisions.tests.factories import OrganisationFactory, PersonFactory, UserFactory, county_tree
from yingji.duty.models import DutyRoster
from yingji.duty.tests.factories import roster
from yingji.hazards.rules import Status
from yingji.hazards.tests.factories import HazardFactory
from yingji.plans.models import Plan
from yingji.plans.tests.factories import made
from yingji.publicity.tests.factories import EventFactory
from yingji.readiness.performance import performance
from yingji.teams.rules import Kind, Level
from yingji.teams.tests.factories import TeamFactory, TeamMemberFactory
from yingji.training.tests.factories import CertificateFactory, SessionFactory
from yingji.workreports.models import Submission
from yingji.workreports.tests.factories import content, due

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 6, 30)
YEAR = 2027


@pytest.fixture
def tree():
    return county_tree()


def _aware(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _by_code(results):
    return {r.measure.code: r for r in results}


def _parts(result):
    return [(p.done, p.total) for p in result.parts]


def _world(tree):
    county, town_a, town_b = tree["county"], tree["town_a"], tree["town_b"]
    village_a, village_b = tree["village_a"], tree["village_b"]
    # 预案: one of two villages covered; of three plans issued this year, one filed in time, one filed late,
    # one not filed and past its 20-working-day deadline (a fourth, issued yesterday, is not yet due).
    made(village_a, Plan.Kind.COMBINED)
    made(town_a, Plan.Kind.SPECIAL, issued_date=datetime.date(2027, 3, 1), filed_date=datetime.date(2027, 3, 10))
    made(town_b, Plan.Kind.SPECIAL, issued_date=datetime.date(2027, 3, 1), filed_date=datetime.date(2027, 4, 30))
    made(county, Plan.Kind.SPECIAL, status=Plan.Status.FILING, issued_date=datetime.date(2027, 4, 1))
    made(county, Plan.Kind.DEPARTMENT, status=Plan.Status.FILING, issued_date=TODAY - datetime.timedelta(days=1))
    # 信息报送: three reports due this year, two on time, one late; of two offices one filed a roster.
    for town, days_late in ((town_a, 0), (town_b, 0), (county, 3)):
        report = due(town, year=YEAR, quarter=1)
        Submission.objects.create(due=report, division=town, content=content(report.template),
                                  submitted_at=_aware(report.due_date), days_late=days_late)
    office_a = OrganisationFactory(division=town_a, kind=Organisation.Kind.EMERGENCY_OFFICE)
    OrganisationFactory(division=town_b, kind=Organisation.Kind.EMERGENCY_OFFICE)
    roster(office_a, start=datetime.date(2027, 5, 1), status=DutyRoster.Status.FILED)
    # 队伍: two village teams, one at its norm (small village: 15); one certified rescuer in 4 divisions.
    for village, members in ((village_a, 3), (village_b, 15)):
        team = TeamFactory(division=village, level=Level.VILLAGE, kind=Kind.VILLAGE_RESPONSE)
        for _n in range(members):
            TeamMemberFactory(team=team, person=PersonFactory(division=village))
    CertificateFactory(person=PersonFactory(division=town_a))
    # 风险: four hazards past their deadline this year: rectified on time, closed on time, rectified late,
    # still open; one due next month does not count yet.
    deadline = datetime.date(2027, 5, 31)
    HazardFactory(division=town_a, deadline=deadline, status=Status.RECTIFIED, rectified_at=_aware(deadline, 18))
    HazardFactory(division=town_a, deadline=deadline, status=Status.CLOSED, closed_at=_aware(deadline, 9))
    HazardFactory(division=town_b, deadline=deadline, status=Status.RECTIFIED,
                  rectified_at=_aware(deadline + datetime.timedelta(days=1)))
    HazardFactory(division=town_b, deadline=deadline)
    HazardFactory(division=town_b, deadline=TODAY + datetime.timedelta(days=30))
    # 宣教: the county and town A held two guidance sessions each, town B one; town A two publicity events.
    for division, sessions in ((county, 2), (town_a, 2), (town_b, 1)):
        for n in range(sessions):
            SessionFactory(division=division, date=datetime.date(2027, 2, 1 + n))
    EventFactory(division=town_a, date=datetime.date(2027, 3, 1))
    EventFactory(division=tree["village_a"], date=datetime.date(2027, 4, 1))
    EventFactory(division=town_b, date=datetime.date(2027, 4, 1))


def test_each_measure_is_computed_from_the_registers(tree):
    _world(tree)
    results = _by_code(performance(tree["county"], YEAR, today=TODAY))
    assert list(results) == ["plans", "reporting", "teams", "platform", "risk", "education", "model_sites"]
    assert _parts(results["plans"]) == [(1, 2), (1, 3)]
    # Six offices: the two above and the four that the plans factory registers as their authors.
    assert _parts(results["reporting"]) == [(2, 3), (1, 6)]
    assert _parts(results["teams"]) == [(1, 2), (1, 4)]
    assert _parts(results["risk"]) == [(2, 4)] and "1" in results["risk"].parts[0].note
    assert _parts(results["education"]) == [(2, 3), (1, 2)]
    assert [p.total for p in results["model_sites"].parts] == [2, 2, 2, 2]
    # A measure's rate is the mean of its parts: (1/2 + 1/3) / 2.
    assert results["plans"].percent == 41.7 and results["risk"].percent == 50.0


def test_platform_building_is_not_measured_and_says_why(tree):
    platform = _by_code(performance(tree["county"], YEAR, today=TODAY))["platform"]
    assert not platform.measured and platform.percent is None and platform.parts == []
    assert "无法从数据评定" in platform.reason


def test_a_measure_with_nothing_to_judge_is_not_scored(tree):
    risk = _by_code(performance(tree["county"], YEAR, today=TODAY))["risk"]
    assert risk.parts[0].total == 0 and risk.percent is None and not risk.measured
    assert "没有可考核的记录" in risk.reason


def test_the_query_count_does_not_grow_with_the_records(tree, django_assert_max_num_queries):
    _world(tree)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        performance(tree["county"], YEAR, today=TODAY)
    for town in (tree["town_a"], tree["town_b"]):
        for n in range(15):
            village = Division.objects.create(code=f"{town.code[:9]}{300 + n:03d}", name=f"{town.name}{n}村",
                                              level="village", parent=town, size_class="small")
            made(village, Plan.Kind.COMBINED)
            HazardFactory(division=village, deadline=datetime.date(2027, 5, 31))
            TeamFactory(division=village, level=Level.VILLAGE, kind=Kind.VILLAGE_RESPONSE)
    with django_assert_max_num_queries(len(small.captured_queries)):
        performance(tree["county"], YEAR, today=TODAY)


def test_the_page_export_and_api(client, tree):
    _world(tree)
    user = UserFactory(division=tree["county"], role=Role.LEADER)
    client.force_login(user)
    page = client.get(reverse("readiness-performance"))
    assert page.status_code == 200 and "平台建设体系化" in page.content.decode()
    sheet = load_workbook(io.BytesIO(client.get(reverse("readiness-performance"),
                                                {"format": "xlsx"}).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "考核项目" and any(r[0] == "平台建设体系化" and r[4] == "未评定" for r in rows)
    body = token_client(user).get("/api/v1/readiness/performance").json()
    platform = next(m for m in body["measures"] if m["code"] == "platform")
    assert platform["measured"] is False and platform["reason"]
    town_user = UserFactory(division=tree["town_a"], role=Role.TOWNSHIP_STAFF)
    client.force_login(town_user)
    assert client.get(reverse("readiness-performance"), {"division": tree["town_b"].code}).status_code == 404
    assert token_client(town_user).get("/api/v1/readiness/performance",
                                       {"division": tree["town_b"].code}).status_code == 404
