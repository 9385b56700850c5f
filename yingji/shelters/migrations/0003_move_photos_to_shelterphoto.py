"""Issue 4: a shelter holds several photos. Each existing `Shelter.photo` becomes the shelter's first
ShelterPhoto, copied from MEDIA_ROOT into the private photo storage (no URL, served only after the
shelter's scope is checked); the original is removed once the migration has committed.

A photo whose file is missing on disk cannot be copied: it is reported and left out. A file whose
content is not a JPEG, PNG or WebP (the old field checked only the extension) is kept, typed as
application/octet-stream so that it is never shown as an image."""

from pathlib import PurePath

from django.core.files import File
from django.db import migrations, transaction

# The signatures as they stood when this migration was written (rules.py may change later).
SIGNATURES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))


def _content_type(head: bytes) -> str:
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"


def move_photos(apps, schema_editor):
    Shelter = apps.get_model("shelters", "Shelter")
    ShelterPhoto = apps.get_model("shelters", "ShelterPhoto")
    moved = []
    storage = None
    # Every shelter, the soft-deleted ones included: restoring a shelter should bring its photo back.
    for shelter in Shelter._base_manager.exclude(photo="").exclude(photo__isnull=True).order_by("pk").iterator():
        old = shelter.photo
        storage = old.storage
        if not storage.exists(old.name):
            print(f"\n  shelter {shelter.pk}: photo {old.name} is missing on disk, not moved")
            continue
        with storage.open(old.name, "rb") as handle:
            head = handle.read(16)
            handle.seek(0)
            name = PurePath(old.name).name
            photo = ShelterPhoto(shelter_id=shelter.pk, original_name=name[:200], content_type=_content_type(head),
                                 size=storage.size(old.name), caption="", order=1,
                                 uploaded_at=shelter.updated_at, uploaded_by=None)
            photo.file.save(name, File(handle, name=name), save=False)
        photo.save()
        moved.append(old.name)
    if moved:
        # Only once the rows are committed: a failed migration must leave the originals where they were.
        transaction.on_commit(lambda: [storage.delete(name) for name in moved], using=schema_editor.connection.alias)


def move_back(apps, schema_editor):
    """Reverse: the first photo of each shelter goes back into `Shelter.photo` (the others are lost with
    the table; their files stay in the private storage)."""
    from django.core.files.storage import default_storage

    Shelter = apps.get_model("shelters", "Shelter")
    ShelterPhoto = apps.get_model("shelters", "ShelterPhoto")
    done = set()
    for photo in ShelterPhoto._base_manager.filter(deleted_at__isnull=True).order_by("shelter_id", "order", "id"):
        if photo.shelter_id in done:
            continue
        done.add(photo.shelter_id)
        try:
            handle = photo.file.open("rb")
        except FileNotFoundError:
            continue
        with handle:
            stored = default_storage.save(f"shelters/{PurePath(photo.original_name).name}", File(handle))
        Shelter._base_manager.filter(pk=photo.shelter_id).update(photo=stored)


class Migration(migrations.Migration):

    dependencies = [
        ("shelters", "0002_shelterphoto"),
    ]

    operations = [
        migrations.RunPython(move_photos, move_back),
    ]
