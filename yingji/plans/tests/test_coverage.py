"""县、乡、村三级全覆盖 (seed 000): counts in the seed's sentence, the township × topic and village
matrices, gaps, the Excel export — in a fixed number of queries."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from yingji.core.permissions import Role
from yingji.divisions.models import Division
from yingji.divisions.tests.factories import UserFactory, county_tree, division
from yingji.plans import selectors
from yingji.plans.models import HazardTopic, Plan
from yingji.plans.tests.factories import made

pytestmark = pytest.mark.django_db
K, S = Plan.Kind, Plan.Status
REQUIRED = ["安全生产", "洪涝灾害", "消防安全", "地震", "地质灾害", "森林防火", "危化品", "疫情防控"]


@pytest.fixture
def tree():
    return county_tree()


def test_seed_000_counts_and_sentence(tree):
    county, town_a, town_b = tree["county"], tree["town_a"], tree["town_b"]
    made(county, K.OVERALL, title="县总体")
    for n in range(3):
        made(county, K.SPECIAL, title=f"县专项{n}")
    for n in range(2):
        made(county, K.DEPARTMENT, title=f"部门{n}")
    made(county, K.SPECIAL, status=S.DRAFT, title="草稿不算")
    made(county, K.SPECIAL, status=S.SUPERSEDED, title="废止不算")
    made(town_a, K.OVERALL, title="锁南总体")
    made(town_b, K.OVERALL, status=S.FILING, title="达板总体")
    made(town_a, K.SPECIAL, title="锁南防汛")
    made(tree["village_a"], K.COMBINED, title="村预案")
    made(tree["village_b"], K.ENTERPRISE, title="企业预案")
    cov = selectors.coverage(county)
    assert cov.count("county", K.OVERALL) == 1
    assert cov.count("county", K.SPECIAL) == 3
    assert cov.count("county", K.DEPARTMENT) == 2
    assert cov.count("township", K.OVERALL) == 2
    assert cov.basic_level == 3
    assert cov.sentence() == ("东乡族自治县共制定县级总体应急预案1个、县级专项应急预案3个、县级部门应急预案2个、"
                              "乡镇总体预案2个、乡镇专项应急预案、村(社区)、企业等基层应急预案3个。")
    assert selectors.coverage(town_a).sentence() == (
        "锁南镇共制定乡镇总体预案1个、乡镇专项应急预案、村(社区)、企业等基层应急预案2个。")


def test_township_topic_matrix_and_village_gaps(tree):
    assert [t.name for t in HazardTopic.objects.filter(township_required=True).order_by("name")] == sorted(REQUIRED)
    made(tree["town_a"], K.OVERALL, topics=REQUIRED[:6], title="锁南总体")
    made(tree["town_a"], K.SPECIAL, topics=["危化品"], title="锁南危化品")
    made(tree["town_a"], K.SPECIAL, topics=["疫情防控"], status=S.DRAFT, title="草稿不覆盖")
    made(tree["town_b"], K.OVERALL, topics=REQUIRED, title="达板总体")
    made(tree["village_a"], K.COMBINED, status=S.FILING, title="村预案")
    cov = selectors.coverage(tree["county"])
    rows = {t.name: {topic.name for topic, ok in cells if not ok} for t, cells in cov.township_rows()}
    assert rows == {"锁南镇": {"疫情防控"}, "达板镇": set()}
    assert {v.name: s for v, s in cov.village_rows()} == {"锁南村": "filing", "达板村": None}
    gaps = [(d.name, text) for d, text in cov.gaps]
    assert gaps == [("锁南镇", "缺少灾种预案：疫情防控"), ("达板村", "无“多案合一”综合应急预案")]
    assert cov.villages_covered == 1


def test_an_admin_added_required_topic_joins_the_matrix(tree):
    HazardTopic.objects.create(name="冰雪灾害", township_required=True)
    cov = selectors.coverage(tree["town_a"])
    assert "冰雪灾害" in [t.name for t in cov.topics]


def _grow(town, villages: int) -> None:
    for n in range(villages):
        village = division(town.code[:9] + str(300 + n).zfill(3), f"村{town.code[6:9]}{n}", "village", town)
        if n % 2:
            made(village, K.COMBINED, title=f"{village.name}预案", topics=["洪涝灾害"])


def test_coverage_needs_the_same_queries_for_ten_times_the_divisions(tree):
    made(tree["town_a"], K.OVERALL, topics=REQUIRED, title="锁南总体")
    _grow(tree["town_a"], 3)
    with CaptureQueriesContext(connection) as small:
        list(selectors.coverage(tree["county"]).gaps)
    for n in range(5):
        town = division(tree["county"].code[:6] + str(110 + n).zfill(3) + "000", f"新镇{n}", "township",
                        tree["county"])
        made(town, K.OVERALL, topics=REQUIRED[: n + 1], title=f"新镇{n}总体")
        _grow(town, 6)
    assert Division.objects.filter(level="village").count() > 30
    with CaptureQueriesContext(connection) as large:
        list(selectors.coverage(tree["county"]).gaps)
    assert len(large) == len(small) <= 7


def test_page_and_gap_export(client, tree):
    made(tree["town_a"], K.OVERALL, topics=REQUIRED, title="锁南总体")
    client.force_login(UserFactory(division=tree["county"], role=Role.COUNTY_STAFF))
    page = client.get(reverse("plans-coverage"))
    assert page.status_code == 200
    assert "乡镇总体预案1个" in page.content.decode()
    export = client.get(reverse("plans-coverage"), {"division": tree["county"].code, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    flat = [v for row in values for v in row if v]
    assert "达板镇" in flat and "锁南村" in flat and "达板村" in flat and "锁南镇" not in flat


def test_a_township_cannot_look_at_its_sibling(client, tree):
    client.force_login(UserFactory(division=tree["town_a"]))
    assert client.get(reverse("plans-coverage"), {"division": tree["town_b"].code}).status_code == 404
    assert client.get(reverse("plans-coverage"), {"division": tree["town_a"].code}).status_code == 200
    client.force_login(UserFactory(division=tree["county"], role=Role.INFO_OFFICER))
    assert client.get(reverse("plans-coverage")).status_code == 403
