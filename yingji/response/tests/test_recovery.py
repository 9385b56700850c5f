"""Recovery and reconstruction (L1 Arts. 86–87): once handling ends, the impact and losses are assessed, a
recovery plan is drawn up and reported to the level above, and recovery tasks are given."""

import pytest
from django.urls import reverse

from yingji.api.tests.conftest import token_client
from yingji.audit.models import AuditEntry
from yingji.core.attention import attention_for
from yingji.core.exceptions import ApplicationError
from yingji.response import services
from yingji.response.models import Response
from yingji.response.rules import TaskPhase
from yingji.response.tests.factories import response, task

pytestmark = pytest.mark.django_db


def _pending(user):
    return [item for item in attention_for(user) if "恢复重建计划" in str(item.title)]


def test_the_recovery_plan_follows_the_end_and_is_fixed_once_reported(tree, county_user):
    resp = response(tree["county"], actor=county_user)
    with pytest.raises(ApplicationError) as early:
        services.recovery_plan_record(actor=county_user, response=resp, loss_assessment="x", recovery_plan="y")
    assert early.value.code == "active"
    with pytest.raises(ApplicationError) as early_task:
        task(resp, actor=county_user, phase=TaskPhase.RECOVERY)
    assert early_task.value.code == "active"
    assert not _pending(county_user)

    services.response_end(actor=county_user, response=resp, reason="险情排除")
    assert len(_pending(county_user)) == 1
    with pytest.raises(ApplicationError) as handling:
        task(resp, actor=county_user)
    assert handling.value.code == "not_active"
    repair = task(resp, actor=county_user, title="抢修供水管网", phase=TaskPhase.RECOVERY)
    assert repair.phase == TaskPhase.RECOVERY

    with pytest.raises(ApplicationError) as unwritten:
        services.recovery_report(actor=county_user, response=resp)
    assert unwritten.value.code == "required"
    with pytest.raises(ApplicationError) as blank:
        services.recovery_plan_record(actor=county_user, response=resp, loss_assessment=" ", recovery_plan="修复道路")
    assert set(blank.value.field_errors) == {"loss_assessment"}
    services.recovery_plan_record(actor=county_user, response=resp, loss_assessment="倒塌房屋3间，道路中断2公里",
                                  recovery_plan="一周内抢通道路，一月内重建房屋")
    reported = services.recovery_report(actor=county_user, response=resp)
    assert reported.recovery_reported_at is not None and not _pending(county_user)
    with pytest.raises(ApplicationError) as fixed:
        services.recovery_plan_record(actor=county_user, response=resp, loss_assessment="改", recovery_plan="改")
    assert fixed.value.code == "reported"
    assert Response.objects.get(pk=resp.pk).recovery_plan == "一周内抢通道路，一月内重建房屋"
    actions = set(AuditEntry.objects.filter(object_pk=str(resp.pk)).values_list("action", flat=True))
    assert {"response.response.recovery_planned", "response.response.recovery_reported"} <= actions


def test_recovery_through_the_page_and_the_api(client, tree, county_user, other_town_user):
    resp = response(tree["county"], actor=county_user)
    services.response_end(actor=county_user, response=resp, reason="险情排除")
    client.force_login(county_user)
    page = client.get(reverse("responses-detail", args=[resp.pk])).content.decode()
    assert "恢复重建" in page and f"?response={resp.pk}&phase=recovery" in page
    saved = client.post(reverse("responses-recovery", args=[resp.pk]),
                        {"loss_assessment": "倒塌房屋3间", "recovery_plan": "一月内重建"}, follow=True)
    assert "恢复重建计划已保存" in saved.content.decode()

    api = token_client(county_user)
    base = f"/api/v1/responses/{resp.pk}"
    changed = api.post_json(f"{base}/recovery", {"loss_assessment": "倒塌房屋4间", "recovery_plan": "一月内重建"})
    assert changed.status_code == 200 and changed.json()["loss_assessment"] == "倒塌房屋4间"
    group = changed.json()["groups"][0]["id"]
    made = api.post_json(f"{base}/tasks", {"title": "恢复供电", "group": group, "phase": "recovery",
                                           "deadline": "2099-01-01T08:00:00+08:00"})
    assert made.status_code == 201 and made.json()["phase"] == "recovery"
    assert token_client(other_town_user).post_json(f"{base}/recovery/report", {}).status_code == 404
    reported = api.post_json(f"{base}/recovery/report", {})
    assert reported.json()["recovery_reported_at"]
    again = client.post(reverse("responses-recovery-report", args=[resp.pk]), follow=True)
    assert "恢复重建计划已报上一级。" in again.content.decode()


def test_the_level_above_is_told_once_when_the_plan_is_reported(tree, county_user, django_capture_on_commit_callbacks):
    from yingji.core.permissions import Role
    from yingji.divisions.tests.factories import UserFactory
    from yingji.messaging.models import Delivery, Dispatch

    city_office = UserFactory(division=tree["city"], role=Role.DUTY_OFFICER)
    UserFactory(division=tree["town_a"], role=Role.TOWNSHIP_STAFF)  # below the county: not told
    resp = response(tree["county"], actor=county_user)
    services.response_end(actor=county_user, response=resp, reason="险情排除")
    services.recovery_plan_record(actor=county_user, response=resp, loss_assessment="倒塌房屋3间",
                                  recovery_plan="一月内重建")
    with django_capture_on_commit_callbacks(execute=True):
        services.recovery_report(actor=county_user, response=resp)
    dispatch = Dispatch.objects.get(topic="response.recovery.reported")
    assert dispatch.division_id == tree["city"].pk and resp.title in dispatch.subject
    assert list(Delivery.objects.filter(dispatch=dispatch).values_list("recipient_key", flat=True)) == [
        f"user:{city_office.pk}"]
