"""Pages and API: the response page for every part, HTMX timeline append, refused steps, scoping (another
township gets 404), list query counts, Excel export, attention, the Word press release."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from yingji.api.tests.conftest import token_client
from yingji.core.attention import attention_for
from yingji.core.permissions import Role
from yingji.divisions.tests.factories import UserFactory
from yingji.response import services
from yingji.response.models import LevelChange, Response, SituationEntry, Task
from yingji.response.rules import Level, PressStatus, Status, TaskStatus
from yingji.response.tests.factories import event, response, task

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_the_response_page_shows_every_part(client, tree, county_user):
    resp = response(tree["county"], actor=county_user)
    task(resp, actor=county_user, title="转移群众")
    services.press_create(actor=county_user, data={"response": resp, "title": "情况通报", "body": "正文",
                                                   "issuer": "县应急管理局"})
    client.force_login(county_user)
    page = client.get(reverse("responses-detail", args=[resp.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    for text in ("综合协调组", "转移群众", "情况通报", "调整响应级别", "记录态势", "登记舆情", "调派资源"):
        assert text in body, text


def test_htmx_append_returns_the_timeline_in_place(client, tree, county_user):
    resp = response(tree["county"], actor=county_user)
    client.force_login(county_user)
    url = reverse("responses-situation", args=[resp.pk])
    ok = client.post(url, {"source": "现场指挥部", "text": "道路抢通"}, HTTP_HX_REQUEST="true")
    assert ok.status_code == 200 and "道路抢通" in ok.content.decode() and "<html" not in ok.content.decode()
    bad = client.post(url, {"source": "", "text": ""}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400 and SituationEntry.objects.count() == 1


def test_level_change_and_end_through_the_pages(client, tree, county_user):
    resp = response(tree["county"], actor=county_user)
    client.force_login(county_user)
    client.post(reverse("responses-level", args=[resp.pk]), {"level": Level.II, "reason": "灾情扩大"})
    refused = client.post(reverse("responses-level", args=[resp.pk]), {"level": Level.II, "reason": "再次"},
                          follow=True)
    assert "新级别与当前级别相同。" in refused.content.decode()
    client.post(reverse("responses-end", args=[resp.pk]), {"reason": "险情排除"})
    resp.refresh_from_db()
    assert (resp.level, resp.status) == (Level.II, Status.ENDED)
    assert LevelChange.objects.filter(response=resp).count() == 2


def test_every_form_of_the_response_page_works_and_a_refusal_says_why(client, tree, county_user):
    from yingji.plans.tests.factories import made
    from yingji.response.models import Commitment, OpinionEntry, ReviewFinding, WorkingGroup
    from yingji.shelters.models import Shelter
    from yingji.shelters.tests.factories import ShelterFactory
    from yingji.teams.models import Team

    resp = response(tree["county"], actor=county_user)
    team = Team.objects.create(division=tree["town_a"], name="锁南镇专职队", level="township",
                               kind="township_full_time")
    shelter = ShelterFactory(division=tree["town_a"])
    client.force_login(county_user)

    def post(name, data=None, *args):
        page = client.post(reverse(name, args=[resp.pk, *args]), data or {}, follow=True)
        assert page.status_code == 200
        return page.content.decode()

    assert "指挥部已更新" in post("responses-command", {"commander": "马县长", "command_post": "县应急指挥中心"})
    assert "工作组已添加" in post("responses-group-add", {"name": "通信保障组", "duties": "保障通信"})
    added = WorkingGroup.objects.get(response=resp, name="通信保障组")
    assert "工作组已删除" in post("responses-group-remove", {}, added.pk)
    assert not WorkingGroup.objects.filter(pk=added.pk).exists()
    assert "请选择要调派的资源" in post("responses-commit", {"kind": "team"})
    assert "资源已调派" in post("responses-commit", {"kind": "team", "team": team.pk, "note": "转移群众"})
    assert "资源已调派" in post("responses-commit", {"kind": "shelter", "shelter": shelter.pk, "occupancy": 40})
    opened = Commitment.objects.get(response=resp, kind="shelter")
    assert "安置人数已更新" in post("responses-occupancy", {"occupancy": 65}, opened.pk)
    assert Shelter.objects.get(pk=shelter.pk).occupancy == 65
    assert "资源已撤回" in post("responses-release", {}, Commitment.objects.get(response=resp, kind="team").pk)
    assert "舆情已登记" in post("responses-opinion-add", {"kind": "false", "platform": "微博", "summary": "谣传溃坝"})
    opinion = OpinionEntry.objects.get(response=resp)
    assert "处置情况已登记" in post("responses-opinion-handle", {"handling": "发布辟谣通报"}, opinion.pk)
    assert "响应终止后才能复盘" in post("responses-finding-add", {"text": "预警发布偏晚"})
    assert not ReviewFinding.objects.exists()
    post("responses-end", {"reason": "险情排除"})
    plan = made(tree["county"], title="县防汛应急预案")
    assert "预案已转入修订" in post("responses-finding-add", {"text": "预警发布偏晚", "plan": plan.pk})
    assert "复盘已完成" in post("responses-review", {"summary": "总体有序"})
    resp.refresh_from_db()
    assert (resp.commander, resp.status) == ("马县长", Status.REVIEWED)


def test_start_form_creates_a_response(client, tree, county_user):
    ev = event(tree["village_a"])
    client.force_login(county_user)
    assert client.get(reverse("responses-create")).status_code == 200
    page = client.post(reverse("responses-create"), {
        "division": tree["county"].pk, "event": ev.pk, "level": Level.III, "matters": "抢险", "commander": "县长"})
    resp = Response.objects.get()
    assert page.status_code == 302 and page["Location"] == reverse("responses-detail", args=[resp.pk])


def test_task_page_steps(client, tree, county_user):
    t = task(response(tree["county"], actor=county_user), actor=county_user)
    client.force_login(county_user)
    assert client.get(reverse("response-tasks-detail", args=[t.pk])).status_code == 200
    client.post(reverse("response-tasks-step", args=[t.pk, TaskStatus.ACCEPTED]))
    client.post(reverse("response-tasks-step", args=[t.pk, TaskStatus.DONE]), {"feedback": "已完成转移"})
    t.refresh_from_db()
    assert (t.status, t.feedback) == (TaskStatus.DONE, "已完成转移")


def test_overdue_tasks_page_and_home_attention(client, tree, county_user):
    t = task(response(tree["county"], actor=county_user), actor=county_user)
    Task.objects.filter(pk=t.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=5))
    client.force_login(county_user)
    assert t.title in client.get(reverse("response-tasks-overdue")).content.decode()
    items = [i for i in attention_for(county_user) if i.url == reverse("response-tasks-overdue")]
    assert [i.count for i in items] == [1]


def test_press_release_pages_and_word(client, tree, county_user):
    resp = response(tree["county"], actor=county_user)
    client.force_login(county_user)
    created = client.post(reverse("responses-press-add", args=[resp.pk]),
                          {"title": "情况通报", "body": "正文", "issuer": "县应急管理局"})
    release = resp.press_releases.get()
    assert created["Location"] == reverse("responses-press", args=[resp.pk, release.pk])
    for step in (PressStatus.APPROVED, PressStatus.PUBLISHED):
        client.post(reverse("responses-press-step", args=[resp.pk, release.pk, step]))
    client.post(reverse("responses-press", args=[resp.pk, release.pk]),
                {"title": "改", "body": "改", "issuer": "改"})
    release.refresh_from_db()
    assert (release.status, release.title) == (PressStatus.PUBLISHED, "情况通报")
    word = client.get(reverse("responses-press-docx", args=[resp.pk, release.pk]))
    assert word.status_code == 200 and word.content[:2] == b"PK"


def test_another_township_gets_404_everywhere_and_nothing_changes(client, tree, town_user, other_town_user):
    resp = response(tree["town_a"], actor=town_user)
    t = task(resp, actor=town_user)
    release = services.press_create(actor=town_user, data={"response": resp, "title": "通报", "body": "正文",
                                                           "issuer": "锁南镇"})
    client.force_login(other_town_user)
    for url in (reverse("responses-detail", args=[resp.pk]), reverse("response-tasks-detail", args=[t.pk]),
                reverse("responses-press", args=[resp.pk, release.pk]),
                reverse("responses-press-docx", args=[resp.pk, release.pk])):
        assert client.get(url).status_code == 404, url
    for url, data in ((reverse("responses-level", args=[resp.pk]), {"level": "4", "reason": "x"}),
                      (reverse("responses-end", args=[resp.pk]), {"reason": "x"}),
                      (reverse("responses-situation", args=[resp.pk]), {"source": "x", "text": "x"}),
                      (reverse("response-tasks-step", args=[t.pk, "accepted"]), {})):
        assert client.post(url, data).status_code == 404, url
    api = token_client(other_town_user)
    assert api.get(f"{API}/responses/{resp.pk}").status_code == 404
    assert api.post_json(f"{API}/responses/{resp.pk}/end", {"reason": "x"}).status_code == 404
    assert api.post_json(f"{API}/responses/{resp.pk}/timeline", {"source": "x", "text": "x"}).status_code == 404
    assert api.get(f"{API}/responses").json()["items"] == []
    resp.refresh_from_db()
    t.refresh_from_db()
    assert resp.status == Status.ACTIVE and t.status == TaskStatus.ASSIGNED and not SituationEntry.objects.exists()


def test_a_leader_may_read_but_not_change(client, tree, county_user):
    resp = response(tree["county"], actor=county_user)
    leader = UserFactory(division=tree["county"], role=Role.LEADER)
    client.force_login(leader)
    assert client.get(reverse("responses-detail", args=[resp.pk])).status_code == 200
    assert client.post(reverse("responses-end", args=[resp.pk]), {"reason": "x"}).status_code == 403
    resp.refresh_from_db()
    assert resp.status == Status.ACTIVE


def test_api_lifecycle_tasks_timeline_and_press(tree, county_user):
    ev = event(tree["village_a"])
    api = token_client(county_user)
    started = api.post_json(f"{API}/responses", {"division": tree["county"].code, "event": ev.pk, "level": "3",
                                                 "matters": "抢险", "commander": "县长"})
    assert started.status_code == 201, started.json()
    pk = started.json()["id"]
    assert [g["name"] for g in started.json()["groups"]][0] == "综合协调组"
    group = started.json()["groups"][1]["id"]
    same = api.post_json(f"{API}/responses/{pk}/level", {"level": "3", "reason": "x"})
    assert same.status_code == 400 and same.json()["message"] == "新级别与当前级别相同。"
    up = api.post_json(f"{API}/responses/{pk}/level", {"level": "2", "reason": "灾情扩大"})
    assert up.json()["level"] == "2" and len(up.json()["level_changes"]) == 2

    deadline = (timezone.now() + datetime.timedelta(hours=2)).isoformat()
    created = api.post_json(f"{API}/responses/{pk}/tasks", {"title": "转移群众", "group": group,
                                                            "deadline": deadline})
    assert created.status_code == 201, created.json()
    tid = created.json()["id"]
    assert api.patch_json(f"{API}/responses/tasks/{tid}", {"title": "转移受威胁群众"}).json()["title"] == "转移受威胁群众"
    assert api.post_json(f"{API}/responses/tasks/{tid}/steps/accepted", {}).json()["status"] == "accepted"
    done = api.post_json(f"{API}/responses/tasks/{tid}/steps/done", {"feedback": "转移42人"})
    assert done.json()["status"] == "done" and done.json()["overdue"] is False
    assert api.get(f"{API}/responses/tasks", {"overdue": "true"}).json()["count"] == 0
    assert api.get(f"{API}/responses/{pk}/tasks").json()["count"] == 1

    appended = api.post_json(f"{API}/responses/{pk}/timeline", {"source": "现场", "text": "道路抢通"})
    assert appended.status_code == 201
    assert [i["text"] for i in api.get(f"{API}/responses/{pk}/timeline").json()] == ["道路抢通"]

    release = api.post_json(f"{API}/responses/{pk}/press-releases", {"title": "通报", "body": "正文",
                                                                      "issuer": "县应急管理局"}).json()
    for step in ("approved", "published"):
        assert api.post(f"{API}/responses/{pk}/press-releases/{release['id']}/steps/{step}").status_code == 200
    frozen = api.patch_json(f"{API}/responses/{pk}/press-releases/{release['id']}", {"body": "改"})
    assert frozen.status_code == 400 and frozen.json()["message"] == "已发布的新闻稿不能修改。"

    ended = api.post_json(f"{API}/responses/{pk}/end", {"reason": "险情排除"})
    assert ended.json()["status"] == "ended" and ended.json()["end_reason"] == "险情排除"
    listed = api.get(f"{API}/responses", {"status": "ended", "level": "2"}).json()
    assert [r["id"] for r in listed["items"]] == [pk]
    assert api.get(f"{API}/responses", {"status": "active"}).json()["count"] == 0


def test_api_commits_resources_records_opinion_and_reviews(tree, county_user, other_town_user):
    from yingji.plans.models import Plan
    from yingji.plans.tests.factories import made
    from yingji.shelters.models import Shelter
    from yingji.shelters.tests.factories import ShelterFactory
    from yingji.teams.models import Team
    from yingji.teams.rules import Readiness

    resp = response(tree["county"], actor=county_user)
    team = Team.objects.create(division=tree["town_a"], name="锁南镇专职队", level="township",
                               kind="township_full_time")
    shelter = ShelterFactory(division=tree["town_a"])
    api = token_client(county_user)
    base = f"{API}/responses/{resp.pk}"

    committed = api.post_json(f"{base}/commitments", {"kind": "team", "id": team.pk, "note": "转移群众"})
    assert committed.status_code == 201 and committed.json()["resource"] == "锁南镇专职队"
    assert Team.objects.get(pk=team.pk).readiness == Readiness.DEPLOYED
    no_people = api.post_json(f"{base}/commitments", {"kind": "shelter", "id": shelter.pk})
    assert no_people.status_code == 400 and "occupancy" in no_people.json()["errors"]
    opened = api.post_json(f"{base}/commitments", {"kind": "shelter", "id": shelter.pk, "occupancy": 30}).json()
    assert api.post_json(f"{base}/commitments/{opened['id']}/occupancy", {"occupancy": 45}).json()["occupancy"] == 45
    assert Shelter.objects.get(pk=shelter.pk).occupancy == 45
    assert api.post_json(f"{base}/commitments", {"kind": "expert", "id": 999999}).status_code == 422
    released = api.post_json(f"{base}/commitments/{committed.json()['id']}/release", {})
    assert released.json()["released_at"] and Team.objects.get(pk=team.pk).readiness == Readiness.READY
    assert len(api.get(f"{base}/commitments").json()) == 2

    opinion = api.post_json(f"{base}/opinions", {"kind": "false", "platform": "微博", "summary": "谣传溃坝"})
    assert opinion.status_code == 201 and opinion.json()["status"] == "open"
    empty = api.post_json(f"{base}/opinions/{opinion.json()['id']}/handle", {"handling": " "})
    assert empty.status_code == 400 and "handling" in empty.json()["errors"]
    handled = api.post_json(f"{base}/opinions/{opinion.json()['id']}/handle", {"handling": "发布辟谣通报"})
    assert handled.json()["status"] == "handled"
    assert [o["summary"] for o in api.get(f"{base}/opinions").json()] == ["谣传溃坝"]

    early = api.post_json(f"{base}/findings", {"text": "预警偏晚"})
    assert early.status_code == 400 and early.json()["code"] == "active"
    api.post_json(f"{base}/end", {"reason": "险情排除"})
    plan = made(tree["county"], title="县防汛应急预案")
    finding = api.post_json(f"{base}/findings", {"text": "预警偏晚", "plan": plan.pk})
    assert finding.status_code == 201 and finding.json()["revision_at"]
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.REVISING
    reviewed = api.post_json(f"{base}/review", {"summary": "总体有序"})
    assert reviewed.json()["status"] == Status.REVIEWED

    outsider = token_client(other_town_user)
    assert outsider.get(f"{base}/commitments").status_code == 404
    assert outsider.post_json(f"{base}/opinions", {"kind": "false", "platform": "x", "summary": "x"}).status_code == 404


def test_api_refuses_an_event_outside_the_scope(tree, town_user):
    ev = event(tree["village_b"])
    api = token_client(town_user)
    refused = api.post_json(f"{API}/responses", {"division": tree["town_a"].code, "event": ev.pk, "level": "4",
                                                 "matters": "抢险", "commander": "镇长"})
    assert refused.status_code == 422 and not Response.objects.exists()


def _lists(client, api):
    with CaptureQueriesContext(connection) as page:
        assert client.get(reverse("responses-list")).status_code == 200
    with CaptureQueriesContext(connection) as tasks:
        assert client.get(reverse("response-tasks-list")).status_code == 200
    with CaptureQueriesContext(connection) as listed:
        assert api.get(f"{API}/responses").status_code == 200
    with CaptureQueriesContext(connection) as task_api:
        assert api.get(f"{API}/responses/tasks").status_code == 200
    return len(page), len(tasks), len(listed), len(task_api)


def test_list_queries_do_not_grow_with_rows(client, tree, county_user):
    client.force_login(county_user)
    api = token_client(county_user)
    task(response(tree["county"], actor=county_user), actor=county_user)
    _lists(client, api)  # the token's first use is stamped once
    one = _lists(client, api)
    for _i in range(5):
        resp = response(tree["county"], actor=county_user)
        for _j in range(3):
            task(resp, actor=county_user)
    assert _lists(client, api) == one


def test_excel_exports_of_responses_and_tasks(client, tree, county_user):
    task(response(tree["county"], actor=county_user), actor=county_user)
    client.force_login(county_user)
    for name in ("responses-export", "response-tasks-export"):
        export = client.get(reverse(name))
        assert export.status_code == 200 and export.content[:2] == b"PK"


def test_the_lead_organisation_choices_stay_in_the_users_subtree(client, tree, town_user):
    from yingji.divisions.tests.factories import OrganisationFactory

    mine = OrganisationFactory(division=tree["town_a"], name="锁南镇应急办")
    theirs = OrganisationFactory(division=tree["town_b"], name="达板镇应急办")
    resp = response(tree["town_a"], actor=town_user)
    client.force_login(town_user)
    choices = client.get(reverse("responses-detail", args=[resp.pk])).context["group_form"].fields[
        "lead_organisation"].queryset
    assert mine in choices and theirs not in choices
    client.post(reverse("responses-group-add", args=[resp.pk]), {"name": "外借组", "lead_organisation": theirs.pk})
    assert not resp.groups.filter(name="外借组").exists()
