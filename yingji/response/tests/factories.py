"""Factories for responses and their parts, through the services (the write path the app uses)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from yingji.core.permissions import Role
from yingji.divisions.tests.factories import UserFactory
from yingji.incidents import services as incident_services
from yingji.incidents.tests.factories import event_data
from yingji.response import services
from yingji.response.models import Response, Task
from yingji.response.rules import Level


def event(division, **extra):
    officer = UserFactory(division=division, role=Role.INFO_OFFICER)
    return incident_services.event_create(actor=officer, data=event_data(division, **extra))


def response(division, ev=None, level=Level.IV, actor=None, **extra) -> Response:
    """A running response of `division` (a county or township) for an event in its subtree."""
    if ev is None:
        village = division if division.level == "village" else division.children.filter(level="village").first()
        ev = event(village or division)
    return services.response_start(actor=actor, division=division, event=ev, level=level,
                                   matters=extra.pop("matters", "山体滑坡抢险和群众转移"),
                                   commander=extra.pop("commander", "马县长"), **extra)


def task(resp: Response, *, deadline=None, actor=None, **extra) -> Task:
    group = resp.groups.order_by("pk").first()
    return services.task_create(actor=actor, data={
        "response": resp, "title": extra.pop("title", "转移受威胁群众"), "group": group,
        "deadline": deadline or timezone.now() + datetime.timedelta(hours=2), **extra})
