"""Activity photos: real image types only, size limit, metadata stripped, gated streaming."""

# Fixtures are imported from the module that defines them; pytest injects them by name.
# ruff: noqa: F811

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kampungkb import services
from kampungkb.foto import ukuran_maks
from kampungkb.models import FotoKegiatan
from tests.test_definisi import desa_kecil  # noqa: F401
from tests.test_kampungkb import desa, orang  # noqa: F401


def gambar(format_="JPEG", ukuran=(40, 30), exif=None) -> bytes:
    buf = io.BytesIO()
    img = Image.new("RGB", ukuran, (200, 30, 60))
    opsi = {"exif": exif} if exif is not None else {}
    img.save(buf, format=format_, **opsi)
    return buf.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def kegiatan(desa):
    return services.rencanakan_kegiatan(
        desa=desa,
        data={
            "judul": "Senam lansia",
            "kategori": "sosial_budaya",
            "bulan_rencana": dt.date(2026, 10, 1),
        },
        wilayah=f"rt:{desa.rt1.pk}",
        oleh=None,
    )


def unggah(client, kegiatan, isi: bytes, nama: str, jenis="image/jpeg"):
    return client.post(
        reverse("kampungkb:foto_unggah", args=[kegiatan.pk]),
        {"berkas": SimpleUploadedFile(nama, isi, content_type=jenis), "keterangan": "Kegiatan"},
        follow=True,
    )


@pytest.mark.parametrize(
    ("format_", "mime", "disimpan"),
    [("JPEG", "image/jpeg", "JPEG"), ("PNG", "image/png", "PNG"), ("WEBP", "image/jpeg", "JPEG")],
)
def test_a_real_jpeg_png_or_webp_is_stored_and_streamed_to_allowed_users(
    client,
    kegiatan,
    orang,
    media,
    format_,
    mime,
    disimpan,
):
    """A WebP is stored as a JPEG (kampungkb/foto.py: libwebp's encoder is memory-hungry)."""
    client.force_login(orang["kader"])
    r = unggah(client, kegiatan, gambar(format_), "foto.bin", "application/octet-stream")
    assert "Foto tersimpan" in r.content.decode()
    foto = FotoKegiatan.objects.get()
    assert foto.jenis_mime == mime
    assert str(media) in foto.berkas.path and foto.berkas.name.startswith("kampungkb/foto/")
    r = client.get(reverse("kampungkb:foto", args=[foto.pk]))
    assert r.status_code == 200 and r["Content-Type"] == mime
    assert r["Cache-Control"] == "no-store"
    isi = b"".join(r.streaming_content)
    assert Image.open(io.BytesIO(isi)).format == disimpan


def test_a_text_file_renamed_jpg_is_refused(client, kegiatan, orang):
    client.force_login(orang["admin"])
    r = unggah(client, kegiatan, b"bukan gambar, hanya teks\n" * 20, "foto.jpg")
    assert "bukan foto JPEG, PNG atau WebP" in r.content.decode()
    assert not FotoKegiatan.objects.exists()


def test_an_image_of_another_type_is_refused(client, kegiatan, orang):
    client.force_login(orang["admin"])
    r = unggah(client, kegiatan, gambar("GIF"), "foto.jpg")
    assert "bukan foto JPEG, PNG atau WebP" in r.content.decode()
    assert not FotoKegiatan.objects.exists()


def test_an_oversized_photo_is_refused(client, kegiatan, orang, settings):
    settings.RUMAHDATAKU_FOTO_MAKS_BYTE = 2000
    besar = Image.effect_noise((200, 200), 80).convert("RGB")
    buf = io.BytesIO()
    besar.save(buf, format="PNG")
    isi = buf.getvalue()
    assert len(isi) > 2000
    client.force_login(orang["admin"])
    r = unggah(client, kegiatan, isi, "foto.png", "image/png")
    assert "Foto terlalu besar" in r.content.decode()
    assert not FotoKegiatan.objects.exists()


def test_the_default_limit_is_5_mb(settings):
    if hasattr(settings, "RUMAHDATAKU_FOTO_MAKS_BYTE"):
        del settings.RUMAHDATAKU_FOTO_MAKS_BYTE
    assert ukuran_maks() == 5 * 1024 * 1024


def test_camera_metadata_such_as_gps_does_not_leave_with_the_photo(kegiatan):
    exif = Image.Exif()
    exif[0x010F] = "KameraDesa"  # Make
    exif[0x8825] = {1: "S", 2: (6.0, 53.0, 0.0)}  # GPS IFD
    isi = gambar("JPEG", exif=exif.tobytes())
    assert Image.open(io.BytesIO(isi)).getexif()
    foto = services.unggah_foto(
        kegiatan=kegiatan, berkas=SimpleUploadedFile("a.jpg", isi), keterangan="", oleh=None
    )
    with foto.berkas.open("rb") as fh:
        assert not Image.open(fh).getexif()


def test_photo_access_login_kepala_desa_kecamatan_and_another_desa(client, kegiatan, orang):
    foto = services.unggah_foto(
        kegiatan=kegiatan,
        berkas=SimpleUploadedFile("a.png", gambar("PNG")),
        keterangan="",
        oleh=None,
    )
    url = reverse("kampungkb:foto", args=[foto.pk])
    r = client.get(url)
    assert r.status_code == 302 and reverse("login") in r["Location"]
    for nama, status in [
        ("kepala_desa", 200),
        ("admin", 200),
        ("operator", 200),
        ("kader_rt2", 200),  # photos: every kader of the desa (ROLES.md)
        ("penyuluh", 200),
        ("kecamatan", 403),
        ("tanpa_peran", 403),
        ("admin_lain", 404),
    ]:
        client.force_login(orang[nama])
        assert client.get(url).status_code == status, nama
    # No public URL: MEDIA_URL is not served.
    client.force_login(orang["admin"])
    assert client.get("/media/" + foto.berkas.name).status_code == 404


def test_the_kepala_desa_sees_photos_in_the_gallery_but_cannot_upload(client, kegiatan, orang):
    services.unggah_foto(
        kegiatan=kegiatan,
        berkas=SimpleUploadedFile("a.png", gambar("PNG")),
        keterangan="Senam",
        oleh=None,
    )
    client.force_login(orang["kepala_desa"])
    r = client.get(reverse("kampungkb:galeri", args=[kegiatan.desa.kode]))
    assert r.status_code == 200 and "Senam" in r.content.decode()
    r = client.post(
        reverse("kampungkb:foto_unggah", args=[kegiatan.pk]),
        {"berkas": SimpleUploadedFile("b.png", gambar("PNG"))},
    )
    assert r.status_code == 403


def test_deleting_a_photo_removes_its_file(
    client, kegiatan, orang, django_capture_on_commit_callbacks
):
    foto = services.unggah_foto(
        kegiatan=kegiatan,
        berkas=SimpleUploadedFile("a.png", gambar("PNG")),
        keterangan="",
        oleh=None,
    )
    jalur = foto.berkas.path
    client.force_login(orang["kader"])
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("kampungkb:foto_hapus", args=[foto.pk]))
    assert r.status_code == 302
    assert not FotoKegiatan.objects.exists()
    assert not Path(jalur).exists()
