"""Importing our own templates: families and members, KB status, pregnancies."""

import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from impor import kolom as K
from impor import layanan
from impor.templat import buat_templat
from keluarga import kode
from keluarga.models import Anggota, Kehamilan, Keluarga, Rumah, StatusKB
from tests import factories as f

KK1, KK2, KK3 = "3326010101250001", "3326010101250002", "3326010101250003"
BUDI, SITI, ANDI = "3326011503850001", "3326014508900012", "3326010101150003"


def isi_templat(path, jenis: str, lembar: dict[str, list[dict]], tambah_kolom=()) -> object:
    """The downloaded template, filled in like a user would (by header), saved to path."""
    wb = openpyxl.load_workbook(io.BytesIO(buat_templat(jenis)))
    for nama, rows in lembar.items():
        ws = wb[nama]
        judul = [c.value for c in ws[1]]
        for extra in tambah_kolom:
            ws.cell(1, len(judul) + 1, extra)
            judul.append(extra)
        for i, r in enumerate(rows, start=2):
            for k, v in r.items():
                ws.cell(i, judul.index(k) + 1, v)
    wb.save(path)
    return path


def keluarga_rows():
    return [
        {"No KK": KK1, "Dusun": "Krajan", "RW": "1", "RT": "2", "Nomor rumah": "12",
         "Sumber air minum": "Ledeng/PAM", "Jamban": "Milik sendiri dengan septic tank",
         "PK 1": "Ya", "PK 5": "Tidak", "Luas lantai (m2)": 54,
         **{f"KS {n}": "Ya" for n in range(1, 7)}, "KS 7": "Tidak"},
        # A second family in the same house (same RT and number).
        {"No KK": KK2, "Dusun": "krajan ", "RW": "001", "RT": 2, "Nomor rumah": "12"},
    ]  # fmt: skip


def anggota_rows():
    return [
        {"No KK": KK1, "NIK": BUDI, "Nama": "Budi Santoso", "Jenis kelamin": "Laki-laki",
         "Tanggal lahir": "15-03-1985", "Status kawin": "Kawin", "Hubungan": "Kepala keluarga",
         "Pekerjaan": "Petani", "Agama": "Islam"},
        {"No KK": KK1, "NIK": SITI, "Nama": "Siti Aminah", "Jenis kelamin": "P",
         "Tanggal lahir": dt.datetime(1990, 8, 5), "Status kawin": "kawin",  # noqa: DTZ001
         "Hubungan": "Istri", "Usia kawin pertama": 21},
        {"No KK": KK1, "NIK": ANDI, "Nama": "Andi", "Jenis kelamin": "Laki-laki",
         "Tanggal lahir": "2015-01-01", "Status kawin": "Belum kawin", "Hubungan": "Anak",
         "NIK ibu": SITI},
        {"No KK": KK2, "NIK": None, "Nama": "Joko", "Jenis kelamin": "Laki-laki",
         "Tanggal lahir": "02-02-1960", "Status kawin": "Cerai mati", "Hubungan": "1"},
    ]  # fmt: skip


@pytest.fixture
def desa(db):
    return f.DesaFactory(kode="3326012001")


def impor(path, desa, simpan=True):
    return layanan.jalankan(path=path, nama_berkas=path.name, desa=desa, simpan=simpan)


def galat(hasil):
    return [m for m in hasil.impor.masalah if m["jenis"] == "galat"]


@pytest.fixture
def berisi(desa, tmp_path):
    p = isi_templat(
        tmp_path / "keluarga.xlsx",
        "keluarga",
        {K.LEMBAR_KELUARGA: keluarga_rows(), K.LEMBAR_ANGGOTA: anggota_rows()},
    )
    hasil = impor(p, desa)
    assert hasil.tersimpan, hasil.impor.masalah
    return hasil


