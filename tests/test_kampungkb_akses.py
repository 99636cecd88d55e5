"""Every Kampung KB view through the gate: anonymous → login, role without the capability → 403,
another desa → 404, allowed roles pass; mutations are POST only. Expectations come from MATRIKS."""

# Fixtures are imported from the module that defines them; pytest injects them by name.
# ruff: noqa: F811

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kampungkb import services
from kampungkb.models import RapatDetail
from keluarga.akses import MATRIKS, K, Peran
from laporan.models import PeriodeBulan, RapatBulanan
from tests.test_definisi import desa_kecil  # noqa: F401
from tests.test_kampungkb import buat_profil, desa, orang  # noqa: F401

PERAN = {
    "admin": Peran.ADMIN_DESA,
    "operator": Peran.OPERATOR,
    "kader": Peran.KADER,
    "penyuluh": Peran.PENYULUH,
    "kepala_desa": Peran.KEPALA_DESA,
    "kecamatan": Peran.KECAMATAN,
    "tanpa_peran": None,
}

# (url name, args from the fixture objects, method, capability, destructive)
VIEWS = [
    ("pilih", lambda o: [], "get", K.LIHAT_LAPORAN, False),
    ("desa", lambda o: [o["kode"]], "get", K.LIHAT_LAPORAN, False),
    ("profil", lambda o: [o["kode"]], "get", K.LIHAT_LAPORAN, False),
    ("profil_ubah", lambda o: [o["kode"]], "get", K.KELOLA_DESA, False),
    ("profil_ubah", lambda o: [o["kode"]], "post", K.KELOLA_DESA, False),
    ("pokja_tambah", lambda o: [o["kode"]], "get", K.KELOLA_DESA, False),
    ("pokja_ubah", lambda o: [o["pokja"]], "get", K.KELOLA_DESA, False),
    ("pokja_hapus", lambda o: [o["pokja"]], "post", K.KELOLA_DESA, True),
    ("potensi", lambda o: [o["kode"]], "get", K.LIHAT_LAPORAN, False),
    ("potensi_ubah", lambda o: [o["kode"], 2026], "get", K.KELOLA_DESA, False),
    ("kegiatan_daftar", lambda o: [o["kode"]], "get", K.KEGIATAN, False),
    ("kegiatan_baru", lambda o: [o["kode"]], "get", K.KEGIATAN, False),
    ("kegiatan", lambda o: [o["kegiatan"]], "get", K.KEGIATAN, False),
    ("kegiatan_ubah", lambda o: [o["kegiatan"]], "get", K.KEGIATAN, False),
    ("kegiatan_realisasi", lambda o: [o["kegiatan"]], "post", K.KEGIATAN, False),
    ("kegiatan_centang", lambda o: [o["kegiatan"]], "post", K.KEGIATAN, False),
    ("foto_unggah", lambda o: [o["kegiatan"]], "post", K.KEGIATAN, False),
    ("foto", lambda o: [o["foto"]], "get", K.FOTO_KEGIATAN, False),
    ("foto_hapus", lambda o: [o["foto"]], "post", K.KEGIATAN, True),
    ("galeri", lambda o: [o["kode"]], "get", K.FOTO_KEGIATAN, False),
    ("rapat", lambda o: [o["kode"], "2026-10"], "get", K.LIHAT_LAPORAN, False),
    ("rapat_simpan", lambda o: [o["kode"], "2026-10"], "post", K.TUTUP_BULAN, False),
    ("rapat_agenda", lambda o: [o["kode"], "2026-10"], "post", K.TUTUP_BULAN, False),
    ("notulen", lambda o: [o["kode"], "2026-10"], "get", K.LIHAT_LAPORAN, False),
    ("notulen_txt", lambda o: [o["kode"], "2026-10"], "get", K.LIHAT_LAPORAN, False),
]

# Mutations without a form page of their own: POST only.
POST_SAJA = {
    "pokja_hapus",
    "kegiatan_realisasi",
    "kegiatan_centang",
    "foto_unggah",
    "foto_hapus",
    "rapat_simpan",
    "rapat_agenda",
}


def _boleh(peran, kemampuan: K) -> bool:
    if peran is None:
        return False
    if kemampuan == K.LIHAT_LAPORAN and peran == Peran.KECAMATAN:
        return False  # a kecamatan sees its villages only aggregated: no single-desa page
    return peran in MATRIKS[kemampuan]


@pytest.fixture
def objek(desa, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    profil = buat_profil(desa)
    pokja = services.simpan_pokja(
        profil=profil, data={"nama": "Siti", "jabatan": "ketua"}, oleh=None
    )
    kegiatan = services.rencanakan_kegiatan(
        desa=desa,
        data={
            "judul": "Posyandu remaja",
            "kategori": "reproduksi",
            "bulan_rencana": dt.date(2026, 10, 1),
        },
        wilayah=f"rt:{desa.rt1.pk}",
        oleh=None,
    )
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, format="PNG")
    foto = services.unggah_foto(
        kegiatan=kegiatan,
        berkas=SimpleUploadedFile("a.png", buf.getvalue()),
        keterangan="",
        oleh=None,
    )
    # The meeting recorded directly, with a short stored agenda (the report is tested elsewhere).
    periode = PeriodeBulan.objects.create(desa=desa, bulan=dt.date(2026, 10, 1))
    rapat = RapatBulanan.objects.create(
        periode=periode, tanggal=dt.date(2026, 11, 3), tempat="Balai", peserta="A\nB"
    )
    RapatDetail.objects.create(rapat=rapat, agenda={"bulan": "2026-10", "label": "Oktober 2026"})
    return {"kode": desa.kode, "pokja": pokja.pk, "kegiatan": kegiatan.pk, "foto": foto.pk}


@pytest.mark.parametrize(
    ("nama", "args", "metode", "kemampuan", "merusak"),
    VIEWS,
    ids=[f"{v[0]}-{v[2]}" for v in VIEWS],
)
def test_each_view_is_gated_by_login_capability_and_scope(
    client,
    objek,
    orang,
    nama,
    args,
    metode,
    kemampuan,
    merusak,
):
    url = reverse(f"kampungkb:{nama}", args=args(objek))
    kirim = getattr(client, metode)
    r = kirim(url)
    assert r.status_code == 302 and reverse("login") in r["Location"], "anonim"
    boleh = [k for k, p in PERAN.items() if _boleh(p, kemampuan)]
    tolak = [k for k in PERAN if k not in boleh]
    for k in tolak:
        client.force_login(orang[k])
        assert kirim(url).status_code == 403, k
    if nama != "pilih":
        client.force_login(orang["admin_lain"])  # the capability, another desa
        assert kirim(url).status_code == 404, "desa lain"
    for k in boleh[:1] if merusak else boleh:
        client.force_login(orang[k])
        status = kirim(url).status_code
        assert status in (200, 302, 400), (k, status)
    if nama in POST_SAJA:
        client.force_login(orang[boleh[0]])
        assert client.get(url).status_code == 405, "GET pada aksi POST"
