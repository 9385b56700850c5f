"""The plan lifecycle: the one place that decides which step is legal and who may take it."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yingji.audit.services import record
from yingji.plans import rules
from yingji.plans.models import Plan, PlanEvent

S = Plan.Status
MEETING_BODIES = ("支委会", "党委会", "党工委会", "办公会")

# action → (states it may start from, state it leads to)
TRANSITIONS = {
    "submit": ({S.DRAFT}, S.SUBMITTED),
    "deliberate": ({S.SUBMITTED}, S.DELIBERATED),
    "send_for_filing": ({S.DELIBERATED}, S.FILING),
    "file": ({S.FILING}, S.FILED),
    "return": ({S.FILING}, S.DRAFT),
    "publish": ({S.FILED}, S.PUBLISHED),
    "revise": ({S.PUBLISHED}, S.REVISING),
    "supersede": ({S.PUBLISHED, S.REVISING}, S.SUPERSEDED),
}


def _reviewer_is_parent_level(user, plan: Plan) -> bool:
    """Seed 002 / R4.1: village plans are filed by the township, township plans by the county."""
    home = getattr(user, "division", None)
    return home is not None and plan.division.parent_id == home.pk


@transaction.atomic
def transition(plan: Plan, action: str, *, actor, comment: str = "", on: date | None = None, **details) -> Plan:
    if action not in TRANSITIONS:
        raise ValidationError(_("未知的操作“%(action)s”。") % {"action": action})
    sources, target = TRANSITIONS[action]
    locked = Plan.all_objects.select_for_update().get(pk=plan.pk)
    if locked.status not in sources:
        raise ValidationError(_("预案当前状态为“%(status)s”，不能执行此操作。") % {"status": locked.get_status_display()})
    day = on or date.today()
    if action == "submit":
        missing = [item for item in locked.required_contents() if item not in locked.checked_contents]
        if missing:
            raise ValidationError(_("预案缺少以下必备内容，不能提交审议：%(items)s") % {"items": "、".join(missing)})
    elif action == "deliberate":
        if details.get("body") not in MEETING_BODIES:
            raise ValidationError(_("审议会议须为支委会、党委会、党工委会或办公会。"))
        if not details.get("decision"):
            raise ValidationError(_("请填写审议决定。"))
        locked.issued_date = day
    elif action in ("file", "return"):
        if not _reviewer_is_parent_level(actor, locked):
            raise PermissionDenied(_("备案审查人须属于预案所属区划的上一级。"))
        if action == "return" and not comment:
            raise ValidationError(_("退回须写明理由。"))
        if action == "file":
            locked.filed_date = day
    elif action == "publish":
        if not details.get("scope"):
            raise ValidationError(_("请填写发布范围。"))
        locked.published_date = day
    before = locked.status
    locked.status = target
    locked.save(update_fields=["status", "issued_date", "filed_date", "published_date", "updated_at"])
    PlanEvent.objects.create(plan=locked, actor=actor, from_status=before, to_status=target, comment=comment,
                             details={k: str(v) for k, v in details.items()} | {"date": day.isoformat()})
    record(actor=actor, action=f"plans.plan.{action}", obj=locked, before={"status": before},
           after={"status": target})
    return locked


def filing_due(plan: Plan) -> date | None:
    """R4.1: the approving body files within 20 working days after issue."""
    if plan.issued_date is None or plan.status in (S.FILED, S.PUBLISHED, S.REVISING, S.SUPERSEDED):
        return None
    return rules.add_working_days(plan.issued_date, rules.FILING_WORKING_DAYS)


def evaluation_due(plan: Plan) -> date | None:
    """R4.4: a published plan is evaluated in principle every 3 years."""
    start = plan.published_date or plan.effective_date
    if start is None:
        return None
    try:
        return start.replace(year=start.year + rules.EVALUATION_YEARS)
    except ValueError:  # 29 February
        return start.replace(year=start.year + rules.EVALUATION_YEARS, day=28)
