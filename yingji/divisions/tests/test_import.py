from pathlib import Path

import pytest
from openpyxl import Workbook

from yingji.audit.models import AuditEntry
from yingji.core.exceptions import ApplicationError
from yingji.divisions.imports import division_import, read_table
from yingji.divisions.models import Division
from yingji.divisions.tests.factories import county_tree

pytestmark = pytest.mark.django_db

DEMO_CSV = Path(__file__).resolve().parents[1] / "data" / "divisions-dongxiang-622926.csv"

GOOD = [
    {"code": "620000000000", "name": "甘肃省", "level": "province", "parent_code": ""},
    {"code": "622900000000", "name": "临夏回族自治州", "level": "city", "parent_code": "620000000000"},
    {"code": "622926000000", "name": "东乡族自治县", "level": "county", "parent_code": "622900000000"},
    {"code": "622926100000", "name": "锁南镇", "level": "township", "parent_code": "622926000000"},
    {"code": "622926100201", "name": "某村", "level": "village", "parent_code": "622926100000"},
]


def test_imports_the_real_demo_county_and_reimport_adds_nothing():
    rows = read_table(DEMO_CSV.read_bytes(), DEMO_CSV.name)
    first = division_import(actor=None, raw_rows=rows)
    assert first.applied and first.error_rows == []
    assert Division.objects.filter(level="township").count() == 24
    assert Division.objects.filter(level="village").count() == 208
    second = division_import(actor=None, raw_rows=rows)
    assert (second.created, second.updated, second.unchanged) == (0, 0, len(rows))
    assert Division.objects.count() == len(rows)


def test_reimport_updates_names_and_audits_the_change():
    division_import(actor=None, raw_rows=GOOD)
    renamed = [dict(r) for r in GOOD]
    renamed[4]["name"] = "新名村"
    result = division_import(actor=None, raw_rows=renamed)
    assert (result.created, result.updated) == (0, 1)
    assert Division.objects.get(code="622926100201").name == "新名村"
    entry = AuditEntry.objects.get(action="divisions.division.updated")
    assert entry.changes == {"name": ["某村", "新名村"]}


BAD = [
    *GOOD,
    {"code": "62292610020", "name": "短码村", "level": "village", "parent_code": "622926100000"},
    {"code": "622926100202", "name": "无父村", "level": "village", "parent_code": "622926199000"},
    {"code": "622926100201", "name": "重复村", "level": "village", "parent_code": "622926100000"},
    {"code": "622926101000", "name": "层级错", "level": "village", "parent_code": "622926000000"},
    {"code": "622926100203", "name": "", "level": "village", "parent_code": "622926100000"},
]


def test_every_bad_row_gets_its_own_message_and_nothing_is_imported():
    result = division_import(actor=None, raw_rows=BAD)
    assert not result.applied
    assert Division.objects.count() == 0
    errors = {row.line: " ".join(row.errors) for row in result.error_rows}
    assert set(errors) == {7, 8, 9, 10, 11}
    assert "12位数字" in errors[7]
    assert "不存在" in errors[8]
    assert "重复" in errors[9]
    assert "不符" in errors[10]
    assert "名称不能为空" in errors[11]


def test_valid_rows_only_when_the_user_chooses_so():
    result = division_import(actor=None, raw_rows=BAD, valid_only=True)
    assert result.applied and result.created == 5
    assert not Division.objects.filter(name__in=["短码村", "无父村", "层级错"]).exists()


def test_rows_outside_the_importers_jurisdiction_are_refused():
    tree = county_tree()
    rows = [{"code": "622926101202", "name": "越界村", "level": "village", "parent_code": tree["town_b"].code}]
    result = division_import(actor=None, raw_rows=rows, within=tree["town_a"])
    assert not result.applied
    assert "管辖范围" in result.error_rows[0].errors[0]


def test_reads_excel_with_chinese_headers():
    book = Workbook()
    sheet = book.active
    sheet.append(["区划代码", "名称", "层级", "上级代码"])
    sheet.append(["620000000000", "甘肃省", "省", None])
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    assert read_table(buffer.getvalue(), "d.xlsx") == [
        {"code": "620000000000", "name": "甘肃省", "level": "省", "parent_code": ""}]


def test_rejects_files_without_the_required_columns():
    with pytest.raises(ApplicationError) as exc:
        read_table("名称\n甘肃省\n".encode(), "d.csv")
    assert "缺少必需的列" in str(exc.value.message)


def test_import_page_shows_row_errors(client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from yingji.core.permissions import Role
    from yingji.divisions.tests.factories import UserFactory

    tree = county_tree()
    client.force_login(UserFactory(division=tree["county"], role=Role.COUNTY_STAFF))
    csv = "code,name,level,parent_code\n622926100209,好村,village,622926100000\n6229261002,坏村,village,622926100000\n"
    response = client.post(reverse("division-import"), {"file": SimpleUploadedFile("d.csv", csv.encode())})
    assert response.status_code == 400
    assert "12位数字" in response.content.decode()
    assert not Division.objects.filter(code="622926100209").exists()
    response = client.post(reverse("division-import"), {"file": SimpleUploadedFile("d.csv", csv.encode()),
                                                        "valid_only": "on"})
    assert response.status_code == 200
    assert Division.objects.filter(code="622926100209").exists()
