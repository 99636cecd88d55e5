"""Exports: the whole desa round-trips through our own import; NIK masking per role and flag."""

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from impor import ekspor
from impor import kolom as K
from impor.models import Impor
from keluarga import akses, kode, services
from keluarga.akses import Peran
from keluarga.models import (
    RT,
    RW,
    Anggota,
    Desa,
    Dusun,
    Kehamilan,
    Keluarga,
    LogAkses,
    Peristiwa,
    PindahRumah,
    Rumah,
    StatusKB,
)
from tests import factories as f
from tests.test_impor_web import urlpatterns  # noqa: F401  (the "impor" URLs, mounted for tests)

pytestmark = pytest.mark.urls("tests.test_ekspor")
D = dt.date
KODE_DESA = "3326012001"


def _anggota(keluarga, nama, jk, lahir, hubungan, kawin="belum_kawin", nik=True, **kw):
    return services.tambah_anggota(
        keluarga=keluarga,
        pada=D(2024, 1, 15),
        nama=nama,
        jenis_kelamin=jk,
        tanggal_lahir=lahir,
        hubungan=hubungan,
        status_kawin=kawin,
        nik=f.nik_untuk(lahir, jk, abs(hash(nama)) % 9000) if nik else None,
        **kw,
    )


def desa_kecil() -> Desa:
    """A small village built through the services: every kind of record and history."""
    desa = Desa.objects.create(
        kode=KODE_DESA, nama="Pakumbulan", kecamatan_nama="Buaran", lat=Decimal("-6.9")
    )
    rt1 = services.buat_rt(desa=desa, dusun="Krajan", rw="001", rt="001")
    rt2 = services.buat_rt(desa=desa, dusun="Kauman", rw="002", rt="003")
    services.buat_rt(desa=desa, dusun="Kauman", rw="002", rt="004")  # an RT without houses
    k1 = services.buat_keluarga(
        rt=rt1,
        no_kk="3326010101240001",
        nomor_rumah="12",
        sumber_air=kode.SumberAir.LEDENG,
        jamban=kode.Jamban.SENDIRI_SEPTIC,
        pembangunan_keluarga={"1": True, "5": False},
        indikator_ks={str(n): "Y" for n in range(1, 7)} | {"7": "T"},
        luas_lantai=54,
    )
    k1.rumah.lat, k1.rumah.lng = Decimal("-6.887100"), Decimal("109.675300")
    k1.rumah.save()
    # A second family in the same house (no own house number) and a third elsewhere.
    k2 = services.buat_keluarga(rt=rt1, no_kk="3326010101240002", rumah=k1.rumah)
    k3 = services.buat_keluarga(rt=rt2, no_kk="3326010101240003", nomor_rumah="")
    budi = _anggota(k1, "Budi Santoso", "L", D(1985, 3, 15), "1", "kawin", pekerjaan="petani")
    siti = _anggota(k1, "Siti Aminah", "P", D(1990, 8, 5), "3", "kawin", usia_kawin_pertama=21)
    andi = _anggota(k1, "Andi", "L", D(2015, 1, 1), "4", ibu=siti, akta_lahir="ya")
    joko = _anggota(k2, "Joko", "L", D(1960, 2, 2), "1", "kawin", kode_asli={"agama_id": "1"})
    rina = _anggota(k2, "Rina", "P", D(1995, 6, 6), "3", "kawin", jkn="pbi")
    mbah = _anggota(k3, "Mbah Sarni", "P", D(1940, 1, 10), "1", "cerai_mati")
    dewi = _anggota(k3, "Dewi", "P", D(2000, 4, 4), "4", nik=False)
    # Histories.
    services.set_status_kb(anggota=siti, metode="pil", mulai=D(2023, 1, 1), baru=True)
    services.set_status_kb(anggota=siti, metode="iud", mulai=D(2025, 3, 1), baru=False)
    services.set_status_kb(anggota=joko, metode="mop", mulai=D(2020, 5, 5))
    services.set_status_kb(anggota=rina, alasan="ias", mulai=D(2024, 2, 2))
    hamil = services.catat_kehamilan(ibu=siti, hpht=D(2024, 1, 10))
    services.catat_kelahiran(
        ibu=siti,
        keluarga=k1,
        tanggal=D(2024, 10, 15),
        nama="Bayi Budi",
        jenis_kelamin="P",
        nik=None,
    )
    hamil.refresh_from_db()
    assert hamil.selesai == D(2024, 10, 15)
    services.catat_kehamilan(ibu=rina, hpl=D(2026, 12, 1))
    services.catat_kematian(anggota=joko, tanggal=D(2025, 1, 20), pasangan_cerai_mati=rina)
    services.ubah_status_kawin(anggota=rina, status="kawin", tanggal=D(2025, 6, 1))
    services.pindah_keluarga(anggota=dewi, keluarga=k1, tanggal=D(2025, 2, 2), hubungan="9")
    services.catat_pindah_keluar(anggota=mbah, tanggal=D(2025, 7, 7))
    services.catat_datang(
        keluarga=k3,
        tanggal=D(2025, 8, 8),
        nik="3326014404040004",
        nama="Tini",
        jenis_kelamin="P",
        tanggal_lahir=D(2004, 4, 4),
        hubungan="1",
    )
    rumah_baru = Rumah.objects.create(desa=desa, rt=rt2, nomor="7A", alamat="Gang 2")
    services.pindah_rumah(keluarga=k3, rumah=rumah_baru, tanggal=D(2025, 9, 9))
    assert andi.ibu == siti and budi.pk and dewi.pk
    return desa


