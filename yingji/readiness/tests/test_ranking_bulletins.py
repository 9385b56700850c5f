"""Ranking (排名) of a division's children with ties, its page, chart, export and API; bulletins (通报):
the snapshot, the comparison with the previous one, the Word document, listing, scoping and query counts."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from yingji.api.tests.conftest import token_client
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Role
from yingji.divisions.models import Division
from yingji.divisions.tests.factories import UserFactory, county_tree
from yingji.readiness import bulletins, selectors
from yingji.readiness.models import Bulletin
from yingji.readiness.rules import TOWNSHIP_SIX, VILLAGE_SIX
from yingji.readiness.selectors import RankRow, rank_in_place
from yingji.shelters.tests.factories import ShelterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    t = county_tree()
    # Town A gets a second village, and a third township (no villages) joins the county.
    t["village_a2"] = Division.objects.create(code=t["town_a"].code[:9] + "202", name="锁南二村", level="village",
                                              parent=t["town_a"])
    t["town_c"] = Division.objects.create(code=t["county"].code[:6] + "102000", name="那勒寺镇",
                                          level="township", parent=t["county"])
    return t


def _row(code, met, possible):
    return RankRow(Division(code=code, name=code, level="township"), met=met, possible=possible)


def test_ties_share_a_rank_and_the_next_rank_skips():
    rows = rank_in_place([_row("3", 2, 6), _row("1", 1, 3), _row("2", 3, 6), _row("4", 0, 0), _row("5", 4, 6)])
    assert [(r.division.code, r.rank) for r in rows] == [("5", 1), ("2", 2), ("1", 3), ("3", 3), ("4", None)]


def test_children_are_ranked_by_the_share_met_inside_them(tree):
    # Town A: one of its two villages has a shelter (1 of 12 ticks); town B's one village too (1 of 6).
    ShelterFactory(division=tree["village_a"])
    ShelterFactory(division=tree["village_b"])
    ranked = selectors.ranking(tree["county"], VILLAGE_SIX)
    assert [(r.division, r.rank, r.met, r.possible) for r in ranked.rows] == [
        (tree["town_b"], 1, 1, 6), (tree["town_a"], 2, 1, 12), (tree["town_c"], None, 0, 0)]
    ShelterFactory(division=tree["village_a2"])
    ranked = selectors.ranking(tree["county"], VILLAGE_SIX)
    assert [(r.division, r.rank) for r in ranked.rows][:2] == [(tree["town_a"], 1), (tree["town_b"], 1)]
    # A township scored by itself: each child is its own row.
    assert [r.scored for r in selectors.ranking(tree["county"], TOWNSHIP_SIX).rows] == [1, 1, 1]


def test_ranking_query_count_is_fixed(tree, django_assert_num_queries):
    with django_assert_num_queries(10):
        selectors.ranking(tree["county"], VILLAGE_SIX)
    for n in range(30):
        Division.objects.create(code=f"{tree['county'].code[:6]}{200 + n:03d}000", name=f"乡{n}", level="township",
                                parent=tree["county"])
    with django_assert_num_queries(10):
        selectors.ranking(tree["county"], VILLAGE_SIX)


def test_the_ranking_page_chart_export_and_api(client, tree):
    ShelterFactory(division=tree["village_b"])
    user = UserFactory(division=tree["county"], role=Role.COUNTY_STAFF)
    client.force_login(user)
    page = client.get(reverse("readiness-ranking"), {"standard": "village_six"})
    assert page.status_code == 200
    assert [r.division for r in page.context["page"]][:1] == [tree["town_b"]]
    assert page.context["chart"]["labels"][0] == tree["town_b"].name and 'id="ranking-chart"' in page.content.decode()
    sheet = load_workbook(io.BytesIO(client.get(reverse("readiness-ranking"),
                                                {"standard": "village_six", "format": "xlsx"}).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("排名", "区划代码", "名称") and rows[1][:3] == (1, tree["town_b"].code, "达板镇")
    body = token_client(user).get("/api/v1/readiness/ranking", {"standard": "village_six"}).json()
    assert [r["code"] for r in body["rows"]][0] == tree["town_b"].code and body["rows"][0]["rank"] == 1
    # Drilling down to a township ranks its villages; a township user cannot look at its sibling.
    down = client.get(reverse("readiness-ranking"), {"standard": "village_six", "division": tree["town_a"].code})
    assert {r.division for r in down.context["page"]} == {tree["village_a"], tree["village_a2"]}
    town_user = UserFactory(division=tree["town_a"], role=Role.TOWNSHIP_STAFF)
    client.force_login(town_user)
    assert client.get(reverse("readiness-ranking"), {"division": tree["town_b"].code}).status_code == 404
    assert token_client(town_user).get("/api/v1/readiness/ranking",
                                       {"division": tree["town_b"].code}).status_code == 404


def _move(bulletin, day):
    """An earlier bulletin: issued today, then dated back (issuing is always for today)."""
    Bulletin.objects.filter(pk=bulletin.pk).update(date=day)
    bulletin.date = day


def test_a_bulletin_keeps_the_snapshot_and_compares_with_the_previous_one(tree):
    user = UserFactory(division=tree["county"], role=Role.COUNTY_STAFF)
    today = timezone.localdate()
    first = bulletins.issue(actor=user, scope=tree["county"], standard=VILLAGE_SIX)
    _move(first, today - datetime.timedelta(days=14))
    assert first.snapshot["compliant"] == 0 and first.snapshot["gaps_total"] == 3
    assert [row["code"] for row in first.snapshot["ranking"]] == [tree["town_a"].code, tree["town_b"].code,
                                                                  tree["town_c"].code]
    assert bulletins.compare(first).previous is None
    ShelterFactory(division=tree["village_b"])
    second = bulletins.issue(actor=user, scope=tree["county"], standard=VILLAGE_SIX)
    # The first one is frozen: a later register change does not alter it.
    first.refresh_from_db()
    assert all(row["met"] == 0 for row in first.snapshot["ranking"])
    comparison = bulletins.compare(second)
    assert comparison.previous == first and comparison.compliant_change == 0 and comparison.fixed == 0
    town_b = next(c for c in comparison.rows if c.now["code"] == tree["town_b"].code)
    assert town_b.now["rank"] == 1 and town_b.delta == 16.7 and town_b.rank_change == 0
    with pytest.raises(ApplicationError):
        bulletins.issue(actor=user, scope=tree["county"], standard=VILLAGE_SIX)


def test_the_county_office_is_reminded_when_the_half_monthly_bulletin_is_due(tree):
    from yingji.core.attention import attention_for
    from yingji.readiness.rules import BULLETIN_EVERY_DAYS

    county = UserFactory(division=tree["county"], role=Role.COUNTY_STAFF)
    township = UserFactory(division=tree["town_a"], role=Role.TOWNSHIP_STAFF)

    def due(user):
        return [item for item in attention_for(user) if "通报到期" in str(item.title)]

    assert len(due(county)) == 1 and not due(township)  # never issued: due
    today = timezone.localdate()
    _move(bulletins.issue(actor=county, scope=tree["county"], standard=VILLAGE_SIX),
          today - datetime.timedelta(days=BULLETIN_EVERY_DAYS - 1))
    assert not due(county)
    Bulletin.objects.update(date=today - datetime.timedelta(days=BULLETIN_EVERY_DAYS))
    assert len(due(county)) == 1


def test_a_bulletin_is_issued_listed_shown_and_exported_to_word(client, tree):
    user = UserFactory(division=tree["county"], role=Role.COUNTY_STAFF)
    client.force_login(user)
    earlier = timezone.localdate() - datetime.timedelta(days=14)
    response = client.post(reverse("readiness-bulletins"), {"standard": "village_six"})
    first = Bulletin.objects.get()
    _move(first, earlier)
    assert response.status_code == 302
    ShelterFactory(division=tree["village_a"])
    client.post(reverse("readiness-bulletins"), {"standard": "village_six"})
    latest = Bulletin.objects.order_by("-date").first()
    listing = client.get(reverse("readiness-bulletins"))
    assert [b.pk for b in listing.context["page"]] == [latest.pk, first.pk]
    detail = client.get(reverse("readiness-bulletin", args=[latest.pk]))
    assert detail.status_code == 200 and detail.context["comparison"].previous == first
    word = client.get(reverse("readiness-bulletin-word", args=[latest.pk]))
    assert word["Content-Type"].startswith("application/vnd.openxmlformats")
    doc = Document(io.BytesIO(word.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert latest.title in text and "与上期" in text and "一、达标排名" in text
    ranking = doc.tables[0]
    assert [c.text for c in ranking.rows[0].cells][:2] == ["排名", "名称"]
    assert [c.text for c in ranking.rows[1].cells][1] == "锁南镇" and ranking.rows[1].cells[5].text == "+8.3"
    # Out of the user's subtree: 404 on the page, the document and the API; not listed.
    other = UserFactory(division=tree["town_b"], role=Role.TOWNSHIP_STAFF)
    client.force_login(other)
    assert client.get(reverse("readiness-bulletin", args=[latest.pk])).status_code == 404
    assert client.get(reverse("readiness-bulletin-word", args=[latest.pk])).status_code == 404
    assert list(client.get(reverse("readiness-bulletins")).context["page"]) == []
    api = token_client(other)
    assert api.get(f"/api/v1/readiness/bulletins/{latest.pk}").status_code == 404
    assert api.get("/api/v1/readiness/bulletins").json()["items"] == []


def test_the_bulletin_api_issues_lists_and_compares(tree):
    api = token_client(UserFactory(division=tree["county"], role=Role.COUNTY_STAFF))
    first = api.post("/api/v1/readiness/bulletins", {"standard": "village_six"}, content_type="application/json")
    assert first.status_code == 201
    _move(Bulletin.objects.get(pk=first.json()["id"]), timezone.localdate() - datetime.timedelta(days=14))
    ShelterFactory(division=tree["village_b"])
    created = api.post("/api/v1/readiness/bulletins", {"standard": "village_six"},
                       content_type="application/json")
    assert created.status_code == 201
    body = api.get(f"/api/v1/readiness/bulletins/{created.json()['id']}").json()
    assert body["previous_id"] is not None and body["ranking"][0]["code"] == tree["town_b"].code
    assert api.get("/api/v1/readiness/bulletins").json()["count"] == 2
    bad = api.post("/api/v1/readiness/bulletins", {"standard": "nine"}, content_type="application/json")
    assert bad.status_code == 422
    leader = token_client(UserFactory(division=tree["county"], role=Role.LEADER))
    assert leader.post("/api/v1/readiness/bulletins", {"standard": "village_six"},
                       content_type="application/json").status_code == 403


def test_a_read_only_role_sees_bulletins_but_cannot_issue_one(client, tree):
    client.force_login(UserFactory(division=tree["county"], role=Role.LEADER))
    assert client.get(reverse("readiness-bulletins")).status_code == 200
    assert client.post(reverse("readiness-bulletins"), {"standard": "village_six"}).status_code == 403
    assert not Bulletin.objects.exists()


@pytest.mark.parametrize("role", list(Role))
def test_every_readiness_page_opens_for_every_role(client, tree, role):
    bulletin = bulletins.issue(actor=None, scope=tree["county"], standard=VILLAGE_SIX)
    client.force_login(UserFactory(division=tree["county"], role=role))
    for name, args in (("readiness-ranking", []), ("readiness-performance", []), ("readiness-bulletins", []),
                       ("readiness-bulletin", [bulletin.pk]), ("readiness-bulletin-word", [bulletin.pk])):
        assert client.get(reverse(name, args=args)).status_code == 200, name
