"""Importing OpenSID population workbooks: mapping, families, mothers, KB, pregnancies, re-import."""

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone

from impor import layanan
from impor.models import Impor
from impor.opensid import KOLOM_OPENSID
from keluarga import indicators as ind
from keluarga import kode
from keluarga.models import (
    RT,
    Anggota,
    Desa,
    Dusun,
    Kehamilan,
    Keluarga,
    Peristiwa,
    Rumah,
    StatusKB,
)
from tests import factories as f

KK1 = "3326010101200001"
KK2 = "3326010101200002"


def orang(**isi) -> dict:
    """One OpenSID row: a married woman head's wife by default, codes as text like OpenSID."""
    baris = {
        "alamat": "Jl. Mawar",
        "dusun": "Krajan",
        "rw": "001",
        "rt": "002",
        "nama": "Siti Aminah",
        "no_kk": KK1,
        "nik": "3326014508900012",
        "sex": "2",
        "tempatlahir": "Pekalongan",
        "tanggallahir": "1990-08-05",
        "agama_id": "1",
        "pendidikan_kk_id": "5",
        "pendidikan_sedang_id": "18",
        "pekerjaan_id": "2",
        "status_kawin": "2",
        "kk_level": "3",
        "warganegara_id": "1",
        "golongan_darah_id": "13",
        "cacat_id": "7",
        "cara_kb_id": "",
        "hamil": "2",
        "ktp_el": "2",
        "status_dasar": "1",
        "id_asuransi": "2",
    }
    baris.update(isi)
    return baris


def keluarga_budi(**ubah) -> list[dict]:
    """Budi (head), Siti (wife, Suntik), Andi (their son, mother by ibu_nik)."""
    rows = [
        orang(
            nama="Budi Santoso",
            nik="3326011503850001",
            sex="1",
            tanggallahir="1985-03-15",
            kk_level="1",
            pekerjaan_id="9",
        ),
        orang(cara_kb_id="3"),
        orang(
            nama="Andi",
            nik="3326010101150003",
            sex="1",
            tanggallahir="2015-01-01",
            kk_level="4",
            status_kawin="1",
            pendidikan_kk_id="2",
            pendidikan_sedang_id="4",
            pekerjaan_id="3",
            ibu_nik="3326014508900012",
            nama_ibu="Siti Aminah",
        ),
    ]
    for i, isi in ubah.items():
        rows[int(i.removeprefix("b"))].update(isi)
    return rows


