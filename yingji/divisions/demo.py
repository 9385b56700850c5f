"""The demo county: 东乡族自治县 (622926, seed 000) with its offices, people and one login per role.

`load_demo()` is what `yingji demo` runs. It is idempotent: divisions come in through the one import
path (`imports.division_import`, which updates rather than duplicates), and organisations, people,
memberships and users are looked up by their natural keys before the services create what is
missing. A second run adds no rows and leaves existing passwords alone.

Everything but the division codes and names is generated, deterministically: figures, positions,
people's names and phone numbers are invented, so the same run gives the same county on any machine
(`random.Random` seeded with an int or a str does not depend on PYTHONHASHSEED).
"""

from __future__ import annotations

import random
import time
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from yingji.core.discovery import capability_modules
from yingji.core.permissions import Role
from yingji.divisions import services
from yingji.divisions.imports import division_import, read_table
from yingji.divisions.models import Division, Membership, Organisation, Person, User
from yingji.divisions.validators import id_check_char

DATA_FILE = Path(__file__).resolve().parent / "data" / "divisions-dongxiang-622926.csv"
COUNTY_CODE = "622926000000"
COUNTY_SEAT_CODE = "622926100000"  # 锁南镇
SECOND_TOWNSHIP_CODE = "622926101000"  # 达板镇
DEMO_VILLAGE_CODE = "622926100202"  # 巴牙村委会, in 锁南镇
VILLAGES_PER_MISSING_OFFICER = 15
# Satisfies AUTH_PASSWORD_VALIDATORS: 11 characters, upper, lower, digit and symbol.
DEMO_PASSWORD = "Yingji@2026"  # noqa: S105 - a published demo password, printed on every run
SEED = 622926

# The county seat (锁南镇) lies near 35.66 N, 103.39 E (shared/data/README.md). Demo positions are
# generated around it and are NOT real locations of the townships and villages.
SEAT = (35.66, 103.39)
COUNTY_AREA_KM2 = Decimal("1510.00")

# Team norms of seed 000 hang on the class: large 25, medium 20, small 15. The population cut-offs
# are demo values, not an official rule.
LARGE_FROM, MEDIUM_FROM = 2000, 1000

# Surnames common in 临夏 (马 above all), weighted by repetition; given-name characters of the region.
SURNAMES = "马马马马马马妥妥汪汪唐唐何何张张王王赵赵韩陈李刘杨祁龙哈白冶苏高锁周孔鲁闫包郭罗沈"
GIVEN_CHARS = (
    "国建志永学文明海军福德忠成华英兰秀芳玉梅春生林平安宏伟强军辉刚勇武占虎彪龙山祥瑞"
    "俊杰佳慧敏娟霞燕红霞丽萍艳云仓奎贵富有良清泉宝元正光荣胜利新民兴旺尕哈西木穆沙"
)
# Area code of 临夏 is 0930; 东乡 numbers start 71.
LANDLINE_PREFIX = "0930-71"
# ID numbers get a region code no real person has (province 98 does not exist), so a generated
# number can never be someone's real one; the check character is valid (GB 11643).
FICTIONAL_ID_REGION = "989926"

ROLE_LABELS_EN = {
    Role.ADMIN: "System administrator",
    Role.COUNTY_STAFF: "County emergency bureau staff",
    Role.TOWNSHIP_STAFF: "Township staff",
    Role.INFO_OFFICER: "Village information officer",
    Role.DUTY_OFFICER: "Duty officer",
    Role.LEADER: "Leader, read-only",
}


# --- Plans: pure data from the CSV rows and the seed ---------------------------------------------


@dataclass(frozen=True)
class OrgPlan:
    key: str
    division_code: str
    kind: str
    name: str
    phone: str = ""
    address: str = ""


@dataclass(frozen=True)
class PersonPlan:
    key: str
    division_code: str
    org_key: str
    name: str
    post: str
    employment: str
    mobile: str = ""
    landline: str = ""
    id_number: str = ""


