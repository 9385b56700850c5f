"""The inbox (everyone's own notifications) and the dispatch pages (scoped, with live progress)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingji.core.permissions import Action, has_permission
from yingji.messaging import permissions
from yingji.messaging.models import Delivery, Dispatch
from yingji.messaging.services import dispatch_progress


def _require(request, cap):
    if not has_permission(request.user, cap.code, Action.VIEW):
        raise PermissionDenied


@login_required
def notification_list(request):
    _require(request, permissions.INBOX)
    qs = request.user.notifications.all()
    if request.GET.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, settings.YINGJI_PAGE_SIZE).get_page(request.GET.get("page"))
    unread = request.user.notifications.filter(read_at__isnull=True).count()
    return render(request, "messaging/notification_list.html",
                  {"page": page, "unread": unread, "title": _("我的消息")})


@login_required
@require_POST
def notification_read(request):
    _require(request, permissions.INBOX)
    qs = request.user.notifications.filter(read_at__isnull=True)
    if request.POST.get("id"):
        qs = qs.filter(pk=request.POST["id"])
    qs.update(read_at=timezone.now())
    return redirect("notification-list")


@login_required
def dispatch_list(request):
    _require(request, permissions.DISPATCHES)
    qs = Dispatch.objects.visible_to(request.user).select_related("division", "actor")
    if request.GET.get("topic"):
        qs = qs.filter(topic=request.GET["topic"])
    page = Paginator(qs, settings.YINGJI_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "messaging/dispatch_list.html", {"page": page, "title": _("消息发送记录")})


@login_required
def dispatch_detail(request, pk: int):
    _require(request, permissions.DISPATCHES)
    dispatch = get_object_or_404(Dispatch.objects.visible_to(request.user).select_related("division"), pk=pk)
    failed = Delivery.objects.visible_to(request.user).filter(dispatch=dispatch, status=Delivery.Status.FAILED)
    context = {"dispatch": dispatch, "progress": dispatch_progress(dispatch), "failed": failed[:100],
               "title": dispatch.subject}
    if request.htmx:
        return render(request, "messaging/_progress.html", context)
    return render(request, "messaging/dispatch_detail.html", context)
