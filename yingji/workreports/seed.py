"""The three report templates of issue 5 §5: seeded by migration 0002, editable afterwards by admins."""

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


def ensure_templates(model) -> None:
    """Create the seeded templates that are missing (`model` may be the historical model of a migration)."""
    for values in TEMPLATES:
        model.objects.get_or_create(code=values["code"], defaults=values)