def test_the_filled_family_template_creates_families_houses_and_members(berisi, desa):
    k1, k2 = Keluarga.objects.get(no_kk=KK1), Keluarga.objects.get(no_kk=KK2)
    assert k1.rumah == k2.rumah and Rumah.objects.count() == 1
    assert (k1.rumah.nomor, k1.rumah.rt.nomor, k1.rumah.rt.rw.nomor) == ("12", "002", "001")
    assert k1.sumber_air == kode.SumberAir.LEDENG and k1.luas_lantai == 54
    assert k1.pembangunan_keluarga == {"1": True, "5": False}
    assert k1.tahapan_ks == kode.TahapanKS.KS_1
    siti = Anggota.objects.get(nik=SITI)
    assert siti.usia_kawin_pertama == 21 and siti.jenis_kelamin == "P"
    assert Anggota.objects.get(nik=ANDI).ibu == siti
    joko = Anggota.objects.get(nama="Joko")
    assert joko.nik is None and joko.status_kawin == kode.StatusKawin.CERAI_MATI
    assert (berisi.impor.baru, berisi.impor.galat) == (6, 0)


def test_a_member_whose_family_is_nowhere_is_a_row_error(desa, tmp_path):
    rows = anggota_rows()
    rows[3]["No KK"] = KK3
    p = isi_templat(
        tmp_path / "a.xlsx",
        "keluarga",
        {K.LEMBAR_KELUARGA: keluarga_rows(), K.LEMBAR_ANGGOTA: rows},
    )
    hasil = impor(p, desa)
    m = galat(hasil)
    assert [(x["lembar"], x["baris"], x["kolom"]) for x in m] == [("Anggota", 5, "No KK")]
    assert KK3 in m[0]["pesan"] and "lembar Keluarga" in m[0]["pesan"]
    assert not Keluarga.objects.exists()


def test_a_code_outside_our_list_is_a_row_error_naming_the_list(desa, tmp_path):
    rows = anggota_rows()
    rows[0]["Jenis kelamin"] = "X"
    p = isi_templat(
        tmp_path / "a.xlsx",
        "keluarga",
        {K.LEMBAR_KELUARGA: keluarga_rows(), K.LEMBAR_ANGGOTA: rows},
    )
    m = galat(impor(p, desa))
    assert (m[0]["baris"], m[0]["kolom"]) == (2, "Jenis kelamin")
    assert "Laki-laki" in m[0]["pesan"] and "Perempuan" in m[0]["pesan"]


def test_an_empty_cell_never_erases_what_is_recorded(berisi, desa, tmp_path):
    rows = anggota_rows()
    del rows[0]["Agama"]
    rows[0]["Pekerjaan"] = "Pedagang"
    p = isi_templat(
        tmp_path / "b.xlsx",
        "keluarga",
        {K.LEMBAR_KELUARGA: keluarga_rows(), K.LEMBAR_ANGGOTA: rows},
    )
    hasil = impor(p, desa)
    budi = Anggota.objects.get(nik=BUDI)
    assert (budi.agama, budi.pekerjaan) == (kode.Agama.ISLAM, kode.Pekerjaan.PEDAGANG)
    assert (hasil.impor.baru, hasil.impor.diubah) == (0, 1)


def test_a_new_house_number_moves_the_family_with_a_dated_move(berisi, desa, tmp_path):
    rows = keluarga_rows()
    rows[1]["Nomor rumah"] = "14"
    p = isi_templat(tmp_path / "b.xlsx", "keluarga", {K.LEMBAR_KELUARGA: rows})
    hasil = impor(p, desa)
    assert hasil.tersimpan
    k2 = Keluarga.objects.get(no_kk=KK2)
    assert k2.rumah.nomor == "14" and Rumah.objects.count() == 2
    pindah = k2.pindah_rumah_set.get()
    assert (pindah.rumah_asal.nomor, pindah.tanggal) == ("12", timezone.localdate())


