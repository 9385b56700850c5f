"""Drill quotas (seeds 000/002/004, RULES.md §4), their windows across year ends and leap days, the plans
not drilled in 12 months, what falls due next, improvement actions and the plan revision a finding triggers."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yingji.core.exceptions import ApplicationError
from yingji.divisions.models import Organisation
from yingji.divisions.tests.factories import OrganisationFactory, UserFactory, county_tree
from yingji.drills import rules, selectors, services
from yingji.drills.models import Drill, ImprovementAction, PlanRevisionTrigger
from yingji.drills.tests.factories import action, drill
from yingji.plans.models import HazardTopic, Plan, PlanEvent
from yingji.plans.tests.factories import plan

pytestmark = pytest.mark.django_db


def published(division, **extra) -> Plan:
    p = plan(division, **extra)
    Plan.all_objects.filter(pk=p.pk).update(status=Plan.Status.PUBLISHED)
    p.refresh_from_db()
    return p


def rows(division, year) -> dict:
    return {row.quota.code: row for row in selectors.quota_progress(division, year)}


def test_county_progress_counts_drills_in_its_subtree_for_the_year(django_assert_max_num_queries):
    tree = county_tree()
    county = tree["county"]
    drill(county, Drill.Kind.COMPREHENSIVE, on=date(2027, 3, 1))
    drill(tree["town_a"], Drill.Kind.COMPREHENSIVE, on=date(2027, 6, 1))
    drill(county, Drill.Kind.CROSS_REGION, on=date(2027, 9, 1))
    drill(county, Drill.Kind.COMPREHENSIVE, on=date(2026, 9, 1))  # last year: does not count
    with django_assert_max_num_queries(5):
        progress = rows(county, 2027)
    assert progress["county_comprehensive"].done == 2 and not progress["county_comprehensive"].met
    assert progress["county_comprehensive"].required == 3 and progress["county_comprehensive"].remaining == 1
    assert progress["county_real_or_tabletop"].met
    assert progress["county_cross_region"].met
    assert progress["county_joint"].done == 0
    assert all(row.quota.source for row in progress.values())


def test_new_year_eve_counts_for_its_own_year_only():
    tree = county_tree()
    drill(tree["county"], Drill.Kind.JOINT, on=date(2027, 12, 31))
    drill(tree["county"], Drill.Kind.JOINT, on=date(2028, 1, 1))
    drill(tree["county"], Drill.Kind.JOINT, on=date(2028, 12, 31))
    assert rows(tree["county"], 2027)["county_joint"].done == 1
    assert rows(tree["county"], 2028)["county_joint"].done == 2
    assert rows(tree["county"], 2029)["county_joint"].done == 0


def test_legal_windows_reach_back_two_and_three_calendar_years():
    tree = county_tree()
    town = tree["town_a"]
    safety = published(town, kind=Plan.Kind.SPECIAL)
    safety.topics.add(HazardTopic.objects.get_or_create(name="安全生产")[0])
    special = published(town, kind=Plan.Kind.SPECIAL)
    drill(town, on=date(2026, 1, 1), plans=[safety, special])
    for year, safe_done, special_done in ((2026, 1, 2), (2027, 1, 2), (2028, 0, 2), (2029, 0, 0)):
        progress = rows(tree["county"], year)
        assert (progress["plan_work_safety_2y"].done, progress["plan_work_safety_2y"].required) == (safe_done, 1)
        assert (progress["plan_government_3y"].done, progress["plan_government_3y"].required) == (special_done, 2)
    assert rows(tree["county"], 2027)["plan_yearly"].done == 0
    assert rows(tree["county"], 2026)["plan_yearly"].done == 2


def test_plans_published_after_the_year_are_not_required_in_it():
    tree = county_tree()
    p = published(tree["town_a"])
    Plan.all_objects.filter(pk=p.pk).update(published_date=date(2028, 3, 1))
    assert rows(tree["county"], 2027)["plan_yearly"].required == 0
    assert rows(tree["county"], 2028)["plan_yearly"].required == 1


def test_a_province_counts_counties_villages_and_departments_that_met_their_quota():
    tree = county_tree()
    other = county_tree("622927000000")
    for _ in range(3):
        drill(tree["county"], Drill.Kind.COMPREHENSIVE, on=date(2027, 4, 1))
    drill(other["town_a"], Drill.Kind.COMPREHENSIVE, on=date(2027, 4, 1))
    drill(tree["village_a"], Drill.Kind.EVACUATION, on=date(2027, 5, 1))
    police = OrganisationFactory(division=tree["county"], kind=Organisation.Kind.DEPARTMENT, name="公安局")
    OrganisationFactory(division=other["county"], kind=Organisation.Kind.DEPARTMENT, name="水务局")
    drill(tree["county"], Drill.Kind.PULL, on=date(2027, 6, 1), organiser=police)
    progress = rows(tree["province"], 2027)
    assert (progress["county_comprehensive"].done, progress["county_comprehensive"].required) == (1, 2)
    assert progress["county_comprehensive"].unit == "divisions"
    assert (progress["village_yearly"].done, progress["village_yearly"].required) == (1, 4)
    assert (progress["department_blind_or_pull"].done, progress["department_blind_or_pull"].required) == (1, 2)
    assert [o.name for o in selectors.departments_behind(tree["province"], 2027)] == ["水务局"]
    # A township sees the quotas of its villages and departments, not the county's.
    assert "county_comprehensive" not in rows(tree["town_a"], 2027)
    assert rows(tree["town_a"], 2027)["village_yearly"].done == 1


def test_progress_query_count_does_not_grow_with_the_tree():
    def count(tree_codes):
        trees = [county_tree(code) for code in tree_codes]
        for tree in trees:
            drill(tree["village_a"], Drill.Kind.EVACUATION, on=date(2027, 5, 1))
            published(tree["town_a"])
        with CaptureQueriesContext(connection) as ctx:
            selectors.quota_progress(trees[0]["province"], 2027)
        return len(ctx.captured_queries)

    small = count(["622926000000"])
    large = count([f"6229{n:02d}000000" for n in range(27, 33)])
    assert small == large <= 6


def test_deleted_and_future_drills_do_not_count():
    tree = county_tree()
    p = published(tree["town_a"])
    gone = drill(tree["town_a"], on=date(2027, 5, 1), plans=[p])
    services.soft_delete(actor=None, obj=gone)
    drill(tree["town_a"], on=date(2027, 9, 1), plans=[p])
    assert rows(tree["county"], 2027)["plan_yearly"].done == 1
    # On 1 June the September drill has not happened yet.
    assert list(selectors.plans_without_recent_drill(tree["county"], date(2027, 6, 1))) == [p]


def test_published_plan_without_a_drill_in_twelve_months_is_listed():
    tree = county_tree()
    drilled = published(tree["town_a"])
    stale = published(tree["town_a"])
    draft = plan(tree["town_a"])
    drill(tree["town_a"], on=date(2027, 4, 1), plans=[drilled])
    drill(tree["town_a"], on=date(2026, 3, 1), plans=[stale, draft])
    assert list(selectors.plans_without_recent_drill(tree["county"], date(2027, 5, 1))) == [stale]


def test_the_twelve_month_window_is_inclusive_and_handles_the_leap_day():
    tree = county_tree()
    p = published(tree["town_a"])
    d = drill(tree["town_a"], on=date(2027, 5, 1), plans=[p])
    assert not selectors.plans_without_recent_drill(tree["county"], date(2028, 5, 1)).exists()
    assert list(selectors.plans_without_recent_drill(tree["county"], date(2028, 5, 2))) == [p]
    # From 29 February 2028 the window opens on 28 February 2027.
    Drill.all_objects.filter(pk=d.pk).update(date=date(2027, 2, 28))
    assert not selectors.plans_without_recent_drill(tree["county"], date(2028, 2, 29)).exists()
    Drill.all_objects.filter(pk=d.pk).update(date=date(2027, 2, 27))
    assert selectors.plans_without_recent_drill(tree["county"], date(2028, 2, 29)).exists()
    # A drill on the leap day is recent a year later (28 February 2029).
    Drill.all_objects.filter(pk=d.pk).update(date=date(2028, 2, 29))
    assert not selectors.plans_without_recent_drill(tree["county"], date(2029, 2, 28)).exists()
    assert selectors.plans_without_recent_drill(tree["county"], date(2029, 3, 1)).exists()


def test_add_months_falls_back_to_the_last_day_of_short_months():
    assert rules.add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert rules.add_months(date(2028, 2, 29), 48) == date(2032, 2, 29)
    assert rules.add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert rules.add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert rules.add_months(date(2027, 12, 15), 1) == date(2028, 1, 15)
    assert rules.add_months(date(2028, 1, 15), -1) == date(2027, 12, 15)
    assert rules.add_months(date(2028, 3, 31), -12) == date(2027, 3, 31)


def test_plans_fall_due_twelve_months_after_their_last_drill_with_the_legal_deadline_beside():
    tree = county_tree()
    safety = published(tree["town_a"], kind=Plan.Kind.SPECIAL)
    safety.topics.add(HazardTopic.objects.get_or_create(name="危化品")[0])
    drill(tree["town_a"], on=date(2027, 2, 20), plans=[safety])
    never = published(tree["town_b"])
    Plan.all_objects.filter(pk=never.pk).update(published_date=date(2026, 1, 10))
    later = published(tree["town_b"])
    drill(tree["town_b"], on=date(2027, 12, 1), plans=[later])
    due = selectors.plans_due(tree["county"], date(2028, 1, 15))
    assert [(d.plan, d.due, d.quota.code) for d in due] == [
        (never, date(2027, 1, 10), "plan_yearly"), (safety, date(2028, 2, 20), "plan_yearly")]
    assert due[0].legal_due is None
    assert due[1].legal_due == date(2029, 2, 20) and due[1].last_drill == date(2027, 2, 20)


def test_joint_drills_name_their_focus_and_double_blind_drills_are_unannounced():
    tree = county_tree()
    org = OrganisationFactory(division=tree["county"])
    base = {"division": tree["county"], "organiser": org, "title": "联动演练", "date": date(2027, 5, 1)}
    with pytest.raises(ValidationError) as err:
        services.drill_create(actor=None, data={**base, "kind": Drill.Kind.JOINT})
    assert "joint_focus" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.drill_create(actor=None, data={**base, "kind": Drill.Kind.DOUBLE_BLIND, "announced": True})
    assert "announced" in err.value.message_dict
    ok = services.drill_create(actor=None, data={**base, "kind": Drill.Kind.JOINT,
                                                 "joint_focus": Drill.JointFocus.TRANSPORT})
    assert ok.get_joint_focus_display() == "交通运输"


def test_improvement_actions_are_overdue_until_done():
    tree = county_tree()
    d = drill(tree["town_a"], on=date(2025, 5, 1))
    late = action(d, deadline=date(2025, 6, 1))
    action(d, deadline=date(2025, 8, 1))
    qs = ImprovementAction.objects.within(tree["county"])
    assert list(selectors.overdue_actions(qs, date(2025, 7, 1))) == [late]
    assert not selectors.overdue_actions(qs, date(2025, 6, 1)).exists()  # due that day: not yet late
    with pytest.raises(ApplicationError):
        services.action_complete(actor=None, action=late, result="")
    done = services.action_complete(actor=None, action=late, result="路线标识已补设", done_on=date(2025, 7, 3))
    assert (done.status, done.done_on) == (ImprovementAction.Status.DONE, date(2025, 7, 3))
    assert not selectors.overdue_actions(qs, date(2025, 7, 4)).exists()
    with pytest.raises(ApplicationError):
        services.action_update(actor=None, obj=done, data={"description": "改"})
    reopened = services.action_reopen(actor=None, action=done, reason="复查发现标识缺失")
    assert reopened.status == ImprovementAction.Status.OPEN and reopened.done_on is None
    assert selectors.is_overdue(reopened, date(2025, 7, 4))


def test_an_action_names_an_owner():
    tree = county_tree()
    d = drill(tree["town_a"])
    with pytest.raises(ValidationError):
        services.action_create(actor=None, data={"drill": d, "description": "x", "deadline": date(2027, 6, 1)})


def test_a_finding_puts_the_plan_under_revision_recorded_on_both():
    tree = county_tree()
    p = published(tree["town_a"])
    d = drill(tree["town_a"], plans=[p])
    actor = UserFactory(division=tree["town_a"])
    services.evaluate(d, actor=actor, score=78, findings="转移路线与实际不符", revise_plans=[p])
    p.refresh_from_db()
    assert p.status == Plan.Status.REVISING
    event = p.events.get()
    assert event.comment == "转移路线与实际不符" and event.details["drill"] == str(d.pk)
    trigger = PlanRevisionTrigger.objects.get()
    assert (trigger.drill, trigger.plan, trigger.actor) == (d, p, actor)
    d.refresh_from_db()
    assert d.score == 78 and d.evaluated_on is not None


def test_revision_is_refused_unless_the_exercised_plan_is_published():
    tree = county_tree()
    draft = plan(tree["town_a"])
    d = drill(tree["town_a"], plans=[draft])
    actor = UserFactory(division=tree["town_a"])
    with pytest.raises(ApplicationError, match="草稿"):
        services.trigger_revision(d, draft, actor=actor, finding="预案职责不清")
    other = published(tree["town_a"])
    with pytest.raises(ApplicationError) as err:
        services.trigger_revision(d, other, actor=actor, finding="预案职责不清")
    assert err.value.code == "not_exercised"
    draft.refresh_from_db()
    other.refresh_from_db()
    assert (draft.status, other.status) == (Plan.Status.DRAFT, Plan.Status.PUBLISHED)
    assert not PlanRevisionTrigger.objects.exists() and not PlanEvent.objects.exists()


def test_quota_rules_have_sources_and_plan_quotas_count_once_per_window():
    assert all(q.source and q.label for q in rules.QUOTAS)
    with pytest.raises(ValueError):
        rules.Quota("x", "x", rules.PLAN, "src", per_year=2)
