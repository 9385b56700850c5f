"""Demo teams (seed 000's three levels): a county comprehensive team, department teams, an enterprise
full-time team, volunteer and social-force teams (one deployed, one training, one stood down), a
full-time team in every township, response teams in the villages of the first townships —
every fourth below its size-class norm — and information officers registered in most villages (some trained, some certified, some not; a few also as grid workers).

Idempotent: teams are found by division and name and only a new team gets members; officers by
village and person. Team members are generated people (names and numbers invented, like the
divisions demo); they are inserted in bulk because a county of village teams is thousands of rows.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from yingji.divisions.demo import GIVEN_CHARS, SURNAMES, VILLAGES_PER_MISSING_OFFICER
from yingji.divisions.models import Division, Person
from yingji.teams import services
from yingji.teams.models import InfoOfficer, Speciality, Team, TeamMember
from yingji.teams.rules import VILLAGE_TEAM_SIZE, Kind, Level, OfficerKind, Origin, Readiness, TrainingStatus

VILLAGE_TEAM_TOWNSHIPS = 3  # village response teams in the villages of the first townships (by code)
SHORT_EVERY = 4  # every fourth village team is short of its norm
TOWNSHIP_TEAM_SIZE = (8, 14)

COUNTY_TEAMS = [
    # (name, kind, specialities, members, origins)
    ("东乡县综合应急救援队", Kind.COUNTY_COMPREHENSIVE, ["general", "flood", "fire", "mountain", "earthquake"], 30,
     [Origin.MILITIA, Origin.RESERVIST, Origin.VETERAN]),
    ("县水务局防汛抢险队", Kind.PROFESSIONAL, ["flood", "water"], 12, [Origin.CADRE, Origin.SKILLED_RESIDENT]),
    ("县卫生健康局医疗救护队", Kind.PROFESSIONAL, ["medical"], 10, [Origin.MEDIC]),
    ("县交通运输局道路抢通队", Kind.PROFESSIONAL, ["road"], 10, [Origin.CADRE, Origin.SKILLED_RESIDENT]),
    ("县供电公司电力抢修队", Kind.PROFESSIONAL, ["power", "communications"], 8, [Origin.SKILLED_RESIDENT]),
    ("东乡县应急志愿者服务队", Kind.VOLUNTEER, ["medical", "evacuation"], 15, [Origin.VOLUNTEER]),
    ("县城燃气公司专职救援队", Kind.ENTERPRISE_FULL_TIME, ["hazchem", "fire"], 9,
     [Origin.SKILLED_RESIDENT, Origin.PROPERTY_STAFF]),
    ("东乡县蓝天救援队", Kind.SOCIAL_FORCE, ["mountain", "water", "earthquake"], 12, [Origin.VOLUNTEER, Origin.VETERAN]),
]
# Every readiness state appears: the rest are on standby (待命).
READINESS = {
    "县水务局防汛抢险队": Readiness.DEPLOYED,
    "东乡县蓝天救援队": Readiness.TRAINING,
    "县城燃气公司专职救援队": Readiness.STOOD_DOWN,
}
LEVEL_OF_KIND = {Kind.ENTERPRISE_FULL_TIME: Level.ENTERPRISE}
CERTIFIED_EVERY = 5  # of the trained officers, every fifth holds the 应急救援员证
GRID_WORKER_EVERY = 6  # in every sixth village the officer is also registered as the grid worker
EQUIPMENT = {
    Kind.COUNTY_COMPREHENSIVE: "抢险救援车 2辆\n冲锋舟 2艘\n生命探测仪 1台\n发电机 2台",
    Kind.PROFESSIONAL: "专用抢修车 1辆\n应急照明 4套",
    Kind.VOLUNTEER: "急救包 20个",
    Kind.ENTERPRISE_FULL_TIME: "泡沫消防车 1辆\n正压式空气呼吸器 6套\n可燃气体检测仪 2台",
    Kind.SOCIAL_FORCE: "橡皮艇 2艘\n绳索救援装备 2套\n无人机 1架",
    Kind.TOWNSHIP_FULL_TIME: "皮卡车 1辆\n铁锹、编织袋若干\n救生衣 20件",
    Kind.VILLAGE_RESPONSE: "铜锣、手摇报警器\n铁锹 10把\n救生衣 10件",
}


class _People:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def name(self) -> str:
        given = self.rng.choice(GIVEN_CHARS) + (self.rng.choice(GIVEN_CHARS) if self.rng.random() < 0.7 else "")
        return self.rng.choice(SURNAMES) + given

    def mobile(self) -> str:
        return "1" + self.rng.choice("3578") + "".join(self.rng.choices("0123456789", k=9))

    def make(self, division: Division, count: int, post: str) -> list[Person]:
        return Person.objects.bulk_create([
            Person(division=division, name=self.name(), mobile=self.mobile(), post=post,
                   employment=Person.Employment.PART_TIME) for _ in range(count)])


def _near(division: Division, rng: random.Random) -> tuple[Decimal | None, Decimal | None]:
    if division.latitude is None or division.longitude is None:
        return None, None
    jitter = lambda: Decimal(str(round(rng.uniform(-0.004, 0.004), 6)))  # noqa: E731
    return division.latitude + jitter(), division.longitude + jitter()


def _team(division, name, level, kind, codes, specialities, rng, leader=None) -> Team | None:
    """A new team, or None when the demo already made it."""
    if Team.all_objects.filter(division=division, name=name).exists():
        return None
    latitude, longitude = _near(division, rng)
    return services.team_create(actor=None, data={
        "division": division, "name": name, "level": level, "kind": kind, "leader": leader,
        "equipment": EQUIPMENT.get(kind, ""), "address": f"{division.name}", "latitude": latitude,
        "longitude": longitude, "readiness": READINESS.get(name, Readiness.READY), "duty_phone": f"0930-71{rng.randrange(10000, 99999)}",
        "specialities": [specialities[c] for c in codes]})


def _members(team: Team, people: list[Person], origins, rng: random.Random, joined: datetime.date) -> int:
    TeamMember.objects.bulk_create([
        TeamMember(division=team.division, team=team, person=p, origin=rng.choice(origins),
                   joined_on=joined - datetime.timedelta(days=rng.randrange(0, 900))) for p in people])
    return len(people)


def load_demo(county: Division, say) -> None:
    rng = random.Random("teams-622926")
    people = _People(rng)
    specialities = {s.code: s for s in Speciality.objects.all()}
    joined = datetime.date(2026, 3, 1)
    made = {"teams": 0, "members": 0, "officers": 0}

    for name, kind, codes, size, origins in COUNTY_TEAMS:
        team = _team(county, name, LEVEL_OF_KIND.get(kind, Level.COUNTY), kind, codes, specialities, rng)
        if team is not None:
            made["teams"] += 1
            made["members"] += _members(team, people.make(county, size, "队员"), origins, rng, joined)

    townships = list(Division.objects.within(county).filter(level="township").order_by("code"))
    for township in townships:
        leader = Person.objects.within(township).filter(division=township, post="应急管理办公室主任").first()
        team = _team(township, f"{township.name}专职应急救援队", Level.TOWNSHIP, Kind.TOWNSHIP_FULL_TIME,
                     ["general", "flood", "forest_fire"], specialities, rng, leader=leader)
        if team is not None:
            made["teams"] += 1
            size = rng.randint(*TOWNSHIP_TEAM_SIZE)
            made["members"] += _members(team, people.make(township, size, "专职队员"),
                                        [Origin.CADRE, Origin.MILITIA, Origin.RESERVIST, Origin.POLICE, Origin.MEDIC],
                                        rng, joined)

    villages = list(Division.objects.within(county).filter(level="village").order_by("code"))
    team_townships = {t.pk for t in townships[:VILLAGE_TEAM_TOWNSHIPS]}
    for index, village in enumerate(v for v in villages if v.parent_id in team_townships):
        local = list(Person.objects.within(village).filter(division=village).order_by("id"))
        leader = next((p for p in local if "书记" in p.post), None)
        team = _team(village, f"{village.name}应急响应队", Level.VILLAGE, Kind.VILLAGE_RESPONSE,
                     ["general", "flood", "evacuation"], specialities, rng, leader=leader)
        if team is None:
            continue
        norm = VILLAGE_TEAM_SIZE.get(village.size_class, VILLAGE_TEAM_SIZE["small"])
        size = norm - rng.randint(3, 8) if index % SHORT_EVERY == 0 else norm
        recruits = people.make(village, max(0, size - len(local)), "应急响应队员")
        made["teams"] += 1
        made["members"] += _members(team, (local + recruits)[:size],
                                    [Origin.CADRE, Origin.MILITIA, Origin.VETERAN, Origin.MEDIC, Origin.VOLUNTEER],
                                    rng, joined)

    registered = set(InfoOfficer.all_objects.within(county).values_list("division_id", "person_id", "kind"))
    for index, village in enumerate(villages):
        if index % VILLAGES_PER_MISSING_OFFICER == VILLAGES_PER_MISSING_OFFICER - 1:
            continue  # the divisions demo appointed no officer here either: a coverage gap
        officer = Person.objects.within(village).filter(division=village, post="信息员").first()
        if officer is None:
            continue
        trained = index % 3 != 0
        status = (TrainingStatus.UNTRAINED if not trained else
                  TrainingStatus.CERTIFIED if index % CERTIFIED_EVERY == 0 else TrainingStatus.TRAINED)
        kinds = [OfficerKind.INFO_OFFICER] + ([OfficerKind.GRID_WORKER] if index % GRID_WORKER_EVERY == 1 else [])
        for kind in kinds:
            if (village.pk, officer.pk, kind) in registered:
                continue
            services.officer_create(actor=None, data={
                "division": village, "person": officer, "kind": kind,
                "appointed_on": datetime.date(2024, 1, 1) + datetime.timedelta(days=index * 3),
                "training_status": status, "trained_on": datetime.date(2026, 4, 20) if trained else None})
            made["officers"] += 1
    say(f"队伍 teams +{made['teams']}, 队员 members +{made['members']}, 信息员 officers +{made['officers']}")
