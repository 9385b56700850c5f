"""Writes for monitoring: ingest of readings, threshold evaluation, alarms and their workflow, scans.

`ingest()` is the one path for readings, whether they came from MQTT or the HTTP batch endpoint:
parse and validate every message (bad ones are counted per reason, never raised), then one
transaction stores the good readings, advances each sensor's evaluation state and opens alarms.
"""

from __future__ import annotations

import datetime
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, F, Max, Min, Q
from django.db.models.functions import TruncHour
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from yingji.audit.services import (
    audited_create,
    audited_restore,
    audited_soft_delete,
    audited_update,
    record,
    snapshot,
)
from yingji.core.exceptions import ApplicationError
from yingji.monitoring import notify, rules
from yingji.monitoring.models import Alarm, HourlyAggregate, Reading, Rejection, Sensor, Site

Reason = Rejection.Reason
TOPIC_PREFIX = "yingji"


@dataclass
class IngestResult:
    stored: int = 0
    duplicates: int = 0
    rejected: Counter = field(default_factory=Counter)
    alarms: list[Alarm] = field(default_factory=list)


class Rejected(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def topic_for(sensor: Sensor) -> str:
    """yingji/<division code>/<site code>/<sensor code> — the documented topic scheme."""
    return f"{TOPIC_PREFIX}/{sensor.division.code}/{sensor.site.code}/{sensor.code}"


def _parse_ts(raw: Any, now: datetime.datetime) -> datetime.datetime:
    if isinstance(raw, bool) or raw is None:
        raise Rejected(Reason.BAD_TIME)
    if isinstance(raw, int | float):
        try:
            ts = datetime.datetime.fromtimestamp(raw, tz=datetime.UTC)
        except (OverflowError, OSError, ValueError):
            raise Rejected(Reason.BAD_TIME) from None
    elif isinstance(raw, str):
        try:
            ts = parse_datetime(raw)
        except ValueError:
            ts = None
        if ts is None:
            raise Rejected(Reason.BAD_TIME)
        if timezone.is_naive(ts):
            ts = timezone.make_aware(ts)
    else:
        raise Rejected(Reason.BAD_TIME)
    if ts > now + datetime.timedelta(seconds=rules.MAX_FUTURE_SECONDS) or \
            ts < now - datetime.timedelta(days=rules.MAX_PAST_DAYS):
        raise Rejected(Reason.BAD_TIME)
    return ts


def parse_message(raw: Any, topic: str | None = None) -> dict:
    """A JSON object {"sensor": code, "ts": ISO 8601 or epoch seconds, "value": number}.

    Over MQTT the sensor code may come from the topic's last segment instead of the payload.
    """
    if isinstance(raw, dict):
        payload = raw
    elif not isinstance(raw, bytes | str):
        raise Rejected(Reason.MALFORMED)
    else:
        try:
            payload = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise Rejected(Reason.MALFORMED) from None
    if not isinstance(payload, dict):
        raise Rejected(Reason.MALFORMED)
    code = payload.get("sensor")
    if topic is not None:
        parts = topic.split("/")
        if len(parts) != 4 or parts[0] != TOPIC_PREFIX or (code is not None and code != parts[3]):
            raise Rejected(Reason.UNKNOWN_SENSOR)
        code = parts[3]
        payload = {**payload, "_division": parts[1], "_site": parts[2]}
    if not isinstance(code, str) or not code:
        raise Rejected(Reason.UNKNOWN_SENSOR)
    value = payload.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise Rejected(Reason.NOT_NUMERIC)
    return {**payload, "sensor": code, "value": float(value)}


def _shown_sample(raw: str) -> str:
    """What the operator sees of a rejected payload: control characters (PostgreSQL refuses NUL in
    text, so a garbage payload would otherwise fail the whole batch, again and again) become �."""
    return "".join(c if c.isprintable() or c in "\n\t" else "\ufffd" for c in raw[:300])


def _count_rejections(rejected: Counter, samples: dict[str, str], now) -> None:
    for reason, n in rejected.items():
        sample = _shown_sample(samples[reason])
        updated = Rejection.objects.filter(reason=reason).update(count=F("count") + n, last_at=now,
                                                                 last_sample=sample)
        if not updated:
            Rejection.objects.get_or_create(reason=reason, defaults={"count": 0})
            Rejection.objects.filter(reason=reason).update(count=F("count") + n, last_at=now, last_sample=sample)


def ingest(messages: Iterable[tuple[str | None, bytes | str | dict]], *, now=None, within=None) -> IngestResult:
    """Validate, store and evaluate a batch of (topic or None, payload) messages in one transaction.

    `within` (a division) limits the sensors a caller may write to: others count as unknown.
    """
    now = now or timezone.now()
    result = IngestResult()
    samples: dict[str, str] = {}
    parsed: list[dict] = []
    for topic, raw in messages:
        try:
            parsed.append(parse_message(raw, topic))
        except Rejected as exc:
            result.rejected[exc.reason] += 1
            samples[exc.reason] = raw if isinstance(raw, str) else (
                raw.decode("utf-8", "replace") if isinstance(raw, bytes)
                else json.dumps(raw, ensure_ascii=False, default=str))
    with transaction.atomic():
        candidates = Sensor.objects.select_related("site", "division").select_for_update(of=("self",))
        if within is not None:
            candidates = candidates.within(within)
        sensors = {s.code: s for s in candidates.filter(code__in={p["sensor"] for p in parsed})}
        good: dict[int, list[tuple[datetime.datetime, float]]] = defaultdict(list)
        for p in parsed:
            sensor = sensors.get(p["sensor"])
            try:
                if sensor is None or ("_site" in p and (p["_site"] != sensor.site.code
                                                        or p["_division"] != sensor.division.code)):
                    raise Rejected(Reason.UNKNOWN_SENSOR)
                if not sensor.valid_min <= p["value"] <= sensor.valid_max:
                    raise Rejected(Reason.OUT_OF_RANGE)
                good[sensor.pk].append((_parse_ts(p.get("ts"), now), p["value"]))
            except Rejected as exc:
                result.rejected[exc.reason] += 1
                samples[exc.reason] = json.dumps({k: v for k, v in p.items() if not k.startswith("_")},
                                                 ensure_ascii=False, default=str)
        rows = [Reading(sensor_id=pk, ts=ts, value=v) for pk, items in good.items() for ts, v in items]
        Reading.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
        result.stored = len(rows)
        _reaggregate_late(rows, now)
        by_pk = {s.pk: s for s in sensors.values()}
        changed = []
        for pk, items in good.items():
            result.alarms.extend(_advance(by_pk[pk], sorted(items), now))
            changed.append(by_pk[pk])
        Sensor.all_objects.bulk_update(changed, ["level", "last_value", "last_reading_at", "offline_after", "online"])
        if result.rejected:
            _count_rejections(result.rejected, samples, now)
    return result


def _advance(sensor: Sensor, items: list[tuple[datetime.datetime, float]], now) -> list[Alarm]:
    """Run a sensor's readings (in time order) through evaluate(); open alarms on rising levels."""
    raised: list[Alarm] = []
    in_alarm = bool(sensor.level)
    was_offline = not sensor.online and sensor.last_reading_at is not None
    for ts, value in items:
        if sensor.last_reading_at is not None and ts <= sensor.last_reading_at:
            continue  # late or duplicate: stored, but evaluation only moves forward in time
        rate = None
        if sensor.last_reading_at is not None and sensor.last_value is not None:
            minutes = (ts - sensor.last_reading_at).total_seconds() / 60
            rate = (value - sensor.last_value) / minutes if minutes else None
        previous = sensor.level or None
        level = rules.evaluate(value, thresholds=sensor.thresholds, rising=sensor.rising,
                               hysteresis=sensor.hysteresis, previous=previous,
                               rate=rate, rate_limit=sensor.rate_limit)
        if level and (previous is None or rules.RANK[level] > rules.RANK[previous]):
            threshold = sensor.thresholds.get(level)
            kind = Alarm.Kind.THRESHOLD
            reached = threshold is not None and (value >= threshold if sensor.rising else value <= threshold)
            if not reached:
                kind, threshold = Alarm.Kind.RATE, sensor.rate_limit
            alarm = _open_alarm(sensor, kind=kind, level=level, value=value, threshold=threshold, at=ts)
            if alarm:
                raised.append(alarm)
        if previous and not level:
            Alarm.objects.filter(sensor=sensor, cleared_at__isnull=True).exclude(
                status=Alarm.Status.RESOLVED).update(cleared_at=ts)
        sensor.level = level or ""
        in_alarm = in_alarm or bool(level)
        sensor.last_value = value
        sensor.last_reading_at = ts
    if in_alarm:
        # The worst value of the batch becomes the peak of the sensor's unresolved alarms it exceeds.
        values = [v for _ts, v in items]
        worst = max(values) if sensor.rising else min(values)
        Alarm.objects.filter(sensor=sensor, kind__in=(Alarm.Kind.THRESHOLD, Alarm.Kind.RATE)).exclude(
            status=Alarm.Status.RESOLVED).filter(**{"peak__lt" if sensor.rising else "peak__gt": worst}).update(
            peak=worst)
    if sensor.last_reading_at is not None:
        sensor.offline_after = sensor.last_reading_at + datetime.timedelta(
            seconds=sensor.interval_seconds * rules.OFFLINE_AFTER_INTERVALS)
        sensor.online = sensor.offline_after > now
        if was_offline and sensor.online:
            Alarm.objects.filter(sensor=sensor, kind=Alarm.Kind.OFFLINE).exclude(
                status=Alarm.Status.RESOLVED).update(status=Alarm.Status.RESOLVED, resolved_at=now,
                                                     cleared_at=now, cause=_("传感器恢复上报"))
    return raised


def _open_alarm(sensor: Sensor, *, kind, level, value, threshold, at) -> Alarm | None:
    """Open an alarm unless one is already unresolved for this sensor, kind and level (then raise its peak)."""
    existing = Alarm.objects.filter(sensor=sensor, kind=kind, level=level).exclude(
        status=Alarm.Status.RESOLVED).first()
    if existing:
        return None
    try:
        with transaction.atomic():  # savepoint: the conditional unique constraint settles a race
            return Alarm.objects.create(sensor=sensor, division_id=sensor.division_id, kind=kind, level=level,
                                        value=value, threshold=threshold, peak=value, raised_at=at)
    except IntegrityError:
        return None


# Alarm workflow ----------------------------------------------------------------------------------

NEXT = {
    "acknowledge": (Alarm.Status.OPEN,),
    "handle": (Alarm.Status.OPEN, Alarm.Status.ACKNOWLEDGED),
    "resolve": (Alarm.Status.OPEN, Alarm.Status.ACKNOWLEDGED, Alarm.Status.HANDLED),
}


@transaction.atomic
def alarm_step(*, actor, alarm: Alarm, step: str, measures: str = "", cause: str = "",
               false_alarm: bool = False) -> Alarm:
    """acknowledge → handle (measures) → resolve (cause, false-alarm flag); audited."""
    alarm = Alarm.objects.select_for_update().get(pk=alarm.pk)
    if step not in NEXT:
        raise ApplicationError(_("未知的操作。"), code="bad_step")
    if alarm.status not in NEXT[step]:
        raise ApplicationError(_("报警当前状态为“%(status)s”，不能执行此操作。") % {
            "status": alarm.get_status_display()}, code="bad_state")
    before = snapshot(alarm)
    now = timezone.now()
    if alarm.acknowledged_at is None:
        alarm.acknowledged_at, alarm.acknowledged_by = now, actor
    if step == "acknowledge":
        alarm.status = Alarm.Status.ACKNOWLEDGED
    elif step == "handle":
        if not measures.strip():
            raise ApplicationError(_("请填写处置措施。"), field_errors={"measures": [_("必填。")]})
        alarm.status, alarm.handled_at, alarm.measures = Alarm.Status.HANDLED, now, measures.strip()
    else:
        if not cause.strip():
            raise ApplicationError(_("解除报警须填写原因。"), field_errors={"cause": [_("必填。")]})
        alarm.status, alarm.resolved_at = Alarm.Status.RESOLVED, now
        alarm.cause, alarm.false_alarm = cause.strip(), bool(false_alarm)
    alarm.save()
    record(actor=actor, action=f"monitoring.alarm.{step}", obj=alarm, before=before, after=snapshot(alarm))
    return alarm


# Periodic scans (set-based) ----------------------------------------------------------------------


@transaction.atomic
def offline_scan(*, now=None) -> int:
    """Sensors silent for OFFLINE_AFTER_INTERVALS intervals go offline and get one offline alarm each."""
    now = now or timezone.now()
    stale = list(Sensor.objects.filter(online=True, offline_after__lt=now).values_list("pk", "division_id"))
    if not stale:
        return 0
    Sensor.objects.filter(pk__in=[pk for pk, _d in stale]).update(online=False)
    Alarm.objects.bulk_create([
        Alarm(sensor_id=pk, division_id=division_id, kind=Alarm.Kind.OFFLINE, level=rules.Level.BLUE,
              raised_at=now) for pk, division_id in stale
    ], ignore_conflicts=True)
    return len(stale)


@transaction.atomic
def escalate(*, now=None) -> int:
    """Open alarms not acknowledged within ESCALATE_AFTER_MINUTES are flagged escalated and, after
    commit, the level above is told (monitoring.notify; once per alarm)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=rules.ESCALATE_AFTER_MINUTES)
    due = Alarm.objects.filter(status=Alarm.Status.OPEN, escalated_at__isnull=True, raised_at__lte=cutoff)
    ids = list(due.values_list("pk", flat=True))
    if not ids:
        return 0
    count = Alarm.objects.filter(pk__in=ids, escalated_at__isnull=True).update(escalated_at=now)
    transaction.on_commit(lambda: notify.alarms_escalated(ids))
    return count


def _hourly(readings) -> list[HourlyAggregate]:
    rows = (readings.annotate(h=TruncHour("ts")).values("sensor_id", "h")
            .annotate(n=Count("id"), lo=Min("value"), hi=Max("value"), avg=Avg("value")).order_by())
    return [HourlyAggregate(sensor_id=r["sensor_id"], hour=r["h"], count=r["n"], minimum=r["lo"], maximum=r["hi"],
                            mean=r["avg"]) for r in rows]


def _save_aggregates(aggregates: list[HourlyAggregate]) -> None:
    HourlyAggregate.objects.bulk_create(aggregates, update_conflicts=True, unique_fields=["sensor", "hour"],
                                        update_fields=["count", "minimum", "maximum", "mean"], batch_size=1000)


def _reaggregate_late(rows: list[Reading], now) -> None:
    """Readings may arrive up to MAX_PAST_DAYS late; one for an hour downsample has already rolled up
    recomputes that sensor's hour, or it would be missing from the aggregates once the raw rows are
    pruned. Fresh readings (this hour) cost nothing here; late ones one lookup on the (sensor, hour) index
    and one read of exactly those hours."""
    this_hour = now.replace(minute=0, second=0, microsecond=0)
    late = {(r.sensor_id, r.ts.replace(minute=0, second=0, microsecond=0)) for r in rows if r.ts < this_hour}
    if not late:
        return
    rolled_up = set(HourlyAggregate.objects.filter(sensor_id__in={pk for pk, _hour in late},
                                                   hour__in={hour for _pk, hour in late})
                    .values_list("sensor_id", "hour"))
    late &= rolled_up
    if not late:
        return
    hours = Q()
    for pk, hour in late:
        hours |= Q(sensor_id=pk, ts__gte=hour, ts__lt=hour + datetime.timedelta(hours=1))
    _save_aggregates(_hourly(Reading.objects.filter(hours)))


@transaction.atomic
def downsample(*, now=None) -> tuple[int, int]:
    """Roll complete hours since the last aggregated one into HourlyAggregate, then drop raw
    readings older than RAW_RETENTION_DAYS. Returns (aggregates written, readings pruned). Readings that
    arrive later for an hour already rolled up are added by ingest (_reaggregate_late)."""
    now = now or timezone.now()
    this_hour = now.replace(minute=0, second=0, microsecond=0)
    rows = Reading.objects.filter(ts__lt=this_hour)
    last = HourlyAggregate.objects.aggregate(last=Max("hour"))["last"]
    if last is not None:
        rows = rows.filter(ts__gte=last + datetime.timedelta(hours=1))
    aggregates = _hourly(rows)
    _save_aggregates(aggregates)
    cutoff = this_hour - datetime.timedelta(days=rules.RAW_RETENTION_DAYS)
    pruned, _detail = Reading.objects.filter(ts__lt=cutoff).delete()
    return len(aggregates), pruned


# Sites and sensors -------------------------------------------------------------------------------


def site_create(*, actor, data: dict) -> Site:
    return audited_create(actor=actor, obj=Site(**data))


def site_update(*, actor, obj: Site, data: dict) -> Site:
    return audited_update(actor=actor, obj=obj, data=data)


@transaction.atomic
def site_delete(*, actor, obj: Site) -> Site:
    """A site is deleted only without live sensors: readings for a deleted site's sensors would still be
    stored and alarm, with no site to show them under."""
    locked = Site.all_objects.select_for_update().get(pk=obj.pk)
    if Sensor.objects.filter(site=locked).exists():
        raise ApplicationError(_("该点位还有传感器，请先删除或移到其他点位。"), code="has_sensors")
    return audited_soft_delete(actor=actor, obj=locked)


def sensor_create(*, actor, data: dict) -> Sensor:
    sensor = Sensor(**data)
    sensor.division_id = sensor.site.division_id
    return audited_create(actor=actor, obj=sensor)


def sensor_update(*, actor, obj: Sensor, data: dict) -> Sensor:
    if "site" in data:
        data = {**data, "division_id": data["site"].division_id}
    return audited_update(actor=actor, obj=obj, data=data)


def soft_delete(*, actor, obj):
    return audited_soft_delete(actor=actor, obj=obj)


def restore(*, actor, obj):
    return audited_restore(actor=actor, obj=obj)
