"""/api/v1/responses: responses (list, detail, start, change level, end), their tasks (CRUD and steps), the
situation timeline (read, append), committed resources (commit, occupancy, release), online opinion (record,
handle), press releases (draft, edit, approve, publish), the review (findings, complete) and recovery (plan,
report). Scoped like every other endpoint; writes go through the services."""

import datetime

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from yingji.api.access import (
    filter_params,
    paginated,
    resolve_division,
    resolve_organisation,
    within_division,
)
from yingji.api.auth import require
from yingji.api.errors import READ_ERRORS, WRITE_ERRORS, field_error
from yingji.core.listing import filtered
from yingji.core.permissions import Action
from yingji.response import permissions, selectors, services
from yingji.response.registers import RESPONSES, TASKS
from yingji.response.rules import CommitmentKind, Level, OpinionKind, PressStatus, TaskPhase, TaskStatus
from yingji.response.rules import Status as ResponseStatus

router = Router(tags=["response"])

SCOPED_ROUTES = [
    ("response.response", "/responses", "/responses/{pk}"),
    ("response.task", "/responses/tasks", "/responses/tasks/{pk}"),
]
STRICT = ConfigDict(extra="forbid")


class ResponseOut(Schema):
    id: int
    division: str = Field(..., alias="division.code")
    division_name: str = Field(..., alias="division.name")
    event: int = Field(..., alias="event_id")
    event_title: str = Field(..., alias="event.title")
    title: str
    level: str
    status: str
    matters: str
    measures: str
    expected_until: datetime.datetime | None
    commander: str
    deputy_commander: str
    command_post: str
    started_at: datetime.datetime
    ended_at: datetime.datetime | None
    end_reason: str
    reviewed_at: datetime.datetime | None
    review_summary: str
    loss_assessment: str
    recovery_plan: str
    recovery_reported_at: datetime.datetime | None
    open_tasks: int | None = None
    overdue_tasks: int | None = None


class GroupOut(Schema):
    id: int
    name: str
    duties: str
    lead_person: str
    lead_organisation: int | None = Field(None, alias="lead_organisation_id")


class LevelChangeOut(Schema):
    from_level: str
    to_level: str
    reason: str
    at: datetime.datetime


class ResponseDetailOut(ResponseOut):
    groups: list[GroupOut]
    level_changes: list[LevelChangeOut]

    @staticmethod
    def resolve_groups(obj):
        return list(obj.groups.filter(deleted_at__isnull=True).order_by("pk"))

    @staticmethod
    def resolve_level_changes(obj):
        return selectors.level_history(obj)


class ResponseFilters(Schema):
    division: str | None = None
    q: str | None = None
    status: ResponseStatus | None = None
    level: Level | None = None


class ResponseIn(Schema):
    model_config = STRICT
    division: str = Field(..., pattern=r"^\d{12}$", description="code of the county or township running it")
    event: int = Field(..., description="id of the incident event")
    level: Level
    title: str = ""
    matters: str
    measures: str = ""
    expected_until: datetime.datetime | None = None
    commander: str
    deputy_commander: str = ""
    command_post: str = ""
    started_at: datetime.datetime | None = Field(None, description="when it was started (now if not given)")


class LevelIn(Schema):
    model_config = STRICT
    level: Level
    reason: str
    at: datetime.datetime | None = None


class EndIn(Schema):
    model_config = STRICT
    reason: str
    at: datetime.datetime | None = None


class TaskOut(Schema):
    id: int
    response: int = Field(..., alias="response_id")
    title: str
    description: str
    group: int | None = Field(None, alias="group_id")
    organisation: int | None = Field(None, alias="organisation_id")
    team: int | None = Field(None, alias="team_id")
    assignee: str
    deadline: datetime.datetime
    phase: str
    status: str
    overdue: bool
    assigned_at: datetime.datetime
    accepted_at: datetime.datetime | None
    done_at: datetime.datetime | None
    feedback: str

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return selectors.is_overdue(obj)


class TaskIn(Schema):
    model_config = STRICT
    title: str
    description: str = ""
    group: int | None = Field(None, description="id of a working group of this response")
    organisation: int | None = None
    team: int | None = None
    deadline: datetime.datetime
    phase: TaskPhase = Field(TaskPhase.RESPONSE, description="recovery (恢复重建): only once the response has ended")


