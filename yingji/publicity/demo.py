"""Demo publicity year: events across the 七进 targets in the county, townships and villages, with the
brochures, posters and leaflets each distributed. Idempotent: keyed by title."""

from __future__ import annotations

import datetime

from django.utils import timezone

from yingji.divisions.models import Division
from yingji.publicity import services
from yingji.publicity.models import PublicityEvent
from yingji.publicity.rules import EventKind, MaterialKind, Target

# (title, where: county/township index/village index, kind, target, month, day, participants, lines)
EVENTS = [
    ("“5·12”防灾减灾日集中宣传", "county", EventKind.BROCHURES, Target.STREETS, 5, 12, 1200,
     [(MaterialKind.BROCHURE, 5000), (MaterialKind.LEAFLET, 3000)]),
    ("安全生产月进企业宣讲", "county", EventKind.LECTURE, Target.ENTERPRISES, 6, 16, 260,
     [(MaterialKind.BOOKLET, 500), (MaterialKind.POSTER, 60)]),
    ("机关干部应急知识讲座", "county", EventKind.LECTURE, Target.AGENCIES, 3, 28, 180, [(MaterialKind.BOOKLET, 200)]),
    ("应急广播防汛知识播报", ("township", 0), EventKind.BROADCAST, Target.VILLAGES, 6, 1, 3000, []),
    ("中小学防震疏散演练开放日", ("township", 0), EventKind.DRILL_OPEN_DAY, Target.SCHOOLS, 4, 22, 850,
     [(MaterialKind.BROCHURE, 900)]),
    ("应急避险知识展览", ("township", 1), EventKind.EXHIBITION, Target.COMMUNITIES, 7, 8, 420,
     [(MaterialKind.POSTER, 40), (MaterialKind.BROCHURE, 600)]),
    ("家庭应急物资储备入户宣传", ("village", 0), EventKind.BROCHURES, Target.FAMILIES, 8, 3, 160,
     [(MaterialKind.BROCHURE, 300), (MaterialKind.OTHER, 150)]),
    ("“全国消防日”网络知识竞答", "county", EventKind.ONLINE, Target.FAMILIES, 11, 9, 2300, []),
    ("农村用火用电安全宣传", ("village", 2), EventKind.BROCHURES, Target.VILLAGES, 10, 15, 210,
     [(MaterialKind.LEAFLET, 400)]),
]


def load_demo(county: Division, say) -> None:
    townships = list(Division.objects.within(county).filter(level="township").order_by("code"))
    villages = list(Division.objects.within(county).filter(level="village").order_by("code")[:3])
    if not townships or not villages:
        return
    today = timezone.localdate()
    existing = set(PublicityEvent.all_objects.within(county).values_list("title", flat=True))
    added = 0
    for title, where, kind, target, month, day, participants, lines in EVENTS:
        if title in existing:
            continue
        if where == "county":
            division = county
        else:
            pool = townships if where[0] == "township" else villages
            division = pool[where[1] % len(pool)]
        event = services.event_create(actor=None, data={
            "division": division, "title": title, "kind": kind, "target": target,
            "date": min(datetime.date(today.year, month, day), today), "place": division.name,
            "participants": participants, "summary": "普及预防、避险、自救、互救和减灾知识"})
        for material, count in lines:
            services.line_create(actor=None, data={"event": event, "kind": material, "count": count})
        added += 1
    say(f"publicity: {added} events")
