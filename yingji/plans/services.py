"""Writes for plans: the register's create/update/delete, the lifecycle (the one place that decides
which step is legal and who may take it) and attachments."""

from __future__ import annotations

import zipfile
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.audit.services import (
    audited_create,
    audited_restore,
    audited_soft_delete,
    audited_update,
    record,
)
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Action, has_permission
from yingji.core.scoping import scope_division, subtree_bounds
from yingji.plans import permissions, rules
from yingji.plans.models import HazardTopic, Plan, PlanAttachment, PlanEvent

S = Plan.Status
# Seed 002: village plans are adopted by the 支委会 or 党委会, township plans by the 党(工)委会; a
# government's 办公会 adopts county plans.
MEETING_BODIES = ("支委会", "党委会", "党工委会", "办公会")

# action → (states it may start from, state it leads to)
TRANSITIONS = {
    "submit": ({S.DRAFT, S.REVISING}, S.SUBMITTED),
    "deliberate": ({S.SUBMITTED}, S.DELIBERATED),
    "send_for_filing": ({S.DELIBERATED}, S.FILING),
    "file": ({S.FILING}, S.FILED),
    "return": ({S.FILING}, S.DRAFT),
    "publish": ({S.FILED}, S.PUBLISHED),
    "evaluate": ({S.PUBLISHED}, S.PUBLISHED),  # R4.4: evaluated, still fit, stays in force
    "revise": ({S.PUBLISHED}, S.REVISING),
    "supersede": ({S.PUBLISHED, S.REVISING}, S.SUPERSEDED),
}
ACTION_LABELS = {
    "submit": gettext_lazy("提交审议"), "deliberate": gettext_lazy("登记审议结果"),
    "send_for_filing": gettext_lazy("报上级备案"), "file": gettext_lazy("审查通过并备案"),
    "return": gettext_lazy("退回修改"), "publish": gettext_lazy("发布"), "evaluate": gettext_lazy("登记评估结论(继续有效)"),
    "revise": gettext_lazy("启动修订"),
    "supersede": gettext_lazy("废止"),
}
# Taken by the body that reviews the filing, not by the plan's maker.
REVIEW_ACTIONS = frozenset({"file", "return"})
# Steps that change nothing a maker may still edit afterwards.
EDITABLE_STATUSES = frozenset({S.DRAFT, S.REVISING})


def reviewer_division(plan: Plan):
    """R4.1 (国办发〔2024〕5号 Art. 26): departmental plans are filed with the same-level government;
    every other plan with the next level up (a village's with its township, a township's with the county)."""
    return plan.division if plan.kind == Plan.Kind.DEPARTMENT else plan.division.parent


def _in_scope(actor, division) -> bool:
    home = scope_division(actor)
    if home is None:
        return False
    low, high = subtree_bounds(home.code, home.level)
    return low <= division.code < high


def may_take(actor, plan: Plan, action: str) -> bool:
    """Whether this user may take this step on this plan (the state is checked separately)."""
    if action in REVIEW_ACTIONS:
        home = getattr(actor, "division", None)
        reviewer = reviewer_division(plan)
        return (has_permission(actor, permissions.FILING.code, Action.CHANGE) and home is not None
                and reviewer is not None and home.pk == reviewer.pk)
    return has_permission(actor, permissions.PLANS.code, Action.CHANGE) and _in_scope(actor, plan.division)


def available_actions(actor, plan: Plan) -> list[str]:
    return [a for a, (sources, _target) in TRANSITIONS.items() if plan.status in sources and may_take(actor, plan, a)]


def missing_contents(plan: Plan) -> list[str]:
    checked = set(plan.checked_contents or ())
    return [item for item in plan.required_contents() if item not in checked]


