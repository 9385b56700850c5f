"""Work reports: due dates, scheduling, one submission per due, lateness, overdue lists and rates."""

import io
from datetime import date, datetime
from functools import partial
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from yingji.audit.models import AuditEntry
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Role
from yingji.core.tests.concurrency import race_codes
from yingji.divisions.tests.factories import UserFactory, county_tree
from yingji.workreports import periods, rules, selectors, services
from yingji.workreports.models import ReportDue, Submission
from yingji.workreports.tests.factories import campaign, content, due, quarterly, seeded

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BEIJING)


@pytest.fixture
def tree():
    return county_tree()


@pytest.fixture
def town_staff(tree):
    return UserFactory(division=tree["town_a"], role=Role.TOWNSHIP_STAFF)


@pytest.fixture
def county_staff(tree):
    return UserFactory(division=tree["county"], role=Role.COUNTY_STAFF)


# Periods and due dates ----------------------------------------------------------------------------

def test_quarters_cover_the_year_and_q4_is_due_in_the_next_year():
    q = periods.quarters(2026)
    assert [(p.start, p.end) for p in q] == [
        (date(2026, 1, 1), date(2026, 3, 31)), (date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 7, 1), date(2026, 9, 30)), (date(2026, 10, 1), date(2026, 12, 31))]
    assert q[3].label == "2026年第4季度"
    assert periods.due_date(q[0].end, rules.QUARTERLY_DUE_DAYS) == date(2026, 4, 15)  # 下一季度15日前
    assert periods.due_date(q[3].end, rules.QUARTERLY_DUE_DAYS) == date(2027, 1, 15)
    assert periods.due_date(periods.annual(2026).end, rules.ANNUAL_DUE_DAYS) == date(2027, 1, 31)


def test_weeks_are_iso_weeks_clipped_to_the_campaign_across_the_year_end():
    spans = periods.weeks(date(2026, 12, 23), date(2027, 1, 6))
    assert [(p.label, p.start, p.end) for p in spans] == [
        ("2026年第52周", date(2026, 12, 23), date(2026, 12, 27)),
        ("2026年第53周", date(2026, 12, 28), date(2027, 1, 3)),
        ("2027年第1周", date(2027, 1, 4), date(2027, 1, 6))]


def test_seeded_templates_carry_their_sections_and_sources():
    template = quarterly()
    assert template.sections == ["工作动态", "组织体系", "预案编制", "队伍建设", "宣传培训", "预案演练"]
    assert template.cadence == "quarterly" and "001" in template.source
    assert seeded("campaign-weekly").cadence == "weekly"
    assert seeded("annual-summary").levels == ["township", "county"]


# Scheduling -----------------------------------------------------------------------------------------

def test_schedule_is_idempotent_and_covers_levels_and_campaign_weeks(tree):
    quarterly()
    campaign(tree["county"], start=date(2026, 3, 2), end=date(2026, 3, 29))  # four whole weeks
    created = services.schedule(2026)
    # quarterly 4 + annual 1 for each of 2 townships and 1 county; 4 weekly for each township.
    assert created == (4 + 1) * 3 + 4 * 2
    assert services.schedule(2026) == 0
    call_command("workreports_schedule", "--year", "2026")
    assert ReportDue.objects.count() == created
    weekly = ReportDue.objects.filter(template__code="campaign-weekly", division=tree["town_a"]).order_by("period_start")
    assert [d.due_date for d in weekly] == [date(2026, 3, 9), date(2026, 3, 16), date(2026, 3, 23), date(2026, 3, 30)]
    assert not ReportDue.objects.filter(division=tree["village_a"]).exists()


# Submitting -------------------------------------------------------------------------------------------

def test_submitting_once_on_time_and_a_second_submit_is_refused(tree, town_staff):
    report = due(tree["town_a"])
    submission = services.submit(actor=town_staff, due=report, content=content(report.template),
                                 now=at(date(2026, 4, 15)))
    assert not submission.is_late and submission.days_late == 0
    assert AuditEntry.objects.filter(action="workreports.submission.created", object_pk=str(submission.pk)).exists()
    with pytest.raises(ApplicationError, match="不能重复报送"):
        services.submit(actor=town_staff, due=report, content=content(report.template), now=at(date(2026, 4, 16)))
    assert Submission.objects.filter(due=report).count() == 1
    refused = AuditEntry.objects.get(action="workreports.submission.duplicate_refused")
    assert refused.object_pk == str(submission.pk) and not refused.success


def test_late_submission_is_flagged_with_days_late(tree, town_staff):
    report = due(tree["town_a"], quarter=4)  # due 2027-01-15
    submission = services.submit(actor=town_staff, due=report, content=content(report.template),
                                 now=at(date(2027, 1, 18)))
    assert submission.is_late and submission.days_late == 3


