"""The readiness pages: the table of every township or village under the user's division against its
"六有"/"七有" (best first, with the share meeting each indicator as a chart); the ranking of the viewed
division's children (排名); the 七化 performance measures (绩效考核); the bulletins (通报) with their Word
documents. Tables page, charts and counts cover everything, Excel exports everything in scope."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.audit.signals import record_denied
from yingji.core.excel import workbook_bytes, xlsx_response
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Action, has_permission
from yingji.core.scoping import scope_division
from yingji.core.word import DOCX
from yingji.divisions.models import Division
from yingji.readiness import bulletins, selectors
from yingji.readiness.models import Bulletin
from yingji.readiness.performance import performance as performance_of
from yingji.readiness.permissions import BULLETINS, READINESS
from yingji.readiness.rules import STANDARDS


def _require(request, capability: str, action: str = Action.VIEW) -> None:
    if not has_permission(request.user, capability, action):
        record_denied(user=request.user, path=request.get_full_path())
        raise PermissionDenied


def _viewed(request) -> Division:
    """The user's division, or one below it named by `?division=`; 404 for any code outside the subtree."""
    scope = scope_division(request.user)
    code = (request.GET.get("division") or "").strip()
    if code and scope is not None and code != scope.code:
        scope = Division.objects.visible_to(request.user).filter(code=code).first()
    if scope is None:
        raise Http404
    return scope


