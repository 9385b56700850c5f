"""Registers: the drill ledger (演练台账) and the improvement actions of drill evaluations."""

from django.utils.translation import gettext_lazy as _

from yingji.core.navigation import nav_entry
from yingji.core.registers import Column, Register, register
from yingji.drills import forms, permissions, services
from yingji.drills.models import Drill, ImprovementAction


def _names(related) -> str:
    return "、".join(str(obj) for obj in related.all())


def _drill_context(request, drill):
    from yingji.drills.views import drill_context

    return drill_context(request, drill)


def _action_context(request, action):
    from yingji.drills.views import action_context

    return action_context(request, action)


DRILLS = register(Register(
    model=Drill, slug="drills", capability=permissions.DRILLS.code,
    columns=[
        Column("date", sort="date"), Column("division.name", _("所属区划"), sort="division__code"),
        Column("title", sort="title"), Column("kind", sort="kind"), Column("organiser.name", _("组织单位")),
        Column("people", sort="people"), Column("announced"), Column("score", sort="score"),
    ],
    export_columns=[
        Column("date"), Column("division.code", _("区划代码")), Column("division.name", _("所属区划")),
        Column("title"), Column("kind"), Column("joint_focus"), Column("organiser.name", _("组织单位")),
        Column("participants", _("参演单位"), value=lambda d: _names(d.participants)),
        Column("plans", _("演练的预案"), value=lambda d: _names(d.plans)),
        Column("scenario"), Column("place"), Column("duration_minutes"), Column("teams"), Column("people"),
        Column("public_participants"), Column("announced"), Column("score"), Column("findings"),
    ],
    search_fields=["title", "place", "scenario", "division__name", "organiser__name"],
    filter_fields=["kind", "announced"], default_ordering=["-date"],
    select_related=["division", "organiser"], prefetch_related=["participants", "plans"],
    form_class=forms.DrillForm, importable=True,
    create=services.drill_create, update=services.drill_update, delete=services.soft_delete,
    restore=services.restore,
    detail_template="drills/drill_detail.html", detail_context=_drill_context,
))

ACTIONS = register(Register(
    model=ImprovementAction, slug="drill-actions", capability=permissions.ACTIONS.code,
    columns=[
        Column("deadline", sort="deadline"), Column("drill.division.name", _("所属区划"), sort="drill__division__code"),
        Column("drill.title", _("演练"), sort="drill__date"), Column("description"),
        Column("owner", _("责任单位（人）"), value=lambda a: a.owner_display), Column("status", sort="status"),
        Column("done_on", sort="done_on"),
    ],
    search_fields=["description", "owner", "owner_person__name", "drill__title"], filter_fields=["status"],
    default_ordering=["status", "deadline"], select_related=["drill__division", "owner_person"],
    form_class=forms.ImprovementActionForm, create=services.action_create, update=services.action_update,
    delete=services.soft_delete, restore=services.restore,
    detail_template="drills/action_detail.html", detail_context=_action_context,
))

GROUP = _("预案演练")
nav_entry(label=_("演练台账"), url_name="drills-list", capability=permissions.DRILLS.code, group=GROUP, order=30)
nav_entry(label=_("演练指标完成情况"), url_name="drills-progress", capability=permissions.DRILLS.code, group=GROUP,
          order=30)
nav_entry(label=_("演练整改措施"), url_name="drill-actions-list", capability=permissions.ACTIONS.code, group=GROUP,
          order=30)
nav_entry(label=_("逾期未完成的整改"), url_name="drills-overdue", capability=permissions.ACTIONS.code, group=GROUP,
          order=30)
