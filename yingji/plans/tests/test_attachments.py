"""Plan files: only real PDF/DOCX/DOC/WPS documents, size-limited, kept outside the web root and served
only to users who may see the plan."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from yingji.audit.models import AuditEntry
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Role
from yingji.divisions.tests.factories import UserFactory, county_tree
from yingji.plans import services
from yingji.plans.models import PlanAttachment
from yingji.plans.tests.factories import docx, exe, ole2, pdf, plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return county_tree()


@pytest.fixture
def town_plan(tree):
    return plan(tree["town_a"])


@pytest.fixture
def staff(tree):
    return UserFactory(division=tree["town_a"])


@pytest.mark.parametrize("upload", [pdf, docx, ole2, lambda: ole2("预案.wps")], ids=["pdf", "docx", "doc", "wps"])
def test_real_documents_are_accepted_and_stored_outside_media(town_plan, staff, upload):
    attachment = services.attachment_add(actor=staff, plan=town_plan, upload=upload())
    stored = Path(attachment.file.path)
    assert stored.is_file()
    assert Path(settings.YINGJI_PLAN_FILES_ROOT) in stored.parents
    assert Path(settings.MEDIA_ROOT) not in stored.parents
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018 - no public URL exists
    assert AuditEntry.objects.filter(action="plans.planattachment.created").count() == 1


@pytest.mark.parametrize(("upload", "code"), [
    (lambda: exe("预案.pdf"), "content"),  # a renamed executable
    (lambda: exe("预案.exe"), "type"),
    (lambda: pdf("预案.docx"), "content"),  # a PDF is not a DOCX
    (lambda: ole2("预案.pdf"), "content"),
    (lambda: pdf("预案.txt"), "type"),
    (lambda: pdf("预案"), "type"),
])
def test_wrong_types_and_renamed_files_are_refused(town_plan, staff, upload, code):
    with pytest.raises(ApplicationError) as err:
        services.attachment_add(actor=staff, plan=town_plan, upload=upload())
    assert err.value.code == code
    assert not PlanAttachment.all_objects.exists()


def test_a_zip_without_a_word_document_is_not_a_docx(town_plan, staff):
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", b"MZ")
    with pytest.raises(ApplicationError, match="DOCX"):
        services.attachment_add(actor=staff, plan=town_plan, upload=SimpleUploadedFile("a.docx", buffer.getvalue()))


def test_oversize_files_are_refused(town_plan, staff, settings):
    settings.YINGJI_PLAN_ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ApplicationError, match="1 MB|太大") as err:
        services.attachment_add(actor=staff, plan=town_plan, upload=pdf(size=1025))
    assert err.value.code == "size"
    assert services.attachment_add(actor=staff, plan=town_plan, upload=pdf(size=1024)).size == 1024


def test_the_default_limit_is_20_mb(settings):
    assert settings.YINGJI_PLAN_ATTACHMENT_MAX_BYTES == services.attachment_max_bytes() == 20 * 1024 * 1024


def test_readers_may_not_upload(town_plan, tree):
    with pytest.raises(PermissionDenied):
        services.attachment_add(actor=UserFactory(division=tree["town_a"], role=Role.LEADER), plan=town_plan,
                                upload=pdf())
    with pytest.raises(PermissionDenied):
        services.attachment_add(actor=UserFactory(division=tree["town_b"]), plan=town_plan, upload=pdf())


def test_download_is_checked_against_the_plan(client, town_plan, staff, tree):
    attachment = services.attachment_add(actor=staff, plan=town_plan, upload=pdf())
    url = reverse("plans-attachment", args=[attachment.pk])
    assert client.get(url).status_code == 302  # login first
    client.force_login(UserFactory(division=tree["town_b"]))
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(division=tree["county"], role=Role.LEADER))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="plans.planattachment.downloaded").count() == 1
    client.force_login(staff)
    client.post(reverse("plans-attachment-delete", args=[attachment.pk]))
    assert client.get(url).status_code == 404


def test_upload_through_the_page_reports_a_renamed_executable(client, town_plan, staff):
    client.force_login(staff)
    response = client.post(reverse("plans-attach", args=[town_plan.pk]), {"file": exe(), "kind": "full"},
                           follow=True)
    assert "文件内容与扩展名不符" in response.content.decode()
    assert not PlanAttachment.objects.exists()
    client.post(reverse("plans-attach", args=[town_plan.pk]), {"file": pdf(), "kind": "public", "public": "on"})
    assert PlanAttachment.objects.get().public


def test_confidential_full_text_is_never_public(tree, staff):
    secret = plan(tree["town_a"], confidential=True, title="涉密预案")
    with pytest.raises(ApplicationError):
        services.attachment_add(actor=staff, plan=secret, upload=pdf(), kind="full", public=True)
