"""Writes for the hazard register: one path each for registering, the status steps and triage."""

from __future__ import annotations

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
from yingji.core import files
from yingji.core.exceptions import ApplicationError
from yingji.hazards import rules
from yingji.hazards.models import Hazard, PublicReport
from yingji.hazards.rules import MAJOR_PLAN_FIELDS, MAJOR_REPORT_FIELDS, TRANSITIONS, FoundBy, Grade, Status

# Photos ------------------------------------------------------------------------------------------


def check_photo(upload) -> str:
    return files.check_photo(upload, max_bytes=rules.MAX_PHOTO_BYTES, field="photo")


def _check(hazard: Hazard) -> None:
    if hazard.found_by == FoundBy.ALARM and hazard.alarm_id is None:
        raise ApplicationError(_("发现方式为监测报警时须关联报警。"), field_errors={"alarm": [_("必填。")]})
    if hazard.alarm_id is not None and hazard.division_id is not None \
            and not hazard.division.contains(hazard.alarm.division):
        raise ApplicationError(_("关联的报警不在该隐患所属区划内。"), code="alarm_elsewhere",
                               field_errors={"alarm": [_("请选择本区划内的报警。")]})


def hazard_create(*, actor, data: dict) -> Hazard:
    uploaded = files.is_new_upload(data.get("photo"))
    if uploaded:
        check_photo(data["photo"])
    hazard = Hazard(**data)
    hazard.found_at = hazard.found_at or timezone.now()
    hazard.created_by = actor if getattr(actor, "is_authenticated", False) else None
    _check(hazard)
    with files.removed_on_failure(hazard, "photo", uploaded), transaction.atomic():
        return audited_create(actor=actor, obj=hazard)


def hazard_update(*, actor, obj: Hazard, data: dict) -> Hazard:
    if obj.status == Status.CLOSED:
        raise ApplicationError(_("已验收销号的隐患不能修改。"), code="closed")
    data = {k: v for k, v in data.items() if k != "status"}
    with transaction.atomic():
        hazard = audited_update(actor=actor, obj=obj, data=data)
        _check(hazard)
    return hazard


def _missing(hazard: Hazard, fields) -> dict[str, list[str]]:
    return {f: [_("重大隐患必填。")] for f in fields if not getattr(hazard, f)}


@transaction.atomic
def report_major(*, actor, hazard: Hazard) -> Hazard:
    """Report a major hazard upward with the contents RULES.md R6.2 requires."""
    hazard = Hazard.objects.select_for_update().get(pk=hazard.pk)
    if hazard.grade != Grade.MAJOR:
        raise ApplicationError(_("只有重大隐患需要单独上报。"), code="not_major")
    missing = _missing(hazard, MAJOR_REPORT_FIELDS)
    if missing:
        raise ApplicationError(_("重大隐患报告须包括：现状及原因、危害程度和整改难易程度分析、治理方案。"),
                               field_errors=missing)
    if hazard.reported_at is None:
        before = snapshot(hazard)
        hazard.reported_at = timezone.now()
        hazard.save(update_fields=["reported_at", "updated_at"])
        record(actor=actor, action="hazards.hazard.reported", obj=hazard, before=before, after=snapshot(hazard))
    return hazard


@transaction.atomic
def transition(*, actor, hazard: Hazard, to: str, progress: str = "", verified_by: str = "") -> Hazard:
    """open → rectifying → rectified → closed (verified); rectified may be sent back to rectifying.

    A general hazard may be rectified at once (R6.1, 立即整改). A major hazard must be reported
    (R6.2) and have its plan — measures, deadline, responsible unit and person (R6.3) — first.
    """
    hazard = Hazard.objects.select_for_update().get(pk=hazard.pk)
    if to not in TRANSITIONS.get(hazard.status, set()):
        raise ApplicationError(_("隐患当前状态为“%(status)s”，不能改为“%(to)s”。") % {
            "status": hazard.get_status_display(), "to": Status(to).label if to in Status.values else to},
            code="bad_state")
    if hazard.grade == Grade.MAJOR:
        if hazard.status == Status.OPEN and to == Status.RECTIFIED:
            raise ApplicationError(_("重大隐患须按治理方案限期整改，不能直接销号整改完成。"), code="major_direct")
        if hazard.reported_at is None:
            raise ApplicationError(_("重大隐患须先上报(现状及原因、危害分析、治理方案)。"), code="major_unreported")
        missing = _missing(hazard, MAJOR_PLAN_FIELDS)
        if missing:
            raise ApplicationError(_("重大隐患治理方案须明确措施、时限、责任单位和责任人。"), field_errors=missing)
    if to == Status.CLOSED and not verified_by.strip():
        raise ApplicationError(_("验收销号须填写验收人。"), field_errors={"verified_by": [_("必填。")]})
    before = snapshot(hazard)
    now = timezone.now()
    hazard.status = to
    if progress.strip():
        stamp = timezone.localtime(now).strftime("%Y-%m-%d %H:%M")
        hazard.progress = f"{hazard.progress}\n{stamp} {progress.strip()}".strip()
    if to == Status.RECTIFIED:
        hazard.rectified_at = now
    if to == Status.CLOSED:
        hazard.closed_at, hazard.verified_by = now, verified_by.strip()
    hazard.save()
    record(actor=actor, action=f"hazards.hazard.{to}", obj=hazard, before=before, after=snapshot(hazard))
    return hazard


def soft_delete(*, actor, obj):
    return audited_soft_delete(actor=actor, obj=obj)


def restore(*, actor, obj):
    return audited_restore(actor=actor, obj=obj)


# Public reports ----------------------------------------------------------------------------------


def public_report_submit(*, data: dict) -> PublicReport:
    """An anonymous report; the text is stored as typed and only ever rendered escaped. A photo must be a
    real image (checked by content); it is kept where only the office's permission-checked view reads it."""
    uploaded = files.is_new_upload(data.get("photo"))
    if uploaded:
        check_photo(data["photo"])
    report = PublicReport(**data)
    report.full_clean()
    with files.removed_on_failure(report, "photo", uploaded), transaction.atomic():
        report.save()
        record(actor=None, action="hazards.publicreport.created", obj=report, actor_name=_("匿名举报"))
    return report


@transaction.atomic
def triage(*, actor, report: PublicReport, accept: bool, note: str = "", data: dict | None = None) -> PublicReport:
    """Accept into the register (a new hazard found by public report) or reject with a note."""
    report = PublicReport.objects.select_for_update().get(pk=report.pk)
    if report.status != PublicReport.Status.NEW:
        raise ApplicationError(_("该举报已处理。"), code="triaged")
    if not accept and not note.strip():
        raise ApplicationError(_("不予受理须说明理由。"), field_errors={"triage_note": [_("必填。")]})
    before = snapshot(report)
    if accept:
        fields = {"division": report.division, "category": report.category, "title": report.text[:60],
                  "description": report.text, "address": report.address, "found_by": FoundBy.PUBLIC,
                  "found_at": report.created_at, "photo": report.photo.name, **(data or {})}
        report.hazard = hazard_create(actor=actor, data=fields)
    report.status = PublicReport.Status.ACCEPTED if accept else PublicReport.Status.REJECTED
    report.triage_note = note.strip()
    report.save()
    record(actor=actor, action="hazards.publicreport.triaged", obj=report, before=before, after=snapshot(report))
    return report
