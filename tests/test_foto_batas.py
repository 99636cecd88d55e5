"""Bounded photos (issue 13, item 4): a small file of huge dimensions is refused from its header,
before any pixel is decoded; a JPEG is decoded straight at the stored size (Image.draft).

The hostile files are generated here, row by row, so the test never holds their pixels: a PNG of
9,000 × 9,000 RGBA pixels is 324 MB decoded and a few hundred KB on disk.
"""

# Fixtures are imported from the module that defines them; pytest injects them by name.
# ruff: noqa: F811

import io
import struct
import zlib
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from kampungkb import foto
from kampungkb.foto import periksa_foto
from kampungkb.models import FotoKegiatan
from tests.test_definisi import desa_kecil  # noqa: F401
from tests.test_kampungkb import desa, orang  # noqa: F401
from tests.test_kampungkb_foto import kegiatan, media, unggah  # noqa: F401


def _potongan(jenis: bytes, isi: bytes) -> bytes:
    return struct.pack(">I", len(isi)) + jenis + isi + struct.pack(">I", zlib.crc32(jenis + isi))


def png_besar(lebar: int, tinggi: int, *, baris: int | None = None) -> bytes:
    """A valid 8-bit RGBA PNG of zeros, compressed row by row (``baris``: stop after that many
    rows, a file whose header alone is what matters)."""
    z = zlib.compressobj(9)
    satu = b"\x00" * (1 + 4 * lebar)  # filter byte + RGBA
    data = b"".join(z.compress(satu) for _ in range(tinggi if baris is None else baris))
    data += z.flush()
    ihdr = struct.pack(">IIBBBBB", lebar, tinggi, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _potongan(b"IHDR", ihdr)
        + _potongan(b"IDAT", data)
        + _potongan(b"IEND", b"")
    )


