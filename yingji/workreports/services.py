"""Work reports: scheduling what is due, submitting (once), follow-up notes. Every write is audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.audit.services import audited_create, audited_restore, audited_soft_delete, audited_update, record
from yingji.core.exceptions import ApplicationError
from yingji.core.scoping import scope_division
from yingji.divisions.models import Division
from yingji.workreports import periods
from yingji.workreports.models import Campaign, ReportDue, ReportTemplate, Submission, SubmissionNote


def _ensure_within(actor, division, field: str = "division") -> None:
    home = scope_division(actor) if actor is not None else None
    if division is None or home is None or not home.contains(division):
        message = _("所选区划不在您的管辖范围内。")
        raise ApplicationError(message, code="out_of_scope", field_errors={field: [message]})


# Scheduling ---------------------------------------------------------------------------------------

def _periods_for(template: ReportTemplate, year: int) -> list[periods.Period]:
    if template.cadence == ReportTemplate.Cadence.QUARTERLY:
        return periods.quarters(year)
    if template.cadence == ReportTemplate.Cadence.ANNUAL:
        return [periods.annual(year)]
    return []


def schedule(year: int, root: Division | None = None) -> int:
    """Create the ReportDue rows of `year` (idempotent); returns how many were new.

    Quarterly and annual templates: every division at the template's levels (under `root` if given).
    Weekly and once templates: the divisions at the template's levels in each campaign's subtree,
    for the campaign's weeks ending in `year` (once: a single period, the whole campaign).
    """
    wanted: list[ReportDue] = []
    divisions = Division.objects.all() if root is None else Division.objects.within(root)
    by_level: dict[str, list[Division]] = {}
    for division in divisions.only("pk", "code", "level").order_by("code"):
        by_level.setdefault(division.level, []).append(division)

    for template in ReportTemplate.objects.filter(is_active=True):
        for period in _periods_for(template, year):
            due = periods.due_date(period.end, template.due_days)
            wanted += [ReportDue(template=template, division=d, period_label=period.label, period_start=period.start,
                                 period_end=period.end, due_date=due)
                       for level in template.levels for d in by_level.get(level, [])]

    campaigns = Campaign.objects.filter(template__is_active=True, start_date__lte=date(year, 12, 31),
                                        end_date__gte=date(year, 1, 1)).select_related("template", "division")
    if root is not None:
        campaigns = campaigns.within(root)
    for campaign in campaigns:
        template = campaign.template
        if template.cadence == ReportTemplate.Cadence.WEEKLY:
            spans = [p for p in periods.weeks(campaign.start_date, campaign.end_date) if p.end.year == year]
        elif template.cadence == ReportTemplate.Cadence.ONCE and campaign.end_date.year == year:
            spans = [periods.Period(campaign.name, campaign.start_date, campaign.end_date)]
        else:
            continue
        members = [d for level in template.levels for d in by_level.get(level, []) if campaign.division.contains(d)]
        wanted += [ReportDue(template=template, division=d, campaign=campaign, period_label=p.label,
                             period_start=p.start, period_end=p.end,
                             due_date=periods.due_date(p.end, template.due_days))
                   for p in spans for d in members]

    if not wanted:
        return 0
    existing = set(ReportDue.all_objects.filter(
        period_start__gte=min(w.period_start for w in wanted), period_start__lte=max(w.period_start for w in wanted),
    ).values_list("template_id", "division_id", "period_start"))
    new = [w for w in wanted if (w.template_id, w.division_id, w.period_start) not in existing]
    ReportDue.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    return len(new)


# Submitting ---------------------------------------------------------------------------------------

def _already_submitted(submission: Submission) -> ApplicationError:
    when = timezone.localtime(submission.submitted_at)
    return ApplicationError(
        _("该报告已于%(when)s报送，不能重复报送；如需更正，请在报送记录中添加补充说明。") % {
            "when": when.strftime("%Y-%m-%d %H:%M")}, code="already_submitted")


def submit(*, actor, due: ReportDue, content: dict[str, Any], attachment=None, now=None) -> Submission:
    """报送 a due report once. A second submit (a retry, a double click) is refused, never duplicated.

    The owing division submits its own report to the level above; the level above receives it and
    does not write it (an office working in that division through the switcher acts for it).
    """
    _ensure_within(actor, due.division, "due")
    if scope_division(actor).pk != due.division_id:
        raise ApplicationError(_("该报告应由%(division)s报送；上级只接收，不代为报送。") % {"division": due.division.name},
                               code="not_owner")
    now = now or timezone.now()
    today = timezone.localdate(now)
    if today < due.period_start:
        raise ApplicationError(_("报告期（%(label)s）尚未开始，不能报送。") % {"label": due.period_label},
                               code="not_started")
    sections = due.template.sections
    cleaned = {heading: str(content.get(heading, "")).strip() for heading in sections}
    missing = [heading for heading, text in cleaned.items() if not text]
    if missing:
        raise ApplicationError(_("请填写以下栏目：%s。") % "、".join(missing), code="incomplete",
                               field_errors={"content": [_("请填写以下栏目：%s。") % "、".join(missing)]})
    try:
        with transaction.atomic():
            locked = ReportDue.objects.select_for_update().get(pk=due.pk)
            previous = Submission.all_objects.filter(due=locked).first()
            if previous is None:
                submission = Submission(due=locked, division_id=locked.division_id, submitted_at=now,
                                        submitted_by=actor, content=cleaned,
                                        days_late=max(0, (today - locked.due_date).days))
                if attachment is not None:
                    submission.attachment = attachment
                return audited_create(actor=actor, obj=submission)
    except IntegrityError:
        # A concurrent submit of the same due won the race on the one-to-one constraint.
        previous = Submission.all_objects.filter(due_id=due.pk).first()
        if previous is None:
            raise
    # Outside the transaction, so the refusal stays in the audit log.
    record(actor=actor, action="workreports.submission.duplicate_refused", obj=previous, success=False, changes={})
    raise _already_submitted(previous)


def add_note(*, actor, submission: Submission, text: str) -> SubmissionNote:
    """A correction or addition to a submitted report; the submission itself never changes."""
    _ensure_within(actor, submission.division, "submission")
    if not text.strip():
        raise ApplicationError(_("请填写补充说明。"), code="required", field_errors={"text": [_("请填写补充说明。")]})
    note = SubmissionNote(submission=submission, division_id=submission.division_id, text=text.strip(),
                          written_by=actor)
    return audited_create(actor=actor, obj=note)


# Templates and campaigns (registers) ---------------------------------------------------------------

def template_create(*, actor, data: dict[str, Any]) -> ReportTemplate:
    return audited_create(actor=actor, obj=ReportTemplate(**data))


def template_update(*, actor, obj: ReportTemplate, data: dict[str, Any]) -> ReportTemplate:
    return audited_update(actor=actor, obj=obj, data=data)


def campaign_create(*, actor, data: dict[str, Any]) -> Campaign:
    campaign = Campaign(**data)
    _ensure_within(actor, campaign.division if campaign.division_id else None)
    return audited_create(actor=actor, obj=campaign)


def campaign_update(*, actor, obj: Campaign, data: dict[str, Any]) -> Campaign:
    if "division" in data:
        _ensure_within(actor, data["division"])
    return audited_update(actor=actor, obj=obj, data=data)


def campaign_delete(*, actor, obj: Campaign) -> Campaign:
    if ReportDue.objects.filter(campaign=obj).exists():
        raise ApplicationError(_("该活动已生成应报报告，不能删除。"), code="in_use")
    return audited_soft_delete(actor=actor, obj=obj)


def restore(*, actor, obj):
    return audited_restore(actor=actor, obj=obj)
