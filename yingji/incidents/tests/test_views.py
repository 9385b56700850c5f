"""Pages and API: the phone form (idempotent), the event page, immutability, exports, query counts."""

import datetime
import io
import uuid
from functools import partial

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from yingji.api.tests.conftest import token_client
from yingji.audit.models import AuditEntry
from yingji.core.tests.concurrency import race
from yingji.incidents.models import Event, Obligation, Receipt, Report
from yingji.incidents.tests.factories import event_with_first_report, report_data, tree, users

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    t = tree()
    return t, users(t)


def field_post(division, key, **extra):
    data = {"client_key": str(key), "category": "natural", "subtype": "geological", "division": division.pk,
            "occurred_at": timezone.localtime(timezone.now() - datetime.timedelta(minutes=3)).strftime(
                "%Y-%m-%dT%H:%M"),
            "nature": "山体滑坡，道路中断", "deaths": 0, "missing": 0, "injured": 1, "trapped": 0}
    data.update(extra)
    return data


def test_field_form_submits_a_first_report_once_per_client_key(client, world):
    t, u = world
    client.force_login(u["village"])
    assert client.get(reverse("incidents-field")).status_code == 200
    key = uuid.uuid4()
    first = client.post(reverse("incidents-field"), field_post(t["village_a"], key), HTTP_ACCEPT="application/json")
    assert first.status_code == 201, first.content
    again = client.post(reverse("incidents-field"), field_post(t["village_a"], key), HTTP_ACCEPT="application/json")
    assert again.status_code == 200 and again.json()["report"] == first.json()["report"]
    assert Report.objects.count() == 1 and Event.objects.count() == 1
    report = Report.objects.get()
    assert report.kind == "first" and report.injured == 1
    assert Receipt.objects.get().division == t["town_a"]


def test_field_form_refuses_future_negative_and_foreign_places(client, world):
    t, u = world
    client.force_login(u["village"])
    future = timezone.localtime(timezone.now() + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("incidents-field"), field_post(t["village_a"], uuid.uuid4(), occurred_at=future))
    assert response.status_code == 400 and "发生时间不能晚于当前时间" in response.content.decode()
    response = client.post(reverse("incidents-field"), field_post(t["village_a"], uuid.uuid4(), deaths=-1))
    assert response.status_code == 400 and "不能为负数" in response.content.decode()
    response = client.post(reverse("incidents-field"), field_post(t["village_b"], uuid.uuid4()))
    assert response.status_code == 400
    assert not Event.objects.exists()


def test_event_page_shows_the_chain_and_countdowns(client, world):
    t, u = world
    event = event_with_first_report(u["village"], t["village_a"])
    client.force_login(u["township"])
    page = client.get(reverse("incidents-detail", args=[event.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "首报" in text and "data-due" in text and "RPT-NAT-DIS-T" in text
    receipt = Receipt.objects.get(division=t["town_a"])
    response = client.post(reverse("incidents-receipt-action", args=[receipt.pk, "forward"]))
    assert response.status_code == 302 and Receipt.objects.filter(division=t["county"]).exists()


def test_ui_edit_of_a_report_is_refused_and_audited(client, world):
    t, u = world
    event = event_with_first_report(u["village"], t["village_a"])
    report = Report.objects.get(event=event)
    client.force_login(u["village"])
    response = client.post(reverse("incident-reports-edit", args=[report.pk]), {"nature": "x"})
    assert response.status_code == 409 and "不可修改" in response.content.decode()
    assert AuditEntry.objects.filter(action="incidents.report.edit_refused", object_pk=str(report.pk)).count() == 1


def test_api_edit_of_a_report_is_refused_and_audited(world):
    t, u = world
    event = event_with_first_report(u["village"], t["village_a"])
    report = Report.objects.get(event=event)
    api = token_client(u["village"])
    response = api.patch_json(f"/api/v1/incidents/reports/{report.pk}", {"nature": "改写"})
    assert response.status_code == 409 and response.json()["code"] == "immutable"
    assert Report.objects.get(pk=report.pk).nature == report.nature
    assert AuditEntry.objects.filter(action="incidents.report.edit_refused", success=False).count() == 1


def test_api_report_create_is_idempotent_on_client_key(world):
    t, u = world
    event = event_with_first_report(u["village"], t["village_a"])
    api = token_client(u["village"])
    key = str(uuid.uuid4())
    body = {"event": event.pk, "kind": "followup", "client_key": key,
            **{k: (v.isoformat() if hasattr(v, "isoformat") else str(v) if k == "economic_loss" else v)
               for k, v in report_data(occurred_at=event.occurred_at).items()}}
    first = api.post_json("/api/v1/incidents/reports", body)
    assert first.status_code == 201, first.content
    again = api.post_json("/api/v1/incidents/reports", body)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Report.objects.filter(event=event).count() == 2


def test_word_and_excel_exports(client, world):
    t, u = world
    event = event_with_first_report(u["village"], t["village_a"])
    report = Report.objects.get(event=event)
    client.force_login(u["county"])
    response = client.get(reverse("incident-reports-word", args=[report.pk]))
    doc = Document(io.BytesIO(response.content))
    assert doc.paragraphs[0].text == "突发事件信息报告单"
    cells = [row.cells[1].text for row in doc.tables[0].rows]
    assert "锁南村二社" in cells and report.nature in cells
    ledger = client.get(reverse("incidents-export"))
    assert load_workbook(io.BytesIO(ledger.content)).active.max_row == 2
    Obligation.objects.update(due_at=timezone.now() - datetime.timedelta(hours=1))
    stats = client.get(reverse("incidents-timeliness"), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(stats.content)).active.values)
    assert rows[0][0] == "区划代码" and any(r[0] == t["village_a"].code for r in rows[1:])


def test_timeliness_counts_on_time_late_and_missing(client, world):
    t, u = world
    event = event_with_first_report(u["village"], t["village_a"])
    Obligation.objects.filter(event=event, division=t["town_a"]).update(
        due_at=timezone.now() - datetime.timedelta(minutes=5))
    client.force_login(u["county"])
    stats = {s.code: s for s in client.get(reverse("incidents-timeliness")).context["stats"]}
    assert (stats[t["village_a"].code].on_time, stats[t["village_a"].code].rate) == (1, 100.0)
    assert stats[t["town_a"].code].late == 1 and stats[t["town_a"].code].rate == 0.0


def test_event_ledger_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    t, u = world
    client.force_login(u["county"])
    event_with_first_report(u["village"], t["village_a"])
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("incidents-list"))
    for _ in range(15):
        event_with_first_report(u["village"], t["village_a"])
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("incidents-list"))
    with django_assert_max_num_queries(len(one.captured_queries) + 2):
        client.get(reverse("incident-obligations-list"))


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_never_create_a_second_report():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent transactions (set DATABASE_URL)")
    t = tree()
    u = users(t)
    key = uuid.uuid4()
    from yingji.incidents import services
    from yingji.incidents.tests.factories import event_data

    data = {**event_data(t["village_a"]), **report_data()}
    results = race(*[partial(services.report_field_submit, actor=u["village"], data=data, client_key=key)] * 6)
    assert Report.objects.filter(client_key=key).count() == 1
    assert Event.objects.count() == 1
    assert len({report.pk for report, _created in results}) == 1
    assert sum(created for _report, created in results) == 1


