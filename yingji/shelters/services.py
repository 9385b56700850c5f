"""Writes for shelters: one path each for registering, editing, the occupancy during an event, deletion,
and adding or removing photos."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.audit.services import audited_create, audited_restore, audited_soft_delete, audited_update
from yingji.core import files
from yingji.core.exceptions import ApplicationError
from yingji.shelters import rules
from yingji.shelters.models import Shelter, ShelterPhoto
from yingji.shelters.rules import Status


def shelter_create(*, actor, data: dict) -> Shelter:
    return audited_create(actor=actor, obj=Shelter(**data))


def shelter_update(*, actor, obj: Shelter, data: dict) -> Shelter:
    return audited_update(actor=actor, obj=obj, data=data)


@transaction.atomic
def set_occupancy(*, actor, shelter: Shelter, status: str, occupancy: int) -> Shelter:
    """Open, update or close a shelter during an event. Closing with people still inside is refused."""
    if status != Status.IN_USE and occupancy:
        raise ApplicationError(_("仍有人员安置时不能关闭或设为可用，请先将安置人数改为 0。"),
                               field_errors={"occupancy": [_("只有启用中的场所才有安置人数。")]})
    return audited_update(actor=actor, obj=shelter, data={"status": status, "occupancy": occupancy})


def soft_delete(*, actor, obj):
    return audited_soft_delete(actor=actor, obj=obj)


def restore(*, actor, obj):
    return audited_restore(actor=actor, obj=obj)


# Photos ------------------------------------------------------------------------------------------


def _photo_error(message, code: str) -> ApplicationError:
    return ApplicationError(message, code=code, field_errors={"file": [message]})


def check_photo(upload) -> str:
    return files.check_photo(upload, max_bytes=rules.PHOTO_MAX_BYTES, field="file")


def photos_add(*, actor, shelter: Shelter, uploads: Sequence, caption: str = "") -> list[ShelterPhoto]:
    """Add several photos at once, all or none: every file is checked before any is stored, and files
    already written are removed again if the transaction fails."""
    if not uploads:
        raise _photo_error(_("请选择要上传的照片。"), "required")
    content_types = [check_photo(upload) for upload in uploads]
    created: list[ShelterPhoto] = []
    try:
        with transaction.atomic():
            # The lock serialises two uploads to one shelter, so the limit holds under concurrency.
            locked = Shelter.all_objects.select_for_update().get(pk=shelter.pk)
            alive = locked.photos.all()
            if alive.count() + len(uploads) > rules.PHOTOS_PER_SHELTER:
                raise _photo_error(_("每处避难场所最多 %(n)d 张照片，现有 %(have)d 张。") % {
                    "n": rules.PHOTOS_PER_SHELTER, "have": alive.count()}, "too_many")
            order = (ShelterPhoto.all_objects.filter(shelter=locked).aggregate(m=Max("order"))["m"] or 0) + 1
            uploader = actor if getattr(actor, "is_authenticated", False) else None
            for offset, (upload, content_type) in enumerate(zip(uploads, content_types, strict=True)):
                photo = ShelterPhoto(shelter=locked, original_name=PurePath(upload.name).name[:200],
                                     content_type=content_type, caption=caption.strip(),
                                     order=order + offset, uploaded_at=timezone.now(), uploaded_by=uploader)
                created.append(photo)
                photo.file.save(upload.name, upload, save=False)
                # What was stored, not what was sent: photos are written again without their metadata.
                photo.size = photo.file.size
                audited_create(actor=actor, obj=photo)
    except BaseException:
        for photo in created:
            if getattr(photo.file, "_committed", False) and photo.file.name:  # written by save()
                photo.file.storage.delete(photo.file.name)
        raise
    return created


def photo_delete(*, actor, photo: ShelterPhoto) -> ShelterPhoto:
    """Soft delete, as for every record: the file stays, so the deletion can be undone from the audit trail."""
    return audited_soft_delete(actor=actor, obj=photo)
