"""Registers: the expert pool (private mobiles masked in lists and exports) and the participation log."""

from django.utils.translation import gettext_lazy as _

from yingji.core.listing import FilterOption
from yingji.core.navigation import nav_entry, public_entry
from yingji.core.registers import Column, Register, register
from yingji.experts import forms, permissions, selectors, services
from yingji.experts.models import Expert, ExpertEngagement


def _domains(expert) -> str:
    return "、".join(str(d) for d in expert.domains.all())


def _expert_detail(request, expert) -> dict:
    full = permissions.sees_private_phone(request.user)
    return {"private_mobile": expert.private_mobile if full else selectors.mask_phone(expert.private_mobile),
            "domains": _domains(expert),
            "engagements": ExpertEngagement.objects.visible_to(request.user).filter(expert=expert)}


EXPERTS = register(Register(
    model=Expert, slug="experts", capability=permissions.EXPERTS.code,
    columns=[
        Column("name", sort="name"), Column("domains", _("专业领域"), value=_domains), Column("title"),
        Column("organisation"), Column("level", sort="level"),
        Column("division.name", _("所属区划"), sort="division__code"), Column("office_phone"),
        Column("private_mobile", value=lambda e: selectors.mask_phone(e.private_mobile)),
        Column("availability", sort="availability"),
    ],
    search_fields=["name", "organisation", "title"], filter_fields=["level", "availability"],
    select_related=["division"], prefetch_related=["domains"], form_class=forms.ExpertForm, importable=True,
    detail_fields=["division", "name", "title", "organisation", "level", "office_phone", "availability", "notes",
                   "created_at", "updated_at"],
    detail_template="experts/expert_detail.html", detail_context=_expert_detail,
    narrow=selectors.narrow, extra_filters=lambda request: [
        FilterOption("domain", _("专业领域"), selectors.domain_choices(), request.GET.get("domain", ""))],
    create=services.expert_create, update=services.expert_update, delete=services.soft_delete,
    restore=services.restore,
))

ENGAGEMENTS = register(Register(
    model=ExpertEngagement, slug="expert-engagements", capability=permissions.ENGAGEMENTS.code,
    columns=[
        Column("date", sort="date"), Column("expert.name", _("专家"), sort="expert__name"),
        Column("kind", sort="kind"), Column("subject"), Column("division.name", _("所属区划"), sort="division__code"),
    ],
    search_fields=["subject", "expert__name"], filter_fields=["kind"], default_ordering=["-date"],
    select_related=["expert", "division"], form_class=forms.ExpertEngagementForm, importable=True,
    create=services.engagement_create, update=services.engagement_update, delete=services.soft_delete,
    restore=services.restore,
))

GROUP = _("应急资源")
nav_entry(label=_("应急专家库"), url_name="experts-list", capability=permissions.EXPERTS.code, group=GROUP,
          order=30)
nav_entry(label=_("专家参与记录"), url_name="expert-engagements-list", capability=permissions.ENGAGEMENTS.code,
          group=GROUP, order=30)
public_entry(label=_("应急专家"), url_name="experts-public", description=_("各领域应急专家"), order=60)
