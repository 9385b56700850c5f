"""Registers: monitored sites, sensors and alarms (scoped lists, filters, Excel export)."""

from django.utils.translation import gettext_lazy as _

from yingji.core.navigation import nav_entry
from yingji.core.registers import Column, Register, register
from yingji.monitoring import forms, permissions, services
from yingji.monitoring.models import Alarm, Sensor, Site

SITES = register(Register(
    model=Site, slug="monitoring-sites", capability=permissions.SITES.code,
    columns=[
        Column("code", sort="code"), Column("name", sort="name"), Column("sector", sort="sector"),
        Column("hazard_grade", sort="hazard_grade"), Column("division.name", _("所属区划"), sort="division__code"),
        Column("responsible_person"), Column("responsible_phone"), Column("address"),
    ],
    search_fields=["code", "name", "responsible_person", "division__name"], filter_fields=["sector", "hazard_grade"],
    select_related=["division"], form_class=forms.SiteForm, importable=True, create=services.site_create,
    update=services.site_update, delete=services.site_delete, restore=services.restore,
))

SENSORS = register(Register(
    model=Sensor, slug="monitoring-sensors", capability=permissions.SITES.code,
    columns=[
        Column("code", sort="code"), Column("name", sort="name"), Column("site.name", _("监测点位"),
                                                                         sort="site__code"),
        Column("kind", sort="kind"), Column("unit"), Column("last_value"), Column("last_reading_at",
                                                                                  sort="last_reading_at"),
        Column("level", sort="level"), Column("online", sort="online"), Column("blue"), Column("yellow"),
        Column("orange"), Column("red"),
    ],
    search_fields=["code", "name", "site__name"], filter_fields=["kind", "level", "online"],
    select_related=["site", "division"], form_class=forms.SensorForm, importable=True,
    create=services.sensor_create,
    update=services.sensor_update, delete=services.soft_delete, restore=services.restore,
))

ALARMS = register(Register(
    model=Alarm, slug="monitoring-alarms", capability=permissions.ALARMS.code,
    columns=[
        Column("raised_at", sort="raised_at"), Column("sensor.site.name", _("监测点位")),
        Column("sensor.name", _("传感器")), Column("kind", sort="kind"), Column("level", sort="level"),
        Column("value"), Column("threshold"), Column("peak"), Column("status", sort="status"),
        Column("escalated_at"), Column("cleared_at"), Column("false_alarm"),
    ],
    search_fields=["sensor__name", "sensor__code", "sensor__site__name"],
    filter_fields=["status", "level", "kind", "false_alarm"], default_ordering=["-raised_at"],
    select_related=["sensor__site", "division"],
))

GROUP = _("监测预警")
nav_entry(label=_("监测报警"), url_name="monitoring-alarms-list", capability=permissions.ALARMS.code, group=GROUP,
          order=40)
nav_entry(label=_("监测点位"), url_name="monitoring-sites-list", capability=permissions.SITES.code, group=GROUP,
          order=40)
nav_entry(label=_("传感器"), url_name="monitoring-sensors-list", capability=permissions.SITES.code, group=GROUP,
          order=40)
nav_entry(label=_("年度成效"), url_name="monitoring-yearly", capability=permissions.ALARMS.code, group=GROUP,
          order=40)
nav_entry(label=_("接入拒收统计"), url_name="monitoring-rejections", capability=permissions.INGEST.code, group=GROUP,
          order=40)
