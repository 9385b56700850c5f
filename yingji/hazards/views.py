"""Pages: a hazard with its status steps, the grid worker's phone form, the anonymous public form,
triage, overdue and review lists, the public progress notice and the ledger export/import."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from yingji.audit.selectors import history_for
from yingji.audit.signals import record_denied
from yingji.core import files
from yingji.core.excel import xlsx_response
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Action, has_permission
from yingji.core.scoping import scope_division
from yingji.core.views import apply_form_errors
from yingji.hazards import exports, forms, selectors, services
from yingji.hazards.models import PublicReport
from yingji.hazards.registers import HAZARDS, PUBLIC_REPORTS
from yingji.hazards.rules import RISK_COLOUR, TRANSITIONS, FoundBy, Status

# Anonymous reports: at most this many per client address per hour (Django cache, shared in production).
PUBLIC_REPORTS_PER_HOUR = 5


def _require(request, capability: str, action: str) -> None:
    if not has_permission(request.user, capability, action):
        record_denied(user=request.user, path=request.get_full_path())
        raise PermissionDenied


@login_required
def hazard_detail(request, pk: int):
    hazard = HAZARDS.access(request.user, pk)
    _require(request, HAZARDS.capability, Action.VIEW)
    history = history_for(hazard, user=request.user)[:50]
    steps = [(s, Status(s).label) for s in sorted(TRANSITIONS[hazard.status])]
    return render(request, "hazards/detail.html", {
        "hazard": hazard, "history": history, "steps": steps, "form": forms.TransitionForm(),
        "can_change": has_permission(request.user, HAZARDS.capability, Action.CHANGE),
        "overdue": selectors.is_overdue(hazard),
        "colour": RISK_COLOUR.get(hazard.risk_level)})


@login_required
@require_POST
def hazard_step(request, pk: int, step: str):
    hazard = HAZARDS.access(request.user, pk)
    _require(request, HAZARDS.capability, Action.CHANGE)
    form = forms.TransitionForm(request.POST)
    form.is_valid()
    try:
        if step == "report":
            services.report_major(actor=request.user, hazard=hazard)
        else:
            services.transition(actor=request.user, hazard=hazard, to=step, **form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, " ".join([str(exc.message)] + [f"{hazard._meta.get_field(k).verbose_name}"
                                                                 for k in exc.field_errors
                                                                 if k in {f.name for f in hazard._meta.fields}]))
    else:
        messages.success(request, _("已更新。"))
    return redirect("hazards-hazard", pk=hazard.pk)


@login_required
def field_report(request):
    """A grid worker on a phone: what, where (the browser's GPS), a photo. Registered in their division."""
    _require(request, HAZARDS.capability, Action.ADD)
    division = scope_division(request.user)
    form = forms.FieldReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "division": division, "found_by": FoundBy.GRID, "found_at": timezone.now()}
        try:
            hazard = services.hazard_create(actor=request.user, data=data)
        except ApplicationError as exc:
            apply_form_errors(form, exc)
        else:
            messages.success(request, _("隐患已上报。"))
            return redirect("hazards-hazard", pk=hazard.pk)
    return render(request, "hazards/field.html", {"form": form}, status=400 if form.errors else 200)


def _client_key(request) -> str:
    ip = request.META.get("REMOTE_ADDR", "")
    return "hazards:public:" + hashlib.sha256(ip.encode()).hexdigest()[:32]


def public_report(request):
    """The anonymous 隐患举报 form: honeypot, per-address rate limit, image-only uploads ≤ 5 MB."""
    divisions = selectors.reportable_divisions()
    form = forms.PublicReportForm(request.POST or None, request.FILES or None, divisions=divisions)
    if request.method == "POST":
        key = _client_key(request)
        if cache.get(key, 0) >= PUBLIC_REPORTS_PER_HOUR:
            return render(request, "hazards/public_form.html", {"form": form, "limited": True}, status=429)
        if form.is_valid():
            if form.cleaned_data.get("website"):
                # A bot filled the hidden field: pretend success, store nothing.
                return redirect("hazards-public-thanks")
            cache.add(key, 0, 3600)
            cache.incr(key)
            data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
            services.public_report_submit(data=data)
            return redirect("hazards-public-thanks")
    return render(request, "hazards/public_form.html", {"form": form}, status=400 if form.errors else 200)


def public_thanks(request):
    return render(request, "hazards/public_thanks.html")