class TaskPatch(Schema):
    """The fields to change; status changes through the steps. A done task cannot be changed."""

    title: str | None = None
    description: str | None = None
    group: int | None = None
    organisation: int | None = None
    team: int | None = None
    deadline: datetime.datetime | None = None


class TaskFilters(Schema):
    division: str | None = None
    q: str | None = None
    status: TaskStatus | None = None
    response: int | None = None
    overdue: bool | None = None


class StepIn(Schema):
    model_config = STRICT
    feedback: str = ""


class TimelineOut(Schema):
    at: datetime.datetime
    source: str
    text: str
    origin: str = Field(description="log: the response's own entry; report: a report of the event")


class SituationIn(Schema):
    model_config = STRICT
    source: str
    text: str
    at: datetime.datetime | None = None


class PressOut(Schema):
    id: int
    response: int = Field(..., alias="response_id")
    number: str
    title: str
    body: str
    issuer: str
    status: str
    approved_at: datetime.datetime | None
    published_at: datetime.datetime | None


class PressIn(Schema):
    model_config = STRICT
    number: str = Field("", max_length=50, description="发文字号, e.g. 东应急发〔2026〕12号")
    title: str
    body: str
    issuer: str


class PressPatch(Schema):
    number: str | None = Field(None, max_length=50)
    title: str | None = None
    body: str | None = None
    issuer: str | None = None


class CommitmentOut(Schema):
    id: int
    kind: str
    team: int | None = Field(None, alias="team_id")
    expert: int | None = Field(None, alias="expert_id")
    order: int | None = Field(None, alias="order_id")
    shelter: int | None = Field(None, alias="shelter_id")
    resource: str
    occupancy: int | None
    note: str
    committed_at: datetime.datetime
    released_at: datetime.datetime | None

    @staticmethod
    def resolve_resource(obj) -> str:
        return str(obj.resource)


class CommitIn(Schema):
    model_config = STRICT
    kind: CommitmentKind
    id: int = Field(..., description="id of the team, expert, dispatch order or shelter, within the caller's subtree")
    note: str = ""
    occupancy: int | None = Field(None, ge=0, description="people sheltered (shelters only)")


class OccupancyIn(Schema):
    model_config = STRICT
    occupancy: int = Field(..., ge=0)


class OpinionOut(Schema):
    id: int
    kind: str
    platform: str
    summary: str
    found_at: datetime.datetime
    status: str
    handling: str
    handled_at: datetime.datetime | None


class OpinionIn(Schema):
    model_config = STRICT
    kind: OpinionKind
    platform: str
    summary: str
    found_at: datetime.datetime | None = None


class HandleIn(Schema):
    model_config = STRICT
    handling: str


class FindingOut(Schema):
    id: int
    text: str
    recommendation: str
    plan: int | None = Field(None, alias="plan_id")
    revision_at: datetime.datetime | None


class FindingIn(Schema):
    model_config = STRICT
    text: str
    recommendation: str = ""
    plan: int | None = Field(None, description="id of a published plan in the caller's subtree to send into revision")


class ReviewIn(Schema):
    model_config = STRICT
    summary: str = ""


class RecoveryIn(Schema):
    model_config = STRICT
    loss_assessment: str
    recovery_plan: str


# Responses ---------------------------------------------------------------------------------------


def _resolve_event(request, pk: int):
    from yingji.incidents.registers import EVENTS

    event = EVENTS.base_queryset(request.user).filter(pk=pk).first()
    if event is None:
        raise field_error("event", _("所选事件不存在或不在您的管辖范围内。"), code="out_of_scope")
    return event


@router.get("/responses", response={200: list[ResponseOut], **READ_ERRORS})
@paginated
def response_list(request, filters: Query[ResponseFilters]):
    """Responses in the caller's subtree, running ones first."""
    require(request, RESPONSES.capability, Action.VIEW)
    qs = within_division(RESPONSES.base_queryset(request.user), request.user, filters.division)
    qs = filtered(RESPONSES, qs, filter_params(filters))
    return selectors.with_task_counts(qs).order_by("status", "-started_at", "-pk")


@router.post("/responses", response={201: ResponseDetailOut, **WRITE_ERRORS})
def response_start(request, payload: ResponseIn):
    require(request, RESPONSES.capability, Action.ADD)
    data = payload.dict()
    data["division"] = resolve_division(request.user, data["division"])
    data["event"] = _resolve_event(request, data["event"])
    return Status(201, services.response_start(actor=request.user, **data))


