from decimal import Decimal

import factory
from django.core.files.base import ContentFile

from yingji.shelters.models import Shelter, ShelterPhoto
from yingji.shelters.rules import Kind

# The smallest files each check accepts: the signature is what counts, not a decodable picture.
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 64
WEBP = b"RIFF\x24\0\0\0WEBPVP8 " + b"\0" * 64


class ShelterFactory(factory.django.DjangoModelFactory):
    """An open square of 1,500 m² effective area: 999 people at more than 1.5 m² each."""

    class Meta:
        model = Shelter

    name = factory.Sequence(lambda n: f"应急避难点{n}")
    kind = Kind.SQUARE
    total_area = Decimal("2000")
    effective_area = Decimal("1500")
    capacity = 999
    address = "村委会广场"


def shelter_photo(shelter: Shelter, *, name: str = "大门.png", data: bytes = PNG, order: int = 1,
                  caption: str = "") -> ShelterPhoto:
    """A stored photo of `shelter` (in the private photo storage), without going through the service."""
    photo = ShelterPhoto(shelter=shelter, original_name=name, content_type="image/png", size=len(data),
                         order=order, caption=caption)
    photo.file.save(name, ContentFile(data), save=True)
    return photo
