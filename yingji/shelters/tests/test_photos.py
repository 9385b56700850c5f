"""Shelter photos: several uploaded at once, checked by content, kept outside the web root, served and
deleted only through a shelter the user may see; the same through the API; the old single photo moved by
the migration."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yingji.api.tests.conftest import token_client
from yingji.audit.models import AuditEntry
from yingji.core.permissions import Role
from yingji.divisions.tests.factories import UserFactory, county_tree, two_townships
from yingji.shelters import rules
from yingji.shelters.models import ShelterPhoto
from yingji.shelters.tests.factories import JPEG, PNG, WEBP, ShelterFactory, shelter_photo

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 64


@pytest.fixture
def world():
    world = two_townships()
    world.here = ShelterFactory(division=world.tree["town_a"], name="锁南广场", latitude=Decimal("35.6"),
                                longitude=Decimal("103.4"))
    world.there = ShelterFactory(division=world.tree["town_b"], name="达板学校", latitude=Decimal("35.7"),
                                 longitude=Decimal("103.5"))
    world.there_photo = shelter_photo(world.there, name="达板.png")
    return world


def _stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT).parent / "shelter-photos"
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _upload(name: str, data: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


# The page --------------------------------------------------------------------------------------------


def test_uploads_several_photos_at_once_and_shows_them_as_a_lazy_gallery(client, world):
    client.force_login(world.user_a)
    response = client.post(reverse("shelters-photos", args=[world.here.pk]), {
        "photos": [_upload("大门.png", PNG, "image/png"), _upload("操场.jpg", JPEG), _upload("厕所.webp", WEBP)],
        "caption": "2025年汛前检查"})
    assert response.status_code == 302 and response.url.endswith("#photos")
    assert "已上传 3 张照片" in _messages(response)
    photos = list(ShelterPhoto.objects.filter(shelter=world.here).order_by("order"))
    assert [(p.original_name, p.content_type, p.order, p.caption, p.uploaded_by) for p in photos] == [
        ("大门.png", "image/png", 1, "2025年汛前检查", world.user_a),
        ("操场.jpg", "image/jpeg", 2, "2025年汛前检查", world.user_a),
        ("厕所.webp", "image/webp", 3, "2025年汛前检查", world.user_a)]
    # Stored under a random name, beside MEDIA_ROOT and not inside it: nothing serves it but the view.
    stored = Path(photos[0].file.path)
    assert stored.exists() and Path(settings.MEDIA_ROOT) not in stored.parents and "大门" not in stored.name
    assert AuditEntry.objects.filter(action="shelters.shelterphoto.created", actor=world.user_a,
                                     division_code=world.tree["town_a"].code).count() == 3

    page = client.get(reverse("shelters-detail", args=[world.here.pk]))
    html = page.content.decode()
    for photo in photos:
        assert f'src="{reverse("shelters-photo", args=[world.here.pk, photo.pk])}?size=small"' in html
    assert html.count('loading="lazy"') == 3 and 'multiple' in html and 'enctype="multipart/form-data"' in html

    served = client.get(reverse("shelters-photo", args=[world.here.pk, photos[0].pk]))
    assert served.status_code == 200 and b"".join(served.streaming_content) == PNG
    assert served["Content-Type"] == "image/png" and served["X-Content-Type-Options"] == "nosniff"
    assert "private" in served["Cache-Control"]


def test_a_real_phone_photo_is_stored_without_its_position_and_shown_small(client, world):
    from PIL import Image

    from yingji.core.files import THUMBNAIL_PIXELS
    from yingji.core.tests.test_files import GPS_IFD, phone_photo

    client.force_login(world.user_a)
    client.post(reverse("shelters-photos", args=[world.here.pk]),
                {"photos": [_upload("操场.jpg", phone_photo(1600, 1200, orientation=1))]})
    photo = ShelterPhoto.objects.get(shelter=world.here)
    assert photo.size == Path(photo.file.path).stat().st_size != len(phone_photo(1600, 1200, orientation=1))
    full = client.get(reverse("shelters-photo", args=[world.here.pk, photo.pk]))
    with Image.open(io.BytesIO(b"".join(full.streaming_content))) as image:
        assert image.size == (1600, 1200) and GPS_IFD not in image.getexif()
    small = client.get(reverse("shelters-photo", args=[world.here.pk, photo.pk]), {"size": "small"})
    assert small["Content-Type"] == "image/webp" and small["X-Content-Type-Options"] == "nosniff"
    with Image.open(io.BytesIO(b"".join(small.streaming_content))) as image:
        assert image.size == (THUMBNAIL_PIXELS, THUMBNAIL_PIXELS * 3 // 4)


@pytest.mark.parametrize(("name", "data", "error"), [
    ("setup.jpg", EXE, "内容不是 JPEG、PNG 或 WebP 图片"),  # a renamed executable
    ("说明.txt", b"hello", "只能上传 JPEG、PNG 或 WebP 图片"),
    ("page.png", JPEG, "扩展名与文件内容不符"),
    ("big.png", PNG + b"\0" * 200, "每张照片不能超过"),
])
def test_a_bad_file_refuses_the_whole_upload_and_saves_nothing(client, world, monkeypatch, name, data, error):
    monkeypatch.setattr(rules, "PHOTO_MAX_BYTES", 200)
    client.force_login(world.user_a)
    files_before = _stored_files()
    response = client.post(reverse("shelters-photos", args=[world.here.pk]),
                           {"photos": [_upload("好的.png", PNG, "image/png"), _upload(name, data)]})
    assert response.status_code == 302
    assert error in _messages(response) and name in _messages(response)
    assert not ShelterPhoto.all_objects.filter(shelter=world.here).exists()
    assert _stored_files() == files_before
    assert not AuditEntry.objects.filter(action="shelters.shelterphoto.created").exists()


def test_no_file_and_too_many_photos_are_refused(client, world, monkeypatch):
    client.force_login(world.user_a)
    url = reverse("shelters-photos", args=[world.here.pk])
    assert "必填" in _messages(client.post(url, {"caption": "x"}))
    monkeypatch.setattr(rules, "PHOTOS_PER_SHELTER", 2)
    shelter_photo(world.here)
    response = client.post(url, {"photos": [_upload("a.png", PNG), _upload("b.png", PNG)]})
    assert "最多 2 张照片" in _messages(response)
    assert ShelterPhoto.objects.filter(shelter=world.here).count() == 1


def test_another_division_gets_404_for_the_page_the_file_the_upload_and_the_delete(client, world):
    mine = shelter_photo(world.here)
    client.force_login(world.user_a)
    there, photo = world.there, world.there_photo
    assert client.get(reverse("shelters-detail", args=[there.pk])).status_code == 404
    assert client.get(reverse("shelters-photo", args=[there.pk, photo.pk])).status_code == 404
    # Another shelter's photo through one's own shelter is the same 404.
    assert client.get(reverse("shelters-photo", args=[world.here.pk, photo.pk])).status_code == 404
    assert client.post(reverse("shelters-photos", args=[there.pk]),
                       {"photos": [_upload("x.png", PNG)]}).status_code == 404
    assert client.post(reverse("shelters-photo-delete", args=[there.pk, photo.pk])).status_code == 404
    assert client.post(reverse("shelters-photo-delete", args=[world.here.pk, photo.pk])).status_code == 404
    assert list(ShelterPhoto.all_objects.filter(shelter=there).values_list("pk", "deleted_at")) == [(photo.pk, None)]
    # The county above sees both.
    client.force_login(world.county_user)
    assert client.get(reverse("shelters-photo", args=[there.pk, photo.pk])).status_code == 200
    assert client.get(reverse("shelters-photo", args=[world.here.pk, mine.pk])).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in_and_the_public_page_shows_no_photos(client, world):
    response = client.get(reverse("shelters-photo", args=[world.there.pk, world.there_photo.pk]))
    assert response.status_code == 302 and reverse("login") in response.url
    public = client.get(reverse("shelters-public"))
    assert public.status_code == 200 and "/photos/" not in public.content.decode()


def test_delete_is_soft_audited_and_hides_the_photo(client, world):
    keep, gone = shelter_photo(world.here, name="留.png"), shelter_photo(world.here, name="删.png", order=2)
    client.force_login(world.user_a)
    response = client.post(reverse("shelters-photo-delete", args=[world.here.pk, gone.pk]))
    assert response.status_code == 302 and "照片已删除" in _messages(response)
    gone.refresh_from_db()
    assert gone.deleted_at is not None and Path(gone.file.path).exists()  # restorable: the file stays
    assert AuditEntry.objects.filter(action="shelters.shelterphoto.deleted", actor=world.user_a,
                                     object_pk=str(gone.pk)).exists()
    assert client.get(reverse("shelters-photo", args=[world.here.pk, gone.pk])).status_code == 404
    page = client.get(reverse("shelters-detail", args=[world.here.pk]))
    assert [p.pk for p in page.context["photos"]] == [keep.pk]
    # From the gallery with HTMX: the tile is replaced by nothing.
    response = client.post(reverse("shelters-photo-delete", args=[world.here.pk, keep.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response.content == b""
    assert not ShelterPhoto.objects.filter(shelter=world.here).exists()


def test_a_leader_sees_the_photos_but_cannot_add_or_delete(client, world):
    photo = shelter_photo(world.here)
    client.force_login(UserFactory(division=world.tree["town_a"], role=Role.LEADER))
    page = client.get(reverse("shelters-detail", args=[world.here.pk]))
    assert page.status_code == 200 and page.context["photo_form"] is None
    assert client.get(reverse("shelters-photo", args=[world.here.pk, photo.pk])).status_code == 200
    assert client.post(reverse("shelters-photos", args=[world.here.pk]),
                       {"photos": [_upload("x.png", PNG)]}).status_code == 403
    assert client.post(reverse("shelters-photo-delete", args=[world.here.pk, photo.pk])).status_code == 403
    assert ShelterPhoto.objects.filter(shelter=world.here).count() == 1


# The API ---------------------------------------------------------------------------------------------


def test_api_lists_uploads_serves_and_deletes_photos(world, django_assert_max_num_queries):
    api = token_client(world.user_a)
    base = f"/api/v1/shelters/{world.here.pk}/photos"
    created = api.post(base, {"file": _upload("大门.jpg", JPEG), "caption": "正门"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["original_name"], body["content_type"], body["caption"], body["order"], body["uploaded_by"]) == (
        "大门.jpg", "image/jpeg", "正门", 1, world.user_a.username)
    api.post(base, {"file": _upload("操场.png", PNG, "image/png")})
    shelter_photo(world.here, order=3)
    with django_assert_max_num_queries(8):
        listed = api.get(base).json()
    assert [p["order"] for p in listed] == [1, 2, 3]
    served = api.get(body["file_url"])
    assert served.status_code == 200 and b"".join(served.streaming_content) == JPEG
    assert api.delete(f"{base}/{body['id']}").status_code == 204
    assert [p["order"] for p in api.get(base).json()] == [2, 3]
    assert AuditEntry.objects.filter(action="shelters.shelterphoto.deleted", object_pk=str(body["id"])).exists()


def test_api_refuses_a_renamed_executable_with_a_chinese_message(world):
    api = token_client(world.user_a)
    response = api.post(f"/api/v1/shelters/{world.here.pk}/photos", {"file": _upload("photo.jpg", EXE)})
    assert response.status_code == 400
    assert "不是 JPEG、PNG 或 WebP 图片" in response.json()["message"] and "file" in response.json()["errors"]
    assert not ShelterPhoto.all_objects.filter(shelter=world.here).exists()


def test_api_photos_of_another_division_are_404_and_a_leader_may_only_read(world):
    api = token_client(world.user_a)
    there, photo = world.there, world.there_photo
    assert api.get(f"/api/v1/shelters/{there.pk}/photos").status_code == 404
    assert api.get(f"/api/v1/shelters/{there.pk}/photos/{photo.pk}/file").status_code == 404
    assert api.get(f"/api/v1/shelters/{world.here.pk}/photos/{photo.pk}/file").status_code == 404
    assert api.post(f"/api/v1/shelters/{there.pk}/photos", {"file": _upload("x.png", PNG)}).status_code == 404
    assert api.delete(f"/api/v1/shelters/{there.pk}/photos/{photo.pk}").status_code == 404
    assert api.delete(f"/api/v1/shelters/{world.here.pk}/photos/{photo.pk}").status_code == 404
    assert ShelterPhoto.objects.filter(pk=photo.pk).exists()

    leader = token_client(UserFactory(division=world.tree["town_a"], role=Role.LEADER))
    mine = shelter_photo(world.here)
    assert [p["id"] for p in leader.get(f"/api/v1/shelters/{world.here.pk}/photos").json()] == [mine.pk]
    assert leader.post(f"/api/v1/shelters/{world.here.pk}/photos",
                       {"file": _upload("x.png", PNG)}).status_code == 403
    assert leader.delete(f"/api/v1/shelters/{world.here.pk}/photos/{mine.pk}").status_code == 403
    assert ShelterPhoto.objects.filter(shelter=world.here).count() == 1


# The migration of the old single photo ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_each_old_photo_into_the_private_gallery():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    tree = county_tree()
    before = [("shelters", "0001_initial")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("shelters")
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps.get_model("shelters", "Shelter")
        default_storage.save("shelters/2025/06/gate.jpg", ContentFile(JPEG))
        common = {"division_id": tree["town_a"].pk, "kind": "square", "total_area": 2000, "effective_area": 1500,
                  "address": "x"}
        with_photo = old.objects.create(name="老照片广场", photo="shelters/2025/06/gate.jpg", **common)
        old.objects.create(name="无照片", photo="", **common)
        lost = old.objects.create(name="文件丢失", photo="shelters/2025/06/gone.jpg", **common)
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    finally:
        MigrationExecutor(connection).migrate(latest)

    photo = ShelterPhoto.objects.get()
    assert (photo.shelter_id, photo.original_name, photo.content_type, photo.size, photo.order) == (
        with_photo.pk, "gate.jpg", "image/jpeg", len(JPEG), 1)
    assert photo.file.read() == JPEG and Path(settings.MEDIA_ROOT) not in Path(photo.file.path).parents
    assert not default_storage.exists("shelters/2025/06/gate.jpg")  # moved, not copied
    assert not ShelterPhoto.objects.filter(shelter_id=lost.pk).exists()
