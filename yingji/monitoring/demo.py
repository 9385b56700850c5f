"""Demo monitoring: a chemical tank farm, a tailings pond, a landslide point and a reservoir in the demo
county, with sensors, a day of readings (one excursion per site crossing thresholds) and alarms."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from yingji.divisions.models import Division
from yingji.monitoring import services, simulation
from yingji.monitoring.models import Alarm, Sector, Sensor, SensorKind, Site

# (site code, name, sector, hazard grade, township index, sensors)
# sensor: (code suffix, name, kind, unit, interval s, rising, blue, yellow, orange, red, hysteresis, min, max)
SITES = [
    ("dx-hc01", "东乡县某化工有限公司储罐区", Sector.CHEMICALS, "3", 0, [
        ("gas1", "可燃气体探测器1#", SensorKind.GAS, "%LEL", 60, True, 10, 20, 25, 50, 2, 0, 100),
        ("lvl1", "甲醇储罐液位", SensorKind.TANK_LEVEL, "m", 60, True, 8.5, 9.0, 9.3, 9.6, 0.1, 0, 10),
        ("tmp1", "储罐温度", SensorKind.TEMPERATURE, "°C", 60, True, 35, 40, 45, 50, 1, -40, 120),
        ("prs1", "反应釜压力", SensorKind.PRESSURE, "MPa", 60, True, 0.8, 0.9, 1.0, 1.1, 0.02, 0, 2.5),
    ]),
    ("dx-tp01", "东乡县某尾矿库", Sector.TAILINGS, "", 1, [
        # Saturation-line burial depth: the shallower, the worse (falling alarm).
        ("sat1", "浸润线埋深", SensorKind.SATURATION_LINE, "m", 600, False, 8, 6, 5, 4, 0.2, 0, 30),
        ("dsp1", "坝体表面位移", SensorKind.DISPLACEMENT, "mm", 600, True, 10, 20, 30, 50, 1, 0, 500),
        ("wl1", "库水位", SensorKind.WATER_LEVEL, "m", 600, True, 1850, 1852, 1853, 1854, 0.1, 1830, 1860),
    ]),
    ("dx-dz01", "那勒寺滑坡隐患点", Sector.GEOLOGICAL, "", 2, [
        ("dsp1", "裂缝位移计", SensorKind.DISPLACEMENT, "mm", 600, True, 5, 10, 20, 40, 0.5, 0, 300),
        ("rain1", "雨量计(小时)", SensorKind.RAINFALL, "mm/h", 600, True, 10, 20, 30, 50, 1, 0, 200),
    ]),
    ("dx-sk01", "东乡县某小型水库", Sector.RESERVOIR, "", 3, [
        ("wl1", "坝前水位", SensorKind.WATER_LEVEL, "m", 600, True, 2101, 2102, 2102.5, 2103, 0.05, 2090, 2106),
    ]),
]


def _sites(county: Division) -> list[Sensor]:
    townships = list(Division.objects.within(county).filter(level="township").order_by("code"))
    existing = set(Site.all_objects.filter(code__in=[s[0] for s in SITES]).values_list("code", flat=True))
    sensors = []
    for code, name, sector, grade, index, specs in SITES:
        if code in existing or not townships:
            continue
        township = townships[index % len(townships)]
        site = Site.objects.create(division=township, code=code, name=name, sector=sector, hazard_grade=grade,
                                   address=f"{township.name}", responsible_person="马建国",
                                   responsible_phone="0930-7120000")
        sensors += Sensor.objects.bulk_create([
            Sensor(site=site, division=township, code=f"{code}-{suffix}", name=label, kind=kind, unit=unit,
                   interval_seconds=interval, rising=rising, blue=b, yellow=y, orange=o, red=r, hysteresis=h,
                   valid_min=lo, valid_max=hi)
            for suffix, label, kind, unit, interval, rising, b, y, o, r, h, lo, hi in specs])
    return sensors


def _readings(sensors: list[Sensor]) -> int:
    """The last 24 h at 10-minute steps; on the first sensor of each site, a 2-hour excursion to red."""
    rng = random.Random(3)
    now = timezone.now().replace(second=0, microsecond=0)
    start = now - datetime.timedelta(hours=24)
    messages = []
    seen_sites = set()
    for sensor in sensors:
        hot = sensor.site_id not in seen_sites
        seen_sites.add(sensor.site_id)
        for step in range(144):
            ts = start + datetime.timedelta(minutes=10 * step)
            excursion = 0.0
            if hot and 60 <= step < 72:
                excursion = min(1.0, (step - 59) / 6) if step < 66 else max(0.0, (72 - step) / 6)
            local = timezone.localtime(ts)
            value = simulation.value_at(sensor, local.hour * 3600 + local.minute * 60, rng, excursion)
            messages.append((None, {"sensor": sensor.code, "ts": ts.isoformat(), "value": value}))
    return services.ingest(messages, now=now).stored


def _handle_some(county: Division) -> None:
    """One alarm resolved as a real event, one as a false alarm; the rest stay for the demo."""
    alarms = list(Alarm.objects.within(county).filter(status=Alarm.Status.OPEN).order_by("raised_at")[:2])
    if len(alarms) == 2:
        services.alarm_step(actor=None, alarm=alarms[0], step="handle", measures="现场排查，加强通风，关闭泄漏阀门")
        services.alarm_step(actor=None, alarm=alarms[0], step="resolve", cause="法兰垫片老化导致微量泄漏，已更换")
        services.alarm_step(actor=None, alarm=alarms[1], step="resolve", cause="探头受潮漂移，已校准",
                            false_alarm=True)


def load_demo(county: Division, say) -> None:
    sensors = _sites(county)
    if not sensors:
        say("监测点位：已存在，跳过")
        return
    stored = _readings(sensors)
    _handle_some(county)
    say(f"监测点位：{len(SITES)}个，传感器{len(sensors)}个，监测数据{stored}条，"
        f"报警{Alarm.objects.within(county).count()}条")
