"""Writes for drills: the record, its evaluation, attachments, improvement actions, and the plan revision a
finding triggers (through the plans service, so the plan's lifecycle rules stay in one place)."""

from __future__ import annotations

import datetime
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
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
from yingji.core.files import sniff
from yingji.drills import rules
from yingji.drills.models import Drill, DrillAttachment, ImprovementAction, PlanRevisionTrigger
from yingji.plans import services as plan_services
from yingji.plans.models import Plan


def drill_create(*, actor, data: dict) -> Drill:
    return audited_create(actor=actor, obj=Drill(**data))


def drill_update(*, actor, obj: Drill, data: dict) -> Drill:
    return audited_update(actor=actor, obj=obj, data=data)


def soft_delete(*, actor, obj):
    return audited_soft_delete(actor=actor, obj=obj)


def restore(*, actor, obj):
    return audited_restore(actor=actor, obj=obj)


@transaction.atomic
def evaluate(drill: Drill, *, actor, score: int, findings: str, process: str | None = None, evaluator: str = "",
             evaluated_on: datetime.date | None = None, revise_plans=()) -> Drill:
    """Record the evaluation; each plan in `revise_plans` is sent into revision with the findings."""
    data = {"score": score, "findings": findings, "evaluator": evaluator,
            "evaluated_on": evaluated_on or timezone.localdate()}
    if process is not None:
        data["process"] = process
    drill = audited_update(actor=actor, obj=drill, data=data)
    for plan in revise_plans:
        trigger_revision(drill, plan, actor=actor, finding=findings)
    return drill


@transaction.atomic
def trigger_revision(drill: Drill, plan: Plan, *, actor, finding: str) -> PlanRevisionTrigger:
    """RULES.md R4.3/L1 Art. 28: problems found in a drill are a revision trigger. The plan must be one the
    drill exercised; the plans service refuses unless the plan is published."""
    if not finding.strip():
        raise ApplicationError(_("请写明触发修订的问题。"), field_errors={"finding": [_("必填。")]})
    if not drill.plans.filter(pk=plan.pk).exists():
        raise ApplicationError(_("只能修订本次演练的预案。"), code="not_exercised")
    try:
        plan_services.transition(plan, "revise", actor=actor, comment=finding.strip(), drill=drill.pk,
                                 drill_title=drill.title)
    except (ValidationError, PermissionDenied) as exc:
        raise ApplicationError(" ".join(getattr(exc, "messages", [str(exc)])), code="plan_refused") from None
    trigger = PlanRevisionTrigger.objects.create(drill=drill, plan=plan, finding=finding.strip(),
                                                 actor=actor if getattr(actor, "is_authenticated", False) else None)
    record(actor=actor, action="drills.drill.plan_revision", obj=drill,
           changes={"plan": [None, str(plan)], "finding": [None, finding.strip()]})
    return trigger


# Attachments -------------------------------------------------------------------------------------


def check_upload(upload) -> str:
    """The upload's content type if it is a photo or PDF within the size limit, judged by its first bytes."""
    if upload.size > rules.MAX_ATTACHMENT_BYTES:
        raise ApplicationError(_("文件不能超过 %(mb)d MB。") % {"mb": rules.MAX_ATTACHMENT_BYTES // (1024 * 1024)},
                               code="too_big")
    kind = sniff(upload, rules.ATTACHMENT_KINDS)
    if kind is None:
        raise ApplicationError(_("只能上传照片（JPEG、PNG、WebP）或 PDF 文件。"), code="bad_type")
    if PurePath(upload.name).suffix.lower() not in kind.extensions:
        raise ApplicationError(_("文件扩展名与文件内容不符。"), code="bad_extension")
    return kind.content_type


@transaction.atomic
def attachment_add(*, actor, drill: Drill, upload) -> DrillAttachment:
    drill = Drill.objects.select_for_update().get(pk=drill.pk)
    if drill.attachments.filter(deleted_at__isnull=True).count() >= rules.MAX_ATTACHMENTS_PER_DRILL:
        raise ApplicationError(_("每次演练最多上传 %(n)d 个附件。") % {"n": rules.MAX_ATTACHMENTS_PER_DRILL},
                               code="too_many")
    content_type = check_upload(upload)
    name = PurePath(upload.name).name[:200]
    attachment = DrillAttachment(drill=drill, name=name, content_type=content_type,
                                 uploaded_by=actor if getattr(actor, "is_authenticated", False) else None)
    attachment.file.save(name, upload, save=False)
    attachment.size = attachment.file.size  # what was stored: photos are written again without their metadata
    return audited_create(actor=actor, obj=attachment)


def attachment_delete(*, actor, attachment: DrillAttachment) -> DrillAttachment:
    return audited_soft_delete(actor=actor, obj=attachment)


# Improvement actions -----------------------------------------------------------------------------


def action_create(*, actor, data: dict) -> ImprovementAction:
    return audited_create(actor=actor, obj=ImprovementAction(**data))


def action_update(*, actor, obj: ImprovementAction, data: dict) -> ImprovementAction:
    if obj.status == ImprovementAction.Status.DONE:
        raise ApplicationError(_("已完成的整改措施不能修改。"), code="done")
    return audited_update(actor=actor, obj=obj, data=data)


@transaction.atomic
def action_complete(*, actor, action: ImprovementAction, result: str, done_on: datetime.date | None = None):
    """Close an action with what was done; the completion date cannot be in the future."""
    action = ImprovementAction.objects.select_for_update().get(pk=action.pk)
    if action.status == ImprovementAction.Status.DONE:
        raise ApplicationError(_("该整改措施已完成。"), code="done")
    if not result.strip():
        raise ApplicationError(_("请填写完成情况。"), field_errors={"result": [_("必填。")]})
    day = done_on or timezone.localdate()
    if day > timezone.localdate():
        raise ApplicationError(_("完成日期不能晚于今天。"), field_errors={"done_on": [_("不能晚于今天。")]})
    before = snapshot(action)
    action.status, action.done_on, action.result = ImprovementAction.Status.DONE, day, result.strip()
    action.save(update_fields=["status", "done_on", "result", "updated_at"])
    record(actor=actor, action="drills.improvementaction.done", obj=action, before=before, after=snapshot(action))
    return action


@transaction.atomic
def action_reopen(*, actor, action: ImprovementAction, reason: str) -> ImprovementAction:
    """Verification found the action not done after all."""
    action = ImprovementAction.objects.select_for_update().get(pk=action.pk)
    if action.status != ImprovementAction.Status.DONE:
        raise ApplicationError(_("该整改措施尚未完成。"), code="open")
    if not reason.strip():
        raise ApplicationError(_("请说明重新整改的原因。"), field_errors={"result": [_("必填。")]})
    before = snapshot(action)
    action.status, action.done_on = ImprovementAction.Status.OPEN, None
    action.result = f"{action.result}\n{_('重新整改')}：{reason.strip()}".strip()
    action.save(update_fields=["status", "done_on", "result", "updated_at"])
    record(actor=actor, action="drills.improvementaction.reopened", obj=action, before=before,
           after=snapshot(action))
    return action