def _task_qs(request):
    return TASKS.base_queryset(request.user)


@router.get("/responses/tasks", response={200: list[TaskOut], **READ_ERRORS})
@paginated
def task_list(request, filters: Query[TaskFilters]):
    """Tasks of the responses in the caller's subtree; `overdue=true` lists the late ones."""
    require(request, TASKS.capability, Action.VIEW)
    qs = within_division(_task_qs(request), request.user, filters.division)
    if filters.response is not None:
        qs = qs.filter(response_id=filters.response)
    if filters.overdue:
        qs = selectors.overdue(qs)
    params = filter_params(filters)
    for name in ("overdue", "response"):
        params.pop(name, None)
    return filtered(TASKS, qs, params).order_by("status", "deadline", "pk")


@router.get("/responses/tasks/{pk}", response={200: TaskOut, **READ_ERRORS})
def task_get(request, pk: int):
    task = TASKS.access(request.user, pk)
    require(request, TASKS.capability, Action.VIEW)
    return task


def _task_refs(request, response, data: dict) -> dict:
    from yingji.teams.registers import TEAMS

    if data.get("group") is not None:
        group = response.groups.filter(pk=data["group"], deleted_at__isnull=True).first()
        if group is None:
            raise field_error("group", _("所选工作组不属于本次响应。"), code="out_of_scope")
        data["group"] = group
    if "organisation" in data:
        data["organisation"] = resolve_organisation(request.user, data["organisation"])
    if data.get("team") is not None:
        team = TEAMS.base_queryset(request.user).filter(pk=data["team"]).first()
        if team is None:
            raise field_error("team", _("所选队伍不存在或不在您的管辖范围内。"), code="out_of_scope")
        data["team"] = team
    return data


@router.patch("/responses/tasks/{pk}", response={200: TaskOut, **WRITE_ERRORS})
def task_update(request, pk: int, payload: TaskPatch):
    task = TASKS.access(request.user, pk)
    require(request, TASKS.capability, Action.CHANGE)
    sent = payload.dict(exclude_unset=True)
    data = {k: v for k, v in sent.items() if v is not None or k in {"group", "organisation", "team"}}
    return services.task_update(actor=request.user, obj=task, data=_task_refs(request, task.response, data))


@router.delete("/responses/tasks/{pk}", response={204: None, **WRITE_ERRORS})
def task_delete(request, pk: int):
    task = TASKS.access(request.user, pk)
    require(request, TASKS.capability, Action.DELETE)
    services.task_delete(actor=request.user, obj=task)
    return Status(204, None)


@router.post("/responses/tasks/{pk}/steps/{to}", response={200: TaskOut, **WRITE_ERRORS})
def task_step(request, pk: int, to: TaskStatus, payload: StepIn):
    """accepted (接收) or done (完成, with the feedback)."""
    task = TASKS.access(request.user, pk)
    require(request, TASKS.capability, Action.CHANGE)
    return services.task_step(actor=request.user, task=task, to=to, feedback=payload.feedback)


@router.get("/responses/{pk}", response={200: ResponseDetailOut, **READ_ERRORS})
def response_get(request, pk: int):
    response = RESPONSES.access(request.user, pk)
    require(request, RESPONSES.capability, Action.VIEW)
    return response


@router.post("/responses/{pk}/level", response={200: ResponseDetailOut, **WRITE_ERRORS})
def response_level(request, pk: int, payload: LevelIn):
    """Upgrade or downgrade a running response, with the reason."""
    response = RESPONSES.access(request.user, pk)
    require(request, RESPONSES.capability, Action.CHANGE)
    return services.response_change_level(actor=request.user, response=response, **payload.dict())


@router.post("/responses/{pk}/end", response={200: ResponseDetailOut, **WRITE_ERRORS})
def response_end(request, pk: int, payload: EndIn):
    """终止响应 with the time and the reason."""
    response = RESPONSES.access(request.user, pk)
    require(request, RESPONSES.capability, Action.CHANGE)
    return services.response_end(actor=request.user, response=response, **payload.dict())


@router.get("/responses/{pk}/tasks", response={200: list[TaskOut], **READ_ERRORS})
@paginated
def response_tasks(request, pk: int):
    response = RESPONSES.access(request.user, pk)
    require(request, TASKS.capability, Action.VIEW)
    return _task_qs(request).filter(response=response).order_by("status", "deadline", "pk")


