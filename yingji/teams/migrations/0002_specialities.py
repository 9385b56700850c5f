"""The controlled speciality list (teams/rules.py SPECIALITIES), frozen here as it was when added."""

from django.db import migrations

SPECIALITIES = [
    ("flood", "防汛抗洪"), ("fire", "消防灭火"), ("forest_fire", "森林灭火"), ("mountain", "山地救援"),
    ("water", "水上救援"), ("hazchem", "危化品处置"), ("medical", "医疗救护"), ("earthquake", "地震搜救"),
    ("road", "道路抢通"), ("communications", "应急通信"), ("power", "电力抢修"), ("mine", "矿山救护"),
    ("evacuation", "人员转移安置"), ("general", "综合救援"),
]


def load(apps, schema_editor):
    Speciality = apps.get_model("teams", "Speciality")
    for order, (code, name) in enumerate(SPECIALITIES, start=1):
        Speciality.objects.update_or_create(code=code, defaults={"name": name, "order": order})


def unload(apps, schema_editor):
    apps.get_model("teams", "Speciality").objects.filter(code__in=[c for c, _n in SPECIALITIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("teams", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
