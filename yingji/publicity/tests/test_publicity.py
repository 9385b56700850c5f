"""Yearly publicity totals (seed 000's form, per 七进 target and division), pages for every role,
import errors, the API and list query counts."""

import datetime
import io
import json

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from yingji.api.tests.conftest import token_client
from yingji.core.permissions import Role
from yingji.divisions.tests.factories import UserFactory, two_townships
from yingji.publicity import selectors, services
from yingji.publicity.models import PublicityEvent
from yingji.publicity.rules import EVENTS_PER_YEAR, MaterialKind, Target
from yingji.publicity.tests.factories import EventFactory, LineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return two_townships()


def by_label(rows):
    return {row.label: row for row in rows}


def test_yearly_totals_per_target_and_division_without_double_counting(world, django_assert_max_num_queries):
    t = world.tree
    school = EventFactory(division=t["town_a"], target=Target.SCHOOLS, participants=300,
                          date=datetime.date(2026, 1, 1))
    LineFactory(event=school, kind=MaterialKind.BROCHURE, count=500)
    LineFactory(event=school, kind=MaterialKind.BOOKLET, count=100)
    LineFactory(event=school, kind=MaterialKind.POSTER, count=20)
    village = EventFactory(division=t["village_b"], target=Target.VILLAGES, participants=80,
                           date=datetime.date(2026, 12, 31))
    LineFactory(event=village, kind=MaterialKind.LEAFLET, count=40)
    EventFactory(division=t["county"], target=Target.AGENCIES, participants=50, date=datetime.date(2026, 5, 12))
    EventFactory(division=t["town_a"], target=Target.SCHOOLS, participants=999, date=datetime.date(2025, 12, 31))
    LineFactory(event=EventFactory(division=t["town_a"], date=datetime.date(2027, 1, 1)), count=999)
    deleted = EventFactory(division=t["town_b"], participants=999, date=datetime.date(2026, 3, 1))
    services.soft_delete(actor=None, obj=deleted)

    with django_assert_max_num_queries(8):
        report = selectors.yearly_report(t["county"], 2026)
    total = report.total
    assert (total.events, total.participants, total.brochures, total.materials) == (3, 430, 600, 660)
    assert total.by_kind[MaterialKind.POSTER] == 20
    targets = by_label(report.by_target)
    assert len(report.by_target) == 7
    assert (targets["进学校"].events, targets["进学校"].participants, targets["进学校"].brochures) == (1, 300, 600)
    assert (targets["进农村"].events, targets["进农村"].materials) == (1, 40)
    assert targets["进家庭"].events == 0
    divisions = by_label(report.by_division)
    assert [row.label for row in report.by_division] == [f"{t['county'].name}(本级)", t["town_a"].name,
                                                          t["town_b"].name]
    assert (divisions[t["town_a"].name].events, divisions[t["town_a"].name].brochures) == (1, 600)
    assert (divisions[t["town_b"].name].events, divisions[t["town_b"].name].participants) == (1, 80)
    assert divisions[f"{t['county'].name}(本级)"].participants == 50

    town = selectors.yearly_report(t["town_b"], 2026)
    assert [row.label for row in town.by_division] == [t["village_b"].name]
    assert selectors.yearly_report(t["county"], 2025).total.participants == 999
    assert selectors.yearly_report(t["county"], 2027).total.materials == 999


def test_leap_day_event_is_in_its_year(world):
    LineFactory(event=EventFactory(division=world.tree["town_a"], date=datetime.date(2028, 2, 29)), count=7)
    assert selectors.yearly_report(world.tree["county"], 2028).total.materials == 7


@pytest.mark.parametrize("role", list(Role))
def test_pages_open_for_each_role(client, world, role):
    LineFactory(event=EventFactory(division=world.tree["town_a"]))
    client.force_login(UserFactory(division=world.tree["county"], role=role))
    for name in ("publicity-totals", "publicity-events-list", "publicity-materials-list"):
        assert client.get(reverse(name)).status_code == 200, (role, name)


