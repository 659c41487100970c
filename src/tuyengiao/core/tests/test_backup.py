"""Backup and restore, for real, on the database the suite runs on.

On PostgreSQL the tests run pg_dump / pg_restore against the test database. On SQLite the test
database lives in memory, which has no file to back up: the `live_db` fixture points Django's
connection at a temporary SQLite file (migrated for the test) and back again afterwards.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tuyengiao.core.backup import (
    PG_CUSTOM_MAGIC,
    SQLITE_MAGIC,
    backup_database,
    pg_connection_args,
    restore_database,
)
from tuyengiao.core.exceptions import DomainError
from tuyengiao.orgunits.choices import Level
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.testing import make_unit

NAME = "Ban Tuyên giáo Trung ương"
ON_SQLITE = connection.vendor == "sqlite"
sqlite_only = pytest.mark.skipif(not ON_SQLITE, reason="SQLite behaviour")
postgres_only = pytest.mark.skipif(ON_SQLITE, reason="PostgreSQL behaviour")


@pytest.fixture
def live_db(transactional_db, tmp_path) -> Iterator[None]:
    """A database that a backup can reach: the test database itself on PostgreSQL, a migrated
    temporary file on SQLite."""
    if not ON_SQLITE:
        if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
            pytest.skip("pg_dump / pg_restore are not installed")
        yield
        return
    memory_name = connection.settings_dict["NAME"]
    # The in-memory test database dies with its last connection: hold one open meanwhile.
    keeper = sqlite3.connect(memory_name, uri=True)
    try:
        connection.settings_dict["NAME"] = str(tmp_path / "live.sqlite3")
        connection.close()  # a file name now, so this really closes the in-memory connection
        call_command("migrate", verbosity=0)
        # Start with an empty write-ahead log, so that what the test writes stays in it.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = memory_name
        connection.ensure_connection()
        keeper.close()


def _magic() -> bytes:
    return SQLITE_MAGIC if ON_SQLITE else PG_CUSTOM_MAGIC


def test_restore_brings_back_the_data_as_it_was_at_backup(live_db, tmp_path):
    central = make_unit(None, "TW", level=Level.CENTRAL, name=NAME)
    path = backup_database(output=tmp_path / "backups" / "one.backup")
    assert path == tmp_path / "backups" / "one.backup"
    assert path.read_bytes().startswith(_magic())

    OrgUnit.objects.filter(pk=central.pk).update(name="Đổi sau khi sao lưu")
    make_unit(central, "P-40", level=Level.PROVINCE)
    restore_database(source=path)

    assert list(OrgUnit.objects.values_list("code", "name")) == [("TW", NAME)]


@sqlite_only
def test_sqlite_backup_holds_committed_writes_still_in_the_log_but_not_uncommitted_ones(
    live_db, tmp_path
):
    make_unit(None, "TW", level=Level.CENTRAL, name=NAME)
    live = Path(connection.settings_dict["NAME"])
    naive = tmp_path / "copied-file.sqlite3"
    shutil.copyfile(live, naive)  # what copying the file alone would keep
    with closing(sqlite3.connect(naive)) as db:
        assert db.execute("SELECT count(*) FROM orgunits_orgunit").fetchone() == (0,)

    writer = sqlite3.connect(live)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE orgunits_orgunit SET name = 'chưa lưu'")
    try:
        path = backup_database(output=tmp_path / "online.sqlite3")
    finally:
        writer.rollback()
        writer.close()

    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT code, name FROM orgunits_orgunit").fetchall() == [("TW", NAME)]
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one file, no -wal


def test_default_name_is_dated_under_var_backups_and_never_overwritten(live_db, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    make_unit(None, "TW", level=Level.CENTRAL, name=NAME)

    path = backup_database(output=None)

    assert path.parent == tmp_path / "var" / "backups"
    suffix = "sqlite3" if ON_SQLITE else "dump"
    assert re.fullmatch(rf"tuyengiao-\d{{8}}-\d{{6}}\.{suffix}", path.name), path.name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # it holds password hashes
    size = path.stat().st_size
    with pytest.raises(DomainError, match="already exists"):
        backup_database(output=path)
    assert path.stat().st_size == size
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no .partial left

    into_dir = backup_database(output=tmp_path)
    assert into_dir.parent == tmp_path and into_dir.suffix == f".{suffix}"


@pytest.mark.parametrize(
    "content",
    [b"Bao cao 6 thang dau nam 2020, khong phai ban sao luu", PG_CUSTOM_MAGIC, SQLITE_MAGIC],
    ids=["text", "pg-dump-header", "sqlite-header"],
)
def test_restore_refuses_what_is_not_a_backup_and_changes_nothing(live_db, tmp_path, content):
    make_unit(None, "TW", level=Level.CENTRAL, name=NAME)
    junk = tmp_path / "junk.backup"
    junk.write_bytes(content + b"\x00" * 200)

    with pytest.raises(DomainError) as info:
        restore_database(source=junk)

    assert str(junk) in info.value.message
    assert list(OrgUnit.objects.values_list("code", "name")) == [("TW", NAME)]


@sqlite_only
def test_sqlite_restore_refuses_a_database_of_another_application(live_db, tmp_path):
    make_unit(None, "TW", level=Level.CENTRAL, name=NAME)
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as db:
        db.execute("CREATE TABLE orgunits_orgunit (code TEXT)")

    with pytest.raises(DomainError, match="not a tuyengiao database"):
        restore_database(source=other)
    assert OrgUnit.objects.filter(code="TW").exists()


@sqlite_only
def test_an_in_memory_database_is_refused_without_leaving_a_file(db, tmp_path):
    with pytest.raises(DomainError, match="in memory"):
        backup_database(output=tmp_path / "memory.sqlite3")
    assert list(tmp_path.iterdir()) == []


@postgres_only
def test_missing_pg_dump_is_a_clear_error(live_db, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(DomainError, match="pg_dump was not found on PATH"):
        backup_database(output=tmp_path / "x.dump")
    assert not (tmp_path / "x.dump").exists()


def test_the_postgres_password_travels_in_the_environment_not_on_the_command_line():
    args, env = pg_connection_args(
        {
            "NAME": "tuyengiao",
            "USER": "tuyengiao",
            "PASSWORD": "mật-khẩu-bí-mật",
            "HOST": "db.internal",
            "PORT": "5433",
            "OPTIONS": {"sslmode": "require"},
        }
    )
    assert args == [
        "--no-password",
        "--host",
        "db.internal",
        "--port",
        "5433",
        "--username",
        "tuyengiao",
        "--dbname",
        "tuyengiao",
    ]
    assert env == {"PGPASSWORD": "mật-khẩu-bí-mật", "PGSSLMODE": "require"}


def test_commands_print_what_they_did_and_restore_only_with_yes(live_db, tmp_path):
    central = make_unit(None, "TW", level=Level.CENTRAL, name=NAME)
    target = tmp_path / "cmd.backup"

    out = StringIO()
    call_command("backup", "--output", str(target), stdout=out)
    assert re.search(rf"Wrote {re.escape(str(target))} \([\d.]+ (bytes|KB|MB)\)", out.getvalue())

    OrgUnit.objects.filter(pk=central.pk).update(name="Đổi sau khi sao lưu")
    out = StringIO()
    call_command("restore", str(target), stdout=out)
    assert "Would replace everything" in out.getvalue() and "--yes" in out.getvalue()
    assert OrgUnit.objects.get(pk=central.pk).name == "Đổi sau khi sao lưu"

    out = StringIO()
    call_command("restore", str(target), "--yes", stdout=out)
    assert f"Restored {target}" in out.getvalue()
    assert OrgUnit.objects.get(pk=central.pk).name == NAME

    with pytest.raises(CommandError, match="is not a file"):
        call_command("restore", str(tmp_path / "missing.backup"), "--yes")
