from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("supplies", "0002_vehicle_category"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="stocklot",
            index=models.Index(fields=["warehouse", "item"], name="supplies_lot_wh_item_idx"),
        ),
    ]