def potret(kode_desa: str) -> dict:
    """The desa's data without database ids or timestamps, for comparing two copies."""
    desa = Desa.objects.get(kode=kode_desa)
    orang = {a.pk: a for a in Anggota.objects.filter(desa=desa).select_related("keluarga")}

    def siapa(pk):
        if pk is None:
            return None
        a = orang[pk]
        return a.nik or (a.keluarga.no_kk, a.nama, a.tanggal_lahir)

    def rumah(r):
        return (r.rt.rw.dusun.nama, r.rt.rw.nomor, r.rt.nomor, r.nomor, r.alamat, r.lat, r.lng)

    rumah_pk = {
        r.pk: rumah(r) for r in Rumah.objects.filter(desa=desa).select_related("rt__rw__dusun")
    }
    kk = dict(Keluarga.objects.filter(desa=desa).values_list("pk", "no_kk"))
    lewati = {"id", "dibuat", "diubah", "versi", "desa", "rumah", "keluarga", "ibu", "anggota"}

    def isi(obj):
        return {
            fld.attname: getattr(obj, fld.attname)
            for fld in obj._meta.fields
            if fld.name not in lewati and fld.attname not in lewati
            and fld.name not in ("keluarga_asal", "keluarga_tujuan", "dicatat_oleh", "rumah_asal",
                                 "rumah_tujuan")
        }  # fmt: skip

    return {
        "desa": (desa.nama, desa.kelurahan, desa.kecamatan_nama, desa.lat, desa.bulan_awal_data),
        "wilayah": sorted(
            (rt.rw.dusun.nama, rt.rw.nomor, rt.nomor)
            for rt in RT.objects.filter(desa=desa).select_related("rw__dusun")
        ),
        "rumah": sorted(map(str, rumah_pk.values())),
        "keluarga": {
            k.no_kk: (rumah_pk[k.rumah_id], isi(k)) for k in Keluarga.objects.filter(desa=desa)
        },
        "anggota": {
            siapa(a.pk): (a.keluarga.no_kk, siapa(a.ibu_id), isi(a)) for a in orang.values()
        },
        "peristiwa": sorted(
            str(
                (
                    siapa(p.anggota_id),
                    kk.get(p.keluarga_asal_id),
                    kk.get(p.keluarga_tujuan_id),
                    sorted(isi(p).items()),
                )
            )
            for p in Peristiwa.objects.filter(anggota__desa=desa)
        ),  # fmt: skip
        "status_kb": sorted(
            str((siapa(s.anggota_id), sorted(isi(s).items())))
            for s in StatusKB.objects.filter(anggota__desa=desa)
        ),
        "kehamilan": sorted(
            str((siapa(h.ibu_id), sorted(isi(h).items())))
            for h in Kehamilan.objects.filter(ibu__desa=desa)
        ),
        "pindah_rumah": sorted(
            str(
                (
                    kk[m.keluarga_id],
                    rumah_pk[m.rumah_asal_id],
                    rumah_pk[m.rumah_tujuan_id],
                    m.tanggal,
                    m.tanggal_lapor,
                )
            )
            for m in PindahRumah.objects.filter(keluarga__desa=desa)
        ),  # fmt: skip
    }


