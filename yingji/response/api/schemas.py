"""Request and response schemas of /api/v1 for response."""

import datetime

from ninja import Field, Schema
from pydantic import ConfigDict

from yingji.response import selectors
from yingji.response.rules import CommitmentKind, Level, OpinionKind, TaskPhase, TaskStatus
from yingji.response.rules import Status as ResponseStatus

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
