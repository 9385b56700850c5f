"""The response lifecycle (start, level changes, end, command post and working groups), the after-action
review and recovery (L1 Arts. 86–87)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.audit.services import audited_create, audited_soft_delete, audited_update, record, snapshot
from yingji.core.exceptions import ApplicationError
from yingji.response import notify, rules
from yingji.response.models import Commitment, LevelChange, Response, ReviewFinding, Task, WorkingGroup
from yingji.response.rules import CommitmentKind, Level, Status
from yingji.response.services.common import (
    _check_level,
    _check_organisation,
    _in_actor_scope,
    _locked,
    _moment,
    _refuse,
    _user,
)
from yingji.response.services.resources import commitment_release

# The response lifecycle --------------------------------------------------------------------------


@transaction.atomic
def response_start(*, actor, division, event, level: str, title: str = "", matters: str, commander: str,
                   measures: str = "", deputy_commander: str = "", command_post: str = "",
                   expected_until: datetime.datetime | None = None, started_at: datetime.datetime | None = None,
                   groups=rules.DEFAULT_GROUPS) -> Response:
    """Start a response for an event in the division's subtree (L1 Art. 72: matters, level, expected duration,
    measures), with the command post's default working groups."""
    if level not in Level.values:
        _refuse(_("请选择响应级别。"), code="level", field="level")
    if not _in_actor_scope(actor, division):
        _refuse(_("只能以本辖区的名义启动响应。"), code="out_of_scope", field="division")
    _check_level(division, level)
    if event.is_deleted or not division.contains(event.division):
        _refuse(_("只能为本辖区内发生的事件启动响应。"), code="event_outside", field="event")
    if Response.objects.filter(event=event, status=Status.ACTIVE).exists():
        _refuse(_("该事件已有正在进行的应急响应，请调整其响应级别。"), code="already_active", field="event")
    if not matters.strip():
        _refuse(_("请写明响应事项。"), code="matters", field="matters")
    if not commander.strip():
        _refuse(_("请填写总指挥。"), code="commander", field="commander")
    started = _moment(started_at, field="started_at", not_before=event.occurred_at,
                      not_before_message=_("启动时间不能早于事件发生时间。"))
    if expected_until is not None and expected_until <= started:
        _refuse(_("预计期限须晚于启动时间。"), code="expected_until", field="expected_until")
    response = Response(division=division, event=event, level=level, matters=matters.strip(),
                        title=title.strip() or _("%(event)s%(level)s") % {"event": event.title,
                                                                         "level": Level(level).label},
                        commander=commander.strip(), deputy_commander=deputy_commander.strip(),
                        command_post=command_post.strip(), measures=measures.strip(),
                        expected_until=expected_until, started_at=started, started_by=_user(actor))
    try:
        with transaction.atomic():
            response = audited_create(actor=actor, obj=response)
    except (IntegrityError, ValidationError):
        # Another office started one for the same event at the same moment (the partial unique index).
        _refuse(_("该事件已有正在进行的应急响应，请调整其响应级别。"), code="already_active", field="event")
    LevelChange.objects.create(response=response, from_level="", to_level=level, at=started, actor=_user(actor),
                               reason=_("启动响应"))
    for name, duties in groups:
        WorkingGroup.objects.create(response=response, name=name, duties=str(duties))
    return response


def response_create(*, actor, data: dict) -> Response:
    """The register's create path: the start form's fields."""
    return response_start(actor=actor, **data)


@transaction.atomic
def response_change_level(*, actor, response: Response, level: str, reason: str,
                          at: datetime.datetime | None = None) -> Response:
    """Upgrade or downgrade a running response; each change is kept with its reason."""
    locked = _locked(response)
    if locked.status != Status.ACTIVE:
        _refuse(_("响应已终止，不能调整级别。"), code="not_active")
    if level not in Level.values:
        _refuse(_("请选择响应级别。"), code="level", field="level")
    if level == locked.level:
        _refuse(_("新级别与当前级别相同。"), code="same_level", field="level")
    if not reason.strip():
        _refuse(_("请写明调整响应级别的理由。"), code="reason", field="reason")
    _check_level(locked.division, level)
    when = _moment(at, field="at", not_before=locked.started_at)
    before = locked.level
    locked.level = level
    locked.save(update_fields=["level", "updated_at"])
    LevelChange.objects.create(response=locked, from_level=before, to_level=level, reason=reason.strip(), at=when,
                               actor=_user(actor))
    verb = "upgraded" if rules.is_upgrade(before, level) else "downgraded"
    record(actor=actor, action=f"response.response.{verb}", obj=locked,
           changes={"level": [before, level], "reason": [None, reason.strip()]})
    return locked


