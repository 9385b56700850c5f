"""Pages: quota progress for a division and year, certificate expiry, certified-rescuer coverage and the
materials upload of a session."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingji.audit.signals import record_denied
from yingji.core.excel import xlsx_response
from yingji.core.permissions import Action, has_permission
from yingji.core.scoping import scope_division
from yingji.divisions.models import Division
from yingji.training import exports, forms, selectors, services
from yingji.training.permissions import CERTIFICATES, TRAINING
from yingji.training.registers import CERTIFICATES as CERTIFICATE_REGISTER
from yingji.training.registers import SESSIONS
from yingji.training.rules import EXPIRING_SOON_DAYS, FIRST_YEAR


def require(request, capability: str, action: str) -> None:
    if not has_permission(request.user, capability, action):
        record_denied(user=request.user, path=request.get_full_path())
        raise PermissionDenied


def division_and_year(request) -> tuple[Division, int]:
    """`?division=<code>` inside the user's subtree (default: the division they are looking at) and
    `?year=` (default: this year); anything else is a 404, never another subtree."""
    code = request.GET.get("division")
    division = (Division.objects.visible_to(request.user).filter(code=code).first() if code
                else scope_division(request.user))
    if division is None:
        raise Http404
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        raise Http404 from None
    if not FIRST_YEAR <= year <= 2100:
        raise Http404
    return division, year


def division_choices(user):
    """Divisions above villages in the user's subtree, for the page's division picker."""
    return Division.objects.visible_to(user).exclude(level="village").order_by("code").only("code", "name", "level")


@login_required
def progress(request):
    """Guidance sessions per county/township (seed 004) and information officers trained (seeds 000, 002)."""
    require(request, TRAINING.code, Action.VIEW)
    division, year = division_and_year(request)
    guidance = selectors.guidance_progress(division, year)
    departments = selectors.department_guidance(division, year)
    total, townships = selectors.officer_coverage(division, year)
    title = _("%(year)d年%(division)s培训指标完成情况") % {"year": year, "division": division.name}
    if request.GET.get("format") == "xlsx":
        require(request, TRAINING.code, Action.EXPORT)
        return xlsx_response(exports.progress(guidance, total, townships, departments=departments, title=title),
                             title)
    return render(request, "training/progress.html", {
        "title": title, "division": division, "year": year, "guidance": guidance, "departments": departments,
        "total": total, "townships": townships, "divisions": division_choices(request.user)})


def _days(request) -> int:
    try:
        days = int(request.GET.get("days") or EXPIRING_SOON_DAYS)
    except ValueError:
        raise Http404 from None
    if not 1 <= days <= 3650:
        raise Http404
    return days


@login_required
def expiry(request):
    """Certificates expiring within N days (default 90) and those expired and not renewed."""
    require(request, CERTIFICATES.code, Action.VIEW)
    days = _days(request)
    base = CERTIFICATE_REGISTER.base_queryset(request.user)
    soon = selectors.expiring(base, days)
    gone = selectors.expired(base)
    if request.GET.get("format") == "xlsx":
        require(request, CERTIFICATES.code, Action.EXPORT)
        title = _("证书到期提醒")
        return xlsx_response(exports.expiry(soon, gone, title=title), title)
    return render(request, "training/expiry.html", {
        "title": _("证书到期提醒"), "days": days, "expiring": soon, "expired": gone,
        "today": timezone.localdate()})


@login_required
def coverage(request):
    """Townships and villages in the subtree without a valid 应急救援员证 holder (seed 002)."""
    require(request, CERTIFICATES.code, Action.VIEW)
    division, _year = division_and_year(request)
    missing = list(selectors.without_certified_rescuer(division))
    counts = selectors.rescuer_coverage_counts(division)
    title = _("%(division)s持证应急救援员覆盖情况") % {"division": division.name}
    if request.GET.get("format") == "xlsx":
        require(request, CERTIFICATES.code, Action.EXPORT)
        return xlsx_response(exports.coverage(missing, title=title), title)
    return render(request, "training/coverage.html", {
        "title": title, "division": division, "missing": missing, "counts": counts,
        "divisions": division_choices(request.user)})


@login_required
@require_POST
def upload_materials(request, pk: int):
    session = SESSIONS.access(request.user, pk)
    require(request, TRAINING.code, Action.CHANGE)
    form = forms.MaterialsForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_materials(actor=request.user, session=session, upload=form.cleaned_data["materials_file"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("training-sessions-detail", pk=session.pk)
        messages.success(request, _("培训资料已上传。"))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("training-sessions-detail", pk=session.pk)


@login_required
def download_materials(request, pk: int):
    from django.http import FileResponse

    session = SESSIONS.access(request.user, pk)
    require(request, TRAINING.code, Action.VIEW)
    if not session.materials_file:
        raise Http404
    return FileResponse(session.materials_file.open("rb"), as_attachment=True,
                        filename=session.materials_file.name.rsplit("/", 1)[-1])
