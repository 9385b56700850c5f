"""Pages: the team list with speciality and under-staffed filters, the county summary, the village-team
norms, information-officer coverage, and the public team list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from yingji.core.excel import workbook_bytes, xlsx_response
from yingji.core.permissions import Action
from yingji.core.scoping import scope_division
from yingji.core.views import require
from yingji.teams import selectors
from yingji.teams.registers import OFFICERS, TEAMS
from yingji.teams.rules import VILLAGE_TEAM_SIZE, Kind

PUBLIC_PAGE_SIZE = 50


@login_required
def summary(request):
    """Seed 000's summary: department, township and village teams (count, people) for the subtree."""
    require(request, TEAMS, Action.VIEW)
    division = scope_division(request.user)
    rows = selectors.county_summary(division)
    title = _("%(name)s应急救援队伍统计") % {"name": division.name}
    if request.GET.get("format") == "xlsx":
        require(request, TEAMS, Action.EXPORT)
        total = [_("合计"), sum(r.teams for r in rows), sum(r.people for r in rows)]
        return xlsx_response(workbook_bytes(title=title, headers=[_("类别"), _("队伍数(支)"), _("人数")],
                                    rows=[*([r.label, r.teams, r.people] for r in rows), total]), title)
    return render(request, "teams/summary.html", {
        "title": title, "rows": rows, "total_teams": sum(r.teams for r in rows),
        "total_people": sum(r.people for r in rows)})


@login_required
def norms(request):
    """Village response teams against seed 000's size norms, and villages with no team at all."""
    require(request, TEAMS, Action.VIEW)
    division = scope_division(request.user)
    short = (selectors.under_staffed(TEAMS.base_queryset(request.user).filter(kind=Kind.VILLAGE_RESPONSE))
             .order_by("division__code", "name"))
    missing = selectors.villages_without_team(division)
    title = _("村级应急响应队人数不足")
    if request.GET.get("format") == "xlsx":
        require(request, TEAMS, Action.EXPORT)
        return xlsx_response(workbook_bytes(
            title=title, headers=[_("所属区划"), _("村规模"), _("队伍名称"), _("应配人数"), _("现有人数"), _("缺额")],
            rows=([t.division.name, t.division.get_size_class_display(), t.name, t.norm, t.member_count,
                   t.shortfall] for t in short)), title)
    return render(request, "teams/norms.html", {
        "title": title, "teams": short, "missing": missing,
        "sizes": [(label, VILLAGE_TEAM_SIZE[value]) for value, label in _size_classes()]})


def _size_classes():
    from yingji.divisions.models import Division

    return Division.SizeClass.choices


@login_required
def coverage(request):
    """Seed 002: villages of the subtree with no information officer (register or 信息员 membership)."""
    require(request, OFFICERS, Action.VIEW)
    division = scope_division(request.user)
    gaps = selectors.coverage_gaps(division)
    title = _("无信息员的村(社区)")
    if request.GET.get("format") == "xlsx":
        require(request, OFFICERS, Action.EXPORT)
        return xlsx_response(workbook_bytes(title=title, headers=[_("乡镇(街道)"), _("村(社区)"), _("区划代码")],
                                    rows=([v.parent.name if v.parent else "", v.name, v.code] for v in gaps)), title)
    return render(request, "teams/coverage.html", {"title": title, "gaps": gaps,
                                                   "counts": selectors.coverage_counts(division)})


@require_GET
@cache_control(public=True, max_age=300)
def public_teams(request):
    """No login: team name, kind, specialities, division and duty phone — never members or leaders."""
    township = request.GET.get("township", "")
    teams = selectors.public_teams(township)
    page = Paginator(teams, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "teams/public.html", {
        "title": _("应急救援队伍"), "page": page, "townships": selectors.public_townships(),
        "township": township})
