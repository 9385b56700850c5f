"""Ingest: good readings stored and evaluated, bad ones counted per reason, alarms without storms."""

import datetime
import json

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from yingji.audit.models import AuditEntry
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Role
from yingji.divisions.tests.factories import UserFactory, county_tree
from yingji.monitoring import notify, rules, selectors, services
from yingji.monitoring.models import Alarm, HourlyAggregate, Reading, Rejection, Sensor
from yingji.monitoring.rules import Level
from yingji.monitoring.tests.factories import SensorFactory, SiteFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now().replace(microsecond=0)


@pytest.fixture
def sensor():
    t = county_tree()
    return SensorFactory(site=SiteFactory(division=t["village_a"], code="hc01"), code="hc01-gas1")


def msg(sensor, value, seconds=0, **extra):
    return (services.topic_for(sensor), json.dumps({"ts": (NOW + datetime.timedelta(seconds=seconds)).isoformat(),
                                                     "value": value, **extra}))


def feed(sensor, *values, start=0, step=60):
    return services.ingest([msg(sensor, v, start + i * step) for i, v in enumerate(values)],
                           now=NOW + datetime.timedelta(seconds=start + len(values) * step))


def test_topic_scheme():
    t = county_tree()
    s = SensorFactory(site=SiteFactory(division=t["village_a"], code="hc01"), code="hc01-gas1")
    assert services.topic_for(s) == "yingji/622926100201/hc01/hc01-gas1"


def test_good_readings_are_stored_and_advance_the_sensor(sensor):
    result = feed(sensor, 5, 6, 7)
    assert result.stored == 3 and not result.rejected
    sensor.refresh_from_db()
    assert (sensor.last_value, sensor.online, sensor.level) == (7.0, True, "")
    assert Reading.objects.filter(sensor=sensor).count() == 3


def test_redelivered_messages_are_stored_once(sensor):
    feed(sensor, 5)
    feed(sensor, 5)
    assert Reading.objects.filter(sensor=sensor).count() == 1


def test_bad_payloads_are_counted_per_reason_and_never_raise(sensor):
    topic = services.topic_for(sensor)
    ts = NOW.isoformat()
    result = services.ingest([
        (topic, b"{not json"),
        (topic, b"\xff\xfe"),
        (topic, json.dumps([1, 2])),
        ("yingji/622926100201/hc01/nope", json.dumps({"ts": ts, "value": 1})),
        ("yingji/000000000000/hc01/hc01-gas1", json.dumps({"ts": ts, "value": 1})),
        ("other/topic", json.dumps({"ts": ts, "value": 1})),
        (topic, json.dumps({"ts": ts, "value": "12"})),
        (topic, json.dumps({"ts": ts, "value": True})),
        (topic, '{"ts": "' + ts + '", "value": NaN}'),
        (topic, json.dumps({"ts": ts, "value": 100.5})),
        (topic, json.dumps({"ts": ts, "value": -1})),
        (topic, json.dumps({"ts": (NOW + datetime.timedelta(hours=1)).isoformat(), "value": 1})),
        (topic, json.dumps({"ts": (NOW - datetime.timedelta(days=30)).isoformat(), "value": 1})),
        (topic, json.dumps({"ts": "yesterday", "value": 1})),
        (topic, json.dumps({"value": 1})),
        (topic, json.dumps({"ts": ts, "value": 50})),
    ], now=NOW)
    assert result.stored == 1
    assert result.rejected == {"malformed": 3, "unknown_sensor": 3, "not_numeric": 3, "out_of_range": 2,
                               "bad_time": 4}
    counts = dict(Rejection.objects.values_list("reason", "count"))
    assert counts == result.rejected
    services.ingest([(topic, b"{")], now=NOW)
    assert Rejection.objects.get(reason="malformed").count == 4
    assert Rejection.objects.get(reason="malformed").last_sample == "{"


def test_http_payloads_name_the_sensor(sensor):
    result = services.ingest([(None, {"sensor": "hc01-gas1", "ts": NOW.timestamp(), "value": 3}),
                              (None, {"ts": NOW.isoformat(), "value": 3})], now=NOW)
    assert result.stored == 1 and result.rejected == {"unknown_sensor": 1}


def test_a_value_dithering_at_a_threshold_raises_one_alarm(sensor):
    feed(sensor, 19, 20, 19.5, 20.5, 18.5, 21, 19)
    # Blue was entered at 19; yellow once at 20 and held through 19.5/18.5 (threshold 20 − hysteresis 2).
    [blue, yellow] = Alarm.objects.filter(sensor=sensor).order_by("raised_at")
    assert (yellow.level, yellow.value, yellow.threshold, yellow.peak) == (Level.YELLOW, 20.0, 20.0, 21.0)
    assert blue.level == Level.BLUE
    sensor.refresh_from_db()
    assert sensor.level == Level.YELLOW