def buku_opensid(
    path: Path,
    rows: list[dict],
    *,
    lembar: str = "Data Penduduk",
    kolom=KOLOM_OPENSID,
    sisip: dict[int, list] | None = None,
    lembar_lain: str | None = None,
) -> Path:
    """An OpenSID workbook: header row, one row per person; `sisip` inserts raw rows before
    the row with that index (blank rows, ### markers)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    if lembar_lain:
        ws.title = lembar_lain
        ws.append(["catatan"])
        ws = wb.create_sheet(lembar)
    else:
        ws.title = lembar
    ws.append(list(kolom))
    for i, r in enumerate(rows):
        for raw in (sisip or {}).get(i, []):
            ws.append(raw)
        ws.append([r.get(k, "") for k in kolom])
    for raw in (sisip or {}).get(len(rows), []):
        ws.append(raw)
    kode_ws = wb.create_sheet("Kode Data")
    kode_ws.append(["kolom", "kode"])
    wb.save(path)
    return path


@pytest.fixture
def desa(db):
    return f.DesaFactory(kode="3326012001", nama="Pakumbulan")


@pytest.fixture
def petugas(desa):
    from keluarga.akses import Peran

    return f.persona(Peran.OPERATOR, desa=desa, username="operator_impor")


def impor(tmp_path, rows, desa, *, simpan=True, pengguna=None, nama="penduduk.xlsx", **kw):
    path = buku_opensid(tmp_path / nama, rows, **kw)
    return layanan.jalankan(
        path=path, nama_berkas=nama, desa=desa, pengguna=pengguna, simpan=simpan
    )


def pesan(hasil, jenis="galat") -> list[str]:
    return [m["pesan"] for m in hasil.impor.masalah if m["jenis"] == jenis]


# --- mapping --------------------------------------------------------------------------------


def test_an_opensid_file_creates_regions_families_and_members_keeping_original_codes(
    tmp_path, desa
):
    hasil = impor(tmp_path, keluarga_budi(), desa)
    assert hasil.tersimpan, hasil.impor.masalah
    rt = RT.objects.get(desa=desa)
    assert (rt.rw.dusun.nama, rt.rw.nomor, rt.nomor) == ("Krajan", "001", "002")
    kel = Keluarga.objects.get(no_kk=KK1)
    assert kel.rumah.rt == rt and kel.rumah.alamat == "Jl. Mawar"
    assert kel.sumber == kode.SumberData.IMPOR
    siti = Anggota.objects.get(nik="3326014508900012")
    assert siti.hubungan == kode.HubunganKK.ISTRI
    assert siti.status_kawin == kode.StatusKawin.KAWIN
    assert siti.pekerjaan == kode.Pekerjaan.TIDAK_BEKERJA
    assert siti.pendidikan == kode.Pendidikan.TAMAT_SLTA
    assert siti.jkn == kode.JKN.PBI
    assert siti.kode_asli["pekerjaan_id"] == "2"
    assert siti.kode_asli["golongan_darah_id"] == "13"
    andi = Anggota.objects.get(nama="Andi")
    assert andi.ibu == siti
    assert andi.pendidikan == kode.Pendidikan.MASIH_SD
    kepala = Anggota.objects.get(hubungan=kode.HubunganKK.KEPALA)
    assert kepala.nama == "Budi Santoso" and kepala.pekerjaan == kode.Pekerjaan.PETANI
    i = hasil.impor
    assert (i.status, i.baru, i.diubah, i.tetap, i.galat) == (Impor.Status.TERSIMPAN, 3, 0, 0, 0)
    assert i.format == "opensid"
    desa.refresh_from_db()
    assert desa.bulan_awal_data == timezone.localdate().replace(day=1)


def test_every_member_row_is_history_with_the_importing_user_and_reason(tmp_path, desa, petugas):
    impor(tmp_path, keluarga_budi(), desa, pengguna=petugas, nama="januari.xlsx")
    h = Anggota.history.filter(nama="Andi").get()
    assert h.history_type == "+"
    assert h.history_user == petugas
    assert h.history_change_reason == "impor januari.xlsx"
    assert Keluarga.history.count() == 1 and Rumah.history.count() == 1


def test_one_house_per_kk_when_the_file_has_no_house_numbers(tmp_path, desa):
    rows = keluarga_budi() + [
        orang(nama="Joko", nik="3326010202800005", sex="1", tanggallahir="1980-02-02",
              kk_level="1", no_kk=KK2, status_kawin="1"),
    ]  # fmt: skip
    impor(tmp_path, rows, desa)
    assert Rumah.objects.count() == 2
    assert Keluarga.objects.get(no_kk=KK2).rumah != Keluarga.objects.get(no_kk=KK1).rumah


def test_a_family_without_a_head_is_saved_with_a_warning(tmp_path, desa):
    rows = keluarga_budi()[1:]
    hasil = impor(tmp_path, rows, desa)
    assert hasil.tersimpan
    assert any("tidak punya kepala keluarga" in p for p in pesan(hasil, "peringatan"))
    assert Keluarga.objects.filter(no_kk=KK1).exists()


def test_two_heads_in_one_kk_are_a_row_error(tmp_path, desa):
    rows = keluarga_budi(b1={"kk_level": "1"})
    hasil = impor(tmp_path, rows, desa)
    assert not hasil.tersimpan
    assert any("lebih dari satu kepala keluarga" in p for p in pesan(hasil))
    assert not Anggota.objects.exists()


def test_nik_digits_that_disagree_with_the_birth_date_are_a_warning_only(tmp_path, desa):
    rows = keluarga_budi(b0={"tanggallahir": "1985-03-16"})
    hasil = impor(tmp_path, rows, desa)
    assert hasil.tersimpan
    assert any("tidak cocok" in p and "3326011503850001" in p for p in pesan(hasil, "peringatan"))


def test_cara_kb_100_records_no_method_so_she_stays_belum_terdata(tmp_path, desa):
    rows = keluarga_budi(b1={"cara_kb_id": "100"})
    impor(tmp_path, rows, desa)
    assert not StatusKB.objects.exists()
    hari = timezone.localdate()
    status = dict(ind.pus_pada(hari, [desa.pk]).values_list("nama", "status_kb"))
    assert status == {"Siti Aminah": kode.StatusKBPada.BELUM_TERDATA}


def test_a_kb_method_starts_on_the_import_date_and_is_never_baru(tmp_path, desa):
    impor(tmp_path, keluarga_budi(), desa)
    s = StatusKB.objects.get()
    assert (s.metode, s.mulai, s.baru, s.selesai) == (
        kode.MetodeKB.SUNTIK,
        timezone.localdate(),
        False,
        None,
    )
    assert s.sumber == kode.SumberData.IMPOR


def test_a_husbands_mop_becomes_his_wifes_kb_status_through_the_pairing(tmp_path, desa):
    rows = keluarga_budi(b0={"cara_kb_id": "7"}, b1={"cara_kb_id": ""})
    impor(tmp_path, rows, desa)
    s = StatusKB.objects.get()
    assert s.anggota.nama == "Budi Santoso" and s.metode == kode.MetodeKB.MOP
    status = dict(ind.pus_pada(timezone.localdate(), [desa.pk]).values_list("nama", "status_kb"))
    assert status == {"Siti Aminah": kode.StatusKBPada.MOP}


def test_a_womans_method_on_a_man_is_a_warning_and_not_recorded(tmp_path, desa):
    rows = keluarga_budi(b0={"cara_kb_id": "1"}, b1={"cara_kb_id": ""})
    hasil = impor(tmp_path, rows, desa)
    assert hasil.tersimpan
    assert not StatusKB.objects.exists()
    assert any("hanya MOP atau Kondom" in p for p in pesan(hasil, "peringatan"))


def test_hamil_1_opens_a_pregnancy_from_the_import_date(tmp_path, desa):
    rows = keluarga_budi(b1={"hamil": "1", "cara_kb_id": ""})
    impor(tmp_path, rows, desa)
    k = Kehamilan.objects.get()
    assert k.ibu.nama == "Siti Aminah" and k.mulai == timezone.localdate() and k.selesai is None
    status = dict(ind.pus_pada(timezone.localdate(), [desa.pk]).values_list("nama", "status_kb"))
    assert status == {"Siti Aminah": kode.StatusKBPada.HAMIL}


def test_status_dasar_other_than_1_is_kept_out_of_the_population_with_a_dated_event(tmp_path, desa):
    rows = keluarga_budi(b0={"status_dasar": "2"}, b2={"status_dasar": "3"})
    hasil = impor(tmp_path, rows, desa)
    assert hasil.tersimpan
    assert Anggota.objects.count() == 3
    budi = Anggota.objects.get(nama="Budi Santoso")
    andi = Anggota.objects.get(nama="Andi")
    assert budi.status_hidup == kode.StatusHidup.MENINGGAL
    assert andi.status_hidup == kode.StatusHidup.PINDAH
    hari = timezone.localdate()
    assert Peristiwa.objects.get(anggota=budi).jenis == kode.JenisPeristiwa.MENINGGAL
    assert Peristiwa.objects.get(anggota=andi).tanggal == hari
    penduduk = set(ind.penduduk_pada(hari, [desa.pk]).values_list("nama", flat=True))
    assert penduduk == {"Siti Aminah"}


def test_a_mother_is_found_by_name_among_the_women_of_the_kk_and_listed(tmp_path, desa):
    rows = keluarga_budi(b2={"ibu_nik": "", "nama_ibu": "SITI  aminah"})
    hasil = impor(tmp_path, rows, desa)
    assert Anggota.objects.get(nama="Andi").ibu.nama == "Siti Aminah"
    tautan = hasil.impor.rincian["tautan_ibu_nama"]
    assert [(t["anak"], t["ibu"]) for t in tautan] == [("Andi", "Siti Aminah")]


def test_an_unmatched_mother_of_a_child_is_a_warning(tmp_path, desa):
    rows = keluarga_budi(b2={"ibu_nik": "", "nama_ibu": "Sri Wahyuni"})
    hasil = impor(tmp_path, rows, desa)
    assert hasil.tersimpan
    assert Anggota.objects.get(nama="Andi").ibu is None
    assert any("Sri Wahyuni" in p for p in pesan(hasil, "peringatan"))


def test_a_blank_row_is_skipped_and_counted_and_what_follows_is_imported(tmp_path, desa):
    hasil = impor(tmp_path, keluarga_budi(), desa, sisip={1: [[None] * 5, []]})
    assert hasil.tersimpan
    assert hasil.impor.baris_kosong == 2
    assert Anggota.objects.count() == 3


def test_rows_after_hash_marks_in_the_second_column_are_not_read(tmp_path, desa):
    hasil = impor(tmp_path, keluarga_budi(), desa, sisip={2: [["", "###"]]})
    assert hasil.tersimpan
    assert Anggota.objects.count() == 2 and hasil.impor.jumlah_baris == 2


def test_the_data_sheet_is_found_by_its_header_when_it_has_another_name(tmp_path, desa):
    hasil = impor(tmp_path, keluarga_budi(), desa, lembar="Sheet1", lembar_lain="Petunjuk")
    assert hasil.tersimpan
    assert Anggota.objects.count() == 3


def test_codes_given_as_numbers_or_labels_are_read_like_text_codes(tmp_path, desa):
    rows = keluarga_budi(b0={"sex": 1, "kk_level": 1, "agama_id": "Islam", "rt": 2, "rw": 1})
    hasil = impor(tmp_path, rows, desa)
    assert hasil.tersimpan, hasil.impor.masalah
    assert RT.objects.count() == 1


# --- errors -----------------------------------------------------------------------------------


def test_an_error_on_the_last_row_saves_nothing(tmp_path, desa):
    rows = keluarga_budi()
    rows.append(orang(nama="Rusak", nik="3326014508900099", agama_id="42", no_kk=KK2))
    hasil = impor(tmp_path, rows, desa)
    assert hasil.impor.status == Impor.Status.GAGAL
    assert hasil.impor.galat == 1
    m = [m for m in hasil.impor.masalah if m["jenis"] == "galat"][0]
    assert (m["baris"], m["kolom"]) == (5, "agama_id")
    assert "42" in m["pesan"]
    for model in (Anggota, Keluarga, Rumah, RT, Dusun, StatusKB, Peristiwa):
        assert not model.objects.exists(), model
    assert not Anggota.history.exists()


def test_a_duplicate_nik_inside_the_file_is_an_error_naming_the_first_row(tmp_path, desa):
    rows = keluarga_budi()
    rows.append(orang(nama="Siti Aminah", no_kk=KK2, kk_level="1"))
    hasil = impor(tmp_path, rows, desa)
    assert any("ganda" in p and "baris 3" in p for p in pesan(hasil))
    assert not Anggota.objects.exists()


def test_a_known_nik_with_another_birth_date_is_an_error_naming_the_person(tmp_path, desa):
    impor(tmp_path, keluarga_budi(), desa)
    rows = keluarga_budi(b1={"tanggallahir": "1991-08-05"})
    hasil = impor(tmp_path, rows, desa, nama="kedua.xlsx")
    assert not hasil.tersimpan
    assert any("Siti Aminah" in p and "05-08-1990" in p for p in pesan(hasil))


def test_a_nik_of_another_desa_is_an_error_that_names_no_village(tmp_path, desa):
    lain = f.DesaFactory(kode="3326012099", nama="Tetanggajauh")
    f.AnggotaFactory(keluarga__desa=lain, keluarga__rumah__rt__rw__dusun__desa=lain,
                     nik="3326014508900012", nama="Rahasia Tetangga")  # fmt: skip
    hasil = impor(tmp_path, keluarga_budi(), desa)
    (p,) = [p for p in pesan(hasil) if "3326014508900012" in p]
    assert "sudah terdaftar dan tidak dapat dipakai lagi" in p
    assert "desa lain" not in p and "Tetanggajauh" not in p and "Rahasia" not in p
    assert not Anggota.objects.filter(desa=desa).exists()


def test_a_no_kk_of_another_desa_is_an_error_that_names_no_village(tmp_path, desa):
    lain = f.DesaFactory(kode="3326012099", nama="Tetanggajauh")
    f.KeluargaFactory(desa=lain, rumah__rt__rw__dusun__desa=lain, no_kk=KK2)
    rows = keluarga_budi()
    rows.append(orang(nama="Ani Lain", no_kk=KK2, kk_level="1", nik="3326015005920003"))
    hasil = impor(tmp_path, rows, desa)
    semua = [p for p in pesan(hasil) if KK2 in p]
    assert semua and all("sudah terdaftar dan tidak dapat dipakai lagi" in p for p in semua)
    assert not any("desa lain" in p or "Tetanggajauh" in p for p in pesan(hasil))


def test_a_dry_run_saves_nothing_but_records_the_import(tmp_path, desa):
    hasil = impor(tmp_path, keluarga_budi(), desa, simpan=False)
    assert hasil.impor.status == Impor.Status.UJI and hasil.impor.baru == 3
    assert not Anggota.objects.exists() and not Keluarga.objects.exists()
    assert Impor.objects.count() == 1


# --- re-import ----------------------------------------------------------------------------------


def _jumlah_riwayat() -> tuple:
    return tuple(
        m.history.count() for m in (Anggota, Keluarga, Rumah, StatusKB, Kehamilan, Peristiwa)
    )


def test_re_importing_the_same_file_changes_nothing(tmp_path, desa):
    rows = keluarga_budi(b1={"hamil": "1"}, b0={"cara_kb_id": "7"})
    rows.append(orang(nama="Mbah Sarni", nik="3326015001400007", tanggallahir="1940-01-10",
                      kk_level="7", status_kawin="4", status_dasar="2"))  # fmt: skip
    impor(tmp_path, rows, desa)
    sebelum = _jumlah_riwayat()
    kb = list(StatusKB.objects.values_list("pk", "mulai", "selesai"))
    hasil = impor(tmp_path, rows, desa, nama="ulang.xlsx")
    assert hasil.tersimpan
    i = hasil.impor
    assert (i.baru, i.diubah, i.tetap) == (0, 0, 4)
    assert _jumlah_riwayat() == sebelum
    assert list(StatusKB.objects.values_list("pk", "mulai", "selesai")) == kb


def test_a_later_file_changes_exactly_the_changed_field_with_one_history_row(
    tmp_path, desa, petugas
):
    impor(tmp_path, keluarga_budi(), desa)
    andi = Anggota.objects.get(nama="Andi")
    sebelum = {fld.name: getattr(andi, fld.name) for fld in Anggota._meta.fields}
    n = Anggota.history.filter(id=andi.pk).count()
    rows = keluarga_budi(b2={"tempatlahir": "Batang"})
    hasil = impor(tmp_path, rows, desa, pengguna=petugas, nama="februari.xlsx")
    assert (hasil.impor.baru, hasil.impor.diubah, hasil.impor.tetap) == (0, 1, 2)
    andi.refresh_from_db()
    sesudah = {fld.name: getattr(andi, fld.name) for fld in Anggota._meta.fields}
    beda = {k for k in sebelum if sebelum[k] != sesudah[k]}
    assert beda == {"tempat_lahir", "diubah"}
    riwayat = Anggota.history.filter(id=andi.pk).order_by("-history_date", "-history_id")
    assert riwayat.count() == n + 1
    h = riwayat.first()
    assert (h.history_type, h.history_user, h.history_change_reason) == (
        "~",
        petugas,
        "impor februari.xlsx",
    )
    assert [c.field for c in h.diff_against(riwayat[1]).changes if c.field != "diubah"] == [
        "tempat_lahir"
    ]
    assert Anggota.history.count() == 3 + 1


def test_an_unchanged_kb_method_opens_no_episode_and_an_empty_cell_ends_none(tmp_path, desa):
    impor(tmp_path, keluarga_budi(), desa)
    impor(tmp_path, keluarga_budi(), desa, nama="2.xlsx")
    impor(tmp_path, keluarga_budi(b1={"cara_kb_id": ""}), desa, nama="3.xlsx")
    s = StatusKB.objects.get()
    assert s.selesai is None and s.metode == kode.MetodeKB.SUNTIK


def test_a_changed_method_ends_the_old_status_and_starts_a_new_one_not_baru(tmp_path, desa):
    hari = timezone.localdate()
    impor(tmp_path, keluarga_budi(), desa)
    siti = Anggota.objects.get(nama="Siti Aminah")
    StatusKB.objects.filter(anggota=siti).update(mulai=hari - dt.timedelta(days=90))
    impor(tmp_path, keluarga_budi(b1={"cara_kb_id": "5"}), desa, nama="2.xlsx")
    lama, baru = StatusKB.objects.filter(anggota=siti).order_by("mulai")
    assert (lama.metode, lama.selesai) == (kode.MetodeKB.SUNTIK, hari)
    assert (baru.metode, baru.mulai, baru.selesai, baru.baru) == (
        kode.MetodeKB.IMPLAN,
        hari,
        None,
        False,
    )


def test_code_100_ends_an_open_method(tmp_path, desa):
    impor(tmp_path, keluarga_budi(), desa)
    impor(tmp_path, keluarga_budi(b1={"cara_kb_id": "100"}), desa, nama="2.xlsx")
    assert StatusKB.objects.get().selesai == timezone.localdate()


def test_a_changed_marital_status_is_a_dated_event(tmp_path, desa):
    impor(tmp_path, keluarga_budi(), desa)
    impor(tmp_path, keluarga_budi(b1={"status_kawin": "3"}), desa, nama="2.xlsx")
    siti = Anggota.objects.get(nama="Siti Aminah")
    assert siti.status_kawin == kode.StatusKawin.CERAI_HIDUP
    p = Peristiwa.objects.get(anggota=siti)
    assert (p.jenis, p.tanggal, p.status_kawin_lama) == (
        kode.JenisPeristiwa.CERAI_HIDUP,
        timezone.localdate(),
        kode.StatusKawin.KAWIN,
    )
    assert p.history.get().history_change_reason == "impor 2.xlsx"


def test_a_death_in_a_later_file_ends_kb_status_and_pregnancy(tmp_path, desa):
    impor(tmp_path, keluarga_budi(b1={"hamil": "1"}), desa)
    impor(tmp_path, keluarga_budi(b1={"hamil": "1", "status_dasar": "2"}), desa, nama="2.xlsx")
    siti = Anggota.objects.get(nama="Siti Aminah")
    assert siti.status_hidup == kode.StatusHidup.MENINGGAL
    assert StatusKB.objects.get().selesai == timezone.localdate()
    assert Kehamilan.objects.get().hasil == kode.HasilKehamilan.LAINNYA


def test_people_without_nik_are_matched_on_kk_name_and_birth_date(tmp_path, desa):
    rows = keluarga_budi(b2={"nik": "", "ibu_nik": ""})
    impor(tmp_path, rows, desa)
    rows = keluarga_budi(b2={"nik": "", "ibu_nik": "", "nama": "ANDI ", "tempatlahir": "Batang"})
    hasil = impor(tmp_path, rows, desa, nama="2.xlsx")
    assert hasil.impor.diubah == 1
    andi = Anggota.objects.get(nama_normal="andi")
    assert andi.nik is None and andi.tempat_lahir == "Batang"
    assert Anggota.objects.count() == 3


def test_a_member_moving_to_another_kk_is_a_dated_family_move(tmp_path, desa):
    impor(tmp_path, keluarga_budi(), desa)
    rows = keluarga_budi(b2={"no_kk": KK2, "kk_level": "1"})
    hasil = impor(tmp_path, rows, desa, nama="2.xlsx")
    assert hasil.tersimpan, hasil.impor.masalah
    andi = Anggota.objects.get(nama="Andi")
    assert andi.keluarga.no_kk == KK2
    p = Peristiwa.objects.get(anggota=andi)
    assert p.jenis == kode.JenisPeristiwa.PINDAH_KK and p.keluarga_asal.no_kk == KK1


def test_the_desa_is_created_from_the_command_line_values(tmp_path, db):
    desa = Desa(kode="3326019999", nama="Desa Baru")
    path = buku_opensid(tmp_path / "a.xlsx", keluarga_budi())
    hasil = layanan.jalankan(path=path, nama_berkas="a.xlsx", desa=desa, simpan=True)
    assert hasil.tersimpan
    assert Desa.objects.get(kode="3326019999").nama == "Desa Baru"
    assert Anggota.objects.filter(desa__kode="3326019999").count() == 3


def test_a_family_in_another_rt_in_a_later_file_moves_house_with_a_dated_move(tmp_path, desa):
    impor(tmp_path, keluarga_budi(), desa)
    rumah_lama = Keluarga.objects.get(no_kk=KK1).rumah
    rows = [dict(r, rt="005") for r in keluarga_budi()]
    hasil = impor(tmp_path, rows, desa, nama="2.xlsx")
    assert hasil.tersimpan
    kel = Keluarga.objects.get(no_kk=KK1)
    assert kel.rumah.rt.nomor == "005" and kel.rumah != rumah_lama
    pindah = kel.pindah_rumah_set.get()
    assert (pindah.rumah_asal, pindah.tanggal) == (rumah_lama, timezone.localdate())


def _kk(n: int) -> list[dict]:
    rows = []
    for i in range(n):
        kk = f"33260101012{i:05d}"
        rows.append(orang(nama=f"Kepala {i}", nik=f"332601150385{i:04d}", sex="1",
                          tanggallahir="1985-03-15", kk_level="1", no_kk=kk))  # fmt: skip
        rows.append(orang(nama=f"Istri {i}", nik=f"332601450890{i:04d}", no_kk=kk, cara_kb_id="3"))
    return rows


def test_planning_takes_the_same_number_of_queries_for_2_or_20_families(tmp_path, desa):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    impor(tmp_path, _kk(20), desa)  # existing data to match against
    jumlah = []
    for n in (2, 20):
        with CaptureQueriesContext(connection) as q:
            impor(tmp_path, _kk(n), desa, simpan=False, nama=f"{n}.xlsx")
        jumlah.append(len(q))
    assert jumlah[0] == jumlah[1]
