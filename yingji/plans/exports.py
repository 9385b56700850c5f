"""The filing registration form (应急预案备案登记表) in Word, in the official layout (core/word.py): what the
drafting unit sends with the plan to the level that files it (RULES.md R4.1), filled from the register."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.core.word import OfficialDocument, chinese_date
from yingji.plans import services
from yingji.plans.models import Plan


def _last_event(plan: Plan, to_status: str):
    return next((e for e in reversed(list(plan.events.all())) if e.to_status == to_status), None)


def filing_form_docx(plan: Plan) -> bytes:
    deliberated = _last_event(plan, Plan.Status.DELIBERATED)
    filed = _last_event(plan, Plan.Status.FILED)
    reviewer = services.reviewer_division(plan)
    checked = set(plan.checked_contents or ())
    meeting = "—"
    if deliberated is not None:
        meeting = _("%(body)s，%(day)s；决定：%(decision)s") % {
            "body": deliberated.details.get("body", ""), "day": deliberated.details.get("date", ""),
            "decision": deliberated.details.get("decision", "")}
    opinion = "—"
    if filed is not None:
        opinion = "；".join(part for part in (
            filed.comment, _("备案编号：%(n)s") % {"n": filed.details["filing_number"]}
            if filed.details.get("filing_number") else "", chinese_date(plan.filed_date)) if part)
    doc = OfficialDocument()
    doc.title(_("应急预案备案登记表"))
    doc.table([
        (_("预案名称"), plan.title),
        (_("文号"), plan.number or "—"),
        (_("预案类型"), plan.get_kind_display()),
        (_("编制单位"), plan.organisation.name),
        (_("所属区划"), plan.division.name),
        (_("涉及灾种"), "、".join(t.name for t in plan.topics.all()) or "—"),
        (_("版本"), plan.version),
        (_("审议情况"), meeting),
        (_("印发日期"), chinese_date(plan.issued_date)),
        (_("必备内容"), "；".join(f"{'☑' if item in checked else '☐'}{item}" for item in plan.required_contents())),
        (_("内容摘要"), plan.summary or "—"),
        (_("联系人及电话"), f"{plan.contact_person} {plan.contact_phone}".strip() or "—"),
        (_("备案受理单位"), reviewer.name if reviewer else "—"),
        (_("备案意见"), opinion),
    ], widths=(3.6, 12.0))
    doc.signature(plan.organisation.name, timezone.localdate())
    return doc.bytes()