@dataclass(frozen=True)
class MembershipPlan:
    org_key: str
    person_key: str
    rank: str
    title: str


@dataclass(frozen=True)
class UserPlan:
    username: str
    role: str
    division_code: str
    person_key: str


@dataclass
class StaffPlan:
    organisations: list[OrgPlan] = field(default_factory=list)
    people: list[PersonPlan] = field(default_factory=list)
    memberships: list[MembershipPlan] = field(default_factory=list)


USERS = (
    UserPlan("admin", Role.ADMIN, COUNTY_CODE, "county/bureau/it"),
    UserPlan("county", Role.COUNTY_STAFF, COUNTY_CODE, "county/bureau/command"),
    UserPlan("leader", Role.LEADER, COUNTY_CODE, "county/group/deputy2"),
    UserPlan("duty", Role.DUTY_OFFICER, COUNTY_CODE, "county/duty/1"),
    UserPlan("town", Role.TOWNSHIP_STAFF, COUNTY_SEAT_CODE, f"{COUNTY_SEAT_CODE}/office/director"),
    UserPlan("town2", Role.TOWNSHIP_STAFF, SECOND_TOWNSHIP_CODE, f"{SECOND_TOWNSHIP_CODE}/office/director"),
    UserPlan("village", Role.INFO_OFFICER, DEMO_VILLAGE_CODE, f"{DEMO_VILLAGE_CODE}/info"),
)


def short_village_name(name: str) -> str:
    """巴牙村委会 → 巴牙村, 城南社区居民委员会 → 城南社区, 城南新村村民委员会 → 城南新村."""
    for suffix, keep in (("居民委员会", ""), ("村民委员会", ""), ("村委会", "村")):
        if name.endswith(suffix):
            return name[: -len(suffix)] + keep
    return name


def is_community(code: str, name: str) -> bool:
    # Village codes 001–199 are 社区 (居委会), 200–399 村 (RULES.md R10.2).
    return "社区" in name or int(code[9:]) < 200


def _coord(value: float) -> str:
    return f"{value:.6f}"


