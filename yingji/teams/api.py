"""/api/v1/teams: rescue teams (with member counts and the village norm), members, information officers,
the county summary and the villages without an information officer. Scoped like every endpoint;
writes go through the services."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from yingji.api.access import filter_params, paginated, resolve_division, within_division
from yingji.api.auth import require
from yingji.api.errors import READ_ERRORS, WRITE_ERRORS, field_error
from yingji.core.listing import filtered
from yingji.core.permissions import Action
from yingji.core.scoping import scope_division
from yingji.divisions.models import Person
from yingji.teams import selectors, services
from yingji.teams.models import Speciality
from yingji.teams.registers import MEMBERS, OFFICERS, TEAMS
from yingji.teams.rules import Kind, Level, OfficerKind, Origin, Readiness, TrainingStatus

router = Router(tags=["teams"])

SCOPED_ROUTES = [
    ("teams.team", "/teams", "/teams/{pk}"),
    ("teams.teammember", "/teams/members", "/teams/members/{pk}"),
    ("teams.infoofficer", "/teams/info-officers", "/teams/info-officers/{pk}"),
]
STRICT = ConfigDict(extra="forbid")


class TeamOut(Schema):
    id: int
    division: str = Field(..., alias="division.code")
    division_name: str = Field(..., alias="division.name")
    name: str
    level: str
    kind: str
    specialities: list[str]
    leader: int | None = Field(None, alias="leader_id")
    equipment: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    readiness: str
    duty_phone: str
    notes: str
    member_count: int
    norm: int | None
    under_staffed: bool

    @staticmethod
    def resolve_specialities(obj) -> list[str]:
        return [s.code for s in obj.specialities.all()]

    @staticmethod
    def resolve_under_staffed(obj) -> bool:
        return obj.norm is not None and obj.member_count < obj.norm


class TeamIn(Schema):
    model_config = STRICT
    division: str = Field(..., pattern=r"^\d{12}$")
    name: str = Field(..., min_length=1, max_length=100)
    level: Level
    kind: Kind
    specialities: list[str] = []
    leader: int | None = None
    equipment: str = ""
    address: str = Field("", max_length=200)
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    readiness: Readiness = Readiness.READY
    duty_phone: str = Field("", max_length=30)
    notes: str = ""


class TeamPatch(Schema):
    """Only the fields sent are changed."""

    model_config = STRICT
    division: str = Field(None, pattern=r"^\d{12}$")
    name: str = Field(None, min_length=1, max_length=100)
    level: Level = None
    kind: Kind = None
    specialities: list[str] = None
    leader: int | None = None
    equipment: str = None
    address: str = Field(None, max_length=200)
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    readiness: Readiness = None
    duty_phone: str = Field(None, max_length=30)
    notes: str = None


class TeamFilters(Schema):
    division: str | None = Field(None, description="only this division's subtree (12-digit code)")
    q: str | None = None
    kind: Kind | None = None
    level: Level | None = None
    readiness: Readiness | None = None
    speciality: str | None = Field(None, description="a speciality code, e.g. water")
    understaffed: bool | None = Field(None, description="village response teams below their village's norm")


class SpecialityOut(Schema):
    code: str
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)


class MemberOut(Schema):
    id: int
    division: str = Field(..., alias="division.code")
    team: int = Field(..., alias="team_id")
    team_name: str = Field(..., alias="team.name")
    person: int = Field(..., alias="person_id")
    person_name: str = Field(..., alias="person.name")
    origin: str
    joined_on: datetime.date | None


class MemberIn(Schema):
    model_config = STRICT
    team: int
    person: int
    origin: Origin
    joined_on: datetime.date | None = None


class MemberPatch(Schema):
    """Only the fields sent are changed; moving to another team moves the member to that team's division.
    Unknown fields are ignored rather than refused, so a record outside the caller's subtree is a 404
    whatever the body."""
    team: int = None
    person: int = None
    origin: Origin = None
    joined_on: datetime.date | None = None


class MemberFilters(Schema):
    division: str | None = Field(None, description="only this division's subtree (12-digit code)")
    q: str | None = Field(None, description="team or person name")
    team: int | None = None
    origin: Origin | None = None


class OfficerOut(Schema):
    id: int
    division: str = Field(..., alias="division.code")
    division_name: str = Field(..., alias="division.name")
    person: int = Field(..., alias="person_id")
    person_name: str = Field(..., alias="person.name")
    kind: str
    appointed_on: datetime.date | None
    training_status: str
    trained_on: datetime.date | None
    active: bool


class OfficerIn(Schema):
    model_config = STRICT
    division: str = Field(..., pattern=r"^\d{12}$")
    person: int
    kind: OfficerKind = OfficerKind.INFO_OFFICER
    appointed_on: datetime.date | None = None
    training_status: TrainingStatus = TrainingStatus.UNTRAINED
    trained_on: datetime.date | None = None
    active: bool = True


class OfficerFilters(Schema):
    division: str | None = Field(None, description="only this division's subtree (12-digit code)")
    q: str | None = Field(None, description="person or village name")
    kind: OfficerKind | None = None
    training_status: TrainingStatus | None = None
    active: bool | None = None


class OfficerPatch(Schema):
    """Only the fields sent are changed (e.g. training recorded, officer stood down). Unknown fields are
    ignored rather than refused, so a record outside the caller's subtree is a 404 whatever the body."""
    person: int = None
    kind: OfficerKind = None
    appointed_on: datetime.date | None = None
    training_status: TrainingStatus = None
    trained_on: datetime.date | None = None
    active: bool = None