def test_totals_page_chart_and_export(client, world):
    LineFactory(event=EventFactory(division=world.tree["town_a"], target=Target.FAMILIES, participants=12,
                                   date=datetime.date(2026, 4, 1)), count=30)
    client.force_login(world.county_user)
    page = client.get(reverse("publicity-totals"), {"year": 2026})
    body = page.content.decode()
    assert "vendor/echarts/echarts.min.js" in body
    chart = json.loads(body.split('id="chart-data" type="application/json">')[1].split("</script>")[0])
    assert chart["targets"][6] == "进家庭" and chart["series"][1]["data"][6] == 12
    export = client.get(reverse("publicity-totals"), {"year": 2026, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert ("合计", world.tree["county"].name, 1, 12, 30, 30) == rows[-8][:6]
    client.force_login(world.user_a)
    assert client.get(reverse("publicity-totals"), {"division": world.tree["town_b"].code}).status_code == 404


def test_totals_page_flags_townships_below_the_yearly_quota(client, world):
    """Seed 004: each township holds at least EVENTS_PER_YEAR events a year; the county page says which do not."""
    t = world.tree
    for month in range(1, EVENTS_PER_YEAR + 1):
        EventFactory(division=t["town_a"], date=datetime.date(2026, month, 1))
    EventFactory(division=t["village_b"], date=datetime.date(2026, 3, 1))
    client.force_login(world.county_user)
    rows = client.get(reverse("publicity-totals"), {"year": 2026}).content.decode().split("<tr>")
    flag = f"未达{EVENTS_PER_YEAR}场"
    def row_of(town):
        return next(row for row in rows if f"?division={town.code}&" in row)

    assert flag not in row_of(t["town_a"])
    assert flag in row_of(t["town_b"])


def test_event_list_has_no_n_plus_1(client, world, django_assert_max_num_queries):
    for town in ("town_a", "town_b"):
        for _ in range(4):
            event = EventFactory(division=world.tree[town])
            LineFactory(event=event)
            LineFactory(event=event, kind=MaterialKind.POSTER, count=5)
    client.force_login(world.county_user)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("publicity-events-list"))
    assert len(page.context["rows"]) == 8
    with django_assert_max_num_queries(14):
        assert client.get(reverse("publicity-materials-list")).status_code == 200


def xlsx(header, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_event_import_names_the_bad_rows(client, world):
    client.force_login(world.user_a)
    header = ["所属区划", "活动名称", "活动形式", "七进对象", "活动日期", "参与人次"]
    town = world.tree["town_a"].code
    data = xlsx(header, [
        [town, "防灾减灾日宣传", "发放宣传册", "进社区", "2026-05-12", 200],
        [town, "七进不对", "讲座", "进月球", "2026-05-13", 20],
        [town, "人次为负", "讲座", "进学校", "2026-05-14", -1],
    ])
    file = io.BytesIO(data)
    file.name = "events.xlsx"
    response = client.post(reverse("publicity-events-import"), {"file": file})
    assert response.status_code == 400
    assert {row.line for row in response.context["result"].error_rows} == {3, 4}
    assert not PublicityEvent.objects.exists()


def test_api_filters_and_creates_with_lines(world):
    EventFactory(division=world.tree["town_a"], target=Target.SCHOOLS, date=datetime.date(2026, 3, 1))
    EventFactory(division=world.tree["town_b"], target=Target.SCHOOLS, date=datetime.date(2026, 3, 1))
    EventFactory(division=world.tree["town_a"], target=Target.FAMILIES, date=datetime.date(2025, 3, 1))
    root = reverse("api-v1:openapi-json").removesuffix("openapi.json")
    county = token_client(world.county_user)
    items = county.get(f"{root}publicity/events", {"division": world.tree["town_a"].code, "year": 2026,
                                                   "target": "schools"}).json()["items"]
    assert len(items) == 1 and items[0]["division"] == world.tree["town_a"].code
    mine = token_client(world.user_a)
    created = mine.post_json(f"{root}publicity/events", {
        "division": world.tree["village_a"].code, "title": "安全生产月", "kind": "exhibition", "target": "villages",
        "date": "2026-06-16", "participants": 150, "lines": [{"kind": "brochure", "count": 300},
                                                            {"kind": "poster", "count": 10}]})
    assert created.status_code == 201, created.content
    assert sorted(line["count"] for line in created.json()["lines"]) == [10, 300]
    assert mine.post_json(f"{root}publicity/events", {
        "division": world.tree["town_b"].code, "title": "越界", "kind": "lecture", "target": "schools",
        "date": "2026-06-16"}).status_code == 422
    totals = mine.get(f"{root}publicity/totals", {"division": world.tree["town_a"].code, "year": 2026}).json()
    assert totals["total"]["brochures"] == 300 and totals["total"]["events"] == 2
    other = token_client(world.user_b)
    assert other.get(f"{root}publicity/events/{created.json()['id']}").status_code == 404


def test_event_export_lists_the_users_subtree_with_materials(client, world):
    mine = EventFactory(division=world.tree["town_a"], title="本镇宣传")
    LineFactory(event=mine, kind=MaterialKind.BROCHURE, count=300)
    EventFactory(division=world.tree["town_b"], title="邻镇宣传")
    client.force_login(world.user_a)
    response = client.get(reverse("publicity-events-export"))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = rows[0]
    assert [row[header.index("活动名称")] for row in rows[1:]] == ["本镇宣传"]
    assert rows[1][header.index("七进对象")] and rows[1][header.index("发放资料(份)")] == "宣传手册300"