def hapus_desa(kode_desa: str) -> None:
    desa = Desa.objects.get(kode=kode_desa)
    Peristiwa.objects.filter(anggota__desa=desa).delete()
    PindahRumah.objects.filter(keluarga__desa=desa).delete()
    StatusKB.objects.filter(anggota__desa=desa).delete()
    Kehamilan.objects.filter(ibu__desa=desa).delete()
    Anggota.objects.filter(desa=desa).update(ibu=None)
    Anggota.objects.filter(desa=desa).delete()
    Keluarga.objects.filter(desa=desa).delete()
    Rumah.objects.filter(desa=desa).delete()
    RT.objects.filter(desa=desa).delete()
    RW.objects.filter(desa=desa).delete()
    Dusun.objects.filter(desa=desa).delete()
    desa.delete()


# --- the whole desa -----------------------------------------------------------------------------


def test_a_whole_desa_export_imports_back_to_the_same_data(db, tmp_path):
    desa_kecil()
    sebelum = potret(KODE_DESA)
    path = tmp_path / "desa.xlsx"
    call_command("export_data", str(path), "--desa", KODE_DESA, "--nik-penuh")
    hapus_desa(KODE_DESA)
    call_command("import_data", str(path), "--desa", KODE_DESA, "--desa-nama", "Pakumbulan")
    sesudah = potret(KODE_DESA)
    for bagian in sebelum:
        assert sesudah[bagian] == sebelum[bagian], bagian
    assert Impor.objects.get().status == Impor.Status.TERSIMPAN


def test_importing_a_desa_export_into_the_same_data_changes_nothing(db, tmp_path):
    desa_kecil()
    path = tmp_path / "desa.xlsx"
    call_command("export_data", str(path), "--nik-penuh")
    riwayat = [m.history.count() for m in (Anggota, Keluarga, Rumah, StatusKB, Kehamilan)]
    call_command("import_data", str(path))
    i = Impor.objects.get()
    assert (i.baru, i.diubah, i.galat) == (0, 0, 0), i.masalah
    assert [m.history.count() for m in (Anggota, Keluarga, Rumah, StatusKB, Kehamilan)] == riwayat


def test_export_data_masks_nik_and_no_kk_unless_nik_penuh(db, tmp_path):
    desa_kecil()
    path = tmp_path / "samar.xlsx"
    call_command("export_data", str(path))
    wb = openpyxl.load_workbook(path, read_only=True)
    baris = list(wb[K.LEMBAR_ANGGOTA].iter_rows(values_only=True))
    judul = list(baris[0])
    nik = [r[judul.index("NIK")] for r in baris[1:] if r[judul.index("NIK")]]
    kk = [r[judul.index("No KK")] for r in baris[1:]]
    assert nik and all("•" in n and len(n) == 16 for n in nik)
    assert all("•" in k for k in kk)
    assert LogAkses.objects.filter(jenis="ekspor").count() == 1
    call_command("export_data", str(path), "--nik-penuh")
    wb = openpyxl.load_workbook(path, read_only=True)
    baris = list(wb[K.LEMBAR_ANGGOTA].iter_rows(values_only=True))
    assert "3326011503850001"[:6] in str(baris) and "•" not in str(baris)


def test_a_masked_export_cannot_be_imported_and_says_why(db, tmp_path):
    desa_kecil()
    path = tmp_path / "samar.xlsx"
    call_command("export_data", str(path))
    with pytest.raises(CommandError):
        call_command("import_data", str(path), "--dry-run")
    assert "disamarkan" in str(Impor.objects.get().masalah)


def test_export_data_needs_the_desa_when_there_are_several(db, tmp_path):
    f.DesaFactory(kode="3326012001")
    f.DesaFactory(kode="3326012002")
    with pytest.raises(CommandError, match="lebih dari satu desa"):
        call_command("export_data", str(tmp_path / "x.xlsx"))


