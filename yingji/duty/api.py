"""/api/v1/duty-rosters, /duty-log and /on-duty: rosters with their assignments, the duty log, who is on duty."""

from datetime import date, datetime

from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema

from yingji.api.access import paginated, resolve_division, within_division
from yingji.api.auth import require
from yingji.api.errors import READ_ERRORS
from yingji.core.permissions import Action
from yingji.duty import permissions, selectors
from yingji.duty.models import DutyLogEntry, DutyRoster

router = Router(tags=["duty"])
SCOPED_ROUTES = [("duty.dutyroster", "/duty-rosters", "/duty-rosters/{pk}"),
                 ("duty.dutylogentry", "/duty-log", "/duty-log/{pk}")]


class PersonOnDuty(Schema):
    name: str
    mobile: str


class AssignmentOut(Schema):
    role: str
    person: PersonOnDuty
    starts_at: datetime
    ends_at: datetime


class RosterOut(Schema):
    id: int
    division: str
    organisation: str
    period: str | None
    start_date: date
    end_date: date
    duty_phone: str
    status: str
    filed_at: datetime | None
    changes_after_filing: int

    @staticmethod
    def resolve_division(obj):
        return obj.division.code

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.name

    @staticmethod
    def resolve_period(obj):
        return obj.period.name if obj.period_id else None


class RosterDetailOut(RosterOut):
    assignments: list[AssignmentOut]

    @staticmethod
    def resolve_assignments(obj):
        return obj.assignments.select_related("person").order_by("starts_at")


class LogEntryOut(Schema):
    id: int
    division: str
    received_at: datetime
    kind: str
    caller_name: str
    caller_unit: str
    caller_phone: str
    content: str
    actions: str
    on_duty: str
    is_open: bool

    @staticmethod
    def resolve_division(obj):
        return obj.division.code


class OnDutyOut(Schema):
    division: str
    at: datetime
    leader: PersonOnDuty | None
    staff: list[PersonOnDuty]


@router.get("/duty-rosters", response={200: list[RosterOut], **READ_ERRORS}, url_name="duty-roster-list-api")
@paginated
def roster_list(request, division: str | None = None, status: str = ""):
    require(request, permissions.ROSTERS.code, Action.VIEW)
    qs = within_division(DutyRoster.objects.visible_to(request.user), request.user, division)
    qs = qs.select_related("division", "organisation", "period")
    return qs.filter(status=status) if status else qs


@router.get("/duty-rosters/{pk}", response={200: RosterDetailOut, **READ_ERRORS}, url_name="duty-roster-detail-api")
def roster_detail(request, pk: int):
    require(request, permissions.ROSTERS.code, Action.VIEW)
    roster = (DutyRoster.objects.visible_to(request.user).select_related("division", "organisation", "period")
              .filter(pk=pk).first())
    if roster is None:
        raise Http404
    return roster


@router.get("/duty-log", response={200: list[LogEntryOut], **READ_ERRORS}, url_name="duty-log-list-api")
@paginated
def log_list(request, division: str | None = None, open_only: bool = False):
    require(request, permissions.DUTY_LOG.code, Action.VIEW)
    qs = within_division(DutyLogEntry.objects.visible_to(request.user), request.user, division).select_related("division")
    return qs.filter(is_open=True) if open_only else qs


@router.get("/duty-log/{pk}", response={200: LogEntryOut, **READ_ERRORS}, url_name="duty-log-detail-api")
def log_detail(request, pk: int):
    require(request, permissions.DUTY_LOG.code, Action.VIEW)
    entry = DutyLogEntry.objects.visible_to(request.user).select_related("division").filter(pk=pk).first()
    if entry is None:
        raise Http404
    return entry


@router.get("/on-duty", response={200: OnDutyOut, **READ_ERRORS}, url_name="on-duty-api")
def who_is_on_duty(request, division: str, at: datetime | None = None):
    require(request, permissions.ROSTERS.code, Action.VIEW)
    target = resolve_division(request.user, division)
    moment = at or timezone.now()
    leader, staff = selectors.on_duty(target, moment)
    return {"division": target.code, "at": moment, "leader": leader, "staff": staff}
