"""A press release (新闻通稿) in Word, in the official layout every office expects (core/word.py)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.core.word import OfficialDocument
from yingji.response.models import PressRelease
from yingji.response.rules import PressStatus


def press_docx(release: PressRelease) -> bytes:
    doc = OfficialDocument()
    if release.number:
        doc.document_number(release.number)
    doc.title(release.title)
    if release.status != PressStatus.PUBLISHED:
        # A draft handed around for approval must not be mistaken for the published text.
        doc.paragraph(_("（%(status)s，未发布）") % {"status": PressStatus(release.status).label}, indent=False)
    doc.lines(release.body, empty=_("无。"))
    day = timezone.localtime(release.published_at).date() if release.published_at else timezone.localdate()
    doc.signature(release.issuer, day)
    return doc.bytes()