@transaction.atomic
def transition(plan: Plan, action: str, *, actor, comment: str = "", on: date | None = None, **details) -> Plan:
    """One lifecycle step. `actor=None` is the system itself (the demo loader) and skips the role check."""
    if action not in TRANSITIONS:
        raise ApplicationError(_("未知的操作“%(action)s”。") % {"action": action}, code="unknown_action")
    sources, target = TRANSITIONS[action]
    locked = Plan.all_objects.select_for_update().select_related("division").get(pk=plan.pk)
    if actor is not None and not may_take(actor, locked, action):
        if action in REVIEW_ACTIONS:
            raise PermissionDenied(_("备案审查须由%(body)s办理。") % {
                "body": reviewer_division(locked).name if reviewer_division(locked) else _("上级")})
        raise PermissionDenied(_("您无权办理该预案的此项操作。"))
    if locked.status not in sources:
        raise ApplicationError(_("预案当前状态为“%(status)s”，不能%(action)s。") % {
            "status": locked.get_status_display(), "action": ACTION_LABELS[action]}, code="bad_state")
    day = on or timezone.localdate()
    comment = comment.strip()
    # L1 Art. 28 contents: checked when the draft goes to its meeting and again before it is filed.
    missing = missing_contents(locked) if action in ("submit", "send_for_filing") else []
    if missing:
        raise ApplicationError(_("预案缺少以下必备内容，不能%(action)s：%(items)s") % {
            "action": ACTION_LABELS[action], "items": "、".join(missing)}, code="missing_contents")
    if action == "deliberate":
        if details.get("body") not in MEETING_BODIES:
            raise ApplicationError(_("审议会议须为支委会、党委会、党工委会或办公会。"), code="meeting_body",
                                   field_errors={"body": [_("请选择审议会议。")]})
        if not str(details.get("decision", "")).strip():
            raise ApplicationError(_("请填写审议决定。"), code="decision", field_errors={"decision": [_("必填。")]})
        locked.issued_date = day
    elif action == "return" and not comment:
        raise ApplicationError(_("退回须写明理由。"), code="reasons", field_errors={"comment": [_("必填。")]})
    elif action == "evaluate":
        if not comment:
            raise ApplicationError(_("请填写评估结论。"), code="conclusion", field_errors={"comment": [_("必填。")]})
        locked.evaluated_date = day
    elif action == "file":
        locked.filed_date = day
    elif action == "publish":
        if not str(details.get("scope", "")).strip():
            raise ApplicationError(_("请填写发布范围。"), code="scope", field_errors={"scope": [_("必填。")]})
        locked.published_date = day
    before = locked.status
    locked.status = target
    locked.save(update_fields=["status", "issued_date", "filed_date", "published_date", "evaluated_date",
                               "updated_at"])
    PlanEvent.objects.create(plan=locked, actor=actor, from_status=before, to_status=target, comment=comment,
                             details={k: str(v) for k, v in details.items() if v not in (None, "")}
                             | {"date": day.isoformat()})
    record(actor=actor, action=f"plans.plan.{action}", obj=locked, before={"status": before},
           after={"status": target})
    old = locked.supersedes
    if action == "publish" and old is not None and old.status in TRANSITIONS["supersede"][0]:
        # Publishing the new version repeals the one it replaces (RULES.md §4.2, revision).
        transition(old, "supersede", actor=actor, on=day,
                   comment=_("由《%(title)s》替代。") % {"title": locked.title})
    return locked


def filing_due(plan: Plan) -> date | None:
    """R4.1: the approving body files within 20 working days after issue."""
    if plan.issued_date is None or plan.status not in (S.DELIBERATED, S.FILING):
        return None
    return rules.add_working_days(plan.issued_date, rules.FILING_WORKING_DAYS)


def evaluation_due(plan: Plan) -> date | None:
    """R4.4: a plan in force is evaluated in principle every 3 years from its publication or from its last
    evaluation, whichever is later."""
    if plan.status == S.SUPERSEDED:
        return None
    start = max(filter(None, (plan.published_date or plan.effective_date, plan.evaluated_date)), default=None)
    return None if start is None else rules.add_years(start, rules.EVALUATION_YEARS)


# The register's writes ---------------------------------------------------------------------------


def _check_kind(plan: Plan) -> None:
    """Seed 002: the combined plan (多案合一) is the village's; departmental plans belong to a government's
    departments (county level and up, RULES.md R4.1)."""
    level = plan.division.level
    if plan.kind == Plan.Kind.COMBINED and level != "village":
        raise ApplicationError(_("“多案合一”综合应急预案只用于村(社区)。"), field_errors={"kind": [_("类型不符。")]})
    if plan.kind == Plan.Kind.DEPARTMENT and level in ("township", "village"):
        raise ApplicationError(_("部门应急预案由县级以上政府部门编制。"), field_errors={"kind": [_("类型不符。")]})


def plan_create(*, actor, data: dict) -> Plan:
    plan = Plan(**{k: v for k, v in data.items() if k != "status"})
    _check_kind(plan)
    return audited_create(actor=actor, obj=plan)


def plan_update(*, actor, obj: Plan, data: dict) -> Plan:
    """Content is edited while drafting or revising; an adopted plan changes only through revision."""
    if obj.status not in EDITABLE_STATUSES:
        raise ApplicationError(_("预案状态为“%(status)s”，不能修改；请先启动修订。") % {
            "status": obj.get_status_display()}, code="not_editable")
    with transaction.atomic():
        plan = audited_update(actor=actor, obj=obj, data={k: v for k, v in data.items() if k != "status"})
        _check_kind(plan)
    return plan


