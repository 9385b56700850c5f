"""/api/v1/responses: responses (list, detail, start, change level, end), their tasks (CRUD and steps), the
situation timeline (read, append), committed resources (commit, occupancy, release), online opinion (record,
handle), press releases (draft, edit, approve, publish), the review (findings, complete) and recovery (plan,
report). Scoped like every other endpoint; writes go through the services."""


from django.utils.translation import gettext as _
from ninja import Query, Router, Status

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
from yingji.response.api.schemas import (
    CommitIn,
    CommitmentOut,
    EndIn,
    FindingIn,
    FindingOut,
    HandleIn,
    LevelIn,
    OccupancyIn,
    OpinionIn,
    OpinionOut,
    PressIn,
    PressOut,
    PressPatch,
    RecoveryIn,
    ResponseDetailOut,
    ResponseFilters,
    ResponseIn,
    ResponseOut,
    ReviewIn,
    SituationIn,
    StepIn,
    TaskFilters,
    TaskIn,
    TaskOut,
    TaskPatch,
    TimelineOut,
)
from yingji.response.registers import RESPONSES, TASKS
from yingji.response.rules import CommitmentKind, PressStatus, TaskStatus

router = Router(tags=["response"])

SCOPED_ROUTES = [
    ("response.response", "/responses", "/responses/{pk}"),
    ("response.task", "/responses/tasks", "/responses/tasks/{pk}"),
]


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
    return filtered(TASKS, qs, filter_params(filters)).order_by("status", "deadline", "pk")


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
