"""Duty pages beyond the registers: filing a roster, overdue rosters, the spot-check circular."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Action, has_permission
from yingji.core.word import DOCX
from yingji.duty import circular, permissions, selectors, services
from yingji.duty.models import SpecialPeriod
from yingji.duty.registers import ROSTERS


def _require(request, cap, action=Action.VIEW):
    if not has_permission(request.user, cap.code, action):
        raise PermissionDenied


@login_required
@require_POST
def roster_file(request, pk: int):
    roster = ROSTERS.access(request.user, pk)
    _require(request, permissions.ROSTERS, Action.CHANGE)
    try:
        services.roster_file(actor=request.user, roster=roster)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("值班表已报送上级。"))
    return redirect("duty-rosters-detail", pk=roster.pk)


@login_required
def overdue(request):
    _require(request, permissions.ROSTERS)
    today = timezone.localdate()
    return render(request, "duty/overdue.html", {
        "overdue": selectors.overdue_rosters(request.user, today), "title": _("值班表报送情况"),
    })


@login_required
def period_circular(request, pk: int):
    """通报 of a period's spot checks (seed 000: 督查到岗到位 … 并将情况予以通报), as a Word document."""
    _require(request, permissions.SPOT_CHECKS, Action.EXPORT)
    period = get_object_or_404(SpecialPeriod.objects.visible_to(request.user), pk=pk)
    checks = period.spot_checks.filter(deleted_at__isnull=True).select_related("organisation").order_by("checked_at")
    response = HttpResponse(circular.build(period, list(checks), issuer=request.user.division.name),
                            content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''duty-circular-{period.pk}.docx"
    return response
