"""Events, reports, the level-by-level chain, acknowledgements, lateness, regrading and bad input."""

import datetime

import pytest
from django.utils import timezone

from yingji.audit.models import AuditEntry
from yingji.core.exceptions import ApplicationError
from yingji.incidents import services
from yingji.incidents.models import DeadlineRule, Event, Obligation, Receipt, Report, ReportKind
from yingji.incidents.rules import DEFAULT_DEADLINE_RULES, Severity
from yingji.incidents.tests.factories import event_data, event_with_first_report, report_data, tree, users

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    t = tree()
    return t, users(t)


def obligations(event, **filters):
    return list(Obligation.objects.filter(event=event, **filters).select_related("division", "target"))


def test_every_default_rule_is_seeded_with_its_source():
    seeded = {r.code: r for r in DeadlineRule.objects.all()}
    for row in DEFAULT_DEADLINE_RULES:
        assert row["code"] in seeded
        assert seeded[row["code"]].source == row["source"] and row["source"]


def test_registering_an_event_puts_the_village_under_its_first_report_deadline(world):
    t, u = world
    event = services.event_create(actor=u["village"], data=event_data(t["village_a"]))
    [ob] = obligations(event)
    assert (ob.division, ob.target, ob.kind) == (t["village_a"], t["town_a"], ReportKind.FIRST)
    # Natural disaster: within 2 hours of knowing (应急〔2020〕19号 §6).
    assert ob.due_at == event.known_at + datetime.timedelta(hours=2)
    assert ob.rule.code == "RPT-NAT-DIS-V" and ob.owner == u["village"]


def test_accident_unit_must_reach_the_county_within_one_hour_of_knowing(world):
    t, u = world
    event = services.event_create(actor=u["township"], data=event_data(
        t["village_a"], category="accident", subtype="work_safety"))
    [ob] = obligations(event)
    assert ob.target == t["county"] and ob.due_at == event.known_at + datetime.timedelta(hours=1)
    assert ob.rule.code == "RPT-ACC-UNIT-T"


def test_report_flows_up_level_by_level_with_acknowledgement(world):
    t, u = world
    event = event_with_first_report(u["village"], t["village_a"])
    village_ob = obligations(event, division=t["village_a"])[0]
    assert village_ob.status == Obligation.Status.ON_TIME and village_ob.minutes_late == 0
    receipt = Receipt.objects.get(division=t["town_a"])
    township_obs = obligations(event, division=t["town_a"], kind=ReportKind.FIRST)
    assert [o.target for o in township_obs] == [t["county"]]

    services.receipt_acknowledge(actor=u["township"], receipt=receipt)
    assert Obligation.objects.get(pk=township_obs[0].pk).owner == u["township"]
    services.receipt_forward(actor=u["township"], receipt=receipt)
    assert Obligation.objects.get(pk=township_obs[0].pk).status == Obligation.Status.ON_TIME
    county_receipt = Receipt.objects.get(division=t["county"])
    county_first = obligations(event, division=t["county"], kind=ReportKind.FIRST)
    assert [o.target for o in county_first] == [t["city"]]
    # The county also owes follow-ups and a final report.
    assert {o.kind for o in obligations(event, division=t["county"])} == {"first", "followup", "final"}

    services.receipt_forward(actor=u["county"], receipt=county_receipt)
    city_receipt = Receipt.objects.get(division=t["city"])
    # 一般 events go up to the districted city (L2 Art. 10): the city owes nothing further.
    assert obligations(event, division=t["city"]) == []
    with pytest.raises(ApplicationError):
        services.receipt_forward(actor=u["township"], receipt=city_receipt)  # only the receiver handles it


def test_ten_dead_or_missing_in_a_disaster_goes_to_the_province_as_well(world):
    t, u = world
    event = event_with_first_report(u["county"], t["village_a"], missing=10)
    targets = {o.target.level for o in obligations(event, division=t["county"], kind=ReportKind.FIRST)}
    assert targets == {"city", "province"}
    # Skipping levels meets the province obligation and, for the city, the one towards it.
    receipt = Receipt.objects.get(division=t["city"])
    assert receipt.report.event == event


