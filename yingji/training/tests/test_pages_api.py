"""Pages for every role, the materials upload, Excel import errors, the API and the home-page reminders."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from yingji.api.tests.conftest import token_client
from yingji.core.attention import attention_for
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Role
from yingji.divisions.tests.factories import PersonFactory, UserFactory, two_townships
from yingji.training import services
from yingji.training.models import Attendance, Certificate, TrainingSession
from yingji.training.rules import MATERIAL_MAX_BYTES
from yingji.training.tests.factories import AttendanceFactory, CertificateFactory, SessionFactory

pytestmark = pytest.mark.django_db

PAGES = ["training-progress", "training-expiry", "training-coverage", "training-sessions-list",
         "training-attendances-list", "training-certificates-list"]
CERTIFICATE_PAGES = {"training-expiry", "training-coverage", "training-certificates-list"}


@pytest.fixture
def world():
    return two_townships()


@pytest.mark.parametrize("role", list(Role))
def test_pages_open_for_each_role_that_may_see_them(client, world, role):
    session = SessionFactory(division=world.tree["town_a"])
    AttendanceFactory(session=session, person=world.person_a)
    CertificateFactory(person=world.person_a, expires_on=timezone.localdate())
    user = UserFactory(division=world.tree["county"], role=role)
    client.force_login(user)
    for name in PAGES:
        status = client.get(reverse(name)).status_code
        if role == Role.INFO_OFFICER and name in CERTIFICATE_PAGES:
            assert status == 403, name
        else:
            assert status == 200, (role, name)
    detail = client.get(reverse("training-sessions-detail", args=[session.pk]))
    assert detail.status_code == 200 and world.person_a.name in detail.content.decode()


def test_progress_and_coverage_stay_in_the_users_subtree(client, world):
    client.force_login(world.user_a)
    assert client.get(reverse("training-progress"), {"division": world.tree["town_b"].code}).status_code == 404
    assert client.get(reverse("training-coverage"), {"division": world.tree["county"].code}).status_code == 404
    assert client.get(reverse("training-progress"), {"year": "abc"}).status_code == 404
    page = client.get(reverse("training-progress"), {"division": world.tree["town_a"].code, "year": 2026})
    assert page.status_code == 200 and world.tree["village_a"].name in page.content.decode()
    export = client.get(reverse("training-progress"), {"year": 2026, "format": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")


def test_expiry_page_lists_expiring_and_expired(client, world):
    today = timezone.localdate()
    soon = CertificateFactory(person=world.person_a, expires_on=today + datetime.timedelta(days=10))
    gone = CertificateFactory(person=PersonFactory(division=world.tree["town_a"]),
                              expires_on=today - datetime.timedelta(days=1))
    client.force_login(world.user_a)
    page = client.get(reverse("training-expiry"), {"days": 5})
    assert soon not in page.context["expiring"] and list(page.context["expired"]) == [gone]
    page = client.get(reverse("training-expiry"))
    assert list(page.context["expiring"]) == [soon]
    assert client.get(reverse("training-expiry"), {"format": "xlsx"}).status_code == 200


def test_session_list_has_no_n_plus_1(client, world, django_assert_max_num_queries):
    client.force_login(world.county_user)
    for town in ("town_a", "town_b"):
        for _ in range(3):
            session = SessionFactory(division=world.tree[town])
            AttendanceFactory(session=session, person=PersonFactory(division=world.tree[town]))
    with django_assert_max_num_queries(14):
        page = client.get(reverse("training-sessions-list"))
    assert len(page.context["rows"]) == 6
    with django_assert_max_num_queries(14):
        client.get(reverse("training-attendances-list"))
    with django_assert_max_num_queries(14):
        client.get(reverse("training-certificates-list"))


def upload(client, session, name, content):
    return client.post(reverse("training-materials", args=[session.pk]),
                       {"materials_file": SimpleUploadedFile(name, content)}, follow=True)


def test_materials_upload_checks_type_and_size(client, world):
    session = SessionFactory(division=world.tree["town_a"])
    client.force_login(world.user_a)
    wrong = upload(client, session, "virus.exe", b"MZ")
    assert "virus" not in TrainingSession.objects.get(pk=session.pk).materials_file.name
    assert any("exe" in str(m) for m in wrong.context["messages"])
    big = upload(client, session, "big.pdf", b"%PDF" + b"0" * MATERIAL_MAX_BYTES)
    assert not TrainingSession.objects.get(pk=session.pk).materials_file
    assert any("20 MB" in str(m) for m in big.context["messages"])
    upload(client, session, "讲义.pdf", b"%PDF-1.4")
    stored = TrainingSession.objects.get(pk=session.pk).materials_file
    assert stored.name.endswith(".pdf")
    download = client.get(reverse("training-materials-download", args=[session.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4"
    client.force_login(world.user_b)
    assert client.get(reverse("training-materials-download", args=[session.pk])).status_code == 404
    assert upload(client, session, "x.pdf", b"%PDF").status_code == 404
    assert TrainingSession.objects.get(pk=session.pk).materials_file.name == stored.name


def xlsx(header, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_file(client, url_name, data):
    file = io.BytesIO(data)
    file.name = "import.xlsx"
    return client.post(reverse(url_name), {"file": file})


def test_session_import_reports_row_errors_and_creates_nothing(client, world):
    client.force_login(world.user_a)
    header = ["组织区划", "培训主题", "培训层级", "培训日期", "学时", "培训对象"]
    town = world.tree["town_a"]
    bad = xlsx(header, [
        [town.code, "信息报送培训", "乡镇(街道)级", "2026-03-01", 2, "村级信息员"],
        [town.code, "层级不对", "县级", "2026-03-02", 2, "村级信息员"],
        [town.code, "没有日期", "乡镇(街道)级", "", 2, "村级信息员"],
        [world.tree["town_b"].code, "别的乡镇", "乡镇(街道)级", "2026-03-03", 2, "村级信息员"],
    ])
    response = import_file(client, "training-sessions-import", bad)
    assert response.status_code == 400
    lines = {row.line for row in response.context["result"].error_rows}
    assert lines == {3, 4, 5}
    assert not TrainingSession.objects.exists()
    good = xlsx(header, [[town.code, "信息报送培训", "乡镇(街道)级", "2026-03-01", 2, "村级信息员"]])
    assert import_file(client, "training-sessions-import", good).status_code == 200
    assert TrainingSession.objects.get().year == 2026


def test_attendance_import_and_duplicate(client, world):
    session = SessionFactory(division=world.tree["town_a"])
    client.force_login(world.user_a)
    header = ["培训", "人员", "考核合格"]
    data = xlsx(header, [[session.pk, world.person_a.name, "是"], [session.pk, world.person_b.name, "是"]])
    response = import_file(client, "training-attendances-import", data)
    assert response.status_code == 400 and not Attendance.objects.exists()
    assert import_file(client, "training-attendances-import",
                       xlsx(header, [[session.pk, world.person_a.name, "否"]])).status_code == 200
    attendance = Attendance.objects.get()
    assert attendance.division == world.tree["town_a"] and attendance.passed is False
    again = import_file(client, "training-attendances-import", xlsx(header, [[session.pk, world.person_a.name, "是"]]))
    assert again.status_code == 400 and Attendance.objects.count() == 1


def test_api_lists_filters_and_creates_in_scope(world):
    SessionFactory(division=world.tree["town_a"], date=datetime.date(2025, 12, 31))
    SessionFactory(division=world.tree["town_a"], date=datetime.date(2026, 1, 1))
    SessionFactory(division=world.tree["town_b"])
    api = token_client(world.county_user)
    url = reverse("api-v1:openapi-json").removesuffix("openapi.json")
    body = api.get(f"{url}training/sessions", {"division": world.tree["town_a"].code, "year": 2026}).json()
    assert [s["date"] for s in body["items"]] == ["2026-01-01"]
    mine = token_client(world.user_a)
    created = mine.post_json(f"{url}training/sessions", {
        "division": world.tree["town_a"].code, "topic": "防汛培训", "level": "township", "date": "2026-06-01",
        "hours": "1.5", "audience": "rescue_team"})
    assert created.status_code == 201, created.content
    refused = mine.post_json(f"{url}training/sessions", {
        "division": world.tree["town_b"].code, "topic": "越界", "level": "township", "date": "2026-06-01",
        "hours": "1", "audience": "rescue_team"})
    assert refused.status_code == 422
    wrong_level = mine.post_json(f"{url}training/sessions", {
        "division": world.tree["town_a"].code, "topic": "层级", "level": "county", "date": "2026-06-01",
        "hours": "1", "audience": "rescue_team"})
    assert wrong_level.status_code in (400, 422)
    attendance = mine.post_json(f"{url}training/attendances", {"session": created.json()["id"],
                                                                "person": world.person_b.pk})
    assert attendance.status_code == 422
    cert = mine.post_json(f"{url}training/certificates", {
        "person": world.person_a.pk, "number": "GS2026001", "issuer": "省应急厅", "issued_on": "2026-01-01",
        "expires_on": str(timezone.localdate() + datetime.timedelta(days=30))})
    assert cert.status_code == 201 and cert.json()["valid"]
    expiring = mine.get(f"{url}training/certificates", {"expiring_within": 60}).json()
    assert [c["number"] for c in expiring["items"]] == ["GS2026001"]
    progress = api.get(f"{url}training/progress", {"division": world.tree["county"].code, "year": 2026}).json()
    assert {row["division"]: row["done"] for row in progress["guidance"]}[world.tree["town_a"].code] == 2
    assert progress["departments"] == []


def test_home_page_reminders(world, monkeypatch):
    today = timezone.localdate()
    CertificateFactory(person=world.person_a, expires_on=today + datetime.timedelta(days=3))
    CertificateFactory(person=world.person_a, kind="first_aid", expires_on=today - datetime.timedelta(days=3))
    titles = {item.title: item.count for item in attention_for(world.user_a)}
    assert titles.get("已过期未换证的证书") == 1 and titles.get("90天内到期的证书") == 1
    assert not any("证书" in t for t in (i.title for i in attention_for(world.user_b)))

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 6, 30))
    assert not any("指导培训" in i.title for i in attention_for(world.user_a))
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 7, 1))
    behind = {i.title: i.count for i in attention_for(world.user_a)}
    assert behind.get("年度指导培训未达2次的县、乡镇") == 1
    SessionFactory(division=world.tree["town_a"], date=datetime.date(2026, 3, 1))
    SessionFactory(division=world.tree["town_a"], date=datetime.date(2026, 7, 1))
    assert not any("指导培训" in i.title for i in attention_for(world.user_a))


def test_certificate_import_refuses_bad_dates_and_people_out_of_scope(client, world):
    client.force_login(world.user_a)
    header = ["持证人", "证书类别", "证书编号", "发证机关", "发证日期", "有效期至"]
    data = xlsx(header, [
        [world.person_a.name, "应急救援员证", "GS-1", "省应急厅", "2026-01-01", "2029-12-31"],
        [world.person_a.name, "应急救援员证", "GS-2", "省应急厅", "2026-01-01", "2025-12-31"],
        [world.person_b.name, "应急救援员证", "GS-3", "省应急厅", "2026-01-01", ""],
        [world.person_a.name, "驾驶证", "GS-4", "省应急厅", "2026-01-01", ""],
    ])
    response = import_file(client, "training-certificates-import", data)
    assert response.status_code == 400
    assert {row.line for row in response.context["result"].error_rows} == {3, 4, 5}
    assert not Certificate.objects.exists()


def test_moving_a_session_moves_its_attendance_and_deleting_needs_an_empty_list(world):
    session = SessionFactory(division=world.tree["town_a"])
    attendance = AttendanceFactory(session=session, person=world.person_a)
    services.session_update(actor=None, obj=session, data={"division": world.tree["town_b"]})
    attendance.refresh_from_db()
    assert attendance.division == world.tree["town_b"]
    with pytest.raises(ApplicationError):
        services.session_delete(actor=None, obj=session)
    services.soft_delete(actor=None, obj=attendance)
    services.session_delete(actor=None, obj=session)
    assert not TrainingSession.objects.filter(pk=session.pk).exists()


def test_sessions_and_certificates_export_only_the_users_subtree(client, world):
    from openpyxl import load_workbook

    SessionFactory(division=world.tree["town_a"], topic="本镇防汛培训")
    SessionFactory(division=world.tree["town_b"], topic="邻镇防汛培训")
    CertificateFactory(person=world.person_a, number="YJ-A")
    CertificateFactory(person=world.person_b, number="YJ-B")
    client.force_login(world.user_a)

    def sheet(url_name):
        response = client.get(reverse(url_name))
        assert response.status_code == 200
        return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))

    sessions = sheet("training-sessions-export")
    topics = {row[sessions[0].index("培训主题")] for row in sessions[1:]}
    assert topics == {"本镇防汛培训"}
    certificates = sheet("training-certificates-export")
    assert {row[certificates[0].index("证书编号")] for row in certificates[1:]} == {"YJ-A"}
    assert "有效期至" in certificates[0]
