"""Pages: the phone form, an event with its report chain and countdowns, the duty desk's actions,
timeliness statistics and the deadline rules. Thin: parse, call one service, render."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from yingji.audit.signals import record_denied
from yingji.core import files
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Action, has_permission
from yingji.core.scoping import scope_division
from yingji.core.views import apply_form_errors, scope_form
from yingji.core.word import DOCX
from yingji.divisions.models import Division
from yingji.incidents import exports, forms, permissions, selectors, services
from yingji.incidents.models import ReportKind
from yingji.incidents.registers import EVENTS, RECEIPTS, REPORTS


def _require(request, capability: str, action: str) -> None:
    if not has_permission(request.user, capability, action):
        record_denied(user=request.user, path=request.get_full_path())
        raise PermissionDenied


def _reporter_defaults(user) -> dict:
    person = getattr(user, "person", None)
    return {"reporter_name": person.name if person else user.get_username(),
            "reporter_phone": person.phone if person else ""}


# The phone form --------------------------------------------------------------------------------


@login_required
def field_report(request):
    """One screen: category, place (GPS or village), what happened, casualties, photo."""
    _require(request, permissions.REPORTS.code, Action.ADD)
    villages = Division.objects.visible_to(request.user).filter(level="village").order_by("code")
    if request.method == "POST":
        wants_json = request.headers.get("Accept", "").startswith("application/json")
        form = forms.FieldReportForm(request.POST, request.FILES, drop_bad_photo=wants_json)
        form.fields["division"].queryset = Division.objects.visible_to(request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            division = data["division"]
            data.update(_reporter_defaults(request.user))
            data.update({
                "title": _("%(place)s%(kind)s") % {"place": division.name,
                                                   "kind": dict(forms.FieldReportForm.base_fields["category"].choices)[
                                                       data["category"]]},
                "known_at": timezone.now(), "source": _("现场信息员报告"),
                "place": data.get("address") or division.name, "serious_injuries": 0, "economic_loss": 0,
            })
            try:
                report, created = services.report_field_submit(actor=request.user, data=data,
                                                                client_key=data["client_key"])
            except ApplicationError as exc:
                if set(exc.field_errors) <= set(form.fields):
                    apply_form_errors(form, exc)
                else:  # an element the phone form does not ask for (e.g. the reporter's phone)
                    form.add_error(None, str(exc.message))
            else:
                url = reverse("incidents-detail", args=[report.event_id])
                if wants_json:
                    return JsonResponse({"report": report.pk, "event": report.event_id, "created": created,
                                         "url": url, "photo_refused": form.photo_refused},
                                        status=201 if created else 200)
                messages.success(request, _("已报送。") if created else _("该报告此前已报送，未重复提交。"))
                return redirect(url)
        if wants_json:
            return JsonResponse({"errors": {k: [str(m) for m in v] for k, v in form.errors.items()}}, status=400)
        status = 400
    else:
        home = scope_division(request.user)
        form = forms.FieldReportForm(initial={"occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                                              "division": home if home and home.level == "village" else None})
        status = 200
    form.fields["division"].queryset = villages
    points = [{"id": v.pk, "name": v.name, "lat": float(v.latitude), "lon": float(v.longitude)}
              for v in villages if v.latitude is not None and v.longitude is not None]
    return render(request, "incidents/field.html", {"form": form, "village_points": points,
                                                    "title": _("现场快报")}, status=status)


# An event and its chain ------------------------------------------------------------------------


@login_required
def event_detail(request, pk: int):
    event = EVENTS.access(request.user, pk)
    _require(request, EVENTS.capability, Action.VIEW)
    chain = selectors.event_chain(event)
    now = timezone.now()
    for ob in chain["obligations"]:
        ob.left = selectors.minutes_left(ob, now) if ob.fulfilled_at is None else None
    home = scope_division(request.user)
    has_first = bool(chain["reports"])
    report_form = (forms.ReportForm if has_first else forms.FirstReportForm)(initial={
        **_reporter_defaults(request.user), "occurred_at": timezone.localtime(event.occurred_at).strftime(
            "%Y-%m-%dT%H:%M"), "place": event.address or event.division.name, "source": event.source,
        "deaths": event.deaths, "missing": event.missing, "injured": event.injured,
        "serious_injuries": event.serious_injuries, "trapped": event.trapped, "economic_loss": event.economic_loss})
    return render(request, "incidents/event_detail.html", {
        "event": event, "title": str(event), **chain, "now": now, "home": home,
        "report_form": report_form, "severity_form": forms.SeverityForm(initial={"severity": event.severity}),
        "request_form": forms.RequestInfoForm(),
        "can_report": has_permission(request.user, REPORTS.capability, Action.ADD),
        "can_handle": has_permission(request.user, RECEIPTS.capability, Action.CHANGE),
        "can_regrade": has_permission(request.user, EVENTS.capability, Action.CHANGE),
    })


@require_GET
@cache_control(private=True, max_age=3600)
def report_photo(request, pk: int, report_pk: int):
    """A report's photo, only through an event the user may see (the same 404 for an anonymous visitor,
    another division and a missing file). Never a public URL."""
    if not request.user.is_authenticated:
        raise Http404
    event = EVENTS.access(request.user, pk)
    _require(request, EVENTS.capability, Action.VIEW)
    report = selectors.report_of(event, report_pk)
    return files.serve_photo(report.photo, f"incident-{event.pk}-{report.sequence}", small=files.wants_small(request))


def _done(request, event_pk, exc: ApplicationError | None, ok: str):
    if exc is not None:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, ok)
    return redirect(reverse("incidents-detail", args=[event_pk]))


@login_required
@require_POST
def report_add(request, pk: int):
    event = EVENTS.access(request.user, pk)
    _require(request, REPORTS.capability, Action.ADD)
    has_first = event.reports.exists()
    form = (forms.ReportForm if has_first else forms.FirstReportForm)(request.POST)
    if not form.is_valid():
        return _done(request, pk, ApplicationError("；".join(
            f"{form.fields[k].label if k in form.fields else ''}{' '.join(v)}" for k, v in form.errors.items())), "")
    data = dict(form.cleaned_data)
    kind = data.pop("kind", None) or ReportKind.FIRST
    try:
        services.report_submit(actor=request.user, event=event, kind=kind, data=data, channel=data["channel"])
    except ApplicationError as exc:
        return _done(request, pk, exc, "")
    return _done(request, pk, None, _("已报送。"))


@login_required
@require_POST
def event_regrade(request, pk: int):
    event = EVENTS.access(request.user, pk)
    _require(request, EVENTS.capability, Action.CHANGE)
    form = forms.SeverityForm(request.POST)
    if not form.is_valid():
        return _done(request, pk, ApplicationError(_("调整事件级别必须填写理由。")), "")
    try:
        services.event_change_severity(actor=request.user, event=event, severity=form.cleaned_data["severity"],
                                       reason=form.cleaned_data["reason"])
    except ApplicationError as exc:
        return _done(request, pk, exc, "")
    return _done(request, pk, None, _("事件级别已调整，报告时限已重新计算。"))


@login_required
@require_POST
def receipt_action(request, pk: int, action: str):
    receipt = RECEIPTS.access(request.user, pk)
    if action not in ("ack", "forward", "request"):
        raise Http404
    _require(request, RECEIPTS.capability, Action.CHANGE)
    try:
        if action == "ack":
            services.receipt_acknowledge(actor=request.user, receipt=receipt)
            ok = _("已签收。")
        elif action == "forward":
            services.receipt_forward(actor=request.user, receipt=receipt)
            ok = _("已上报。")
        else:
            form = forms.RequestInfoForm(request.POST)
            note = form.cleaned_data["note"] if form.is_valid() else ""
            services.receipt_request_info(actor=request.user, receipt=receipt, note=note)
            ok = _("已要求补充信息。")
    except ApplicationError as exc:
        return _done(request, receipt.report.event_id, exc, "")
    return _done(request, receipt.report.event_id, None, ok)


@login_required
def report_edit(request, pk: int):
    """There is no editing a submitted report: the attempt is refused and audited."""
    report = REPORTS.access(request.user, pk)
    try:
        services.report_edit_refused(actor=request.user, report=report, via="web")
    except ApplicationError as exc:
        return render(request, "incidents/refused.html", {"message": exc.message, "report": report,
                                                          "title": _("不可修改")}, status=409)
    raise AssertionError("unreachable")  # pragma: no cover


@login_required
def report_word(request, pk: int):
    report = REPORTS.access(request.user, pk)
    _require(request, REPORTS.capability, Action.EXPORT)
    response = HttpResponse(exports.report_docx(report), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="report-{report.event_id}-{report.sequence}.docx"'
    return response


# Statistics and rules ----------------------------------------------------------------------------


def _period(request) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    try:
        start = datetime.date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = today.replace(month=1, day=1)
    try:
        end = datetime.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        end = today
    return start, end


@login_required
def timeliness(request):
    _require(request, permissions.OBLIGATIONS.code, Action.VIEW)
    start, end = _period(request)
    stats = selectors.timeliness(request.user, start=start, end=end)
    accountable = selectors.accountability(request.user, start=start, end=end)
    if request.GET.get("format") == "xlsx":
        _require(request, permissions.OBLIGATIONS.code, Action.EXPORT)
        response = HttpResponse(exports.timeliness_xlsx(stats, accountable), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        response["Content-Disposition"] = f'attachment; filename="timeliness-{start}-{end}.xlsx"'
        return response
    return render(request, "incidents/timeliness.html", {
        "title": _("报告及时率与问责清单"), "stats": stats, "accountable": accountable[:200], "start": start,
        "end": end})


@login_required
def rules_list(request):
    _require(request, permissions.RULES.code, Action.VIEW)
    return render(request, "incidents/rules.html", {
        "title": _("报告时限规则"), "rules": selectors.rule_list(),
        "can_change": has_permission(request.user, permissions.RULES.code, Action.CHANGE)})


@login_required
def rule_form(request, pk: int | None = None):
    rule = selectors.rule_get(pk) if pk else None
    _require(request, permissions.RULES.code, Action.CHANGE if rule else Action.ADD)
    form = forms.DeadlineRuleForm(request.POST or None, instance=rule)
    scope_form(form, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_save(actor=request.user, rule=rule, data=form.cleaned_data)
        except ApplicationError as exc:
            apply_form_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(reverse("incidents-rules"))
    return render(request, "incidents/form.html", {"form": form, "object": rule,
                                                       "title": str(rule) if rule else _("新增报告时限规则")},
                  status=400 if request.method == "POST" else 200)
