"""The expert pool: private mobiles never public and masked below county roles, domain filter and
import, the participation log, query counts."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from yingji.api.tests.conftest import token_client
from yingji.core.imports import import_rows
from yingji.core.permissions import Role
from yingji.divisions.tests.factories import UserFactory, two_townships
from yingji.experts import selectors
from yingji.experts.models import Domain, Expert, ExpertEngagement
from yingji.experts.registers import ENGAGEMENTS, EXPERTS
from yingji.experts.tests.factories import EngagementFactory, ExpertFactory

pytestmark = pytest.mark.django_db

MOBILE = "13712345678"


@pytest.fixture
def world():
    return two_townships()


@pytest.fixture
def expert(world):
    expert = ExpertFactory(division=world.tree["town_a"], name="马专家", private_mobile=MOBILE,
                           office_phone="0930-7125678", title="正高级工程师", organisation="县自然资源局")
    expert.domains.add(Domain.objects.get(code="geology"), Domain.objects.get(code="flood"))
    EngagementFactory(expert=expert, subject="滑坡隐患会商")
    return expert


def xlsx(header, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_mask_keeps_the_ends_only():
    assert selectors.mask_phone(MOBILE) == "137****5678"
    assert selectors.mask_phone("") == "" and selectors.mask_phone("12345") == "*****"


def test_public_page_shows_public_fields_and_never_a_phone(client, expert):
    body = client.get(reverse("experts-public")).content.decode()
    for public in ("马专家", "地质灾害", "防汛", "正高级工程师", "县自然资源局", "县级"):
        assert public in body
    for secret in (MOBILE, "137****5678", "0930-7125678", "滑坡隐患会商"):
        assert secret not in body
    assert "马专家" not in client.get(reverse("experts-public"), {"domain": "law"}).content.decode()


@pytest.mark.parametrize(("role", "full"), [(Role.COUNTY_STAFF, True), (Role.DUTY_OFFICER, True),
                                            (Role.ADMIN, True), (Role.TOWNSHIP_STAFF, False), (Role.LEADER, False)])
def test_private_mobile_in_full_only_on_the_detail_and_api_of_county_roles(client, world, expert, role, full):
    user = UserFactory(division=world.tree["county"], role=role)
    client.force_login(user)
    listing = client.get(reverse("experts-list")).content.decode()
    assert MOBILE not in listing and "137****5678" in listing
    export = client.get(reverse("experts-export"))
    cells = {c for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True) for c in row}
    assert MOBILE not in cells and "137****5678" in cells
    detail = client.get(reverse("experts-detail", args=[expert.pk]))
    assert detail.context["private_mobile"] == (MOBILE if full else "137****5678")
    assert (MOBILE in detail.content.decode()) is full
    api = token_client(user)
    assert api.get(f"/api/v1/experts/{expert.pk}").json()["private_mobile"] == (MOBILE if full else "137****5678")
    assert {e["private_mobile"] for e in api.get("/api/v1/experts").json()["items"]} == {
        MOBILE if full else "137****5678"}


def test_the_api_refuses_the_public(client, expert):
    assert client.get("/api/v1/experts").status_code == 401
    assert client.get(f"/api/v1/experts/{expert.pk}").status_code == 401


def test_list_filters_by_domain_without_n_plus_1(client, world, expert, django_assert_max_num_queries):
    for i in range(6):
        other = ExpertFactory(division=world.tree["town_a"], name=f"法律专家{i}")
        other.domains.add(Domain.objects.get(code="law"), Domain.objects.get(code="negotiation"))
    client.force_login(world.user_a)
    with django_assert_max_num_queries(12):
        assert len(client.get(reverse("experts-list")).context["rows"]) == 7
    rows = client.get(reverse("experts-list"), {"domain": "geology"}).context["rows"]
    assert [obj.name for obj, _cells in rows] == ["马专家"]
    export = client.get(reverse("experts-export"), {"domain": "law"})
    assert load_workbook(io.BytesIO(export.content)).active.max_row == 7
    api = token_client(world.user_a)
    with django_assert_max_num_queries(10):
        assert len(api.get("/api/v1/experts").json()["items"]) == 7
    assert [e["name"] for e in api.get("/api/v1/experts", {"domain": "geology"}).json()["items"]] == ["马专家"]


def test_import_checks_domains_and_engagements_keep_to_the_subtree(world, expert):
    header = ["所属区划", "姓名", "专业领域", "职称", "专家级别", "本人手机"]
    result = import_rows(EXPERTS, actor=world.user_a, data=xlsx(header, [
        ["锁南镇", "韩专家", "危化品、工贸", "高级工程师", "市级", "13900001111"],
        ["锁南镇", "李专家", "占卜", "", "县级", ""]]))
    assert not result.applied and [r.line for r in result.error_rows] == [3]
    assert "专业领域" in result.rows[1].errors[0] and "占卜" in result.rows[1].errors[0]
    result = import_rows(EXPERTS, actor=world.user_a, data=xlsx(header, [
        ["锁南镇", "韩专家", "危化品、工贸", "高级工程师", "市级", "13900001111"]]))
    assert result.applied
    assert {d.code for d in Expert.objects.get(name="韩专家").domains.all()} == {"hazchem", "industry_trade"}

    other = ExpertFactory(division=world.tree["town_b"], name="达板专家")
    result = import_rows(ENGAGEMENTS, actor=world.user_a, data=xlsx(["专家", "参与方式", "日期", "事项"], [
        ["马专家", "专家组年会", "2026-03-01", "年会"], [other.name, "会商研判", "2026-03-02", "会商"]]))
    assert [r.line for r in result.error_rows] == [3]


def test_engagements_through_the_api_take_the_experts_division(world, expert):
    client = token_client(world.user_a)
    created = client.post_json("/api/v1/experts/engagements", {"expert": expert.pk, "kind": "incident",
                                                                "date": "2026-07-02", "subject": "山洪处置"})
    assert created.status_code == 201 and created.json()["division"] == world.tree["town_a"].code
    other = ExpertFactory(division=world.tree["town_b"])
    assert client.post_json("/api/v1/experts/engagements", {"expert": other.pk, "kind": "incident",
                                                            "date": "2026-07-02", "subject": "x"}).status_code == 422
    listed = client.get("/api/v1/experts/engagements", {"expert": expert.pk, "kind": "incident"}).json()["items"]
    assert [e["subject"] for e in listed] == ["山洪处置"]
    renamed = client.patch_json(f"/api/v1/experts/engagements/{listed[0]['id']}", {"subject": "山洪灾害处置"})
    assert renamed.status_code == 200 and renamed.json()["subject"] == "山洪灾害处置"
    moved = client.patch_json(f"/api/v1/experts/{expert.pk}", {"division": world.tree["village_a"].code,
                                                               "domains": ["law"]})
    assert moved.status_code == 200 and moved.json()["domains"] == ["law"]
    assert set(ExpertEngagement.objects.values_list("division__code", flat=True)) == {world.tree["village_a"].code}
    assert client.post_json("/api/v1/experts", {"division": world.tree["town_a"].code, "name": "x",
                                                "domains": ["astrology"]}).status_code == 422


def test_expert_detail_lists_engagements_in_a_bounded_number_of_queries(client, world, expert,
                                                                        django_assert_max_num_queries):
    for i in range(6):
        EngagementFactory(expert=expert, subject=f"会商{i}")
    client.force_login(world.user_a)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("experts-detail", args=[expert.pk]))
    assert page.status_code == 200 and "会商5" in page.content.decode()
