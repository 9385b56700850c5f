"""Registers: warnings, broadcast endpoints, public subscribers, monthly risk bulletins.

Warning drafting, the lifecycle steps and the bulletin draft have their own pages (views.py); their
URLs take precedence over the generic create/edit/detail routes of the same paths.
"""

from django.utils.translation import gettext_lazy as _

from yingji.core.navigation import nav_entry, public_entry
from yingji.core.registers import Column, Register, register
from yingji.earlywarning import forms, permissions, services
from yingji.earlywarning.models import BroadcastEndpoint, EarlyWarning, PublicSubscriber, RiskBulletin


def _areas(obj) -> str:
    return "、".join(a.name for a in obj.areas.all())


WARNINGS = register(Register(
    model=EarlyWarning, slug="warnings", capability=permissions.WARNINGS.code,
    columns=[
        Column("headline", sort="headline"), Column("level", sort="level"), Column("hazard_type", sort="hazard_type"),
        Column("status", sort="status"), Column("msg_type"), Column("areas", _("可能影响的范围"), value=_areas),
        Column("onset", sort="onset"), Column("expires", sort="expires"), Column("sent", sort="sent"),
        Column("issuer.name", _("发布单位")), Column("identifier"),
    ],
    search_fields=["headline", "description", "identifier"], filter_fields=["status", "level", "hazard_type",
                                                                             "msg_type"],
    select_related=["issuer", "division"], prefetch_related=["areas"], form_class=forms.WarningForm,
    create=lambda *, actor, data: services.warning_create(actor=actor, data=data, areas=data.get("areas", ())),
    delete=lambda *, actor, obj: services.warning_delete(actor=actor, warning=obj),
    restore=services.restore,
))

ENDPOINTS = register(Register(
    model=BroadcastEndpoint, slug="broadcast-endpoints", capability=permissions.ENDPOINTS.code,
    columns=[
        Column("name", sort="name"), Column("kind", sort="kind"), Column("division.name", _("所属区划"),
                                                                         sort="division__code"),
        Column("address"), Column("keeper"), Column("keeper_phone"), Column("active"),
    ],
    search_fields=["name", "address", "keeper"], filter_fields=["kind", "active"], select_related=["division"],
    form_class=forms.EndpointForm, importable=True, create=services.endpoint_create,
    update=lambda *, actor, obj, data: services.endpoint_update(actor=actor, endpoint=obj, data=data),
    delete=lambda *, actor, obj: services.endpoint_delete(actor=actor, endpoint=obj),
    restore=services.restore,
))

SUBSCRIBERS = register(Register(
    model=PublicSubscriber, slug="public-subscribers", capability=permissions.SUBSCRIBERS.code,
    columns=[
        Column("phone_masked", _("手机")), Column("division.name", _("订阅区划"), sort="division__code"),
        Column("confirmed_at", sort="confirmed_at"), Column("created_at", sort="created_at"),
    ],
    search_fields=["division__name"], select_related=["division"],
    detail_fields=["division", "confirmed_at", "created_at"],
    delete=lambda *, actor, obj: services.subscriber_delete(actor=actor, subscriber=obj),
    restore=services.restore,
))

BULLETINS = register(Register(
    model=RiskBulletin, slug="risk-bulletins", capability=permissions.BULLETINS.code,
    columns=[
        Column("title", sort="title"), Column("division.name", _("所属区划"), sort="division__code"),
        Column("year", sort="year"), Column("month", sort="month"), Column("status", sort="status"),
        Column("published_at", sort="published_at"),
    ],
    search_fields=["title"], filter_fields=["status"], select_related=["division"],
    form_class=forms.BulletinForm,
    create=lambda *, actor, data: services.bulletin_draft(actor=actor, **data),
    update=lambda *, actor, obj, data: services.bulletin_update(actor=actor, bulletin=obj, data=data),
    delete=lambda *, actor, obj: services.bulletin_delete(actor=actor, bulletin=obj),
    restore=services.restore,
))

_GROUP = _("监测预警")
nav_entry(label=_("预警信息"), url_name=WARNINGS.url_name("list"), capability=WARNINGS.capability, group=_GROUP,
          order=30)
for _reg in (ENDPOINTS, SUBSCRIBERS, BULLETINS):
    nav_entry(label=_reg.label, url_name=_reg.url_name("list"), capability=_reg.capability, group=_GROUP, order=30)
public_entry(label=_("预警信息"), url_name="public-warnings", description=_("我附近正在生效的预警，订阅预警短信"), order=10)
