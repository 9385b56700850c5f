"""The readiness table: every township or village under the user's division against its "六有", best first,
with the share meeting each indicator as a chart, and its Excel export."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from yingji.audit.signals import record_denied
from yingji.core.excel import workbook_bytes, xlsx_response
from yingji.core.permissions import Action, has_permission
from yingji.core.scoping import scope_division
from yingji.readiness import selectors
from yingji.readiness.permissions import READINESS
from yingji.readiness.rules import STANDARDS


@login_required
def overview(request):
    if not has_permission(request.user, READINESS.code, Action.VIEW):
        record_denied(user=request.user, path=request.get_full_path())
        raise PermissionDenied
    scope = scope_division(request.user)
    standard = selectors.standard_for(request.GET.get("standard"), scope)
    result = selectors.scores(scope, standard)
    rows = result.rows
    if request.GET.get("gaps"):
        rows = [row for row in rows if not row.compliant]
    title = _("%(scope)s%(standard)s达标情况") % {"scope": scope.name, "standard": standard.label}
    if request.GET.get("format") == "xlsx":
        if not has_permission(request.user, READINESS.code, Action.EXPORT):
            raise PermissionDenied
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
    page = Paginator(rows, settings.YINGJI_PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "readiness/overview.html", {
        "title": title, "standard": standard, "standards": STANDARDS.values(), "page": page,
        "querystring": params.urlencode(), "total": total,
        "compliant": result.compliant, "gaps_only": bool(request.GET.get("gaps")),
        "chart": {"labels": [label for _code, label, _n in counts],
                  "shares": [round(100 * n / total, 1) if total else 0 for _code, _label, n in counts]},
        "counts": counts,
    })
