"""Demo shelters for the demo county: county squares, stadium and school; a township shelter in most
townships (a few high-risk townships lacking the long-stay shelter they need, two with none); a village
shelter in about two villages of three, so that the coverage page shows gaps; one shelter in use, one
closed, one declared above its computed capacity with a reason."""

from __future__ import annotations

import random
from decimal import Decimal

from yingji.divisions.models import Division
from yingji.shelters import services
from yingji.shelters.models import Shelter
from yingji.shelters.rules import FACILITIES, Duration, Function, Kind, SpaceType, Status, Tier

SEED = 3
EVERYTHING = dict.fromkeys(FACILITIES, True)


def _near(division: Division, rng: random.Random, spread: float) -> dict:
    return {"latitude": (division.latitude + Decimal(f"{rng.uniform(-spread, spread):.6f}")).quantize(Decimal("0.000001")),
            "longitude": (division.longitude + Decimal(f"{rng.uniform(-spread, spread):.6f}")).quantize(
                Decimal("0.000001"))}


def load_demo(county: Division, say) -> None:
    if Shelter.all_objects.within(county).exists() or county.latitude is None:
        return
    rng = random.Random(SEED)  # noqa: S311 - demo data
    townships = list(Division.objects.within(county).filter(level="township").order_by("code"))
    villages = list(Division.objects.within(county).filter(level="village").exclude(latitude=None).order_by("code"))
    created = []

    def add(division, name, kind, tier, duration, area, spread=0.004, **extra):
        data = {"division": division, "name": name, "kind": kind, "tier": tier, "duration": duration,
                "space_type": SpaceType.INDOOR if kind in (Kind.STADIUM, Kind.SCHOOL, Kind.COMMUNITY)
                else SpaceType.OUTDOOR,
                "function": Function.COMPREHENSIVE if tier in (Tier.COUNTY, Tier.TOWNSHIP) else Function.SINGLE,
                "total_area": (Decimal(area) * Decimal("1.25")).quantize(Decimal("0.1")), "effective_area": Decimal(area),
                "address": f"{division.name}{name.removeprefix(division.name)}", "manager": "马建国",
                "manager_phone": "0930-7121234", **_near(division, rng, spread), **extra}
        created.append(services.shelter_create(actor=None, data=data))
        return created[-1]

    add(county, "县城人民广场应急避难场所", Kind.SQUARE, Tier.COUNTY, Duration.SHORT_TERM, 18000,
        national_registered=True, national_code="622926-001", **EVERYTHING)
    stadium = add(county, "县体育馆应急避难场所", Kind.STADIUM, Tier.COUNTY, Duration.LONG_TERM, 6000,
                  national_registered=True, national_code="622926-002", **EVERYTHING)
    add(county, "县第一中学应急避难场所", Kind.SCHOOL, Tier.COUNTY, Duration.SHORT_TERM, 4500,
        declared_capacity=3500, capacity_reason="教学楼与操场合计，含室内安置区", has_water=True, has_power=True,
        has_toilets=True, has_signage=True)
    for index, township in enumerate(townships):
        if index in (5, 17) or township.latitude is None:
            continue  # two townships with no township-level shelter at all
        long_stay = township.risk_zone == "high" and index % 3 != 0
        add(township, f"{township.name}中心学校应急避难场所", Kind.SCHOOL, Tier.TOWNSHIP,
            Duration.LONG_TERM if long_stay else Duration.SHORT_TERM, rng.choice([2500, 3200, 4000]),
            has_water=True, has_power=True, has_toilets=True, has_broadcast=True, has_signage=True,
            national_registered=index % 2 == 0, national_code=f"622926-{100 + index}" if index % 2 == 0 else "")
    for index, village in enumerate(villages):
        if index % 3 == 2:
            continue
        kind = Kind.COMMUNITY if index % 2 else Kind.SQUARE
        add(village, f"{village.name}应急避难点", kind, Tier.VILLAGE, Duration.EMERGENCY,
            rng.choice([300, 450, 600, 900]), spread=0.002, has_signage=index % 4 != 0, has_route_map=index % 4 != 0,
            has_water=kind == Kind.COMMUNITY, has_power=kind == Kind.COMMUNITY)
    services.set_occupancy(actor=None, shelter=stadium, status=Status.IN_USE, occupancy=1260)
    services.set_occupancy(actor=None, shelter=created[-1], status=Status.CLOSED, occupancy=0)
    say(f"避难场所：新增{len(created)}处")