def test_the_kb_template_starts_statuses_on_the_import_date_never_baru(berisi, desa, tmp_path):
    rows = [
        {"NIK": SITI, "Metode KB": "Suntik", "Tempat pelayanan": "Bidan desa"},
        {"NIK": BUDI, "Metode KB": "MOP"},
        # Joko has no NIK: named by No KK, name and birth date.
        {"No KK": KK2, "Nama": "joko", "Tanggal lahir": "02-02-1960", "Metode KB": "Kondom"},
    ]
    p = isi_templat(tmp_path / "kb.xlsx", "kb", {K.LEMBAR_KB: rows})
    hasil = impor(p, desa)
    assert hasil.tersimpan, hasil.impor.masalah
    hari = timezone.localdate()
    assert set(StatusKB.objects.values_list("anggota__nama", "metode", "mulai", "baru")) == {
        ("Siti Aminah", "suntik", hari, False),
        ("Budi Santoso", "mop", hari, False),
        ("Joko", "kondom", hari, False),
    }
    again = impor(p, desa)
    assert (again.impor.baru, again.impor.diubah, again.impor.tetap) == (0, 0, 3)
    assert StatusKB.objects.count() == 3


def test_restore_only_kb_columns_are_ignored_and_listed_in_a_template(berisi, desa, tmp_path):
    rows = [{"NIK": SITI, "Metode KB": "Pil", "Mulai": "01-01-2020", "Baru": "Ya"}]
    p = isi_templat(tmp_path / "kb.xlsx", "kb", {K.LEMBAR_KB: rows}, tambah_kolom=["Mulai", "Baru"])
    hasil = impor(p, desa)
    s = StatusKB.objects.get()
    assert (s.mulai, s.baru) == (timezone.localdate(), False)
    diabaikan = " ".join(hasil.impor.rincian["kolom_diabaikan"]["Status KB"])
    assert "Mulai" in diabaikan and "Baru" in diabaikan


def test_kb_rows_that_cannot_apply_are_errors(berisi, desa, tmp_path):
    rows = [
        {"NIK": BUDI, "Metode KB": "Pil"},
        {"NIK": SITI, "Metode KB": "Pil", "Alasan tidak ber-KB": "Ingin anak segera (IAS)"},
        {"NIK": "3326010101010101", "Metode KB": "Pil"},
    ]
    hasil = impor(isi_templat(tmp_path / "kb.xlsx", "kb", {K.LEMBAR_KB: rows}), desa)
    m = {x["baris"]: x["pesan"] for x in galat(hasil)}
    assert "hanya MOP atau Kondom" in m[2] and "tidak keduanya" in m[3] and "tidak ada" in m[4]
    assert not StatusKB.objects.exists()


def test_the_pregnancy_template_opens_and_later_closes_a_pregnancy(berisi, desa, tmp_path):
    hpht = timezone.localdate() - dt.timedelta(days=60)
    p = isi_templat(
        tmp_path / "h.xlsx", "kehamilan", {K.LEMBAR_HAMIL: [{"NIK": SITI, "HPHT": hpht}]}
    )
    assert impor(p, desa).tersimpan
    k = Kehamilan.objects.get()
    assert (k.mulai, k.selesai) == (hpht, None)
    akhir = timezone.localdate() - dt.timedelta(days=1)
    rows = [{"NIK": SITI, "HPHT": hpht, "Tanggal berakhir": akhir, "Hasil": "Keguguran"}]
    hasil = impor(isi_templat(tmp_path / "h2.xlsx", "kehamilan", {K.LEMBAR_HAMIL: rows}), desa)
    assert (hasil.impor.baru, hasil.impor.diubah) == (0, 1)
    k.refresh_from_db()
    assert (k.selesai, k.hasil) == (akhir, kode.HasilKehamilan.KEGUGURAN)


def test_a_pregnancy_for_a_man_or_without_an_outcome_is_an_error(berisi, desa, tmp_path):
    rows = [
        {"NIK": BUDI, "HPHT": "01-01-2025"},
        {"NIK": SITI, "HPHT": "01-01-2025", "Tanggal berakhir": "01-09-2025"},
    ]
    hasil = impor(isi_templat(tmp_path / "h.xlsx", "kehamilan", {K.LEMBAR_HAMIL: rows}), desa)
    m = {x["baris"]: x["pesan"] for x in galat(hasil)}
    assert "perempuan" in m[2] and "hasil" in m[3]
