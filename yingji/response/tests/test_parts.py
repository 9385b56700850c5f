"""Tasks (overdue is computed), resources through their own services, the append-only situation timeline
merged with the event's reports, online opinion and press releases (published ones never change)."""

import datetime
import io

import pytest
from django.utils import timezone
from docx import Document

from yingji.core.exceptions import ApplicationError
from yingji.experts.models import ExpertEngagement
from yingji.experts.tests.factories import ExpertFactory
from yingji.incidents import services as incident_services
from yingji.incidents.tests.factories import report_data
from yingji.response import exports, selectors, services
from yingji.response.models import AppendOnly, SituationEntry, Task
from yingji.response.rules import OpinionKind, PressStatus, TaskStatus
from yingji.response.tests.factories import response, task
from yingji.shelters.models import Shelter
from yingji.shelters.tests.factories import ShelterFactory
from yingji.teams.models import Team
from yingji.teams.rules import Readiness

pytestmark = pytest.mark.django_db


def test_task_steps_and_feedback(tree, county_user):
    t = task(response(tree["county"], actor=county_user), actor=county_user)
    with pytest.raises(ApplicationError) as skipped:
        services.task_step(actor=county_user, task=t, to=TaskStatus.DONE, feedback="完成")
    assert str(skipped.value.message) == "任务当前为“已下达”，不能改为“已完成”。"
    services.task_step(actor=county_user, task=t, to=TaskStatus.ACCEPTED)
    with pytest.raises(ApplicationError) as no_feedback:
        services.task_step(actor=county_user, task=t, to=TaskStatus.DONE)
    assert str(no_feedback.value.message) == "请填写完成情况反馈。"
    t.refresh_from_db()
    assert t.status == TaskStatus.ACCEPTED and t.done_at is None
    done = services.task_step(actor=county_user, task=t, to=TaskStatus.DONE, feedback="转移42人")
    assert done.status == TaskStatus.DONE and done.feedback == "转移42人" and done.done_at
    with pytest.raises(ApplicationError):
        services.task_update(actor=county_user, obj=done, data={"title": "改"})


def test_overdue_is_computed_from_the_deadline_and_status(tree, county_user):
    resp = response(tree["county"], actor=county_user)
    soon = task(resp, actor=county_user, deadline=timezone.now() + datetime.timedelta(hours=1))
    later = task(resp, actor=county_user, deadline=timezone.now() + datetime.timedelta(hours=3))
    services.task_step(actor=county_user, task=later, to=TaskStatus.ACCEPTED)
    services.task_step(actor=county_user, task=later, to=TaskStatus.DONE, feedback="完成")
    in_two_hours = timezone.now() + datetime.timedelta(hours=2)
    soon.refresh_from_db()
    assert selectors.is_overdue(soon, in_two_hours) and not selectors.is_overdue(soon)
    assert list(selectors.overdue(Task.objects.all(), in_two_hours)) == [soon]
    assert not selectors.overdue(Task.objects.all(), timezone.now() + datetime.timedelta(days=1)).filter(
        pk=later.pk).exists()


def test_a_task_needs_an_assignee_and_a_running_response(tree, county_user):
    resp = response(tree["county"], actor=county_user)
    with pytest.raises(ApplicationError) as nobody:
        services.task_create(actor=county_user, data={"response": resp, "title": "x",
                                                      "deadline": timezone.now() + datetime.timedelta(hours=1)})
    assert str(nobody.value.message) == "请指定承办的工作组、单位或队伍。"
    services.response_end(actor=county_user, response=resp, reason="结束")
    with pytest.raises(ApplicationError) as ended:
        task(resp, actor=county_user)
    assert str(ended.value.message) == "响应已终止，不能再下达应急处置任务；恢复重建任务请选择“恢复重建”阶段。"
    assert not Task.objects.exists()


def test_committing_a_team_deploys_it_and_ending_stands_it_down(tree, county_user):
    team = Team.objects.create(division=tree["town_a"], name="锁南镇专职队", level="township",
                               kind="township_full_time")
    resp = response(tree["county"], actor=county_user)
    services.commit_team(actor=county_user, response=resp, team=team)
    team.refresh_from_db()
    assert team.readiness == Readiness.DEPLOYED
    with pytest.raises(ApplicationError) as twice:
        services.commit_team(actor=county_user, response=resp, team=team)
    assert str(twice.value.message) == "该队伍已调派到本次响应。"
    services.response_end(actor=county_user, response=resp, reason="结束")
    team.refresh_from_db()
    assert team.readiness == Readiness.READY
    assert resp.commitments.get().released_at is not None


def test_opening_a_shelter_sets_its_occupancy_through_the_shelters_service(tree, county_user):
    shelter = ShelterFactory(division=tree["town_a"])
    resp = response(tree["county"], actor=county_user)
    commitment = services.commit_shelter(actor=county_user, response=resp, shelter=shelter, occupancy=30)
    shelter.refresh_from_db()
    assert (shelter.status, shelter.occupancy) == ("in_use", 30)
    services.shelter_occupancy(actor=county_user, commitment=commitment, occupancy=55)
    assert Shelter.objects.get(pk=shelter.pk).occupancy == 55
    services.commitment_release(actor=county_user, commitment=commitment)
    shelter.refresh_from_db()
    assert (shelter.status, shelter.occupancy) == ("ready", 0)


