"""Media of anything with an audience: re-encoded, stored under unguessable names
and served only through a view that has applied the audience.

* Uploads are decoded and saved again with Pillow in the format they claim to be
  (JPEG, PNG, WebP or GIF); anything else is refused before anything is written.
  Re-encoding drops EXIF (camera, place) and whatever a crafted file hid beside
  the pixels, and the stored extension always matches the format.
* Files are stored as ``<folder>/protected_<uuid4 hex>.<ext>``: nothing to guess,
  and one pattern the reverse proxy refuses to serve directly.
* The owning app's view checks ``can_see`` and then answers with
  :func:`protected_file_response`: behind nginx an ``X-Accel-Redirect`` to an
  ``internal`` location (``deploy/nginx/koers.conf.template``), elsewhere a plain
  ``FileResponse``.
"""

from __future__ import annotations

import io
import mimetypes
import os
import re
import uuid
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.views.static import serve
from PIL import Image, ImageOps, UnidentifiedImageError

PROTECTED_PREFIX = "protected_"
#: Pillow format -> the extension the stored file gets.
IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
#: Content types by stored extension (``mimetypes`` does not know .webp everywhere).
CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
}
#: Formats saved as another: many phone cameras write JPEGs Pillow reads as MPO.
SAVE_AS = {"MPO": "JPEG"}
#: Decoding a bigger image costs too much memory for a photo or a post picture.
MAX_IMAGE_PIXELS = 40_000_000
_PROTECTED_NAME = re.compile(r"(^|/)protected_[0-9a-f]{16,}[^/]*$")


def is_protected_name(name: str) -> bool:
    return bool(_PROTECTED_NAME.search(name or ""))


def protected_name(ext: str) -> str:
    """A fresh unguessable file name with this extension (``.png``)."""
    return f"{PROTECTED_PREFIX}{uuid.uuid4().hex}{ext}"


@deconstructible
class ProtectedUploadTo:
    """``upload_to`` for a FileField of protected media: ``<folder>/protected_<hex>.<ext>``."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        ext = os.path.splitext(filename)[1].lower()
        return f"{self.folder}/{protected_name(ext)}"

    def __eq__(self, other):
        return isinstance(other, ProtectedUploadTo) and other.folder == self.folder


class ReencodedImage(ContentFile):
    """An upload that went through :func:`reencode_image` (so it is not done twice)."""

    content_type: str = ""


def reencode_image(uploaded) -> ReencodedImage:
    """Decode ``uploaded`` and save it again in its own (allowed) format.

    Raises ``ValidationError`` with a message for the form when the file is not
    a JPEG, PNG, WebP or GIF image (PDF, TGA, PPM, PCX… whatever its name says).
    """
    if isinstance(uploaded, ReencodedImage):
        return uploaded
    refused = ValidationError(
        _("Upload a JPEG, PNG, WebP or GIF image; this file is not one of those."),
        code="image_format",
    )
    try:
        uploaded.seek(0)
        with Image.open(uploaded) as image:
            fmt = SAVE_AS.get(image.format, image.format)
            if fmt not in IMAGE_FORMATS:
                raise refused
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("The image has too many pixels; make it smaller."),
                    code="image_size",
                )
            out = io.BytesIO()
            animated = fmt in ("GIF", "WEBP") and getattr(image, "is_animated", False)
            if animated:
                image.save(out, format=fmt, save_all=True)
            else:
                clean = ImageOps.exif_transpose(image)
                keep = {
                    k: v for k, v in image.info.items() if k in ("transparency", "loop")
                }
                clean.info = keep
                if fmt == "JPEG" and clean.mode not in ("RGB", "L", "CMYK"):
                    clean = clean.convert("RGB")
                clean.save(out, format=fmt, **keep)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise refused from None
    finally:
        try:
            uploaded.seek(0)
        except (AttributeError, OSError, ValueError):
            pass
    ext = IMAGE_FORMATS[fmt]
    result = ReencodedImage(out.getvalue(), name=protected_name(ext))
    result.content_type = CONTENT_TYPES[ext]
    return result


def protected_file_response(name: str, *, storage=None) -> HttpResponse:
    """Serve a stored file the caller has already allowed the viewer to see."""
    storage = storage or default_storage
    ext = os.path.splitext(name)[1].lower()
    content_type = (
        CONTENT_TYPES.get(ext)
        or mimetypes.guess_type(name)[0]
        or "application/octet-stream"
    )
    if getattr(settings, "KOERS_MEDIA_ACCEL_REDIRECT", False):
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = quote(f"{settings.MEDIA_URL}{name}")
    else:
        try:
            response = FileResponse(storage.open(name, "rb"), content_type=content_type)
        except FileNotFoundError:
            raise Http404 from None
    # Personal to the viewer: shared caches must not keep it.
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def delete_stored_file(name: str, *, storage=None) -> None:
    """Remove a stored file if it is there (callers run this after commit)."""
    if name:
        (storage or default_storage).delete(name)


def serve_public_media(request, path: str):
    """Development only (``DEBUG``): serve MEDIA_ROOT, but never protected files."""
    if is_protected_name(path):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
