"""Pages and API: public form abuse, field report, ledger export/import, review lists, scoping, queries."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from yingji.api.tests.conftest import token_client
from yingji.core.permissions import Role
from yingji.divisions.tests.factories import UserFactory, county_tree
from yingji.hazards import exports, views
from yingji.hazards.models import Hazard, PublicReport
from yingji.hazards.rules import FoundBy, Grade
from yingji.hazards.tests.factories import HazardFactory
from yingji.monitoring import services as monitoring
from yingji.monitoring.models import Alarm
from yingji.monitoring.tests.factories import SensorFactory, SiteFactory

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def t():
    cache.clear()
    return county_tree()


def public_post(t, **extra):
    return {"division": t["village_a"].pk, "category": "fire", "address": "村口", "text": "电线私拉乱接", **extra}


def test_public_report_is_stored_and_script_is_rendered_inert(client, t):
    response = client.post(reverse("hazards-public"), public_post(t, text="<script>alert('x')</script>护栏坏了"))
    assert response.status_code == 302
    report = PublicReport.objects.get()
    staff = UserFactory(division=t["county"], role=Role.COUNTY_STAFF)
    client.force_login(staff)
    body = client.get(reverse("hazards-report", args=[report.pk])).content.decode()
    assert "<script>alert" not in body and "&lt;script&gt;" in body


def test_a_flood_of_public_reports_is_cut_off_per_address(client, t):
    for _ in range(views.PUBLIC_REPORTS_PER_HOUR):
        assert client.post(reverse("hazards-public"), public_post(t)).status_code == 302
    assert client.post(reverse("hazards-public"), public_post(t)).status_code == 429
    other = client.post(reverse("hazards-public"), public_post(t), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302
    assert PublicReport.objects.count() == views.PUBLIC_REPORTS_PER_HOUR + 1


def test_the_honeypot_stores_nothing(client, t):
    assert client.post(reverse("hazards-public"), public_post(t, website="http://spam")).status_code == 302
    assert not PublicReport.objects.exists()


def test_uploads_are_limited_in_size_and_type(client, t):
    big = SimpleUploadedFile("a.jpg", b"\xff" * (5 * 1024 * 1024 + 1), content_type="image/jpeg")
    response = client.post(reverse("hazards-public"), public_post(t, photo=big))
    assert response.status_code == 400 and "5 MB" in response.content.decode()
    exe = SimpleUploadedFile("a.exe", b"MZ", content_type="application/octet-stream")
    assert client.post(reverse("hazards-public"), public_post(t, photo=exe)).status_code == 400
    ok = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    assert client.post(reverse("hazards-public"), public_post(t, photo=ok)).status_code == 302
    assert PublicReport.objects.get().photo.name.endswith(".png")


def test_triage_page_registers_the_report(client, t):
    client.post(reverse("hazards-public"), public_post(t))
    report = PublicReport.objects.get()
    client.force_login(UserFactory(division=t["town_a"], role=Role.TOWNSHIP_STAFF))
    response = client.post(reverse("hazards-report", args=[report.pk]), {"accept": "1", "note": "属实"})
    hazard = Hazard.objects.get()
    assert response.status_code == 302 and hazard.found_by == FoundBy.PUBLIC


def test_grid_worker_reports_from_a_phone_with_gps_and_photo(client, t):
    worker = UserFactory(division=t["village_a"], role=Role.INFO_OFFICER)
    client.force_login(worker)
    assert client.get(reverse("hazards-field")).status_code == 200
    response = client.post(reverse("hazards-field"), {
        "category": "geological", "title": "边坡裂缝", "description": "雨后出现裂缝", "address": "锁南村三社",
        "latitude": "35.663100", "longitude": "103.389400",
        "photo": SimpleUploadedFile("p.png", PNG, content_type="image/png")})
    assert response.status_code == 302, response.content.decode()[:500]
    hazard = Hazard.objects.get()
    assert (hazard.division, hazard.found_by, str(hazard.latitude)) == (t["village_a"], FoundBy.GRID, "35.663100")


def test_hazard_page_steps_and_major_report(client, t):
    hazard = HazardFactory(division=t["town_a"], grade=Grade.MAJOR, state_and_cause="a", harm_analysis="b",
                           remediation_plan="c")
    client.force_login(UserFactory(division=t["town_a"], role=Role.TOWNSHIP_STAFF))
    assert client.get(reverse("hazards-hazard", args=[hazard.pk])).status_code == 200
    client.post(reverse("hazards-step", args=[hazard.pk, "report"]))
    client.post(reverse("hazards-step", args=[hazard.pk, "rectifying"]), {"progress": "已停产整改"})
    hazard.refresh_from_db()
    assert hazard.reported_at and hazard.status == "rectifying" and "已停产整改" in hazard.progress


def test_ledger_export_and_import_round_trip(client, t):
    HazardFactory(division=t["town_a"], title="加油站消防器材过期")
    user = UserFactory(division=t["county"], role=Role.COUNTY_STAFF)
    client.force_login(user)
    response = client.get(reverse("hazards-ledger"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("序号", "排查(发现)时间", "区划代码", "所属区划", "隐患名称")
    assert rows[1][0] == 1 and rows[1][4] == "加油站消防器材过期"
    upload = SimpleUploadedFile("l.xlsx", response.content)
    assert client.post(reverse("hazards-import"), {"file": upload}).status_code == 302
    assert Hazard.objects.filter(title="加油站消防器材过期").count() == 2


def test_import_refuses_everything_when_a_row_is_bad(t):
    user = UserFactory(division=t["town_a"], role=Role.TOWNSHIP_STAFF)
    HazardFactory(division=t["town_a"])
    HazardFactory(division=t["town_b"])  # outside the user's township
    data = exports.ledger(Hazard.objects.order_by("division__code"), title="x")
    result = exports.import_ledger(actor=user, data=data)
    assert result["created"] == 0 and "第3行" in result["errors"][0]
    assert Hazard.objects.count() == 2


def test_review_and_overdue_pages(client, t):
    today = timezone.localdate()
    HazardFactory(division=t["town_a"], title="逾期隐患", deadline=today - datetime.timedelta(days=3))
    client.force_login(UserFactory(division=t["county"], role=Role.COUNTY_STAFF))
    assert "逾期隐患" in client.get(reverse("hazards-overdue")).content.decode()
    page = client.get(reverse("hazards-review") + f"?year={today.year}&month={today.month}")
    assert "逾期隐患" in page.content.decode()
    quarter = client.get(reverse("hazards-review") + f"?year={today.year}&quarter=1&format=xlsx")
    assert quarter.status_code == 200
    assert client.get(reverse("hazards-review") + "?year=x").status_code == 404


def test_public_notice_lists_progress_without_login(client, t):
    HazardFactory(division=t["town_a"], title="危桥")
    HazardFactory(division=t["town_a"], title="邻里纠纷", kind="dispute")
    body = client.get(reverse("hazards-public-notice", args=[t["town_a"].code])).content.decode()
    assert "危桥" in body and "邻里纠纷" not in body


def test_hazard_list_query_count_does_not_grow(client, t, django_assert_max_num_queries):
    HazardFactory(division=t["town_a"])
    client.force_login(UserFactory(division=t["county"], role=Role.COUNTY_STAFF))
    client.get(reverse("hazards-list"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("hazards-list"))
    HazardFactory.create_batch(20, division=t["town_b"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("hazards-list")).status_code == 200


def test_api_hazards_scoped_with_overdue_flag(t, django_assert_max_num_queries):
    HazardFactory(division=t["town_a"], deadline=timezone.localdate() - datetime.timedelta(days=1))
    HazardFactory(division=t["town_b"])
    api = token_client(UserFactory(division=t["town_a"], role=Role.TOWNSHIP_STAFF))
    with django_assert_max_num_queries(12):
        body = api.get("/api/v1/hazards?overdue=true").json()
    assert body["count"] == 1 and body["items"][0]["overdue"] is True
    created = api.post_json("/api/v1/hazards", {"division": t["town_a"].code, "category": "fire", "title": "t",
                                                 "address": "a"})
    assert created.status_code == 201
    pk = created.json()["id"]
    assert api.post_json(f"/api/v1/hazards/{pk}/status/rectified", {}).json()["status"] == "rectified"
    assert api.post_json(f"/api/v1/hazards/{pk}/status/closed", {}).status_code == 400


# API: change, delete, the lifecycle of a major hazard, a hazard from an alarm, triage, review ------------

def _rows(model, **filters):
    return list(model.all_objects.filter(**filters).order_by("pk").values())


def test_api_changes_a_hazard_and_refuses_a_closed_one(t):
    hazard = HazardFactory(division=t["town_a"], latitude="35.600000")
    api = token_client(UserFactory(division=t["town_a"], role=Role.TOWNSHIP_STAFF))
    url = f"/api/v1/hazards/{hazard.pk}"
    changed = api.patch_json(url, {"measures": "更换灭火器", "deadline": None, "latitude": None, "title": None,
                                   "responsible_phone": "13900000001"})
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert (body["measures"], body["deadline"], body["latitude"], body["title"], body["responsible_phone"]) == (
        "更换灭火器", None, None, hazard.title, "13900000001")
    assert api.patch_json(url, {"status": "closed"}).json()["status"] == "open"  # only the steps change status
    api.post_json(f"{url}/status/rectified", {})
    api.post_json(f"{url}/status/closed", {"verified_by": "马站长"})
    before = _rows(Hazard)
    refused = api.patch_json(url, {"title": "改名"})
    assert refused.status_code == 400
    assert refused.json() == {"code": "closed", "message": "已验收销号的隐患不能修改。", "errors": {}}
    assert _rows(Hazard) == before


def test_api_deletes_a_hazard_with_the_delete_permission_only(t):
    hazard = HazardFactory(division=t["town_a"])
    township = token_client(UserFactory(division=t["town_a"], role=Role.TOWNSHIP_STAFF))
    assert township.delete(f"/api/v1/hazards/{hazard.pk}").status_code == 403
    county = token_client(UserFactory(division=t["county"], role=Role.COUNTY_STAFF))
    assert county.delete(f"/api/v1/hazards/{hazard.pk}").status_code == 204
    assert Hazard.all_objects.get(pk=hazard.pk).deleted_at is not None
    assert county.get(f"/api/v1/hazards/{hazard.pk}").status_code == 404


def test_api_another_townships_hazard_is_neither_shown_nor_changed(t):
    theirs = HazardFactory(division=t["town_b"])
    before = _rows(Hazard, pk=theirs.pk)
    api = token_client(UserFactory(division=t["town_a"], role=Role.ADMIN))
    url = f"/api/v1/hazards/{theirs.pk}"
    assert api.get(url).status_code == 404
    assert api.patch_json(url, {"title": "x"}).status_code == 404
    assert api.delete(url).status_code == 404
    assert api.post_json(f"{url}/status/rectified", {}).status_code == 404
    assert api.post(f"{url}/report").status_code == 404
    mine = HazardFactory(division=t["town_a"])
    moved = api.patch_json(f"/api/v1/hazards/{mine.pk}", {"division": t["town_b"].code})
    assert moved.status_code == 422 and moved.json()["code"] == "out_of_scope"
    assert _rows(Hazard, pk=theirs.pk) == before


def test_api_major_hazard_lifecycle_reported_planned_rectified_closed(t):
    api = token_client(UserFactory(division=t["town_a"], role=Role.TOWNSHIP_STAFF))
    created = api.post_json("/api/v1/hazards", {"division": t["town_a"].code, "category": "work_safety",
                                                "title": "储罐区防火堤破损", "address": "工业园", "grade": "major"})
    pk = created.json()["id"]
    url = f"/api/v1/hazards/{pk}"
    unreported = api.post_json(f"{url}/status/rectifying", {})
    assert unreported.status_code == 400 and unreported.json()["code"] == "major_unreported"
    incomplete = api.post(f"{url}/report")
    assert incomplete.status_code == 400 and set(incomplete.json()["errors"]) == {
        "state_and_cause", "harm_analysis", "remediation_plan"}
    assert Hazard.objects.get(pk=pk).reported_at is None
    api.patch_json(url, {"state_and_cause": "年久失修", "harm_analysis": "泄漏时无法围堵", "remediation_plan": "重建",
                         "responsible_unit": "某化工公司", "responsible_person": "马经理", "measures": "重建防火堤",
                         "deadline": str(timezone.localdate() + datetime.timedelta(days=30))})
    assert api.post(f"{url}/report").json()["reported_at"] is not None
    direct = api.post_json(f"{url}/status/rectified", {})
    assert direct.status_code == 400 and direct.json()["code"] == "major_direct"
    assert api.post_json(f"{url}/status/rectifying", {"progress": "停产整改"}).json()["status"] == "rectifying"
    assert api.post_json(f"{url}/status/rectified", {}).json()["status"] == "rectified"
    closed = api.post_json(f"{url}/status/closed", {"verified_by": "县应急局"}).json()
    assert (closed["status"], closed["verified_by"]) == ("closed", "县应急局") and "停产整改" in closed["progress"]


def test_api_registers_a_hazard_found_by_an_alarm_of_the_subtree_only(t):
    now = timezone.now()
    alarms = {}
    for town in ("town_a", "town_b"):
        sensor = SensorFactory(site=SiteFactory(division=t[town]))
        monitoring.ingest([(None, {"sensor": sensor.code, "ts": now.isoformat(), "value": 45})], now=now)
        alarms[town] = Alarm.objects.get(sensor=sensor)
    api = token_client(UserFactory(division=t["town_a"], role=Role.TOWNSHIP_STAFF))
    body = {"division": t["town_a"].code, "category": "work_safety", "title": "可燃气体泄漏", "address": "厂区",
            "found_by": "alarm"}
    missing = api.post_json("/api/v1/hazards", body)
    assert missing.status_code == 400 and missing.json()["errors"] == {"alarm": ["必填。"]}
    foreign = api.post_json("/api/v1/hazards", {**body, "alarm": alarms["town_b"].pk})
    assert foreign.status_code == 422 and foreign.json()["code"] == "out_of_scope"
    assert not Hazard.objects.exists()
    created = api.post_json("/api/v1/hazards", {**body, "alarm": alarms["town_a"].pk})
    assert created.status_code == 201 and created.json()["alarm"] == alarms["town_a"].pk


def test_api_triages_public_reports(t):
    accept = PublicReport.objects.create(division=t["village_a"], category="fire", address="村口", text="电线私拉乱接")
    reject = PublicReport.objects.create(division=t["village_a"], category="fire", address="村东", text="重复举报")
    theirs = PublicReport.objects.create(division=t["village_b"], category="fire", address="村西", text="b")
    api = token_client(UserFactory(division=t["town_a"], role=Role.TOWNSHIP_STAFF))
    accepted = api.post_json(f"/api/v1/hazards/public-reports/{accept.pk}/triage", {"accept": True, "note": "属实"})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    hazard = Hazard.objects.get(pk=accepted.json()["hazard"])
    assert (hazard.found_by, hazard.division, hazard.description) == (FoundBy.PUBLIC, t["village_a"], "电线私拉乱接")
    no_note = api.post_json(f"/api/v1/hazards/public-reports/{reject.pk}/triage", {"accept": False})
    assert no_note.status_code == 400 and no_note.json()["errors"] == {"triage_note": ["必填。"]}
    assert PublicReport.objects.get(pk=reject.pk).status == "new"
    twice = api.post_json(f"/api/v1/hazards/public-reports/{accept.pk}/triage", {"accept": False, "note": "x"})
    assert twice.status_code == 400 and twice.json()["message"] == "该举报已处理。"
    rejected = api.post_json(f"/api/v1/hazards/public-reports/{reject.pk}/triage", {"accept": False, "note": "重复"})
    assert (rejected.json()["status"], rejected.json()["hazard"]) == ("rejected", None)
    assert api.post_json(f"/api/v1/hazards/public-reports/{theirs.pk}/triage",
                         {"accept": True}).status_code == 404
    leader = token_client(UserFactory(division=t["town_b"], role=Role.LEADER))
    assert leader.post_json(f"/api/v1/hazards/public-reports/{theirs.pk}/triage", {"accept": True}).status_code == 403
    assert PublicReport.objects.get(pk=theirs.pk).status == "new" and Hazard.objects.count() == 1


def test_api_review_list_of_a_month_or_a_quarter(t):
    now = timezone.now()
    last_year = now - datetime.timedelta(days=400)
    HazardFactory(division=t["town_a"], title="本月发现", found_at=now)
    HazardFactory(division=t["town_a"], title="去年发现仍未销号", found_at=last_year)
    HazardFactory(division=t["town_a"], title="去年已销号", found_at=last_year, status="closed", closed_at=last_year)
    HazardFactory(division=t["town_b"], title="别的乡镇", found_at=now)
    api = token_client(UserFactory(division=t["town_a"], role=Role.TOWNSHIP_STAFF))
    today = timezone.localdate()
    month = api.get("/api/v1/hazards/review", {"year": today.year, "month": today.month}).json()
    assert [h["title"] for h in month["items"]] == ["去年发现仍未销号", "本月发现"]
    assert api.get("/api/v1/hazards/review", {"year": today.year}).json()["count"] == 2  # this month by default
    quarter = api.get("/api/v1/hazards/review", {"year": today.year, "quarter": (today.month - 1) // 3 + 1}).json()
    assert quarter["count"] == 2
    assert api.get("/api/v1/hazards/review", {"year": today.year, "month": 1, "quarter": 1}).status_code == 422
    assert api.get("/api/v1/hazards/review", {"year": today.year, "month": 13}).status_code == 422


def test_api_review_list_query_count_is_flat(t, django_assert_max_num_queries):
    HazardFactory(division=t["town_a"])
    api = token_client(UserFactory(division=t["county"], role=Role.COUNTY_STAFF))
    year = timezone.localdate().year
    with django_assert_max_num_queries(20) as few:
        assert api.get("/api/v1/hazards/review", {"year": year}).json()["count"] == 1
    HazardFactory.create_batch(20, division=t["town_b"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api.get("/api/v1/hazards/review", {"year": year}).json()["count"] == 21
