"""The three report templates of issue 5 §5, seeded as data (editable afterwards by admins)."""

from django.db import migrations

from yingji.workreports.seed import ensure_templates


def seed(apps, schema_editor):
    ensure_templates(apps.get_model("workreports", "ReportTemplate"))


class Migration(migrations.Migration):
    dependencies = [("workreports", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
