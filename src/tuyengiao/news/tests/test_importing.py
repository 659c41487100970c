"""Importing articles: per-file outcomes, idempotent re-import, bad files, and confirming a
reviewed record into a Meeting and a draft Article."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tuyengiao.core.exceptions import ConflictError, DomainError
from tuyengiao.directives.models import Directive
from tuyengiao.meetings.models import Meeting
from tuyengiao.news.choices import ImportStatus
from tuyengiao.news.importing import (
    DUPLICATE,
    IMPORTED,
    REFUSED,
    PersonChoice,
    article_import_confirm,
    article_import_discard,
    article_import_files,
    highlighted_body,
    import_proposal,
)
from tuyengiao.news.models import Article, ArticleImport
from tuyengiao.news.tests.test_extract import seeds_dir
from tuyengiao.people.models import Person

SEED = "000_4164da14a6ec1b0a.txt"


@pytest.fixture
def editor(role_users):
    return role_users["editor"]


def _seed_bytes(name: str = SEED) -> bytes:
    return (seeds_dir() / name).read_bytes()


def test_one_bad_file_does_not_stop_the_batch(editor, tree):
    files = [
        ("empty.txt", b""),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 10),
        (SEED, _seed_bytes()),
        ("utf16.txt", _seed_bytes("001_7b4006af6d2009e8.txt").decode("utf-8").encode("utf-16")),
        ("nothing.html", b"<html><body><nav>Menu</nav></body></html>"),
    ]
    outcomes = article_import_files(actor=editor, unit=tree.own, files=files)
    assert [o.outcome for o in outcomes] == [REFUSED, REFUSED, IMPORTED, IMPORTED, REFUSED]
    assert "empty" in outcomes[0].message
    assert "binary" in outcomes[1].message
    assert ArticleImport.objects.count() == 2  # nothing half-written for the refused ones


def test_reimporting_the_same_text_is_recognised(editor, tree):
    first = article_import_files(actor=editor, unit=tree.own, files=[(SEED, _seed_bytes())])
    # The same article saved again with Windows line ends and a trailing blank line.
    again_bytes = _seed_bytes().replace(b"\n", b"\r\n") + b"\r\n"
    again = article_import_files(actor=editor, unit=tree.own, files=[("copy.txt", again_bytes)])
    assert again[0].outcome == DUPLICATE
    assert again[0].record == first[0].record
    assert ArticleImport.objects.count() == 1


def test_viewers_cannot_import(role_users, tree):
    with pytest.raises(PermissionDenied):
        article_import_files(actor=role_users["viewer"], unit=tree.own, files=[(SEED, b"x")])


def test_the_proposal_and_highlights_come_from_the_record(editor, tree):
    record = article_import_files(actor=editor, unit=tree.own, files=[(SEED, _seed_bytes())])[
        0
    ].record
    proposal = import_proposal(user=editor, record=record)
    assert proposal.kind == "briefing"
    assert proposal.start_date == dt.date(2020, 6, 19)
    assert proposal.unregistered_codes == ["05-CT/TW"]
    assert [p.name for p in proposal.people] == ["Trần Việt Trường"]
    pieces = highlighted_body(record)
    assert "".join(text for text, _field in pieces) == record.record["body"]
    assert {field for _text, field in pieces if field} >= {"documents", "figures"}


def test_confirm_makes_a_meeting_people_and_a_linked_draft_article(editor, tree):
    Directive.objects.create(
        unit=tree.central,
        code="05-CT/TW",
        number=5,
        doc_type="CT",
        issuer="TW",
        title="Chỉ thị 05",
        search_name="chi thi 05",
    )
    record = article_import_files(actor=editor, unit=tree.own, files=[(SEED, _seed_bytes())])[
        0
    ].record
    proposal = import_proposal(user=editor, record=record)
    assert proposal.directive_codes == ["05-CT/TW"]
    # The import's year (2020) predates the test unit (2025): the reviewer corrects the date.
    meeting = article_import_confirm(
        actor=editor,
        record=record,
        version=record.version,
        kind=proposal.kind,
        title="Giao ban công tác tuyên giáo 6 tháng",
        start_date=dt.date(2026, 6, 19),
        end_date=None,
        organiser=tree.own,
        people=[
            PersonChoice(
                name="Trần Việt Trường",
                titles="Trưởng Ban Tuyên giáo Thành ủy",
                role="speaker",
            )
        ],
        directive_codes=proposal.directive_codes,
    )
    assert meeting.directives.get().code == "05-CT/TW"
    speaker = meeting.people.get()
    assert speaker.person.full_name == "Trần Việt Trường"
    assert speaker.position.title == "Trưởng Ban Tuyên giáo Thành ủy"
    assert "60/85 nhiệm vụ" in meeting.summary
    article = Article.objects.get(meeting=meeting)
    assert article.status == "draft"
    assert article.source_hash == record.text_hash
    record.refresh_from_db()
    assert record.status == ImportStatus.CONFIRMED
    assert record.meeting == meeting
    with pytest.raises(ConflictError):
        article_import_confirm(
            actor=editor,
            record=record,
            version=1,
            kind="briefing",
            title="x",
            start_date=dt.date(2026, 6, 19),
            end_date=None,
            organiser=tree.own,
        )


def test_a_refused_confirmation_writes_nothing(editor, tree):
    record = article_import_files(actor=editor, unit=tree.own, files=[(SEED, _seed_bytes())])[
        0
    ].record
    with pytest.raises(DomainError) as err:
        article_import_confirm(
            actor=editor,
            record=record,
            version=record.version,
            kind="briefing",
            title="Giao ban",
            start_date=dt.date(2026, 6, 19),
            end_date=None,
            organiser=tree.own,
            people=[PersonChoice(name="Người Mới", titles="Phó Trưởng ban", role="chair")],
            directive_codes=["05-CT/TW"],  # not registered
        )
    assert err.value.field == "directive_codes"
    assert not Meeting.objects.exists()
    assert not Person.objects.filter(full_name="Người Mới").exists()
    record.refresh_from_db()
    assert record.status == ImportStatus.PENDING


def test_discard(editor, tree):
    record = article_import_files(actor=editor, unit=tree.own, files=[(SEED, _seed_bytes())])[
        0
    ].record
    article_import_discard(actor=editor, record=record, version=record.version)
    record.refresh_from_db()
    assert record.status == ImportStatus.DISCARDED
    with pytest.raises(DomainError):
        article_import_discard(actor=editor, record=record, version=record.version)


def test_the_command_imports_a_folder_and_reports_bad_files(editor, tree, tmp_path):
    from django.core.management import CommandError, call_command

    for name in ("000_4164da14a6ec1b0a.txt", "001_7b4006af6d2009e8.txt"):
        (tmp_path / name).write_bytes(_seed_bytes(name))
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(CommandError, match="1 of 3"):
        call_command("import_articles", str(tmp_path), unit=tree.own.code, user=editor.username)
    assert ArticleImport.objects.count() == 2
    # Run again: nothing new, and it says so.
    from io import StringIO

    out = StringIO()
    (tmp_path / "empty.txt").unlink()
    call_command(
        "import_articles", str(tmp_path), unit=tree.own.code, user=editor.username, stdout=out
    )
    assert "0 imported for review, 2 already imported" in out.getvalue()
    assert ArticleImport.objects.count() == 2
