"""The situation log (append-only), online opinion (seed 003's five kinds) and press releases."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.audit.services import audited_create, audited_soft_delete, audited_update, record, snapshot
from yingji.response import rules
from yingji.response.models import OpinionEntry, PressRelease, Response, SituationEntry
from yingji.response.rules import OpinionStatus, PressStatus, Status
from yingji.response.services.common import _fresh, _locked, _moment, _refuse, _user

# Situation log -----------------------------------------------------------------------------------


@transaction.atomic
def situation_add(*, actor, response: Response, text: str, source: str,
                  at: datetime.datetime | None = None) -> SituationEntry:
    """Append one entry to the situation log; entries are never edited or deleted."""
    locked = _locked(response)
    if locked.status != Status.ACTIVE:
        _refuse(_("响应已终止，态势记录已封存。"), code="not_active")
    if not text.strip():
        _refuse(_("请填写态势内容。"), code="text", field="text")
    if not source.strip():
        _refuse(_("请填写信息来源。"), code="source", field="source")
    when = _moment(at, field="at", not_before=locked.event.occurred_at,
                   not_before_message=_("时间不能早于事件发生时间。"))
    entry = SituationEntry.objects.create(response=locked, at=when, source=source.strip()[:100], text=text.strip(),
                                          author=_user(actor))
    record(actor=actor, action="response.situationentry.created", obj=entry,
           changes={"at": [None, when.isoformat()], "source": [None, entry.source], "text": [None, entry.text]})
    return entry


# Online opinion ----------------------------------------------------------------------------------


def opinion_add(*, actor, data: dict) -> OpinionEntry:
    if data["response"].status == Status.REVIEWED:
        _refuse(_("复盘已完成，不能再登记舆情。"), code="reviewed")
    data = {**data, "found_at": _moment(data.get("found_at"), field="found_at")}
    return audited_create(actor=actor, obj=OpinionEntry(**data))


@transaction.atomic
def opinion_handle(*, actor, opinion: OpinionEntry, handling: str) -> OpinionEntry:
    locked = OpinionEntry.all_objects.select_for_update().get(pk=opinion.pk)
    if locked.status == OpinionStatus.HANDLED:
        _refuse(_("该舆情已处置。"), code="handled")
    if not handling.strip():
        _refuse(_("请填写处置情况。"), code="handling", field="handling")
    before = snapshot(locked)
    locked.status, locked.handling, locked.handled_at = OpinionStatus.HANDLED, handling.strip(), timezone.now()
    locked.save(update_fields=["status", "handling", "handled_at", "updated_at"])
    record(actor=actor, action="response.opinionentry.handled", obj=locked, before=before, after=snapshot(locked))
    return locked


# Press releases ----------------------------------------------------------------------------------


def press_create(*, actor, data: dict) -> PressRelease:
    if data["response"].status == Status.REVIEWED:
        _refuse(_("复盘已完成，不能再起草新闻稿。"), code="reviewed")
    return audited_create(actor=actor, obj=PressRelease(**data))


@transaction.atomic
def press_update(*, actor, obj: PressRelease, data: dict) -> PressRelease:
    obj = _fresh(obj)
    if obj.status == PressStatus.PUBLISHED:
        _refuse(_("已发布的新闻稿不能修改。"), code="published")
    if obj.status != PressStatus.DRAFT:
        _refuse(_("已审核的新闻稿须退回草稿后才能修改。"), code="approved")
    return audited_update(actor=actor, obj=obj, data=data)


@transaction.atomic
def press_delete(*, actor, obj: PressRelease) -> PressRelease:
    obj = _fresh(obj)
    if obj.status != PressStatus.DRAFT:
        _refuse(_("只有草稿可以删除；已发布的新闻稿不能删除。"), code="not_draft")
    return audited_soft_delete(actor=actor, obj=obj)


PRESS_VERBS = {PressStatus.APPROVED: "approved", PressStatus.PUBLISHED: "published", PressStatus.DRAFT: "returned"}


@transaction.atomic
def press_step(*, actor, release: PressRelease, to: str) -> PressRelease:
    """draft → approved → published (or approved → back to draft); a published release is final."""
    locked = PressRelease.all_objects.select_for_update().get(pk=release.pk)
    if to not in rules.PRESS_TRANSITIONS.get(locked.status, ()):
        if locked.status == PressStatus.PUBLISHED:
            _refuse(_("新闻稿已发布，不能再更改。"), code="published")
        target = PressStatus(to).label if to in PressStatus.values else to
        _refuse(_("新闻稿当前为“%(status)s”，不能改为“%(to)s”。") % {
            "status": PressStatus(locked.status).label, "to": target}, code="bad_state")
    before = snapshot(locked)
    now = timezone.now()
    locked.status = to
    if to == PressStatus.APPROVED:
        locked.approved_by, locked.approved_at = _user(actor), now
    elif to == PressStatus.PUBLISHED:
        locked.published_at = now
    else:
        locked.approved_by, locked.approved_at = None, None
    locked.save(update_fields=["status", "approved_by", "approved_at", "published_at", "updated_at"])
    record(actor=actor, action=f"response.pressrelease.{PRESS_VERBS[to]}", obj=locked, before=before,
           after=snapshot(locked))
    return locked
