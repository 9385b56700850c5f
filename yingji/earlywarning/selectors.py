"""Reading warnings: in force, for the public page and feed, and near a point."""

from __future__ import annotations

import math

from django.db.models import Q, QuerySet
from django.utils import timezone

from yingji.core.scoping import subtree_bounds
from yingji.divisions.models import Division
from yingji.earlywarning.models import EarlyWarning

S = EarlyWarning.Status
PUBLIC_FEED_SIZE = 50


def _public_base() -> QuerySet[EarlyWarning]:
    # Published messages are public by law (R2.9); drafts never leave the office.
    return EarlyWarning.objects.exclude(identifier="").select_related("issuer", "division", "previous",
                                                                       "previous__division")


def in_force(now=None) -> QuerySet[EarlyWarning]:
    """Issued Alert/Update messages not yet expired, lifted, cancelled or superseded."""
    now = now or timezone.now()
    return (_public_base().filter(status=S.ISSUED, expires__gt=now)
            .exclude(msg_type=EarlyWarning.MsgType.CANCEL).prefetch_related("areas"))


def covering(qs: QuerySet[EarlyWarning], division: Division) -> QuerySet[EarlyWarning]:
    """Warnings whose area contains the division, lies inside it, or is one of its ancestors."""
    low, high = subtree_bounds(division.code, division.level)
    ancestors = list(division.ancestors().values_list("pk", flat=True)) + [division.pk]
    return qs.filter(Q(areas__in=ancestors) | Q(areas__code__gte=low, areas__code__lt=high)).distinct()


def public_messages(limit: int = PUBLIC_FEED_SIZE) -> QuerySet[EarlyWarning]:
    """The newest published messages (Alert, Update, Cancel) for the CAP feed."""
    return _public_base().prefetch_related("areas").order_by("-sent", "-id")[:limit]


def public_message(identifier_or_pk) -> EarlyWarning | None:
    qs = _public_base().prefetch_related("areas")
    if str(identifier_or_pk).isdigit():
        return qs.filter(pk=int(identifier_or_pk)).first()
    return qs.filter(identifier=identifier_or_pk).first()


def public_townships() -> QuerySet[Division]:
    return Division.objects.filter(level=Division.Level.TOWNSHIP).select_related("parent").order_by("code")


def _distance_km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


NEAR_BOX_DEGREES = 1.0  # ~100 km: the prefilter for "near me"


def nearest_townships(lat: float, lon: float, count: int = 3) -> list[tuple[Division, float]]:
    """Townships with coordinates nearest a point (a bounding-box prefilter, then exact distance)."""
    box = public_townships().filter(latitude__isnull=False, longitude__isnull=False,
                                    latitude__range=(lat - NEAR_BOX_DEGREES, lat + NEAR_BOX_DEGREES),
                                    longitude__range=(lon - NEAR_BOX_DEGREES, lon + NEAR_BOX_DEGREES))
    ranked = sorted(((d, _distance_km(lat, lon, float(d.latitude), float(d.longitude))) for d in box),
                    key=lambda pair: pair[1])
    return ranked[:count]


def warnings_for_list(qs: QuerySet[EarlyWarning]) -> QuerySet[EarlyWarning]:
    return qs.select_related("issuer", "division", "previous").prefetch_related("areas")


def pending_subscriber(pk):
    from yingji.earlywarning.models import PublicSubscriber

    if pk is None:
        return None
    return PublicSubscriber.objects.filter(pk=pk, confirmed_at__isnull=True).first()


def bureau_name(division: Division) -> str:
    """The issuing body shown under a bulletin: the division's emergency office, else its name."""
    from yingji.divisions.models import Organisation

    offices = Organisation.objects.filter(division=division).filter(
        Q(kind=Organisation.Kind.EMERGENCY_OFFICE) | Q(kind=Organisation.Kind.DEPARTMENT, name__endswith="应急管理局"))
    office = offices.order_by("kind", "pk").first()
    return office.name if office else division.name
