"""The plan register (预案台账) with the plan page: checklist, deadlines, lifecycle steps, attachments."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.core.navigation import nav_entry, public_entry
from yingji.core.permissions import Action, has_permission
from yingji.core.registers import Column, Register, register
from yingji.plans import forms, permissions, selectors, services
from yingji.plans.models import Plan


def _topics(plan: Plan) -> str:
    return "、".join(topic.name for topic in plan.topics.all())


def _step_fields(action: str) -> list:
    form = forms.TransitionForm(auto_id=f"{action}-%s")
    return [form[name] for name in forms.TransitionForm.FIELDS.get(action, ("comment",))]


def plan_context(request, plan: Plan) -> dict:
    today = timezone.localdate()
    checked = set(plan.checked_contents or ())
    filing_due = services.filing_due(plan)
    evaluation_due = services.evaluation_due(plan)
    return {
        "checklist": [(item, item in checked) for item in plan.required_contents()],
        "missing": services.missing_contents(plan),
        "filing_due": filing_due, "filing_overdue": bool(filing_due and filing_due < today),
        "evaluation_due": evaluation_due,
        "evaluation_overdue": bool(evaluation_due and plan.status == Plan.Status.PUBLISHED and evaluation_due < today),
        "reviewer": services.reviewer_division(plan),
        "actions": [(a, services.ACTION_LABELS[a], _step_fields(a)) for a in services.available_actions(request.user, plan)],
        "events": plan.events.select_related("actor").order_by("at", "pk"),
        "attachments": selectors.attachments_of(plan),
        "attachment_form": forms.AttachmentForm(),
        "can_attach": services.may_take(request.user, plan, "submit"),
        "topics": _topics(plan),
        "editable": plan.status in services.EDITABLE_STATUSES,
        # An adopted plan is changed through revision and repealed rather than deleted.
        "can_change": plan.status in services.EDITABLE_STATUSES and has_permission(
            request.user, permissions.PLANS.code, Action.CHANGE),
        "can_delete": plan.status == Plan.Status.DRAFT and has_permission(
            request.user, permissions.PLANS.code, Action.DELETE),
    }


PLANS = register(Register(
    model=Plan, slug="plans", capability=permissions.PLANS.code,
    columns=[
        Column("division.name", _("所属区划"), sort="division__code"), Column("title", sort="title"),
        Column("kind", sort="kind"), Column("number"), Column("topics", _("灾种"), value=_topics),
        Column("status", sort="status"), Column("issued_date", sort="issued_date"),
        Column("filed_date", sort="filed_date"), Column("published_date", sort="published_date"),
        Column("organisation.name", _("编制单位")),
    ],
    search_fields=["title", "number", "division__name", "organisation__name"],
    filter_fields=["kind", "status"],
    default_ordering=["division__code", "title"], select_related=["division", "organisation"],
    prefetch_related=["topics"],
    detail_fields=["division", "organisation", "title", "number", "kind", "version", "status", "effective_date",
                   "issued_date", "filed_date", "published_date", "evaluated_date", "supersedes", "summary", "confidential",
                   "contact_person", "contact_phone", "created_at", "updated_at"],
    form_class=forms.PlanForm, importable=True,
    create=services.plan_create, update=services.plan_update, delete=services.plan_delete,
    restore=services.plan_restore,
    detail_template="plans/plan_detail.html", detail_context=plan_context,
))


GROUP = _("预案演练")
nav_entry(label=_("应急预案"), url_name="plans-list", capability=permissions.PLANS.code, group=GROUP, order=30)
nav_entry(label=_("待备案审查"), url_name="plans-review", capability=permissions.FILING.code, group=GROUP, order=30)
nav_entry(label=_("逾期预案"), url_name="plans-overdue", capability=permissions.PLANS.code, group=GROUP, order=30)
nav_entry(label=_("预案覆盖情况"), url_name="plans-coverage", capability=permissions.COVERAGE.code, group=GROUP,
          order=30)
nav_entry(label=_("灾种目录"), url_name="plans-topics", capability=permissions.TOPICS.code, group=GROUP, order=30)
public_entry(label=_("应急预案"), url_name="plans-public", description=_("已发布的各级应急预案"), order=40)
