"""Every English catalogue is complete and compiled: every Chinese msgid has an English msgstr."""

from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(PACKAGE.glob("locale/en/LC_MESSAGES/django.po")) + sorted(
    PACKAGE.glob("*/locale/en/LC_MESSAGES/django.po"))


def test_the_shell_catalogue_exists():
    assert PACKAGE / "locale/en/LC_MESSAGES/django.po" in CATALOGUES
    assert len(polib.pofile(str(CATALOGUES[0]))) > 100


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_message_has_an_english_translation(po):
    catalogue = polib.pofile(str(po))
    missing = [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert missing == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_compiled_catalogue_matches_the_source(po):
    source = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
              for e in polib.pofile(str(po)) if e.translated() and not e.obsolete}
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
                for e in polib.mofile(str(po.with_suffix(".mo"))) if e.msgid}
    assert compiled == source
