import pytest
from django.urls import reverse
from lxml import etree

from yingji.api.tests.conftest import token_client
from yingji.core.permissions import Role
from yingji.divisions.tests.factories import county_tree
from yingji.earlywarning import cap, services
from yingji.earlywarning.models import EarlyWarning, RiskBulletin
from yingji.earlywarning.tests.factories import bureau, draft, issued, staff

pytestmark = pytest.mark.django_db
ROOT = "/api/v1"
NS = {"cap": cap.CAP_NS}


def test_api_drafts_steps_and_serves_cap(client):
    tree = county_tree()
    author, chief = staff(tree), staff(tree)
    client.force_login(author)
    body = {"division": tree["county"].code, "issuer": bureau(tree).pk, "hazard_type": "forest_fire", "level": 2,
            "headline": "森林火险橙色预警", "onset": "2026-03-01T08:00:00+08:00",
            "expires": "2026-03-03T08:00:00+08:00", "areas": [tree["town_a"].code], "description": "气温高、风大",
            "measures": "严禁野外用火"}
    created = client.post(f"{ROOT}/warnings", body, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    own = client.post(f"{ROOT}/warnings/{pk}/approve")
    assert own.status_code == 400 and own.json()["code"] == "four_eyes"
    client.force_login(chief)
    assert client.post(f"{ROOT}/warnings/{pk}/approve").json()["status"] == "approved"
    issued_json = client.post(f"{ROOT}/warnings/{pk}/issue").json()
    assert issued_json["status"] == "issued" and len(issued_json["identifier"]) == 31
    xml = client.get(f"{ROOT}/warnings/{pk}/cap")
    assert xml.status_code == 200 and cap.validate(xml.content) == []
    lifted = client.post(f"{ROOT}/warnings/{pk}/lift", {"reason": ""}, content_type="application/json")
    assert lifted.status_code == 400 and "reason" in lifted.json()["errors"]
    outside = client.post(f"{ROOT}/warnings", {**body, "areas": ["110000000000"]}, content_type="application/json")
    assert outside.status_code == 422


def test_api_list_is_scoped_and_query_count_flat(client, django_assert_max_num_queries):
    tree = county_tree()
    for _ in range(5):
        issued(tree, areas=("town_a", "town_b"))
    client.force_login(staff(tree))
    with django_assert_max_num_queries(10):
        listed = client.get(f"{ROOT}/warnings").json()
    assert listed["count"] == EarlyWarning.objects.count()
    assert reverse("api-v1:warning-list") == f"{ROOT}/warnings"


# Editing, deleting and revising through the API ---------------------------------------------------

def _body(tree, **extra):
    return {"division": tree["county"].code, "issuer": bureau(tree).pk, "hazard_type": "geological", "level": 3,
            "headline": "东乡县地质灾害黄色预警", "onset": "2026-07-01T08:00:00+08:00",
            "expires": "2026-07-02T08:00:00+08:00", "areas": [tree["town_a"].code], "description": "持续降雨",
            "measures": "人员转移", **extra}


def _row(warning):
    return EarlyWarning.all_objects.filter(pk=warning.pk).values().get()


def test_api_edits_a_draft_and_an_approved_draft_goes_back_to_draft():
    tree = county_tree()
    author, chief = staff(tree), staff(tree)
    warning = services.warning_approve(actor=chief, warning=draft(author, tree))
    api = token_client(author)
    edited = api.put(f"{ROOT}/warnings/{warning.pk}", _body(tree, level=2, headline="改为橙色",
                                                             areas=[tree["town_a"].code, tree["town_b"].code]),
                     content_type="application/json")
    assert edited.status_code == 200, edited.content
    body = edited.json()
    assert (body["status"], body["level"], body["headline"]) == ("draft", 2, "改为橙色")
    assert sorted(body["areas"]) == sorted([tree["town_a"].code, tree["town_b"].code])
    warning.refresh_from_db()
    assert warning.approved_by is None and warning.level == 2


def test_api_refuses_to_edit_or_delete_an_issued_warning_and_changes_nothing():
    tree = county_tree()
    warning = issued(tree)
    before = _row(warning)
    api = token_client(staff(tree))
    edited = api.put(f"{ROOT}/warnings/{warning.pk}", _body(tree, headline="偷偷改"), content_type="application/json")
    assert edited.status_code == 400
    assert edited.json()["code"] == "immutable" and edited.json()["message"] == "已发布的预警不可修改；请发布更新或解除。"
    deleted = api.delete(f"{ROOT}/warnings/{warning.pk}")
    assert deleted.status_code == 400 and deleted.json()["code"] == "immutable"
    assert deleted.json()["message"] == "已发布的预警信息不能删除，只能解除或撤销。"
    assert _row(warning) == before


def test_api_deletes_a_draft_with_the_delete_permission_only():
    tree = county_tree()
    warning = draft(staff(tree), tree)
    duty = token_client(staff(tree, role=Role.DUTY_OFFICER))
    assert duty.delete(f"{ROOT}/warnings/{warning.pk}").status_code == 403
    assert _row(warning)["deleted_at"] is None
    api = token_client(staff(tree))
    assert api.delete(f"{ROOT}/warnings/{warning.pk}").status_code == 204
    assert _row(warning)["deleted_at"] is not None
    assert api.get(f"{ROOT}/warnings/{warning.pk}").status_code == 404


def test_api_revision_is_an_update_whose_cap_references_the_original():
    tree = county_tree()
    drafter, chief = staff(tree), staff(tree)
    original = issued(tree, areas=("town_a",))
    api = token_client(drafter)
    revised = api.post_json(f"{ROOT}/warnings/{original.pk}/revise", {"level": 2, "headline": "升级为橙色预警"})
    assert revised.status_code == 201, revised.content
    body = revised.json()
    assert (body["status"], body["msg_type"], body["references"]) == ("draft", "Update", original.identifier)
    assert (body["level"], body["headline"], body["areas"]) == (2, "升级为橙色预警", [tree["town_a"].code])
    assert body["measures"] == original.measures  # what was not sent is copied
    again = api.post_json(f"{ROOT}/warnings/{original.pk}/revise", {"level": 1})
    assert again.status_code == 400 and again.json()["code"] == "pending_update"
    assert EarlyWarning.objects.filter(previous=original).count() == 1

    boss = token_client(chief)
    assert boss.post(f"{ROOT}/warnings/{body['id']}/approve").json()["status"] == "approved"
    out = boss.post(f"{ROOT}/warnings/{body['id']}/issue").json()
    assert out["status"] == "issued" and out["msg_type"] == "Update"
    assert boss.get(f"{ROOT}/warnings/{original.pk}").json()["status"] == "updated"
    xml = boss.get(f"{ROOT}/warnings/{body['id']}/cap")
    assert xml.status_code == 200 and cap.validate(xml.content) == []
    doc = etree.fromstring(xml.content)
    assert doc.findtext("cap:msgType", namespaces=NS) == "Update"
    original.refresh_from_db()
    assert doc.findtext("cap:references", namespaces=NS) == cap.reference(original)
    assert doc.findtext("cap:info/cap:severity", namespaces=NS) == "Severe"


def test_api_refuses_to_revise_a_draft_or_with_a_read_only_role():
    tree = county_tree()
    warning = draft(staff(tree), tree)
    api = token_client(staff(tree))
    refused = api.post_json(f"{ROOT}/warnings/{warning.pk}/revise", {"level": 2})
    assert refused.status_code == 400 and refused.json()["code"] == "illegal_step"
    assert "只有正在生效的预警才能发布更新" in refused.json()["message"]
    unknown = api.post_json(f"{ROOT}/warnings/{issued(tree).pk}/revise", {"levle": 2})
    assert unknown.status_code == 422
    leader = token_client(staff(tree, role=Role.LEADER))
    assert leader.post_json(f"{ROOT}/warnings/{issued(tree).pk}/revise", {}).status_code == 403
    assert not EarlyWarning.objects.filter(msg_type=EarlyWarning.MsgType.UPDATE).exists()


def test_another_countys_warning_is_neither_shown_nor_changed():
    tree, other = county_tree(), county_tree("622927000000")
    theirs, draft_theirs = issued(other), draft(staff(other), other)
    before = [_row(theirs), _row(draft_theirs)]
    api = token_client(staff(tree))
    assert api.get(f"{ROOT}/warnings").json()["count"] == 0
    for warning in (theirs, draft_theirs):
        assert api.get(f"{ROOT}/warnings/{warning.pk}").status_code == 404
        assert api.put(f"{ROOT}/warnings/{warning.pk}", _body(tree), content_type="application/json").status_code == 404
        assert api.delete(f"{ROOT}/warnings/{warning.pk}").status_code == 404
        assert api.post_json(f"{ROOT}/warnings/{warning.pk}/revise", {}).status_code == 404
    assert [_row(theirs), _row(draft_theirs)] == before
    assert not EarlyWarning.objects.filter(previous=theirs).exists()


# Monthly risk bulletin ---------------------------------------------------------------------------


def test_api_drafts_edits_and_publishes_a_bulletin():
    tree = county_tree()
    api = token_client(staff(tree))
    created = api.post_json(f"{ROOT}/risk-bulletins", {"division": tree["county"].code, "year": 2026, "month": 7})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["title"] == "东乡族自治县2026年7月安全风险提示"
    assert "汛期" in body["seasonal_text"]
    pk = body["id"]
    duplicate = api.post_json(f"{ROOT}/risk-bulletins", {"division": tree["county"].code, "year": 2026, "month": 7})
    assert duplicate.status_code == 400 and duplicate.json()["code"] == "duplicate"
    edited = api.patch_json(f"{ROOT}/risk-bulletins/{pk}", {"measures": "1. 加强汛期值守。"})
    assert edited.status_code == 200 and edited.json()["measures"] == "1. 加强汛期值守。"
    assert edited.json()["title"] == body["title"]
    listed = api.get(f"{ROOT}/risk-bulletins", {"status": "draft"}).json()
    assert [row["id"] for row in listed["items"]] == [pk]
    published = api.post(f"{ROOT}/risk-bulletins/{pk}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert published.json()["published_at"] is not None
    assert api.get(f"{ROOT}/risk-bulletins/{pk}").json()["status"] == "published"


def test_api_refuses_to_change_a_published_bulletin_and_changes_nothing():
    tree = county_tree()
    user = staff(tree)
    bulletin = services.bulletin_publish(actor=user, bulletin=services.bulletin_draft(
        actor=user, division=tree["county"], year=2026, month=6))
    before = RiskBulletin.all_objects.filter(pk=bulletin.pk).values().get()
    api = token_client(user)
    again = api.post(f"{ROOT}/risk-bulletins/{bulletin.pk}/publish")
    assert again.status_code == 400 and again.json() == {"code": "illegal_step", "message": "该风险提示已发布。",
                                                         "errors": {}}
    edited = api.patch_json(f"{ROOT}/risk-bulletins/{bulletin.pk}", {"title": "改标题"})
    assert edited.status_code == 400 and edited.json()["message"] == "已发布的风险提示不可修改。"
    deleted = api.delete(f"{ROOT}/risk-bulletins/{bulletin.pk}")
    assert deleted.status_code == 400 and deleted.json()["message"] == "已发布的风险提示不能删除。"
    assert RiskBulletin.all_objects.filter(pk=bulletin.pk).values().get() == before


def test_api_bulletin_permissions_and_scope():
    tree, other = county_tree(), county_tree("622927000000")
    theirs = services.bulletin_draft(actor=staff(other), division=other["county"], year=2026, month=5)
    mine = services.bulletin_draft(actor=staff(tree), division=tree["county"], year=2026, month=5)
    reader = token_client(staff(tree, role=Role.TOWNSHIP_STAFF, division="town_a"))
    # The county's bulletin is above a township's subtree.
    assert reader.post(f"{ROOT}/risk-bulletins/{mine.pk}/publish").status_code == 404
    duty = token_client(staff(tree, role=Role.DUTY_OFFICER))
    assert duty.get(f"{ROOT}/risk-bulletins/{mine.pk}").status_code == 200
    assert duty.post(f"{ROOT}/risk-bulletins/{mine.pk}/publish").status_code == 403
    assert duty.post_json(f"{ROOT}/risk-bulletins", {"division": tree["county"].code, "year": 2026,
                                                     "month": 8}).status_code == 403
    api = token_client(staff(tree))
    assert [row["id"] for row in api.get(f"{ROOT}/risk-bulletins").json()["items"]] == [mine.pk]
    assert api.get(f"{ROOT}/risk-bulletins/{theirs.pk}").status_code == 404
    assert api.post(f"{ROOT}/risk-bulletins/{theirs.pk}/publish").status_code == 404
    outside = api.post_json(f"{ROOT}/risk-bulletins", {"division": other["county"].code, "year": 2026, "month": 8})
    assert outside.status_code == 422 and outside.json()["code"] == "out_of_scope"
    assert RiskBulletin.objects.filter(status="published").count() == 0
    assert RiskBulletin.objects.count() == 2


def test_api_bulletin_list_query_count_is_flat(django_assert_max_num_queries):
    tree = county_tree()
    user = staff(tree)
    services.bulletin_draft(actor=user, division=tree["county"], year=2026, month=1)
    api = token_client(user)
    with django_assert_max_num_queries(20) as few:
        assert api.get(f"{ROOT}/risk-bulletins").json()["count"] == 1
    for month in range(2, 12):
        services.bulletin_draft(actor=user, division=tree["county"], year=2026, month=month)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api.get(f"{ROOT}/risk-bulletins").json()["count"] == 11


def test_api_deletes_a_draft_bulletin_with_the_delete_permission_only():
    tree = county_tree()
    bulletin = services.bulletin_draft(actor=staff(tree), division=tree["county"], year=2026, month=3)
    duty = token_client(staff(tree, role=Role.DUTY_OFFICER))
    assert duty.delete(f"{ROOT}/risk-bulletins/{bulletin.pk}").status_code == 403
    assert RiskBulletin.objects.filter(pk=bulletin.pk).exists()
    api = token_client(staff(tree))
    assert api.delete(f"{ROOT}/risk-bulletins/{bulletin.pk}").status_code == 204
    assert RiskBulletin.all_objects.get(pk=bulletin.pk).deleted_at is not None
    assert api.get(f"{ROOT}/risk-bulletins/{bulletin.pk}").status_code == 404
    again = api.post_json(f"{ROOT}/risk-bulletins", {"division": tree["county"].code, "year": 2026, "month": 3})
    assert again.status_code == 201  # the month is free again