def test_severity_upgrade_recomputes_and_retriggers(world):
    t, u = world
    event = event_with_first_report(u["village"], t["village_a"])
    receipt = Receipt.objects.get(division=t["town_a"])
    services.receipt_forward(actor=u["township"], receipt=receipt)
    county_first = obligations(event, division=t["county"], kind=ReportKind.FIRST)
    assert {(o.target.level, o.channel) for o in county_first} == {("city", "written")}
    with pytest.raises(ApplicationError, match="理由"):
        services.event_change_severity(actor=u["county"], event=event, severity=Severity.MAJOR, reason=" ")
    services.event_change_severity(actor=u["county"], event=event, severity=Severity.MAJOR, reason="失联人数上升")
    county_first = obligations(event, division=t["county"], kind=ReportKind.FIRST)
    # 重大: phone within 30 min and written within 1 hour (2015 notice), earliest rule wins.
    phone = next(o for o in county_first if o.channel == "phone")
    written = next(o for o in county_first if o.channel == "written")
    county_received = Receipt.objects.get(division=t["county"]).received_at
    assert phone.due_at == county_received + datetime.timedelta(minutes=30)
    assert written.due_at == county_received + datetime.timedelta(minutes=60)
    assert AuditEntry.objects.filter(action="incidents.event.regraded", object_pk=str(event.pk)).exists()


def test_scan_marks_late_and_missing_once_and_fulfilment_records_minutes_late(world):
    t, u = world
    event = services.event_create(actor=u["village"], data=event_data(t["village_a"]))
    [ob] = obligations(event)
    later = ob.due_at + datetime.timedelta(minutes=1)
    assert services.scan(now=later) == {"near": 0, "late": 1, "missing": 0}
    assert services.scan(now=later) == {"near": 0, "late": 0, "missing": 0}
    ob.refresh_from_db()
    assert ob.status == Obligation.Status.LATE and ob.fulfilled_at is None


def test_late_report_gets_minutes_late(world, monkeypatch):
    t, u = world
    event = services.event_create(actor=u["village"], data=event_data(t["village_a"]))
    [ob] = obligations(event)
    Obligation.objects.filter(pk=ob.pk).update(due_at=timezone.now() - datetime.timedelta(minutes=47, seconds=5))
    services.report_submit(actor=u["village"], event=event, kind=ReportKind.FIRST,
                           data=report_data(occurred_at=event.occurred_at))
    ob.refresh_from_db()
    assert ob.status == Obligation.Status.LATE and ob.minutes_late == 47


def test_near_deadline_is_flagged_once(world):
    t, u = world
    event = services.event_create(actor=u["village"], data=event_data(t["village_a"]))
    [ob] = obligations(event)
    soon = ob.due_at - datetime.timedelta(minutes=10)
    assert services.scan(now=soon)["near"] == 1
    assert services.scan(now=soon)["near"] == 0


def test_final_report_closes_event_and_cancels_follow_ups(world):
    t, u = world
    event = event_with_first_report(u["county"], t["village_a"])
    followups = obligations(event, division=t["county"], kind=ReportKind.FOLLOWUP)
    assert followups
    services.report_submit(actor=u["county"], event=event, kind=ReportKind.FINAL, data=report_data(
        occurred_at=event.occurred_at, scope="一户", trend="已稳定", next_steps="恢复重建"))
    event.refresh_from_db()
    assert event.status == Event.Status.CLOSED
    assert obligations(event, kind=ReportKind.FINAL)[0].status == Obligation.Status.ON_TIME


def test_submitted_report_is_immutable_and_edit_attempt_is_audited(world):
    t, u = world
    event = event_with_first_report(u["village"], t["village_a"])
    report = Report.objects.get(event=event)
    report.nature = "改写"
    with pytest.raises(ApplicationError):
        report.save()
    with pytest.raises(ApplicationError):
        services.report_edit_refused(actor=u["village"], report=report, via="test")
    assert AuditEntry.objects.filter(action="incidents.report.edit_refused", success=False).count() == 1
    assert Report.objects.get(pk=report.pk).nature != "改写"


def test_followup_is_a_new_report_in_the_chain(world):
    t, u = world
    event = event_with_first_report(u["village"], t["village_a"])
    services.report_submit(actor=u["village"], event=event, kind=ReportKind.FOLLOWUP,
                           data=report_data(occurred_at=event.occurred_at, injured=2))
    assert list(Report.objects.filter(event=event).values_list("kind", "sequence")) == [("first", 1), ("followup", 2)]
    event.refresh_from_db()
    assert event.injured == 2


def test_missing_required_elements_are_named(world):
    t, u = world
    event = services.event_create(actor=u["village"], data=event_data(t["village_a"]))
    with pytest.raises(ApplicationError, match="报告人") as exc:
        services.report_submit(actor=u["village"], event=event, kind=ReportKind.FIRST,
                               data=report_data(occurred_at=event.occurred_at, reporter_name=""))
    assert "reporter_name" in exc.value.field_errors
    assert not Report.objects.exists()


