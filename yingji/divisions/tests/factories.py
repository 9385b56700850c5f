"""Factories for divisions, organisations, people and users; a two-township tree for scoping tests."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import factory

from yingji.core.permissions import Role
from yingji.divisions.models import Division, Membership, Organisation, Person, User

PASSWORD = "Yj-test-2026!"

_county_counter = itertools.count(1)


def division(code: str, name: str, level: str, parent: Division | None = None, **extra) -> Division:
    obj, _created = Division.all_objects.get_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent, **extra}
    )
    return obj


def county_tree(county_code: str = "622926000000") -> dict[str, Division]:
    """province → city → county → two sibling townships, each with one village."""
    province = division(county_code[:2] + "0" * 10, "甘肃省", "province")
    city = division(county_code[:4] + "0" * 8, "临夏回族自治州", "city", province)
    county = division(county_code, "东乡族自治县", "county", city)
    town_a = division(county_code[:6] + "100000", "锁南镇", "township", county)
    town_b = division(county_code[:6] + "101000", "达板镇", "township", county)
    village_a = division(county_code[:6] + "100201", "锁南村", "village", town_a, size_class="large")
    village_b = division(county_code[:6] + "101201", "达板村", "village", town_b, size_class="small")
    return {"province": province, "city": city, "county": county, "town_a": town_a, "town_b": town_b,
            "village_a": village_a, "village_b": village_b}


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.EMERGENCY_OFFICE
    name = factory.Sequence(lambda n: f"应急办{n}")
    phone = "0930-7121234"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"人员{n}")
    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    employment = Person.Employment.FULL_TIME


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    person = factory.SubFactory(PersonFactory)
    division = factory.SelfAttribute("organisation.division")
    rank = Membership.Rank.MEMBER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.TOWNSHIP_STAFF
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


@dataclass
class TwoTownships:
    """Two sibling townships with a record of every kind in each, and a user in each."""

    tree: dict[str, Division]
    user_a: User
    user_b: User
    county_user: User
    org_a: Organisation
    org_b: Organisation
    person_a: Person
    person_b: Person


def two_townships(role: str = Role.TOWNSHIP_STAFF) -> TwoTownships:
    tree = county_tree()
    org_a = OrganisationFactory(division=tree["town_a"])
    org_b = OrganisationFactory(division=tree["town_b"])
    person_a = PersonFactory(division=tree["town_a"], organisation=org_a)
    person_b = PersonFactory(division=tree["town_b"], organisation=org_b)
    MembershipFactory(organisation=org_a, person=person_a)
    MembershipFactory(organisation=org_b, person=person_b)
    return TwoTownships(
        tree=tree,
        user_a=UserFactory(division=tree["town_a"], role=role, person=person_a),
        user_b=UserFactory(division=tree["town_b"], role=role, person=person_b),
        county_user=UserFactory(division=tree["county"], role=Role.COUNTY_STAFF),
        org_a=org_a, org_b=org_b, person_a=person_a, person_b=person_b,
    )