def berkas(isi: bytes, nama="foto.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, isi, content_type="application/octet-stream")


@pytest.fixture(scope="module")
def png_9000():
    return png_besar(9000, 9000)


def test_a_9000_by_9000_png_is_refused_before_decoding(png_9000):
    assert len(png_9000) < 1024 * 1024  # a small file: the size limit does not catch it
    with (
        mock.patch.object(ImageFile.ImageFile, "load", side_effect=AssertionError("decoded")),
        mock.patch.object(Image.Image, "verify", side_effect=AssertionError("verified")),
        pytest.raises(ValidationError) as e,
    ):
        periksa_foto(berkas(png_9000))
    assert e.value.messages == [
        "Foto terlalu besar: 9.000 × 9.000 piksel (81 megapiksel); paling besar 40 megapiksel. "
        "Kecilkan fotonya lalu unggah lagi."
    ]


def test_a_9000_by_9000_png_upload_shows_the_indonesian_message_and_stores_nothing(
    client, kegiatan, orang, png_9000
):
    client.force_login(orang["kader"])
    r = unggah(client, kegiatan, png_9000, "bom.png", "image/png")
    assert "9.000 × 9.000 piksel" in r.content.decode()
    assert not FotoKegiatan.objects.exists()


def test_a_header_past_pillows_own_bomb_guard_is_refused_with_the_size_message():
    # 20,000 × 20,000 = 400 megapixels: Pillow's DecompressionBombError when the header is read.
    with pytest.raises(ValidationError) as e:
        periksa_foto(berkas(png_besar(20000, 20000, baris=1)))
    assert e.value.messages == [
        "Foto terlalu besar: lebih dari 40 megapiksel. Kecilkan fotonya lalu unggah lagi."
    ]


def test_a_png_over_8_megapixels_is_refused_but_a_jpeg_of_that_size_is_stored_smaller():
    with pytest.raises(ValidationError) as e:
        periksa_foto(berkas(png_besar(5000, 4000, baris=1)))
    assert e.value.messages == [
        "Foto PNG terlalu besar: 5.000 × 4.000 piksel (20 megapiksel); paling besar 8 "
        "megapiksel. Simpan sebagai JPEG atau kecilkan fotonya."
    ]
    buf = io.BytesIO()
    Image.new("RGB", (5000, 4000), (10, 120, 40)).save(buf, format="JPEG")
    bersih, mime = periksa_foto(berkas(buf.getvalue(), "foto.jpg"))
    assert mime == "image/jpeg"
    assert Image.open(bersih).size == (2048, 1638)  # 5000 × 4000 scaled to 2048 on its long side


def test_a_large_jpeg_is_decoded_at_a_reduced_scale_not_whole():
    buf = io.BytesIO()
    Image.new("RGB", (6000, 4500), (10, 120, 40)).save(buf, format="JPEG")
    ukuran_dekode = []
    asli = Image.Image.thumbnail

    def catat(self, *a, **kw):
        ukuran_dekode.append(self.size)  # right after load(): the decoded size
        return asli(self, *a, **kw)

    with mock.patch.object(Image.Image, "thumbnail", catat):
        bersih, _mime = periksa_foto(berkas(buf.getvalue(), "foto.jpg"))
    # min(6000 // 2048, 4500 // 2048) = 2: decoded at half size, 3000 × 2250 (not 27 megapixels).
    assert ukuran_dekode == [(3000, 2250)]
    assert Image.open(bersih).size == (2048, 1536)


def test_a_photo_within_the_stored_size_keeps_its_size():
    buf = io.BytesIO()
    Image.new("RGB", (1600, 1200), (10, 120, 40)).save(buf, format="PNG")
    bersih, mime = periksa_foto(berkas(buf.getvalue()))
    assert mime == "image/png" and Image.open(bersih).size == (1600, 1200)


def test_a_webp_over_4_megapixels_is_refused_and_a_smaller_one_is_stored_as_jpeg():
    buf = io.BytesIO()
    Image.new("RGB", (2100, 2000), (10, 120, 40)).save(buf, format="WEBP")
    with pytest.raises(ValidationError) as e:
        periksa_foto(berkas(buf.getvalue(), "foto.webp"))
    assert e.value.messages[0].startswith(
        "Foto WebP terlalu besar: 2.100 × 2.000 piksel (4 megapiksel); paling besar 4 megapiksel."
    )
    buf = io.BytesIO()
    Image.new("RGBA", (1000, 800), (10, 120, 40, 128)).save(buf, format="WEBP")
    bersih, mime = periksa_foto(berkas(buf.getvalue(), "foto.webp"))
    assert mime == "image/jpeg" and bersih.name.endswith(".jpg")
    assert Image.open(bersih).format == "JPEG" and Image.open(bersih).size == (1000, 800)


def _jpeg(ukuran, **opsi) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", ukuran, (10, 120, 40)).save(buf, format="JPEG", **opsi)
    return buf.getvalue()


def test_a_progressive_jpeg_over_12_megapixels_is_refused_as_its_coefficients_are_held_whole():
    # libjpeg holds every coefficient of a multi-scan JPEG whatever the draft scale: a 40 MP
    # progressive file took 269 MB. 4,000 × 3,200 = 12.8 megapixels.
    isi = _jpeg((4000, 3200), progressive=True)
    assert foto.banyak_scan(io.BytesIO(isi)) > 1
    with pytest.raises(ValidationError) as e:
        periksa_foto(berkas(isi, "foto.jpg"))
    assert e.value.messages[0].startswith(
        "Foto JPEG progresif terlalu besar: 4.000 × 3.200 piksel (13 megapiksel); paling besar "
        "12 megapiksel."
    )
    bersih, _mime = periksa_foto(berkas(_jpeg((1600, 1200), progressive=True), "foto.jpg"))
    assert Image.open(bersih).size == (1600, 1200)


def test_a_camera_jpeg_with_an_exif_thumbnail_counts_as_one_scan():
    """The thumbnail inside APP1 has its own scan; it is skipped with its segment."""
    gambar_kecil = _jpeg((16, 12))
    app1 = b"Exif\x00\x00" + gambar_kecil
    isi = _jpeg((40, 30))
    isi = isi[:2] + b"\xff\xe1" + (len(app1) + 2).to_bytes(2, "big") + app1 + isi[2:]
    assert Image.open(io.BytesIO(isi)).size == (40, 30)
    assert foto.banyak_scan(io.BytesIO(isi)) == 1
    assert foto.banyak_scan(io.BytesIO(_jpeg((40, 30), progressive=True))) > 1


def test_the_limits_per_format_and_the_stored_size():
    assert foto.MAKS_PIKSEL_FORMAT == {
        "JPEG": 40_000_000,
        "JPEG_SCAN": 12_000_000,
        "PNG": 8_000_000,
        "WEBP": 4_000_000,
    }
    assert foto.SISI_SIMPAN == 2048
