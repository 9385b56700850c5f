"""Duty: staffing norms, filing with the level above, changes after filing, overdue rosters, who is on duty."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from docx import Document

from yingji.audit.models import AuditEntry
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Role
from yingji.divisions.tests.factories import PersonFactory, UserFactory, county_tree
from yingji.duty import selectors, services
from yingji.duty.models import DutyAssignment, DutyRoster
from yingji.duty.tests.factories import local, log_entry, office, period, roster, spot_check, staff_fully
from yingji.messaging.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return county_tree()


@pytest.fixture
def town_staff(tree):
    return UserFactory(division=tree["town_a"], role=Role.TOWNSHIP_STAFF)


@pytest.fixture
def county_staff(tree):
    return UserFactory(division=tree["county"], role=Role.COUNTY_STAFF)


def test_a_holiday_roster_needs_one_leader_and_six_staff_every_day(tree, town_staff):
    """Seed 000: 防汛、法定节假日期间每天由一名带班领导和6名值班人员昼夜值班."""
    holiday = period(tree["county"])
    duty_roster = roster(office(tree["town_a"]), period=holiday)
    people = staff_fully(duty_roster, leaders=1, staff=5)
    assert [(d, leaders, staff) for d, leaders, staff in services.staffing_gaps(duty_roster)] == [
        (date(2027, 1, 1), 1, 5), (date(2027, 1, 2), 1, 5), (date(2027, 1, 3), 1, 5)]
    with pytest.raises(ApplicationError, match="每天需带班领导1名、值班人员6名"):
        services.roster_file(actor=town_staff, roster=duty_roster)
    assert DutyRoster.objects.get(pk=duty_roster.pk).status == "draft"
    sixth = PersonFactory(division=tree["town_a"])
    for day in range(3):
        start = date(2027, 1, 1) + timedelta(days=day)
        DutyAssignment.objects.create(roster=duty_roster, person=sixth, role="staff", starts_at=local(start, 8),
                                      ends_at=local(start, 20))
    assert services.staffing_gaps(duty_roster) == []
    assert len(people) == 6


def test_an_ordinary_roster_needs_a_leader_and_one_officer(tree):
    duty_roster = roster(office(tree["town_a"]), days=1)
    staff_fully(duty_roster, leaders=1, staff=0)
    assert services.staffing_gaps(duty_roster) == [(date(2027, 1, 1), 1, 0)]


def test_filing_notifies_the_level_above_and_later_changes_are_logged_and_renotified(
        tree, town_staff, django_capture_on_commit_callbacks):
    above = UserFactory(division=tree["county"], role=Role.COUNTY_STAFF)
    duty_roster = roster(office(tree["town_a"]), period=period(tree["county"]))
    staff_fully(duty_roster)
    with django_capture_on_commit_callbacks(execute=True):
        services.roster_file(actor=town_staff, roster=duty_roster)
    assert Notification.objects.filter(user=above).count() == 1
    with pytest.raises(ApplicationError):
        services.roster_file(actor=town_staff, roster=duty_roster)

    replacement = PersonFactory(division=tree["town_a"])
    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_create(actor=town_staff, data={
            "roster": duty_roster, "person": replacement, "role": "staff",
            "starts_at": local(date(2027, 1, 2), 8), "ends_at": local(date(2027, 1, 2), 20)})
    duty_roster.refresh_from_db()
    assert duty_roster.changes_after_filing == 1
    assert AuditEntry.objects.filter(action="duty.dutyroster.changed_after_filing").count() == 1
    assert Notification.objects.filter(user=above).count() == 2
    with pytest.raises(ApplicationError, match="已报送的值班表不能删除"):
        services.roster_delete(actor=town_staff, roster=duty_roster)


def test_rosters_past_their_due_date_are_listed_until_filed(tree, county_staff, town_staff):
    holiday = period(tree["county"], start=date(2027, 1, 1), roster_due_days=3)
    assert selectors.roster_due_date(holiday) == date(2026, 12, 29)
    office_a, office_b = office(tree["town_a"]), office(tree["town_b"])
    assert selectors.overdue_rosters(county_staff, date(2026, 12, 29)) == []  # the due day itself is in time
    late = selectors.overdue_rosters(county_staff, date(2026, 12, 30))
    assert {row.organisation for row in late} == {office_a, office_b}
    filed = roster(office_a, period=holiday)
    staff_fully(filed)
    services.roster_file(actor=town_staff, roster=filed)
    assert [row.organisation for row in selectors.overdue_rosters(county_staff, date(2026, 12, 30))] == [office_b]
    assert selectors.overdue_rosters(county_staff, date(2027, 1, 4)) == []  # the period is over
    # The township sees only its own office.
    assert selectors.overdue_rosters(UserFactory(division=tree["town_b"], role=Role.TOWNSHIP_STAFF),
                                     date(2026, 12, 30))[0].organisation == office_b


def test_who_is_on_duty_comes_from_filed_rosters_only(tree, town_staff):
    duty_roster = roster(office(tree["town_a"]), days=1)
    leader = PersonFactory(division=tree["town_a"])
    officer = PersonFactory(division=tree["town_a"])
    DutyAssignment.objects.create(roster=duty_roster, person=leader, role="leader",
                                  starts_at=local(date(2027, 1, 1)), ends_at=local(date(2027, 1, 2)))
    DutyAssignment.objects.create(roster=duty_roster, person=officer, role="staff",
                                  starts_at=local(date(2027, 1, 1), 8), ends_at=local(date(2027, 1, 1), 20))
    noon = local(date(2027, 1, 1), 12)
    assert selectors.on_duty(tree["town_a"], noon) == (None, [])
    DutyRoster.objects.filter(pk=duty_roster.pk).update(status="filed")
    assert selectors.on_duty(tree["town_a"], noon) == (leader, [officer])
    assert selectors.on_duty(tree["town_a"], local(date(2027, 1, 1), 20)) == (leader, [])


def test_roster_pages_file_and_show_gaps(client, tree, town_staff):
    duty_roster = roster(office(tree["town_a"]), days=1)
    client.force_login(town_staff)
    page = client.get(reverse("duty-rosters-detail", args=[duty_roster.pk]))
    assert page.status_code == 200 and page.context["gaps"]
    response = client.post(reverse("duty-roster-file", args=[duty_roster.pk]), follow=True)
    assert "人员不足" in response.content.decode()
    staff_fully(duty_roster, leaders=1, staff=1)
    client.post(reverse("duty-roster-file", args=[duty_roster.pk]))
    assert DutyRoster.objects.get(pk=duty_roster.pk).status == "filed"
    form = client.get(reverse("duty-assignments-create") + f"?roster={duty_roster.pk}")
    assert form.context["form"].initial["roster"] == str(duty_roster.pk)


def test_spot_check_circular_names_the_units_with_problems(client, tree, county_staff):
    holiday = period(tree["county"])
    spot_check(office(tree["town_a"]), period=holiday)
    spot_check(office(tree["town_b"]), period=holiday, reached=False, findings="连续拨打3次无人接听")
    client.force_login(county_staff)
    response = client.get(reverse("duty-period-circular", args=[holiday.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "对2个单位的值班值守情况进行了抽查" in text and "1个单位存在问题" in text
    assert f"{tree['town_b'].name}应急办" in text and "电话无人接听" in text
    assert f"{tree['town_a'].name}应急办（" not in text


def test_lists_keep_a_constant_number_of_queries(client, tree, county_staff, django_assert_max_num_queries):
    org = office(tree["town_a"])
    for _ in range(30):
        log_entry(org)
        spot_check(org)
    client.force_login(county_staff)
    for name in ("duty-log-list", "duty-spot-checks-list", "duty-rosters-list"):
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200


def test_api_on_duty_and_rosters(client, tree, town_staff):
    duty_roster = roster(office(tree["town_a"]), days=1, status="filed")
    staff_fully(duty_roster, leaders=1, staff=2)
    client.force_login(town_staff)
    listed = client.get("/api/v1/duty-rosters").json()["items"]
    assert [r["id"] for r in listed] == [duty_roster.pk]
    detail = client.get(f"/api/v1/duty-rosters/{duty_roster.pk}").json()
    assert len(detail["assignments"]) == 3
    on_duty = client.get("/api/v1/on-duty", {"division": tree["town_a"].code,
                                             "at": local(date(2027, 1, 1), 9).isoformat()}).json()
    assert on_duty["leader"] is not None and len(on_duty["staff"]) == 2
    assert client.get("/api/v1/on-duty", {"division": tree["town_b"].code}).status_code == 422


def _sheet(header, rows):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "排班.xlsx"
    return buffer


def test_a_roster_is_filled_from_an_excel_sheet_of_people_and_shifts(client, tree, town_staff):
    from openpyxl import load_workbook

    mine = roster(office(tree["town_a"]))
    leader = PersonFactory(division=tree["town_a"], name="马书记", mobile="13900001111")
    PersonFactory(division=tree["town_a"], name="马强", mobile="13900002222")
    namesake = PersonFactory(division=tree["town_a"], name="马强", mobile="13900003333")
    client.force_login(town_staff)
    url = reverse("duty-assignments-import")
    template = load_workbook(io.BytesIO(client.get(url, {"template": "1", "roster": mine.pk}).content))
    header = [c.value for c in template.active[1]]
    assert "值班表" not in header and "人员" in header  # the roster comes from the page, not the file
    detail = client.get(reverse("duty-rosters-detail", args=[mine.pk])).content.decode()
    assert f"{url}?roster={mine.pk}" in detail

    header = ["人员", "职责", "开始时间", "结束时间"]
    bad = client.post(f"{url}?roster={mine.pk}", {"file": _sheet(header, [
        ["马书记", "带班领导", "2027-01-01 08:00", "2027-01-02 08:00"],
        ["马强", "值班人员", "2027-01-01 08:00", "2027-01-02 08:00"]])})
    assert bad.status_code == 400 and "人员填手机号" in bad.content.decode()
    assert not DutyAssignment.objects.filter(roster=mine).exists()
    good = client.post(f"{url}?roster={mine.pk}", {"file": _sheet(header, [
        ["马书记", "带班领导", "2027-01-01 08:00", "2027-01-02 08:00"],
        ["13900003333", "值班人员", "2027-01-01 08:00", "2027-01-02 08:00"]])})
    assert good.status_code == 200
    assert set(DutyAssignment.objects.filter(roster=mine).values_list("person", "role")) == {
        (leader.pk, "leader"), (namesake.pk, "staff")}

    sibling = roster(office(tree["town_b"]))
    assert client.get(url, {"roster": sibling.pk}).status_code == 404
    assert client.post(f"{url}?roster={sibling.pk}", {"file": _sheet(header, [])}).status_code == 404
