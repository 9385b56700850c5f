"""The generic register import, exercised on the people register: a template, per-row errors in
Chinese, all-or-nothing, valid rows only, the user's subtree, and the same audit as a hand entry."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from yingji.audit.models import AuditEntry
from yingji.core.imports import import_rows
from yingji.core.permissions import Role
from yingji.core.registers import get_register
from yingji.divisions.models import Person
from yingji.divisions.tests.factories import UserFactory, two_townships

pytestmark = pytest.mark.django_db

HEADER = ["所属区划", "所在机构", "姓名", "手机", "用工性质"]


def xlsx(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, data: bytes, **extra):
    file = io.BytesIO(data)
    file.name = "people.xlsx"
    return client.post(reverse("people-import"), {"file": file, **extra})


def test_template_has_the_form_columns_and_a_sheet_of_allowed_values(client):
    world = two_townships()
    client.force_login(world.user_a)
    response = client.get(reverse("people-import"), {"template": "1"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    header = [c.value for c in book.worksheets[0][1]]
    assert header[:5] == ["所属区划", "所在机构", "姓名", "手机", "固定电话"]
    notes = {row[0]: row for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert notes["用工性质"][2] == "专职、兼职、志愿者"
    assert notes["姓名"][1] == "是"


def test_rows_are_created_through_the_service_with_codes_names_and_labels(client):
    world = two_townships()
    client.force_login(world.user_a)
    town = world.tree["town_a"]
    before = Person.objects.count()
    data = xlsx([
        [town.code, world.org_a.name, "马小军", "13900000001", "专职"],
        [town.name, "", "马小兰", 13900000002, "volunteer"],
        [None, None, "默认区划", None, None],
    ])
    response = upload(client, data)
    assert response.status_code == 200, response.content.decode()
    assert Person.objects.count() == before + 3
    junior = Person.objects.get(name="马小军")
    assert (junior.division, junior.organisation, junior.employment) == (town, world.org_a, "full_time")
    assert Person.objects.get(name="马小兰").mobile == "13900000002"
    assert Person.objects.get(name="默认区划").division == world.tree["town_a"]
    assert AuditEntry.objects.filter(action="divisions.person.created", object_repr="马小军").exists()


def test_one_bad_row_imports_nothing_and_names_its_line_and_column(client):
    world = two_townships()
    client.force_login(world.user_a)
    before = Person.objects.count()
    data = xlsx([
        [world.tree["town_a"].code, "", "甲", "13900000001", "专职"],
        [world.tree["town_a"].code, "", "乙", "123", "专职"],
        [world.tree["town_b"].code, "", "丙", "", "专职"],   # a sibling township: outside the subtree
        [world.tree["town_a"].code, "", "", "", "临时工"],
    ])
    response = upload(client, data)
    assert response.status_code == 400
    assert Person.objects.count() == before
    result = response.context["result"]
    errors = {row.line: " ".join(row.errors) for row in result.error_rows}
    assert set(errors) == {3, 4, 5}
    assert errors[3].startswith("手机：")
    assert errors[4].startswith("所属区划：")
    assert "姓名：" in errors[5] and "用工性质：" in errors[5]
    assert "未导入任何数据" in response.content.decode()


def test_valid_only_imports_the_good_rows(client):
    world = two_townships()
    client.force_login(world.user_a)
    before = Person.objects.count()
    data = xlsx([[world.tree["town_a"].code, "", "甲", "", "专职"], [world.tree["town_a"].code, "", "乙", "123", ""]])
    response = upload(client, data, valid_only="on")
    assert response.status_code == 200
    assert Person.objects.count() == before + 1
    assert [row.line for row in response.context["result"].error_rows] == [3]


def test_a_name_matching_two_records_must_be_given_by_code():
    world = two_townships(role=Role.COUNTY_STAFF)
    county_user = world.county_user
    world.tree["town_b"].name = world.tree["town_a"].name
    world.tree["town_b"].save()
    result = import_rows(get_register("people"), actor=county_user,
                         data=xlsx([[world.tree["town_a"].name, "", "甲", "", ""]]))
    assert not result.applied
    assert "请改填代码" in result.error_rows[0].errors[0]


def test_files_that_cannot_be_read_or_have_unknown_columns_are_refused_whole(client):
    world = two_townships()
    client.force_login(world.user_a)
    response = upload(client, b"MZ\x90\x00 not a workbook")
    assert "无法读取文件" in response.content.decode()
    result = import_rows(get_register("people"), actor=world.user_a, data=xlsx([["x"]], header=["身高"]))
    assert result.file_errors == ["不认识的列“身高”。", "缺少必填列：姓名。"]


def test_roles_without_import_are_refused():
    world = two_townships()
    reader = UserFactory(division=world.tree["town_a"], role=Role.LEADER)
    from django.test import Client

    client = Client()
    client.force_login(reader)
    assert client.get(reverse("people-import")).status_code == 403
    assert upload(client, xlsx([])).status_code == 403


def test_a_person_sharing_a_name_is_named_by_mobile():
    from yingji.divisions.models import Membership
    from yingji.divisions.tests.factories import PersonFactory

    world = two_townships()
    town = world.tree["town_a"]
    PersonFactory(division=town, name="马建国", mobile="13900000011")
    second = PersonFactory(division=town, name="马建国", mobile="13900000012")
    header = ["机构", "人员", "职责"]
    ambiguous = import_rows(get_register("memberships"), actor=world.user_a,
                            data=xlsx([[world.org_a.name, "马建国", "成员"]], header=header))
    assert not ambiguous.applied and "人员填手机号" in ambiguous.error_rows[0].errors[0]
    result = import_rows(get_register("memberships"), actor=world.user_a,
                         data=xlsx([[world.org_a.name, "13900000012", "成员"]], header=header))
    assert result.applied, result.error_rows
    assert Membership.objects.filter(organisation=world.org_a, person=second).exists()
