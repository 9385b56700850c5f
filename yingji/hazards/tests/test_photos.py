"""Photos of hazards and public reports: checked by their bytes on upload, kept beside MEDIA_ROOT under
random names, served only to users who may see the record (never to the public); the old files moved out
of MEDIA_ROOT by the data migration."""

import importlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Role
from yingji.divisions.tests.factories import UserFactory, county_tree
from yingji.hazards import rules, services
from yingji.hazards.models import Hazard, PublicReport
from yingji.hazards.tests.factories import HazardFactory

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\0" * 64
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\0" * 64
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\0" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 64


@pytest.fixture
def t():
    cache.clear()
    return county_tree()


def _root() -> Path:
    return Path(settings.MEDIA_ROOT).parent / "hazard-photos"


def _stored() -> set[str]:
    return {str(p.relative_to(_root())) for p in _root().rglob("*") if p.is_file()}


def _media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _field_post(photo):
    return {"category": "geological", "title": "边坡裂缝", "description": "雨后出现裂缝", "address": "锁南村三社",
            "latitude": "35.663100", "longitude": "103.389400", "photo": photo}


def _public_post(t, photo):
    return {"division": t["village_a"].pk, "category": "fire", "address": "村口", "text": "电线私拉乱接",
            "photo": photo}


def _served(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_grid_workers_photo_is_kept_privately_and_served_only_within_the_division(client, t):
    worker = UserFactory(division=t["village_a"], role=Role.INFO_OFFICER)
    client.force_login(worker)
    response = client.post(reverse("hazards-field"),
                           _field_post(SimpleUploadedFile("边坡.jpg", JPEG, content_type="image/jpeg")))
    assert response.status_code == 302, response.content.decode()[:500]
    hazard = Hazard.objects.get()
    # A random name beside MEDIA_ROOT, not inside it: no web server path reaches it, the name tells nothing.
    stored = Path(hazard.photo.path)
    assert hazard.photo.name.startswith("hazards/") and hazard.photo.name.endswith(".jpg")
    assert "边坡" not in hazard.photo.name and stored.read_bytes() == JPEG
    assert Path(settings.MEDIA_ROOT) not in stored.parents and not _media_files()

    url = reverse("hazards-photo", args=[hazard.pk])
    page = client.get(reverse("hazards-hazard", args=[hazard.pk])).content.decode()
    assert f'<img src="{url}?size=small"' in page and f'<a href="{url}"' in page and 'loading="lazy"' in page

    served = client.get(url)
    assert served.status_code == 200 and _served(served) == JPEG
    assert served["Content-Type"] == "image/jpeg" and served["X-Content-Type-Options"] == "nosniff"
    assert "private" in served["Cache-Control"] and "inline" in served["Content-Disposition"]

    client.force_login(UserFactory(division=t["county"], role=Role.COUNTY_STAFF))
    assert client.get(url).status_code == 200
    client.force_login(UserFactory(division=t["town_b"], role=Role.TOWNSHIP_STAFF))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_a_public_reports_photo_is_for_the_office_only_and_goes_on_with_the_accepted_hazard(client, t):
    response = client.post(reverse("hazards-public"),
                           _public_post(t, SimpleUploadedFile("门口.png", PNG, content_type="image/png")))
    assert response.status_code == 302
    report = PublicReport.objects.get()
    assert report.photo.name.startswith("hazard-reports/") and "门口" not in report.photo.name
    assert _stored() == {report.photo.name} and not _media_files()
    url = reverse("hazards-report-photo", args=[report.pk])
    assert client.get(url).status_code == 404  # the public, the reporter included, never sees it again

    client.force_login(UserFactory(division=t["town_b"], role=Role.TOWNSHIP_STAFF))
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(division=t["village_a"], role=Role.INFO_OFFICER))  # no triage capability
    assert client.get(url).status_code == 403

    office = UserFactory(division=t["town_a"], role=Role.TOWNSHIP_STAFF)
    client.force_login(office)
    page = client.get(reverse("hazards-report", args=[report.pk])).content.decode()
    assert f'<img src="{url}?size=small"' in page and f'<a href="{url}"' in page and 'loading="lazy"' in page
    served = client.get(url)
    assert served.status_code == 200 and _served(served) == PNG and served["Content-Type"] == "image/png"

    # Accepted into the register, the hazard shows the same file through its own view.
    client.post(reverse("hazards-report", args=[report.pk]), {"accept": "1", "note": "属实"})
    hazard = Hazard.objects.get()
    assert hazard.photo.name == report.photo.name
    served = client.get(reverse("hazards-photo", args=[hazard.pk]))
    assert served.status_code == 200 and _served(served) == PNG


