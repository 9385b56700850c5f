"""Reads: responses in scope, overdue tasks, the situation timeline (own log + the event's reports), the
response page's parts. Each list runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.response.models import Commitment, LevelChange, Response, SituationEntry, Task
from yingji.response.rules import TaskStatus


def with_task_counts(qs: QuerySet[Response], now: datetime.datetime | None = None) -> QuerySet[Response]:
    """Each response with its open and overdue task counts (one aggregate, not a query per row)."""
    now = now or timezone.now()
    open_q = Q(tasks__deleted_at__isnull=True) & ~Q(tasks__status=TaskStatus.DONE)
    return qs.annotate(open_tasks=Count("tasks", filter=open_q, distinct=True),
                       overdue_tasks=Count("tasks", filter=open_q & Q(tasks__deadline__lt=now), distinct=True))


def is_overdue(task: Task, now: datetime.datetime | None = None) -> bool:
    """Not done and past its deadline: computed, never stored, so it is right at every moment."""
    return task.status != TaskStatus.DONE and task.deadline < (now or timezone.now())


def overdue(qs: QuerySet[Task], now: datetime.datetime | None = None) -> QuerySet[Task]:
    return qs.exclude(status=TaskStatus.DONE).filter(deadline__lt=now or timezone.now())


def tasks_of(response: Response) -> list[Task]:
    return list(Task.objects.filter(response=response)
                .select_related("group", "organisation", "team").order_by("status", "deadline", "pk"))


def commitments_of(response: Response) -> list[Commitment]:
    return list(Commitment.objects.filter(response=response)
                .select_related("team", "expert", "order", "shelter").order_by("kind", "committed_at", "pk"))


def level_history(response: Response) -> list[LevelChange]:
    return list(LevelChange.objects.filter(response=response).select_related("actor").order_by("at", "pk"))


@dataclass(frozen=True)
class TimelineItem:
    at: datetime.datetime
    source: str
    text: str
    origin: str  # "log": the response's own entry; "report": a report in the event's chain

    @property
    def is_report(self) -> bool:
        return self.origin == "report"


def timeline(response: Response) -> list[TimelineItem]:
    """The situation as it became known: the response's own log merged with the event's reports (首报,
    续报, 终报 …, read through the incidents selectors), newest first."""
    from yingji.incidents.selectors import reports_of

    items = [TimelineItem(e.at, e.source, e.text, "log")
             for e in SituationEntry.objects.filter(response=response).order_by("at", "pk")]
    for report in reports_of(response.event):
        label = _("%(kind)s · %(division)s · %(who)s") % {
            "kind": report.get_kind_display(), "division": report.division.name, "who": report.reporter_name}
        text = report.nature
        if report.measures:
            text = f"{text}\n{_('已采取的措施')}：{report.measures}"
        items.append(TimelineItem(report.submitted_at, label, text, "report"))
    return sorted(items, key=lambda item: item.at, reverse=True)


def choices_for_commitment(user, response: Response) -> dict[str, QuerySet]:
    """What the user may commit: teams, experts, dispatch orders and shelters in their subtree."""
    from yingji.experts.models import Expert
    from yingji.shelters.models import Shelter
    from yingji.shelters.rules import Status as ShelterStatus
    from yingji.supplies.models import DispatchOrder
    from yingji.teams.models import Team
    from yingji.teams.rules import Readiness

    return {
        "teams": Team.objects.visible_to(user).exclude(readiness=Readiness.STOOD_DOWN).order_by("division__code",
                                                                                              "name"),
        "experts": Expert.objects.visible_to(user).order_by("name"),
        "orders": DispatchOrder.objects.visible_to(user).order_by("-created_at"),
        "shelters": Shelter.objects.visible_to(user).exclude(status=ShelterStatus.CLOSED).order_by(
            "division__code", "name"),
    }


def _child(model, response: Response, pk):
    """One record of a response the caller has already checked the user may see; 404 otherwise."""
    from django.http import Http404

    try:
        return model.objects.get(response=response, pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def group_of(response: Response, pk):
    from yingji.response.models import WorkingGroup

    return _child(WorkingGroup, response, pk)


def commitment_of(response: Response, pk) -> Commitment:
    return _child(Commitment, response, pk)


def opinion_of(response: Response, pk):
    from yingji.response.models import OpinionEntry

    return _child(OpinionEntry, response, pk)


def press_of(response: Response, pk):
    from yingji.response.models import PressRelease

    return _child(PressRelease, response, pk)


def revisable_plans(user) -> QuerySet:
    """Published plans in the user's subtree: the ones a review finding may send into revision."""
    from yingji.plans.models import Plan

    return Plan.objects.visible_to(user).filter(status=Plan.Status.PUBLISHED).order_by("division__code", "title")