class SummaryRowOut(Schema):
    key: str
    label: str
    teams: int
    people: int


class VillageOut(Schema):
    code: str
    name: str
    township: str = Field("", alias="parent.name")


def _person(request, pk: int | None, field: str = "person"):
    if pk is None:
        return None
    person = Person.objects.visible_to(request.user).filter(pk=pk).first()
    if person is None:
        raise field_error(field, _("所选人员不在您的管辖范围内。"), code="out_of_scope")
    return person


def _specialities(codes: list[str]) -> list[Speciality]:
    found = list(Speciality.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {s.code for s in found})
    if unknown:
        raise field_error("specialities", _("未知专长：%(codes)s。") % {"codes": "、".join(unknown)},
                          code="unknown_speciality")
    return found


def _team(request, pk: int, field: str = "team"):
    team = TEAMS.base_queryset(request.user).filter(pk=pk).first()
    if team is None:
        raise field_error(field, _("所选队伍不存在或不在您的管辖范围内。"), code="out_of_scope")
    return team


def _team_data(request, data: dict) -> dict:
    if "division" in data:
        data["division"] = resolve_division(request.user, data["division"])
    if "leader" in data:
        data["leader"] = _person(request, data["leader"], "leader")
    if "specialities" in data:
        data["specialities"] = _specialities(data["specialities"])
    return data


@router.get("/teams/specialities", response={200: list[SpecialityOut], **READ_ERRORS})
def speciality_list(request):
    """The controlled speciality list: the codes `speciality=` and `specialities` accept."""
    require(request, TEAMS.capability, Action.VIEW)
    return list(Speciality.objects.all())


@router.get("/teams/summary", response={200: list[SummaryRowOut], **READ_ERRORS})
def summary(request, division: str | None = None):
    """Teams and people per group (seed 000's form) for the caller's subtree or `division`'s."""
    require(request, TEAMS.capability, Action.VIEW)
    place = resolve_division(request.user, division) if division else scope_division(request.user)
    return selectors.county_summary(place)


@router.get("/teams/coverage-gaps", response={200: list[VillageOut], **READ_ERRORS})
@paginated
def coverage_gaps(request, division: str | None = None):
    """Villages with no information officer (register or 信息员 membership, seed 002)."""
    require(request, OFFICERS.capability, Action.VIEW)
    place = resolve_division(request.user, division) if division else scope_division(request.user)
    return selectors.coverage_gaps(place)


@router.get("/teams/members", response={200: list[MemberOut], **READ_ERRORS})
@paginated
def member_list(request, filters: Query[MemberFilters]):
    """Filters: division subtree, team, origin, search (team or person name)."""
    require(request, MEMBERS.capability, Action.VIEW)
    qs = within_division(MEMBERS.base_queryset(request.user), request.user, filters.division)
    if filters.team is not None:
        qs = qs.filter(team_id=filters.team)
    return filtered(MEMBERS, qs, filter_params(filters)).order_by("team_id", "id")


@router.post("/teams/members", response={201: MemberOut, **WRITE_ERRORS})
def member_create(request, payload: MemberIn):
    require(request, MEMBERS.capability, Action.ADD)
    data = {**payload.dict(), "team": _team(request, payload.team), "person": _person(request, payload.person)}
    return Status(201, services.member_create(actor=request.user, data=data))


@router.get("/teams/members/{pk}", response={200: MemberOut, **READ_ERRORS})
def member_get(request, pk: int):
    member = MEMBERS.access(request.user, pk)
    require(request, MEMBERS.capability, Action.VIEW)
    return member


