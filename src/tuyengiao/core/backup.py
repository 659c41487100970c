"""Consistent backups of the database, and restoring one (`tuyengiao backup` / `tuyengiao restore`).

SQLite: Python's `sqlite3` online backup API copies the database page by page under one read
transaction, so the copy is a consistent snapshot even while the app is writing, and it includes
what is still in the write-ahead log (copying the `.sqlite3` file alone would miss that).
PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists --no-owner`, found on
PATH, with the connection parameters of `settings.DATABASES`; the password travels in the
environment (PGPASSWORD), never on a command line that `ps` shows to other users.

A backup holds password hashes and API token hashes: files are created readable by their owner
only, and written under a temporary name first, so a failed backup never leaves a file that looks
complete.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.postgresql.client import DatabaseClient as PostgresClient
from django.utils import timezone

from tuyengiao.core.exceptions import DomainError

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
# How long a restore waits for a table lock on PostgreSQL before giving up: a running app server
# holding a transaction open would otherwise make the restore hang without a word.
RESTORE_LOCK_TIMEOUT = "60s"


def _vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise DomainError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def default_backup_path(*, using: str = DEFAULT_DB_ALIAS) -> Path:
    """var/backups/tuyengiao-YYYYmmdd-HHMMSS.sqlite3 (or .dump on PostgreSQL), in local time."""
    suffix = ".sqlite3" if _vendor(using) == "sqlite" else ".dump"
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"tuyengiao-{stamp}{suffix}"


def database_label(*, using: str = DEFAULT_DB_ALIAS) -> str:
    """Which database this is, in words an operator recognises (never the password)."""
    params = connections[using].settings_dict
    if _vendor(using) == "sqlite":
        return f"SQLite database {params['NAME']}"
    host = params.get("HOST") or "local socket"
    port = params.get("PORT") or 5432
    return f"PostgreSQL database '{params['NAME']}' on {host}:{port}"


def human_size(size: int) -> str:
    """1536 -> "1.5 KB"."""
    if size < 1024:
        return f"{size} bytes"
    value = size / 1024
    for unit in ("KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            break
        value /= 1024
    return f"{value:.1f} {unit}"


# Backup


def backup_database(*, output: Path | None, using: str = DEFAULT_DB_ALIAS) -> Path:
    """Writes a consistent backup of the database to `output` and returns its path.

    `output` None: var/backups/tuyengiao-<local time>.sqlite3|.dump; an existing directory: that
    file name inside it. An existing file is never overwritten.
    """
    vendor = _vendor(using)
    if output is None:
        target = default_backup_path(using=using)
    elif output.is_dir():
        target = output / default_backup_path(using=using).name
    else:
        target = output
    if target.exists():
        raise DomainError(f"{target} already exists; choose another name.", field="output")
    if vendor == "sqlite":
        _sqlite_source(using)  # refuse an in-memory database before creating any file
    else:
        _pg_tool("pg_dump")
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        # O_EXCL: a second backup started in the same second fails instead of sharing the file.
        os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        raise DomainError(f"{partial} exists: is another backup running?", field="output") from None
    try:
        if vendor == "sqlite":
            _sqlite_backup(using, partial)
        else:
            _pg_dump(using, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _sqlite_source(using: str) -> str:
    wrapper = connections[using]
    if wrapper.is_in_memory_db():
        raise DomainError(
            "The database is in memory (a test database?): there is no file to back up or restore."
        )
    return str(wrapper.settings_dict["NAME"])


def _sqlite_open(path: str | Path, *, mode: str, timeout: float = 5) -> sqlite3.Connection:
    """Opens a SQLite file with `mode` "ro", "rw" or "rwc" (only "rwc" may create it): a missing
    file is an error, not a new empty database backed up (or restored from) without a word."""
    return sqlite3.connect(f"file:{quote(str(path))}?mode={mode}", uri=True, timeout=timeout)


def _sqlite_backup(using: str, partial: Path) -> None:
    name = _sqlite_source(using)
    # A connection of our own, not Django's: the snapshot must not depend on whether the caller
    # is inside a transaction. pages=-1 copies everything in one step under one read lock; in WAL
    # mode writers carry on meanwhile.
    try:
        with (
            closing(_sqlite_open(name, mode="rw")) as source,
            closing(sqlite3.connect(partial)) as copy,
        ):
            source.backup(copy, pages=-1)
            # The copy is one self-contained file: no -wal/-shm companions needed to read it.
            copy.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as exc:
        raise DomainError(f"Could not back up {name}: {exc}") from None


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise DomainError(
            f"{name} was not found on PATH. Install the PostgreSQL client tools of the server's "
            f"major version or newer (Debian: apt-get install postgresql-client)."
        )
    return path


def pg_connection_args(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    """Command-line arguments and environment for pg_dump/pg_restore from Django's settings.

    The environment (password, service, SSL files) is Django's own mapping for `dbshell`; the
    password is only ever in PGPASSWORD. `--no-password` makes the tools fail instead of prompting,
    which would hang a cron job.
    """
    _args, env = PostgresClient.settings_to_cmd_args_env(settings_dict, [])
    args = ["--no-password"]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    args += ["--dbname", str(settings_dict.get("NAME") or "postgres")]
    return args, dict(env or {})


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        tool = Path(command[0]).name
        detail = (done.stderr or done.stdout).strip()
        raise DomainError(f"{tool} failed (exit {done.returncode}): {detail}")


def _pg_dump(using: str, partial: Path) -> None:
    args, env = pg_connection_args(connections[using].settings_dict)
    # One snapshot by construction: pg_dump reads in a single repeatable-read transaction.
    _run([_pg_tool("pg_dump"), "--format=custom", f"--file={partial}", *args], env)


# Restore


def check_backup(*, source: Path, using: str = DEFAULT_DB_ALIAS) -> None:
    """Refuses a file that is not a tuyengiao backup for this database's vendor, before any write."""
    if not source.is_file():
        raise DomainError(f"{source} is not a file.", field="source")
    with source.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    vendor = _vendor(using)
    if vendor == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            hint = " (it is a PostgreSQL dump)" if head.startswith(PG_CUSTOM_MAGIC) else ""
            raise DomainError(f"{source} is not a SQLite backup{hint}.", field="source")
        try:
            with closing(_sqlite_open(source, mode="ro")) as db:
                check = db.execute("PRAGMA quick_check").fetchone()[0]
                has_migrations = db.execute(
                    "SELECT 1 FROM sqlite_master WHERE type='table' AND name='django_migrations'"
                ).fetchone()
        except sqlite3.DatabaseError as exc:
            raise DomainError(f"{source} cannot be read: {exc}", field="source") from None
        if check != "ok":
            raise DomainError(f"{source} is damaged: {check}", field="source")
        if not has_migrations:
            raise DomainError(f"{source} is not a tuyengiao database.", field="source")
        if Path(_sqlite_source(using)).resolve() == source.resolve():
            raise DomainError(f"{source} is the live database itself.", field="source")
        return
    if not head.startswith(PG_CUSTOM_MAGIC):
        hint = " (it is a SQLite backup)" if head.startswith(SQLITE_MAGIC) else ""
        raise DomainError(f"{source} is not a pg_dump custom-format archive{hint}.", field="source")
    listing = subprocess.run(
        [_pg_tool("pg_restore"), "--list", str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    if listing.returncode != 0:
        raise DomainError(f"{source} cannot be read: {listing.stderr.strip()}", field="source")
    if " django_migrations " not in listing.stdout:
        raise DomainError(f"{source} is not a tuyengiao database.", field="source")


def restore_database(*, source: Path, using: str = DEFAULT_DB_ALIAS) -> None:
    """Replaces the whole database with the backup in `source`.

    Checked first (see check_backup); then Django's connection is closed so that nothing of this
    process holds the database. On PostgreSQL the restore is one transaction: if it fails, the
    database is left as it was.
    """
    check_backup(source=source, using=using)
    connections[using].close()
    if _vendor(using) == "sqlite":
        target = _sqlite_source(using)
        try:
            with (
                closing(_sqlite_open(source, mode="ro")) as backup,
                closing(_sqlite_open(target, mode="rwc", timeout=30)) as live,
            ):
                backup.backup(live, pages=-1)
        except sqlite3.Error as exc:
            raise DomainError(
                f"Could not write {target}: {exc}. Stop the application servers and retry."
            ) from None
        return
    args, env = pg_connection_args(connections[using].settings_dict)
    inherited = os.environ.get("PGOPTIONS", "")
    env["PGOPTIONS"] = f"{inherited} -c lock_timeout={RESTORE_LOCK_TIMEOUT}".strip()
    _run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *args,
            str(source),
        ],
        env,
    )
