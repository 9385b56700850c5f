"""Uploaded files no web server may serve (plan attachments, drill files, photos of shelters, hazards and
incident reports): kept beside MEDIA_ROOT, never inside it, under random names with no URL, handed out only
by views that check the user may see the record; recognised by their first bytes, never by the name or
declared type. Photos are stored upright and without their metadata, and served small on request."""

from __future__ import annotations

import io
import os
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePath

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from yingji.core.exceptions import ApplicationError

THUMBNAIL_PIXELS = 480  # the long side of a gallery or page thumbnail; a phone screen's width


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files in `<MEDIA_ROOT's parent>/<folder>`, or in the folder the setting `root_setting` names when it
    is set. Read from settings on every use, so tests and deployments move it without a migration."""

    def __init__(self, folder: str, root_setting: str = ""):
        super().__init__(base_url=None)
        self.folder, self.root_setting = folder, root_setting

    @property
    def base_location(self):
        configured = getattr(settings, self.root_setting, "") if self.root_setting else ""
        return configured or str(Path(settings.MEDIA_ROOT).parent / self.folder)

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):
        raise ValueError(f"files in {self.folder} are served only through a permission-checked view")

    def _save(self, name, content):
        return super()._save(name, without_metadata(content))


def random_name(folder: str, filename: str) -> str:
    """A stored name under `folder` keeping only the (lower-case) extension: the uploader's file name
    never reaches the file system."""
    return f"{folder}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:6]}"


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extensions: tuple[str, ...]
    magic: tuple[tuple[int, bytes], ...]  # (offset, bytes) that must all be found in the file's head

    def matches(self, head: bytes) -> bool:
        return all(head[offset:offset + len(mark)] == mark for offset, mark in self.magic)


JPEG = FileKind("image/jpeg", (".jpg", ".jpeg"), ((0, b"\xff\xd8\xff"),))
PNG = FileKind("image/png", (".png",), ((0, b"\x89PNG\r\n\x1a\n"),))
WEBP = FileKind("image/webp", (".webp",), ((0, b"RIFF"), (8, b"WEBP")))
PDF = FileKind("application/pdf", (".pdf",), ((0, b"%PDF-"),))
PHOTOS = (JPEG, PNG, WEBP)
PHOTO_EXTENSIONS = tuple(extension for kind in PHOTOS for extension in kind.extensions)
HEAD_BYTES = 16


def sniff(upload, kinds: tuple[FileKind, ...]) -> FileKind | None:
    """Which of `kinds` the upload is by its first bytes (the read position is left at the start)."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return next((kind for kind in kinds if kind.matches(head)), None)


def is_new_upload(value) -> bool:
    """A file sent with this request (not the name of one already stored, as when a public report becomes a
    hazard and hands on its photo)."""
    return isinstance(value, File) and not getattr(value, "_committed", False)


@contextmanager
def removed_on_failure(record, field: str, uploaded: bool = True):
    """The record's save() writes its file before the row; if anything after fails, the transaction rolls
    the row back and this removes the file, so nothing is left behind."""
    try:
        yield
    except BaseException:
        stored = getattr(record, field)
        if uploaded and stored.name and stored._committed:
            stored.storage.delete(stored.name)
        raise