def enrich(raw_rows: list[dict[str, str]]) -> tuple[list[dict[str, str]], dict[str, Decimal]]:
    """The CSV rows with generated size class, area type, population, risk zone and positions
    added as import columns, and the area (km²) of the county and each township, which the import
    does not take. Only codes and names come from the file; the rest is demo data."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
    rows = sorted((dict(row) for row in raw_rows), key=lambda row: row["code"])
    townships = [row for row in rows if row.get("level") == "township"]
    villages = [row for row in rows if row.get("level") == "village"]
    zones = ["high"] * 6 + ["medium"] * 8 + ["low"] * 10
    zones = (zones * (len(townships) // len(zones) + 1))[: len(townships)]
    rng.shuffle(zones)
    areas: dict[str, Decimal] = {}
    centres: dict[str, tuple[float, float]] = {}
    for row, zone in zip(townships, zones, strict=True):
        if row["code"] == COUNTY_SEAT_CODE:
            lat, lon = SEAT
        else:
            lat, lon = SEAT[0] + rng.uniform(-0.17, 0.17), SEAT[1] + rng.uniform(-0.21, 0.21)
        centres[row["code"]] = (lat, lon)
        row.update(risk_zone=zone, latitude=_coord(lat), longitude=_coord(lon))
        areas[row["code"]] = Decimal(f"{rng.uniform(38, 92):.2f}")
    totals: dict[str, int] = {}
    for row in villages:
        lat, lon = centres.get(row["parent_code"], SEAT)
        if is_community(row["code"], row["name"]):
            population = rng.randint(1800, 6500)
            area_type = "urban"
            lat, lon = lat + rng.uniform(-0.008, 0.008), lon + rng.uniform(-0.01, 0.01)
        else:
            population = min(4800, max(280, int(rng.lognormvariate(7.15, 0.5))))
            area_type = "rural"
            lat, lon = lat + rng.uniform(-0.04, 0.04), lon + rng.uniform(-0.05, 0.05)
        size = "large" if population >= LARGE_FROM else "medium" if population >= MEDIUM_FROM else "small"
        row.update(size_class=size, area_type=area_type, population=str(population),
                   latitude=_coord(lat), longitude=_coord(lon))
        totals[row["parent_code"]] = totals.get(row["parent_code"], 0) + population
    for row in townships:
        row["population"] = str(totals.get(row["code"], 0))
    for row in rows:
        if row["code"] == COUNTY_CODE:
            row.update(population=str(sum(totals.values())), latitude=_coord(SEAT[0]),
                       longitude=_coord(SEAT[1]))
            areas[row["code"]] = COUNTY_AREA_KM2
    return rows, areas


class _Namer:
    """Unique names, mobiles and landlines from one generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.names: set[str] = set()
        self.numbers: set[str] = set()

    def name(self) -> str:
        while True:
            given = self.rng.choice(GIVEN_CHARS)
            if self.rng.random() < 0.7:
                given += self.rng.choice(GIVEN_CHARS)
            name = self.rng.choice(SURNAMES) + given
            if name not in self.names and given[0] != name[0]:
                self.names.add(name)
                return name

    def mobile(self) -> str:
        while True:
            number = "1" + self.rng.choice("3456789") + "".join(self.rng.choices("0123456789", k=9))
            if number not in self.numbers:
                self.numbers.add(number)
                return number

    def landline(self) -> str:
        while True:
            number = LANDLINE_PREFIX + "".join(self.rng.choices("0123456789", k=5))
            if number not in self.numbers:
                self.numbers.add(number)
                return number

    def id_number(self) -> str:
        born = self.rng.randint(1965, 2000), self.rng.randint(1, 12), self.rng.randint(1, 28)
        first17 = f"{FICTIONAL_ID_REGION}{born[0]:04d}{born[1]:02d}{born[2]:02d}{self.rng.randrange(1000):03d}"
        return first17 + id_check_char(first17)


