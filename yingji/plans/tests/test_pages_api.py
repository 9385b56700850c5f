"""Pages and API: the plan page per role, steps from the page, the register form's checklist, import,
review and overdue lists, attention, the public portal, the API's filters and steps, query counts."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from yingji.api.tests.conftest import token_client
from yingji.core.attention import attention_for
from yingji.core.permissions import Role
from yingji.divisions.tests.factories import OrganisationFactory, UserFactory, county_tree
from yingji.plans import demo, services
from yingji.plans.models import HazardTopic, Plan, PlanEvent
from yingji.plans.tests.factories import made, pdf, plan, ready

pytestmark = pytest.mark.django_db
K, S = Plan.Kind, Plan.Status


@pytest.fixture
def tree():
    return county_tree()


@pytest.mark.parametrize("role", list(Role))
def test_the_plan_page_opens_for_every_role_and_offers_only_allowed_steps(client, tree, role):
    p = ready(tree["village_a"], kind=K.COMBINED)
    client.force_login(UserFactory(division=tree["town_a"], role=role))
    response = client.get(reverse("plans-detail", args=[p.pk]))
    assert response.status_code == 200
    steps = [a for a, _label, _fields in response.context["actions"]]
    assert steps == (["submit"] if role in (Role.ADMIN, Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF, Role.INFO_OFFICER)
                     else [])
    body = response.content.decode()
    for item in p.required_contents():
        assert item in body


def test_steps_from_the_page_and_a_refused_step_changes_nothing(client, tree):
    p = plan(tree["village_a"], kind=K.COMBINED, checked_contents=["处置程序"])
    clerk = UserFactory(division=tree["village_a"], role=Role.INFO_OFFICER)
    client.force_login(clerk)
    step = reverse("plans-step", args=[p.pk, "submit"])
    body = client.post(step, follow=True).content.decode()
    assert "预案缺少以下必备内容" in body and "风险点位" in body
    p.refresh_from_db()
    assert p.status == S.DRAFT
    p.checked_contents = list(p.required_contents())
    p.save()
    client.post(step)
    client.post(reverse("plans-step", args=[p.pk, "deliberate"]),
                {"body": "支委会", "decision": "同意", "on": "2027-03-01"})
    client.post(reverse("plans-step", args=[p.pk, "send_for_filing"]))
    body = client.post(reverse("plans-step", args=[p.pk, "file"]), follow=True).content.decode()
    assert "锁南镇" in body  # who must review it
    p.refresh_from_db()
    assert p.status == S.FILING and p.issued_date == date(2027, 3, 1)
    client.force_login(UserFactory(division=tree["town_a"]))
    body = client.post(reverse("plans-step", args=[p.pk, "publish"]), {"scope": "全村"}, follow=True).content.decode()
    assert "不能发布" in body
    client.post(reverse("plans-step", args=[p.pk, "file"]), {"comment": "同意备案", "filing_number": "锁备1号"})
    p.refresh_from_db()
    assert p.status == S.FILED
    assert p.events.last().details["filing_number"] == "锁备1号"
    page = client.get(reverse("plans-detail", args=[p.pk])).content.decode()
    assert "同意备案" in page

    from docx import Document

    form = client.get(reverse("plans-filing-form", args=[p.pk]))
    assert form.status_code == 200 and reverse("plans-filing-form", args=[p.pk]) in page
    doc = Document(io.BytesIO(form.content))
    assert doc.paragraphs[0].text == "应急预案备案登记表"
    cells = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert cells["预案名称"] == p.title and cells["备案受理单位"] == "锁南镇"
    assert "支委会" in cells["审议情况"] and "同意" in cells["审议情况"]
    assert "同意备案" in cells["备案意见"] and "锁备1号" in cells["备案意见"]
    assert "☑风险点位" in cells["必备内容"]


def test_the_form_shows_the_checklist_and_saves_ticks(client, tree):
    p = plan(tree["village_a"], kind=K.COMBINED)
    client.force_login(UserFactory(division=tree["town_a"]))
    form = client.get(reverse("plans-update", args=[p.pk])).content.decode()
    assert 'type="checkbox"' in form and "风险点位" in form and "人员疏散与安置" not in form
    topic = HazardTopic.objects.get(name="洪涝灾害")
    response = client.post(reverse("plans-update", args=[p.pk]), {
        "division": tree["village_a"].pk, "organisation": p.organisation_id, "title": p.title, "kind": K.COMBINED,
        "version": "1.0", "topics": [topic.pk], "checked_contents": ["风险点位", "处置程序"]})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.checked_contents == ["风险点位", "处置程序"] and list(p.topics.all()) == [topic]
    page = client.get(reverse("plans-detail", args=[p.pk])).content.decode()
    assert reverse("plans-update", args=[p.pk]) in page and reverse("plans-delete", args=[p.pk]) in page
    p.status = S.FILED
    p.save()
    page = client.get(reverse("plans-detail", args=[p.pk])).content.decode()
    assert reverse("plans-update", args=[p.pk]) not in page and reverse("plans-delete", args=[p.pk]) not in page
    refused = client.post(reverse("plans-update", args=[p.pk]), {
        "division": tree["village_a"].pk, "organisation": p.organisation_id, "title": "改", "kind": K.COMBINED,
        "version": "1.0"})
    assert refused.status_code == 400 and "请先启动修订" in refused.content.decode()


def _xlsx(header, rows) -> io.BytesIO:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "plans.xlsx"
    return buffer


def test_import_names_bad_rows_and_creates_nothing(client, tree):
    org = plan(tree["town_a"]).organisation
    client.force_login(UserFactory(division=tree["town_a"]))
    header = ["预案名称", "预案类型", "编制单位", "灾种"]
    bad = client.post(reverse("plans-import"), {"file": _xlsx(header, [
        ["锁南镇防汛应急预案", "专项应急预案", org.name, "洪涝灾害"],
        ["锁南镇地震应急预案", "火星预案", org.name, "地震"],
        ["", "专项应急预案", org.name, "不存在的灾种"]])})
    assert bad.status_code == 400
    rows = {row.line: row.errors for row in bad.context["result"].rows}
    assert rows[2] == [] and any("预案类型" in e for e in rows[3]) and any("预案名称" in e for e in rows[4])
    assert Plan.objects.count() == 1
    good = client.post(reverse("plans-import"), {"file": _xlsx(header, [
        ["锁南镇防汛应急预案", "专项应急预案", org.name, "洪涝灾害、地质灾害"]])})
    assert good.status_code == 200
    imported = Plan.objects.get(title="锁南镇防汛应急预案")
    assert imported.status == S.DRAFT and imported.division == tree["town_a"]
    assert sorted(t.name for t in imported.topics.all()) == ["地质灾害", "洪涝灾害"]


def test_info_officers_may_not_import(client, tree):
    client.force_login(UserFactory(division=tree["village_a"], role=Role.INFO_OFFICER))
    assert client.get(reverse("plans-import")).status_code == 403


def test_review_queue_overdue_list_and_attention(client, tree):
    long_ago = timezone.localdate() - timedelta(days=60)
    late = made(tree["village_a"], K.COMBINED, status=S.FILING, issued_date=long_ago, title="锁南村预案")
    made(tree["village_b"], K.COMBINED, status=S.FILING, issued_date=long_ago, title="达板村预案")
    made(tree["town_a"], K.OVERALL, status=S.FILING, issued_date=long_ago, title="锁南镇预案")
    township = UserFactory(division=tree["town_a"])
    client.force_login(township)
    queue = client.get(reverse("plans-review"))
    assert [row[0].title for row in queue.context["rows"]] == [late.title]
    overdue = client.get(reverse("plans-overdue"))
    assert {row[0].title for row in overdue.context["rows"]} == {"锁南村预案", "锁南镇预案"}
    titles = {item.title: item.count for item in attention_for(township)}
    assert titles["待备案审查的预案"] == 1 and titles["逾期未备案的预案"] == 2
    county = UserFactory(division=tree["county"], role=Role.COUNTY_STAFF)
    titles = {item.title: item.count for item in attention_for(county)}
    assert titles["待备案审查的预案"] == 1 and titles["逾期未备案的预案"] == 1  # the township's filing
    leader = UserFactory(division=tree["county"], role=Role.LEADER)
    assert "待备案审查的预案" not in {item.title for item in attention_for(leader)}


def test_topics_page_lets_county_staff_extend_the_list(client, tree):
    client.force_login(UserFactory(division=tree["county"], role=Role.COUNTY_STAFF))
    assert client.post(reverse("plans-topics"), {"name": "冰雪灾害", "township_required": "on"}).status_code == 302
    assert HazardTopic.objects.get(name="冰雪灾害").township_required
    again = client.post(reverse("plans-topics"), {"name": "冰雪灾害"})
    assert again.status_code == 400 and "已存在" in again.content.decode()
    client.force_login(UserFactory(division=tree["town_a"]))
    assert client.get(reverse("plans-topics")).status_code == 200
    assert client.post(reverse("plans-topics"), {"name": "沙尘暴"}).status_code == 403


def test_public_page_shows_published_plans_and_public_files_only(client, tree):
    shown = made(tree["town_a"], K.OVERALL, title="锁南镇突发事件总体应急预案", number="锁政发〔2027〕3号",
                 summary="明确组织指挥体系", contact_person="马秘密", contact_phone="13900001111",
                 published_date=date(2027, 4, 1))
    made(tree["town_a"], K.SPECIAL, status=S.FILED, title="未发布预案")
    made(tree["town_b"], K.SPECIAL, title="涉密预案", confidential=True)
    staff = UserFactory(division=tree["town_a"])
    public = services.attachment_add(actor=staff, plan=shown, upload=pdf("公开版.pdf"), kind="public", public=True)
    internal = services.attachment_add(actor=staff, plan=shown, upload=pdf("全文.pdf"))
    response = client.get(reverse("plans-public"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "锁南镇突发事件总体应急预案" in body and "锁政发〔2027〕3号" in body and "明确组织指挥体系" in body
    assert "未发布预案" not in body and "涉密预案" not in body
    assert "马秘密" not in body and "13900001111" not in body and "全文.pdf" not in body
    assert client.get(reverse("plans-public-attachment", args=[public.pk])).status_code == 200
    assert client.get(reverse("plans-public-attachment", args=[internal.pk])).status_code == 404
    by_town = client.get(reverse("plans-public"), {"division": tree["town_b"].code}).content.decode()
    assert "锁南镇突发事件总体应急预案" not in by_town
    assert client.get(reverse("plans-public"), {"division": "999999999999"}).status_code == 404


def test_plan_list_queries_do_not_grow_with_rows(client, tree, django_assert_max_num_queries):
    for n in range(12):
        made(tree["village_a"], K.COMBINED, topics=["洪涝灾害", "地震"], title=f"预案{n}")
    client.force_login(UserFactory(division=tree["county"], role=Role.COUNTY_STAFF))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("plans-list")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("plans-overdue")).status_code == 200
    api = token_client(UserFactory(division=tree["county"], role=Role.COUNTY_STAFF))
    with django_assert_max_num_queries(10):
        assert len(api.get("/api/v1/plans").json()["items"]) == 12


def test_api_filters_and_steps(tree):
    late = made(tree["village_a"], K.COMBINED, topics=["洪涝灾害"], status=S.FILING, title="村预案",
                issued_date=date(2020, 3, 2))
    made(tree["town_a"], K.OVERALL, topics=["地震"], title="镇预案", issued_date=date(2021, 5, 1))
    made(tree["town_b"], K.OVERALL, title="达板镇预案", issued_date=date(2021, 5, 1))
    api = token_client(UserFactory(division=tree["town_a"]))

    def titles(**params):
        return {item["title"] for item in api.get("/api/v1/plans", params).json()["items"]}

    assert titles() == {"村预案", "镇预案"}
    assert titles(division=tree["village_a"].code) == {"村预案"}
    assert titles(division=tree["town_b"].code) == set()
    assert titles(kind="combined") == {"村预案"}
    assert titles(status="filing") == {"村预案"}
    assert titles(topic="地震") == {"镇预案"}
    assert titles(year=2021) == {"镇预案"}
    assert titles(overdue="true") == {"村预案"}
    assert api.get("/api/v1/plans", {"kind": "nonsense"}).status_code == 422
    detail = api.get(f"/api/v1/plans/{late.pk}").json()
    assert detail["filing_due"] == "2020-03-30" and "风险点位" in detail["required_contents"]

    refused = api.post_json(f"/api/v1/plans/{late.pk}/transitions/publish", {"scope": "全村"})
    assert refused.status_code == 400 and "不能发布" in refused.json()["message"]
    bad = api.post_json(f"/api/v1/plans/{late.pk}/transitions/file", {"colour": "red"})
    assert bad.status_code == 422
    filed = api.post_json(f"/api/v1/plans/{late.pk}/transitions/file", {"comment": "同意", "on": "2020-03-20"})
    assert filed.status_code == 200 and filed.json()["status"] == "filed" and filed.json()["filed_date"] == "2020-03-20"
    leader = token_client(UserFactory(division=tree["town_a"], role=Role.LEADER))
    assert leader.post_json(f"/api/v1/plans/{late.pk}/transitions/publish", {"scope": "全村"}).status_code == 403
    assert PlanEvent.objects.filter(plan=late).count() == 1


def test_api_drafts_and_edits_a_plan_with_its_topics(tree):
    from yingji.audit.models import AuditEntry

    org = OrganisationFactory(division=tree["town_a"])
    api = token_client(UserFactory(division=tree["town_a"]))
    payload = {"division": tree["town_a"].code, "organisation": org.pk, "title": "锁南镇防汛应急预案",
               "kind": "special", "topics": ["洪涝灾害"]}
    created = api.post_json("/api/v1/plans", payload)
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["topics"]) == ("draft", ["洪涝灾害"])
    unknown = api.post_json("/api/v1/plans", {**payload, "topics": ["洪涝灾害", "外星人入侵"]})
    assert unknown.status_code == 422 and "外星人入侵" in unknown.json()["errors"]["topics"][0]
    outside = api.post_json("/api/v1/plans", {**payload, "division": tree["town_b"].code})
    assert outside.status_code == 422
    assert Plan.objects.count() == 1
    edited = api.put(f"/api/v1/plans/{body['id']}", {**payload, "topics": ["洪涝灾害", "地质灾害"]},
                     content_type="application/json")
    assert sorted(edited.json()["topics"]) == ["地质灾害", "洪涝灾害"]
    assert AuditEntry.objects.filter(action="plans.plan.updated", object_pk=str(body["id"]),
                                     changes__has_key="topics").exists()
    published = made(tree["town_a"], K.SPECIAL, status=S.PUBLISHED, title="已发布")
    refused = api.put(f"/api/v1/plans/{published.pk}", {**payload, "title": "改标题"},
                      content_type="application/json")
    assert refused.status_code == 400
    published.refresh_from_db()
    assert published.title == "已发布"


def test_api_coverage(tree):
    made(tree["town_a"], K.OVERALL, topics=["地震"], title="镇预案")
    made(tree["village_a"], K.COMBINED, title="村预案")
    api = token_client(UserFactory(division=tree["county"], role=Role.COUNTY_STAFF))
    data = api.get("/api/v1/plans/coverage").json()
    assert data["division"] == tree["county"].code and "乡镇总体预案1个" in data["sentence"]
    town_a = next(t for t in data["townships"] if t["name"] == "锁南镇")
    assert "地震" not in town_a["missing_topics"] and "安全生产" in town_a["missing_topics"]
    assert {v["name"]: v["combined_plan_status"] for v in data["villages"]} == {"锁南村": "published", "达板村": None}
    town_api = token_client(UserFactory(division=tree["town_b"]))
    assert town_api.get("/api/v1/plans/coverage", {"division": tree["town_a"].code}).status_code == 404


def test_demo_has_every_state_and_a_second_run_adds_nothing(tree):
    for key in ("county", "town_a", "town_b", "village_a", "village_b"):
        OrganisationFactory(division=tree[key])
    messages = []
    demo.load_demo(tree["county"], messages.append)
    statuses = set(Plan.objects.values_list("status", flat=True))
    assert set(S.values) == statuses
    old = Plan.objects.get(status=S.SUPERSEDED)
    assert old.superseded_by.get().status == S.PUBLISHED
    assert [e.to_status for e in old.events.all()][-1] == S.SUPERSEDED
    assert Plan.objects.filter(kind=K.DEPARTMENT).exists() and Plan.objects.filter(kind=K.COMBINED).exists()
    count, events = Plan.objects.count(), PlanEvent.objects.count()
    demo.load_demo(tree["county"], messages.append)
    assert (Plan.objects.count(), PlanEvent.objects.count()) == (count, events)
    assert messages[-1] == "应急预案：新增0个"


def test_export_lists_the_users_subtree_with_topics_and_status(client, tree):
    from openpyxl import load_workbook

    made(tree["town_a"], kind=K.SPECIAL, topics=["洪涝灾害", "地震"], title="本镇防汛预案")
    made(tree["village_a"], kind=K.COMBINED, status=S.DRAFT, title="本村多案合一预案")
    made(tree["town_b"], kind=K.SPECIAL, title="邻镇防汛预案")
    client.force_login(UserFactory(division=tree["town_a"]))
    response = client.get(reverse("plans-export"))
    assert response.status_code == 200
    header, *rows = load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    by_title = {row[header.index("预案名称")]: row for row in rows}
    assert set(by_title) == {"本镇防汛预案", "本村多案合一预案"}
    assert sorted(by_title["本镇防汛预案"][header.index("灾种")].split("、")) == ["地震", "洪涝灾害"]
    assert by_title["本村多案合一预案"][header.index("状态")] == S.DRAFT.label
