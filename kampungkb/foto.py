"""Activity photos: size limit, real image type checked with Pillow, metadata stripped."""

from __future__ import annotations

import io
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow format → (MIME type, extension). Only these are accepted, whatever the file is named.
JENIS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
MAKS_BAWAAN = 5 * 1024 * 1024


def ukuran_maks() -> int:
    """Largest accepted upload in bytes: settings.RUMAHDATAKU_FOTO_MAKS_BYTE, default 5 MB."""
    return int(getattr(settings, "RUMAHDATAKU_FOTO_MAKS_BYTE", MAKS_BAWAAN))


def periksa_foto(berkas) -> tuple[ContentFile, str]:
    """Validate an uploaded photo and return (clean file with a random name, MIME type).

    Refuses files over the size limit and anything Pillow does not read as JPEG, PNG or WebP
    (a text file renamed .jpg is refused). The image is re-encoded so camera metadata such as
    GPS coordinates of a family's house does not leave with the photo.
    """
    maks = ukuran_maks()
    if berkas.size > maks:
        raise ValidationError(
            _("Foto terlalu besar (%(u)s); paling besar %(m)s.")
            % {"u": filesizeformat(berkas.size), "m": filesizeformat(maks)}
        )
    tolak = ValidationError(_("Berkas bukan foto JPEG, PNG atau WebP yang sah."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            berkas.seek(0)
            with Image.open(berkas) as img:
                format_ = img.format
                img.verify()
            if format_ not in JENIS:
                raise tolak
            berkas.seek(0)
            with Image.open(berkas) as img:
                img.load()
                bersih = ImageOps.exif_transpose(img)
                if format_ == "JPEG" and bersih.mode not in ("RGB", "L"):
                    bersih = bersih.convert("RGB")
                keluar = io.BytesIO()
                opsi = {"quality": 90} if format_ in ("JPEG", "WEBP") else {}
                bersih.save(keluar, format=format_, **opsi)
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as e:
        raise tolak from e
    mime, ext = JENIS[format_]
    return ContentFile(keluar.getvalue(), name=f"{uuid.uuid4().hex}.{ext}"), mime
