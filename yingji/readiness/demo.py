"""Demo for readiness: community emergency service stations (seed 002) in the county-seat township's
communities and a few villages — the one "六有" item no other register's demo sets up — and the county's
first readiness bulletin (通报) of its townships, so that the next one issued has something to compare
with. Everything else is scored from what the other capabilities' demos created, gaps included."""

from __future__ import annotations

from yingji.divisions import services
from yingji.divisions.models import Division, Organisation
from yingji.readiness import bulletins
from yingji.readiness.models import Bulletin
from yingji.readiness.rules import TOWNSHIP_SIX

SEAT_TOWNSHIP = "622926100000"


def load_demo(county: Division, say) -> None:
    have = set(Organisation.all_objects.within(county).filter(kind=Organisation.Kind.SERVICE_STATION)
               .values_list("division_id", flat=True))
    villages = list(Division.objects.within(county).filter(level="village").order_by("code"))
    chosen = [v for v in villages if v.code.startswith(SEAT_TOWNSHIP[:9])] + villages[::9]
    added = 0
    for village in dict.fromkeys(chosen):
        if village.pk in have:
            continue
        services.organisation_create(actor=None, data={
            "division": village, "kind": Organisation.Kind.SERVICE_STATION, "name": f"{village.name}应急服务站",
            "phone": "0930-7121234"})
        added += 1
    say(f"社区应急服务站 service stations +{added}")
    if not Bulletin.all_objects.filter(division=county, standard=TOWNSHIP_SIX.code).exists():
        bulletins.issue(actor=None, scope=county, standard=TOWNSHIP_SIX)
        say("达标情况通报 readiness bulletin +1")
