"""Deterministic synthetic divisions, offices, people and users for benchmarks and load tests.

Pure functions: given a scale, a seed and a province code they return plain rows; the `seed`
command turns them into bulk inserts. The same arguments give the same rows on any machine
(`random.Random` seeded with a string hashes it with SHA-512, independent of PYTHONHASHSEED), and
each division's children come from a generator seeded with that division's own code, so rows do
not depend on the order they are produced in.

Codes follow 统计用区划代码 (RULES.md R10.2): 2/2/2/3/3 digits; counties 02–20 区, 21–80 县,
81–99 县级市; townships 001–099 街道, 100–199 镇, 200–399 乡; villages 001–199 社区 (居委会),
200–399 村 (村委会). The default province code 98 is not a real province (real ones run 11–82), so
synthetic rows never collide with imported real divisions.

Synthetic people carry ID numbers under the synthetic province (no real person has one) and no phone
numbers: any 11-digit mobile could belong to a real subscriber, and a load test with a live SMS
channel must not be able to reach one.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal


@dataclass(frozen=True)
class Scale:
    name: str
    cities: int
    counties: int
    townships: int
    villages: int


SCALES = {
    "county": Scale("county", cities=1, counties=1, townships=24, villages=200),
    "province": Scale("province", cities=14, counties=100, townships=1500, villages=25000),
}

# Syllables common in place names; none is a level suffix (省市县区镇乡村), so a name's suffix is
# always its only level word.
PLACE_SYLLABLES = (
    "安宝北碧博昌常朝辰城崇川春大丹道德东栋丰峰凤福富甘岗高广桂海汉和河红虹鸿厚湖华怀黄"
    "辉吉嘉建江金锦晋景敬靖静康兰乐黎联良林临灵柳龙隆鹿罗马梅美民明木南宁平浦齐祁千桥青"
    "清庆秋泉仁荣瑞三沙山上尚胜石寿双顺四松泰太桃天田通同团万旺文武西溪夏祥新星兴秀阳"
    "杨尧耀永友玉元园源岳云长正中周竹"
)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史"
)
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红梅志文辉鹏飞宇浩然子涵"
    "欣怡晨阳海燕雪琳晓东春生永福德胜成林小龙俊峰宏斌振华玲凤云忠正良新民兴旺佳慧思源"
)

PROVINCE_CENTRE = (35.5, 104.5)  # latitude, longitude; a plausible inland point


@dataclass(frozen=True)
class DivisionRow:
    code: str
    name: str
    level: str
    parent_code: str | None
    size_class: str = ""
    area_type: str = ""
    population: int | None = None
    area_km2: Decimal | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    risk_zone: str = ""


@dataclass(frozen=True)
class OrganisationRow:
    division_code: str
    kind: str
    name: str


@dataclass(frozen=True)
class PersonRow:
    """A person, the organisation they work in, and their posts (kind, rank, title) in its division."""

    key: str  # unique within a run: division code + position, for linking users to people
    division_code: str
    organisation_kind: str
    name: str
    post: str
    employment: str
    id_number: str
    posts: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class UserRow:
    username: str
    division_code: str
    role: str
    person_key: str


@dataclass
class Tree:
    """Every synthetic division of one run, by level, in code order."""

    levels: dict[str, list[DivisionRow]] = field(default_factory=dict)

    def all(self) -> Iterator[DivisionRow]:
        for rows in self.levels.values():
            yield from rows

    def count(self, level: str) -> int:
        return len(self.levels.get(level, []))


def _rng(seed: int, *parts: str) -> random.Random:
    return random.Random("/".join([str(seed), *parts]))  # noqa: S311 - synthetic data, not secrets


def partition(total: int, parts: int, rng: random.Random, *, spread: float = 0.5, low: int = 1) -> list[int]:
    """Split `total` into `parts` counts that vary by about ±spread around the mean, each ≥ low."""
    if parts <= 0:
        return []
    if total < parts * low:
        raise ValueError(f"cannot split {total} into {parts} parts of at least {low}")
    weights = [rng.uniform(1 - spread, 1 + spread) for _ in range(parts)]
    factor = total / sum(weights)
    raw = [w * factor for w in weights]
    counts = [max(low, int(r)) for r in raw]
    by_remainder = sorted(range(parts), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    step = 0
    while sum(counts) < total:
        counts[by_remainder[step % parts]] += 1
        step += 1
    while sum(counts) > total:
        largest = max(range(parts), key=lambda i: counts[i])
        counts[largest] -= 1
    return counts


def place_name(rng: random.Random, suffix: str, taken: set[str]) -> str:
    """Two syllables and a suffix, unique among `taken` (which it extends)."""
    for _attempt in range(200):
        first, second = rng.sample(PLACE_SYLLABLES, 2)
        name = f"{first}{second}{suffix}"
        if name not in taken:
            taken.add(name)
            return name
    # A parent with more children than two-syllable names: a third syllable always frees one.
    name = f"{rng.choice(PLACE_SYLLABLES)}{len(taken)}{suffix}"
    taken.add(name)
    return name


def person_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN_CHARS) if rng.random() < 0.3 else "".join(rng.sample(GIVEN_CHARS, 2))
    return rng.choice(SURNAMES) + given


def id_number(rng: random.Random, county_code: str) -> str:
    """A checksum-valid 18-digit number issued in the (synthetic) county: 6 + birth date + 3 + check."""
    from yingji.divisions.validators import id_check_char

    born = date(1960, 1, 1) + timedelta(days=rng.randrange(365 * 40))
    first17 = f"{county_code[:6]}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + id_check_char(first17)


def _coord(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


def _jitter(rng: random.Random, centre: tuple[float, float], radius: float) -> tuple[float, float]:
    return centre[0] + rng.uniform(-radius, radius), centre[1] + rng.uniform(-radius, radius) * 1.2


def _size_class(population: int) -> str:
    # Synthetic thresholds only: the norms hang on the class (seed 000), not on a population rule.
    if population >= 3000:
        return "large"
    if population >= 1200:
        return "medium"
    return "small"


def _county_kinds(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(code digits, suffix) for the counties of one city: a few 区, then 县, maybe one 县级市."""
    districts = min(count, 1 + rng.randrange(3)) if count > 1 else 0
    cities = 1 if count - districts >= 4 and rng.random() < 0.5 else 0
    counties = count - districts - cities
    return (
        [(f"{2 + i:02d}", "区") for i in range(districts)]
        + [(f"{21 + i:02d}", "县") for i in range(counties)]
        + [(f"{81 + i:02d}", "市") for i in range(cities)]
    )


