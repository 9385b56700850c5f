"""The plan lifecycle follows seed 002 and the 2024 Measures (RULES.md §4)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from yingji.audit.models import AuditEntry
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Role
from yingji.divisions.tests.factories import UserFactory, county_tree
from yingji.plans import rules, services
from yingji.plans.models import Plan, PlanEvent
from yingji.plans.tests.factories import plan, ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return county_tree()


def _ready_village_plan(tree):
    village = tree["village_a"]
    p = plan(village, kind=Plan.Kind.COMBINED)
    p.checked_contents = list(p.required_contents())
    p.save()
    return p


def test_submission_names_every_unticked_required_item(tree):
    p = plan(tree["village_a"], kind=Plan.Kind.COMBINED, checked_contents=["处置程序"])
    actor = UserFactory(division=tree["village_a"])
    with pytest.raises(ApplicationError) as err:
        services.transition(p, "submit", actor=actor)
    message = str(err.value)
    assert "风险点位" in message and "应急响应责任人" in message and "组织指挥体系与职责" in message
    assert "处置程序" not in message
    p.refresh_from_db()
    assert p.status == Plan.Status.DRAFT and not PlanEvent.objects.exists()


def test_township_plans_need_seed_002s_contents_whatever_their_type(tree):
    seed_002 = ("预警信息传播", "先期处置和自救互救", "人员疏散与安置", "舆情应对")
    flood = plan(tree["town_a"], kind=Plan.Kind.SPECIAL, title="防汛应急预案",
                 checked_contents=[item for item in rules.LEGAL_CONTENTS + rules.TOWNSHIP_CONTENTS
                                   if item not in ("先期处置和自救互救", "舆情应对")])
    assert set(seed_002) <= set(flood.required_contents())
    assert set(seed_002) <= set(plan(tree["town_b"]).required_contents())
    with pytest.raises(ApplicationError) as err:
        services.transition(flood, "submit", actor=UserFactory(division=tree["town_a"]))
    assert str(err.value).endswith("先期处置和自救互救、舆情应对")
    flood.refresh_from_db()
    assert flood.status == Plan.Status.DRAFT and not PlanEvent.objects.exists()
    # A unit's plan in the township and a village's combined plan keep their own lists.
    unit = plan(tree["town_a"], kind=Plan.Kind.GRASSROOTS, title="镇中心小学应急预案")
    assert unit.required_contents() == rules.LEGAL_CONTENTS
    assert "舆情应对" not in plan(tree["village_a"], kind=Plan.Kind.COMBINED).required_contents()


def test_village_plan_is_filed_by_its_township_not_by_the_county(tree):
    p = _ready_village_plan(tree)
    clerk = UserFactory(division=tree["village_a"])
    services.transition(p, "submit", actor=clerk)
    services.transition(p, "deliberate", actor=clerk, body="支委会", decision="同意", on=date(2027, 3, 1))
    services.transition(p, "send_for_filing", actor=clerk)
    county = UserFactory(division=tree["county"], role=Role.COUNTY_STAFF)
    with pytest.raises(PermissionDenied):
        services.transition(p, "file", actor=county)
    other_town = UserFactory(division=tree["town_b"])
    with pytest.raises(PermissionDenied):
        services.transition(p, "file", actor=other_town)
    township = UserFactory(division=tree["town_a"])
    p = services.transition(p, "file", actor=township, comment="同意备案", on=date(2027, 3, 10))
    assert p.status == Plan.Status.FILED and p.filed_date == date(2027, 3, 10)
    p = services.transition(p, "publish", actor=clerk, scope="全村", on=date(2027, 3, 12))
    assert [e.to_status for e in p.events.all()] == ["submitted", "deliberated", "filing", "filed", "published"]
    assert AuditEntry.objects.filter(action="plans.plan.file").count() == 1


def test_township_plan_is_filed_by_the_county(tree):
    p = plan(tree["town_a"])
    p.checked_contents = list(p.required_contents())
    p.save()
    assert "人员疏散与安置" in p.required_contents()
    staff = UserFactory(division=tree["town_a"])
    for action, extra in (("submit", {}), ("deliberate", {"body": "党委会", "decision": "通过"}),
                          ("send_for_filing", {})):
        services.transition(p, action, actor=staff, **extra)
    with pytest.raises(PermissionDenied):
        services.transition(p, "file", actor=staff)
    services.transition(p, "file", actor=UserFactory(division=tree["county"], role=Role.COUNTY_STAFF))


def test_return_needs_reasons_and_goes_back_to_draft(tree):
    p = _ready_village_plan(tree)
    clerk = UserFactory(division=tree["village_a"])
    services.transition(p, "submit", actor=clerk)
    services.transition(p, "deliberate", actor=clerk, body="支委会", decision="同意")
    services.transition(p, "send_for_filing", actor=clerk)
    township = UserFactory(division=tree["town_a"])
    with pytest.raises(ApplicationError):
        services.transition(p, "return", actor=township)
    p = services.transition(p, "return", actor=township, comment="缺少风险点位清单")
    assert p.status == Plan.Status.DRAFT
    assert p.events.last().comment == "缺少风险点位清单"


def test_illegal_step_changes_nothing(tree):
    p = _ready_village_plan(tree)
    with pytest.raises(ApplicationError, match="草稿"):
        services.transition(p, "publish", actor=UserFactory(division=tree["village_a"]), scope="全村")
    with pytest.raises(ApplicationError, match="审议会议"):
        clerk = UserFactory(division=tree["village_a"])
        services.transition(p, "submit", actor=clerk)
        services.transition(p, "deliberate", actor=clerk, body="村民闲谈", decision="同意")
    p.refresh_from_db()
    assert p.status == Plan.Status.SUBMITTED and p.events.count() == 1


def test_filing_due_is_twenty_working_days_after_issue():
    # Issued on Monday 1 March 2027: 20 Monday–Friday days later is Monday 29 March.
    assert rules.add_working_days(date(2027, 3, 1), rules.FILING_WORKING_DAYS) == date(2027, 3, 29)
    p = Plan(issued_date=date(2027, 3, 1), status=Plan.Status.FILING)
    assert services.filing_due(p) == date(2027, 3, 29)
    assert services.filing_due(Plan(issued_date=date(2027, 3, 1), status=Plan.Status.FILED)) is None


def test_evaluation_due_every_three_years():
    assert services.evaluation_due(Plan(published_date=date(2024, 2, 29))) == date(2027, 2, 28)
    assert services.evaluation_due(Plan(published_date=date(2027, 3, 12))) == date(2030, 3, 12)


def test_hazard_topics_are_seeded_and_extendable():
    from yingji.plans.models import HazardTopic

    assert HazardTopic.objects.filter(name="地质灾害").exists()
    HazardTopic.objects.create(name="冰雪灾害")
    assert HazardTopic.objects.count() == 20


def _to_filing(p, clerk):
    services.transition(p, "submit", actor=clerk)
    services.transition(p, "deliberate", actor=clerk, body="支委会", decision="同意", on=date(2027, 3, 1))
    return services.transition(p, "send_for_filing", actor=clerk)


@pytest.mark.parametrize(("role", "allowed"), [
    (Role.ADMIN, True), (Role.COUNTY_STAFF, True), (Role.TOWNSHIP_STAFF, True), (Role.INFO_OFFICER, True),
    (Role.DUTY_OFFICER, False), (Role.LEADER, False)])
def test_who_may_take_the_makers_steps(tree, role, allowed):
    p = _ready_village_plan(tree)
    user = UserFactory(division=tree["village_a"], role=role)
    if allowed:
        assert services.transition(p, "submit", actor=user).status == Plan.Status.SUBMITTED
    else:
        with pytest.raises(PermissionDenied):
            services.transition(p, "submit", actor=user)
        p.refresh_from_db()
        assert p.status == Plan.Status.DRAFT and not p.events.exists()


def test_a_sibling_townships_staff_may_not_touch_the_plan(tree):
    p = _ready_village_plan(tree)
    with pytest.raises(PermissionDenied):
        services.transition(p, "submit", actor=UserFactory(division=tree["town_b"]))


@pytest.mark.parametrize(("role", "allowed"), [
    (Role.ADMIN, True), (Role.COUNTY_STAFF, True), (Role.TOWNSHIP_STAFF, True), (Role.INFO_OFFICER, False),
    (Role.DUTY_OFFICER, False), (Role.LEADER, False)])
def test_who_at_the_township_may_review_a_village_filing(tree, role, allowed):
    p = _to_filing(_ready_village_plan(tree), UserFactory(division=tree["village_a"]))
    reviewer = UserFactory(division=tree["town_a"], role=role)
    if allowed:
        assert services.transition(p, "return", actor=reviewer, comment="补充风险点位").status == Plan.Status.DRAFT
    else:
        with pytest.raises(PermissionDenied):
            services.transition(p, "return", actor=reviewer, comment="补充风险点位")


def test_departmental_plans_are_filed_with_the_same_level(tree):
    """R4.1 item 3: a departmental plan is filed with the same-level government."""
    p = ready(tree["county"], kind=Plan.Kind.DEPARTMENT, title="县交通运输局公路突发事件应急预案")
    staff = UserFactory(division=tree["county"], role=Role.COUNTY_STAFF)
    _to_filing(p, staff)
    with pytest.raises(PermissionDenied):
        services.transition(p, "file", actor=UserFactory(division=tree["city"], role=Role.COUNTY_STAFF))
    assert services.transition(p, "file", actor=staff).status == Plan.Status.FILED


def test_every_step_from_every_wrong_state_is_refused(tree):
    clerk = UserFactory(division=tree["village_a"])
    township = UserFactory(division=tree["town_a"])
    details = {"deliberate": {"body": "支委会", "decision": "同意"}, "publish": {"scope": "全村"},
               "return": {"comment": "理由"}}
    for status in Plan.Status.values:
        for action, (sources, _target) in services.TRANSITIONS.items():
            if status in sources:
                continue
            p = ready(tree["village_a"], kind=Plan.Kind.COMBINED, status=status, title=f"{status}-{action}")
            actor = township if action in services.REVIEW_ACTIONS else clerk
            with pytest.raises(ApplicationError, match="不能"):
                services.transition(p, action, actor=actor, **details.get(action, {}))
            p.refresh_from_db()
            assert p.status == status and not p.events.exists()


def test_sending_for_filing_is_refused_while_required_items_are_unticked(tree):
    p = ready(tree["village_a"], kind=Plan.Kind.COMBINED, status=Plan.Status.DELIBERATED, title="旧勾选",
              issued_date=date(2027, 3, 1))
    p.checked_contents = [item for item in p.checked_contents if item != "人员转移避险"]
    p.save()
    with pytest.raises(ApplicationError, match="不能报上级备案：人员转移避险"):
        services.transition(p, "send_for_filing", actor=UserFactory(division=tree["village_a"]))
    p.refresh_from_db()
    assert p.status == Plan.Status.DELIBERATED


def test_unknown_step_is_refused(tree):
    with pytest.raises(ApplicationError):
        services.transition(_ready_village_plan(tree), "approve", actor=None)


def test_full_lifecycle_with_revision_and_repeal(tree):
    clerk = UserFactory(division=tree["village_a"])
    p = _to_filing(_ready_village_plan(tree), clerk)
    p = services.transition(p, "file", actor=UserFactory(division=tree["town_a"]), filing_number="备2027-1")
    p = services.transition(p, "publish", actor=clerk, scope="全村", on=date(2027, 3, 20))
    with pytest.raises(ApplicationError):
        services.plan_update(actor=clerk, obj=p, data={"title": "改名"})
    p = services.transition(p, "revise", actor=clerk)
    p = services.plan_update(actor=clerk, obj=p, data={"version": "2.0"})
    p = services.transition(p, "submit", actor=clerk)
    assert p.status == Plan.Status.SUBMITTED
    with pytest.raises(ApplicationError, match="发布范围"):
        services.transition(Plan.objects.create(division=p.division, organisation=p.organisation, title="x",
                                                kind=p.kind, status=Plan.Status.FILED), "publish", actor=clerk)
    published = ready(tree["village_a"], kind=Plan.Kind.COMBINED, status=Plan.Status.PUBLISHED, title="旧版",
                      published_date=date(2026, 5, 1))
    assert services.transition(published, "supersede", actor=clerk).status == Plan.Status.SUPERSEDED
    assert services.evaluation_due(published) is not None
    published.refresh_from_db()
    assert services.evaluation_due(published) is None


def test_only_drafts_are_deleted(tree):
    clerk = UserFactory(division=tree["village_a"])
    draft = _ready_village_plan(tree)
    services.plan_delete(actor=clerk, obj=draft)
    assert not Plan.objects.filter(pk=draft.pk).exists()
    filed = ready(tree["village_a"], kind=Plan.Kind.COMBINED, status=Plan.Status.FILED, title="已备案")
    with pytest.raises(ApplicationError):
        services.plan_delete(actor=clerk, obj=filed)


def test_filing_due_across_the_year_boundary():
    # Issued Friday 17 December 2027: 20 Monday–Friday days later is Friday 14 January 2028.
    assert rules.add_working_days(date(2027, 12, 17), 20) == date(2028, 1, 14)
    p = Plan(issued_date=date(2027, 12, 17), status=Plan.Status.DELIBERATED)
    assert services.filing_due(p) == date(2028, 1, 14)


def test_filing_due_across_29_february():
    # Issued Monday 14 February 2028 (leap year): 20 working days, through 29 February, is Monday 13 March.
    assert rules.add_working_days(date(2028, 2, 14), 20) == date(2028, 3, 13)


def test_evaluation_due_from_an_ordinary_day_into_a_leap_year():
    assert services.evaluation_due(Plan(published_date=date(2025, 2, 28))) == date(2028, 2, 28)
    assert services.evaluation_due(Plan(published_date=date(2025, 3, 1))) == date(2028, 3, 1)


@pytest.mark.parametrize("today", [date(2028, 1, 14), date(2028, 1, 17), date(2028, 3, 13), date(2028, 3, 14),
                                   date(2027, 1, 1), date(2028, 2, 29)])
def test_overdue_thresholds_agree_with_the_due_dates(today):
    from yingji.plans import selectors

    filing_cut = selectors.filing_overdue_before(today)
    evaluation_cut = selectors.evaluation_overdue_before(today)
    for offset in range(-60, 60):
        day = filing_cut + timedelta(days=offset)
        assert (rules.add_working_days(day, 20) < today) == (day < filing_cut), (today, day)
        day = evaluation_cut + timedelta(days=offset)
        assert (rules.add_years(day, 3) < today) == (day < evaluation_cut), (today, day)


def test_overdue_query_lists_late_filings_and_evaluations(tree):
    from yingji.plans import selectors

    today = date(2028, 1, 17)
    late = ready(tree["village_a"], kind=Plan.Kind.COMBINED, status=Plan.Status.FILING,
                 issued_date=date(2027, 12, 17), title="迟报")
    ready(tree["village_a"], kind=Plan.Kind.COMBINED, status=Plan.Status.FILING, issued_date=date(2027, 12, 20),
          title="当天到期")
    old = ready(tree["town_a"], status=Plan.Status.PUBLISHED, published_date=date(2025, 1, 16), title="满三年")
    ready(tree["town_a"], status=Plan.Status.PUBLISHED, published_date=date(2025, 1, 17), title="刚满三年")
    ready(tree["town_a"], status=Plan.Status.FILED, issued_date=date(2020, 1, 1), title="已备案")
    found = set(Plan.objects.filter(selectors.overdue_q(today)).values_list("title", flat=True))
    assert found == {late.title, old.title}


def test_plan_types_fit_the_level(tree):
    from yingji.divisions.tests.factories import OrganisationFactory

    clerk = UserFactory(division=tree["county"], role=Role.COUNTY_STAFF)
    org = OrganisationFactory(division=tree["town_a"])
    with pytest.raises(ApplicationError, match="村"):
        services.plan_create(actor=clerk, data={"division": tree["town_a"], "organisation": org, "title": "镇合一",
                                                "kind": Plan.Kind.COMBINED})
    with pytest.raises(ApplicationError, match="县级以上"):
        services.plan_create(actor=clerk, data={"division": tree["town_a"], "organisation": org, "title": "镇部门",
                                                "kind": Plan.Kind.DEPARTMENT})
    p = services.plan_create(actor=clerk, data={"division": tree["village_a"], "organisation": org,
                                                "title": "村合一", "kind": Plan.Kind.COMBINED})
    with pytest.raises(ApplicationError):
        services.plan_update(actor=clerk, obj=p, data={"division": tree["town_a"]})
    p.refresh_from_db()
    assert p.division == tree["village_a"]


def test_publishing_a_new_version_repeals_the_old_one(tree):
    clerk = UserFactory(division=tree["town_a"])
    old = ready(tree["town_a"], status=Plan.Status.REVISING, title="2024版", published_date=date(2024, 5, 1))
    new = ready(tree["town_a"], status=Plan.Status.FILED, title="2027版", supersedes=old)
    services.transition(new, "publish", actor=clerk, scope="全镇", on=date(2027, 6, 1))
    old.refresh_from_db()
    assert old.status == Plan.Status.SUPERSEDED
    assert old.events.get().comment == "由《2027版》替代。"


def test_an_evaluation_that_keeps_the_plan_restarts_its_three_years(tree):
    from yingji.plans import selectors

    clerk = UserFactory(division=tree["town_a"])
    p = ready(tree["town_a"], status=Plan.Status.PUBLISHED, published_date=date(2024, 2, 29), title="老预案")
    today = date(2027, 3, 1)
    assert services.evaluation_due(p) == date(2027, 2, 28)
    assert Plan.objects.filter(selectors.evaluation_overdue_q(today), pk=p.pk).exists()
    with pytest.raises(ApplicationError, match="评估结论"):
        services.transition(p, "evaluate", actor=clerk, on=today)
    p.refresh_from_db()
    assert p.evaluated_date is None and not p.events.exists()
    assert "evaluate" not in services.available_actions(UserFactory(division=tree["town_b"]), p)
    p = services.transition(p, "evaluate", actor=clerk, on=today, comment="风险和职责未变，继续有效")
    assert (p.status, p.published_date, p.evaluated_date) == (Plan.Status.PUBLISHED, date(2024, 2, 29), today)
    assert services.evaluation_due(p) == date(2030, 3, 1)
    assert not Plan.objects.filter(selectors.evaluation_overdue_q(today), pk=p.pk).exists()
    assert Plan.objects.filter(selectors.evaluation_overdue_q(date(2030, 3, 2)), pk=p.pk).exists()
    event = p.events.get()
    assert (event.from_status, event.to_status, event.actor, event.comment) == (
        "published", "published", clerk, "风险和职责未变，继续有效")
    assert AuditEntry.objects.filter(action="plans.plan.evaluate").count() == 1
    # Republished after a revision, the later publication date counts.
    p.published_date, p.evaluated_date = date(2029, 6, 1), date(2027, 3, 1)
    assert services.evaluation_due(p) == date(2032, 6, 1)