@transaction.atomic
def set_topics(*, actor, plan: Plan, topics) -> Plan:
    """The plan's hazard topics, changed while its content may be edited, audited as one change."""
    if plan.status not in EDITABLE_STATUSES:
        raise ApplicationError(_("预案状态为“%(status)s”，不能修改；请先启动修订。") % {
            "status": plan.get_status_display()}, code="not_editable")
    before = sorted(t.name for t in plan.topics.all())
    plan.topics.set(topics)
    after = sorted(t.name for t in plan.topics.all())
    if before != after:
        record(actor=actor, action="plans.plan.updated", obj=plan, changes={"topics": [before, after]})
    return plan


def plan_delete(*, actor, obj: Plan) -> Plan:
    if obj.status != S.DRAFT:
        raise ApplicationError(_("只能删除草稿；已审议的预案请废止。"), code="not_draft")
    return audited_soft_delete(actor=actor, obj=obj)


def plan_restore(*, actor, obj: Plan) -> Plan:
    return audited_restore(actor=actor, obj=obj)


def topic_create(*, actor, name: str, township_required: bool = False) -> HazardTopic:
    name = name.strip()
    if not name:
        raise ApplicationError(_("请填写灾种名称。"), field_errors={"name": [_("必填。")]})
    if HazardTopic.objects.filter(name=name).exists():
        raise ApplicationError(_("灾种“%(name)s”已存在。") % {"name": name}, field_errors={"name": [_("已存在。")]})
    topic = HazardTopic(name=name, township_required=township_required)
    topic.full_clean()
    topic.save()
    record(actor=actor, action="plans.hazardtopic.created", obj=topic,
           after={"name": name, "township_required": township_required})
    return topic


# Attachments -------------------------------------------------------------------------------------


def attachment_max_bytes() -> int:
    return settings.YINGJI_PLAN_ATTACHMENT_MAX_BYTES


def detect_format(upload) -> str | None:
    """The document format by content: a renamed executable or image is not a plan, whatever its name."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(rules.PDF_MAGIC):
        return "pdf"
    if head == rules.OLE2_MAGIC:
        return "ole2"
    if head.startswith(rules.ZIP_MAGIC):
        try:
            with zipfile.ZipFile(upload) as archive:
                found = "word/document.xml" in archive.namelist()
        except zipfile.BadZipFile:
            found = False
        upload.seek(0)
        return "docx" if found else None
    return None


def _check_upload(upload) -> None:
    name = getattr(upload, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in rules.ATTACHMENT_EXTENSIONS:
        raise ApplicationError(_("只能上传 PDF、DOCX、DOC 或 WPS 文件。"), code="type",
                               field_errors={"file": [_("文件类型不允许。")]})
    limit = attachment_max_bytes()
    if upload.size > limit:
        raise ApplicationError(_("文件太大：最大 %(mb)s MB。") % {"mb": limit // (1024 * 1024)}, code="size",
                               field_errors={"file": [_("文件太大。")]})
    expected = {"pdf": "pdf", "docx": "docx", "doc": "ole2", "wps": "ole2"}[extension]
    if detect_format(upload) != expected:
        raise ApplicationError(_("文件内容与扩展名不符，不是有效的 %(ext)s 文档。") % {"ext": extension.upper()},
                               code="content", field_errors={"file": [_("文件内容不符。")]})


def attachment_add(*, actor, plan: Plan, upload, kind: str = PlanAttachment.Kind.FULL,
                   public: bool = False) -> PlanAttachment:
    if actor is not None and not may_take(actor, plan, "submit"):
        raise PermissionDenied(_("您无权为该预案上传附件。"))
    _check_upload(upload)
    if public and kind == PlanAttachment.Kind.FULL and plan.confidential:
        raise ApplicationError(_("涉密预案的全文不能对外公开。"), code="confidential")
    attachment = PlanAttachment(plan=plan, file=upload, original_name=upload.name[:200], size=upload.size,
                                kind=kind, public=public, uploaded_by=actor)
    return audited_create(actor=actor, obj=attachment)


def attachment_delete(*, actor, attachment: PlanAttachment) -> PlanAttachment:
    if actor is not None and not may_take(actor, attachment.plan, "submit"):
        raise PermissionDenied(_("您无权删除该附件。"))
    return audited_soft_delete(actor=actor, obj=attachment)


def attachment_downloaded(*, actor, attachment: PlanAttachment) -> None:
    record(actor=actor, action="plans.planattachment.downloaded", obj=attachment)
