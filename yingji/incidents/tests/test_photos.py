"""Field-report photos: checked by their bytes on upload, kept beside MEDIA_ROOT under random names, served
only through an event the user may see; the old files moved out of MEDIA_ROOT by the data migration."""

import datetime
import importlib
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from yingji.core.exceptions import ApplicationError
from yingji.incidents import rules, services
from yingji.incidents.models import Event, Report, ReportKind
from yingji.incidents.tests.factories import event_data, event_with_first_report, report_data, tree, users

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\0" * 64
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\0" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 64


@pytest.fixture
def world():
    t = tree()
    return t, users(t)


def _root() -> Path:
    return Path(settings.MEDIA_ROOT).parent / "incident-photos"


def _stored() -> set[str]:
    return {str(p.relative_to(_root())) for p in _root().rglob("*") if p.is_file()}


def _media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _post(division, photo):
    return {"client_key": str(uuid.uuid4()), "category": "natural", "subtype": "geological", "division": division.pk,
            "occurred_at": timezone.localtime(timezone.now() - datetime.timedelta(minutes=3)).strftime(
                "%Y-%m-%dT%H:%M"),
            "nature": "山体滑坡，道路中断", "deaths": 0, "missing": 0, "injured": 1, "trapped": 0, "photo": photo}


def _served(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_field_report_photo_is_kept_privately_and_served_only_through_a_visible_event(client, world):
    t, u = world
    client.force_login(u["village"])
    response = client.post(reverse("incidents-field"),
                           _post(t["village_a"], SimpleUploadedFile("滑坡现场.jpg", JPEG, content_type="image/jpeg")),
                           HTTP_ACCEPT="application/json")
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    stored = Path(report.photo.path)
    assert report.photo.name.startswith("incidents/") and report.photo.name.endswith(".jpg")
    assert "滑坡" not in report.photo.name and stored.read_bytes() == JPEG
    assert Path(settings.MEDIA_ROOT) not in stored.parents and not _media_files()

    url = reverse("incidents-report-photo", args=[report.event_id, report.pk])
    page = client.get(reverse("incidents-detail", args=[report.event_id])).content.decode()
    assert f'<img src="{url}?size=small"' in page and f'<a href="{url}"' in page and 'loading="lazy"' in page

    served = client.get(url)
    assert served.status_code == 200 and _served(served) == JPEG
    assert served["Content-Type"] == "image/jpeg" and served["X-Content-Type-Options"] == "nosniff"
    assert "private" in served["Cache-Control"]

    for allowed in ("township", "county", "province"):
        client.force_login(u[allowed])
        assert client.get(url).status_code == 200, allowed
    client.force_login(u["other_village"])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_a_report_is_reached_only_through_its_own_event(client, world):
    t, u = world
    client.force_login(u["village"])
    client.post(reverse("incidents-field"),
                _post(t["village_a"], SimpleUploadedFile("a.png", PNG, content_type="image/png")),
                HTTP_ACCEPT="application/json")
    report = Report.objects.get()
    other = event_with_first_report(u["village"], t["village_a"])
    assert client.get(reverse("incidents-report-photo", args=[other.pk, report.pk])).status_code == 404
    without = Report.objects.get(event=other)
    assert client.get(reverse("incidents-report-photo", args=[other.pk, without.pk])).status_code == 404


@pytest.mark.parametrize(("name", "data", "content_type", "error"), [
    ("setup.jpg", EXE, "image/jpeg", "内容不是 JPEG、PNG 或 WebP 图片"),  # a renamed executable, lying type
    ("说明.txt", b"hello", "image/jpeg", "只能上传 JPEG、PNG 或 WebP 图片"),
    ("IMG_0001.heic", b"\0\0\0\x18ftypheic" + b"\0" * 32, "image/heic", "只能上传 JPEG、PNG 或 WebP 图片"),
    ("page.png", JPEG, "image/png", "扩展名与文件内容不符"),
    ("big.jpg", JPEG + b"\0" * 200, "image/jpeg", "照片不能超过"),
])
def test_a_bad_photo_is_refused_on_the_form_and_left_out_of_a_queued_report(client, world, monkeypatch, name, data,
                                                                           content_type, error):
    """On the form the reporter can pick another photo; a report sent from the phone's queue (JSON) has
    nobody at the form, and a first report must not wait on its photo: it is stored without it."""
    monkeypatch.setattr(rules, "PHOTO_MAX_BYTES", 200)
    t, u = world
    client.force_login(u["village"])
    page = client.post(reverse("incidents-field"),
                       _post(t["village_a"], SimpleUploadedFile(name, data, content_type=content_type)))
    assert page.status_code == 400 and error in page.content.decode()
    assert not Report.all_objects.exists() and not Event.objects.exists()
    queued = client.post(reverse("incidents-field"),
                         _post(t["village_a"], SimpleUploadedFile(name, data, content_type=content_type)),
                         HTTP_ACCEPT="application/json")
    assert queued.status_code == 201
    refused = queued.json()["photo_refused"]
    assert error in refused and name in refused
    assert not Report.objects.get().photo
    assert not _stored() and not _media_files()


def test_the_limit_is_shown_on_the_phone_form(client, world):
    client.force_login(world[1]["village"])
    assert f"不超过 {rules.PHOTO_MAX_BYTES // (1024 * 1024)} MB" in client.get(reverse("incidents-field")).content.decode()


def test_the_service_refuses_a_bad_photo_and_removes_a_written_one_when_the_write_fails(world, monkeypatch):
    t, u = world
    event = services.event_create(actor=u["village"], data=event_data(t["village_a"]))
    data = report_data(occurred_at=event.occurred_at)
    with pytest.raises(ApplicationError) as refused:
        services.report_submit(actor=u["village"], event=event, kind=ReportKind.FIRST,
                               data={**data, "photo": SimpleUploadedFile("x.jpg", EXE)})
    assert refused.value.code == "bad_content" and "photo" in refused.value.field_errors

    def broken(*args, **kwargs):
        raise RuntimeError("down")

    monkeypatch.setattr(services, "_apply_figures", broken)
    with pytest.raises(RuntimeError):
        services.report_submit(actor=u["village"], event=event, kind=ReportKind.FIRST,
                               data={**data, "photo": SimpleUploadedFile("x.jpg", JPEG)})
    assert not Report.all_objects.exists() and not _stored()


def test_an_old_file_that_is_no_image_is_only_offered_as_a_download(client, world):
    t, u = world
    event = event_with_first_report(u["village"], t["village_a"])
    report = Report.objects.get(event=event)
    name = Report._meta.get_field("photo").storage.save("incidents/old.heic", ContentFile(b"\0\0\0\x18ftypheic"))
    Report.all_objects.filter(pk=report.pk).update(photo=name)
    client.force_login(u["county"])
    served = client.get(reverse("incidents-report-photo", args=[event.pk, report.pk]))
    assert served.status_code == 200 and _served(served) == b"\0\0\0\x18ftypheic"
    assert served["Content-Type"] == "application/octet-stream" and "attachment" in served["Content-Disposition"]
    assert served["Content-Disposition"].endswith(".heic\"")
    Report.all_objects.filter(pk=report.pk).update(photo="incidents/gone.jpg")
    assert client.get(reverse("incidents-report-photo", args=[event.pk, report.pk])).status_code == 404


def test_the_migration_moves_old_photos_out_of_media_root(world, capsys, django_capture_on_commit_callbacks):
    t, u = world
    migration = importlib.import_module("yingji.incidents.migrations.0005_move_photos_to_private_storage")
    media = FileSystemStorage(location=settings.MEDIA_ROOT)
    old = media.save("incidents/2025/06/马建国-现场.jpg", ContentFile(JPEG))
    first = Report.objects.get(event=event_with_first_report(u["village"], t["village_a"]))
    lost = Report.objects.get(event=event_with_first_report(u["village"], t["village_a"]))
    without = Report.objects.get(event=event_with_first_report(u["village"], t["village_a"]))
    Report.all_objects.filter(pk=first.pk).update(photo=old)
    Report.all_objects.filter(pk=lost.pk).update(photo="incidents/2025/06/gone.jpg")
    editor = SimpleNamespace(connection=connection)

    with django_capture_on_commit_callbacks(execute=True):
        migration.move_photos(apps, editor)

    first, lost, without = (Report.all_objects.get(pk=r.pk) for r in (first, lost, without))
    assert first.photo.name.startswith("incidents/") and "马建国" not in first.photo.name
    assert first.photo.read() == JPEG and _stored() == {first.photo.name}
    assert not media.exists(old)  # moved, not copied
    assert lost.photo.name == "incidents/2025/06/gone.jpg" and not without.photo
    assert f"incidents.report {lost.pk}: photo incidents/2025/06/gone.jpg is missing on disk" in capsys.readouterr().out
