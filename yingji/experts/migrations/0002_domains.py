"""The controlled domain list (experts/rules.py DOMAINS), frozen here as it was when added."""

from django.db import migrations

DOMAINS = [
    ("mine", "矿山"), ("industry_trade", "工贸"), ("hazchem", "危化品"), ("flood", "防汛"), ("geology", "地质灾害"),
    ("forest_fire", "森林防火"), ("medical", "医疗"), ("law", "法律"), ("public_opinion", "舆情"),
    ("negotiation", "谈判"), ("earthquake", "地震"), ("meteorology", "气象"), ("fire", "消防"),
    ("construction", "建筑施工"), ("transport", "交通运输"),
]


def load(apps, schema_editor):
    Domain = apps.get_model("experts", "Domain")
    for order, (code, name) in enumerate(DOMAINS, start=1):
        Domain.objects.update_or_create(code=code, defaults={"name": name, "order": order})


def unload(apps, schema_editor):
    apps.get_model("experts", "Domain").objects.filter(code__in=[c for c, _n in DOMAINS]).delete()


class Migration(migrations.Migration):
    dependencies = [("experts", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