def check_photo(upload, *, max_bytes: int, field: str = "photo") -> str:
    """The content type of `upload` if it is a JPEG, PNG or WebP photo of at most `max_bytes`, judged by
    its first bytes: a renamed executable or document is refused whatever its name or declared type says.
    Refusals name the file and are errors of `field`."""
    name = PurePath(getattr(upload, "name", "") or "").name
    suffix = PurePath(name).suffix.lower()

    def refuse(message, code):
        return ApplicationError(message, code=code, field_errors={field: [message]})

    if suffix not in PHOTO_EXTENSIONS:
        raise refuse(_("“%(name)s”不是照片：只能上传 JPEG、PNG 或 WebP 图片。") % {"name": name}, "bad_type")
    if upload.size > max_bytes:
        raise refuse(_("“%(name)s”太大：每张照片不能超过 %(mb)d MB。") % {
            "name": name, "mb": max_bytes // (1024 * 1024)}, "too_big")
    kind = sniff(upload, PHOTOS)
    if kind is None:
        raise refuse(_("“%(name)s”的内容不是 JPEG、PNG 或 WebP 图片，未上传。") % {"name": name}, "bad_content")
    if suffix not in kind.extensions:
        raise refuse(_("“%(name)s”的扩展名与文件内容不符，未上传。") % {"name": name}, "bad_extension")
    return kind.content_type


def _opened(field_file):
    if not field_file:
        raise Http404
    try:
        return field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None


def _guarded(response: FileResponse) -> FileResponse:
    """Never sniffed into another type, never run as a page (an SVG or HTML smuggled in stays inert)."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def serve_private(field_file, *, content_type: str, filename: str, as_attachment: bool = False,
                  small: bool = False) -> FileResponse:
    """A stored private file, for a view that has already checked the user may see its record; a file
    gone from the disk is a 404 like any record out of reach. `small`: a photo's thumbnail instead."""
    if small and field_file and (thumbnail := _thumbnail_response(field_file, PurePath(filename).stem)):
        return thumbnail
    return _guarded(FileResponse(_opened(field_file), content_type=content_type, as_attachment=as_attachment,
                                 filename=filename))


def _kept_suffix(name: str) -> str:
    """The stored file's extension for a download (a legacy HEIC stays .heic), if it is a plain one."""
    suffix = PurePath(name).suffix.lower()
    return suffix if suffix[1:].isalnum() and suffix.isascii() else ".bin"


def serve_photo(field_file, stem: str, *, small: bool = False) -> FileResponse:
    """A stored photo named `stem` plus its extension, shown inline as the image type its first bytes say
    it is (`small`: its thumbnail). Anything else (a file moved from the old public folder that is no JPEG,
    PNG or WebP) is only offered as a download, never rendered."""
    handle = _opened(field_file)
    kind = sniff(handle, PHOTOS)
    if kind is not None and small and (thumbnail := _thumbnail_response(field_file, stem)):
        handle.close()
        return thumbnail
    if kind is None:
        return _guarded(FileResponse(handle, content_type="application/octet-stream", as_attachment=True,
                                     filename=f"{stem}{_kept_suffix(field_file.name)}"))
    return _guarded(FileResponse(handle, content_type=kind.content_type, filename=f"{stem}{kind.extensions[0]}"))


_PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
_UNREADABLE = (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError)


def without_metadata(content):
    """A photo as it is stored: turned upright by its EXIF orientation, then written again without its
    metadata — a phone photo's EXIF carries the GPS position, the time and the device, which an anonymous
    hazard report must not hand on. Anything that is not a readable JPEG, PNG or WebP is stored as given."""
    kind = sniff(content, PHOTOS)
    if kind is None:
        return content
    buffer = io.BytesIO()
    try:
        with Image.open(content) as image:
            icc_profile = image.info.get("icc_profile")
            upright = ImageOps.exif_transpose(image)
            options = {"quality": 90} if kind.content_type != "image/png" else {"optimize": True}
            if icc_profile:
                options["icc_profile"] = icc_profile
            upright.save(buffer, format=_PILLOW_FORMATS[kind.content_type], **options)
    except _UNREADABLE:
        content.seek(0)
        return content
    return ContentFile(buffer.getvalue(), name=getattr(content, "name", None))


def thumbnail_path(storage: PrivateStorage, name: str) -> Path | None:
    """A small WebP rendering of the stored photo `name`, made on the first request and kept beside it
    (under thumbs/); None when the photo cannot be read as an image."""
    path = Path(storage.path(f"thumbs/{name}.webp"))
    if path.exists():
        return path
    try:
        with storage.open(name, "rb") as source, Image.open(source) as image:
            small = ImageOps.exif_transpose(image)
            small.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
            small = small.convert("RGBA" if "A" in small.getbands() else "RGB")
    except (*_UNREADABLE, FileNotFoundError):
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{uuid.uuid4().hex}.part")
    small.save(partial, "WEBP", quality=80)
    os.replace(partial, path)  # two first requests at once both write; the rename keeps one whole file
    return path


def wants_small(request) -> bool:
    """`?size=small` asks a photo view for the thumbnail (pages and galleries); the link opens the photo."""
    return request.GET.get("size") == "small"


def _thumbnail_response(field_file, stem: str) -> FileResponse | None:
    path = thumbnail_path(field_file.storage, field_file.name)
    if path is None:
        return None
    return _guarded(FileResponse(path.open("rb"), content_type="image/webp", filename=f"{stem}-small.webp"))
