"""Private files: photos are stored upright and without their metadata (an anonymous reporter's phone
writes its GPS position into every photo), other files byte for byte; thumbnails are small WebP files."""

import io

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from yingji.core.files import THUMBNAIL_PIXELS, PrivateStorage, thumbnail_path

GPS_IFD, ORIENTATION, MAKE = 0x8825, 0x0112, 0x010F


def phone_photo(width=64, height=32, orientation=6) -> bytes:
    """A JPEG as a phone writes it: stored sideways with an orientation tag, the camera and a GPS position."""
    exif = Image.Exif()
    exif[ORIENTATION], exif[MAKE] = orientation, "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (35.0, 39.0, 58.0), 3: "E", 4: (103.0, 23.0, 41.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_a_photo_is_stored_upright_without_position_or_device(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    storage = PrivateStorage("test-photos")
    original = phone_photo()
    assert Image.open(io.BytesIO(original)).getexif()[GPS_IFD]
    name = storage.save("a/photo.jpg", SimpleUploadedFile("photo.jpg", original, content_type="image/jpeg"))
    with storage.open(name) as stored, Image.open(stored) as image:
        exif = image.getexif()
        assert (image.format, image.size) == ("JPEG", (32, 64))  # orientation 6: turned a quarter upright
        assert GPS_IFD not in exif and MAKE not in exif and ORIENTATION not in exif


def test_png_text_chunks_are_dropped_and_other_files_are_stored_as_given(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    storage = PrivateStorage("test-photos")
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "拍摄者：张三 13900000000")
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG", pnginfo=info)
    name = storage.save("a/photo.png", ContentFile(buffer.getvalue(), name="photo.png"))
    with storage.open(name) as stored:
        assert b"13900000000" not in stored.read()
    pdf = b"%PDF-1.7\n% an attachment, not a photo\n"
    assert storage.open(storage.save("a/plan.pdf", ContentFile(pdf, name="plan.pdf"))).read() == pdf
    broken = b"\xff\xd8\xff\xe0 not really a JPEG"
    assert storage.open(storage.save("a/broken.jpg", ContentFile(broken, name="broken.jpg"))).read() == broken


def test_a_thumbnail_is_a_small_webp_made_once(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")

    storage = PrivateStorage("test-photos")
    name = storage.save("a/big.jpg", ContentFile(phone_photo(2000, 1000, orientation=1), name="big.jpg"))
    path = thumbnail_path(storage, name)
    with Image.open(path) as small:
        assert small.format == "WEBP" and max(small.size) == THUMBNAIL_PIXELS and small.size[0] > small.size[1]
    made = path.stat().st_mtime_ns
    assert thumbnail_path(storage, name) == path and path.stat().st_mtime_ns == made
    broken = storage.save("a/broken.jpg", ContentFile(b"\xff\xd8\xff\xe0 junk", name="broken.jpg"))
    assert thumbnail_path(storage, broken) is None
