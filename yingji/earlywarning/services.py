"""The warning lifecycle in one place: draft → approved → issued → updated → lifted/cancelled.

Every step locks the message, checks the current status and the actor's role, writes, and records
an audit entry in the same transaction; an illegal step raises ApplicationError with a Chinese
message and changes nothing. Issued messages are immutable: an update is a new message (CAP
msgType Update) and a lift or cancellation issues a Cancel message, both referencing the message
before them.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.audit.services import (
    audited_create,
    audited_restore,
    audited_soft_delete,
    audited_update,
    record,
    snapshot,
)
from yingji.core.exceptions import ApplicationError
from yingji.core.scoping import scope_division
from yingji.divisions.models import Division
from yingji.earlywarning import rules
from yingji.earlywarning.models import BroadcastEndpoint, EarlyWarning, PublicSubscriber, RiskBulletin

S = EarlyWarning.Status
CONTENT_FIELDS = ("division", "issuer", "hazard_type", "level", "headline", "onset", "expires", "description",
                  "measures", "certainty", "contact")


def _ensure_within(actor, division: Division | None, field: str = "division") -> None:
    home = scope_division(actor) if actor is not None else None
    if actor is not None and (division is None or home is None or not home.contains(division)):
        message = _("所选区划不在您的管辖范围内。")
        raise ApplicationError(message, code="out_of_scope", field_errors={field: [message]})


def _ensure_role(actor, roles: frozenset, message) -> None:
    if actor is not None and getattr(actor, "role", None) not in roles:
        raise ApplicationError(message, code="forbidden_step")


def _check_content(warning: EarlyWarning, areas: list[Division]) -> None:
    """R2.4: every element Art. 64 requires, and an area inside the issuing division."""
    errors: dict[str, list] = {}
    if not areas:
        errors["areas"] = [_("请选择可能影响的范围(至少一个区划)。")]
    elif warning.division_id:
        outside = [a.name for a in areas if not warning.division.contains(a)]
        if outside:
            errors["areas"] = [_("影响范围超出发布区划：%(names)s。") % {"names": "、".join(outside)}]
    if warning.issuer_id and warning.division_id and warning.issuer.division_id != warning.division_id:
        errors["issuer"] = [_("发布单位必须属于发布区划。")]
    if errors:
        raise ApplicationError(_("预警内容不完整或有误。"), code="invalid", field_errors=errors)


def _transition(warning: EarlyWarning, *, actor, allowed: Iterable[str], verb: str, data: dict[str, Any],
                step_label) -> EarlyWarning:
    locked = EarlyWarning.all_objects.select_for_update().get(pk=warning.pk)
    if locked.deleted_at is not None or locked.status not in allowed:
        raise ApplicationError(
            _("当前状态为“%(status)s”，不能%(step)s。") % {"status": locked.get_status_display(), "step": step_label},
            code="illegal_step")
    before = snapshot(locked)
    for name, value in data.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    record(actor=actor, action=f"earlywarning.earlywarning.{verb}", obj=locked, before=before,
           after=snapshot(locked))
    return locked


# Drafting ----------------------------------------------------------------------------------------


@transaction.atomic
def warning_create(*, actor, data: dict[str, Any], areas: Iterable[Division]) -> EarlyWarning:
    _ensure_role(actor, rules.DRAFT_ROLES, _("您的角色不能起草预警信息。"))
    areas = list(areas)
    warning = EarlyWarning(**{k: v for k, v in data.items() if k in CONTENT_FIELDS}, created_by=actor)
    _ensure_within(actor, warning.division if warning.division_id else None)
    for area in areas:
        _ensure_within(actor, area, "areas")
    _check_content(warning, areas)
    audited_create(actor=actor, obj=warning)
    warning.areas.set(areas)
    return warning


@transaction.atomic
def warning_edit(*, actor, warning: EarlyWarning, data: dict[str, Any],
                 areas: Iterable[Division] | None = None) -> EarlyWarning:
    """Edit a draft; editing an approved draft sends it back to draft (the approval was of other text)."""
    _ensure_role(actor, rules.DRAFT_ROLES, _("您的角色不能修改预警信息。"))
    # Checked on the locked row: an issue committed meanwhile must not be turned back into a draft.
    locked = EarlyWarning.objects.select_for_update().get(pk=warning.pk)
    if locked.status not in (S.DRAFT, S.APPROVED):
        raise ApplicationError(_("已发布的预警不可修改；请发布更新或解除。"), code="immutable")
    areas = list(areas) if areas is not None else list(locked.areas.all())
    for area in areas:
        _ensure_within(actor, area, "areas")
    fields = {k: v for k, v in data.items() if k in CONTENT_FIELDS}
    probe = EarlyWarning(**{**{k: getattr(locked, k) for k in CONTENT_FIELDS}, **fields})
    _ensure_within(actor, probe.division)
    _check_content(probe, areas)
    changed = audited_update(actor=actor, obj=locked, data={**fields, "status": S.DRAFT, "approved_by": None})
    changed.areas.set(areas)
    return changed


@transaction.atomic
def warning_revise(*, actor, warning: EarlyWarning, data: dict[str, Any],
                   areas: Iterable[Division] | None = None) -> EarlyWarning:
    """R2.8: adjust an issued warning (level, area, text) — a new draft of msgType Update."""
    _ensure_role(actor, rules.DRAFT_ROLES, _("您的角色不能起草预警信息。"))
    locked = EarlyWarning.objects.select_for_update().get(pk=warning.pk)
    if locked.status != S.ISSUED or locked.msg_type == EarlyWarning.MsgType.CANCEL:
        raise ApplicationError(_("只有正在生效的预警才能发布更新（当前状态：%(status)s）。") % {
            "status": locked.get_status_display()}, code="illegal_step")
    if locked.followers.filter(status__in=[S.DRAFT, S.APPROVED]).exists():
        raise ApplicationError(_("该预警已有一条待发布的更新，请先处理它。"), code="pending_update")
    content = {k: getattr(locked, k) for k in CONTENT_FIELDS}
    content.update({k: v for k, v in data.items() if k in CONTENT_FIELDS})
    areas = list(areas) if areas is not None else list(locked.areas.all())
    revision = EarlyWarning(**content, msg_type=EarlyWarning.MsgType.UPDATE, previous=locked, created_by=actor)
    for area in areas:
        _ensure_within(actor, area, "areas")
    _check_content(revision, areas)
    audited_create(actor=actor, obj=revision)
    revision.areas.set(areas)
    return revision


# Approval and issue --------------------------------------------------------------------------------


@transaction.atomic
def warning_approve(*, actor, warning: EarlyWarning) -> EarlyWarning:
    _ensure_role(actor, rules.APPROVE_ROLES, _("您的角色不能审核预警信息。"))
    _ensure_within(actor, warning.division)
    if warning.level in rules.HIGH_LEVELS and actor is not None and warning.created_by_id == actor.pk:
        raise ApplicationError(_("一级、二级预警须由起草人以外的人员审核。"), code="four_eyes")
    return _transition(warning, actor=actor, allowed={S.DRAFT}, verb="approved", step_label=_("审核"),
                       data={"status": S.APPROVED, "approved_by": actor})


def new_identifier(division: Division, sent) -> str:
    """GB/T 35965.1 Appendix A (R2.13): ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N in Beijing time."""
    from zoneinfo import ZoneInfo

    institution = settings.YINGJI_CAP_INSTITUTION_CODE
    stamp = sent.astimezone(ZoneInfo(rules.CAP_TIMEZONE)).strftime("%Y%m%d%H%M%S")
    prefix = f"{division.code[:6]}{institution}00000_{stamp}_"
    taken = set(EarlyWarning.all_objects.filter(identifier__startswith=prefix).values_list("identifier", flat=True))
    for n in range(10):
        if f"{prefix}{n}" not in taken:
            return f"{prefix}{n}"
    raise ApplicationError(_("同一单位同一秒内发布的预警超过10条，请稍后再试。"), code="identifier_exhausted")


def _publish(warning: EarlyWarning, *, actor, verb: str, step_label, extra: dict | None = None) -> EarlyWarning:
    sent = timezone.now().replace(microsecond=0)
    data = {"status": S.ISSUED, "sent": sent, "identifier": new_identifier(warning.division, sent),
            "issued_by": actor, **(extra or {})}
    allowed = {S.APPROVED} if verb == "issued" else {S.DRAFT, S.APPROVED}
    try:
        with transaction.atomic():
            return _transition(warning, actor=actor, allowed=allowed, verb=verb, data=data, step_label=step_label)
    except IntegrityError as exc:  # a concurrent issue took the same identifier
        raise ApplicationError(_("发布冲突，请重试。"), code="conflict") from exc


def _ensure_may_issue(actor, warning: EarlyWarning) -> None:
    _ensure_role(actor, rules.ISSUE_ROLES, _("您的角色不能签发预警信息。"))
    _ensure_within(actor, warning.division)
    if warning.division.level not in rules.ISSUING_LEVELS:
        raise ApplicationError(_("预警信息须由县级以上人民政府或其授权部门发布。"), code="issuer_level")


@transaction.atomic
def warning_issue(*, actor, warning: EarlyWarning) -> EarlyWarning:
    """Issue an approved message; an Update supersedes the message it references."""
    _ensure_may_issue(actor, warning)
    issued = _publish(warning, actor=actor, verb="issued", step_label=_("签发"))
    if issued.previous_id:
        _transition(issued.previous, actor=actor, allowed={S.ISSUED}, verb="superseded",
                    data={"status": S.UPDATED}, step_label=_("更新"))
    _after_issue(issued)
    return issued


def _end(warning: EarlyWarning, *, actor, reason: str, final_status: str, verb: str, step_label) -> EarlyWarning:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("请填写原因。"), code="invalid", field_errors={"reason": [_("请填写原因。")]})
    locked = EarlyWarning.objects.select_for_update().get(pk=warning.pk)
    if locked.status in (S.DRAFT, S.APPROVED) and final_status == S.CANCELLED:
        # Never published: discarding it needs no Cancel message.
        return _transition(locked, actor=actor, allowed={S.DRAFT, S.APPROVED}, verb=verb, step_label=step_label,
                           data={"status": S.CANCELLED, "reason": reason[:300]})
    if locked.status != S.ISSUED or locked.msg_type == EarlyWarning.MsgType.CANCEL:
        raise ApplicationError(
            _("当前状态为“%(status)s”，不能%(step)s。") % {"status": locked.get_status_display(), "step": step_label},
            code="illegal_step")
    _ensure_may_issue(actor, locked)
    cancel = EarlyWarning(**{k: getattr(locked, k) for k in CONTENT_FIELDS}, msg_type=EarlyWarning.MsgType.CANCEL,
                          previous=locked, created_by=actor, approved_by=actor, reason=reason[:300],
                          status=S.APPROVED)
    cancel.headline = (_("解除：%(headline)s") if final_status == S.LIFTED else _("撤销：%(headline)s")) % {
        "headline": locked.headline}
    cancel.headline = cancel.headline[:120]
    cancel.description = reason
    cancel.measures = _("相关防范措施可以解除。") if final_status == S.LIFTED else _("此前发布的预警信息作废。")
    audited_create(actor=actor, obj=cancel)
    cancel.areas.set(locked.areas.all())
    cancel = _publish(cancel, actor=actor, verb="issued", step_label=step_label)
    ended = _transition(locked, actor=actor, allowed={S.ISSUED}, verb=verb, step_label=step_label,
                        data={"status": final_status, "reason": reason[:300]})
    _after_issue(cancel)
    return ended


@transaction.atomic
def warning_lift(*, actor, warning: EarlyWarning, reason: str) -> EarlyWarning:
    """R2.8: the threat is over — lift at once (a CAP Cancel message references the warning)."""
    return _end(warning, actor=actor, reason=reason, final_status=S.LIFTED, verb="lifted", step_label=_("解除"))


@transaction.atomic
def warning_cancel(*, actor, warning: EarlyWarning, reason: str) -> EarlyWarning:
    """Withdraw a draft, or a message issued in error (a CAP Cancel message)."""
    _ensure_role(actor, rules.DRAFT_ROLES if warning.status in (S.DRAFT, S.APPROVED) else rules.ISSUE_ROLES,
                 _("您的角色不能撤销该预警信息。"))
    return _end(warning, actor=actor, reason=reason, final_status=S.CANCELLED, verb="cancelled",
                step_label=_("撤销"))


@transaction.atomic
def warning_delete(*, actor, warning: EarlyWarning) -> EarlyWarning:
    locked = EarlyWarning.all_objects.select_for_update().get(pk=warning.pk)
    if locked.is_published:
        raise ApplicationError(_("已发布的预警信息不能删除，只能解除或撤销。"), code="immutable")
    return audited_soft_delete(actor=actor, obj=locked)


def _after_issue(message: EarlyWarning) -> None:
    """Fan the message out through the channel layer once the issue has committed."""
    from yingji.earlywarning.dissemination import schedule

    schedule(message)


# Broadcast endpoints, public subscribers ----------------------------------------------------------


def endpoint_create(*, actor, data: dict[str, Any]) -> BroadcastEndpoint:
    _ensure_within(actor, data.get("division"))
    return audited_create(actor=actor, obj=BroadcastEndpoint(**data))


def endpoint_update(*, actor, endpoint: BroadcastEndpoint, data: dict[str, Any]) -> BroadcastEndpoint:
    if "division" in data:
        _ensure_within(actor, data["division"])
    return audited_update(actor=actor, obj=endpoint, data=data)


def endpoint_delete(*, actor, endpoint: BroadcastEndpoint) -> BroadcastEndpoint:
    return audited_soft_delete(actor=actor, obj=endpoint)


def restore(*, actor, obj):
    return audited_restore(actor=actor, obj=obj)


@transaction.atomic
def subscribe(*, division: Division, phone: str) -> PublicSubscriber:
    """A public subscription; it receives warnings only after the SMS code is confirmed."""
    existing = PublicSubscriber.objects.filter(division=division, phone=phone).first()
    if existing is not None:
        return existing
    subscriber = PublicSubscriber(division=division, phone=phone,
                                  confirmation_code=f"{secrets.randbelow(10**6):06d}")
    try:
        subscriber.full_clean()
    except ValidationError as exc:
        raise ApplicationError(_("手机号码格式不正确。"), code="invalid",
                               field_errors={"phone": exc.message_dict.get("phone", [])}) from exc
    return audited_create(actor=None, obj=subscriber)


@transaction.atomic
def confirm_subscription(*, subscriber: PublicSubscriber, code: str) -> PublicSubscriber:
    if subscriber.confirmed_at is not None:
        return subscriber
    if not secrets.compare_digest(subscriber.confirmation_code, (code or "").strip()):
        raise ApplicationError(_("确认码不正确。"), code="invalid", field_errors={"code": [_("确认码不正确。")]})
    return audited_update(actor=None, obj=subscriber, data={"confirmed_at": timezone.now()})


def subscriber_delete(*, actor, subscriber: PublicSubscriber) -> PublicSubscriber:
    return audited_soft_delete(actor=actor, obj=subscriber)


# Monthly risk bulletin -------------------------------------------------------------------------------


@transaction.atomic
def bulletin_draft(*, actor, division: Division, year: int, month: int) -> RiskBulletin:
    """Generate the month's draft from the data (bulletin.py); one bulletin per division and month."""
    from yingji.earlywarning.bulletin import draft_sections

    _ensure_within(actor, division)
    if not 1 <= month <= 12:
        raise ApplicationError(_("月份须在1至12之间。"), code="invalid", field_errors={"month": [_("月份须在1至12之间。")]})
    if RiskBulletin.objects.filter(division=division, year=year, month=month).exists():
        raise ApplicationError(_("该区划本月的风险提示已存在。"), code="duplicate")
    sections = draft_sections(division, year, month)
    return audited_create(actor=actor, obj=RiskBulletin(division=division, year=year, month=month, **sections))