@router.patch("/teams/members/{pk}", response={200: MemberOut, **WRITE_ERRORS})
def member_update(request, pk: int, payload: MemberPatch):
    member = MEMBERS.access(request.user, pk)
    require(request, MEMBERS.capability, Action.CHANGE)
    data = payload.dict(exclude_unset=True)
    if "team" in data:
        data["team"] = _team(request, data["team"])
    if "person" in data:
        data["person"] = _person(request, data["person"])
    services.member_update(actor=request.user, obj=member, data=data)
    return MEMBERS.access(request.user, pk)


@router.delete("/teams/members/{pk}", response={204: None, **WRITE_ERRORS})
def member_delete(request, pk: int):
    """Soft delete: the member leaves the team (restorable from the register's recycle bin)."""
    member = MEMBERS.access(request.user, pk)
    require(request, MEMBERS.capability, Action.DELETE)
    services.soft_delete(actor=request.user, obj=member)
    return Status(204, None)


@router.get("/teams/info-officers", response={200: list[OfficerOut], **READ_ERRORS})
@paginated
def officer_list(request, filters: Query[OfficerFilters]):
    """Filters: division subtree, kind, training status, active, search (person or village name)."""
    require(request, OFFICERS.capability, Action.VIEW)
    qs = within_division(OFFICERS.base_queryset(request.user), request.user, filters.division)
    return filtered(OFFICERS, qs, filter_params(filters)).order_by("division__code", "id")


@router.post("/teams/info-officers", response={201: OfficerOut, **WRITE_ERRORS})
def officer_create(request, payload: OfficerIn):
    require(request, OFFICERS.capability, Action.ADD)
    data = {**payload.dict(), "division": resolve_division(request.user, payload.division),
            "person": _person(request, payload.person)}
    return Status(201, services.officer_create(actor=request.user, data=data))


@router.get("/teams/info-officers/{pk}", response={200: OfficerOut, **READ_ERRORS})
def officer_get(request, pk: int):
    officer = OFFICERS.access(request.user, pk)
    require(request, OFFICERS.capability, Action.VIEW)
    return officer


@router.patch("/teams/info-officers/{pk}", response={200: OfficerOut, **WRITE_ERRORS})
def officer_update(request, pk: int, payload: OfficerPatch):
    officer = OFFICERS.access(request.user, pk)
    require(request, OFFICERS.capability, Action.CHANGE)
    data = payload.dict(exclude_unset=True)
    if "person" in data:
        data["person"] = _person(request, data["person"])
    return services.officer_update(actor=request.user, obj=officer, data=data)


@router.delete("/teams/info-officers/{pk}", response={204: None, **WRITE_ERRORS})
def officer_delete(request, pk: int):
    """Soft delete (restorable); an officer merely stood down is kept with active=false instead."""
    officer = OFFICERS.access(request.user, pk)
    require(request, OFFICERS.capability, Action.DELETE)
    services.soft_delete(actor=request.user, obj=officer)
    return Status(204, None)


@router.get("/teams", response={200: list[TeamOut], **READ_ERRORS})
@paginated
def team_list(request, filters: Query[TeamFilters]):
    require(request, TEAMS.capability, Action.VIEW)
    qs = within_division(TEAMS.base_queryset(request.user), request.user, filters.division)
    params = filter_params(filters)
    qs = selectors.narrow(qs, {"speciality": params.pop("speciality", ""),
                               "understaffed": "1" if params.pop("understaffed", "") == "1" else ""})
    return filtered(TEAMS, qs, params).order_by("division__code", "name", "id")


@router.post("/teams", response={201: TeamOut, **WRITE_ERRORS})
def team_create(request, payload: TeamIn):
    require(request, TEAMS.capability, Action.ADD)
    team = services.team_create(actor=request.user, data=_team_data(request, payload.dict()))
    return Status(201, TEAMS.access(request.user, team.pk))


@router.get("/teams/{pk}", response={200: TeamOut, **READ_ERRORS})
def team_get(request, pk: int):
    team = TEAMS.access(request.user, pk)
    require(request, TEAMS.capability, Action.VIEW)
    return team


@router.patch("/teams/{pk}", response={200: TeamOut, **WRITE_ERRORS})
def team_update(request, pk: int, payload: TeamPatch):
    team = TEAMS.access(request.user, pk)
    require(request, TEAMS.capability, Action.CHANGE)
    services.team_update(actor=request.user, obj=team, data=_team_data(request, payload.dict(exclude_unset=True)))
    return TEAMS.access(request.user, pk)


@router.delete("/teams/{pk}", response={204: None, **WRITE_ERRORS})
def team_delete(request, pk: int):
    """Soft delete (restorable); refused while the team still has members."""
    team = TEAMS.access(request.user, pk)
    require(request, TEAMS.capability, Action.DELETE)
    services.team_delete(actor=request.user, obj=team)
    return Status(204, None)
