"""Pages, attachments, the Word report, import, the API, attention and the demo."""

import datetime
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import Workbook, load_workbook

from yingji.api.tests.conftest import token_client
from yingji.core.attention import attention_for
from yingji.core.permissions import Role, has_permission
from yingji.divisions.models import Organisation
from yingji.divisions.tests.factories import OrganisationFactory, UserFactory, county_tree
from yingji.drills import demo, permissions, rules
from yingji.drills.models import Drill, DrillAttachment, ImprovementAction, PlanRevisionTrigger
from yingji.drills.tests.factories import action, drill
from yingji.plans.models import Plan
from yingji.plans.tests.factories import plan

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = timezone.localdate()


@pytest.fixture
def t():
    return county_tree()


def staff(t, where="town_a", role=Role.TOWNSHIP_STAFF):
    return UserFactory(division=t[where], role=role)


def published(division) -> Plan:
    p = plan(division, number="锁政发〔2025〕3号")
    Plan.all_objects.filter(pk=p.pk).update(status=Plan.Status.PUBLISHED)
    p.refresh_from_db()
    return p


@pytest.mark.parametrize("role", list(Role))
def test_pages_open_for_every_role_that_may_see_them(client, t, role):
    d = drill(t["town_a"], on=TODAY - datetime.timedelta(days=10), plans=[published(t["town_a"])])
    a = action(d, deadline=TODAY - datetime.timedelta(days=1))
    user = staff(t, "county", role)
    client.force_login(user)
    pages = [("drills-progress", [], permissions.DRILLS, "view"), ("drills-list", [], permissions.DRILLS, "view"),
             ("drills-detail", [d.pk], permissions.DRILLS, "view"),
             ("drills-report", [d.pk], permissions.DRILLS, "export"),
             ("drills-overdue", [], permissions.ACTIONS, "view"),
             ("drill-actions-detail", [a.pk], permissions.ACTIONS, "view")]
    for name, args, capability, needed in pages:
        expected = 200 if has_permission(user, capability.code, needed) else 403
        assert client.get(reverse(name, args=args)).status_code == expected, (role, name)
    if has_permission(user, permissions.DRILLS.code, "view"):
        body = client.get(reverse("drills-progress"), {"division": t["town_a"].code, "year": 2026}).content.decode()
        assert "锁南镇2026年演练指标完成情况" in body and "基层应急能力提升年" in body
        assert client.get(reverse("drills-progress"), {"division": "110000000000"}).status_code == 404


def test_drill_page_shows_evaluation_attachments_actions_and_revision_form(client, t):
    p = published(t["town_a"])
    d = drill(t["town_a"], plans=[p], findings="路线不清")
    action(d, description="补设转移路线标识")
    client.force_login(staff(t))
    body = client.get(reverse("drills-detail", args=[d.pk])).content.decode()
    assert "补设转移路线标识" in body and p.title in body
    assert reverse("drills-revise", args=[d.pk]) in body and reverse("drills-attach", args=[d.pk]) in body


def test_a_drill_list_of_many_rows_costs_the_same_queries_as_one(client, t, django_assert_max_num_queries):
    client.force_login(staff(t, "county", Role.COUNTY_STAFF))
    drill(t["town_a"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("drills-list")).status_code == 200
    for i in range(8):
        d = drill(t["town_b"] if i % 2 else t["village_a"], plans=[plan(t["town_b"])])
        d.participants.set([OrganisationFactory(division=t["county"])])
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("drills-list")).status_code == 200
    with django_assert_max_num_queries(len(one.captured_queries) + 2):
        assert client.get(reverse("drills-export")).status_code == 200
    for _ in range(5):
        action(Drill.objects.first())
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("drill-actions-list"))
        client.get(reverse("drills-overdue"))
    for _ in range(5):
        action(Drill.objects.last())
    with django_assert_max_num_queries(len(many.captured_queries)):
        client.get(reverse("drill-actions-list"))
        client.get(reverse("drills-overdue"))


