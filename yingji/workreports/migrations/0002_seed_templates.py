"""The three report templates of issue 5 §5, seeded as data (editable afterwards by admins)."""

from django.db import migrations

from yingji.workreports import rules

TEMPLATES = [
    {"code": "quarterly-dynamics", "name": "应急管理工作动态季报", "cadence": "quarterly",
     "levels": ["township", "county"], "sections": rules.QUARTERLY_SECTIONS, "due_days": rules.QUARTERLY_DUE_DAYS,
     "source": rules.QUARTERLY_SOURCE},
    {"code": "campaign-weekly", "name": "专项活动工作进展周报", "cadence": "weekly",
     "levels": ["township"], "sections": rules.WEEKLY_SECTIONS, "due_days": rules.WEEKLY_DUE_DAYS,
     "source": rules.WEEKLY_SOURCE},
    {"code": "annual-summary", "name": "应急管理年度工作总结", "cadence": "annual",
     "levels": ["township", "county"], "sections": rules.ANNUAL_SECTIONS, "due_days": rules.ANNUAL_DUE_DAYS,
     "source": rules.ANNUAL_SOURCE},
]


def seed(apps, schema_editor):
    ReportTemplate = apps.get_model("workreports", "ReportTemplate")
    for values in TEMPLATES:
        ReportTemplate.objects.update_or_create(code=values["code"], defaults=values)


class Migration(migrations.Migration):
    dependencies = [("workreports", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
