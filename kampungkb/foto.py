"""Activity photos: size limit, real image type checked with Pillow, metadata stripped, and a
bounded decode: the pixel count is read from the header before anything is decoded, a JPEG is
decoded straight at the stored size (``Image.draft``), and the stored photo is at most
SISI_SIMPAN pixels on its longest side. Measured peak memory: docs/DEPLOY.md."""

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
# The stored format: libwebp needs 20–40 bytes a pixel to encode (measured), so a WebP photo is
# stored as a JPEG.
SIMPAN_SEBAGAI = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "JPEG"}
MAKS_BAWAAN = 5 * 1024 * 1024
# Most pixels per format, read from the header before anything is decoded (a 236 KB PNG of
# 9,000 × 9,000 took a worker to 840 MB). A JPEG is decoded at 1/2, 1/4 or 1/8 of its size
# (Image.draft), so a 40-megapixel camera photo costs about 70 MB. PNG and WebP are decoded
# whole (RGBA: 4 bytes a pixel, copied again to resize; libwebp about 20 bytes a pixel), so they
# get less. Peak memory of the worst accepted file of each kind: docs/DEPLOY.md (under 150 MB).
# A JPEG of more than one scan (progressive, or components in separate scans) is decoded with
# all its coefficients held at once (up to 6 bytes a pixel, whatever the scale): 12 megapixels.
MAKS_PIKSEL = 40_000_000
MAKS_PIKSEL_FORMAT = {
    "JPEG": MAKS_PIKSEL,
    "JPEG_SCAN": 12_000_000,
    "PNG": 8_000_000,
    "WEBP": 4_000_000,
}
NAMA_FORMAT = {"JPEG": "JPEG", "JPEG_SCAN": "JPEG progresif", "PNG": "PNG", "WEBP": "WebP"}
# Longest side of the stored photo: sharp on a phone and in the meeting pack, small on disk.
SISI_SIMPAN = 2048


def ukuran_maks() -> int:
    """Largest accepted upload in bytes: settings.RUMAHDATAKU_FOTO_MAKS_BYTE, default 5 MB."""
    return int(getattr(settings, "RUMAHDATAKU_FOTO_MAKS_BYTE", MAKS_BAWAAN))


def _angka(n: float) -> str:
    return f"{n:,.0f}".replace(",", ".")


def banyak_scan(berkas) -> int:
    """How many scans (SOS markers) a JPEG has, walking its marker segments (an EXIF thumbnail
    inside APP1 is skipped with its segment) and the entropy-coded data between them."""
    tempat = berkas.tell()
    berkas.seek(0)
    data = berkas.read()
    berkas.seek(tempat)
    i, n = 2, 0
    while i + 1 < len(data):
        if data[i] != 0xFF:
            return n
        penanda = data[i + 1]
        if penanda == 0xFF:  # fill byte
            i += 1
            continue
        if penanda == 0xD9:  # end of image
            break
        if penanda == 0x01 or 0xD0 <= penanda <= 0xD8:  # no length
            i += 2
            continue
        if i + 4 > len(data):
            break
        i += 2 + int.from_bytes(data[i + 2 : i + 4], "big")
        if penanda != 0xDA:
            continue
        n += 1
        # Entropy-coded data: up to the next marker that is not a stuffed 0xFF00 or a restart.
        j = data.find(b"\xff", i)
        while j != -1 and j + 1 < len(data) and (data[j + 1] == 0 or 0xD0 <= data[j + 1] <= 0xD7):
            j = data.find(b"\xff", j + 2)
        if j == -1:
            break
        i = j
    return n


def _periksa_piksel(format_: str, lebar: int, tinggi: int) -> None:
    """Refuse a photo by the dimensions in its header, before any pixel is decoded."""
    piksel = lebar * tinggi
    ukuran = {"l": _angka(lebar), "t": _angka(tinggi), "mp": _angka(piksel / 1_000_000)}
    if piksel > MAKS_PIKSEL:
        raise ValidationError(
            _(
                "Foto terlalu besar: %(l)s × %(t)s piksel (%(mp)s megapiksel); paling besar "
                "%(maks)s megapiksel. Kecilkan fotonya lalu unggah lagi."
            )
            % {**ukuran, "maks": _angka(MAKS_PIKSEL / 1_000_000)}
        )
    if piksel > MAKS_PIKSEL_FORMAT[format_]:
        raise ValidationError(
            _(
                "Foto %(f)s terlalu besar: %(l)s × %(t)s piksel (%(mp)s megapiksel); paling besar "
                "%(maks)s megapiksel. Simpan sebagai JPEG atau kecilkan fotonya."
            )
            % {
                **ukuran,
                "f": NAMA_FORMAT[format_],
                "maks": _angka(MAKS_PIKSEL_FORMAT[format_] / 1_000_000),
            }
        )


def periksa_foto(berkas) -> tuple[ContentFile, str]:
    """Validate an uploaded photo and return (clean file with a random name, MIME type).

    Refuses files over the size limit and anything Pillow does not read as JPEG, PNG or WebP
    (a text file renamed .jpg is refused), and too many pixels by the header alone (Pillow's
    DecompressionBombWarning is an error too). The image is re-encoded at most SISI_SIMPAN
    pixels wide or high (a WebP as a JPEG), so camera metadata such as GPS coordinates of a family's house does not
    leave with the photo.
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
                if format_ not in JENIS:
                    raise tolak
                jenis = format_
                if format_ == "JPEG" and banyak_scan(berkas) > 1:
                    jenis = "JPEG_SCAN"
                _periksa_piksel(jenis, *img.size)
                img.verify()
            berkas.seek(0)
            with Image.open(berkas) as img:
                if format_ == "JPEG":
                    # Decode at 1/2, 1/4 or 1/8 scale, the smallest still at least the stored size.
                    img.draft("RGB", (SISI_SIMPAN, SISI_SIMPAN))
                img.load()
                img.thumbnail((SISI_SIMPAN, SISI_SIMPAN))
                bersih = ImageOps.exif_transpose(img)
                simpan = SIMPAN_SEBAGAI[format_]
                if simpan == "JPEG" and bersih.mode not in ("RGB", "L"):
                    bersih = bersih.convert("RGB")
                keluar = io.BytesIO()
                opsi = {"quality": 90} if simpan == "JPEG" else {}
                bersih.save(keluar, format=simpan, **opsi)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        # Pillow's own guard (from about 89 megapixels), met when the header is read.
        raise ValidationError(
            _(
                "Foto terlalu besar: lebih dari %(maks)s megapiksel. Kecilkan fotonya lalu unggah lagi."
            )
            % {"maks": _angka(MAKS_PIKSEL / 1_000_000)}
        ) from e
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
    ) as e:
        raise tolak from e
    mime, ext = JENIS[simpan]
    return ContentFile(keluar.getvalue(), name=f"{uuid.uuid4().hex}.{ext}"), mime
