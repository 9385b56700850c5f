"""The yearly quotas: guidance sessions per county/township (seed 004) and villages whose information
officers were trained (seeds 000, 002), across year boundaries and in a leap year."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from yingji.divisions.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    county_tree,
)
from yingji.training import selectors, services
from yingji.training.rules import GUIDANCE_SESSIONS_PER_YEAR, Audience, Level
from yingji.training.tests.factories import AttendanceFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def t():
    return county_tree()


def done(division, root, year):
    return {row.division.pk: row.done for row in selectors.guidance_progress(root, year)}.get(division.pk)


def test_a_session_counts_for_the_division_that_organised_it_in_its_year(t):
    SessionFactory(division=t["county"], date=datetime.date(2025, 12, 31))
    SessionFactory(division=t["county"], date=datetime.date(2026, 1, 1))
    SessionFactory(division=t["town_a"], date=datetime.date(2026, 6, 1))
    SessionFactory(division=t["town_a"], date=datetime.date(2026, 12, 31))
    SessionFactory(division=t["village_a"], date=datetime.date(2026, 6, 1))  # a village's own: no guidance quota
    assert done(t["county"], t["county"], 2025) == 1
    assert done(t["county"], t["county"], 2026) == 1
    assert done(t["town_a"], t["county"], 2026) == 2
    assert done(t["town_b"], t["county"], 2026) == 0
    assert done(t["town_a"], t["county"], 2027) == 0
    rows = selectors.guidance_progress(t["county"], 2026)
    assert [r.division.level for r in rows] == ["county", "township", "township"]
    assert {r.division.pk: r.met for r in rows} == {t["county"].pk: False, t["town_a"].pk: True,
                                                   t["town_b"].pk: False}
    assert selectors.guidance_behind_count(t["county"], 2026) == 2
    assert selectors.guidance_behind_count(t["town_a"], 2026) == 0


def test_29_february_of_a_leap_year_is_in_that_year(t):
    SessionFactory(division=t["town_b"], date=datetime.date(2028, 2, 29))
    SessionFactory(division=t["town_b"], date=datetime.date(2028, 12, 31))
    assert done(t["town_b"], t["county"], 2028) == GUIDANCE_SESSIONS_PER_YEAR
    assert done(t["town_b"], t["county"], 2029) == 0
    assert selectors.year_bounds(2028) == (datetime.date(2028, 1, 1), datetime.date(2029, 1, 1))


def test_deleted_sessions_do_not_count(t):
    session = SessionFactory(division=t["town_a"])
    SessionFactory(division=t["town_a"])
    services.session_delete(actor=None, obj=session)
    assert done(t["town_a"], t["town_a"], 2026) == 1


def test_a_session_level_must_match_its_division(t):
    with pytest.raises(ValidationError) as exc:
        services.session_create(actor=None, data={
            "division": t["town_a"], "topic": "信息报送", "level": Level.COUNTY, "date": datetime.date(2026, 3, 1),
            "hours": 2, "audience": Audience.INFO_OFFICERS})
    assert "level" in exc.value.message_dict


def officer(village, title="信息员"):
    org = OrganisationFactory(division=village)
    person = PersonFactory(division=village, organisation=org)
    MembershipFactory(organisation=org, person=person, title=title)
    return person


def test_share_of_villages_whose_information_officers_attended(t):
    officer_a, officer_b = officer(t["village_a"]), officer(t["village_b"], title="应急信息员")
    county_session = SessionFactory(division=t["county"], date=datetime.date(2026, 1, 1))
    AttendanceFactory(session=county_session, person=officer_a)
    last_year = SessionFactory(division=t["town_b"], date=datetime.date(2025, 12, 31))
    AttendanceFactory(session=last_year, person=officer_b)

    total, townships = selectors.officer_coverage(t["county"], 2026)
    assert (total.villages, total.with_officer, total.trained, total.share) == (2, 2, 1, 0.5)
    assert not total.met
    assert [(r.division.pk, r.trained, [v.pk for v in r.untrained]) for r in townships] == [
        (t["town_a"].pk, 1, []), (t["town_b"].pk, 0, [t["village_b"].pk])]
    assert selectors.officer_share_behind(t["county"], 2026)
    assert not selectors.officer_share_behind(t["town_a"], 2026)
    previous, _rows = selectors.officer_coverage(t["county"], 2025)
    assert previous.trained == 1 and previous.untrained == [t["village_a"]]


def test_a_village_without_an_information_officer_is_not_covered(t):
    someone = PersonFactory(division=t["village_a"])
    AttendanceFactory(session=SessionFactory(division=t["town_a"]), person=someone)
    total, _rows = selectors.officer_coverage(t["town_a"], 2026)
    assert (total.villages, total.with_officer, total.trained) == (1, 0, 0)


def test_officer_coverage_is_a_fixed_number_of_queries(t, django_assert_num_queries):
    for village in (t["village_a"], t["village_b"]):
        AttendanceFactory(session=SessionFactory(division=t["county"]), person=officer(village))
    with django_assert_num_queries(1):
        selectors.officer_coverage(t["county"], 2026)
    with django_assert_num_queries(1):
        selectors.guidance_progress(t["county"], 2026)


def test_each_department_guides_its_sector_twice_a_year(t, django_assert_num_queries):
    water = OrganisationFactory(division=t["county"], kind="department", name="县水务局")
    health = OrganisationFactory(division=t["county"], kind="department", name="县卫生健康局")
    OrganisationFactory(division=t["town_a"], kind="emergency_office", name="镇应急办")  # not a department
    SessionFactory(division=t["county"], organiser=water, date=datetime.date(2025, 12, 31))  # last year
    SessionFactory(division=t["county"], organiser=water, date=datetime.date(2026, 1, 1))
    SessionFactory(division=t["county"], organiser=water, date=datetime.date(2026, 12, 31))
    SessionFactory(division=t["county"], organiser=health, date=datetime.date(2026, 4, 1))
    gone = SessionFactory(division=t["county"], organiser=health, date=datetime.date(2026, 5, 1))
    services.session_delete(actor=None, obj=gone)
    with django_assert_num_queries(1):
        rows = selectors.department_guidance(t["county"], 2026)
    assert {(r.organisation.name, r.done, r.met, r.missing) for r in rows} == {
        ("县水务局", 2, True, 0), ("县卫生健康局", 1, False, 1)}
    assert selectors.department_guidance_behind_count(t["county"], 2026) == 1
    assert selectors.department_guidance_behind_count(t["county"], 2025) == 2
    # A township sees no county department.
    assert selectors.department_guidance(t["town_a"], 2026) == []
