"""Factories for events and a county tree with a city and province above it."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from yingji.core.permissions import Role
from yingji.divisions.tests.factories import PersonFactory, UserFactory, county_tree
from yingji.incidents import services
from yingji.incidents.models import Event, ReportKind


def tree():
    return county_tree()


def user(division, role):
    return UserFactory(division=division, role=role, person=PersonFactory(division=division))


def users(t=None):
    t = t or tree()
    return {
        "village": user(t["village_a"], Role.INFO_OFFICER),
        "township": user(t["town_a"], Role.TOWNSHIP_STAFF),
        "county": user(t["county"], Role.DUTY_OFFICER),
        "city": user(t["city"], Role.DUTY_OFFICER),
        "province": user(t["province"], Role.DUTY_OFFICER),
        "other_village": user(t["village_b"], Role.INFO_OFFICER),
    }


def report_data(**extra):
    now = timezone.now()
    data = {
        "occurred_at": now - datetime.timedelta(minutes=10), "place": "锁南村二社", "source": "村信息员电话报告",
        "nature": "民房后山体滑坡，掩埋一处羊圈", "reporter_name": "马建国", "reporter_phone": "13909301234",
        "deaths": 0, "missing": 0, "injured": 0, "serious_injuries": 0, "trapped": 0,
        "economic_loss": Decimal("0"), "scope": "", "trend": "", "measures": "已疏散周边群众", "next_steps": "",
    }
    data.update(extra)
    return data


def event_data(division, **extra):
    now = timezone.now()
    data = {
        "division": division, "title": "锁南村山体滑坡", "category": "natural", "subtype": "geological",
        "occurred_at": now - datetime.timedelta(minutes=10), "known_at": now - datetime.timedelta(minutes=5),
        "source": "村信息员", "deaths": 0, "missing": 0, "injured": 0, "serious_injuries": 0, "trapped": 0,
        "economic_loss": Decimal("0"),
    }
    data.update(extra)
    return data


def event_with_first_report(actor, division, **extra) -> Event:
    event = services.event_create(actor=actor, data=event_data(division, **extra))
    services.report_submit(actor=actor, event=event, kind=ReportKind.FIRST,
                           data=report_data(occurred_at=event.occurred_at))
    return event
