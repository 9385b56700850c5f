"""`yingji seed`: valid codes, offices, people and users; deterministic and idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from yingji.audit.models import AuditEntry
from yingji.divisions import synthetic
from yingji.divisions.models import Division, Membership, Organisation, Person, User
from yingji.divisions.validators import LEVELS, is_ancestor_code, level_of_code

# The digits of a township or village code say what kind of unit it is (RULES.md R10.2).
TOWNSHIP_DIGITS = {"街道": range(1, 100), "镇": range(100, 200), "乡": range(200, 400)}
VILLAGE_DIGITS = {"社区": range(1, 200), "村": range(200, 400)}


def digits_for(name: str, table: dict[str, range]) -> range:
    return next(digits for suffix, digits in table.items() if name.endswith(suffix))


def seed(**options) -> str:
    out = StringIO()
    call_command("seed", scale="county", stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model._base_manager.count()
        for model in (Division, Organisation, Person, Membership, User)
    }


@pytest.mark.django_db
def test_county_scale_has_one_county_24_townships_and_200_villages_with_valid_codes():
    output = seed()
    by_level = dict(Division.objects.values_list("level").annotate(n=Count("id")))
    assert by_level == {"province": 1, "city": 1, "county": 1, "township": 24, "village": 200}
    for division in Division.objects.select_related("parent"):
        assert level_of_code(division.code) == division.level
        if division.level == "province":
            assert division.parent is None
            continue
        parent = division.parent
        assert LEVELS.index(parent.level) == LEVELS.index(division.level) - 1
        assert is_ancestor_code(parent.code, parent.level, division.code, division.level)
        if division.level == "township":
            assert int(division.code[6:9]) in digits_for(division.name, TOWNSHIP_DIGITS)
            assert division.risk_zone in {"high", "medium", "low"}
        if division.level == "village":
            assert int(division.code[9:]) in digits_for(division.name, VILLAGE_DIGITS)
            assert division.size_class in {"large", "medium", "small"}
            assert division.population and division.latitude and division.longitude
    assert "villages 200/200" in output
    assert "seeded county scale (seed 1)" in output


@pytest.mark.django_db
def test_seeded_rows_pass_model_validation():
    seed()
    sample = [*Division.objects.all()[::8], *Organisation.objects.all()[::8], *Person.objects.all()[::25]]
    for obj in sample:
        obj.full_clean()


@pytest.mark.django_db
def test_every_township_and_village_gets_its_offices_people_and_accounts():
    seed()
    for township in Division.objects.filter(level="township"):
        kinds = set(Organisation.objects.filter(division=township).values_list("kind", flat=True))
        assert kinds == {"leadership_group", "emergency_office"}
        people = Person.objects.filter(division=township)
        assert 3 <= people.filter(organisation__kind="emergency_office").count() <= 6
        assert people.filter(organisation__kind="leadership_group").count() == 1
        leadership = Membership.objects.filter(division=township, organisation__kind="leadership_group")
        assert sorted(leadership.values_list("rank", flat=True)) == ["deputy", "leader", "member"]
        accounts = User.objects.within(township)
        assert accounts.filter(division=township, role="township_staff", person__division=township).exists()
        assert accounts.filter(role="township_staff").count() == 1
        assert accounts.filter(role="info_officer", division__level="village").count() == 1
    villages = Division.objects.filter(level="village").annotate(
        n_people=Count("people", distinct=True), n_groups=Count("organisations", distinct=True)
    )
    assert {(v.n_people, v.n_groups) for v in villages} == {(3, 1)}
    assert Membership.objects.filter(organisation__kind="response_group").count() == 600
    assert User.objects.filter(division__level="county", role="county_staff").count() == 1
    assert not any(user.has_usable_password() for user in User.objects.all())


@pytest.mark.django_db
def test_second_run_adds_nothing_and_one_audit_entry_records_the_load():
    seed()
    before = counts()
    output = seed()
    assert counts() == before
    assert "nothing to add" in output
    entry = AuditEntry.objects.get(action="divisions.seed.loaded")
    assert entry.changes["created"] == {
        "divisions": before["Division"],
        "organisations": before["Organisation"],
        "people": before["Person"],
        "memberships": before["Membership"],
        "users": before["User"],
    }
    assert AuditEntry.objects.count() == 1


def test_same_seed_gives_the_same_rows_and_another_seed_different_ones():
    first = synthetic.division_tree(scale="county", seed=1)
    again = synthetic.division_tree(scale="county", seed=1)
    other = synthetic.division_tree(scale="county", seed=2)
    assert list(first.all()) == list(again.all())
    assert [r.name for r in first.all()] != [r.name for r in other.all()]
    assert [r.code for r in first.levels["village"]] != [r.code for r in other.levels["village"]]
    village = first.levels["village"][0]
    assert synthetic.staff(village, seed=1) == synthetic.staff(village, seed=1)
    assert synthetic.staff(village, seed=1) != synthetic.staff(village, seed=2)


def test_province_scale_sizes_and_unique_codes():
    tree = synthetic.division_tree(scale="province", seed=1)
    assert [tree.count(level) for level in LEVELS] == [1, 14, 100, 1500, 25000]
    codes = [row.code for row in tree.all()]
    assert len(codes) == len(set(codes))
    villages_per_township = {}
    for row in tree.levels["village"]:
        villages_per_township[row.parent_code] = villages_per_township.get(row.parent_code, 0) + 1
    assert len(set(villages_per_township.values())) > 5  # counts vary from township to township


def test_rejects_a_province_code_that_is_not_two_digits_or_is_00():
    for code in ("00", "9", "ab", "123"):
        with pytest.raises(ValueError):
            synthetic.division_tree(scale="county", province_code=code)
