"""The plan lifecycle follows seed 002 and the 2024 Measures (RULES.md §4)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from yingji.audit.models import AuditEntry
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Role
from yingji.divisions.tests.factories import UserFactory, county_tree
from yingji.plans import rules, services
from yingji.plans.models import Plan, PlanEvent
from yingji.plans.tests.factories import plan

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
