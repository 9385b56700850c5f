"""Reads for monitoring that other apps use (the monthly bulletin, the yearly figure)."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from yingji.monitoring.models import Alarm


def alarms_in(division, start: datetime.datetime, end: datetime.datetime) -> QuerySet[Alarm]:
    """Alarms raised in [start, end) at sensors in the division's subtree."""
    return (Alarm.objects.within(division).filter(raised_at__gte=start, raised_at__lt=end)
            .select_related("sensor__site", "division"))


def effective_alarms(division, start, end) -> QuerySet[Alarm]:
    """Threshold/rate alarms in the period that were resolved and not flagged as false alarms."""
    return alarms_in(division, start, end).filter(status=Alarm.Status.RESOLVED, false_alarm=False).exclude(
        kind=Alarm.Kind.OFFLINE)


def yearly_figure(division, year: int) -> dict[str, int]:
    """Seed 003's yearly figure: effective warnings (alarms) and hazards resolved in the year."""
    from django.utils import timezone

    from yingji.hazards.selectors import hazards_closed_in

    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    alarms = effective_alarms(division, start, end).count()
    hazards = hazards_closed_in(division, start, end).count()
    return {"effective_alarms": alarms, "hazards_resolved": hazards, "total": alarms + hazards}


# Raw points are charted up to this span; longer spans use the hourly aggregates.
RAW_CHART_MAX = datetime.timedelta(days=2)


def series(sensor, start: datetime.datetime, end: datetime.datetime) -> list[tuple[str, float]]:
    """(ISO time, value) points for a chart: raw readings for short spans, hourly means for long ones."""
    from yingji.monitoring.models import HourlyAggregate, Reading

    if end - start <= RAW_CHART_MAX:
        rows = Reading.objects.filter(sensor=sensor, ts__gte=start, ts__lt=end).order_by("ts").values_list(
            "ts", "value")
    else:
        rows = HourlyAggregate.objects.filter(sensor=sensor, hour__gte=start, hour__lt=end).order_by(
            "hour").values_list("hour", "mean")
    return [(ts.isoformat(), value) for ts, value in rows]


def rejections():
    from yingji.monitoring.models import Rejection

    return Rejection.objects.all()
