"""Field-report photos move from MEDIA_ROOT, where nothing served them, into the private photo storage
beside it under random names (the uploader's file name never reaches the file system). They are served
only by a view that checks the user may see the event. The originals are removed once the migration has
committed.

A photo whose file is missing on disk is skipped with a note; its row keeps the old name, which the view
answers with 404 (the report still shows there was a photo). A file that is not a JPEG, PNG or WebP (the
old field accepted HEIC by extension) is moved as it is; the view serves it only as a download."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.db import migrations, transaction

FIELDS = (("Report", "incidents"),)


def _media() -> FileSystemStorage:
    """Where the old fields kept their files: the default storage at MEDIA_ROOT."""
    return FileSystemStorage(location=settings.MEDIA_ROOT)


def _random_name(folder: str, old: str) -> str:
    # As yingji.core.files.random_name did when this migration was written.
    return f"{folder}/{uuid.uuid4().hex}{PurePath(old).suffix.lower()[:6]}"


def _private(apps):
    """The photo field's storage as of this migration."""
    return apps.get_model("incidents", "Report")._meta.get_field("photo").storage


def _move(apps, schema_editor, source, target, name_for):
    """Copy every photo from `source` to `target`, point the rows at the copies and delete the originals
    after commit."""
    moved: dict[str, str] = {}
    for model_name, folder in FIELDS:
        model = apps.get_model("incidents", model_name)
        rows = (model._base_manager.exclude(photo="").exclude(photo__isnull=True).order_by("pk")
                .values_list("pk", "photo"))
        for pk, old in rows.iterator():
            if old not in moved:
                if not source.exists(old):
                    print(f"\n  incidents.{model_name.lower()} {pk}: photo {old} is missing on disk, not moved")
                    continue
                with source.open(old, "rb") as handle:
                    moved[old] = target.save(name_for(folder, old), File(handle, name=PurePath(old).name))
            model._base_manager.filter(pk=pk).update(photo=moved[old])
    if moved:
        # Only once the rows are committed: a failed migration must leave the originals where they were.
        transaction.on_commit(lambda: [source.delete(name) for name in moved], using=schema_editor.connection.alias)


def move_photos(apps, schema_editor):
    _move(apps, schema_editor, _media(), _private(apps), _random_name)


def move_back(apps, schema_editor):
    """Reverse: back into MEDIA_ROOT as `<folder>/<random name>` (the uploader's name is gone for good)."""
    _move(apps, schema_editor, _private(apps), _media(), lambda folder, old: f"{folder}/{PurePath(old).name}")


class Migration(migrations.Migration):

    dependencies = [
        ("incidents", "0004_private_photos"),
    ]

    operations = [
        migrations.RunPython(move_photos, move_back),
    ]