@router.post("/responses/{pk}/tasks", response={201: TaskOut, **WRITE_ERRORS})
def task_create(request, pk: int, payload: TaskIn):
    response = RESPONSES.access(request.user, pk)
    require(request, TASKS.capability, Action.ADD)
    data = _task_refs(request, response, payload.dict())
    return Status(201, services.task_create(actor=request.user, data={**data, "response": response}))


@router.get("/responses/{pk}/timeline", response={200: list[TimelineOut], **READ_ERRORS})
def timeline(request, pk: int):
    """The response's own situation log merged with the event's reports, newest first."""
    response = RESPONSES.access(request.user, pk)
    require(request, permissions.SITUATION.code, Action.VIEW)
    return selectors.timeline(response)


@router.post("/responses/{pk}/timeline", response={201: TimelineOut, **WRITE_ERRORS})
def timeline_append(request, pk: int, payload: SituationIn):
    """Append an entry; entries are never changed or deleted."""
    response = RESPONSES.access(request.user, pk)
    require(request, permissions.SITUATION.code, Action.ADD)
    entry = services.situation_add(actor=request.user, response=response, **payload.dict())
    return Status(201, selectors.TimelineItem(entry.at, entry.source, entry.text, "log"))


@router.get("/responses/{pk}/press-releases", response={200: list[PressOut], **READ_ERRORS})
def press_list(request, pk: int):
    response = RESPONSES.access(request.user, pk)
    require(request, permissions.PRESS.code, Action.VIEW)
    return list(response.press_releases.filter(deleted_at__isnull=True))


@router.post("/responses/{pk}/press-releases", response={201: PressOut, **WRITE_ERRORS})
def press_create(request, pk: int, payload: PressIn):
    response = RESPONSES.access(request.user, pk)
    require(request, permissions.PRESS.code, Action.ADD)
    return Status(201, services.press_create(actor=request.user, data={**payload.dict(), "response": response}))


@router.patch("/responses/{pk}/press-releases/{rid}", response={200: PressOut, **WRITE_ERRORS})
def press_update(request, pk: int, rid: int, payload: PressPatch):
    """Only a draft changes; a published release never does."""
    release = selectors.press_of(RESPONSES.access(request.user, pk), rid)
    require(request, permissions.PRESS.code, Action.CHANGE)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return services.press_update(actor=request.user, obj=release, data=data)


@router.post("/responses/{pk}/press-releases/{rid}/steps/{to}", response={200: PressOut, **WRITE_ERRORS})
def press_step(request, pk: int, rid: int, to: PressStatus):
    """approved (审核), published (发布) or draft (退回草稿, from approved only)."""
    release = selectors.press_of(RESPONSES.access(request.user, pk), rid)
    require(request, permissions.PRESS.code, Action.CHANGE)
    return services.press_step(actor=request.user, release=release, to=to)


# Committed resources ------------------------------------------------------------------------------


@router.get("/responses/{pk}/commitments", response={200: list[CommitmentOut], **READ_ERRORS})
def commitment_list(request, pk: int):
    response = RESPONSES.access(request.user, pk)
    require(request, RESPONSES.capability, Action.VIEW)
    return selectors.commitments_of(response)


@router.post("/responses/{pk}/commitments", response={201: CommitmentOut, **WRITE_ERRORS})
def commitment_create(request, pk: int, payload: CommitIn):
    """Commit a team (deployed), an expert (participation logged), a dispatch order or a shelter (opened with
    its occupancy), each through its own app's service."""
    response = RESPONSES.access(request.user, pk)
    require(request, RESPONSES.capability, Action.CHANGE)
    kind = CommitmentKind(payload.kind).value
    resource = selectors.choices_for_commitment(request.user, response)[f"{kind}s"].filter(pk=payload.id).first()
    if resource is None:
        raise field_error("id", _("所选资源不存在或不在您的管辖范围内。"), code="out_of_scope")
    return Status(201, services.commit(actor=request.user, response=response, kind=kind, resource=resource,
                                       note=payload.note, occupancy=payload.occupancy))