def _township_kinds(count: int, county_suffix: str, rng: random.Random) -> list[tuple[str, str]]:
    """(3 code digits, suffix): 001–099 街道, 100–199 镇, 200–399 乡."""
    if county_suffix == "区":
        streets = max(1, round(count * rng.uniform(0.5, 0.9)))
    elif county_suffix == "市":
        streets = min(count, 2 + rng.randrange(3))
    else:
        streets = min(count, rng.randrange(3))
    rest = count - streets
    towns = rest if county_suffix == "区" else round(rest * rng.uniform(0.45, 0.7))
    xiang = rest - towns
    return (
        [(f"{1 + i:03d}", "街道") for i in range(streets)]
        + [(f"{100 + i:03d}", "镇") for i in range(towns)]
        + [(f"{200 + i:03d}", "乡") for i in range(xiang)]
    )


def _village_kinds(count: int, township_suffix: str, rng: random.Random) -> list[tuple[str, str]]:
    """(3 code digits, suffix): 001–199 社区 (居委会), 200–399 村 (村委会)."""
    if township_suffix == "街道":
        communities = count
    elif township_suffix == "镇":
        communities = min(count - 1, 1 + rng.randrange(3)) if count > 1 else 0
    else:
        communities = 0
    return [(f"{1 + i:03d}", "社区") for i in range(communities)] + [
        (f"{201 + i:03d}", "村") for i in range(count - communities)
    ]


DEFAULT_PROVINCE_CODE = "98"


