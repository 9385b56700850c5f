import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from yingji.divisions.models import Organisation
from yingji.divisions.tests.factories import OrganisationFactory
from yingji.plans.models import HazardTopic, Plan


def plan(division, kind=Plan.Kind.OVERALL, **extra) -> Plan:
    org = OrganisationFactory(division=division, kind=Organisation.Kind.EMERGENCY_OFFICE)
    extra.setdefault("title", f"{division.name}突发事件总体应急预案")
    return Plan.objects.create(division=division, organisation=org, kind=kind, **extra)


def ready(division, kind=Plan.Kind.OVERALL, **extra) -> Plan:
    """A draft with every required content ticked, ready to submit."""
    p = plan(division, kind=kind, **extra)
    p.checked_contents = list(p.required_contents())
    p.save()
    return p


def made(division, kind=Plan.Kind.OVERALL, topics=(), status=Plan.Status.PUBLISHED, **extra) -> Plan:
    """A plan already in `status`, written directly (for reads that do not care how it got there)."""
    p = plan(division, kind=kind, status=status, **extra)
    p.topics.set(HazardTopic.objects.filter(name__in=topics))
    return p


def pdf(name="预案.pdf", size=None) -> SimpleUploadedFile:
    body = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    if size:
        body = body + b"0" * (size - len(body))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def docx(name="预案.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def ole2(name="预案.doc") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504)


def exe(name="预案.pdf") -> SimpleUploadedFile:
    """A Windows executable wearing a document's name."""
    return SimpleUploadedFile(name, b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 120 + b"This program cannot be run in DOS mode")
