"""Registers: publicity events (宣传教育活动台账) and materials distributed (宣传资料发放)."""

from django.utils.translation import gettext_lazy as _

from yingji.core.navigation import nav_entry
from yingji.core.registers import Column, Register, register
from yingji.publicity import forms, permissions, services
from yingji.publicity.models import MaterialLine, PublicityEvent


def _event_context(request, event):
    from yingji.core.permissions import Action, has_permission

    return {"lines": event.lines.order_by("kind", "pk"),
            "can_add_line": has_permission(request.user, permissions.PUBLICITY.code, Action.ADD)}


def _materials(event) -> str:
    return "、".join(f"{line.get_kind_display()}{line.count}" for line in event.lines.all())


EVENTS = register(Register(
    model=PublicityEvent, slug="publicity-events", capability=permissions.PUBLICITY.code,
    columns=[
        Column("date", sort="date"), Column("division.name", _("所属区划"), sort="division__code"),
        Column("title", sort="title"), Column("kind", sort="kind"), Column("target", sort="target"),
        Column("place"), Column("organiser.name", _("组织单位")), Column("participants", sort="participants"),
        Column("materials", _("发放资料(份)"), value=_materials),
    ],
    search_fields=["title", "place", "division__name", "organiser__name"],
    filter_fields=["year", "kind", "target"], default_ordering=["-date"],
    select_related=["division", "organiser"], prefetch_related=["lines"], form_class=forms.EventForm,
    create=services.event_create, update=services.event_update, delete=services.event_delete,
    restore=services.restore, importable=True,
    detail_template="publicity/event_detail.html", detail_context=_event_context,
))

LINES = register(Register(
    model=MaterialLine, slug="publicity-materials", capability=permissions.PUBLICITY.code,
    columns=[
        Column("event.date", _("活动日期"), sort="event__date"), Column("event.title", _("活动名称")),
        Column("division.name", _("所属区划"), sort="division__code"), Column("kind", sort="kind"),
        Column("count", sort="count"),
    ],
    search_fields=["event__title", "division__name"], filter_fields=["kind"],
    default_ordering=["-event__date", "kind"], select_related=["event", "division"], form_class=forms.LineForm,
    create=services.line_create, update=services.line_update, delete=services.soft_delete,
    restore=services.restore, importable=True,
))

GROUP = _("培训宣传")
nav_entry(label=_("宣传活动台账"), url_name="publicity-events-list", capability=permissions.PUBLICITY.code,
          group=GROUP, order=60)
nav_entry(label=_("宣传资料发放"), url_name="publicity-materials-list", capability=permissions.PUBLICITY.code,
          group=GROUP, order=60)
nav_entry(label=_("宣传教育年度统计"), url_name="publicity-totals", capability=permissions.PUBLICITY.code,
          group=GROUP, order=60)