def test_rising_through_levels_opens_one_alarm_per_level_and_clears_when_normal(sensor):
    feed(sensor, 12, 25, 33, 45, 44, 5)
    alarms = {a.level: a for a in Alarm.objects.filter(sensor=sensor)}
    assert set(alarms) == {Level.BLUE, Level.YELLOW, Level.ORANGE, Level.RED}
    assert alarms[Level.RED].peak == 45.0
    assert all(a.cleared_at is not None for a in alarms.values())
    # Still unresolved: the same level again does not open a second alarm.
    feed(sensor, 45, start=600)
    assert Alarm.objects.filter(sensor=sensor, level=Level.RED).count() == 1


def test_the_database_refuses_a_second_open_alarm_for_a_sensor_and_level(sensor):
    Alarm.objects.create(sensor=sensor, division=sensor.division, level=Level.RED, raised_at=NOW)
    with pytest.raises(IntegrityError), transaction.atomic():
        Alarm.objects.create(sensor=sensor, division=sensor.division, level=Level.RED, raised_at=NOW)
    Alarm.objects.filter(sensor=sensor).update(status=Alarm.Status.RESOLVED)
    Alarm.objects.create(sensor=sensor, division=sensor.division, level=Level.RED, raised_at=NOW)


def test_rate_of_change_alarm(sensor):
    Sensor.objects.filter(pk=sensor.pk).update(rate_limit=3.0)
    sensor.refresh_from_db()
    feed(sensor, 1, 5)  # +4 per minute
    [alarm] = Alarm.objects.filter(sensor=sensor)
    assert (alarm.kind, alarm.level, alarm.threshold) == (Alarm.Kind.RATE, Level.YELLOW, 3.0)


def test_workflow_acknowledge_handle_resolve_is_audited(sensor):
    feed(sensor, 45)
    alarm = Alarm.objects.get(sensor=sensor)
    user = UserFactory(division=sensor.division)
    with pytest.raises(ApplicationError):
        services.alarm_step(actor=user, alarm=alarm, step="handle", measures=" ")
    alarm = services.alarm_step(actor=user, alarm=alarm, step="acknowledge")
    assert alarm.status == Alarm.Status.ACKNOWLEDGED and alarm.acknowledged_by == user
    with pytest.raises(ApplicationError):
        services.alarm_step(actor=user, alarm=alarm, step="acknowledge")
    alarm = services.alarm_step(actor=user, alarm=alarm, step="handle", measures="关闭阀门，通风")
    with pytest.raises(ApplicationError):
        services.alarm_step(actor=user, alarm=alarm, step="resolve", cause="")
    alarm = services.alarm_step(actor=user, alarm=alarm, step="resolve", cause="阀门泄漏", false_alarm=False)
    assert alarm.status == Alarm.Status.RESOLVED
    assert AuditEntry.objects.filter(object_pk=str(alarm.pk), action__startswith="monitoring.alarm.").count() == 3
    # Resolved: the next red reading after normal opens a new alarm.
    feed(sensor, 5, 46, start=120)
    assert Alarm.objects.filter(sensor=sensor, level=Level.RED).count() == 2


def test_escalation_after_the_acknowledgement_window(sensor):
    feed(sensor, 45)
    alarm = Alarm.objects.get(sensor=sensor)
    window = datetime.timedelta(minutes=rules.ESCALATE_AFTER_MINUTES)
    assert services.escalate(now=alarm.raised_at + window - datetime.timedelta(seconds=1)) == 0
    assert services.escalate(now=alarm.raised_at + window) == 1
    assert services.escalate(now=alarm.raised_at + window * 2) == 0  # once


def test_an_escalated_alarm_is_sent_once_to_the_level_above(sensor, django_capture_on_commit_callbacks):
    from yingji.messaging.models import Dispatch

    township = UserFactory(division=sensor.division.parent, role=Role.TOWNSHIP_STAFF)
    UserFactory(division=sensor.division, role=Role.INFO_OFFICER)  # the village's own: not "above"
    feed(sensor, 45)
    alarm = Alarm.objects.get(sensor=sensor)
    later = alarm.raised_at + datetime.timedelta(minutes=rules.ESCALATE_AFTER_MINUTES)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.escalate(now=later) == 1
    [dispatch] = Dispatch.objects.filter(topic="monitoring.alarm.escalated")
    assert dispatch.division == sensor.division.parent
    assert set(dispatch.deliveries.values_list("recipient_key", flat=True)) == {f"user:{township.pk}"}
    assert "超时未确认" in dispatch.subject
    # A second scan, or a rerun of the notification, tells nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.escalate(now=later) == 0
    notify.alarms_escalated([alarm.pk])
    assert Dispatch.objects.filter(topic="monitoring.alarm.escalated").count() == 1


