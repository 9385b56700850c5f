"""Duty: every write goes through here (scope check, audit, and re-notification of filed rosters)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.audit.services import (
    audited_create,
    audited_restore,
    audited_soft_delete,
    audited_update,
    record,
    snapshot,
)
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Role
from yingji.core.scoping import scope_division
from yingji.duty import rules
from yingji.duty.models import DutyAssignment, DutyRoster
from yingji.messaging.recipients import office_recipients
from yingji.messaging.services import send


def _ensure_within(actor, division, field: str = "division") -> None:
    home = scope_division(actor) if actor is not None else None
    if actor is not None and (division is None or home is None or not home.contains(division)):
        message = _("所选区划不在您的管辖范围内。")
        raise ApplicationError(message, code="out_of_scope", field_errors={field: [message]})


# Generic create/update/delete for the simple registers (periods, spot checks, duty log) ----------

def create(*, actor, model, data: dict[str, Any]):
    obj = model(**data)
    if hasattr(obj, "organisation_id") and obj.organisation_id:
        obj.division = obj.organisation.division
    _ensure_within(actor, obj.division if obj.division_id else None)
    return audited_create(actor=actor, obj=obj)


def update(*, actor, obj, data: dict[str, Any]):
    if "organisation" in data and data["organisation"] is not None:
        data = {**data, "division": data["organisation"].division}
    if "division" in data:
        _ensure_within(actor, data["division"])
    return audited_update(actor=actor, obj=obj, data=data)


def delete(*, actor, obj):
    return audited_soft_delete(actor=actor, obj=obj)


def restore(*, actor, obj):
    return audited_restore(actor=actor, obj=obj)


# Rosters ------------------------------------------------------------------------------------------

def roster_create(*, actor, data: dict[str, Any]) -> DutyRoster:
    roster = DutyRoster(**data)
    roster.division = roster.organisation.division
    _ensure_within(actor, roster.division, "organisation")
    return audited_create(actor=actor, obj=roster)


@transaction.atomic
def roster_update(*, actor, roster: DutyRoster, data: dict[str, Any]) -> DutyRoster:
    if "organisation" in data:
        _ensure_within(actor, data["organisation"].division, "organisation")
        data = {**data, "division": data["organisation"].division}
    before = snapshot(roster)
    roster = audited_update(actor=actor, obj=roster, data=data)
    if roster.status == DutyRoster.Status.FILED and snapshot(roster) != before:
        _changed_after_filing(actor, roster, _("值班表信息已修改"))
    return roster


def roster_delete(*, actor, roster: DutyRoster) -> DutyRoster:
    if roster.status == DutyRoster.Status.FILED:
        raise ApplicationError(_("已报送的值班表不能删除；如需调整，请修改值班安排，系统会重新通知上级。"))
    return audited_soft_delete(actor=actor, obj=roster)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def staffing_norm(roster: DutyRoster) -> rules.StaffingNorm:
    if roster.period_id:
        return rules.StaffingNorm(roster.period.leaders_per_day, roster.period.staff_per_day,
                                  rules.SPECIAL_PERIOD_NORM.source)
    return rules.ORDINARY_NORM


def staffing_gaps(roster: DutyRoster) -> list[tuple[date, int, int]]:
    """Days (in local time) with fewer distinct leaders or staff on duty than the norm requires."""
    norm = staffing_norm(roster)
    assignments = list(roster.assignments.all())
    gaps = []
    day = roster.start_date
    while day <= roster.end_date:
        start, end = day_bounds(day)
        on_day = [a for a in assignments if a.starts_at < end and a.ends_at > start]
        leaders = len({a.person_id for a in on_day if a.role == DutyAssignment.Role.LEADER})
        staff = len({a.person_id for a in on_day if a.role == DutyAssignment.Role.STAFF})
        if leaders < norm.leaders_per_day or staff < norm.staff_per_day:
            gaps.append((day, leaders, staff))
        day += timedelta(days=1)
    return gaps


@transaction.atomic
def roster_file(*, actor, roster: DutyRoster) -> DutyRoster:
    """报送: with the level above, once every day is staffed to the norm (seed 000, seed 001)."""
    roster = DutyRoster.all_objects.select_for_update().get(pk=roster.pk)
    if roster.status == DutyRoster.Status.FILED:
        raise ApplicationError(_("该值班表已报送。"), code="already_filed")
    gaps = staffing_gaps(roster)
    if gaps:
        norm = staffing_norm(roster)
        days = "、".join(f"{d:%m-%d}" for d, _leaders, _staff in gaps[:10])
        raise ApplicationError(
            _("以下日期人员不足（每天需带班领导%(leaders)d名、值班人员%(staff)d名）：%(days)s。") % {
                "leaders": norm.leaders_per_day, "staff": norm.staff_per_day, "days": days},
            code="understaffed")
    before = snapshot(roster)
    roster.status, roster.filed_at, roster.filed_by = DutyRoster.Status.FILED, timezone.now(), actor
    roster.save(update_fields=["status", "filed_at", "filed_by"])
    record(actor=actor, action="duty.dutyroster.filed", obj=roster, before=before, after=snapshot(roster))
    _notify_level_above(actor, roster, _("值班表已报送"), f"duty-roster-{roster.pk}-filed")
    return roster


def assignment_create(*, actor, data: dict[str, Any]) -> DutyAssignment:
    with transaction.atomic():
        assignment = DutyAssignment(**data)
        _ensure_within(actor, assignment.roster.division, "roster")
        audited_create(actor=actor, obj=assignment)
        _log_if_filed(actor, assignment, _("新增值班安排：%s"))
    return assignment


def assignment_update(*, actor, assignment: DutyAssignment, data: dict[str, Any]) -> DutyAssignment:
    with transaction.atomic():
        if "roster" in data:
            _ensure_within(actor, data["roster"].division, "roster")
        assignment = audited_update(actor=actor, obj=assignment, data=data)
        _log_if_filed(actor, assignment, _("调整值班安排：%s"))
    return assignment


def assignment_delete(*, actor, assignment: DutyAssignment) -> DutyAssignment:
    with transaction.atomic():
        audited_soft_delete(actor=actor, obj=assignment)
        _log_if_filed(actor, assignment, _("取消值班安排：%s"))
    return assignment


def _log_if_filed(actor, assignment: DutyAssignment, summary: str) -> None:
    roster = DutyRoster.all_objects.select_for_update().get(pk=assignment.roster_id)  # the stored status
    if roster.status == DutyRoster.Status.FILED:
        _changed_after_filing(actor, roster, summary % assignment)


def _changed_after_filing(actor, roster: DutyRoster, summary: str) -> None:
    """A filed roster changed (seed 001: changes are reported): log it and tell the level above again."""
    DutyRoster.all_objects.filter(pk=roster.pk).update(changes_after_filing=roster.changes_after_filing + 1)
    roster.changes_after_filing += 1
    record(actor=actor, action="duty.dutyroster.changed_after_filing", obj=roster, after={"summary": summary})
    _notify_level_above(actor, roster, _("已报送的值班表有变更：%s") % summary,
                        f"duty-roster-{roster.pk}-change-{roster.changes_after_filing}")


def _notify_level_above(actor, roster: DutyRoster, headline: str, dedupe_key: str) -> None:
    from django.urls import reverse

    above = roster.division.parent
    if above is None:
        return
    recipients = office_recipients(above, roles=(Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF, Role.DUTY_OFFICER))
    send(dedupe_key=dedupe_key, topic="duty.roster", subject=f"{roster.organisation.name}：{headline}",
         body=f"{roster}（{roster.get_status_display()}），值班电话 {roster.duty_phone}",
         recipients=recipients, channels=["app"], division=roster.division, actor=actor, source=roster,
         link=reverse("duty-rosters-detail", args=[roster.pk]))
