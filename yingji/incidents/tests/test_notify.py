"""Who is told: the receiving level on a new report; the owner near and past the deadline; the office
head on 迟报. A re-run of the scan sends nothing twice."""

import datetime

import pytest

from yingji.divisions.tests.factories import MembershipFactory, OrganisationFactory
from yingji.incidents import services
from yingji.incidents.models import Obligation
from yingji.incidents.tests.factories import event_data, report_data, tree, users
from yingji.messaging.models import Delivery, Dispatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    t = tree()
    return t, users(t)


def recipients(dispatch):
    return set(Delivery.objects.filter(dispatch=dispatch).values_list("user_id", flat=True))


def test_a_new_report_tells_the_receiving_level(world, django_capture_on_commit_callbacks):
    t, u = world
    with django_capture_on_commit_callbacks(execute=True):
        event = services.event_create(actor=u["village"], data=event_data(t["village_a"]))
        services.report_submit(actor=u["village"], event=event, kind="first",
                               data=report_data(occurred_at=event.occurred_at))
    dispatch = Dispatch.objects.get(topic="incident.report")
    assert dispatch.division == t["town_a"] and u["township"].pk in recipients(dispatch)
    assert u["village"].pk not in recipients(dispatch)


def test_owner_is_reminded_and_office_head_told_of_late_reports_once(world, django_capture_on_commit_callbacks):
    t, u = world
    office = OrganisationFactory(division=t["village_a"], kind="emergency_office")
    MembershipFactory(organisation=office, person=u["other_village"].person, rank="leader")
    # The head's account lives elsewhere in this test: what matters is the membership of the office.
    event = services.event_create(actor=u["village"], data=event_data(t["village_a"]))
    [ob] = Obligation.objects.filter(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.scan(now=ob.due_at - datetime.timedelta(minutes=5))
    near = Dispatch.objects.get(topic="incident.deadline")
    assert recipients(near) == {u["village"].pk}
    with django_capture_on_commit_callbacks(execute=True):
        services.scan(now=ob.due_at + datetime.timedelta(minutes=1))
        services.scan(now=ob.due_at + datetime.timedelta(minutes=2))
    late = Dispatch.objects.get(topic="incident.late")
    assert recipients(late) == {u["village"].pk, u["other_village"].pk}
    assert Dispatch.objects.filter(topic__startswith="incident.").count() == 2


def test_the_duty_leader_and_officer_on_shift_at_the_receiving_level_are_told(
        world, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from yingji.divisions.tests.factories import PersonFactory
    from yingji.duty.models import DutyAssignment
    from yingji.duty.tests.factories import office, roster

    t, u = world
    now = timezone.now()
    duty_roster = roster(office(t["town_a"]), start=timezone.localdate(), days=1, status="filed")
    leader = PersonFactory(division=t["town_a"], mobile="13900000001")
    officer = PersonFactory(division=t["town_a"], mobile="13900000002")
    off_shift = PersonFactory(division=t["town_a"], mobile="13900000003")
    hour = datetime.timedelta(hours=1)
    for person, role, start, end in ((leader, "leader", now - hour, now + 5 * hour),
                                     (officer, "staff", now - hour, now + 5 * hour),
                                     (off_shift, "staff", now + 5 * hour, now + 9 * hour)):
        DutyAssignment.objects.create(roster=duty_roster, person=person, role=role, starts_at=start, ends_at=end)
    with django_capture_on_commit_callbacks(execute=True):
        event = services.event_create(actor=u["village"], data=event_data(t["village_a"]))
        services.report_submit(actor=u["village"], event=event, kind="first",
                               data=report_data(occurred_at=event.occurred_at))
    dispatch = Dispatch.objects.get(topic="incident.report")
    phones = set(Delivery.objects.filter(dispatch=dispatch, channel="sms").values_list("phone", flat=True))
    assert {"13900000001", "13900000002"} <= phones and "13900000003" not in phones
    assert u["township"].pk in recipients(dispatch)
