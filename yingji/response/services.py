"""Writes for incident response: start, level changes, end and review (the response lifecycle), the command
structure, tasks, committed resources, the situation log, online opinion and press releases.

Every write is audited inside its transaction; a refused step raises ApplicationError with a Chinese
message and changes nothing. Resources change state through their own apps' services (a team goes
"deployed" through teams.services, a shelter opens through shelters.services, an expert's participation is
logged through experts.services) and a review finding revises a plan through plans.services.transition, the
same step a drill finding takes.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.audit.services import audited_create, audited_soft_delete, audited_update, record, snapshot
from yingji.core.exceptions import ApplicationError
from yingji.core.scoping import scope_division, subtree_bounds
from yingji.response import notify, rules
from yingji.response.models import (
    Commitment,
    LevelChange,
    OpinionEntry,
    PressRelease,
    Response,
    ReviewFinding,
    SituationEntry,
    Task,
    WorkingGroup,
)
from yingji.response.rules import (
    CommitmentKind,
    Level,
    OpinionStatus,
    PressStatus,
    Status,
    TaskPhase,
    TaskStatus,
)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _inside(division, code: str) -> bool:
    low, high = subtree_bounds(division.code, division.level)
    return low <= code < high


def _in_actor_scope(actor, division) -> bool:
    """The system itself (actor None, the demo loader) may act anywhere; a user only in their subtree."""
    if _user(actor) is None:
        return True
    home = scope_division(actor)
    return home is not None and _inside(home, division.code)


def _refuse(message, *, code: str = "invalid", field: str | None = None):
    raise ApplicationError(message, code=code, field_errors={field: [message]} if field else None)


def _moment(at: datetime.datetime | None, *, field: str, not_before: datetime.datetime | None = None,
            not_before_message=None) -> datetime.datetime:
    """A time stated by the user (records are often entered after the fact): never in the future."""
    now = timezone.now()
    at = at or now
    if at > now + datetime.timedelta(minutes=1):
        _refuse(_("时间不能晚于现在。"), code="future", field=field)
    if not_before is not None and at < not_before:
        _refuse(not_before_message or _("时间不能早于响应启动时间。"), code="too_early", field=field)
    return at


def _fresh(obj):
    """The stored row, locked: rules are checked against it, never against a stale copy."""
    return type(obj).all_objects.select_for_update().get(pk=obj.pk)


def _locked(response: Response) -> Response:
    return Response.all_objects.select_for_update().select_related("division", "event").get(pk=response.pk)


def _check_level(division, level: str) -> None:
    allowed = rules.START_LEVELS.get(division.level)
    if not allowed:
        _refuse(_("只有县级和乡镇(街道)可以启动应急响应。"), code="division_level", field="division")
    if level not in allowed:
        _refuse(_("%(division)s只能启动%(levels)s，更高级别的响应须由县启动。") % {
            "division": division.name, "levels": "、".join(str(Level(v).label) for v in sorted(allowed))},
            code="level_not_allowed", field="level")


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
    if event.is_deleted or not _inside(division, event.division.code):
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


def _check_organisation(actor, organisation, field: str) -> None:
    if organisation is None or _user(actor) is None:
        return
    from yingji.divisions.models import Organisation

    if not Organisation.objects.visible_to(actor).filter(pk=organisation.pk).exists():
        _refuse(_("所选单位不在您的管辖范围内。"), code="out_of_scope", field=field)


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


def group_update(*, actor, group: WorkingGroup, data: dict) -> WorkingGroup:
    if group.response.status != Status.ACTIVE:
        _refuse(_("响应已终止，不能调整指挥部。"), code="not_active")
    _check_organisation(actor, data.get("lead_organisation"), "lead_organisation")
    return audited_update(actor=actor, obj=group, data=data)


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


# Resources ---------------------------------------------------------------------------------------


def _open_commitment(response: Response, **resource) -> bool:
    return Commitment.objects.filter(response=response, released_at__isnull=True, **resource).exists()


def _committable(response: Response) -> Response:
    locked = _locked(response)
    if locked.status != Status.ACTIVE:
        _refuse(_("响应已终止，不能再调派资源。"), code="not_active")
    return locked


def _visible(actor, model, obj, message) -> None:
    if _user(actor) is not None and not model.objects.visible_to(actor).filter(pk=obj.pk).exists():
        _refuse(message, code="out_of_scope")


@transaction.atomic
def commit_team(*, actor, response: Response, team, note: str = "") -> Commitment:
    """The team goes out: its readiness becomes 出动中 through the teams service."""
    from yingji.teams import services as team_services
    from yingji.teams.models import Team
    from yingji.teams.rules import Readiness

    response = _committable(response)
    _visible(actor, Team, team, _("所选队伍不在您的管辖范围内。"))
    if _open_commitment(response, team=team):
        _refuse(_("该队伍已调派到本次响应。"), code="duplicate")
    if team.readiness == Readiness.STOOD_DOWN:
        _refuse(_("该队伍已停用，不能调派。"), code="stood_down")
    if team.readiness != Readiness.DEPLOYED:
        team_services.team_update(actor=actor, obj=team, data={"readiness": Readiness.DEPLOYED})
    return audited_create(actor=actor, obj=Commitment(response=response, kind=CommitmentKind.TEAM, team=team,
                                                      note=note.strip(), committed_at=timezone.now()))


@transaction.atomic
def commit_expert(*, actor, response: Response, expert, note: str = "") -> Commitment:
    """The expert joins the command post; their participation log gets an 事件处置 entry."""
    from yingji.experts import services as expert_services
    from yingji.experts.models import Expert
    from yingji.experts.rules import EngagementKind

    response = _committable(response)
    _visible(actor, Expert, expert, _("所选专家不在您的管辖范围内。"))
    if _open_commitment(response, expert=expert):
        _refuse(_("该专家已参与本次响应。"), code="duplicate")
    engagement = expert_services.engagement_create(actor=actor, data={
        "expert": expert, "kind": EngagementKind.INCIDENT, "date": timezone.localdate(),
        "subject": response.title[:200], "notes": note.strip()})
    return audited_create(actor=actor, obj=Commitment(response=response, kind=CommitmentKind.EXPERT, expert=expert,
                                                      engagement=engagement, note=note.strip(),
                                                      committed_at=timezone.now()))


@transaction.atomic
def commit_order(*, actor, response: Response, order, note: str = "") -> Commitment:
    """A supplies dispatch order serving the response; it moves on through the supplies service."""
    from yingji.supplies.models import DispatchOrder

    response = _committable(response)
    _visible(actor, DispatchOrder, order, _("所选调拨单不在您的管辖范围内。"))
    if _open_commitment(response, order=order):
        _refuse(_("该调拨单已关联本次响应。"), code="duplicate")
    return audited_create(actor=actor, obj=Commitment(response=response, kind=CommitmentKind.ORDER, order=order,
                                                      note=note.strip(), committed_at=timezone.now()))


@transaction.atomic
def commit_shelter(*, actor, response: Response, shelter, occupancy: int, note: str = "") -> Commitment:
    """Open a shelter for the response with the people it holds, through the shelters service."""
    from yingji.shelters import services as shelter_services
    from yingji.shelters.models import Shelter
    from yingji.shelters.rules import Status as ShelterStatus

    response = _committable(response)
    _visible(actor, Shelter, shelter, _("所选避难场所不在您的管辖范围内。"))
    if _open_commitment(response, shelter=shelter):
        _refuse(_("该避难场所已在本次响应中启用，请更新安置人数。"), code="duplicate")
    if shelter.status == ShelterStatus.CLOSED:
        _refuse(_("该避难场所已关闭，不能启用。"), code="closed")
    if occupancy < 0:
        _refuse(_("安置人数不能为负数。"), code="occupancy", field="occupancy")
    shelter_services.set_occupancy(actor=actor, shelter=shelter, status=ShelterStatus.IN_USE, occupancy=occupancy)
    return audited_create(actor=actor, obj=Commitment(response=response, kind=CommitmentKind.SHELTER,
                                                      shelter=shelter, occupancy=occupancy, note=note.strip(),
                                                      committed_at=timezone.now()))


def commit(*, actor, response: Response, kind: str, resource, note: str = "",
           occupancy: int | None = None) -> Commitment:
    """Commit one resource of `kind` (team, expert, order or shelter): the page's and the API's one way in."""
    if kind == CommitmentKind.SHELTER:
        if occupancy is None:
            _refuse(_("请填写安置人数。"), code="occupancy", field="occupancy")
        return commit_shelter(actor=actor, response=response, shelter=resource, occupancy=occupancy, note=note)
    commit_one = {CommitmentKind.TEAM: commit_team, CommitmentKind.EXPERT: commit_expert,
                  CommitmentKind.ORDER: commit_order}[kind]
    return commit_one(actor=actor, response=response, note=note, **{kind: resource})


@transaction.atomic
def shelter_occupancy(*, actor, commitment: Commitment, occupancy: int) -> Commitment:
    from yingji.shelters import services as shelter_services
    from yingji.shelters.rules import Status as ShelterStatus

    if commitment.kind != CommitmentKind.SHELTER or commitment.released_at is not None:
        _refuse(_("只能更新本次响应中启用的避难场所的安置人数。"), code="not_shelter")
    if occupancy < 0:
        _refuse(_("安置人数不能为负数。"), code="occupancy", field="occupancy")
    shelter_services.set_occupancy(actor=actor, shelter=commitment.shelter, status=ShelterStatus.IN_USE,
                                   occupancy=occupancy)
    return audited_update(actor=actor, obj=commitment, data={"occupancy": occupancy})


@transaction.atomic
def commitment_release(*, actor, commitment: Commitment, at: datetime.datetime | None = None) -> Commitment:
    """The resource leaves the response: a team stands by again (unless another response still holds it), a
    shelter closes back to ready with nobody left inside."""
    from yingji.shelters import services as shelter_services
    from yingji.shelters.rules import Status as ShelterStatus
    from yingji.teams import services as team_services
    from yingji.teams.rules import Readiness

    locked = Commitment.all_objects.select_for_update().get(pk=commitment.pk)
    if locked.released_at is not None:
        _refuse(_("该资源已撤回。"), code="released")
    before = snapshot(locked)
    locked.released_at = at or timezone.now()
    locked.save(update_fields=["released_at", "updated_at"])
    record(actor=actor, action="response.commitment.released", obj=locked, before=before, after=snapshot(locked))
    if locked.kind == CommitmentKind.TEAM:
        still_out = Commitment.objects.filter(team=locked.team, released_at__isnull=True).exists()
        if not still_out and locked.team.readiness == Readiness.DEPLOYED:
            team_services.team_update(actor=actor, obj=locked.team, data={"readiness": Readiness.READY})
    elif locked.kind == CommitmentKind.SHELTER:
        still_open = Commitment.objects.filter(shelter=locked.shelter, released_at__isnull=True).exists()
        if not still_open:
            shelter_services.set_occupancy(actor=actor, shelter=locked.shelter, status=ShelterStatus.READY,
                                           occupancy=0)
    return locked


# Situation log -----------------------------------------------------------------------------------


@transaction.atomic
def situation_add(*, actor, response: Response, text: str, source: str,
                  at: datetime.datetime | None = None) -> SituationEntry:
    """Append one entry to the situation log; entries are never edited or deleted."""
    locked = _locked(response)
    if locked.status != Status.ACTIVE:
        _refuse(_("响应已终止，态势记录已封存。"), code="not_active")
    if not text.strip():
        _refuse(_("请填写态势内容。"), code="text", field="text")
    if not source.strip():
        _refuse(_("请填写信息来源。"), code="source", field="source")
    when = _moment(at, field="at", not_before=locked.event.occurred_at,
                   not_before_message=_("时间不能早于事件发生时间。"))
    entry = SituationEntry.objects.create(response=locked, at=when, source=source.strip()[:100], text=text.strip(),
                                          author=_user(actor))
    record(actor=actor, action="response.situationentry.created", obj=entry,
           changes={"at": [None, when.isoformat()], "source": [None, entry.source], "text": [None, entry.text]})
    return entry


# Online opinion ----------------------------------------------------------------------------------


def opinion_add(*, actor, data: dict) -> OpinionEntry:
    if data["response"].status == Status.REVIEWED:
        _refuse(_("复盘已完成，不能再登记舆情。"), code="reviewed")
    data = {**data, "found_at": _moment(data.get("found_at"), field="found_at")}
    return audited_create(actor=actor, obj=OpinionEntry(**data))


@transaction.atomic
def opinion_handle(*, actor, opinion: OpinionEntry, handling: str) -> OpinionEntry:
    locked = OpinionEntry.all_objects.select_for_update().get(pk=opinion.pk)
    if locked.status == OpinionStatus.HANDLED:
        _refuse(_("该舆情已处置。"), code="handled")
    if not handling.strip():
        _refuse(_("请填写处置情况。"), code="handling", field="handling")
    before = snapshot(locked)
    locked.status, locked.handling, locked.handled_at = OpinionStatus.HANDLED, handling.strip(), timezone.now()
    locked.save(update_fields=["status", "handling", "handled_at", "updated_at"])
    record(actor=actor, action="response.opinionentry.handled", obj=locked, before=before, after=snapshot(locked))
    return locked


# Press releases ----------------------------------------------------------------------------------


def press_create(*, actor, data: dict) -> PressRelease:
    if data["response"].status == Status.REVIEWED:
        _refuse(_("复盘已完成，不能再起草新闻稿。"), code="reviewed")
    return audited_create(actor=actor, obj=PressRelease(**data))


@transaction.atomic
def press_update(*, actor, obj: PressRelease, data: dict) -> PressRelease:
    obj = _fresh(obj)
    if obj.status == PressStatus.PUBLISHED:
        _refuse(_("已发布的新闻稿不能修改。"), code="published")
    if obj.status != PressStatus.DRAFT:
        _refuse(_("已审核的新闻稿须退回草稿后才能修改。"), code="approved")
    return audited_update(actor=actor, obj=obj, data=data)


@transaction.atomic
def press_delete(*, actor, obj: PressRelease) -> PressRelease:
    obj = _fresh(obj)
    if obj.status != PressStatus.DRAFT:
        _refuse(_("只有草稿可以删除；已发布的新闻稿不能删除。"), code="not_draft")
    return audited_soft_delete(actor=actor, obj=obj)


PRESS_VERBS = {PressStatus.APPROVED: "approved", PressStatus.PUBLISHED: "published", PressStatus.DRAFT: "returned"}


@transaction.atomic
def press_step(*, actor, release: PressRelease, to: str) -> PressRelease:
    """draft → approved → published (or approved → back to draft); a published release is final."""
    locked = PressRelease.all_objects.select_for_update().get(pk=release.pk)
    if to not in rules.PRESS_TRANSITIONS.get(locked.status, ()):
        if locked.status == PressStatus.PUBLISHED:
            _refuse(_("新闻稿已发布，不能再更改。"), code="published")
        target = PressStatus(to).label if to in PressStatus.values else to
        _refuse(_("新闻稿当前为“%(status)s”，不能改为“%(to)s”。") % {
            "status": PressStatus(locked.status).label, "to": target}, code="bad_state")
    before = snapshot(locked)
    now = timezone.now()
    locked.status = to
    if to == PressStatus.APPROVED:
        locked.approved_by, locked.approved_at = _user(actor), now
    elif to == PressStatus.PUBLISHED:
        locked.published_at = now
    else:
        locked.approved_by, locked.approved_at = None, None
    locked.save(update_fields=["status", "approved_by", "approved_at", "published_at", "updated_at"])
    record(actor=actor, action=f"response.pressrelease.{PRESS_VERBS[to]}", obj=locked, before=before,
           after=snapshot(locked))
    return locked


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
