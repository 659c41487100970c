"""The interface speaks Vietnamese first: the catalogue is complete, compiled and current."""

from __future__ import annotations

from pathlib import Path

import polib
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[1] / "locale" / "vi" / "LC_MESSAGES"


def test_vietnamese_catalogue_is_complete():
    po = polib.pofile(str(LOCALE / "django.po"))
    assert po.percent_translated() == 100, [e.msgid for e in po.untranslated_entries()]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()]


def test_compiled_catalogue_matches_the_po_file():
    po = {
        (e.msgctxt, e.msgid): e.msgstr
        for e in polib.pofile(str(LOCALE / "django.po"))
        if e.msgid and not e.obsolete  # obsolete entries (#~) are never compiled
    }
    mo = {
        (e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(LOCALE / "django.mo")) if e.msgid
    }
    assert mo == po, "run: tuyengiao compilemessages -l vi"


def test_rule_messages_are_translated():
    from django.utils.translation import gettext

    with translation.override("vi"):
        assert gettext("A reorganisation needs at least one predecessor unit.") == (
            "Sắp xếp tổ chức cần ít nhất một đơn vị cũ."
        )
