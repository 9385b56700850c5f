"""Reading the audit trail, always within the reader's jurisdiction."""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone

from yingji.audit.models import AuditEntry


def history_for(obj, *, user) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.visible_to(user).filter(
        model_label=obj._meta.label_lower, object_pk=str(obj.pk)
    ).select_related("actor")


def audit_search(*, user, actor: str = "", division_code: str = "", model_label: str = "",
                 action: str = "", date_from=None, date_to=None) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.visible_to(user).select_related("actor")
    if actor:
        qs = qs.filter(Q(actor_name__icontains=actor) | Q(actor__person__name__icontains=actor))
    if division_code:
        qs = qs.filter(division_code__startswith=division_code.rstrip("0") or division_code)
    if model_label:
        qs = qs.filter(model_label=model_label)
    if action:
        qs = qs.filter(action__icontains=action)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(at__gte=timezone.make_aware(datetime.combine(date_from, time.min), tz))
    if date_to:
        qs = qs.filter(at__lte=timezone.make_aware(datetime.combine(date_to, time.max), tz))
    return qs
