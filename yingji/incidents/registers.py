"""Registers: the event ledger, reports, receipts and obligations (lists, filters, Excel export)."""

from django.utils.translation import gettext_lazy as _

from yingji.core.navigation import nav_entry
from yingji.core.permissions import Action
from yingji.core.registers import Column, Register, register
from yingji.incidents import forms, permissions, services
from yingji.incidents.models import Event, Obligation, Receipt, Report

EVENTS = register(Register(
    model=Event, slug="incidents", capability=permissions.EVENTS.code,
    columns=[
        Column("occurred_at", sort="occurred_at"), Column("title", sort="title"), Column("category", sort="category"),
        Column("subtype"), Column("severity", sort="severity"), Column("division.name", _("事发区划"),
                                                                       sort="division__code"),
        Column("deaths", sort="deaths"), Column("missing"), Column("injured"), Column("economic_loss"),
        Column("status", sort="status"),
    ],
    search_fields=["title", "address", "division__name"], filter_fields=["category", "severity", "status"],
    default_ordering=["-occurred_at"], select_related=["division"], form_class=forms.EventForm,
    create=services.event_create,
))

REPORTS = register(Register(
    model=Report, slug="incident-reports", capability=permissions.REPORTS.code,
    columns=[
        Column("submitted_at", sort="submitted_at"), Column("event.title", _("事件")), Column("kind", sort="kind"),
        Column("sequence"), Column("channel"), Column("division.name", _("报告单位区划"), sort="division__code"),
        Column("reporter_name"), Column("deaths"), Column("missing"), Column("injured"), Column("trapped"),
    ],
    search_fields=["event__title", "reporter_name", "place"], filter_fields=["kind", "channel"],
    default_ordering=["-submitted_at"], select_related=["event", "division"],
))

RECEIPTS = register(Register(
    model=Receipt, slug="incident-receipts", capability=permissions.RECEIPTS.code,
    columns=[
        Column("received_at", sort="received_at"), Column("report.event.title", _("事件")),
        Column("report.kind", _("报告类型"), value=lambda r: r.report.get_kind_display()),
        Column("division.name", _("接收单位区划"), sort="division__code"), Column("acknowledged_at"),
        Column("forwarded_at"), Column("info_requested"),
    ],
    search_fields=["report__event__title"], default_ordering=["-received_at"],
    select_related=["report__event", "division"],
))

OBLIGATIONS = register(Register(
    model=Obligation, slug="incident-obligations", capability=permissions.OBLIGATIONS.code,
    columns=[
        Column("due_at", sort="due_at"), Column("event.title", _("事件")), Column("kind", sort="kind"),
        Column("channel"), Column("division.name", _("报告单位区划"), sort="division__code"),
        Column("target.name", _("接收单位区划")), Column("status", sort="status"), Column("fulfilled_at"),
        Column("minutes_late", sort="minutes_late"), Column("rule.code", _("依据规则")),
    ],
    search_fields=["event__title", "division__name"], filter_fields=["status", "kind", "channel"],
    default_ordering=["due_at"], select_related=["event", "division", "target", "rule"],
))

GROUP = _("值班与信息报送")
nav_entry(label=_("现场快报"), url_name="incidents-field", capability=permissions.REPORTS.code, group=GROUP, order=30,
          action=Action.ADD)
nav_entry(label=_("事件台账"), url_name="incidents-list", capability=permissions.EVENTS.code, group=GROUP, order=30)
nav_entry(label=_("接报办理"), url_name="incident-receipts-list", capability=permissions.RECEIPTS.code, group=GROUP,
          order=30)
nav_entry(label=_("报告时限"), url_name="incident-obligations-list", capability=permissions.OBLIGATIONS.code,
          group=GROUP, order=30)
nav_entry(label=_("及时率统计"), url_name="incidents-timeliness", capability=permissions.OBLIGATIONS.code,
          group=GROUP, order=30)
nav_entry(label=_("报告时限规则"), url_name="incidents-rules", capability=permissions.RULES.code, group=GROUP,
          order=30)