def test_bad_submissions_are_refused_and_nothing_is_written(tree, town_staff):
    report = due(tree["town_b"])
    with pytest.raises(ApplicationError, match="管辖范围"):
        services.submit(actor=town_staff, due=report, content=content(report.template), now=at(date(2026, 4, 1)))
    county = UserFactory(division=tree["county"], role=Role.COUNTY_STAFF)
    with pytest.raises(ApplicationError, match="上级只接收"):
        services.submit(actor=county, due=report, content=content(report.template), now=at(date(2026, 4, 1)))
    own = due(tree["town_a"])
    partial = content(own.template) | {"预案演练": "  "}
    with pytest.raises(ApplicationError, match="预案演练"):
        services.submit(actor=town_staff, due=own, content=partial, now=at(date(2026, 4, 1)))
    with pytest.raises(ApplicationError, match="尚未开始"):
        services.submit(actor=town_staff, due=own, content=content(own.template), now=at(date(2025, 12, 31)))
    assert not Submission.objects.exists()


def test_corrections_are_notes_and_the_submission_stays_unchanged(tree, town_staff):
    report = due(tree["town_a"])
    submission = services.submit(actor=town_staff, due=report, content=content(report.template),
                                 now=at(date(2026, 4, 10)))
    services.add_note(actor=town_staff, submission=submission, text="演练人数更正为120人")
    submission.refresh_from_db()
    assert submission.content == content(report.template)
    assert [n.text for n in submission.notes.all()] == ["演练人数更正为120人"]


# Lists and rates ---------------------------------------------------------------------------------------

def test_overdue_list_per_division_and_on_time_rate(tree, town_staff, county_staff):
    today = date(2026, 11, 1)
    q1, q2, q3 = (due(tree["town_a"], quarter=n) for n in (1, 2, 3))
    due(tree["town_a"], quarter=4)  # not yet due
    b1 = due(tree["town_b"], quarter=1)
    services.submit(actor=town_staff, due=q1, content=content(q1.template), now=at(date(2026, 4, 10)))
    services.submit(actor=town_staff, due=q2, content=content(q2.template), now=at(date(2026, 7, 20)))  # 5 days late
    rows = selectors.overdue_by_division(county_staff, today)
    assert [(r["division__code"], r["overdue"], r["oldest_due"]) for r in rows] == [
        (tree["town_a"].code, 1, q3.due_date), (tree["town_b"].code, 1, b1.due_date)]
    assert [r["division__code"] for r in selectors.overdue_by_division(town_staff, today)] == [tree["town_a"].code]
    rates = {r.code: r for r in selectors.on_time_rates(county_staff, 2026, today)}
    town_a = rates[tree["town_a"].code]
    assert (town_a.due, town_a.on_time, town_a.late, town_a.missing) == (3, 1, 1, 1)
    assert town_a.rate == pytest.approx(1 / 3)
    assert rates[tree["town_b"].code].rate == 0


def test_attention_counts_due_soon_and_overdue(tree, town_staff):
    due(tree["town_a"], quarter=1)  # due 2026-04-15
    due(tree["town_a"], quarter=2)  # due 2026-07-15
    counts = selectors.attention_counts(town_staff, date(2026, 7, 10))
    assert counts == {"due_soon": 1, "overdue": 1}


def test_overdue_query_count_does_not_grow_with_rows(tree, county_staff, django_assert_num_queries):
    for town in ("town_a", "town_b"):
        for quarter in (1, 2, 3):
            due(tree[town], quarter=quarter)
    with django_assert_num_queries(1):
        assert len(selectors.overdue_by_division(county_staff, date(2026, 12, 1))) == 2
    with django_assert_num_queries(1):
        assert len(selectors.on_time_rates(county_staff, 2026, date(2026, 12, 1))) == 2
    with django_assert_num_queries(1):
        selectors.attention_counts(county_staff, date(2026, 12, 1))


# Pages and API ------------------------------------------------------------------------------------------

def test_submission_form_renders_sections_and_submits_once(client, tree, town_staff):
    report = due(tree["town_a"], year=2025)
    client.force_login(town_staff)
    page = client.get(reverse("workreports-submit", args=[report.pk]))
    assert page.status_code == 200 and "组织体系" in page.content.decode()
    data = {f"section_{i}": f"{h}内容" for i, h in enumerate(report.template.sections)}
    data["attachment"] = SimpleUploadedFile("附表.xlsx", b"PK\x03\x04", content_type="application/octet-stream")
    response = client.post(reverse("workreports-submit", args=[report.pk]), data)
    submission = Submission.objects.get(due=report)
    assert response.status_code == 302 and submission.is_late and submission.attachment.name.endswith(".xlsx")
    again = client.post(reverse("workreports-submit", args=[report.pk]), data, follow=True)
    assert "已报送" in again.content.decode() and Submission.objects.count() == 1
    client.post(reverse("workreports-note", args=[submission.pk]), {"text": "附表第3行更正"})
    assert submission.notes.count() == 1