def test_admin_edits_a_deadline_rule_and_others_cannot(client, world):
    from yingji.core.permissions import Role
    from yingji.divisions.tests.factories import UserFactory
    from yingji.incidents.models import DeadlineRule

    t, u = world
    rule = DeadlineRule.objects.get(code="RPT-ACC-LEVEL-X")
    client.force_login(u["county"])
    assert client.get(reverse("incidents-rules")).status_code == 200
    assert client.post(reverse("incidents-rule-update", args=[rule.pk]), {}).status_code == 403
    admin = UserFactory(division=t["province"], role=Role.ADMIN)
    client.force_login(admin)
    form = {f: getattr(rule, f) for f in ("code", "kind", "category", "subtype", "severity", "from_level", "to_level",
                                          "channel", "at_times", "clock", "province_code", "source")}
    response = client.post(reverse("incidents-rule-update", args=[rule.pk]),
                           {**form, "minutes": 90, "min_dead_missing": "", "is_active": "on"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.minutes == 90
    assert AuditEntry.objects.filter(action="incidents.deadlinerule.updated").exists()
    bad = client.post(reverse("incidents-rule-update", args=[rule.pk]),
                      {**form, "minutes": "", "at_times": "", "min_dead_missing": "", "is_active": "on"})
    assert bad.status_code == 400 and "必须且只能填写一项" in bad.content.decode()


def test_scan_command_reports_what_it_flagged(world):
    from django.core.management import call_command

    t, u = world
    from yingji.incidents import services
    from yingji.incidents.tests.factories import event_data

    event = services.event_create(actor=u["village"], data=event_data(t["village_a"]))
    Obligation.objects.filter(event=event).update(due_at=timezone.now() - datetime.timedelta(minutes=1))
    out = io.StringIO()
    call_command("incidents_scan", "--division", t["county"].code, stdout=out)
    assert out.getvalue().strip() == "near=0 late=1 missing=0"


def test_field_form_keeps_a_photo_and_refuses_other_files(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    t, u = world
    client.force_login(u["village"])
    photo = SimpleUploadedFile("scene.jpg", b"\xff\xd8\xff\xe0fakejpeg", content_type="image/jpeg")
    response = client.post(reverse("incidents-field"), {**field_post(t["village_a"], uuid.uuid4()), "photo": photo},
                           HTTP_ACCEPT="application/json")
    assert response.status_code == 201
    assert Report.objects.get().photo.name.endswith(".jpg")
    script = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(reverse("incidents-field"), {**field_post(t["village_a"], uuid.uuid4()), "photo": script})
    assert response.status_code == 400 and Report.objects.count() == 1