def test_supplementary_report_only_for_changed_casualties_within_window(world):
    t, u = world
    event = event_with_first_report(u["county"], t["village_a"], category="accident", subtype="road_traffic")
    with pytest.raises(ApplicationError, match="相同"):
        services.report_submit(actor=u["county"], event=event, kind=ReportKind.SUPPLEMENTARY,
                               data=report_data(occurred_at=event.occurred_at))
    services.report_submit(actor=u["county"], event=event, kind=ReportKind.SUPPLEMENTARY,
                           data=report_data(occurred_at=event.occurred_at, deaths=1))
    Event.objects.filter(pk=event.pk).update(occurred_at=timezone.now() - datetime.timedelta(days=8),
                                             known_at=timezone.now() - datetime.timedelta(days=8))
    event.refresh_from_db()
    with pytest.raises(ApplicationError, match="7日"):
        services.report_submit(actor=u["county"], event=event, kind=ReportKind.SUPPLEMENTARY,
                               data=report_data(occurred_at=event.occurred_at, deaths=2))


def test_bad_input_is_refused_in_chinese_and_nothing_is_written(world):
    t, u = world
    future = timezone.now() + datetime.timedelta(hours=1)
    with pytest.raises(ApplicationError, match="不能晚于当前时间"):
        services.event_create(actor=u["village"], data=event_data(t["village_a"], occurred_at=future, known_at=future))
    with pytest.raises(ApplicationError, match="不能为负数"):
        services.event_create(actor=u["village"], data=event_data(t["village_a"], deaths=-1))
    with pytest.raises(ApplicationError, match="不在您的管辖范围内"):
        services.event_create(actor=u["village"], data=event_data(t["village_b"]))
    assert not Event.objects.exists() and not Obligation.objects.exists()


def test_changing_the_suggested_grade_needs_a_reason(world):
    t, u = world
    data = event_data(t["village_a"], category="accident", subtype="work_safety", deaths=3)
    with pytest.raises(ApplicationError, match="定级理由"):
        services.event_create(actor=u["county"], data={**data, "severity": Severity.GENERAL})
    event = services.event_create(actor=u["county"], data={**data, "severity": Severity.GENERAL,
                                                          "severity_reason": "其中2人系自然死亡，待核实"})
    assert (event.severity, event.severity_suggested) == (Severity.GENERAL, Severity.LARGER)
    assert services.event_create(actor=u["county"], data=data).severity == Severity.LARGER


def test_asking_for_more_information_puts_the_sender_under_a_follow_up_deadline(world):
    t, u = world
    event = event_with_first_report(u["village"], t["village_a"])
    receipt = Receipt.objects.get(division=t["town_a"])
    with pytest.raises(ApplicationError, match="需要补充"):
        services.receipt_request_info(actor=u["township"], receipt=receipt, note=" ")
    services.receipt_request_info(actor=u["township"], receipt=receipt, note="请核实被困人数")
    [ob] = obligations(event, division=t["village_a"], kind=ReportKind.FOLLOWUP)
    assert ob.target == t["town_a"] and ob.owner == u["village"] and ob.status == Obligation.Status.OPEN
    services.report_submit(actor=u["village"], event=event, kind=ReportKind.FOLLOWUP,
                           data=report_data(occurred_at=event.occurred_at, trapped=2))
    ob.refresh_from_db()
    assert ob.status == Obligation.Status.ON_TIME


def test_skipping_levels_meets_the_direct_province_obligation(world):
    t, u = world
    event = services.event_create(actor=u["township"], data=event_data(t["village_a"], missing=12))
    services.report_submit(actor=u["township"], event=event, kind=ReportKind.FIRST,
                           data=report_data(occurred_at=event.occurred_at, missing=12))
    county_receipt = Receipt.objects.get(division=t["county"])
    services.receipt_forward(actor=u["county"], receipt=county_receipt, to=t["province"])
    county_first = obligations(event, division=t["county"], kind=ReportKind.FIRST)
    assert {(o.target.level, o.status) for o in county_first} == {("city", "on_time"), ("province", "on_time")}
    with pytest.raises(ApplicationError, match="上级"):
        services.receipt_forward(actor=u["county"], receipt=county_receipt, to=t["town_b"])


def test_forecast_information_of_a_possible_major_event_is_due_up_within_two_hours():
    """Seed 001: 對可能引發特別重大、重大突發公共事件的預測預警信息 … 在2小時內報送."""
    t = tree()
    u = users(t)
    forecast = services.event_create(actor=u["village"], data=event_data(
        t["village_a"], title="强降雨可能引发山洪", category="accident", subtype="", severity=Severity.MAJOR,
        severity_reason="预测可能引发重大山洪", is_forecast=True))
    [obligation] = Obligation.objects.filter(event=forecast)
    assert obligation.rule.code == "RPT-FORECAST-V"
    assert obligation.due_at - forecast.known_at == datetime.timedelta(hours=2)
    ordinary = services.event_create(actor=u["village"], data=event_data(t["village_a"], category="accident",
                                                                          subtype=""))
    assert not Obligation.objects.filter(event=ordinary, rule__forecast=True).exists()
