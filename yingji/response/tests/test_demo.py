"""The demo: one reviewed response and one running one (with an overdue task) on the incidents demo's events;
a second run adds nothing."""

import datetime

import pytest
from django.utils import timezone

from yingji.incidents.models import Event
from yingji.plans.models import Plan
from yingji.plans.tests.factories import made
from yingji.response import demo, selectors
from yingji.response.models import Response, Task
from yingji.response.rules import Status
from yingji.response.tests.factories import event

pytestmark = pytest.mark.django_db


def test_demo_has_a_reviewed_and_a_running_response_and_is_idempotent(tree):
    old, recent = event(tree["village_a"], title="锁南村山洪"), event(tree["village_b"], title="达板村滑坡")
    now = timezone.now()
    Event.objects.filter(pk=old.pk).update(status=Event.Status.CLOSED, occurred_at=now - datetime.timedelta(days=30),
                                           known_at=now - datetime.timedelta(days=30))
    Event.objects.filter(pk=recent.pk).update(occurred_at=now - datetime.timedelta(hours=5),
                                              known_at=now - datetime.timedelta(hours=5))
    plan = made(tree["town_a"])
    said = []
    demo.load_demo(tree["county"], said.append)
    reviewed = Response.objects.get(event=old)
    active = Response.objects.get(event=recent)
    assert reviewed.status == Status.REVIEWED and reviewed.findings.filter(plan=plan).exists()
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.REVISING
    assert active.status == Status.ACTIVE and selectors.overdue(Task.objects.filter(response=active)).count() == 1
    assert len(selectors.timeline(active)) >= 2 and active.press_releases.count() == 2
    demo.load_demo(tree["county"], said.append)
    assert Response.objects.count() == 2 and said[-1] == "应急响应 response: already loaded"
