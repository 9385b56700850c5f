"""Tasks given by the command post: assigned, accepted, done; handling tasks while the response runs,
recovery tasks after it ends."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from yingji.audit.services import audited_create, audited_soft_delete, audited_update, record, snapshot
from yingji.response import rules
from yingji.response.models import Task
from yingji.response.rules import Status, TaskPhase, TaskStatus
from yingji.response.services.common import _check_organisation, _fresh, _locked, _moment, _refuse, _user

# Tasks -------------------------------------------------------------------------------------------


def _check_task(actor, task: Task) -> None:
    if task.group_id is None and task.organisation_id is None and task.team_id is None:
        _refuse(_("请指定承办的工作组、单位或队伍。"), code="assignee", field="group")
    if task.group_id is not None and task.group.response_id != task.response_id:
        _refuse(_("所选工作组不属于本次响应。"), code="group", field="group")
    _check_organisation(actor, task.organisation, "organisation")
    if task.team_id is not None and _user(actor) is not None:
        from yingji.teams.models import Team

        if not Team.objects.visible_to(actor).filter(pk=task.team_id).exists():
            _refuse(_("所选队伍不在您的管辖范围内。"), code="out_of_scope", field="team")
    if task.deadline is not None and task.assigned_at is not None and task.deadline <= task.assigned_at:
        _refuse(_("完成时限须晚于下达时间。"), code="deadline", field="deadline")


@transaction.atomic
def task_create(*, actor, data: dict) -> Task:
    response = _locked(data["response"])
    recovery = data.get("phase") == TaskPhase.RECOVERY
    if recovery and response.status == Status.ACTIVE:
        _refuse(_("恢复重建任务在响应终止后下达。"), code="active", field="phase")
    if not recovery and response.status != Status.ACTIVE:
        _refuse(_("响应已终止，不能再下达应急处置任务；恢复重建任务请选择“恢复重建”阶段。"), code="not_active")
    data = dict(data)
    # Orders given in the field are often entered afterwards: the stated time, never before the start.
    assigned = _moment(data.pop("assigned_at", None), field="assigned_at", not_before=response.started_at)
    task = Task(**{**data, "response": response}, assigned_at=assigned)
    _check_task(actor, task)
    return audited_create(actor=actor, obj=task)


@transaction.atomic
def task_update(*, actor, obj: Task, data: dict) -> Task:
    obj = _fresh(obj)
    if obj.status == TaskStatus.DONE:
        _refuse(_("已完成的任务不能修改。"), code="done")
    if "response" in data and data["response"].pk != obj.response_id:
        _refuse(_("任务不能改到另一次响应。"), code="response", field="response")
    task = audited_update(actor=actor, obj=obj, data=data)
    _check_task(actor, task)
    return task


@transaction.atomic
def task_delete(*, actor, obj: Task) -> Task:
    obj = _fresh(obj)
    if obj.status != TaskStatus.ASSIGNED:
        _refuse(_("已接收的任务不能删除。"), code="in_progress")
    return audited_soft_delete(actor=actor, obj=obj)


@transaction.atomic
def task_step(*, actor, task: Task, to: str, feedback: str = "", at: datetime.datetime | None = None) -> Task:
    """assigned → accepted → done; done needs the feedback (what was done)."""
    locked = Task.all_objects.select_for_update().get(pk=task.pk)
    if to not in rules.TASK_TRANSITIONS.get(locked.status, ()):
        current = TaskStatus(locked.status).label
        target = TaskStatus(to).label if to in TaskStatus.values else to
        _refuse(_("任务当前为“%(status)s”，不能改为“%(to)s”。") % {"status": current, "to": target},
                code="bad_state")
    if to == TaskStatus.DONE and not feedback.strip():
        _refuse(_("请填写完成情况反馈。"), code="feedback", field="feedback")
    before = snapshot(locked)
    now = _moment(at, field="at", not_before=locked.assigned_at, not_before_message=_("时间不能早于任务下达时间。"))
    locked.status = to
    if to == TaskStatus.ACCEPTED:
        locked.accepted_at = now
    else:
        locked.done_at = now
    if feedback.strip():
        locked.feedback = feedback.strip()
    locked.save(update_fields=["status", "accepted_at", "done_at", "feedback", "updated_at"])
    record(actor=actor, action=f"response.task.{to}", obj=locked, before=before, after=snapshot(locked))
    return locked
