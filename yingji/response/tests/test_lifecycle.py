"""The response lifecycle: start, level changes (audited, with reasons), end, review; refused steps change
nothing and say why in Chinese."""

import datetime

import pytest
from django.utils import timezone

from yingji.audit.models import AuditEntry
from yingji.core.exceptions import ApplicationError
from yingji.plans.models import Plan
from yingji.plans.tests.factories import made
from yingji.response import services
from yingji.response.models import AppendOnly, LevelChange, Response, WorkingGroup
from yingji.response.rules import DEFAULT_GROUPS, Level, Status
from yingji.response.tests.factories import event, response

pytestmark = pytest.mark.django_db


def test_county_starts_a_response_with_its_command_post_and_first_level_entry(tree, county_user):
    ev = event(tree["village_a"])
    resp = services.response_start(actor=county_user, division=tree["county"], event=ev, level=Level.III,
                                   matters="抢险救援", commander="马县长")
    assert resp.status == Status.ACTIVE and resp.started_by == county_user
    assert resp.title == f"{ev.title}Ⅲ级响应"
    assert [g.name for g in WorkingGroup.objects.filter(response=resp)] == [name for name, _d in DEFAULT_GROUPS]
    assert [(c.from_level, c.to_level) for c in LevelChange.objects.filter(response=resp)] == [("", Level.III)]
    assert AuditEntry.objects.filter(action="response.response.created", object_pk=str(resp.pk)).exists()


def test_township_may_start_only_level_four_for_its_own_events(tree, town_user):
    ev = event(tree["village_a"])
    with pytest.raises(ApplicationError) as refused:
        services.response_start(actor=town_user, division=tree["town_a"], event=ev, level=Level.III,
                                matters="抢险", commander="镇长")
    assert "只能启动Ⅳ级响应" in str(refused.value.message)
    other = event(tree["village_b"])
    with pytest.raises(ApplicationError) as outside:
        services.response_start(actor=town_user, division=tree["town_a"], event=other, level=Level.IV,
                                matters="抢险", commander="镇长")
    assert str(outside.value.message) == "只能为本辖区内发生的事件启动响应。"
    with pytest.raises(ApplicationError):
        services.response_start(actor=town_user, division=tree["county"], event=ev, level=Level.IV,
                                matters="抢险", commander="镇长")
    assert not Response.all_objects.exists()
    assert services.response_start(actor=town_user, division=tree["town_a"], event=ev, level=Level.IV,
                                   matters="抢险", commander="镇长").level == Level.IV


def test_a_second_running_response_for_the_same_event_is_refused(tree, county_user):
    resp = response(tree["county"], actor=county_user)
    with pytest.raises(ApplicationError) as refused:
        services.response_start(actor=county_user, division=tree["county"], event=resp.event, level=Level.II,
                                matters="再次启动", commander="县长")
    assert "已有正在进行的应急响应" in str(refused.value.message)
    assert Response.objects.count() == 1


def test_level_changes_are_audited_with_their_reasons(tree, county_user):
    resp = response(tree["county"], level=Level.IV, actor=county_user)
    services.response_change_level(actor=county_user, response=resp, level=Level.II, reason="灾情扩大")
    resp = services.response_change_level(actor=county_user, response=resp, level=Level.III, reason="险情缓解")
    assert resp.level == Level.III
    changes = [(c.from_level, c.to_level, c.reason) for c in LevelChange.objects.filter(response=resp)]
    assert changes[1:] == [(Level.IV, Level.II, "灾情扩大"), (Level.II, Level.III, "险情缓解")]
    audit = {e.action: e.changes for e in AuditEntry.objects.filter(object_pk=str(resp.pk),
                                                                    model_label="response.response")}
    assert audit["response.response.upgraded"] == {"level": ["4", "2"], "reason": [None, "灾情扩大"]}
    assert audit["response.response.downgraded"] == {"level": ["2", "3"], "reason": [None, "险情缓解"]}