def test_webp_is_accepted(client, t):
    client.force_login(UserFactory(division=t["village_a"], role=Role.INFO_OFFICER))
    response = client.post(reverse("hazards-field"),
                           _field_post(SimpleUploadedFile("a.webp", WEBP, content_type="image/webp")))
    assert response.status_code == 302
    served = client.get(reverse("hazards-photo", args=[Hazard.objects.get().pk]))
    assert served["Content-Type"] == "image/webp" and _served(served) == WEBP


BAD_FILES = [
    ("setup.jpg", EXE, "image/jpeg", "内容不是 JPEG、PNG 或 WebP 图片"),  # a renamed executable, lying type
    ("说明.txt", b"hello", "image/png", "只能上传 JPEG、PNG 或 WebP 图片"),
    ("page.svg", b"<svg onload=alert(1)>", "image/svg+xml", "只能上传 JPEG、PNG 或 WebP 图片"),
    ("page.png", JPEG, "image/png", "扩展名与文件内容不符"),
    ("big.png", PNG + b"\0" * 200, "image/png", "照片不能超过"),
]


@pytest.mark.parametrize(("name", "data", "content_type", "error"), BAD_FILES)
def test_the_phone_form_refuses_a_bad_photo_and_saves_nothing(client, t, monkeypatch, name, data, content_type,
                                                              error):
    monkeypatch.setattr(rules, "MAX_PHOTO_BYTES", 200)
    client.force_login(UserFactory(division=t["village_a"], role=Role.INFO_OFFICER))
    response = client.post(reverse("hazards-field"),
                           _field_post(SimpleUploadedFile(name, data, content_type=content_type)))
    body = response.content.decode()
    assert response.status_code == 400 and error in body and name in body
    assert not Hazard.all_objects.exists() and not _stored() and not _media_files()


@pytest.mark.parametrize(("name", "data", "content_type", "error"), BAD_FILES)
def test_the_public_form_refuses_a_bad_photo_and_saves_nothing(client, t, monkeypatch, name, data, content_type,
                                                               error):
    monkeypatch.setattr(rules, "MAX_PHOTO_BYTES", 200)
    response = client.post(reverse("hazards-public"),
                           _public_post(t, SimpleUploadedFile(name, data, content_type=content_type)))
    body = response.content.decode()
    assert response.status_code == 400 and error in body and name in body
    assert not PublicReport.all_objects.exists() and not _stored() and not _media_files()


def test_the_size_limit_is_5_mb_and_shown_on_the_form(client, t):
    big = SimpleUploadedFile("a.jpg", JPEG + b"\0" * (rules.MAX_PHOTO_BYTES - len(JPEG) + 1), content_type="image/jpeg")
    response = client.post(reverse("hazards-public"), _public_post(t, big))
    assert response.status_code == 400 and "照片不能超过 5 MB" in response.content.decode()
    assert "不超过 5 MB" in client.get(reverse("hazards-public")).content.decode()


