"""PostgreSQL: statistics on the branch of a report's unit path, which the roll-up groups by.

The roll-up sums figures per (branch, indicator), the branch being the first characters of the
unit's path (a commune's province in a national roll-up). Without statistics on that expression
PostgreSQL takes every distinct unit path for a group, so a national roll-up looks like a quarter
of a million groups: it sorts the figures (spilling to disk) instead of hashing 63 x 30 groups
(bench/bench_reports.py: the national figures statement went from about 250 to 120 ms). One
statistics object per depth a roll-up groups at: the children of the central unit (the first 10
characters), of a province (15), of a district (20). SQLite needs none. The numbers appear after
the next ANALYZE (autovacuum runs it).
"""

from django.db import migrations

# (depth + 1) x 5: a path segment is 4 characters and a "/".
WIDTHS = (10, 15, 20)


def _postgresql(schema_editor) -> bool:
    connection = schema_editor.connection
    # Statistics on expressions came with PostgreSQL 14.
    return connection.vendor == "postgresql" and connection.pg_version >= 140000


def create_statistics(apps, schema_editor):
    if _postgresql(schema_editor):
        for width in WIDTHS:
            schema_editor.execute(
                f"CREATE STATISTICS IF NOT EXISTS reports_submission_branch_{width} "
                f"ON (substring(unit_path, 1, {width})) FROM reports_submission"
            )


def drop_statistics(apps, schema_editor):
    if _postgresql(schema_editor):
        for width in WIDTHS:
            schema_editor.execute(f"DROP STATISTICS IF EXISTS reports_submission_branch_{width}")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_statistics, drop_statistics),
    ]