def test_the_desa_export_takes_a_fixed_number_of_queries(
    db, tmp_path, django_assert_max_num_queries
):
    desa = desa_kecil()
    with django_assert_max_num_queries(12):
        ekspor.ekspor_desa(desa, nik_penuh=True)


# --- the filtered list, over HTTP ---------------------------------------------------------------


@pytest.fixture
def kampung(db):
    desa = desa_kecil()
    lain = f.DesaFactory(kode="3326012099")
    f.AnggotaFactory(
        keluarga__desa=lain, keluarga__rumah__rt__rw__dusun__desa=lain, nama="Orang Luar"
    )
    return desa


def _orang(desa, peran):
    return f.persona(peran, desa=desa)


def _unduh(client, user, **params):
    client.force_login(user)
    return client.get(reverse("impor:ekspor_daftar"), params)


def _buka(r):
    import io

    content = b"".join(r.streaming_content) if r.streaming else r.content
    return openpyxl.load_workbook(io.BytesIO(content), read_only=True)


def _nilai(wb, lembar, kolom):
    baris = list(wb[lembar].iter_rows(values_only=True))
    i = list(baris[0]).index(kolom)
    return [r[i] for r in baris[1:]]


def test_admin_desa_exports_the_family_list_with_full_nik(client, kampung):
    r = _unduh(client, _orang(kampung, Peran.ADMIN_DESA))
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = _buka(r)
    assert set(_nilai(wb, K.LEMBAR_KELUARGA, "No KK")) == set(
        Keluarga.objects.filter(desa=kampung).values_list("no_kk", flat=True)
    )
    nik = [n for n in _nilai(wb, K.LEMBAR_ANGGOTA, "NIK") if n]
    assert nik and all("•" not in n for n in nik)
    assert "Orang Luar" not in _nilai(wb, K.LEMBAR_ANGGOTA, "Nama")
    log = LogAkses.objects.get(jenis="ekspor")
    assert log.user.groups.get().name == Peran.ADMIN_DESA


def test_penyuluh_kb_gets_the_export_with_nik_and_no_kk_masked(client, kampung):
    r = _unduh(client, _orang(kampung, Peran.PENYULUH))
    assert r.status_code == 200
    wb = _buka(r)
    assert all("•" in n for n in _nilai(wb, K.LEMBAR_ANGGOTA, "NIK") if n)
    assert all("•" in n for n in _nilai(wb, K.LEMBAR_KELUARGA, "No KK"))
    assert all("•" in n for n in _nilai(wb, K.LEMBAR_ANGGOTA, "NIK ibu") if n)


@pytest.mark.parametrize("peran", [Peran.KADER, Peran.KEPALA_DESA, Peran.KECAMATAN, None])
def test_other_roles_cannot_export_names(client, kampung, peran):
    r = _unduh(client, _orang(kampung, peran))
    assert r.status_code == 403
    assert not LogAkses.objects.filter(jenis="ekspor").exists()


def test_the_export_follows_the_list_filter(client, kampung):
    rt = RT.objects.get(desa=kampung, nomor="003")
    r = _unduh(client, _orang(kampung, Peran.OPERATOR), rt=rt.pk)
    assert _nilai(_buka(r), K.LEMBAR_KELUARGA, "No KK") == ["3326010101240003"]
    r = _unduh(client, _orang(kampung, Peran.OPERATOR), q="Siti")
    assert _nilai(_buka(r), K.LEMBAR_KELUARGA, "No KK") == ["3326010101240001"]


def test_the_list_export_query_count_does_not_grow_with_families(
    client, kampung, django_assert_max_num_queries
):
    user = _orang(kampung, Peran.OPERATOR)
    akses.peran(user)
    client.force_login(user)
    with django_assert_max_num_queries(16):
        client.get(reverse("impor:ekspor_daftar"))
    for i in range(5):
        f.AnggotaFactory(keluarga__desa=kampung, keluarga__rumah__rt=RT.objects.filter(desa=kampung).first(),
                         keluarga__no_kk=f"33260101019900{i:02d}")  # fmt: skip
    with django_assert_max_num_queries(16):
        client.get(reverse("impor:ekspor_daftar"))


def test_anonymous_users_are_sent_to_login_for_the_export(client, kampung):
    r = client.get(reverse("impor:ekspor_daftar"))
    assert r.status_code == 302 and "/akun/masuk/" in r.url
