"""Registers: the hazard ledger (台账) and public reports awaiting triage."""

from django.utils.translation import gettext_lazy as _

from yingji.core.navigation import nav_entry, public_entry
from yingji.core.permissions import Action
from yingji.core.registers import Column, Register, register
from yingji.hazards import forms, permissions, services
from yingji.hazards.models import Hazard, PublicReport

# The ledger's usual column layout: 序号 is added by the export; the rest follow the 台账 order.
HAZARDS = register(Register(
    model=Hazard, slug="hazards", capability=permissions.HAZARDS.code,
    columns=[
        Column("found_at", sort="found_at"), Column("division.name", _("所属区划"), sort="division__code"),
        Column("title", sort="title"), Column("kind", sort="kind"), Column("category", sort="category"),
        Column("address"), Column("grade", sort="grade"), Column("risk_level", sort="risk_level"),
        Column("found_by"), Column("responsible_unit"), Column("responsible_person"), Column("measures"),
        Column("deadline", sort="deadline"), Column("status", sort="status"), Column("closed_at"),
    ],
    search_fields=["title", "address", "responsible_unit", "responsible_person", "division__name"],
    filter_fields=["status", "grade", "risk_level", "kind", "category", "found_by"],
    default_ordering=["-found_at"], select_related=["division"], form_class=forms.HazardForm,
    create=services.hazard_create, update=services.hazard_update, delete=services.soft_delete,
    restore=services.restore, import_url_name="hazards-import",
))

PUBLIC_REPORTS = register(Register(
    model=PublicReport, slug="hazard-reports", capability=permissions.PUBLIC_REPORTS.code,
    columns=[
        Column("created_at", sort="created_at"), Column("division.name", _("所在区划"), sort="division__code"),
        Column("category"), Column("address"), Column("text"), Column("status", sort="status"),
    ],
    search_fields=["address", "text"], filter_fields=["status", "category"], default_ordering=["-created_at"],
    select_related=["division"],
))

GROUP = _("隐患排查治理")
nav_entry(label=_("隐患台账"), url_name="hazards-list", capability=permissions.HAZARDS.code, group=GROUP, order=45)
nav_entry(label=_("网格员上报"), url_name="hazards-field", capability=permissions.HAZARDS.code, group=GROUP, order=45,
          action=Action.ADD)
nav_entry(label=_("群众举报"), url_name="hazard-reports-list", capability=permissions.PUBLIC_REPORTS.code,
          group=GROUP, order=45)
nav_entry(label=_("月度/季度评审"), url_name="hazards-review", capability=permissions.HAZARDS.code, group=GROUP,
          order=45)
public_entry(label=_("隐患举报"), url_name="hazards-public", description=_("发现安全隐患，匿名告诉我们"), order=30)