def test_committing_an_expert_logs_the_engagement(tree, county_user):
    expert = ExpertFactory(division=tree["county"])
    resp = response(tree["county"], actor=county_user)
    commitment = services.commit_expert(actor=county_user, response=resp, expert=expert, note="会商")
    engagement = ExpertEngagement.objects.get()
    assert commitment.engagement == engagement and engagement.kind == "incident"
    assert engagement.subject == resp.title


def test_resources_outside_the_users_subtree_are_refused(tree, town_user):
    team = Team.objects.create(division=tree["town_b"], name="达板镇专职队", level="township",
                               kind="township_full_time")
    resp = response(tree["town_a"], actor=town_user)
    with pytest.raises(ApplicationError):
        services.commit_team(actor=town_user, response=resp, team=team)
    team.refresh_from_db()
    assert team.readiness == Readiness.READY and not resp.commitments.exists()


def test_timeline_merges_own_entries_with_the_event_reports_and_is_append_only(tree, county_user):
    resp = response(tree["county"], actor=county_user)
    officer_report = report_data(occurred_at=resp.event.occurred_at, nature="后山滑坡，掩埋羊圈")
    incident_services.report_submit(actor=county_user, event=resp.event, kind="first", data=officer_report)
    entry = services.situation_add(actor=county_user, response=resp, text="道路抢通", source="抢险救援组")
    items = selectors.timeline(resp)
    assert [i.origin for i in items] == ["log", "report"]
    assert items[0].text == "道路抢通" and "后山滑坡" in items[1].text
    entry.text = "改写"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    assert SituationEntry.objects.get().text == "道路抢通"
    services.response_end(actor=county_user, response=resp, reason="结束")
    with pytest.raises(ApplicationError) as closed:
        services.situation_add(actor=county_user, response=resp, text="补记", source="x")
    assert str(closed.value.message) == "响应已终止，态势记录已封存。"


def test_opinion_is_recorded_by_kind_and_handled_once(tree, county_user):
    resp = response(tree["county"], actor=county_user)
    opinion = services.opinion_add(actor=county_user, data={"response": resp, "kind": OpinionKind.CONCEALMENT,
                                                            "platform": "微博", "summary": "网传瞒报"})
    handled = services.opinion_handle(actor=county_user, opinion=opinion, handling="核查后如实公开")
    assert handled.status == "handled" and handled.handled_at
    with pytest.raises(ApplicationError) as again:
        services.opinion_handle(actor=county_user, opinion=opinion, handling="再处置")
    assert str(again.value.message) == "该舆情已处置。"


def test_press_release_lifecycle_and_published_ones_are_immutable(tree, county_user):
    resp = response(tree["county"], actor=county_user)
    release = services.press_create(actor=county_user, data={"response": resp, "title": "情况通报",
                                                             "body": "第一段\n第二段", "issuer": "县应急管理局"})
    with pytest.raises(ApplicationError):
        services.press_step(actor=county_user, release=release, to=PressStatus.PUBLISHED)
    services.press_step(actor=county_user, release=release, to=PressStatus.APPROVED)
    with pytest.raises(ApplicationError) as approved:
        services.press_update(actor=county_user, obj=release, data={"body": "改"})
    assert str(approved.value.message) == "已审核的新闻稿须退回草稿后才能修改。"
    published = services.press_step(actor=county_user, release=release, to=PressStatus.PUBLISHED)
    assert published.published_at
    for attempt in (lambda: services.press_update(actor=county_user, obj=published, data={"body": "改"}),
                    lambda: services.press_delete(actor=county_user, obj=published),
                    lambda: services.press_step(actor=county_user, release=published, to=PressStatus.DRAFT)):
        with pytest.raises(ApplicationError):
            attempt()
    published.refresh_from_db()
    assert (published.status, published.body, published.deleted_at) == (PressStatus.PUBLISHED, "第一段\n第二段", None)
    doc = Document(io.BytesIO(exports.press_docx(published)))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "情况通报" and "第一段" in texts and "县应急管理局" in texts


def test_a_working_group_without_tasks_may_be_removed(tree, county_user):
    from yingji.response.models import WorkingGroup

    resp = response(tree["county"], actor=county_user)
    busy, idle = list(resp.groups.order_by("pk"))[:2]
    task(resp, actor=county_user, group=busy)
    with pytest.raises(ApplicationError) as refused:
        services.group_remove(actor=county_user, group=busy)
    assert refused.value.code == "has_tasks"
    services.group_remove(actor=county_user, group=idle)
    assert set(WorkingGroup.objects.filter(response=resp).values_list("pk", flat=True)) >= {busy.pk}
    assert not WorkingGroup.objects.filter(pk=idle.pk).exists()


def test_the_press_release_carries_its_document_number_above_the_title(tree, county_user):
    resp = response(tree["county"], actor=county_user)
    release = services.press_create(actor=county_user, data={
        "response": resp, "number": "东应急发〔2026〕12号", "title": "关于山体滑坡的情况通报", "body": "正文",
        "issuer": "东乡族自治县应急管理局"})
    texts = [p.text for p in Document(io.BytesIO(exports.press_docx(release))).paragraphs if p.text]
    assert texts.index("东应急发〔2026〕12号") < texts.index("关于山体滑坡的情况通报")
