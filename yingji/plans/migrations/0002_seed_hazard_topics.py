from django.db import migrations

# RULES.md R1.2 (国家突发公共事件总体应急预案 §1.3 sub-types) plus the topics seed 000 asks townships to cover.
TOPICS = (
    "水旱灾害", "气象灾害", "地震灾害", "地质灾害", "森林草原火灾", "生物灾害",
    "生产安全事故", "交通运输事故", "公共设施和设备事故", "环境污染和生态破坏事件", "危险化学品事故",
    "传染病疫情", "食品安全事件", "动物疫情", "群体性事件", "网络与信息安全事件",
)


def seed(apps, schema_editor):
    HazardTopic = apps.get_model("plans", "HazardTopic")
    for name in TOPICS:
        HazardTopic.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
