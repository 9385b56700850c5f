"""/api/v1/dispatches (scoped, with progress) and /api/v1/notifications (the caller's own inbox)."""

from datetime import datetime

from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema

from yingji.api.access import paginated
from yingji.api.auth import require
from yingji.api.errors import READ_ERRORS
from yingji.core.permissions import Action
from yingji.messaging import permissions
from yingji.messaging.models import Dispatch
from yingji.messaging.services import dispatch_progress

router = Router(tags=["messaging"])
SCOPED_ROUTES = [("messaging.dispatch", "/dispatches", "/dispatches/{pk}")]


class DispatchOut(Schema):
    id: int
    topic: str
    subject: str
    body: str
    link: str
    division: str
    total: int
    created_at: datetime

    @staticmethod
    def resolve_division(obj: Dispatch) -> str:
        return obj.division.code


class ProgressOut(Schema):
    total: int
    sent: int
    failed: int
    pending: int
    percent: int


class DispatchDetailOut(DispatchOut):
    progress: ProgressOut

    @staticmethod
    def resolve_progress(obj: Dispatch) -> dict:
        return dispatch_progress(obj)


class NotificationOut(Schema):
    id: int
    subject: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


@router.get("/dispatches", response={200: list[DispatchOut], **READ_ERRORS}, url_name="dispatch-list-api")
@paginated
def dispatch_list(request, topic: str = ""):
    require(request, permissions.DISPATCHES.code, Action.VIEW)
    qs = Dispatch.objects.visible_to(request.user).select_related("division")
    return qs.filter(topic=topic) if topic else qs


@router.get("/dispatches/{pk}", response={200: DispatchDetailOut, **READ_ERRORS}, url_name="dispatch-detail-api")
def dispatch_detail(request, pk: int):
    require(request, permissions.DISPATCHES.code, Action.VIEW)
    dispatch = Dispatch.objects.visible_to(request.user).select_related("division").filter(pk=pk).first()
    if dispatch is None:
        raise Http404
    return dispatch


@router.get("/notifications", response={200: list[NotificationOut], **READ_ERRORS}, url_name="notification-list-api")
@paginated
def notification_list(request, unread: bool = False):
    require(request, permissions.INBOX.code, Action.VIEW)
    qs = request.user.notifications.all()
    return qs.filter(read_at__isnull=True) if unread else qs


@router.post("/notifications/{pk}/read", response={200: NotificationOut, **READ_ERRORS},
             url_name="notification-read-api")
def notification_read(request, pk: int):
    require(request, permissions.INBOX.code, Action.VIEW)
    notification = request.user.notifications.filter(pk=pk).first()
    if notification is None:
        raise Http404
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
