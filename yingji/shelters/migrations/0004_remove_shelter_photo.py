# A migration of its own: on PostgreSQL the rows written by 0003 are committed before the table changes.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("shelters", "0003_move_photos_to_shelterphoto"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="shelter",
            name="photo",
        ),
    ]
