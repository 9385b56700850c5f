"""The hazard register: status steps, major-hazard rules (16号令), overdue, triage, period lists."""

import datetime

import pytest
from django.utils import timezone

from yingji.audit.models import AuditEntry
from yingji.core.exceptions import ApplicationError
from yingji.divisions.tests.factories import UserFactory, county_tree
from yingji.hazards import selectors, services
from yingji.hazards.models import Hazard, PublicReport
from yingji.hazards.rules import FoundBy, Grade, Status
from yingji.hazards.tests.factories import HazardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def t():
    return county_tree()


@pytest.fixture
def user(t):
    return UserFactory(division=t["town_a"])


def test_a_general_hazard_may_be_rectified_at_once_and_closed_when_verified(t, user):
    h = HazardFactory(division=t["town_a"])
    h = services.transition(actor=user, hazard=h, to=Status.RECTIFIED, progress="当场清理")
    assert h.rectified_at and "当场清理" in h.progress
    with pytest.raises(ApplicationError) as err:
        services.transition(actor=user, hazard=h, to=Status.CLOSED)
    assert "verified_by" in err.value.field_errors
    h = services.transition(actor=user, hazard=h, to=Status.CLOSED, verified_by="马站长")
    assert h.status == Status.CLOSED and h.closed_at
    with pytest.raises(ApplicationError):
        services.transition(actor=user, hazard=h, to=Status.RECTIFYING)
    with pytest.raises(ApplicationError):
        services.hazard_update(actor=user, obj=h, data={"title": "改"})
    assert AuditEntry.objects.filter(action__in=["hazards.hazard.rectified", "hazards.hazard.closed"]).count() == 2


def test_verification_may_send_a_hazard_back(t, user):
    h = HazardFactory(division=t["town_a"], status=Status.RECTIFIED)
    assert services.transition(actor=user, hazard=h, to=Status.RECTIFYING).status == Status.RECTIFYING


def test_a_major_hazard_is_reported_with_its_three_contents_before_rectification(t, user):
    h = HazardFactory(division=t["town_a"], grade=Grade.MAJOR)
    with pytest.raises(ApplicationError) as err:
        services.transition(actor=user, hazard=h, to=Status.RECTIFIED)
    assert err.value.code == "major_direct"
    with pytest.raises(ApplicationError) as err:
        services.transition(actor=user, hazard=h, to=Status.RECTIFYING)
    assert err.value.code == "major_unreported"
    with pytest.raises(ApplicationError) as err:
        services.report_major(actor=user, hazard=h)
    assert set(err.value.field_errors) == {"state_and_cause", "harm_analysis", "remediation_plan"}
    Hazard.objects.filter(pk=h.pk).update(state_and_cause="边坡裂缝", harm_analysis="威胁下方12户",
                                          remediation_plan="削坡减载", deadline=None)
    h = services.report_major(actor=user, hazard=h)
    assert h.reported_at
    with pytest.raises(ApplicationError) as err:
        services.transition(actor=user, hazard=h, to=Status.RECTIFYING)
    assert set(err.value.field_errors) == {"deadline"}
    Hazard.objects.filter(pk=h.pk).update(deadline=timezone.localdate() + datetime.timedelta(days=60))
    assert services.transition(actor=user, hazard=h, to=Status.RECTIFYING).status == Status.RECTIFYING


def test_general_hazards_need_no_separate_report(t, user):
    with pytest.raises(ApplicationError):
        services.report_major(actor=user, hazard=HazardFactory(division=t["town_a"]))


def test_overdue_is_past_the_deadline_and_not_yet_rectified(t):
    today = timezone.localdate()
    late = HazardFactory(division=t["town_a"], deadline=today - datetime.timedelta(days=1))
    HazardFactory(division=t["town_a"], deadline=today)  # due today: not yet overdue
    HazardFactory(division=t["town_a"], deadline=today - datetime.timedelta(days=1), status=Status.RECTIFIED)
    HazardFactory(division=t["town_a"], deadline=None)
    assert list(selectors.overdue(Hazard.objects.all(), today)) == [late]


def test_found_by_alarm_needs_the_alarm(t, user):
    with pytest.raises(ApplicationError):
        services.hazard_create(actor=user, data={"division": t["town_a"], "category": "gas", "title": "泄漏",
                                                 "address": "厂区", "found_by": FoundBy.ALARM})


def test_the_linked_alarm_must_lie_in_the_hazards_division(t, user):
    from yingji.monitoring import services as monitoring
    from yingji.monitoring.tests.factories import SensorFactory, SiteFactory

    def alarm_in(village):
        sensor = SensorFactory(site=SiteFactory(division=village))
        now = timezone.now()
        return monitoring.ingest([(None, {"sensor": sensor.code, "ts": now.isoformat(), "value": 45})],
                                 now=now).alarms[0]

    data = {"division": t["town_a"], "category": "gas", "title": "泄漏", "address": "厂区", "found_by": FoundBy.ALARM}
    with pytest.raises(ApplicationError) as err:
        services.hazard_create(actor=user, data={**data, "alarm": alarm_in(t["village_b"])})
    assert "alarm" in err.value.field_errors and not Hazard.objects.exists()
    hazard = services.hazard_create(actor=user, data={**data, "alarm": alarm_in(t["village_a"])})
    assert hazard.alarm.division == t["village_a"]


def test_triage_accepts_into_the_register_or_rejects_with_a_reason(t, user):
    report = services.public_report_submit(data={"division": t["village_a"], "address": "村口",
                                                 "text": "<script>alert(1)</script>桥梁护栏断裂"})
    with pytest.raises(ApplicationError):
        services.triage(actor=user, report=report, accept=False)
    report = services.triage(actor=user, report=report, accept=True, note="属实")
    assert report.status == PublicReport.Status.ACCEPTED
    assert report.hazard.found_by == FoundBy.PUBLIC and report.hazard.division == t["village_a"]
    with pytest.raises(ApplicationError):
        services.triage(actor=user, report=report, accept=True)


def test_period_selectors(t):
    start, end = selectors.period_bounds(2026, quarter=2)
    assert (start.month, end.month) == (4, 7)
    start, end = selectors.period_bounds(2026, month=12)
    assert (start.year, start.month, end.year, end.month) == (2026, 12, 2027, 1)
    inside = HazardFactory(division=t["town_a"], found_at=start + datetime.timedelta(days=3))
    carried = HazardFactory(division=t["town_a"], found_at=start - datetime.timedelta(days=40))
    closed_before = HazardFactory(division=t["town_a"], found_at=start - datetime.timedelta(days=40),
                                  status=Status.CLOSED, closed_at=start - datetime.timedelta(days=1))
    review = set(selectors.review_list(Hazard.objects.all(), start, end))
    assert review == {inside, carried} and closed_before not in review
    assert list(selectors.hazards_in(t["town_a"], start, end)) == [inside]
    assert list(selectors.hazards_in(t["town_b"], start, end)) == []