def test_the_services_refuse_a_bad_photo_and_remove_a_written_one_when_the_write_fails(t, monkeypatch):
    worker = UserFactory(division=t["village_a"], role=Role.INFO_OFFICER)
    data = {"division": t["village_a"], "category": "fire", "title": "x", "address": "y"}
    with pytest.raises(ApplicationError) as refused:
        services.hazard_create(actor=worker, data={**data, "photo": SimpleUploadedFile("x.jpg", EXE)})
    assert refused.value.code == "bad_content" and "photo" in refused.value.field_errors
    with pytest.raises(ApplicationError):
        services.public_report_submit(data={"division": t["village_a"], "address": "y", "text": "z",
                                            "photo": SimpleUploadedFile("x.png", JPEG)})

    def broken_record(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr("yingji.audit.services.record", broken_record)
    with pytest.raises(RuntimeError):
        services.hazard_create(actor=worker, data={**data, "photo": SimpleUploadedFile("x.jpg", JPEG)})
    monkeypatch.setattr(services, "record", broken_record)
    with pytest.raises(RuntimeError):
        services.public_report_submit(data={"division": t["village_a"], "address": "y", "text": "z",
                                            "photo": SimpleUploadedFile("x.png", PNG)})
    assert not Hazard.all_objects.exists() and not PublicReport.all_objects.exists() and not _stored()


def test_a_missing_file_or_a_record_without_photo_is_404(client, t):
    hazard = HazardFactory(division=t["town_a"])
    lost = HazardFactory(division=t["town_a"], photo="hazards/gone.jpg")
    client.force_login(UserFactory(division=t["town_a"], role=Role.TOWNSHIP_STAFF))
    assert client.get(reverse("hazards-photo", args=[hazard.pk])).status_code == 404
    assert client.get(reverse("hazards-photo", args=[lost.pk])).status_code == 404


def test_an_old_file_that_is_no_image_is_only_offered_as_a_download(client, t):
    name = Hazard._meta.get_field("photo").storage.save("hazards/old.jpg", ContentFile(b"<html>x"))
    hazard = HazardFactory(division=t["town_a"], photo=name)
    client.force_login(UserFactory(division=t["town_a"], role=Role.TOWNSHIP_STAFF))
    served = client.get(reverse("hazards-photo", args=[hazard.pk]))
    assert served["Content-Type"] == "application/octet-stream" and "attachment" in served["Content-Disposition"]
    assert served["X-Content-Type-Options"] == "nosniff" and served["Content-Disposition"].endswith('.jpg"')


def test_the_migration_moves_old_photos_out_of_media_root(t, capsys, django_capture_on_commit_callbacks):
    migration = importlib.import_module("yingji.hazards.migrations.0003_move_photos_to_private_storage")
    media = FileSystemStorage(location=settings.MEDIA_ROOT)
    shared = media.save("hazard-reports/2025/06/村口电线.jpg", ContentFile(JPEG))
    own = media.save("hazards/2025/06/边坡.png", ContentFile(PNG))
    hazard_from_report = HazardFactory(division=t["town_a"], photo=shared)
    report = PublicReport.objects.create(division=t["village_a"], address="村口", text="电线", photo=shared,
                                         status=PublicReport.Status.ACCEPTED, hazard=hazard_from_report)
    hazard = HazardFactory(division=t["town_a"], photo=own)
    lost = HazardFactory(division=t["town_a"], photo="hazards/2025/06/gone.jpg")
    without = HazardFactory(division=t["town_a"])
    editor = SimpleNamespace(connection=connection)

    with django_capture_on_commit_callbacks(execute=True):
        migration.move_photos(apps, editor)

    for obj in (hazard_from_report, report, hazard, lost, without):
        obj.refresh_from_db()
    assert report.photo.name.startswith("hazard-reports/") and "村口" not in report.photo.name
    assert hazard_from_report.photo.name == report.photo.name  # moved once, still shared
    assert hazard.photo.name.startswith("hazards/") and hazard.photo.name.endswith(".png")
    assert report.photo.read() == JPEG and hazard.photo.read() == PNG
    assert _stored() == {report.photo.name, hazard.photo.name}
    assert not media.exists(shared) and not media.exists(own)  # moved, not copied
    assert lost.photo.name == "hazards/2025/06/gone.jpg" and not without.photo
    assert f"hazards.hazard {lost.pk}: photo hazards/2025/06/gone.jpg is missing on disk" in capsys.readouterr().out

    with django_capture_on_commit_callbacks(execute=True):
        migration.move_back(apps, editor)
    hazard.refresh_from_db()
    assert media.open(hazard.photo.name).read() == PNG and not _stored()
