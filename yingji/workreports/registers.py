"""Registers of work reports: templates, campaigns, due reports, submissions."""

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yingji.core.navigation import nav_entry
from yingji.core.permissions import Action, has_permission
from yingji.core.registers import Column, Register, register
from yingji.core.scoping import scope_division
from yingji.workreports import forms, permissions, services
from yingji.workreports.models import Campaign, ReportDue, Submission


def due_state(due: ReportDue) -> str:
    submission = getattr(due, "submission", None)
    if submission is not None:
        return gettext("迟报%(days)d天") % {"days": submission.days_late} if submission.is_late else gettext("按时报送")
    if due.due_date < timezone.localdate():
        return gettext("逾期未报")
    return gettext("待报送")


def due_detail_context(request, due) -> dict:
    return {"submission": getattr(due, "submission", None), "state": due_state(due),
            "can_submit": (has_permission(request.user, permissions.SUBMISSIONS.code, Action.ADD)
                           and scope_division(request.user) == due.division)}


def submission_detail_context(request, submission) -> dict:
    from yingji.workreports.forms import NoteForm

    return {"sections": list(submission.content.items()),
            "notes": submission.notes.select_related("written_by").order_by("created_at"),
            "note_form": NoteForm(),
            "can_note": has_permission(request.user, permissions.SUBMISSIONS.code, Action.ADD)}


DIVISION = Column("division.name", _("报送区划"), sort="division__code")

CAMPAIGNS = register(Register(
    model=Campaign, slug="report-campaigns", capability=permissions.CAMPAIGNS.code,
    columns=[Column("name", sort="name"), Column("division.name", _("活动区划")), Column("template.name", _("报告模板")),
             Column("start_date", sort="start_date"), Column("end_date")],
    search_fields=["name"], select_related=["division", "template"], form_class=forms.CampaignForm,
    create=services.campaign_create, update=services.campaign_update, delete=services.campaign_delete,
    restore=services.restore,
))

DUES = register(Register(
    model=ReportDue, slug="report-dues", capability=permissions.DUES.code,
    columns=[DIVISION, Column("template.name", _("报告模板"), sort="template__code"), Column("period_label"),
             Column("period_start", sort="period_start"), Column("period_end"), Column("due_date", sort="due_date"),
             Column("state", _("报送情况"), value=due_state),
             Column("submission.submitted_at", _("报送时间"))],
    search_fields=["division__name", "period_label", "template__name"],
    select_related=["division", "template", "submission"],
    detail_template="workreports/due_detail.html", detail_context=due_detail_context,
))

SUBMISSIONS = register(Register(
    model=Submission, slug="report-submissions", capability=permissions.SUBMISSIONS.code,
    columns=[DIVISION, Column("due.template.name", _("报告模板")), Column("due.period_label", _("报告期")),
             Column("due.due_date", _("报送期限"), sort="due__due_date"), Column("submitted_at", sort="submitted_at"),
             Column("submitted_by.username", _("报送人")), Column("days_late", sort="days_late")],
    search_fields=["division__name", "due__period_label", "due__template__name"],
    select_related=["division", "due__template", "submitted_by"],
    detail_template="workreports/submission_detail.html", detail_context=submission_detail_context,
))

GROUP = _("工作报告")
nav_entry(label=_("应报报告"), url_name="report-dues-list", capability=permissions.DUES.code, group=GROUP, order=45)
nav_entry(label=_("逾期与即将到期"), url_name="workreports-overdue", capability=permissions.DUES.code, group=GROUP,
          order=45)
nav_entry(label=_("按时报送率"), url_name="workreports-on-time", capability=permissions.DUES.code, group=GROUP,
          order=45)
nav_entry(label=_("已报送报告"), url_name="report-submissions-list", capability=permissions.SUBMISSIONS.code,
          group=GROUP, order=45)
nav_entry(label=_("专项活动"), url_name="report-campaigns-list", capability=permissions.CAMPAIGNS.code, group=GROUP,
          order=45)
nav_entry(label=_("报告模板"), url_name="workreports-templates", capability=permissions.TEMPLATES.code, group=GROUP,
          order=45)