def test_attachment_must_be_pdf_docx_or_xlsx(client, tree, town_staff):
    report = due(tree["town_a"], year=2025)
    client.force_login(town_staff)
    data = {f"section_{i}": "内容" for i, _h in enumerate(report.template.sections)}
    data["attachment"] = SimpleUploadedFile("run.exe", b"MZ")
    page = client.post(reverse("workreports-submit", args=[report.pk]), data)
    assert page.status_code == 200 and not Submission.objects.exists()


def test_pages_and_lists_keep_a_constant_number_of_queries(client, tree, county_staff, town_staff,
                                                           django_assert_max_num_queries):
    for town in ("town_a", "town_b"):
        for year in (2024, 2025):
            for quarter in (1, 2, 3, 4):
                report = due(tree[town], year=year, quarter=quarter)
                if quarter % 2:
                    Submission.objects.create(due=report, division=report.division, submitted_at=at(date(2026, 1, 1)),
                                              content={}, days_late=quarter)
    client.force_login(county_staff)
    for name in ("report-dues-list", "report-submissions-list", "workreports-overdue", "workreports-on-time",
                 "workreports-templates", "report-campaigns-list"):
        with django_assert_max_num_queries(14):
            assert client.get(reverse(name)).status_code == 200, name
    export = client.get(reverse("report-dues-export"))
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(rows) == 17 and "报送情况" in rows[0] and "迟报1天" in {cell for row in rows for cell in row}


def test_api_lists_dues_and_submits_once(client, tree, town_staff):
    report = due(tree["town_a"], year=2025)
    due(tree["town_b"], year=2025)
    client.force_login(town_staff)
    listed = client.get("/api/v1/report-dues").json()["items"]
    assert [d["id"] for d in listed] == [report.pk] and listed[0]["overdue"]
    body = {"content": content(report.template)}
    first = client.post(f"/api/v1/report-dues/{report.pk}/submission", body, content_type="application/json")
    assert first.status_code == 201 and first.json()["days_late"] > 0
    second = client.post(f"/api/v1/report-dues/{report.pk}/submission", body, content_type="application/json")
    assert second.status_code == 400 and "不能重复报送" in second.json()["message"]


def test_only_administrators_edit_templates_and_bad_sections_are_refused(client, tree, county_staff):
    template = quarterly()
    url = reverse("workreports-template-edit", args=[template.pk])
    client.force_login(county_staff)
    assert client.get(reverse("workreports-templates")).status_code == 200
    assert client.get(url).status_code == 403
    admin = UserFactory(division=tree["county"], role=Role.ADMIN)
    client.force_login(admin)
    data = {"code": template.code, "name": template.name, "cadence": "quarterly", "levels": '["township"]',
            "sections": '["工作动态", ""]', "due_days": 10, "source": template.source, "is_active": "on"}
    page = client.post(url, data)
    assert page.status_code == 200 and "栏目须为" in page.content.decode()
    data["sections"] = '["工作动态", "预案演练"]'
    assert client.post(url, data).status_code == 302
    template.refresh_from_db()
    assert template.sections == ["工作动态", "预案演练"] and template.due_days == 10
    assert AuditEntry.objects.filter(action="workreports.reporttemplate.updated").exists()


def test_demo_is_idempotent_with_late_and_on_time_submissions(tree):
    from yingji.workreports.demo import load_demo

    quarterly()
    said = []
    load_demo(tree["county"], said.append)
    dues, submissions = ReportDue.objects.count(), Submission.objects.count()
    assert ReportDue.objects.filter(template__code="quarterly-dynamics", division=tree["town_a"]).count() == 4
    assert submissions > 0
    load_demo(tree["county"], said.append)
    assert (ReportDue.objects.count(), Submission.objects.count()) == (dues, submissions)
    assert "already loaded" in said[-1]


@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_of_one_due_store_one_submission():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent transactions (set DATABASE_URL)")
    tree = county_tree()
    user = UserFactory(division=tree["town_a"], role=Role.TOWNSHIP_STAFF)
    report = due(tree["town_a"], year=2025)
    outcomes = race_codes(*[partial(services.submit, actor=user, due=report, content=content(report.template))] * 5,
                          done="stored")
    assert outcomes == ["already_submitted"] * 4 + ["stored"]
    assert Submission.objects.filter(due=report).count() == 1


def test_the_hourly_task_schedules_this_year_once(tree):
    from yingji.workreports.tasks import schedule_current_year

    quarterly()
    assert schedule_current_year.delay().get() > 0
    assert schedule_current_year.delay().get() == 0