def staff_plan(rows: list[dict[str, str]]) -> StaffPlan:
    """Organisations, people and posts of the county, every township and every village."""
    rng = random.Random(f"{SEED}/people")  # noqa: S311 - demo data, not secrets
    namer = _Namer(rng)
    plan = StaffPlan()
    by_code = {row["code"]: row for row in rows}
    county = by_code[COUNTY_CODE]
    prefix = county["name"]

    def org(key, code, kind, name, address=""):
        plan.organisations.append(OrgPlan(key, code, kind, name, phone=namer.landline(), address=address))

    def person(key, code, org_key, post, employment, *, posts=(), landline=False, id_number=False):
        plan.people.append(PersonPlan(
            key, code, org_key, namer.name(), post, employment, mobile=namer.mobile(),
            landline=namer.landline() if landline else "", id_number=namer.id_number() if id_number else "",
        ))
        for membership_org, rank, title in posts:
            plan.memberships.append(MembershipPlan(membership_org, key, rank, title))

    # County: the emergency bureau, its duty room, the leadership group and the member departments.
    address = f"{prefix}锁南镇"
    org("county/bureau", COUNTY_CODE, "department", f"{prefix}应急管理局", address)
    org("county/duty", COUNTY_CODE, "other", f"{prefix}应急管理局应急值班室", address)
    org("county/group", COUNTY_CODE, "leadership_group", f"{prefix}突发事件应急工作领导小组", address)
    group = "county/group"
    person("county/group/leader", COUNTY_CODE, group, "县长", "part_time",
           posts=[(group, "leader", "组长")], landline=True)
    person("county/group/deputy1", COUNTY_CODE, group, "常务副县长", "part_time",
           posts=[(group, "deputy", "副组长")], landline=True)
    person("county/group/deputy2", COUNTY_CODE, group, "副县长(分管应急管理)", "part_time",
           posts=[(group, "deputy", "副组长")], landline=True)
    bureau = "county/bureau"
    person("county/bureau/head", COUNTY_CODE, bureau, "局长", "full_time",
           posts=[(bureau, "leader", "局长"), (group, "deputy", "副组长兼办公室主任")], landline=True)
    for i in (1, 2):
        person(f"county/bureau/deputy{i}", COUNTY_CODE, bureau, "副局长", "full_time",
               posts=[(bureau, "deputy", "副局长")])
    person("county/bureau/command", COUNTY_CODE, bureau, "应急指挥中心科员", "full_time",
           posts=[(bureau, "staff", "科员")])
    person("county/bureau/it", COUNTY_CODE, bureau, "信息化管理员", "full_time",
           posts=[(bureau, "staff", "信息化管理员")])
    duty = "county/duty"
    # Seed 000: one leader on call and six duty officers around the clock.
    for i in range(1, 7):
        person(f"county/duty/{i}", COUNTY_CODE, duty, "值班员", "full_time",
               posts=[(duty, "staff", "值班员")])
    for slug, name, post in (
        ("police", "公安局", "局长"), ("health", "卫生健康局", "局长"), ("resources", "自然资源局", "局长"),
        ("water", "水务局", "局长"), ("transport", "交通运输局", "局长"), ("civil", "民政局", "局长"),
        ("weather", "气象局", "局长"), ("fire", "消防救援大队", "大队长"),
    ):
        key = f"county/{slug}"
        org(key, COUNTY_CODE, "department", f"{prefix}{name}", address)
        person(f"{key}/head", COUNTY_CODE, key, post, "full_time",
               posts=[(key, "leader", post), (group, "member", "成员")])

    # Townships: a leadership group and an emergency office each.
    for row in rows:
        if row.get("level") != "township":
            continue
        code, name = row["code"], row["name"]
        kind_word = "镇" if name.endswith("镇") else "乡"
        address = f"{prefix}{name}人民政府"
        group, office = f"{code}/group", f"{code}/office"
        org(group, code, "leadership_group", f"{name}应急工作领导小组", address)
        org(office, code, "emergency_office", f"{name}应急管理办公室", address)
        secretary_leads = rng.random() < 0.6  # 组长: the party secretary, else the head of government
        person(f"{code}/secretary", code, group, f"{kind_word}党委书记", "part_time",
               posts=[(group, "leader" if secretary_leads else "deputy", "组长" if secretary_leads else "副组长")])
        person(f"{code}/head", code, group, f"{kind_word}长", "part_time",
               posts=[(group, "deputy" if secretary_leads else "leader", "副组长" if secretary_leads else "组长")])
        person(f"{code}/deputy", code, group, f"副{kind_word}长(分管应急管理)", "part_time",
               posts=[(group, "deputy", "副组长")])
        for slug, post in (("armed", "武装部部长"), ("police", "派出所所长"), ("clinic", "卫生院院长")):
            person(f"{code}/{slug}", code, group, post, "part_time", posts=[(group, "member", "成员")])
        person(f"{office}/director", code, office, "应急管理办公室主任", "full_time",
               posts=[(office, "leader", "主任"), (group, "member", "成员兼办公室主任")],
               landline=True, id_number=True)
        for i in range(rng.randint(1, 2)):
            person(f"{office}/full{i}", code, office, "工作人员", "full_time",
                   posts=[(office, "staff", "专职工作人员")], id_number=True)
        for i in range(rng.randint(1, 3)):
            person(f"{office}/part{i}", code, office, "工作人员(兼职)", "part_time",
                   posts=[(office, "staff", "兼职工作人员")])

    # Villages: a response group with its head, the committee director and an information officer —
    # except every fifteenth village, which has not appointed one yet, so that the coverage pages
    # (seed 002: at least one officer per village) have gaps to show.
    villages = [row for row in rows if row.get("level") == "village"]
    for index, row in enumerate(villages):
        code = row["code"]
        short = short_village_name(row["name"])
        township = by_code.get(row["parent_code"], {}).get("name", "")
        community = is_community(code, row["name"])
        group = f"{code}/group"
        org(group, code, "response_group", f"{short}应急工作组", f"{township}{row['name']}")
        unit = "社区" if community else "村"
        person(f"{code}/secretary", code, group, f"{unit}党支部书记", "part_time",
               posts=[(group, "leader", "组长")])
        person(f"{code}/director", code, group, "社区居委会主任" if community else "村委会主任", "part_time",
               posts=[(group, "deputy", "副组长")])
        if index % VILLAGES_PER_MISSING_OFFICER != VILLAGES_PER_MISSING_OFFICER - 1:
            person(f"{code}/info", code, group, "信息员", "part_time",
                   posts=[(group, "member", "信息员")], id_number=True)
    return plan


