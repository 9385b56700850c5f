"""Every English catalogue is complete and compiled: every Chinese msgid has an English msgstr."""

import re
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


PLACEHOLDER = re.compile(r"%\((\w+)\)[sdf]")


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_translations_use_the_placeholders_of_their_source(po):
    """A translation naming another placeholder raises KeyError when the English page is drawn."""
    wrong = []
    for entry in polib.pofile(str(po)):
        translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        expected = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        wrong += [(entry.msgid, text) for text in translations
                  if not entry.obsolete and text and not set(PLACEHOLDER.findall(text)) <= expected]
    assert wrong == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_compiled_catalogue_matches_the_source(po):
    source = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
              for e in polib.pofile(str(po)) if e.translated() and not e.obsolete}
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
                for e in polib.mofile(str(po.with_suffix(".mo"))) if e.msgid}
    assert compiled == source
