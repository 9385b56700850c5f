"""Teams: village norms (seed 000), the county summary, officer coverage (seed 002), import checks,
the list filters and their query count, the public page and the map layer."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from yingji.core.imports import import_rows
from yingji.core.permissions import Role
from yingji.divisions.models import Division, Membership
from yingji.divisions.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    two_townships,
)
from yingji.resources import layers
from yingji.teams import selectors, services
from yingji.teams.models import Speciality, Team, TeamMember
from yingji.teams.registers import MEMBERS, OFFICERS, TEAMS
from yingji.teams.rules import VILLAGE_TEAM_SIZE, Kind, Level, Readiness
from yingji.teams.tests.factories import InfoOfficerFactory, TeamFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return two_townships()


def village(world, key: str, suffix: int, size_class: str = "", **extra) -> Division:
    town = world.tree[f"town_{key}"]
    return Division.objects.create(code=f"{town.code[:9]}{suffix:03d}", name=f"{town.name}{suffix}村",
                                   level="village", parent=town, size_class=size_class, **extra)


def village_team(division, members: int, **extra) -> Team:
    team = TeamFactory(division=division, level=Level.VILLAGE, kind=Kind.VILLAGE_RESPONSE,
                       name=f"{division.name}应急响应队", **extra)
    for _ in range(members):
        TeamMemberFactory(team=team, person=PersonFactory(division=division))
    return team


def xlsx(header, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_seed_000_norms_are_25_20_15_by_village_size():
    assert VILLAGE_TEAM_SIZE == {"large": 25, "medium": 20, "small": 15}


@pytest.mark.parametrize(("size_class", "norm"), [("large", 25), ("medium", 20), ("small", 15)])
def test_a_village_team_is_under_staffed_below_its_size_class_norm(world, size_class, norm):
    short = village_team(village(world, "a", 301, size_class), norm - 1)
    full = village_team(village(world, "a", 302, size_class), norm)
    counted = {t.pk: t for t in selectors.with_counts(Team.objects.all())}
    assert (counted[short.pk].norm, counted[short.pk].member_count) == (norm, norm - 1)
    assert (counted[full.pk].norm, counted[full.pk].member_count) == (norm, norm)
    listed = list(selectors.under_staffed(Team.objects.all()))
    assert [t.pk for t in listed] == [short.pk] and listed[0].shortfall == 1


def test_deleted_members_and_other_kinds_do_not_count(world):
    team = village_team(village(world, "a", 303, "small"), 15)
    services.soft_delete(actor=None, obj=TeamMember.objects.filter(team=team).first())
    TeamFactory(division=world.tree["town_a"])  # a township team has no village norm
    assert [t.pk for t in selectors.under_staffed(Team.objects.all())] == [team.pk]
    assert selectors.with_counts(Team.objects.filter(pk=team.pk)).get().member_count == 14


def test_county_summary_counts_teams_and_people_per_group(world):
    county, town_a, town_b = world.tree["county"], world.tree["town_a"], world.tree["town_b"]
    department = TeamFactory(division=county, level=Level.COUNTY, kind=Kind.PROFESSIONAL)
    TeamFactory(division=county, level=Level.COUNTY, kind=Kind.COUNTY_COMPREHENSIVE)
    for town, people in ((town_a, 3), (town_b, 2)):
        team = TeamFactory(division=town)
        for _ in range(people):
            TeamMemberFactory(team=team, person=PersonFactory(division=town))
    village_team(village(world, "a", 304, "small"), 4)
    TeamMemberFactory(team=department, person=PersonFactory(division=county))
    TeamFactory(division=town_a, level=Level.TOWNSHIP, kind=Kind.VOLUNTEER)
    gone = TeamFactory(division=town_b)
    services.team_delete(actor=None, obj=gone)

    rows = {r.key: (r.teams, r.people) for r in selectors.county_summary(county)}
    assert rows == {"department": (2, 1), "township": (2, 5), "village": (1, 4), "other": (1, 0)}
    rows_a = {r.key: (r.teams, r.people) for r in selectors.county_summary(town_a)}
    assert rows_a == {"department": (0, 0), "township": (1, 3), "village": (1, 4), "other": (1, 0)}


def test_summary_page_and_export(client, world):
    TeamFactory(division=world.tree["town_a"])
    client.force_login(world.county_user)
    page = client.get(reverse("teams-summary"))
    assert page.status_code == 200 and page.context["total_teams"] == 1
    sheet = load_workbook(io.BytesIO(client.get(reverse("teams-summary"), {"format": "xlsx"}).content)).active
    assert [c.value for c in sheet[3]][1:] == [1, 0]  # the township row
    assert [c.value for c in sheet[sheet.max_row]][1] == 1  # the total


def test_norms_page_lists_short_teams_and_villages_without_a_team(client, world):
    short = village_team(village(world, "a", 305, "medium"), 2)
    bare = village(world, "a", 306, "small")
    village_team(village(world, "b", 305, "medium"), 1)
    client.force_login(world.user_a)
    page = client.get(reverse("teams-norms"))
    assert [t.pk for t in page.context["teams"]] == [short.pk]
    assert bare in page.context["missing"] and world.tree["village_b"] not in page.context["missing"]
    sheet = load_workbook(io.BytesIO(client.get(reverse("teams-norms"), {"format": "xlsx"}).content)).active
    assert [c.value for c in sheet[2]][2:] == [short.name, 20, 2, 18]


def test_info_officer_coverage_counts_the_register_and_the_membership_convention(client, world):
    registered = village(world, "a", 310)
    InfoOfficerFactory(division=registered, person=PersonFactory(division=registered))
    by_title = village(world, "a", 311)
    group = OrganisationFactory(division=by_title, kind="response_group")
    MembershipFactory(organisation=group, person=PersonFactory(division=by_title), title="应急信息员")
    inactive = village(world, "a", 312)
    InfoOfficerFactory(division=inactive, person=PersonFactory(division=inactive), active=False)
    other_title = village(world, "a", 313)
    MembershipFactory(organisation=OrganisationFactory(division=other_title, kind="response_group"),
                      person=PersonFactory(division=other_title), title="组长")
    deleted = village(world, "a", 314)
    m = MembershipFactory(organisation=OrganisationFactory(division=deleted, kind="response_group"),
                          person=PersonFactory(division=deleted), title="信息员")
    Membership.objects.filter(pk=m.pk).update(deleted_at="2026-01-01T00:00:00Z")

    gaps = {v.code for v in selectors.coverage_gaps(world.tree["town_a"])}
    assert gaps == {world.tree["village_a"].code, inactive.code, other_title.code, deleted.code}
    assert selectors.coverage_counts(world.tree["town_a"]) == {
        "villages": 6, "in_register": 1, "by_membership_only": 1, "gaps": 4}

    client.force_login(world.user_a)
    page = client.get(reverse("teams-coverage"))
    assert {v.code for v in page.context["gaps"]} == gaps
    sheet = load_workbook(io.BytesIO(client.get(reverse("teams-coverage"), {"format": "xlsx"}).content)).active
    assert {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)} == gaps


def test_service_checks_kind_against_division_level_and_leader_scope(world):
    with pytest.raises(Exception) as err:
        services.team_create(actor=world.user_a, data={"division": world.tree["town_a"], "name": "甲村队",
                                                       "level": Level.VILLAGE, "kind": Kind.VILLAGE_RESPONSE})
    assert "division" in err.value.field_errors
    with pytest.raises(Exception) as err:
        services.team_create(actor=world.user_a, data={"division": world.tree["town_a"], "name": "乙队",
                                                       "level": Level.TOWNSHIP, "kind": Kind.TOWNSHIP_FULL_TIME,
                                                       "leader": world.person_b})
    assert "leader" in err.value.field_errors
    with pytest.raises(Exception) as err:
        services.officer_create(actor=world.user_a, data={"division": world.tree["town_a"],
                                                          "person": world.person_a})
    assert "division" in err.value.field_errors
    assert not Team.objects.exists()


def test_import_creates_teams_with_specialities_and_refuses_unknown_ones_and_foreign_people(world):
    header = ["所属区划", "队伍名称", "队伍层级", "队伍类别", "专长", "队长", "战备状态"]
    good = ["锁南镇", "锁南镇专职救援队", "乡镇级", "乡镇专职队", "防汛抗洪、水上救援", world.person_a.name, "待命"]
    result = import_rows(TEAMS, actor=world.user_a, data=xlsx(header, [good]))
    assert result.applied and not result.error_rows
    team = Team.objects.get(name="锁南镇专职救援队")
    assert {s.code for s in team.specialities.all()} == {"flood", "water"} and team.leader == world.person_a

    unknown = ["锁南镇", "二队", "乡镇级", "乡镇专职队", "防汛抗洪、飞行救援", "", "待命"]
    foreign = ["锁南镇", "三队", "乡镇级", "乡镇专职队", "消防灭火", world.person_b.name, "待命"]
    result = import_rows(TEAMS, actor=world.user_a, data=xlsx(header, [unknown, foreign]))
    assert not result.applied and [r.line for r in result.error_rows] == [2, 3]
    assert "专长" in result.rows[0].errors[0] and "飞行救援" in result.rows[0].errors[0]
    assert result.rows[1].errors[0].startswith("队长")
    assert Team.objects.count() == 1


def test_member_and_officer_import_keep_to_the_users_subtree(world):
    team = TeamFactory(division=world.tree["town_a"], name="锁南镇专职队")
    result = import_rows(MEMBERS, actor=world.user_a, data=xlsx(
        ["队伍", "人员", "人员来源"], [["锁南镇专职队", world.person_a.name, "民兵"],
                                  ["锁南镇专职队", world.person_b.name, "民兵"]]))
    assert [r.line for r in result.error_rows] == [3] and "人员" in result.rows[1].errors[0]
    result = import_rows(MEMBERS, actor=world.user_a, data=xlsx(
        ["队伍", "人员", "人员来源"], [["锁南镇专职队", world.person_a.name, "民兵"]]))
    assert result.applied and TeamMember.objects.get().division == team.division
    result = import_rows(OFFICERS, actor=world.user_a, data=xlsx(
        ["所在村(社区)", "人员", "类别", "培训情况"], [[world.tree["village_a"].code, world.person_a.name, "网格员",
                                                "已培训"]]))
    assert result.applied


def test_list_filters_by_speciality_and_under_staffed_without_n_plus_1(client, world, django_assert_max_num_queries):
    water = Speciality.objects.get(code="water")
    for i in range(6):
        team = village_team(village(world, "a", 320 + i, "small"), i)
        if i % 2:
            team.specialities.add(water, Speciality.objects.get(code="fire"))
    client.force_login(world.user_a)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("teams-list"))
    assert len(page.context["rows"]) == 6
    names = {obj.name for obj, _cells in client.get(reverse("teams-list"), {"speciality": "water"}).context["rows"]}
    assert len(names) == 3 and all(Team.objects.get(name=n).specialities.filter(code="water").exists() for n in names)
    rows = client.get(reverse("teams-list"), {"understaffed": "1", "speciality": "water"}).context["rows"]
    assert len(rows) == 3
    export = client.get(reverse("teams-export"), {"speciality": "water"})
    assert load_workbook(io.BytesIO(export.content)).active.max_row == 4


def test_member_and_officer_lists_without_n_plus_1(client, world, django_assert_max_num_queries):
    team = village_team(world.tree["village_a"], 8)
    for member in TeamMember.objects.filter(team=team):
        InfoOfficerFactory(division=world.tree["village_a"], person=member.person)
    client.force_login(world.user_a)
    for name in ("team-members-list", "info-officers-list"):
        with django_assert_max_num_queries(10):
            assert len(client.get(reverse(name)).context["rows"]) == 8
    with django_assert_max_num_queries(14):
        assert client.get(reverse("teams-detail", args=[team.pk])).status_code == 200


def test_public_page_shows_public_fields_only(client, world):
    team = TeamFactory(division=world.tree["town_a"], name="锁南镇专职救援队", duty_phone="0930-7120001")
    team.specialities.add(Speciality.objects.get(code="flood"))
    leader = PersonFactory(division=world.tree["town_a"], name="马队长", mobile="13912345678")
    Team.objects.filter(pk=team.pk).update(leader=leader)
    TeamMemberFactory(team=team, person=PersonFactory(division=world.tree["town_a"], name="韩队员",
                                                     mobile="13800001111"))
    TeamFactory(division=world.tree["town_b"], name="停用的队", readiness=Readiness.STOOD_DOWN)
    body = client.get(reverse("teams-public")).content.decode()
    assert "锁南镇专职救援队" in body and "防汛抗洪" in body and "0930-7120001" in body
    for secret in ("马队长", "13912345678", "韩队员", "13800001111", "停用的队"):
        assert secret not in body
    only_b = client.get(reverse("teams-public"), {"township": world.tree["town_b"].code}).content.decode()
    assert "锁南镇专职救援队" not in only_b


def test_pages_open_for_each_role_and_exports_only_for_those_who_may(client, world):
    TeamFactory(division=world.tree["town_a"])
    for role in Role:
        client.force_login(UserFactory(division=world.tree["town_a"], role=role))
        for name in ("teams-summary", "teams-norms", "teams-coverage", "teams-list", "teams-public"):
            assert client.get(reverse(name)).status_code == 200, (role, name)
        export = client.get(reverse("teams-summary"), {"format": "xlsx"}).status_code
        assert export == (403 if role == Role.INFO_OFFICER else 200), role
    client.logout()
    assert client.get(reverse("teams-summary")).status_code == 302


def test_map_layer_narrows_the_nearest_teams_to_a_speciality(client, world):
    water = Speciality.objects.get(code="water")
    near_dry = TeamFactory(division=world.tree["town_a"], latitude="35.600000", longitude="103.400000")
    wet = TeamFactory(division=world.tree["town_a"], latitude="35.700000", longitude="103.500000")
    wet.specialities.add(water)
    far_wet = TeamFactory(division=world.tree["town_a"], latitude="36.200000", longitude="104.000000")
    far_wet.specialities.add(water)
    other_town = TeamFactory(division=world.tree["town_b"], latitude="35.600100", longitude="103.400100")
    other_town.specialities.add(water)
    TeamFactory(division=world.tree["town_a"], latitude="35.600000", longitude="103.400000",
                readiness=Readiness.STOOD_DOWN).specialities.add(water)
    layer = layers.layer_for(world.user_a, "teams")
    assert ("water", "水上救援") in layer.options[0].choices(world.user_a)
    client.force_login(world.user_a)
    response = client.get(reverse("resource-nearest"), {"layer": "teams", "lat": "35.6", "lng": "103.4", "n": "5",
                                                        "speciality": "water"})
    assert [r.pk for r in response.context["results"]] == [wet.pk, far_wet.pk]
    everything = client.get(reverse("resource-nearest"), {"layer": "teams", "lat": "35.6", "lng": "103.4",
                                                          "n": "1"})
    assert [r.pk for r in everything.context["results"]] == [near_dry.pk]


def test_home_page_points_at_short_teams_and_villages_without_officers(client, world):
    village_team(village(world, "a", 330, "small"), 3)
    client.force_login(world.user_a)
    items = {item.title: item.count for item in client.get(reverse("home")).context["items"]}
    assert items["人数不足的村级应急响应队"] == 1
    assert items["无信息员的村(社区)"] == 2  # village_a and the new village
