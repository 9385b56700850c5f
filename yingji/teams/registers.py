"""Registers: rescue teams (with member counts and the village norm), members, information officers."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from yingji.core.listing import FilterOption
from yingji.core.navigation import nav_entry, public_entry
from yingji.core.registers import Column, Register, register
from yingji.teams import forms, permissions, selectors, services
from yingji.teams.models import InfoOfficer, Team, TeamMember


@dataclass
class TeamRegister(Register):
    """Every team list, page and export carries `member_count` and `norm` from the one query."""

    def base_queryset(self, user, *, deleted: bool = False):
        return selectors.with_counts(super().base_queryset(user, deleted=deleted))


def _specialities(team) -> str:
    return "、".join(str(s) for s in team.specialities.all())


def _norm(team) -> str:
    return "" if team.norm is None else team.norm


TEAMS = register(TeamRegister(
    model=Team, slug="teams", capability=permissions.TEAMS.code,
    columns=[
        Column("name", sort="name"), Column("division.name", _("所属区划"), sort="division__code"),
        Column("level", sort="level"), Column("kind", sort="kind"),
        Column("specialities", _("专长"), value=_specialities), Column("leader.name", _("队长")),
        Column("member_count", _("人数"), sort="member_count"), Column("norm", _("应配人数"), value=_norm),
        Column("readiness", sort="readiness"), Column("duty_phone"), Column("address"),
    ],
    search_fields=["name", "address", "division__name", "leader__name"],
    filter_fields=["kind", "level", "readiness"],
    select_related=["division", "leader"], prefetch_related=["specialities"],
    form_class=forms.TeamForm, importable=True, detail_template="teams/team_detail.html",
    detail_context=lambda request, team: {
        "members": TeamMember.objects.visible_to(request.user).filter(team=team).select_related("person"),
        "specialities": _specialities(team)},
    narrow=selectors.narrow, extra_filters=lambda request: [
        FilterOption("speciality", _("专长"), selectors.speciality_choices(), request.GET.get("speciality", "")),
        FilterOption("understaffed", _("人数不足"), [("1", _("是"))], request.GET.get("understaffed", ""))],
    create=services.team_create, update=services.team_update, delete=services.team_delete,
    restore=services.restore,
))

MEMBERS = register(Register(
    model=TeamMember, slug="team-members", capability=permissions.MEMBERS.code,
    columns=[
        Column("team.name", _("队伍"), sort="team__name"), Column("person.name", _("姓名"), sort="person__name"),
        Column("origin", sort="origin"), Column("joined_on", sort="joined_on"),
        Column("person.mobile", _("手机")), Column("division.name", _("所属区划"), sort="division__code"),
    ],
    search_fields=["team__name", "person__name"], filter_fields=["origin"],
    select_related=["team", "person", "division"], form_class=forms.TeamMemberForm, importable=True,
    create=services.member_create, update=services.member_update, delete=services.soft_delete,
    restore=services.restore,
))

OFFICERS = register(Register(
    model=InfoOfficer, slug="info-officers", capability=permissions.OFFICERS.code,
    columns=[
        Column("division.parent.name", _("乡镇(街道)")), Column("division.name", sort="division__code"),
        Column("person.name", _("姓名"), sort="person__name"), Column("person.mobile", _("手机")),
        Column("kind", sort="kind"), Column("appointed_on", sort="appointed_on"),
        Column("training_status", sort="training_status"), Column("trained_on", sort="trained_on"),
        Column("active"),
    ],
    search_fields=["person__name", "division__name"], filter_fields=["kind", "training_status", "active"],
    select_related=["division", "division__parent", "person"], form_class=forms.InfoOfficerForm,
    importable=True, create=services.officer_create, update=services.officer_update,
    delete=services.soft_delete, restore=services.restore,
))

GROUP = _("应急资源")
nav_entry(label=_("应急救援队伍"), url_name="teams-list", capability=permissions.TEAMS.code, group=GROUP, order=30)
nav_entry(label=_("队员"), url_name="team-members-list", capability=permissions.MEMBERS.code, group=GROUP,
          order=30)
nav_entry(label=_("队伍统计"), url_name="teams-summary", capability=permissions.TEAMS.code, group=GROUP, order=30)
nav_entry(label=_("村级应急响应队配备"), url_name="teams-norms", capability=permissions.TEAMS.code, group=GROUP,
          order=30)
nav_entry(label=_("信息员和网格员"), url_name="info-officers-list", capability=permissions.OFFICERS.code,
          group=GROUP, order=30)
nav_entry(label=_("信息员覆盖情况"), url_name="teams-coverage", capability=permissions.OFFICERS.code, group=GROUP,
          order=30)
public_entry(label=_("救援队伍"), url_name="teams-public", description=_("各级应急救援队伍和值班电话"), order=50)