# --- Loading ------------------------------------------------------------------------------------


@dataclass
class DemoLogin:
    username: str
    role: str
    role_label: str
    role_label_en: str
    division_name: str
    person_name: str
    created: bool


@dataclass
class DemoSummary:
    password: str
    logins: list[DemoLogin]
    divisions: dict[str, int]  # created / updated / unchanged by the import
    created: dict[str, int]  # rows this run added, per model
    counts: dict[str, int]  # rows now in the county, per model
    seconds: float


class DemoError(Exception):
    pass


def load_demo(*, stdout=None) -> DemoSummary:
    """Load (or top up) the demo county and its logins; safe to run any number of times."""
    started = time.perf_counter()

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(f"  {message}  ({time.perf_counter() - started:.1f} s)")

    raw_rows = read_table(DATA_FILE.read_bytes(), DATA_FILE.name)
    rows, areas = enrich(raw_rows)
    with transaction.atomic():
        result = division_import(actor=None, raw_rows=rows, valid_only=False)
        if not result.applied:
            problems = "; ".join(f"line {r.line}: {' '.join(r.errors)}" for r in result.error_rows[:5])
            raise DemoError(f"the demo divisions could not be imported: {problems}")
        county = Division.objects.get(code=COUNTY_CODE)
        divisions = {d.code: d for d in Division.objects.within(county)}
        stale = []
        for code, area in areas.items():
            division = divisions.get(code)
            if division is not None and division.area_km2 != area:
                division.area_km2 = area
                stale.append(division)
        if stale:
            Division.objects.bulk_update(stale, ["area_km2"])
        say(f"区划 divisions: {result.created} new, {result.updated} updated, {result.unchanged} unchanged")

        created = dict.fromkeys(("organisations", "people", "memberships", "users"), 0)
        plan = staff_plan(rows)
        orgs = _apply_organisations(plan, divisions, county, created)
        people = _apply_people(plan, divisions, orgs, county, created)
        _apply_memberships(plan, orgs, people, county, created)
        say(f"机构 organisations +{created['organisations']}, 人员 people +{created['people']}, "
            f"职务 memberships +{created['memberships']}")
        logins = _apply_users(divisions, people, created)
        say(f"用户 users +{created['users']}")

    # Each capability tops up its own demo records (yingji/<app>/demo.py: `load_demo(county, say)`),
    # each in its own transaction and, like the above, without duplicating on a second run.
    for module in capability_modules("demo", exclude=("yingji.divisions",)):
        with transaction.atomic():
            module.load_demo(county, say)

    counts = {
        "divisions": len(divisions),
        "organisations": Organisation.objects.within(county).count(),
        "people": Person.objects.within(county).count(),
        "memberships": Membership.objects.within(county).count(),
        "users": User.objects.within(county).count(),
    }
    return DemoSummary(
        password=DEMO_PASSWORD, logins=logins,
        divisions={"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        created=created, counts=counts, seconds=time.perf_counter() - started,
    )


def _apply_organisations(plan, divisions, county, created) -> dict[str, Organisation]:
    existing = {(o.division_id, o.kind, o.name): o for o in Organisation.objects.within(county)}
    found: dict[str, Organisation] = {}
    for item in plan.organisations:
        division = divisions[item.division_code]
        obj = existing.get((division.pk, item.kind, item.name))
        if obj is None:
            obj = services.organisation_create(actor=None, data={
                "division": division, "kind": item.kind, "name": item.name,
                "phone": item.phone, "address": item.address,
            })
            created["organisations"] += 1
        found[item.key] = obj
    return found


def _apply_people(plan, divisions, orgs, county, created) -> dict[str, Person]:
    existing = {(p.division_id, p.name, p.organisation_id): p for p in Person.objects.within(county)}
    found: dict[str, Person] = {}
    for item in plan.people:
        division, organisation = divisions[item.division_code], orgs[item.org_key]
        obj = existing.get((division.pk, item.name, organisation.pk))
        if obj is None:
            obj = services.person_create(actor=None, data={
                "division": division, "organisation": organisation, "name": item.name, "post": item.post,
                "employment": item.employment, "mobile": item.mobile, "landline": item.landline,
                "id_number": item.id_number,
            })
            created["people"] += 1
        found[item.key] = obj
    return found


def _apply_memberships(plan, orgs, people, county, created) -> None:
    existing = set(Membership.objects.within(county).values_list("organisation_id", "person_id"))
    for item in plan.memberships:
        organisation, person = orgs[item.org_key], people[item.person_key]
        if (organisation.pk, person.pk) in existing:
            continue
        services.membership_create(actor=None, data={
            "organisation": organisation, "person": person, "rank": item.rank, "title": item.title,
        })
        existing.add((organisation.pk, person.pk))
        created["memberships"] += 1


def _apply_users(divisions, people, created) -> list[DemoLogin]:
    existing = {u.username: u for u in User.objects.filter(username__in=[u.username for u in USERS])}
    bound = set(User.objects.filter(person__isnull=False).values_list("person_id", flat=True))
    logins = []
    for item in USERS:
        division = divisions[item.division_code]
        person = people.get(item.person_key)
        user = existing.get(item.username)
        is_new = user is None
        if is_new:
            user = services.user_create(
                actor=None, username=item.username, password=DEMO_PASSWORD, division=division,
                role=item.role, person=person if person is not None and person.pk not in bound else None,
            )
            created["users"] += 1
        role = Role(user.role) if user.role in Role.values else None
        logins.append(DemoLogin(
            username=user.username, role=user.role,
            role_label=str(role.label) if role else user.role,
            role_label_en=ROLE_LABELS_EN.get(role, "") if role else "",
            division_name=user.division.name if user.division_id else "",
            person_name=user.person.name if user.person_id else "",
            created=is_new,
        ))
    return logins


# --- Printing -----------------------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_logins(summary: DemoSummary, url: str) -> str:
    """The logins as a plain-text table, Chinese with English in parentheses."""
    header = ["用户名 (username)", "密码 (password)", "角色 (role)", "所属区划 (division)"]
    rows = []
    for login in summary.logins:
        role = f"{login.role_label} ({login.role_label_en})" if login.role_label_en else login.role_label
        password = summary.password + ("" if login.created else " *")
        rows.append([login.username, password, role, login.division_name])
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "演示账号 (demo logins):",
        "  " + "  ".join(_pad(h, w) for h, w in zip(header, widths, strict=True)),
        "  " + "  ".join("-" * w for w in widths),
    ]
    lines += ["  " + "  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    if any(not login.created for login in summary.logins):
        lines.append("  * 账号此前已存在，密码未重置 (account existed before; its password was left as it was)")
    lines += ["", f"访问地址 (open): {url}"]
    return "\n".join(lines)