@router.post("/responses/{pk}/commitments/{cid}/occupancy", response={200: CommitmentOut, **WRITE_ERRORS})
def commitment_occupancy(request, pk: int, cid: int, payload: OccupancyIn):
    commitment = selectors.commitment_of(RESPONSES.access(request.user, pk), cid)
    require(request, RESPONSES.capability, Action.CHANGE)
    return services.shelter_occupancy(actor=request.user, commitment=commitment, occupancy=payload.occupancy)


@router.post("/responses/{pk}/commitments/{cid}/release", response={200: CommitmentOut, **WRITE_ERRORS})
def commitment_release(request, pk: int, cid: int):
    """Stand the resource down: a team back to ready, a shelter closed again."""
    commitment = selectors.commitment_of(RESPONSES.access(request.user, pk), cid)
    require(request, RESPONSES.capability, Action.CHANGE)
    return services.commitment_release(actor=request.user, commitment=commitment)


# Online opinion ----------------------------------------------------------------------------------


@router.get("/responses/{pk}/opinions", response={200: list[OpinionOut], **READ_ERRORS})
def opinion_list(request, pk: int):
    response = RESPONSES.access(request.user, pk)
    require(request, permissions.OPINION.code, Action.VIEW)
    return list(response.opinions.filter(deleted_at__isnull=True).order_by("-found_at", "-pk"))


@router.post("/responses/{pk}/opinions", response={201: OpinionOut, **WRITE_ERRORS})
def opinion_create(request, pk: int, payload: OpinionIn):
    response = RESPONSES.access(request.user, pk)
    require(request, permissions.OPINION.code, Action.ADD)
    return Status(201, services.opinion_add(actor=request.user, data={**payload.dict(), "response": response}))


@router.post("/responses/{pk}/opinions/{oid}/handle", response={200: OpinionOut, **WRITE_ERRORS})
def opinion_handle(request, pk: int, oid: int, payload: HandleIn):
    opinion = selectors.opinion_of(RESPONSES.access(request.user, pk), oid)
    require(request, permissions.OPINION.code, Action.CHANGE)
    return services.opinion_handle(actor=request.user, opinion=opinion, handling=payload.handling)


# After-action review -----------------------------------------------------------------------------


@router.get("/responses/{pk}/findings", response={200: list[FindingOut], **READ_ERRORS})
def finding_list(request, pk: int):
    response = RESPONSES.access(request.user, pk)
    require(request, RESPONSES.capability, Action.VIEW)
    return list(response.findings.filter(deleted_at__isnull=True).order_by("pk"))


@router.post("/responses/{pk}/findings", response={201: FindingOut, **WRITE_ERRORS})
def finding_create(request, pk: int, payload: FindingIn):
    """A finding of the review, once the response has ended; with a plan, the plan goes into revision."""
    response = RESPONSES.access(request.user, pk)
    require(request, RESPONSES.capability, Action.CHANGE)
    data = payload.dict()
    if data["plan"] is not None:
        data["plan"] = selectors.revisable_plans(request.user).filter(pk=data["plan"]).first()
        if data["plan"] is None:
            raise field_error("plan", _("所选预案不存在、未发布或不在您的管辖范围内。"), code="out_of_scope")
    return Status(201, services.finding_add(actor=request.user, response=response, **data))


@router.post("/responses/{pk}/review", response={200: ResponseDetailOut, **WRITE_ERRORS})
def review_complete(request, pk: int, payload: ReviewIn):
    response = RESPONSES.access(request.user, pk)
    require(request, RESPONSES.capability, Action.CHANGE)
    return services.review_complete(actor=request.user, response=response, summary=payload.summary)


# Recovery and reconstruction (L1 Art. 87) --------------------------------------------------------


@router.post("/responses/{pk}/recovery", response={200: ResponseDetailOut, **WRITE_ERRORS})
def recovery_plan(request, pk: int, payload: RecoveryIn):
    """The impact-and-loss assessment and the recovery plan, once the response has ended; until reported."""
    response = RESPONSES.access(request.user, pk)
    require(request, RESPONSES.capability, Action.CHANGE)
    return services.recovery_plan_record(actor=request.user, response=response, **payload.dict())


@router.post("/responses/{pk}/recovery/report", response={200: ResponseDetailOut, **WRITE_ERRORS})
def recovery_report(request, pk: int):
    """Report the recovery plan to the level above; it no longer changes afterwards."""
    response = RESPONSES.access(request.user, pk)
    require(request, RESPONSES.capability, Action.CHANGE)
    return services.recovery_report(actor=request.user, response=response)
