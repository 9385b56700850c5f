"""/api/v1/report-dues and /report-submissions: what is due, what was submitted, submitting once."""

from datetime import date, datetime

from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema, Status

from yingji.api.access import paginated, within_division
from yingji.api.auth import require
from yingji.api.errors import READ_ERRORS, WRITE_ERRORS
from yingji.core.permissions import Action
from yingji.workreports import permissions, selectors, services
from yingji.workreports.models import ReportDue, Submission
from yingji.workreports.registers import DUES

router = Router(tags=["workreports"])
SCOPED_ROUTES = [("workreports.reportdue", "/report-dues", "/report-dues/{pk}"),
                 ("workreports.submission", "/report-submissions", "/report-submissions/{pk}")]


class DueOut(Schema):
    id: int
    division: str
    template: str
    period_label: str
    period_start: date
    period_end: date
    due_date: date
    submitted_at: datetime | None
    days_late: int | None
    overdue: bool

    @staticmethod
    def resolve_division(obj):
        return obj.division.code

    @staticmethod
    def resolve_template(obj):
        return obj.template.code

    @staticmethod
    def resolve_submitted_at(obj):
        submission = getattr(obj, "submission", None)
        return submission.submitted_at if submission else None

    @staticmethod
    def resolve_days_late(obj):
        submission = getattr(obj, "submission", None)
        return submission.days_late if submission else None

    @staticmethod
    def resolve_overdue(obj):
        return getattr(obj, "submission", None) is None and obj.due_date < timezone.localdate()


class SubmissionOut(Schema):
    id: int
    due: int
    division: str
    submitted_at: datetime
    content: dict[str, str]
    days_late: int
    notes: list[str]

    @staticmethod
    def resolve_due(obj):
        return obj.due_id

    @staticmethod
    def resolve_division(obj):
        return obj.division.code

    @staticmethod
    def resolve_notes(obj):
        return [note.text for note in obj.notes.all()]


class SubmissionIn(Schema):
    content: dict[str, str]


@router.get("/report-dues", response={200: list[DueOut], **READ_ERRORS}, url_name="report-due-list-api")
@paginated
def due_list(request, division: str | None = None, template: str = "", overdue: bool = False):
    require(request, permissions.DUES.code, Action.VIEW)
    qs = within_division(ReportDue.objects.visible_to(request.user), request.user, division)
    qs = qs.select_related("division", "template", "submission")
    if template:
        qs = qs.filter(template__code=template)
    if overdue:
        qs = qs.filter(selectors.UNSUBMITTED, due_date__lt=timezone.localdate())
    return qs


@router.get("/report-dues/{pk}", response={200: DueOut, **READ_ERRORS}, url_name="report-due-detail-api")
def due_detail(request, pk: int):
    require(request, permissions.DUES.code, Action.VIEW)
    due = (ReportDue.objects.visible_to(request.user).select_related("division", "template", "submission")
           .filter(pk=pk).first())
    if due is None:
        raise Http404
    return due


@router.post("/report-dues/{pk}/submission", response={201: SubmissionOut, **WRITE_ERRORS},
             url_name="report-due-submit-api")
def due_submit(request, pk: int, payload: SubmissionIn):
    """Submit once; a second submission of the same due is refused (400, code already_submitted)."""
    require(request, permissions.SUBMISSIONS.code, Action.ADD)
    due = DUES.access(request.user, pk)
    return Status(201, services.submit(actor=request.user, due=due, content=payload.content))


@router.get("/report-submissions", response={200: list[SubmissionOut], **READ_ERRORS},
            url_name="report-submission-list-api")
@paginated
def submission_list(request, division: str | None = None, late: bool = False):
    require(request, permissions.SUBMISSIONS.code, Action.VIEW)
    qs = within_division(Submission.objects.visible_to(request.user), request.user, division)
    qs = qs.select_related("division").prefetch_related("notes")
    return qs.filter(days_late__gt=0) if late else qs


@router.get("/report-submissions/{pk}", response={200: SubmissionOut, **READ_ERRORS},
            url_name="report-submission-detail-api")
def submission_detail(request, pk: int):
    require(request, permissions.SUBMISSIONS.code, Action.VIEW)
    submission = (Submission.objects.visible_to(request.user).select_related("division").prefetch_related("notes")
                  .filter(pk=pk).first())
    if submission is None:
        raise Http404
    return submission
