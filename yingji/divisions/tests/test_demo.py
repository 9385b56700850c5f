"""`yingji demo`: the demo county, its offices and people, one login per role; idempotent."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.urls import reverse

from yingji.core.permissions import Role
from yingji.divisions import demo
from yingji.divisions.imports import read_table
from yingji.divisions.models import Division, Membership, Organisation, Person, User
from yingji.divisions.validators import MOBILE_RE, validate_id_number, validate_phone

USERNAMES = [user.username for user in demo.USERS]


@pytest.fixture(scope="module")
def summary(django_db_setup, django_db_blocker):
    """One load for the module (it takes a few seconds), rolled back after the module's tests;
    each test still runs in its own savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield demo.load_demo()
        transaction.set_rollback(True)


def counts() -> dict[str, int]:
    return {
        model.__name__: model._base_manager.count()
        for model in (Division, Organisation, Person, Membership, User)
    }


def test_enrichment_and_staff_plan_are_deterministic():
    raw = read_table(demo.DATA_FILE.read_bytes(), demo.DATA_FILE.name)
    first, second = demo.enrich(raw), demo.enrich(raw)
    assert first == second
    assert demo.staff_plan(first[0]) == demo.staff_plan(second[0])


@pytest.mark.django_db
def test_the_county_has_24_townships_and_208_villages_with_all_size_classes(summary):
    by_level = dict(Division.objects.values_list("level").annotate(n=Count("id")))
    assert by_level == {"province": 1, "city": 1, "county": 1, "township": 24, "village": 208}
    villages = Division.objects.filter(level="village")
    assert set(villages.values_list("size_class", flat=True)) == {"large", "medium", "small"}
    assert not villages.filter(population__isnull=True).exists()
    assert not villages.filter(latitude__isnull=True).exists()
    communities = villages.filter(name__contains="社区")
    assert set(communities.values_list("area_type", flat=True)) == {"urban"}
    assert set(villages.exclude(name__contains="社区").values_list("area_type", flat=True)) == {"rural"}
    townships = Division.objects.filter(level="township")
    assert set(townships.values_list("risk_zone", flat=True)) == {"high", "medium", "low"}
    assert not townships.filter(area_km2__isnull=True).exists()
    seat = Division.objects.get(code=demo.COUNTY_SEAT_CODE)
    assert seat.population == sum(seat.children.values_list("population", flat=True))


@pytest.mark.django_db
def test_every_township_has_a_leadership_group_and_an_office_with_full_time_staff(summary):
    townships = set(Division.objects.filter(level="township").values_list("id", flat=True))
    groups = Organisation.objects.filter(kind=Organisation.Kind.LEADERSHIP_GROUP, division__level="township")
    assert set(groups.values_list("division_id", flat=True)) == townships
    assert not groups.exclude(memberships__rank=Membership.Rank.LEADER).exists()
    full_time = Person.objects.filter(
        organisation__kind=Organisation.Kind.EMERGENCY_OFFICE, employment=Person.Employment.FULL_TIME
    )
    assert set(full_time.values_list("division_id", flat=True)) == townships
    part_time = Person.objects.filter(
        organisation__kind=Organisation.Kind.EMERGENCY_OFFICE, employment=Person.Employment.PART_TIME
    )
    assert part_time.exists()
    seat = Division.objects.get(code=demo.COUNTY_SEAT_CODE)
    assert Organisation.objects.filter(division=seat, name="锁南镇应急工作领导小组").exists()
    assert Organisation.objects.filter(division=seat, name="锁南镇应急管理办公室").exists()


@pytest.mark.django_db
def test_every_village_has_a_response_group_and_all_but_every_fifteenth_an_information_officer(summary):
    villages = list(Division.objects.filter(level="village").order_by("code").values_list("id", flat=True))
    groups = Organisation.objects.filter(kind=Organisation.Kind.RESPONSE_GROUP)
    assert set(groups.values_list("division_id", flat=True)) == set(villages)
    officers = Person.objects.filter(post="信息员", division__level="village")
    lacking = set(villages[demo.VILLAGES_PER_MISSING_OFFICER - 1::demo.VILLAGES_PER_MISSING_OFFICER])
    assert len(lacking) == 13  # 208 villages: the coverage pages have gaps to show
    assert set(officers.values_list("division_id", flat=True)) == set(villages) - lacking
    assert Organisation.objects.filter(name="巴牙村应急工作组").exists()


@pytest.mark.django_db
def test_the_county_has_its_bureau_and_leadership_group(summary):
    county = Division.objects.get(code=demo.COUNTY_CODE)
    group = Organisation.objects.get(division=county, kind=Organisation.Kind.LEADERSHIP_GROUP)
    ranks = set(group.memberships.values_list("rank", flat=True))
    assert {"leader", "deputy", "member"} <= ranks
    assert Organisation.objects.filter(division=county, kind="department", name__endswith="应急管理局").exists()


@pytest.mark.django_db
def test_generated_phone_and_id_numbers_are_valid(summary):
    people = list(Person.objects.all())
    assert all(MOBILE_RE.match(p.mobile) for p in people)
    assert len({p.mobile for p in people}) == len(people)
    landlines = [p.landline for p in people if p.landline]
    landlines += list(Organisation.objects.exclude(phone="").values_list("phone", flat=True))
    assert landlines and all(n.startswith("0930-") for n in landlines)
    for number in landlines:
        validate_phone(number)
    ids = [p.id_number for p in people if p.id_number]
    assert ids
    for number in ids:
        validate_id_number(number)


@pytest.mark.django_db
def test_there_is_a_login_for_every_role_and_each_logs_in_with_the_printed_password(client, summary):
    assert {login.username for login in summary.logins} == set(USERNAMES)
    assert set(User.objects.filter(username__in=USERNAMES).values_list("role", flat=True)) == set(Role.values)
    assert User.objects.get(username="town").division.code == demo.COUNTY_SEAT_CODE
    assert User.objects.get(username="village").division.parent.code == demo.COUNTY_SEAT_CODE
    assert User.objects.get(username="admin").division.code == demo.COUNTY_CODE
    assert User.objects.get(username="village").person.post == "信息员"
    for username in USERNAMES:
        client.logout()
        response = client.post(reverse("login"), {"username": username, "password": summary.password})
        assert response.status_code == 302, username
        assert client.session["_auth_user_id"] == str(User.objects.get(username=username).pk)


@pytest.mark.django_db
def test_a_second_run_adds_nothing_and_keeps_passwords(summary):
    before = counts()
    user = User.objects.get(username="county")
    user.set_password("Changed-Pass-99")
    user.save()
    again = demo.load_demo()
    assert counts() == before
    assert again.counts == summary.counts
    assert again.created == dict.fromkeys(again.created, 0)
    assert again.divisions["created"] == 0 and again.divisions["updated"] == 0
    assert User.objects.get(username="county").check_password("Changed-Pass-99")
    assert not any(login.created for login in again.logins)


@pytest.mark.django_db
def test_the_command_prints_the_logins_without_serving(settings, tmp_path, summary):
    settings.DATA_DIR = tmp_path / "data"
    before = counts()
    out = StringIO()
    call_command("demo", "--no-serve", "--port", "8123", stdout=out)
    output = out.getvalue()
    assert (tmp_path / "data").is_dir()
    for username in USERNAMES:
        assert re.search(rf"^\s+{username}\s+{re.escape(demo.DEMO_PASSWORD)}", output, re.MULTILINE), username
    assert "锁南镇" in output and "系统管理员" in output
    assert "http://127.0.0.1:8123/" in output
    assert counts() == before