def test_offline_after_n_silent_intervals_and_back_online(sensor):
    feed(sensor, 5)
    sensor.refresh_from_db()
    limit = sensor.last_reading_at + datetime.timedelta(seconds=60 * rules.OFFLINE_AFTER_INTERVALS)
    assert services.offline_scan(now=limit) == 0
    assert services.offline_scan(now=limit + datetime.timedelta(seconds=1)) == 1
    assert services.offline_scan(now=limit + datetime.timedelta(seconds=2)) == 0
    alarm = Alarm.objects.get(sensor=sensor, kind=Alarm.Kind.OFFLINE)
    sensor.refresh_from_db()
    assert not sensor.online
    later = sensor.last_reading_at + datetime.timedelta(minutes=10)
    services.ingest([msg(sensor, 5, 600)], now=later)
    alarm.refresh_from_db()
    sensor.refresh_from_db()
    assert sensor.online and alarm.status == Alarm.Status.RESOLVED


def test_downsampling_keeps_hourly_aggregates_after_pruning(sensor):
    start = NOW - datetime.timedelta(days=rules.MAX_PAST_DAYS - 1)
    start = start.replace(minute=0, second=0)
    rows = [Reading(sensor=sensor, ts=start + datetime.timedelta(minutes=10 * i), value=float(i)) for i in range(12)]
    Reading.objects.bulk_create(rows)
    made, pruned = services.downsample(now=start + datetime.timedelta(hours=2, minutes=5))
    assert (made, pruned) == (2, 0)
    first = HourlyAggregate.objects.get(sensor=sensor, hour=start)
    assert (first.count, first.minimum, first.maximum, first.mean) == (6, 0.0, 5.0, 2.5)
    assert services.downsample(now=start + datetime.timedelta(hours=2, minutes=6)) == (0, 0)
    later = start + datetime.timedelta(days=rules.RAW_RETENTION_DAYS + 1)
    assert services.downsample(now=later)[1] == 12
    assert HourlyAggregate.objects.filter(sensor=sensor).count() == 2


def test_a_late_reading_for_an_hour_already_rolled_up_is_added_to_its_aggregate(sensor):
    start = (NOW - datetime.timedelta(days=2)).replace(minute=0, second=0)
    Reading.objects.bulk_create([Reading(sensor=sensor, ts=start + datetime.timedelta(minutes=m), value=v)
                                 for m, v in ((0, 2.0), (30, 4.0))])
    services.downsample(now=start + datetime.timedelta(hours=3))
    late_ts = start + datetime.timedelta(minutes=45)
    result = services.ingest([(services.topic_for(sensor), json.dumps({"ts": late_ts.isoformat(), "value": 9.0}))],
                             now=NOW)
    assert result.stored == 1
    hour = HourlyAggregate.objects.get(sensor=sensor, hour=start)
    assert (hour.count, hour.minimum, hour.maximum, hour.mean) == (3, 2.0, 9.0, 5.0)
    assert HourlyAggregate.objects.count() == 1


def test_alarms_in_is_scoped_to_the_division_and_period(sensor):
    t = county_tree()
    feed(sensor, 45)
    other = SensorFactory(site=SiteFactory(division=t["village_b"]))
    feed(other, 45)
    day = datetime.timedelta(days=1)
    assert selectors.alarms_in(t["town_a"], NOW - day, NOW + day).count() == 1
    assert selectors.alarms_in(t["county"], NOW - day, NOW + day).count() == 2
    assert selectors.alarms_in(t["county"], NOW + day, NOW + 2 * day).count() == 0


def test_a_payload_with_nul_bytes_is_counted_and_shown_without_them(sensor):
    """PostgreSQL refuses NUL in text: the sample shown to the operator must not carry it, or the
    batch would fail on every retry and block the stream."""
    services.ingest([(services.topic_for(sensor), b"\x00garbage")])
    rejection = Rejection.objects.get(reason="malformed")
    assert rejection.count == 1 and rejection.last_sample == "\ufffdgarbage"