@login_required
def report_detail(request, pk: int):
    report = PUBLIC_REPORTS.access(request.user, pk)
    _require(request, PUBLIC_REPORTS.capability, Action.VIEW)
    if request.method == "POST":
        _require(request, PUBLIC_REPORTS.capability, Action.CHANGE)
        _require(request, HAZARDS.capability, Action.ADD)
        try:
            report = services.triage(actor=request.user, report=report, accept=request.POST.get("accept") == "1",
                                     note=request.POST.get("note", ""))
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("已处理。"))
            if report.hazard_id:
                return redirect("hazards-hazard", pk=report.hazard_id)
        return redirect("hazards-report", pk=report.pk)
    return render(request, "hazards/report_detail.html", {
        "report": report, "can_triage": report.status == PublicReport.Status.NEW and has_permission(
            request.user, PUBLIC_REPORTS.capability, Action.CHANGE)})


# Photos: never a public URL, only these views, for whoever may see the record ---------------------


def _signed_in(request) -> None:
    """The same 404 for an anonymous visitor as for a record out of reach: a photo's address tells nothing."""
    if not request.user.is_authenticated:
        raise Http404


@require_GET
@cache_control(private=True, max_age=3600)
def hazard_photo(request, pk: int):
    _signed_in(request)
    hazard = HAZARDS.access(request.user, pk)
    _require(request, HAZARDS.capability, Action.VIEW)
    return files.serve_photo(hazard.photo, f"hazard-{hazard.pk}", small=files.wants_small(request))


@require_GET
@cache_control(private=True, max_age=3600)
def report_photo(request, pk: int):
    """A public report's photo: for the office users who may see the report, never for the public."""
    _signed_in(request)
    report = PUBLIC_REPORTS.access(request.user, pk)
    _require(request, PUBLIC_REPORTS.capability, Action.VIEW)
    return files.serve_photo(report.photo, f"hazard-report-{report.pk}", small=files.wants_small(request))


@login_required
def overdue_list(request):
    _require(request, HAZARDS.capability, Action.VIEW)
    hazards = selectors.overdue(HAZARDS.base_queryset(request.user)).order_by("deadline")
    return render(request, "hazards/list.html", {"title": _("逾期未整改的隐患"), "hazards": hazards})


def _period(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        quarter = int(request.GET["quarter"]) if request.GET.get("quarter") else None
        month = None if quarter else int(request.GET.get("month", today.month))
        if not (2000 <= year <= 2100 and (quarter in (1, 2, 3, 4) or (month and 1 <= month <= 12))):
            raise ValueError
    except ValueError:
        raise Http404 from None
    return year, month, quarter


@login_required
def review(request):
    """The monthly or quarterly review list (found in the period or still open at its end)."""
    _require(request, HAZARDS.capability, Action.VIEW)
    year, month, quarter = _period(request)
    start, end = selectors.period_bounds(year, month=month, quarter=quarter)
    hazards = selectors.review_list(HAZARDS.base_queryset(request.user), start, end).order_by("found_at")
    title = (_("%(year)d年第%(q)d季度隐患排查治理评审") % {"year": year, "q": quarter} if quarter
             else _("%(year)d年%(month)d月隐患排查治理评审") % {"year": year, "month": month})
    if request.GET.get("format") == "xlsx":
        _require(request, HAZARDS.capability, Action.EXPORT)
        return xlsx_response(exports.ledger(hazards, title=title), title)
    return render(request, "hazards/list.html", {"title": title, "hazards": hazards, "review": True,
                                                 "year": year, "month": month, "quarter": quarter})


@login_required
def ledger_export(request):
    _require(request, HAZARDS.capability, Action.EXPORT)
    title = _("隐患排查治理台账")
    return xlsx_response(exports.ledger(HAZARDS.base_queryset(request.user).order_by("found_at"), title=title), title)


@login_required
def ledger_import(request):
    _require(request, HAZARDS.capability, Action.IMPORT)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = exports.import_ledger(actor=request.user, data=form.cleaned_data["file"].read())
        except ApplicationError as exc:
            form.add_error("file", str(exc.message))
        else:
            if not result["errors"]:
                messages.success(request, _("导入完成：新增%(n)d条。") % {"n": result["created"]})
                return redirect("hazards-list")
    return render(request, "hazards/import.html", {"form": form, "result": result},
                  status=400 if form.errors or (result and result["errors"]) else 200)


def public_notice(request, code: str):
    """整改进展公示 (RULES.md R6.5, R6.7): the division's hazards with status, deadline and progress."""
    division = selectors.division_by_code(code)
    if division is None:
        raise Http404
    hazards = selectors.public_notice(division)
    return render(request, "hazards/public_notice.html", {"division": division, "hazards": hazards,
                                                          "today": timezone.localdate()})
