"""Warning pages: drafting, the lifecycle steps, the public page, CAP XML and the Atom feed,
public subscription, and the monthly risk bulletin. Thin: forms in, services, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from yingji.audit.selectors import history_for
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Action, has_permission
from yingji.core.views import apply_form_errors, form_data, require, scope_form
from yingji.core.word import DOCX
from yingji.earlywarning import cap, forms, registers, selectors, services
from yingji.earlywarning.bulletin import SECTIONS, to_docx
from yingji.earlywarning.dissemination import deliveries_for, progress_for, send_confirmation
from yingji.earlywarning.models import EarlyWarning
from yingji.earlywarning.rules import LEVELS
from yingji.messaging.models import Delivery

W = registers.WARNINGS
B = registers.BULLETINS


def _warning(request, pk, action=Action.VIEW) -> EarlyWarning:
    warning = W.access(request.user, pk)
    require(request, W, action)
    return warning


def _fail(request, exc) -> None:
    messages.error(request, str(getattr(exc, "message", None) or "; ".join(getattr(exc, "messages", [str(exc)]))))


# Drafting -------------------------------------------------------------------------------------------


def _warning_form(request, *, instance=None, initial=None, title, save):
    form = forms.WarningForm(request.POST or None, instance=instance, initial=initial)
    scope_form(form, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form_data(form), form.cleaned_data["areas"])
        except (ApplicationError, ValidationError) as exc:
            apply_form_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("warnings-detail", saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "earlywarning/warning_form.html", {"form": form, "title": title, "object": instance},
                  status=status)


@login_required
def warning_new(request):
    require(request, W, Action.ADD)
    office = request.user.active_division
    return _warning_form(request, title=_("起草预警信息"), initial={"division": office},
                         save=lambda data, areas: services.warning_create(actor=request.user, data=data, areas=areas))


@login_required
def warning_edit(request, pk):
    warning = _warning(request, pk, Action.CHANGE)
    if warning.status not in (EarlyWarning.Status.DRAFT, EarlyWarning.Status.APPROVED):
        raise Http404
    return _warning_form(request, instance=warning, title=str(warning), save=lambda data, areas: (
        services.warning_edit(actor=request.user, warning=warning, data=data, areas=areas)))


@login_required
def warning_revise(request, pk):
    warning = _warning(request, pk, Action.ADD)
    form_initial = {"areas": list(warning.areas.all())}
    copy = EarlyWarning(**{k: getattr(warning, k) for k in services.CONTENT_FIELDS})
    return _warning_form(request, instance=copy, initial=form_initial, title=_("发布更新：%(h)s") % {
        "h": warning.headline}, save=lambda data, areas: services.warning_revise(
        actor=request.user, warning=warning, data=data, areas=areas))


@require_GET
@login_required
def warning_page(request, pk):
    warning = _warning(request, pk)
    chain = []
    cursor = warning.previous
    while cursor is not None and len(chain) < 20:
        chain.append(cursor)
        cursor = cursor.previous
    followers = list(warning.followers.all().order_by("created_at"))
    can_change = has_permission(request.user, W.capability, Action.CHANGE)
    return render(request, "earlywarning/warning_detail.html", {
        "object": warning, "title": warning.headline, "chain": chain, "followers": followers,
        "areas": list(warning.areas.all()), "can_change": can_change,
        "can_add": has_permission(request.user, W.capability, Action.ADD),
        "history": history_for(warning, user=request.user)[:50], "reason_form": forms.ReasonForm(),
        "dissemination": progress_for(warning),
    })


DELIVERIES_PER_PAGE = 100


@login_required
def warning_deliveries(request, pk):
    """Each recipient's delivery of the warning's message: status, attempts, error; filter by status."""
    warning = _warning(request, pk)
    status = request.GET.get("status", "")
    if status not in Delivery.Status.values:
        status = ""
    rows = deliveries_for(warning, status)
    page = Paginator(rows.only("recipient_key", "name", "channel", "phone", "status", "attempts", "last_error",
                               "sent_at"), DELIVERIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "earlywarning/deliveries.html", {
        "object": warning, "page": page, "status": status, "statuses": Delivery.Status.choices,
        "dissemination": progress_for(warning)})


STEPS = {
    "approve": lambda actor, w, reason: services.warning_approve(actor=actor, warning=w),
    "issue": lambda actor, w, reason: services.warning_issue(actor=actor, warning=w),
    "lift": lambda actor, w, reason: services.warning_lift(actor=actor, warning=w, reason=reason),
    "cancel": lambda actor, w, reason: services.warning_cancel(actor=actor, warning=w, reason=reason),
}


@require_POST
@login_required
def warning_step(request, pk, step):
    if step not in STEPS:
        raise Http404
    warning = _warning(request, pk, Action.CHANGE)
    try:
        STEPS[step](request.user, warning, request.POST.get("reason", ""))
    except (ApplicationError, ValidationError) as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("操作成功。"))
    return redirect("warnings-detail", warning.pk)


@require_GET
@login_required
def warning_progress(request, pk):
    """The HTMX-polled progress of the warning's fan-out (refreshes itself until nothing is pending)."""
    warning = _warning(request, pk)
    return render(request, "earlywarning/_progress.html", {"object": warning, "dissemination": progress_for(warning)})


# Public: page, CAP, feed, subscription ------------------------------------------------------------