@pytest.mark.parametrize(("level", "reason", "message"), [
    (Level.IV, "理由", "新级别与当前级别相同。"),
    (Level.III, "  ", "请写明调整响应级别的理由。"),
])
def test_refused_level_changes_change_nothing(tree, county_user, level, reason, message):
    resp = response(tree["county"], level=Level.IV, actor=county_user)
    with pytest.raises(ApplicationError) as refused:
        services.response_change_level(actor=county_user, response=resp, level=level, reason=reason)
    assert str(refused.value.message) == message
    resp.refresh_from_db()
    assert resp.level == Level.IV and LevelChange.objects.filter(response=resp).count() == 1


def test_end_records_time_and_reason_and_then_refuses_further_steps(tree, county_user):
    resp = response(tree["county"], actor=county_user)
    with pytest.raises(ApplicationError) as no_reason:
        services.response_end(actor=county_user, response=resp, reason="")
    assert str(no_reason.value.message) == "请写明终止响应的理由。"
    with pytest.raises(ApplicationError) as future:
        services.response_end(actor=county_user, response=resp, reason="结束",
                              at=timezone.now() + datetime.timedelta(hours=1))
    assert str(future.value.message) == "时间不能晚于现在。"
    resp.refresh_from_db()
    assert resp.status == Status.ACTIVE and resp.ended_at is None
    ended = services.response_end(actor=county_user, response=resp, reason="险情排除")
    assert ended.status == Status.ENDED and ended.ended_at and ended.end_reason == "险情排除"
    with pytest.raises(ApplicationError) as again:
        services.response_change_level(actor=county_user, response=ended, level=Level.II, reason="x")
    assert str(again.value.message) == "响应已终止，不能调整级别。"
    with pytest.raises(ApplicationError):
        services.response_end(actor=county_user, response=ended, reason="再次")


def test_review_only_after_the_end_and_once(tree, county_user):
    resp = response(tree["county"], actor=county_user)
    with pytest.raises(ApplicationError) as early:
        services.finding_add(actor=county_user, response=resp, text="问题")
    assert str(early.value.message) == "响应终止后才能复盘。"
    services.response_end(actor=county_user, response=resp, reason="结束")
    services.finding_add(actor=county_user, response=resp, text="预警传递不畅")
    reviewed = services.review_complete(actor=county_user, response=resp, summary="总体有序")
    assert reviewed.status == Status.REVIEWED and reviewed.review_summary == "总体有序"
    with pytest.raises(ApplicationError) as late:
        services.finding_add(actor=county_user, response=resp, text="又一个")
    assert str(late.value.message) == "复盘已完成，不能再添加发现。"
    assert resp.findings.count() == 1


def test_a_review_finding_sends_a_published_plan_into_revision_through_the_plans_service(tree, county_user):
    plan = made(tree["town_a"])
    resp = response(tree["county"], actor=county_user)
    services.response_end(actor=county_user, response=resp, reason="结束")
    finding = services.finding_add(actor=county_user, response=resp, text="转移路线不清", plan=plan)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.REVISING and finding.plan == plan and finding.revision_at
    step = plan.events.get()
    assert (step.to_status, step.comment, step.details["response"]) == (Plan.Status.REVISING, "转移路线不清",
                                                                        str(resp.pk))
    # A plan not in force cannot be revised: the plans service refuses, and no finding is kept.
    with pytest.raises(ApplicationError) as refused:
        services.finding_add(actor=county_user, response=resp, text="再修订", plan=plan)
    assert "修订中" in str(refused.value.message)
    assert resp.findings.count() == 1


def test_level_changes_are_append_only(tree, county_user):
    resp = response(tree["county"], actor=county_user)
    change = LevelChange.objects.get(response=resp)
    change.reason = "改写"
    with pytest.raises(AppendOnly):
        change.save()
    with pytest.raises(AppendOnly):
        change.delete()
