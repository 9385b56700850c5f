"""Pages: an alarm with its workflow, a sensor with its readings chart, the ingest rejection counters."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingji.audit.selectors import history_for
from yingji.audit.signals import record_denied
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Action, has_permission
from yingji.monitoring import permissions, selectors, services
from yingji.monitoring.models import Alarm
from yingji.monitoring.registers import ALARMS, SENSORS

SPANS = {"6h": datetime.timedelta(hours=6), "24h": datetime.timedelta(days=1), "7d": datetime.timedelta(days=7),
         "30d": datetime.timedelta(days=30), "365d": datetime.timedelta(days=365)}


def _require(request, capability: str, action: str) -> None:
    if not has_permission(request.user, capability, action):
        record_denied(user=request.user, path=request.get_full_path())
        raise PermissionDenied


@login_required
def alarm_detail(request, pk: int):
    alarm = ALARMS.access(request.user, pk)
    _require(request, ALARMS.capability, Action.VIEW)
    steps = [step for step, allowed in services.NEXT.items() if alarm.status in allowed]
    return render(request, "monitoring/alarm.html", {
        "alarm": alarm, "steps": steps, "history": history_for(alarm, user=request.user)[:50],
        "can_change": has_permission(request.user, ALARMS.capability, Action.CHANGE)})


@login_required
@require_POST
def alarm_step(request, pk: int, step: str):
    alarm = ALARMS.access(request.user, pk)
    _require(request, ALARMS.capability, Action.CHANGE)
    try:
        services.alarm_step(actor=request.user, alarm=alarm, step=step, measures=request.POST.get("measures", ""),
                            cause=request.POST.get("cause", ""), false_alarm=request.POST.get("false_alarm") == "on")
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已更新。"))
    return redirect("monitoring-alarm", pk=alarm.pk)


@login_required
def sensor_detail(request, pk: int):
    sensor = SENSORS.access(request.user, pk)
    _require(request, SENSORS.capability, Action.VIEW)
    span = request.GET.get("span", "24h")
    if span not in SPANS:
        span = "24h"
    end = timezone.now()
    chart = {"points": selectors.series(sensor, end - SPANS[span], end), "unit": sensor.unit,
             "thresholds": {k: v for k, v in sensor.thresholds.items() if v is not None}}
    alarms = Alarm.objects.visible_to(request.user).filter(sensor=sensor).order_by("-raised_at")[:20]
    return render(request, "monitoring/sensor.html", {
        "sensor": sensor, "chart": chart, "span": span, "spans": list(SPANS), "alarms": alarms,
        "topic": services.topic_for(sensor), "history": history_for(sensor, user=request.user)[:20]})


@login_required
def rejections(request):
    """What the ingest refused, counted per reason, with the last sample of each."""
    _require(request, permissions.INGEST.code, Action.VIEW)
    return render(request, "monitoring/rejections.html", {"rows": selectors.rejections()})


@login_required
def yearly(request):
    """Seed 003's yearly figure for the user's division: effective alarms and hazards resolved."""
    _require(request, ALARMS.capability, Action.VIEW)
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    year = min(max(year, 2000), this_year)
    division = request.user.division
    rows = [{"year": y, **selectors.yearly_figure(division, y)} for y in range(year, year - 3, -1)]
    return render(request, "monitoring/yearly.html", {"division": division, "rows": rows, "year": year})