BULLETIN_TEXT_FIELDS = ("title", "overview", "alarms_text", "hazards_text", "incidents_text", "seasonal_text",
                        "measures")


@transaction.atomic
def bulletin_update(*, actor, bulletin: RiskBulletin, data: dict[str, Any]) -> RiskBulletin:
    locked = RiskBulletin.objects.select_for_update().get(pk=bulletin.pk)
    if locked.status == RiskBulletin.Status.PUBLISHED:
        raise ApplicationError(_("已发布的风险提示不可修改。"), code="immutable")
    return audited_update(actor=actor, obj=locked, data={k: v for k, v in data.items() if k in BULLETIN_TEXT_FIELDS})


@transaction.atomic
def bulletin_publish(*, actor, bulletin: RiskBulletin) -> RiskBulletin:
    _ensure_role(actor, rules.ISSUE_ROLES, _("您的角色不能发布风险提示。"))
    locked = RiskBulletin.objects.select_for_update().get(pk=bulletin.pk)
    if locked.status != RiskBulletin.Status.DRAFT:
        raise ApplicationError(_("该风险提示已发布。"), code="illegal_step")
    before = snapshot(locked)
    locked.status = RiskBulletin.Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.published_by = actor
    locked.full_clean()
    locked.save()
    record(actor=actor, action="earlywarning.riskbulletin.published", obj=locked, before=before,
           after=snapshot(locked))
    return locked


@transaction.atomic
def bulletin_delete(*, actor, bulletin: RiskBulletin) -> RiskBulletin:
    locked = RiskBulletin.all_objects.select_for_update().get(pk=bulletin.pk)
    if locked.status == RiskBulletin.Status.PUBLISHED:
        raise ApplicationError(_("已发布的风险提示不能删除。"), code="immutable")
    return audited_soft_delete(actor=actor, obj=locked)