def test_attachments_are_checked_by_content_and_size_and_served_only_in_scope(client, t, settings):
    d = drill(t["town_a"])
    client.force_login(staff(t))
    url = reverse("drills-attach", args=[d.pk])
    disguised = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\0" * 64, content_type="image/jpeg")
    client.post(url, {"file": disguised})
    renamed = SimpleUploadedFile("report.pdf", PNG, content_type="application/pdf")
    client.post(url, {"file": renamed})
    html = SimpleUploadedFile("x.png", b"<html><script>alert(1)</script>", content_type="image/png")
    client.post(url, {"file": html})
    big = SimpleUploadedFile("big.pdf", PDF + b"\0" * rules.MAX_ATTACHMENT_BYTES, content_type="application/pdf")
    client.post(url, {"file": big})
    assert not DrillAttachment.objects.exists()
    client.post(url, {"file": SimpleUploadedFile("现场.png", PNG, content_type="image/png")})
    client.post(url, {"file": SimpleUploadedFile("方案.PDF", PDF, content_type="application/octet-stream")})
    photo, pdf = DrillAttachment.objects.order_by("pk")
    assert (photo.content_type, pdf.content_type) == ("image/png", "application/pdf")
    assert photo.name == "现场.png" and "现场" not in photo.file.name
    assert not photo.file.path.startswith(str(settings.MEDIA_ROOT)) and os.path.exists(photo.file.path)
    response = client.get(reverse("drills-attachment", args=[d.pk, photo.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in client.get(reverse("drills-attachment", args=[d.pk, pdf.pk]))["Content-Disposition"]
    # Another township's staff get the same 404 as for a missing file.
    client.force_login(staff(t, "town_b"))
    assert client.get(reverse("drills-attachment", args=[d.pk, photo.pk])).status_code == 404
    # A village information officer may add photos from a phone but not remove them.
    officer = staff(t, "village_a", Role.INFO_OFFICER)
    village_drill = drill(t["village_a"])
    client.force_login(officer)
    client.post(reverse("drills-attach", args=[village_drill.pk]),
                {"file": SimpleUploadedFile("疏散.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 32)})
    assert village_drill.attachments.get().content_type == "image/jpeg"
    assert client.post(reverse("drills-attachment-delete", args=[village_drill.pk, village_drill.attachments.get().pk])
                       ).status_code == 403
    client.force_login(staff(t))
    client.post(reverse("drills-attachment-delete", args=[d.pk, photo.pk]))
    assert client.get(reverse("drills-attachment", args=[d.pk, photo.pk])).status_code == 404


def test_evaluation_and_revision_from_the_drill_page(client, t):
    p = published(t["town_a"])
    d = drill(t["town_a"], plans=[p])
    user = staff(t)
    client.force_login(user)
    client.post(reverse("drills-evaluate", args=[d.pk]), {"score": "82", "findings": "转移路线标识缺失",
                                                          "process": "09:00 发布预警", "evaluator": "评估组"})
    d.refresh_from_db()
    assert (d.score, d.findings, d.evaluated_on) == (82, "转移路线标识缺失", TODAY)
    client.post(reverse("drills-evaluate", args=[d.pk]), {"score": "120", "findings": "x"})
    d.refresh_from_db()
    assert d.score == 82
    response = client.post(reverse("drills-revise", args=[d.pk]), {"plan": p.pk, "finding": "转移路线标识缺失"})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == Plan.Status.REVISING and PlanRevisionTrigger.objects.get().plan == p
    page = client.get(reverse("drills-detail", args=[d.pk])).content.decode()
    assert "转移路线标识缺失" in page
    # The plan is no longer published: a second request is refused and nothing more is recorded.
    client.post(reverse("drills-revise", args=[d.pk]), {"plan": p.pk, "finding": "再次"})
    assert PlanRevisionTrigger.objects.count() == 1 and p.events.count() == 1


def test_word_report_opens_and_holds_the_facts(client, t):
    p = published(t["town_a"])
    police = OrganisationFactory(division=t["county"], kind=Organisation.Kind.DEPARTMENT, name="县公安局")
    d = drill(t["town_a"], plans=[p], place="锁南镇中学", people=120, teams=3, public_participants=300,
              process="08:30 发布暴雨预警\n09:00 组织转移", score=86, findings="预警到村用时过长",
              evaluator="县应急管理局评估组")
    d.participants.set([police])
    action(d, description="完善叫应机制", owner="锁南镇应急办", deadline=datetime.date(2027, 6, 30))
    client.force_login(staff(t))
    response = client.get(reverse("drills-report", args=[d.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for table in doc.tables for row in table.rows for c in row.cells)
    assert text.startswith(f"{d.title}评估报告")
    for heading in ("一、基本情况", "二、演练的预案", "三、参演单位和人员", "四、演练过程", "五、评估得分",
                    "六、发现的问题", "七、整改措施"):
        assert heading in text
    assert p.title in text and "锁政发〔2025〕3号" in text and "县公安局" in text
    assert "参演队伍3支，参演人员120人，群众参与300人" in text
    assert "09:00 组织转移" in text and "86分" in text and "预警到村用时过长" in text
    assert "锁南镇中学" in cells and "综合演练" in cells and "完善叫应机制" in cells and "2027年6月30日" in cells
    assert doc.sections[0].page_width == 7560310  # A4


def test_import_names_the_bad_rows_and_creates_nothing(client, t):
    user = staff(t)
    org = OrganisationFactory(division=t["town_a"], name="锁南镇应急办")
    client.force_login(user)
    template = client.get(reverse("drills-import") + "?template=1")
    header = [c.value for c in load_workbook(io.BytesIO(template.content)).active[1]]
    assert "演练名称" in header and "参演单位" in header

    def upload(rows):
        book = Workbook()
        sheet = book.active
        sheet.append(["所属区划", "组织单位", "演练名称", "演练类型", "联动内容", "日期", "事先通知", "演练的预案"])
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return client.post(reverse("drills-import"), {"file": SimpleUploadedFile("d.xlsx", buffer.getvalue())})

    bad = upload([[t["town_a"].code, org.name, "防汛演练", "综合演练", "", "2026-05-01", "是"],
                  [t["town_a"].code, org.name, "物资联动", "联合演练", "", "2026-06-01", "是"],
                  [t["town_b"].code, org.name, "越界演练", "综合演练", "", "2026-06-01", "是"]])
    assert bad.status_code == 400
    errors = {row.line: " ".join(row.errors) for row in bad.context["result"].error_rows}
    assert set(errors) == {3, 4}
    assert "联合演练须选择联动内容" in errors[3] and "所属区划" in errors[4]
    assert not Drill.objects.exists()
    flood = plan(t["town_a"], title="锁南镇防汛应急预案", number="锁政发〔2026〕3号")
    overall = plan(t["town_a"])
    good = upload([[t["town_a"].code, org.name, "防汛演练", "综合演练", "", "2026-05-01", "是", "锁南镇防汛应急预案"],
                   [t["town_a"].code, org.name, "物资联动", "联合演练", "物资保障", "2026-06-01", "是",
                    f"锁政发〔2026〕3号、{overall.title}"]])
    assert good.status_code == 200, good.context["result"].error_rows
    assert sorted(Drill.objects.values_list("title", flat=True)) == ["物资联动", "防汛演练"]
    # Plans are named in the file by title or document number, as people know them.
    assert list(Drill.objects.get(title="防汛演练").plans.all()) == [flood]
    assert set(Drill.objects.get(title="物资联动").plans.all()) == {flood, overall}


def test_api_lists_with_filters_progress_and_actions(t):
    county = staff(t, "county", Role.COUNTY_STAFF)
    p = published(t["town_a"])
    d = drill(t["town_a"], Drill.Kind.JOINT, on=datetime.date(2026, 5, 1), plans=[p])
    drill(t["town_b"], Drill.Kind.TABLETOP, on=datetime.date(2025, 5, 1))
    late = action(d, deadline=TODAY - datetime.timedelta(days=3))
    action(d, deadline=TODAY + datetime.timedelta(days=3))
    api = token_client(county)
    root = "/api/v1/drills"
    assert api.get(root).json()["count"] == 2
    assert [i["id"] for i in api.get(root, {"year": 2026}).json()["items"]] == [d.pk]
    assert [i["id"] for i in api.get(root, {"plan": p.pk}).json()["items"]] == [d.pk]
    assert api.get(root, {"kind": "tabletop"}).json()["count"] == 1
    assert api.get(root, {"division": t["town_b"].code}).json()["count"] == 1
    item = api.get(f"{root}/{d.pk}").json()
    assert item["plans"] == [p.pk] and item["joint_focus"] == "teams"
    progress = api.get(f"{root}/progress", {"year": 2026}).json()
    quotas = {q["code"]: q for q in progress["quotas"]}
    assert progress["division"] == t["county"].code
    assert quotas["county_joint"]["done"] == 1 and quotas["county_joint"]["required"] == 2
    assert quotas["plan_yearly"]["done"] == 1 and quotas["plan_yearly"]["source"]
    assert api.get(f"{root}/progress", {"division": "110000000000"}).status_code == 422
    assert [a["id"] for a in api.get(f"{root}/actions", {"overdue": True}).json()["items"]] == [late.pk]
    done = api.post_json(f"{root}/actions/{late.pk}/complete", {"result": "已完成"})
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert api.post_json(f"{root}/actions/{late.pk}/complete", {"result": "again"}).status_code == 400
    town_b = token_client(staff(t, "town_b"))
    assert town_b.get(f"{root}/{d.pk}").status_code == 404
    assert town_b.get(f"{root}/actions/{late.pk}").status_code == 404


def test_attention_shows_overdue_actions_and_in_the_last_quarter_unmet_quotas(t, monkeypatch):
    d = drill(t["town_a"], on=TODAY - datetime.timedelta(days=30))
    action(d, deadline=TODAY - datetime.timedelta(days=2))
    user = staff(t, "county", Role.COUNTY_STAFF)
    # Before the last quarter (no month reaches 13) unmet quotas are not flagged; from it (month 1) they are.
    monkeypatch.setattr(rules, "BEHIND_FROM_MONTH", 13)
    titles = {i.title: i.count for i in attention_for(user)}
    assert titles.get("逾期未完成的演练整改措施") == 1 and "本年度尚未完成的演练指标" not in titles
    monkeypatch.setattr(rules, "BEHIND_FROM_MONTH", 1)
    titles = {i.title: i.count for i in attention_for(user)}
    assert titles["本年度尚未完成的演练指标"] >= 4


def test_demo_is_idempotent_with_overdue_actions_and_unmet_quotas(t):
    said = []
    demo.load_demo(t["county"], said.append)
    counts = (Drill.objects.count(), ImprovementAction.objects.count())
    demo.load_demo(t["county"], said.append)
    assert (Drill.objects.count(), ImprovementAction.objects.count()) == counts
    assert counts[0] == len(demo.DRILLS)
    assert ImprovementAction.objects.filter(status="open", deadline__lt=TODAY).count() >= 2
    assert Drill.objects.get(kind=Drill.Kind.DOUBLE_BLIND).announced is False
    from yingji.drills import selectors

    year_rows = selectors.quota_progress(t["county"], TODAY.year)
    assert any(not row.met for row in year_rows)
