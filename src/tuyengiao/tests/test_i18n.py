"""The interface speaks Vietnamese first: the catalogue is complete, compiled and current."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
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


def _live_msgids(path: Path) -> set[tuple[str | None, str]]:
    """(msgctxt, msgid) of the entries gettext compiles: not obsolete, not the header."""
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if e.msgid and not e.obsolete}


def test_catalogue_is_current_with_the_source(tmp_path, settings):
    """makemessages over a copy of the source finds no msgid the committed catalogue lacks, and
    the catalogue keeps none the source no longer has: a new string is extracted and translated
    in the same change."""
    if shutil.which("xgettext") is None:
        pytest.skip("xgettext (GNU gettext) is not on PATH")
    source = LOCALE.parents[2]
    fixtures = source / "news" / "tests" / "fixtures"

    def ignore(directory: str, names: list[str]) -> set[str]:
        here = Path(directory)
        return {n for n in names if n == "__pycache__" or here / n == fixtures}

    copy = tmp_path / "tuyengiao"
    shutil.copytree(source, copy, ignore=ignore)
    regenerated = copy / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    regenerated.unlink()  # extracted afresh: what the source holds, not what the catalogue had
    settings.LOCALE_PATHS = [copy / "locale"]
    with contextlib.chdir(copy):
        call_command("makemessages", locale=["vi"], no_obsolete=True, verbosity=0)

    current = _live_msgids(regenerated)
    committed = _live_msgids(LOCALE / "django.po")
    missing = sorted(current - committed, key=lambda key: (key[1], key[0] or ""))
    stale = sorted(committed - current, key=lambda key: (key[1], key[0] or ""))
    assert not missing and not stale, (
        f"the catalogue is not current: {len(missing)} msgid(s) missing {missing}, "
        f"{len(stale)} no longer in the source {stale}; run makemessages -l vi "
        "--no-obsolete in src/tuyengiao, translate, then compilemessages -l vi"
    )
