"""The yearly publicity statistics as Excel: totals per subordinate division, then per 七进 target."""

from __future__ import annotations

from django.utils.translation import gettext as _

from yingji.core.excel import workbook_bytes
from yingji.publicity.rules import MaterialKind


def yearly(report, *, title: str) -> bytes:
    headers = [_("分组"), _("名称"), _("活动场次"), _("参与人次"), _("发放宣传手册(份)"), _("发放资料合计(份)"),
               *[str(label) for label in MaterialKind.labels]]

    def row(group, totals):
        return [group, totals.label, totals.events, totals.participants, totals.brochures, totals.materials,
                *[totals.by_kind.get(kind, 0) for kind in MaterialKind.values]]

    rows = [row(_("区划"), t) for t in report.by_division]
    rows.append(row(_("合计"), report.total))
    rows += [row(_("七进"), t) for t in report.by_target]
    return workbook_bytes(title=title, headers=headers, rows=rows)