def _page(request, rows):
    page = Paginator(rows, settings.YINGJI_PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()


def _year(request, today: datetime.date) -> int:
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year else today.year


@login_required
def overview(request):
    _require(request, READINESS.code)
    scope = scope_division(request.user)
    standard = selectors.standard_for(request.GET.get("standard"), scope)
    result = selectors.scores(scope, standard)
    rows = result.rows
    if request.GET.get("gaps"):
        rows = [row for row in rows if not row.compliant]
    title = _("%(scope)s%(standard)s达标情况") % {"scope": scope.name, "standard": standard.label}
    if request.GET.get("format") == "xlsx":
        _require(request, READINESS.code, Action.EXPORT)
        headers = [_("序号"), _("区划代码"), _("名称"), *[str(i.label) for i in standard.indicators], _("得分"),
                   _("是否达标")]
        data = [[n, row.division.code, row.division.name,
                 *[_("是") if row.met[i.code] else _("否") for i in standard.indicators],
                 f"{row.score}/{len(standard.indicators)}", _("达标") if row.compliant else _("未达标")]
                for n, row in enumerate(rows, 1)]
        return xlsx_response(workbook_bytes(title=title, headers=headers, rows=data), title)
    counts = result.met_counts()
    total = len(result.rows)
    # A province holds ~25,000 villages: the chart and counts cover all of them, the table one page.
    page, querystring = _page(request, rows)
    return render(request, "readiness/overview.html", {
        "title": title, "standard": standard, "standards": STANDARDS.values(), "page": page,
        "querystring": querystring, "total": total,
        "compliant": result.compliant, "gaps_only": bool(request.GET.get("gaps")),
        "chart": {"labels": [label for _code, label, _n in counts],
                  "shares": [round(100 * n / total, 1) if total else 0 for _code, _label, n in counts]},
        "counts": counts,
    })


@login_required
def ranking(request):
    _require(request, READINESS.code)
    scope = _viewed(request)
    standard = selectors.standard_for(request.GET.get("standard"), scope)
    ranked = selectors.ranking(scope, standard)
    title = _("%(scope)s下级区划%(standard)s达标排名") % {"scope": scope.name, "standard": standard.label}
    if request.GET.get("format") == "xlsx":
        _require(request, READINESS.code, Action.EXPORT)
        headers = [_("排名"), _("区划代码"), _("名称"), _("参评数"), _("全部达标"), _("达成指标数"), _("应达指标数"),
                   _("指标达成率(%)")]
        data = [[r.rank or "—", r.division.code, r.division.name, r.scored, r.compliant, r.met, r.possible,
                 "—" if r.percent is None else r.percent] for r in ranked.rows]
        return xlsx_response(workbook_bytes(title=title, headers=headers, rows=data), title)
    page, querystring = _page(request, ranked.rows)
    # The chart shows every ranked child (a province has ~14 cities, a county ~20 townships).
    charted = [r for r in ranked.rows if r.percent is not None]
    return render(request, "readiness/ranking.html", {
        "title": title, "scope": scope, "standard": standard, "standards": STANDARDS.values(), "page": page,
        "querystring": querystring, "total": len(ranked.rows),
        "chart": {"labels": [r.division.name for r in charted], "shares": [r.percent for r in charted]},
        "may_issue": has_permission(request.user, BULLETINS.code, Action.ADD),
    })


@login_required
def performance(request):
    _require(request, READINESS.code)
    scope = _viewed(request)
    today = timezone.localdate()
    year = _year(request, today)
    results = performance_of(scope, year, today=today)
    title = _("%(scope)s%(year)d年应急管理“七化”绩效考核") % {"scope": scope.name, "year": year}
    if request.GET.get("format") == "xlsx":
        _require(request, READINESS.code, Action.EXPORT)
        headers = [_("考核项目"), _("考核内容"), _("完成数"), _("应考核数"), _("完成率(%)"), _("说明")]
        data = []
        for result in results:
            if not result.parts:
                data.append([str(result.measure.label), "", "", "", _("未评定"), result.reason])
            for part in result.parts:
                data.append([str(result.measure.label), part.label, part.done, part.total,
                             _("未评定") if part.percent is None else part.percent, part.note])
        return xlsx_response(workbook_bytes(title=title, headers=headers, rows=data), title)
    return render(request, "readiness/performance.html", {
        "title": title, "scope": scope, "year": year, "years": range(today.year, today.year - 5, -1),
        "results": results,
    })


@login_required
def bulletin_list(request):
    _require(request, BULLETINS.code)
    scope = scope_division(request.user)
    if scope is None:
        raise Http404
    if request.method == "POST":
        _require(request, BULLETINS.code, Action.ADD)
        return _issue(request, scope)
    queryset = Bulletin.objects.visible_to(request.user).select_related("division").order_by(
        "-date", "division__code", "-id")
    standard = request.GET.get("standard")
    if standard in STANDARDS:
        queryset = queryset.filter(standard=standard)
    page, querystring = _page(request, queryset)
    return render(request, "readiness/bulletin_list.html", {
        "title": _("达标情况通报"), "page": page, "querystring": querystring, "standards": STANDARDS.values(),
        "chosen": standard, "scope": scope, "today": timezone.localdate(),
        "may_issue": has_permission(request.user, BULLETINS.code, Action.ADD),
        "default_standard": selectors.standard_for(None, scope),
    })


def _issue(request, scope: Division):
    code = request.POST.get("division") or scope.code
    division = Division.objects.visible_to(request.user).filter(code=code).first()
    if division is None:
        raise Http404
    standard = STANDARDS.get(request.POST.get("standard") or "")
    if standard is None:
        messages.error(request, _("请选择标准。"))
        return redirect("readiness-bulletins")
    try:
        bulletin = bulletins.issue(actor=request.user, scope=division, standard=standard)
    except ApplicationError as exc:
        messages.error(request, str(exc))
        return redirect("readiness-bulletins")
    messages.success(request, _("通报已生成。"))
    return redirect("readiness-bulletin", bulletin.pk)


def _bulletin(request, pk: int) -> Bulletin:
    bulletin = Bulletin.objects.visible_to(request.user).select_related("division").filter(pk=pk).first()
    if bulletin is None:
        raise Http404
    return bulletin


@login_required
def bulletin_detail(request, pk: int):
    _require(request, BULLETINS.code)
    bulletin = _bulletin(request, pk)
    comparison = bulletins.compare(bulletin)
    data = bulletin.snapshot
    gaps, gaps_querystring = _page(request, data["gaps"])
    labels = dict(data["indicators"])
    return render(request, "readiness/bulletin_detail.html", {
        "title": bulletin.title, "bulletin": bulletin, "comparison": comparison, "data": data,
        "rate": bulletins.percent(data["compliant"], data["total"]), "page": gaps, "querystring": gaps_querystring,
        "gap_rows": [(gap, "、".join(labels.get(code, code) for code in gap["missing"])) for gap in gaps],
        "counts": [(label, n, bulletins.percent(n, data["total"])) for _code, label, n in data["met_counts"]],
    })


@login_required
def bulletin_word(request, pk: int):
    _require(request, BULLETINS.code, Action.EXPORT)
    bulletin = _bulletin(request, pk)
    from yingji.earlywarning.selectors import bureau_name

    body = bulletins.to_docx(bulletins.compare(bulletin), bureau_name(bulletin.division))
    response = HttpResponse(body, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="readiness-bulletin-{bulletin.date:%Y%m%d}.docx"'
    return response