@transaction.atomic
def response_end(*, actor, response: Response, reason: str, at: datetime.datetime | None = None) -> Response:
    """终止响应: the time and the reason; committed teams stand down and opened shelters stay as they are."""
    locked = _locked(response)
    if locked.status != Status.ACTIVE:
        _refuse(_("响应已终止。"), code="not_active")
    if not reason.strip():
        _refuse(_("请写明终止响应的理由。"), code="reason", field="reason")
    when = _moment(at, field="ended_at", not_before=locked.started_at,
                   not_before_message=_("终止时间不能早于启动时间。"))
    before = snapshot(locked)
    locked.status, locked.ended_at, locked.end_reason = Status.ENDED, when, reason.strip()
    locked.save(update_fields=["status", "ended_at", "end_reason", "updated_at"])
    record(actor=actor, action="response.response.ended", obj=locked, before=before, after=snapshot(locked))
    for commitment in Commitment.objects.filter(response=locked, kind=CommitmentKind.TEAM, released_at__isnull=True):
        commitment_release(actor=actor, commitment=commitment, at=when)
    return locked


@transaction.atomic
def response_command_update(*, actor, response: Response, data: dict) -> Response:
    """The command post's people and place, measures and expected duration, while the response runs."""
    response = _locked(response)
    allowed = {"commander", "deputy_commander", "command_post", "measures", "expected_until"}
    if set(data) - allowed:
        _refuse(_("响应级别和状态须通过调整级别、终止响应办理。"), code="fields")
    if response.status != Status.ACTIVE:
        _refuse(_("响应已终止，不能修改指挥部。"), code="not_active")
    if "commander" in data and not str(data["commander"] or "").strip():
        _refuse(_("请填写总指挥。"), code="commander", field="commander")
    return audited_update(actor=actor, obj=response, data=data)


@transaction.atomic
def response_delete(*, actor, obj: Response) -> Response:
    """Only a response started by mistake, with nothing recorded under it yet."""
    obj = _locked(obj)
    if obj.tasks.exists() or obj.commitments.exists() or obj.situation.exists() or obj.press_releases.exists():
        _refuse(_("响应已有任务、资源或态势记录，不能删除。"), code="in_use")
    return audited_soft_delete(actor=actor, obj=obj)



# Command structure -------------------------------------------------------------------------------


def group_add(*, actor, response: Response, name: str, duties: str = "", lead_person: str = "",
              lead_organisation=None) -> WorkingGroup:
    if response.status != Status.ACTIVE:
        _refuse(_("响应已终止，不能调整指挥部。"), code="not_active")
    if not name.strip():
        _refuse(_("请填写工作组名称。"), code="name", field="name")
    _check_organisation(actor, lead_organisation, "lead_organisation")
    return audited_create(actor=actor, obj=WorkingGroup(
        response=response, name=name.strip(), duties=duties.strip(), lead_person=lead_person.strip(),
        lead_organisation=lead_organisation))


@transaction.atomic
def group_remove(*, actor, group: WorkingGroup) -> WorkingGroup:
    """Drop a working group the command post no longer needs; one that has been given tasks stays, since
    the tasks name it."""
    locked = WorkingGroup.all_objects.select_for_update().select_related("response").get(pk=group.pk)
    if locked.response.status != Status.ACTIVE:
        _refuse(_("响应已终止，不能调整指挥部。"), code="not_active")
    if Task.all_objects.filter(group=locked).exists():
        _refuse(_("该工作组已承办任务，不能删除。"), code="has_tasks")
    return audited_soft_delete(actor=actor, obj=locked)



# After-action review -----------------------------------------------------------------------------


