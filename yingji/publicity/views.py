"""The yearly publicity statistics page (seed 000's totals, the 七进 breakdown, a bar chart) and its export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from yingji.core.excel import xlsx_response
from yingji.core.permissions import Action
from yingji.publicity import exports, selectors
from yingji.publicity.permissions import PUBLICITY
from yingji.publicity.rules import EVENTS_PER_YEAR, MaterialKind
from yingji.training.views import division_and_year, division_choices, require


@login_required
def totals(request):
    require(request, PUBLICITY.code, Action.VIEW)
    division, year = division_and_year(request)
    report = selectors.yearly_report(division, year)
    title = _("%(year)d年%(division)s应急宣传教育统计") % {"year": year, "division": division.name}
    if request.GET.get("format") == "xlsx":
        require(request, PUBLICITY.code, Action.EXPORT)
        return xlsx_response(exports.yearly(report, title=title), title)
    return render(request, "publicity/totals.html", {
        "title": title, "division": division, "year": year, "report": report,
        "chart": selectors.chart_data(report), "divisions": division_choices(request.user),
        "kinds": MaterialKind.choices, "events_per_year": EVENTS_PER_YEAR})
