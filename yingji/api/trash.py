"""/api/v1/trash/{register}: what was deleted in the caller's subtree, register by register, and restoring
it — the API side of every register's recycle bin. Both ask for the delete permission, as the pages do."""

from __future__ import annotations

import datetime

from django.http import Http404
from ninja import Router, Schema

from yingji.api.access import paginated
from yingji.api.auth import require
from yingji.api.errors import READ_ERRORS, WRITE_ERRORS
from yingji.core.permissions import Action
from yingji.core.registers import Register, get_register

router = Router(tags=["recycle bin"])


class DeletedOut(Schema):
    id: int
    label: str
    deleted_at: datetime.datetime | None

    @staticmethod
    def resolve_label(obj) -> str:
        return str(obj)


def _restorable(slug: str) -> Register:
    try:
        reg = get_register(slug)
    except KeyError:
        raise Http404 from None
    if reg.restore is None:
        raise Http404
    return reg


@router.get("/trash/{slug}", response={200: list[DeletedOut], **READ_ERRORS})
@paginated
def trash_list(request, slug: str):
    """Deleted records of the register `slug` (e.g. `plans`, `teams`, `monitoring-sites`), newest first."""
    reg = _restorable(slug)
    require(request, reg.capability, Action.DELETE)
    return reg.base_queryset(request.user, deleted=True).order_by("-deleted_at", "-pk")


@router.post("/trash/{slug}/{pk}/restore", response={200: DeletedOut, **WRITE_ERRORS})
def trash_restore(request, slug: str, pk: int):
    """Bring a deleted record back, audited; refused with the register's own message when it cannot be."""
    reg = _restorable(slug)
    obj = reg.access(request.user, pk, deleted=True)
    require(request, reg.capability, Action.DELETE)
    return reg.restore(actor=request.user, obj=obj)
