"""Data: the branch tallies of the reports handed in before tallies existed."""

from django.db import migrations


def fill(apps, schema_editor):
    from tuyengiao.reports import tallies

    tallies.rebuild(
        value_model=apps.get_model("reports", "Value"),
        tally_model=apps.get_model("reports", "BranchTally"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_branch_tallies"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