def _float(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@require_GET
def public_warnings(request):
    """Warnings in force near me: browser location → nearest townships, or a chosen township."""
    townships = list(selectors.public_townships())
    lat, lon = _float(request.GET.get("lat")), _float(request.GET.get("lon"))
    chosen = request.GET.get("township", "")
    nearby = []
    if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180:
        nearby = selectors.nearest_townships(lat, lon)
    elif chosen:
        nearby = [(t, None) for t in townships if t.code == chosen]
    places = [t for t, _d in nearby]
    in_force = selectors.in_force()
    if places:
        found: dict[int, EarlyWarning] = {}
        for place in places:
            for warning in selectors.covering(in_force, place):
                found.setdefault(warning.pk, warning)
        warnings = sorted(found.values(), key=lambda w: (w.level, w.sent))
    else:
        warnings = list(in_force.order_by("level", "-sent"))
    markers = [
        {"name": a.name, "lat": float(a.latitude), "lon": float(a.longitude), "colour": w.colour_hex,
         "headline": w.headline}
        for w in warnings for a in w.areas.all() if a.latitude is not None and a.longitude is not None
    ]
    return render(request, "earlywarning/public.html", {
        "title": _("预警信息"), "warnings": warnings, "townships": townships, "nearby": nearby,
        "chosen": chosen, "markers": markers, "lat": lat, "lon": lon, "levels": LEVELS,
        "subscribe_form": forms.SubscribeForm(),
    })


def _absolute(request, name, *args) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


@require_GET
@cache_control(public=True, max_age=60)
def warning_cap(request, ref):
    message = selectors.public_message(ref)
    if message is None:
        raise Http404
    alert = cap.build_alert(message, web=_absolute(request, "public-warning", message.pk))
    return HttpResponse(cap.to_bytes(alert), content_type="application/cap+xml; charset=utf-8")


@require_GET
def public_warning(request, pk):
    message = selectors.public_message(pk)
    if message is None:
        raise Http404
    return render(request, "earlywarning/public_detail.html", {"object": message, "title": message.headline,
                                                               "areas": list(message.areas.all())})


@require_GET
@cache_control(public=True, max_age=60)
def warning_feed(request):
    rows = list(selectors.public_messages())
    xml = cap.build_feed(
        rows, feed_url=_absolute(request, "warning-feed"),
        cap_url=lambda m: _absolute(request, "warning-cap", m.identifier),
        page_url=lambda m: _absolute(request, "public-warning", m.pk),
        updated=rows[0].sent if rows else timezone.now(), title=_("预警信息发布"))
    return HttpResponse(xml, content_type="application/atom+xml; charset=utf-8")


@require_POST
def public_subscribe(request):
    form = forms.SubscribeForm(request.POST)
    if form.is_valid():
        try:
            subscriber = services.subscribe(division=form.cleaned_data["division"], phone=form.cleaned_data["phone"])
        except ApplicationError as exc:
            apply_form_errors(form, exc)
        else:
            send_confirmation(subscriber)
            request.session["ew_subscriber"] = subscriber.pk
            return redirect("public-subscribe-confirm")
    return render(request, "earlywarning/subscribe.html", {"form": form, "title": _("订阅预警短信")}, status=400)


def public_subscribe_confirm(request):
    pk = request.session.get("ew_subscriber")
    subscriber = selectors.pending_subscriber(pk)
    if subscriber is None:
        return redirect("public-warnings")
    form = forms.ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_subscription(subscriber=subscriber, code=form.cleaned_data["code"])
        except ApplicationError as exc:
            apply_form_errors(form, exc)
        else:
            request.session.pop("ew_subscriber", None)
            messages.success(request, _("订阅成功，您将收到该乡镇的预警短信。"))
            return redirect("public-warnings")
    return render(request, "earlywarning/subscribe.html", {"form": form, "title": _("输入短信确认码"),
                                                           "confirming": True},
                  status=400 if request.method == "POST" else 200)


# Monthly risk bulletin --------------------------------------------------------------------------------


@login_required
def bulletin_new(request):
    require(request, B, Action.ADD)
    today = timezone.localdate()
    form = forms.BulletinNewForm(request.POST or None, initial={
        "division": request.user.active_division, "year": today.year, "month": today.month})
    scope_form(form, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            bulletin = services.bulletin_draft(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            apply_form_errors(form, exc)
        else:
            messages.success(request, _("已根据本月数据生成草稿，请修改后发布。"))
            return redirect("risk-bulletins-detail", bulletin.pk)
    return render(request, "earlywarning/bulletin_new.html", {"form": form, "title": _("生成月度风险提示")},
                  status=400 if request.method == "POST" else 200)


@require_GET
@login_required
def bulletin_page(request, pk):
    bulletin = B.access(request.user, pk)
    require(request, B, Action.VIEW)
    return render(request, "earlywarning/bulletin_detail.html", {
        "object": bulletin, "title": bulletin.title,
        "sections": [(label, getattr(bulletin, name)) for name, label in SECTIONS],
        "can_change": has_permission(request.user, B.capability, Action.CHANGE),
        "can_delete": has_permission(request.user, B.capability, Action.DELETE),
        "history": history_for(bulletin, user=request.user)[:50],
    })


@require_POST
@login_required
def bulletin_publish(request, pk):
    bulletin = B.access(request.user, pk)
    require(request, B, Action.CHANGE)
    try:
        services.bulletin_publish(actor=request.user, bulletin=bulletin)
    except ApplicationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("已发布。"))
    return redirect("risk-bulletins-detail", bulletin.pk)


@require_GET
@login_required
def bulletin_docx(request, pk):
    bulletin = B.access(request.user, pk)
    require(request, B, Action.EXPORT)
    issuer = selectors.bureau_name(bulletin.division)
    response = HttpResponse(to_docx(bulletin, issuer), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="risk-bulletin-{bulletin.year}-{bulletin.month:02d}.docx"'
    return response