@transaction.atomic
def finding_add(*, actor, response: Response, text: str, recommendation: str = "", plan=None) -> ReviewFinding:
    """A finding of the review. With a plan, the plan goes into revision through the plans service (RULES.md
    R4.3 / L1 Art. 28: problems found in handling an event are a revision trigger)."""
    from yingji.plans import services as plan_services

    locked = _locked(response)
    if locked.status == Status.ACTIVE:
        _refuse(_("响应终止后才能复盘。"), code="active")
    if locked.status == Status.REVIEWED:
        _refuse(_("复盘已完成，不能再添加发现。"), code="reviewed")
    if not text.strip():
        _refuse(_("请填写发现的问题。"), code="text", field="text")
    finding = ReviewFinding(response=locked, text=text.strip(), recommendation=recommendation.strip(), plan=plan)
    if plan is not None:
        try:
            plan_services.transition(plan, "revise", actor=actor, comment=text.strip(), response=locked.pk,
                                     response_title=locked.title)
        except (ValidationError, PermissionDenied) as exc:
            raise ApplicationError(" ".join(getattr(exc, "messages", [str(exc)])), code="plan_refused",
                                   field_errors={"plan": [" ".join(getattr(exc, "messages", [str(exc)]))]}) from None
        finding.revision_at = timezone.now()
    return audited_create(actor=actor, obj=finding)


@transaction.atomic
def review_complete(*, actor, response: Response, summary: str) -> Response:
    locked = _locked(response)
    if Status.REVIEWED not in rules.TRANSITIONS[locked.status]:
        if locked.status == Status.ACTIVE:
            _refuse(_("响应终止后才能复盘。"), code="active")
        _refuse(_("复盘已完成。"), code="reviewed")
    if not summary.strip():
        _refuse(_("请填写复盘总结。"), code="summary", field="summary")
    before = snapshot(locked)
    locked.status, locked.review_summary, locked.reviewed_at = Status.REVIEWED, summary.strip(), timezone.now()
    locked.save(update_fields=["status", "review_summary", "reviewed_at", "updated_at"])
    record(actor=actor, action="response.response.reviewed", obj=locked, before=before, after=snapshot(locked))
    return locked



# Recovery and reconstruction (L1 Arts. 86–87) --------------------------------------------------


@transaction.atomic
def recovery_plan_record(*, actor, response: Response, loss_assessment: str, recovery_plan: str) -> Response:
    """The impact-and-loss assessment and the recovery plan, written once handling has ended and changed until
    they are reported to the level above."""
    locked = _locked(response)
    if locked.status == Status.ACTIVE:
        _refuse(_("响应终止后才能制定恢复重建计划。"), code="active")
    if locked.recovery_reported_at is not None:
        _refuse(_("恢复重建计划已报上一级，不能再修改。"), code="reported")
    missing = {name: [_("必填。")] for name, text in (("loss_assessment", loss_assessment),
                                                     ("recovery_plan", recovery_plan)) if not text.strip()}
    if missing:
        raise ApplicationError(_("请填写影响和损失调查评估及恢复重建计划。"), code="required", field_errors=missing)
    before = snapshot(locked)
    locked.loss_assessment, locked.recovery_plan = loss_assessment.strip(), recovery_plan.strip()
    locked.save(update_fields=["loss_assessment", "recovery_plan", "updated_at"])
    record(actor=actor, action="response.response.recovery_planned", obj=locked, before=before,
           after=snapshot(locked))
    return locked


@transaction.atomic
def recovery_report(*, actor, response: Response) -> Response:
    """Report the recovery plan to the level above (L1 Art. 87), whose office accounts are told; after that it
    no longer changes."""
    locked = _locked(response)
    if locked.recovery_reported_at is not None:
        _refuse(_("恢复重建计划已报上一级。"), code="reported")
    if not (locked.loss_assessment and locked.recovery_plan):
        _refuse(_("请先填写影响和损失调查评估及恢复重建计划。"), code="required")
    before = snapshot(locked)
    locked.recovery_reported_at = timezone.now()
    locked.save(update_fields=["recovery_reported_at", "updated_at"])
    record(actor=actor, action="response.response.recovery_reported", obj=locked, before=before,
           after=snapshot(locked))
    transaction.on_commit(lambda: notify.recovery_reported(locked.pk))
    return locked
