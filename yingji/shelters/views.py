"""Pages: coverage of villages and townships, the occupancy of a shelter during an event, a shelter's photos,
and the public "shelters near me" page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from yingji.audit.signals import record_denied
from yingji.core import files
from yingji.core.excel import workbook_bytes, xlsx_response
from yingji.core.exceptions import ApplicationError
from yingji.core.geo import nearest
from yingji.core.permissions import Action, has_permission
from yingji.core.scoping import scope_division
from yingji.core.views import apply_form_errors
from yingji.shelters import forms, rules, selectors, services
from yingji.shelters.registers import SHELTERS

MAX_RADIUS_KM = 50.0
PUBLIC_NEAREST = 10


def _require(request, action: str) -> None:
    if not has_permission(request.user, SHELTERS.capability, action):
        record_denied(user=request.user, path=request.get_full_path())
        raise PermissionDenied


def _radius(value: str | None) -> tuple[float, str | None]:
    if not value:
        return rules.SERVICE_RADIUS_KM, None
    try:
        radius = float(value)
    except ValueError:
        return rules.SERVICE_RADIUS_KM, _("服务半径须是数字(公里)。")
    if not 0 < radius <= MAX_RADIUS_KM:
        return rules.SERVICE_RADIUS_KM, _("服务半径须大于 0 且不超过 %(max)s 公里。") % {"max": int(MAX_RADIUS_KM)}
    return radius, None


@login_required
def coverage(request):
    _require(request, Action.VIEW)
    division = scope_division(request.user)
    radius, error = _radius(request.GET.get("radius"))
    result = selectors.village_coverage(division, radius)
    townships = selectors.township_requirements(division)
    if request.GET.get("export") == "xlsx":
        _require(request, Action.EXPORT)
        return _gaps_workbook(result, townships)
    return render(request, "shelters/coverage.html", {
        "title": _("避难场所覆盖"), "division": division, "coverage": result, "townships": townships,
        "radius": radius, "error": error, "default_radius": rules.SERVICE_RADIUS_KM,
        "totals": selectors.totals(SHELTERS.base_queryset(request.user)),
    })


def _gaps_workbook(result: selectors.Coverage, townships) -> HttpResponse:
    title = _("避难场所覆盖缺口")
    rows = [(v.village.parent.name if v.village.parent_id else "", v.village.code, v.village.name,
             _("服务半径 %(radius)s 公里内无可用避难场所") % {"radius": result.radius_km}, v.shelters_in_village)
            for v in result.gaps]
    rows += [("", v.code, v.name, _("缺少经纬度，无法判断"), "") for v in result.unlocated]
    rows += [(t.township.name, t.township.code, "", _("%(zone)s需%(required)s避难场所，现有：%(best)s") % {
        "zone": t.township.get_risk_zone_display() or _("未划定风险区"),
        "required": rules.Duration(t.required).label if t.required else _("乡镇级"),
        "best": rules.Duration(t.best).label if t.best else _("无")}, t.shelters)
             for t in townships if not t.met]
    data = workbook_bytes(title=title, headers=[_("乡镇(街道)"), _("区划代码"), _("村(社区)"), _("缺口"),
                                                _("本区划避难场所数")], rows=rows)
    return xlsx_response(data, title)


@login_required
@require_POST
def set_occupancy(request, pk: int):
    shelter = SHELTERS.access(request.user, pk)
    _require(request, Action.CHANGE)
    form = forms.OccupancyForm(request.POST)
    if form.is_valid():
        try:
            services.set_occupancy(actor=request.user, shelter=shelter, **form.cleaned_data)
        except ApplicationError as exc:
            apply_form_errors(form, exc)
        else:
            messages.success(request, _("已更新安置情况。"))
            return redirect("shelters-detail", pk=shelter.pk)
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect("shelters-detail", pk=shelter.pk)


@login_required
@require_POST
def photo_upload(request, pk: int):
    """Several photos at once, from a phone's camera or a computer; all are refused if one is bad."""
    shelter = SHELTERS.access(request.user, pk)
    _require(request, Action.CHANGE)
    form = forms.PhotoUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(_gallery(shelter))
    try:
        added = services.photos_add(actor=request.user, shelter=shelter, uploads=form.cleaned_data["photos"],
                                    caption=form.cleaned_data["caption"])
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已上传 %(n)d 张照片。") % {"n": len(added)})
    return redirect(_gallery(shelter))


def _gallery(shelter) -> str:
    return reverse("shelters-detail", args=[shelter.pk]) + "#photos"


def serve_photo(photo, *, small: bool = False) -> FileResponse:
    """The stored file, shown inline but never interpreted as anything but the image type it was checked as."""
    return files.serve_private(photo.file, content_type=photo.content_type, filename=photo.original_name,
                               small=small)


@login_required
@require_GET
@cache_control(private=True, max_age=3600)
def photo_file(request, pk: int, photo_pk: int):
    """The only way to a stored photo: the shelter must be in the user's jurisdiction and viewable."""
    shelter = SHELTERS.access(request.user, pk)
    _require(request, Action.VIEW)
    return serve_photo(selectors.photo_of(shelter, photo_pk), small=files.wants_small(request))


@login_required
@require_POST
def photo_delete(request, pk: int, photo_pk: int):
    shelter = SHELTERS.access(request.user, pk)
    photo = selectors.photo_of(shelter, photo_pk)
    _require(request, Action.CHANGE)
    services.photo_delete(actor=request.user, photo=photo)
    if request.htmx:
        return HttpResponse("")  # the gallery drops the photo's tile in place
    messages.success(request, _("照片已删除。"))
    return redirect(_gallery(shelter))


def _coordinate(value: str | None, low: float, high: float) -> float | None:
    try:
        number = float(value) if value else None
    except ValueError:
        return None
    return number if number is not None and low <= number <= high else None


@require_GET
@cache_control(public=True, max_age=60)
def public_shelters(request):
    """避难场所查询: the nearest open shelters to the visitor's location, or all of them by division.
    Public fields only: no manager, phone or national-system code."""
    lat, lng = _coordinate(request.GET.get("lat"), -90, 90), _coordinate(request.GET.get("lon"), -180, 180)
    shelters = selectors.public_shelters()
    distances = {}
    if lat is not None and lng is not None:
        found = nearest(shelters, lat, lng, PUBLIC_NEAREST, max_radius_km=100)
        listed = [n.obj for n in found]
        distances = {n.obj.pk: n.distance_km for n in found}
    else:
        listed = list(shelters[:200])
    rows = [{"shelter": s, "distance": distances.get(s.pk)} for s in listed]
    markers = [{"name": s.name, "lat": float(s.latitude), "lon": float(s.longitude), "free": s.free_places,
                "status": s.get_status_display()}
               for s in listed if s.latitude is not None and s.longitude is not None]
    return render(request, "shelters/public.html", {
        "title": _("应急避难场所查询"), "rows": rows, "markers": markers, "lat": lat, "lon": lng})
