"""Seed the national (and one provincial example) reporting time limits from rules.DEFAULT_DEADLINE_RULES.

Rows whose code already exists are left alone, so an administrator's edits survive; new defaults
added to rules.py later need a migration of their own.
"""

from django.db import migrations

from yingji.incidents.rules import DEFAULT_DEADLINE_RULES

FIELDS = ("code", "kind", "category", "subtype", "severity", "min_dead_missing", "from_level", "to_level",
          "channel", "minutes", "at_times", "clock", "province_code", "source")


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("incidents", "DeadlineRule")
    existing = set(DeadlineRule.objects.values_list("code", flat=True))
    DeadlineRule.objects.bulk_create([
        DeadlineRule(**{name: row[name] for name in FIELDS if name in row})
        for row in DEFAULT_DEADLINE_RULES if row["code"] not in existing
    ])


def unseed(apps, schema_editor):
    apps.get_model("incidents", "DeadlineRule").objects.filter(
        code__in=[row["code"] for row in DEFAULT_DEADLINE_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