def division_tree(*, scale: str, seed: int = 1, province_code: str = DEFAULT_PROVINCE_CODE) -> Tree:
    """All divisions of a synthetic province (or of one county with its province and city above)."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    if len(province_code) != 2 or not province_code.isdigit() or province_code == "00":
        raise ValueError("the province code must be two digits other than 00")
    size = SCALES[scale]
    top = _rng(seed, province_code, "counts")
    counties_per_city = partition(size.counties, size.cities, top, spread=0.4)
    townships_per_county = partition(size.townships, size.counties, top, spread=0.35)
    villages_per_township = partition(size.villages, size.townships, top, spread=0.6)
    if max(villages_per_township) > 199 or max(townships_per_county) > 99:
        raise ValueError("too many children for the code ranges of one parent")

    tree = Tree(levels={level: [] for level in ("province", "city", "county", "township", "village")})
    province = DivisionRow(
        code=province_code + "0" * 10,
        name="模拟省",
        level="province",
        parent_code=None,
        latitude=_coord(PROVINCE_CENTRE[0]),
        longitude=_coord(PROVINCE_CENTRE[1]),
    )
    county_index = township_index = 0
    city_names: set[str] = set()
    prov_rng = _rng(seed, province.code)
    cities, counties, townships, villages = [], [], [], []
    # County scale hangs its county under 90 (省直辖县级行政区划), apart from the province scale's
    # cities 01–14, so loading both scales into one database gives two clean trees.
    city_numbers = [90] if scale == "county" else list(range(1, size.cities + 1))
    for city_index, city_no in enumerate(city_numbers):
        city_code = f"{province_code}{city_no:02d}" + "0" * 8
        city_centre = _jitter(prov_rng, PROVINCE_CENTRE, 2.5 if size.cities > 1 else 0)
        city_rows_rng = _rng(seed, city_code)
        county_names: set[str] = set()
        city_counties = []
        for digits, suffix in _county_kinds(counties_per_city[city_index], city_rows_rng):
            county_code = city_code[:4] + digits + "0" * 6
            county_rng = _rng(seed, county_code)
            county_centre = _jitter(county_rng, city_centre, 0.6)
            township_names: set[str] = set()
            county_townships = []
            kinds = _township_kinds(townships_per_county[county_index], suffix, county_rng)
            county_index += 1
            for t_digits, t_suffix in kinds:
                township_code = county_code[:6] + t_digits + "000"
                township_rng = _rng(seed, township_code)
                township_centre = _jitter(township_rng, county_centre, 0.15)
                village_names: set[str] = set()
                township_villages = []
                v_kinds = _village_kinds(villages_per_township[township_index], t_suffix, township_rng)
                township_index += 1
                for v_digits, v_suffix in v_kinds:
                    lat, lon = _jitter(township_rng, township_centre, 0.04)
                    community = v_suffix == "社区"
                    population = (
                        township_rng.randint(1500, 9000)
                        if community
                        else int(township_rng.lognormvariate(7.3, 0.55))
                    )
                    population = max(population, 120)
                    area = township_rng.uniform(0.5, 3) if community else township_rng.uniform(3, 25)
                    name = place_name(township_rng, v_suffix, village_names)
                    township_villages.append(
                        DivisionRow(
                            code=township_code[:9] + v_digits,
                            name=name,
                            level="village",
                            parent_code=township_code,
                            size_class=_size_class(population),
                            area_type="urban" if community else "rural",
                            population=population,
                            area_km2=Decimal(f"{area:.2f}"),
                            latitude=_coord(lat),
                            longitude=_coord(lon),
                        )
                    )
                population = sum(v.population or 0 for v in township_villages)
                name = place_name(county_rng, t_suffix, township_names)
                townships.append(
                    DivisionRow(
                        code=township_code,
                        name=name,
                        level="township",
                        parent_code=county_code,
                        area_type="urban" if t_suffix == "街道" else "rural",
                        population=population,
                        area_km2=sum((v.area_km2 or Decimal(0) for v in township_villages), Decimal("0.00")),
                        latitude=_coord(township_centre[0]),
                        longitude=_coord(township_centre[1]),
                        risk_zone=township_rng.choices(("high", "medium", "low"), weights=(2, 3, 5))[0],
                    )
                )
                county_townships.append(townships[-1])
                villages.extend(township_villages)
            counties.append(
                DivisionRow(
                    code=county_code,
                    name=place_name(city_rows_rng, suffix, county_names),
                    level="county",
                    parent_code=city_code,
                    area_type="urban" if suffix == "区" else "rural",
                    population=sum(t.population or 0 for t in county_townships),
                    latitude=_coord(county_centre[0]),
                    longitude=_coord(county_centre[1]),
                )
            )
            city_counties.append(counties[-1])
        city_name = "省直辖县级行政区划" if city_no == 90 else place_name(prov_rng, "市", city_names)
        cities.append(
            DivisionRow(
                code=city_code,
                name=city_name,
                level="city",
                parent_code=province.code,
                population=sum(c.population or 0 for c in city_counties),
                latitude=_coord(city_centre[0]),
                longitude=_coord(city_centre[1]),
            )
        )
    province = replace(province, population=sum(c.population or 0 for c in cities))
    tree.levels["province"] = [province]
    tree.levels["city"] = cities
    tree.levels["county"] = counties
    tree.levels["township"] = townships
    tree.levels["village"] = villages
    return tree


OFFICE_POSTS = ("主任", "副主任", "工作人员", "工作人员", "工作人员", "工作人员")


def _head_post(division: DivisionRow) -> str:
    if division.level == "county":
        return {"区": "区长", "市": "市长"}.get(division.name[-1], "县长")
    return {"镇": "镇长", "乡": "乡长"}.get(division.name[-1], "街道办事处主任")


def staff(division: DivisionRow, *, seed: int = 1) -> tuple[list[OrganisationRow], list[PersonRow]]:
    """The offices of one division and the people in them.

    County and township: 应急工作领导小组 (the head of government as 组长, the office director as
    副组长) and 应急管理办公室 with 3–6 staff. Village: 应急工作组 with a leader, a member and an
    information officer.
    """
    rng = _rng(seed, division.code, "staff")
    if division.level == "village":
        group = OrganisationRow(division.code, "response_group", f"{division.name}应急工作组")
        roles = (
            ("村党组织书记" if division.name.endswith("村") else "社区党组织书记", "leader", "组长"),
            ("村委会委员" if division.name.endswith("村") else "社区居委会委员", "member", "成员"),
            ("应急信息员", "member", "信息员"),
        )
        people = [
            PersonRow(
                key=f"{division.code}/{i}",
                division_code=division.code,
                organisation_kind="response_group",
                name=person_name(rng),
                post=post,
                employment="part_time",
                id_number=id_number(rng, division.code),
                posts=(("response_group", rank, title),),
            )
            for i, (post, rank, title) in enumerate(roles)
        ]
        return [group], people
    if division.level not in ("county", "township"):
        return [], []
    prefix = division.name
    leadership = OrganisationRow(division.code, "leadership_group", f"{prefix}应急工作领导小组")
    office = OrganisationRow(division.code, "emergency_office", f"{prefix}应急管理办公室")
    people = [
        PersonRow(
            key=f"{division.code}/head",
            division_code=division.code,
            organisation_kind="leadership_group",
            name=person_name(rng),
            post=_head_post(division),
            employment="full_time",
            id_number=id_number(rng, division.code),
            posts=(("leadership_group", "leader", "组长"),),
        )
    ]
    for i in range(rng.randint(3, 6)):
        post = OFFICE_POSTS[i]
        rank = "leader" if i == 0 else "staff"
        posts: tuple[tuple[str, str, str], ...] = (("emergency_office", rank, post),)
        if i == 0:
            posts += (("leadership_group", "deputy", "副组长"),)
        elif i == 1:
            posts += (("leadership_group", "member", "成员"),)
        people.append(
            PersonRow(
                key=f"{division.code}/{i}",
                division_code=division.code,
                organisation_kind="emergency_office",
                name=person_name(rng),
                post=post,
                employment="full_time" if i < 3 else "part_time",
                id_number=id_number(rng, division.code),
                posts=posts,
            )
        )
    return [leadership, office], people


def users(tree: Tree, division_codes: set[str] | None = None) -> list[UserRow]:
    """One account per county (its office director) and per township (ditto), and one village
    information officer per township (in its first village); only for `division_codes` if given."""
    rows = []
    wanted = (lambda code: True) if division_codes is None else division_codes.__contains__
    for county in tree.levels["county"]:
        if wanted(county.code):
            rows.append(UserRow(f"seed-{county.code}", county.code, "county_staff", f"{county.code}/0"))
    first_village: dict[str, DivisionRow] = {}
    for village in tree.levels["village"]:
        first_village.setdefault(village.parent_code or "", village)
    for township in tree.levels["township"]:
        if wanted(township.code):
            rows.append(
                UserRow(f"seed-{township.code}", township.code, "township_staff", f"{township.code}/0")
            )
        village = first_village.get(township.code)
        if village is not None and wanted(village.code):
            rows.append(UserRow(f"seed-{village.code}", village.code, "info_officer", f"{village.code}/2"))
    return rows


# --- Loading ----------------------------------------------------------------------------------
# The one part of this module that touches the database; `yingji seed` calls it.

LEVEL_PLURALS = {
    "province": "provinces",
    "city": "cities",
    "county": "counties",
    "township": "townships",
    "village": "villages",
}


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def seed_load(*, tree: Tree, seed: int = 1, batch_size: int = 2000, progress=None) -> dict[str, int]:
    """Insert the tree's missing divisions and, for each one inserted, its offices, people and users.

    Bench data, not user input: rows are built from the generator (which the tests check against
    the validators) and bulk-inserted level by level without `full_clean()`, signals or per-row
    audit; the caller wraps the call in one transaction and records one audit entry. Divisions
    whose code already exists are skipped with everything under their own offices, so a second run
    with the same arguments adds nothing. Needs a backend that returns ids from bulk inserts
    (PostgreSQL, SQLite ≥ 3.35).
    """
    from django.contrib.auth.hashers import make_password

    from yingji.divisions.models import Division, Membership, Organisation, Person, User

    say = progress or (lambda message: None)
    province = tree.levels["province"][0]
    # A prefix match, not core.scoping's range: a handful of queries, and right for any province code.
    in_province = Division.all_objects.filter(code__startswith=province.code[:2])
    existing = set(in_province.values_list("code", flat=True))
    created = dict.fromkeys(("divisions", "organisations", "people", "memberships", "users"), 0)
    ids: dict[str, int] = {}
    fresh: dict[str, list[DivisionRow]] = {}
    for level, rows in tree.levels.items():
        fresh[level] = [row for row in rows if row.code not in existing]
        done = 0
        for chunk in _chunks(fresh[level], batch_size):
            Division.all_objects.bulk_create(
                [
                    Division(
                        code=row.code,
                        name=row.name,
                        level=row.level,
                        parent_id=ids[row.parent_code] if row.parent_code else None,
                        size_class=row.size_class,
                        area_type=row.area_type,
                        population=row.population,
                        area_km2=row.area_km2,
                        latitude=row.latitude,
                        longitude=row.longitude,
                        risk_zone=row.risk_zone,
                    )
                    for row in chunk
                ],
                batch_size=batch_size,
                ignore_conflicts=True,
            )
            done += len(chunk)
            say(f"{LEVEL_PLURALS[level]} {done}/{len(rows)}")
        created["divisions"] += len(fresh[level])
        # One query per level: ids of the whole level, new and old, for the next level's parents.
        ids.update(in_province.filter(level=level).values_list("code", "id"))

    new_codes = {row.code for rows in fresh.values() for row in rows}
    user_rows = users(tree, new_codes)
    wanted_people = {row.person_key for row in user_rows}
    person_ids: dict[str, int] = {}
    for level in ("county", "township", "village"):
        rows = fresh[level]
        done = 0
        # Villages have 3 people each, offices up to 7: chunks keep each insert near batch_size rows.
        per_chunk = max(1, batch_size // (3 if level == "village" else 7))
        for chunk in _chunks(rows, per_chunk):
            org_rows: list[OrganisationRow] = []
            person_rows: list[PersonRow] = []
            for row in chunk:
                orgs, people = staff(row, seed=seed)
                org_rows += orgs
                person_rows += people
            orgs_made = Organisation.all_objects.bulk_create(
                [Organisation(division_id=ids[o.division_code], kind=o.kind, name=o.name) for o in org_rows],
                batch_size=batch_size,
            )
            org_ids = {
                (o.division_code, o.kind): made.pk for o, made in zip(org_rows, orgs_made, strict=True)
            }
            people_made = Person.all_objects.bulk_create(
                [
                    Person(
                        division_id=ids[p.division_code],
                        organisation_id=org_ids[(p.division_code, p.organisation_kind)],
                        name=p.name,
                        post=p.post,
                        employment=p.employment,
                        id_number=p.id_number,
                    )
                    for p in person_rows
                ],
                batch_size=batch_size,
            )
            memberships = [
                Membership(
                    division_id=ids[p.division_code],
                    organisation_id=org_ids[(p.division_code, kind)],
                    person_id=made.pk,
                    rank=rank,
                    title=title,
                )
                for p, made in zip(person_rows, people_made, strict=True)
                for kind, rank, title in p.posts
            ]
            Membership.all_objects.bulk_create(memberships, batch_size=batch_size)
            person_ids.update(
                (p.key, made.pk)
                for p, made in zip(person_rows, people_made, strict=True)
                if p.key in wanted_people
            )
            created["organisations"] += len(orgs_made)
            created["people"] += len(people_made)
            created["memberships"] += len(memberships)
            done += len(chunk)
            say(f"offices and people: {LEVEL_PLURALS[level]} {done}/{len(rows)}")

    # Synthetic accounts cannot log in: an unusable password each, nothing printed.
    accounts = [
        User(
            username=u.username,
            division_id=ids[u.division_code],
            role=u.role,
            person_id=person_ids.get(u.person_key),
            password=make_password(None),
        )
        for u in user_rows
    ]
    for chunk in _chunks(accounts, batch_size):
        User.objects.bulk_create(chunk, batch_size=batch_size, ignore_conflicts=True)
        created["users"] += len(chunk)
        say(f"users {created['users']}/{len(accounts)}")
    return created
