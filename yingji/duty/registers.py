"""Registers of duty: special periods, rosters, assignments, spot checks, the duty log."""

from functools import partial

from django.utils.translation import gettext_lazy as _

from yingji.core.navigation import nav_entry
from yingji.core.permissions import Action, has_permission
from yingji.core.registers import Column, Register, register
from yingji.duty import forms, permissions, selectors, services
from yingji.duty.models import DutyAssignment, DutyLogEntry, DutyRoster, SpecialPeriod, SpotCheck


def roster_detail_context(request, roster) -> dict:
    return {"assignments": roster.assignments.select_related("person").order_by("starts_at", "role"),
            "gaps": services.staffing_gaps(roster), "norm": services.staffing_norm(roster),
            "can_file": has_permission(request.user, permissions.ROSTERS.code, Action.CHANGE),
            "can_import_assignments": has_permission(request.user, permissions.ROSTERS.code, Action.IMPORT)}


DIVISION = Column("division.name", _("所属区划"), sort="division__code")


def _generic(model):
    return {
        "create": partial(services.create, model=model),
        "update": services.update, "delete": services.delete, "restore": services.restore,
    }


PERIODS = register(Register(
    model=SpecialPeriod, slug="duty-periods", capability=permissions.PERIODS.code,
    columns=[Column("name", sort="name"), Column("kind"), Column("start_date", sort="start_date"),
             Column("end_date"), Column("division.name", _("适用区划")), Column("leaders_per_day"),
             Column("staff_per_day"), Column("roster_due_days")],
    search_fields=["name"], filter_fields=["kind"], select_related=["division"],
    form_class=forms.SpecialPeriodForm, importable=True, **_generic(SpecialPeriod),
    detail_template="duty/period_detail.html",
    detail_context=lambda request, period: {"due": selectors.roster_due_date(period)},
))

ROSTERS = register(Register(
    model=DutyRoster, slug="duty-rosters", capability=permissions.ROSTERS.code,
    columns=[Column("organisation.name", _("值班单位"), sort="organisation__name"), DIVISION,
             Column("period.name", _("特殊值班时段")), Column("start_date", sort="start_date"), Column("end_date"),
             Column("duty_phone"), Column("status", sort="status"), Column("filed_at"),
             Column("changes_after_filing")],
    search_fields=["organisation__name", "duty_phone"], filter_fields=["status"],
    select_related=["organisation", "division", "period"], form_class=forms.DutyRosterForm,
    create=services.roster_create,
    update=lambda *, actor, obj, data: services.roster_update(actor=actor, roster=obj, data=data),
    delete=lambda *, actor, obj: services.roster_delete(actor=actor, roster=obj),
    restore=services.restore,
    detail_template="duty/roster_detail.html",
    detail_context=lambda request, roster: roster_detail_context(request, roster),
))

ASSIGNMENTS = register(Register(
    model=DutyAssignment, slug="duty-assignments", capability=permissions.ROSTERS.code,
    columns=[Column("roster.organisation.name", _("值班单位")), Column("role", sort="role"),
             Column("person.name", _("人员")), Column("person.mobile", _("手机")),
             Column("starts_at", sort="starts_at"), Column("ends_at")],
    search_fields=["person__name", "roster__organisation__name"], filter_fields=["role"],
    select_related=["roster__organisation", "person"], form_class=forms.DutyAssignmentForm,
    default_ordering=["-starts_at"], importable=True, import_parent="roster",
    create=services.assignment_create,
    update=lambda *, actor, obj, data: services.assignment_update(actor=actor, assignment=obj, data=data),
    delete=lambda *, actor, obj: services.assignment_delete(actor=actor, assignment=obj),
    restore=services.restore,
))

SPOT_CHECKS = register(Register(
    model=SpotCheck, slug="duty-spot-checks", capability=permissions.SPOT_CHECKS.code,
    columns=[Column("checked_at", sort="checked_at"), Column("organisation.name", _("被查单位")), DIVISION,
             Column("method"), Column("reached"), Column("rings"), Column("on_post"), Column("knew_procedure"),
             Column("findings"), Column("checker")],
    search_fields=["organisation__name", "findings", "checker"], filter_fields=["method", "reached", "on_post"],
    select_related=["organisation", "division"], form_class=forms.SpotCheckForm, importable=True, **_generic(SpotCheck),
))

DUTY_LOG = register(Register(
    model=DutyLogEntry, slug="duty-log", capability=permissions.DUTY_LOG.code,
    columns=[Column("received_at", sort="received_at"), Column("kind"), Column("organisation.name", _("值班单位")),
             Column("caller_name"), Column("caller_phone"), Column("content"), Column("actions"),
             Column("on_duty"), Column("is_open")],
    search_fields=["content", "caller_name", "caller_unit"], filter_fields=["kind", "is_open"],
    select_related=["organisation", "division"], form_class=forms.DutyLogEntryForm, importable=True,
    **_generic(DutyLogEntry),
))

GROUP = _("值班值守")
nav_entry(label=_("值班表"), url_name="duty-rosters-list", capability=permissions.ROSTERS.code, group=GROUP, order=40)
nav_entry(label=_("值班安排"), url_name="duty-assignments-list", capability=permissions.ROSTERS.code, group=GROUP,
          order=40)
nav_entry(label=_("值班表报送情况"), url_name="duty-overdue", capability=permissions.ROSTERS.code, group=GROUP,
          order=40)
nav_entry(label=_("值班日志"), url_name="duty-log-list", capability=permissions.DUTY_LOG.code, group=GROUP, order=40)
nav_entry(label=_("值班抽查"), url_name="duty-spot-checks-list", capability=permissions.SPOT_CHECKS.code,
          group=GROUP, order=40)
nav_entry(label=_("特殊值班时段"), url_name="duty-periods-list", capability=permissions.PERIODS.code, group=GROUP,
          order=40)
