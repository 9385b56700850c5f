"""Writes for teams, members and information officers; every one audited, refusals in Chinese."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from yingji.audit.services import audited_create, audited_restore, audited_soft_delete, audited_update, record
from yingji.core.exceptions import ApplicationError
from yingji.teams.models import InfoOfficer, Team, TeamMember
from yingji.teams.rules import KIND_DIVISION_LEVEL, Kind, Level


def _person_in_scope(actor, person, field: str = "person") -> None:
    """People come from the actor's own subtree, whichever path (form, import, API) brought them."""
    if person is None or not getattr(actor, "is_authenticated", False):
        return
    from yingji.divisions.models import Person

    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        message = _("所选人员不在您的管辖范围内。")
        raise ApplicationError(message, field_errors={field: [message]})


def _check_team(actor, team: Team) -> None:
    required = KIND_DIVISION_LEVEL.get(team.kind)
    if required and team.division.level != required:
        from yingji.divisions.models import Division

        message = _("“%(kind)s”须登记在%(level)s。") % {"kind": Kind(team.kind).label,
                                                     "level": Division.Level(required).label}
        raise ApplicationError(message, field_errors={"division": [message]})
    if team.kind == Kind.VILLAGE_RESPONSE and team.level != Level.VILLAGE:
        raise ApplicationError(_("村级应急响应队的层级须为村级。"), field_errors={"level": [_("须为村级。")]})
    if (team.latitude is None) != (team.longitude is None):
        raise ApplicationError(_("经纬度须同时填写。"), field_errors={"longitude": [_("须与纬度同时填写。")]})
    _person_in_scope(actor, team.leader, "leader")


def set_specialities(*, actor, team: Team, specialities) -> None:
    """The form path saves many-to-many choices itself; the API and the demo come through here."""
    before = sorted(str(s) for s in team.specialities.all())
    team.specialities.set(specialities)
    after = sorted(str(s) for s in team.specialities.all())
    if before != after:
        record(actor=actor, action="teams.team.updated", obj=team, changes={"specialities": [before, after]})


def team_create(*, actor, data: dict) -> Team:
    data = dict(data)
    specialities = data.pop("specialities", None)
    with transaction.atomic():
        team = Team(**data)
        _check_team(actor, team)
        team = audited_create(actor=actor, obj=team)
        if specialities is not None:
            set_specialities(actor=actor, team=team, specialities=specialities)
    return team


def team_update(*, actor, obj: Team, data: dict) -> Team:
    data = dict(data)
    specialities = data.pop("specialities", None)
    with transaction.atomic():
        team = audited_update(actor=actor, obj=obj, data=data)
        _check_team(actor, team)
        if "division" in data:
            TeamMember.objects.filter(team=team).exclude(division=team.division).update(division=team.division)
        if specialities is not None:
            set_specialities(actor=actor, team=team, specialities=specialities)
    return team


def team_delete(*, actor, obj: Team) -> Team:
    if TeamMember.objects.filter(team=obj).exists():
        raise ApplicationError(_("队伍还有队员，请先移除队员。"), code="has_members")
    return audited_soft_delete(actor=actor, obj=obj)


def member_create(*, actor, data: dict) -> TeamMember:
    member = TeamMember(**data)
    member.division = member.team.division
    _person_in_scope(actor, member.person)
    return audited_create(actor=actor, obj=member)


def member_update(*, actor, obj: TeamMember, data: dict) -> TeamMember:
    with transaction.atomic():
        data = dict(data)
        if "team" in data:
            data["division"] = data["team"].division
        member = audited_update(actor=actor, obj=obj, data=data)
        _person_in_scope(actor, member.person)
    return member


def _check_officer(actor, officer: InfoOfficer) -> None:
    if officer.division.level != "village":
        raise ApplicationError(_("信息员和网格员须登记在村(社区)。"), field_errors={"division": [_("请选择村(社区)。")]})
    _person_in_scope(actor, officer.person)


def officer_create(*, actor, data: dict) -> InfoOfficer:
    with transaction.atomic():
        officer = InfoOfficer(**data)
        _check_officer(actor, officer)
        return audited_create(actor=actor, obj=officer)


def officer_update(*, actor, obj: InfoOfficer, data: dict) -> InfoOfficer:
    with transaction.atomic():
        officer = audited_update(actor=actor, obj=obj, data=data)
        _check_officer(actor, officer)
    return officer


def soft_delete(*, actor, obj):
    return audited_soft_delete(actor=actor, obj=obj)


def restore(*, actor, obj):
    return audited_restore(actor=actor, obj=obj)
