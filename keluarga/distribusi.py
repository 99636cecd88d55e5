"""Where every table would live on a distributed PostgreSQL (Citus) sharded by the desa.

docs/SCALING.md explains the plan; this module is its one declaration, and
``tests/test_distribusi.py`` holds every model of the project (``apps.get_models`` with the
auto-created many-to-many tables) to it. A model missing here fails that test: **whoever adds a
model declares it here** (its simple-history table too), as one of

- ``Sebar(jalur)`` — *distributed* by the desa: ``jalur`` is the path of foreign keys from the
  model to ``keluarga.Desa`` (``"desa"``: its own column). A table whose path is not its own
  non-null ``desa`` column names in ``migrasi`` what the Citus migration does to give it one
  (add ``desa_id`` filled from the path, or set the column NOT NULL); a table that already has it
  must not carry a note (no stale plans);
- ``Referensi(alasan)`` — a *reference* table, copied whole to every node: small, read by all
  desa, written rarely (places above the desa, users, code lists);
- ``Lokal(alasan)`` — stays a plain table on the coordinator only (sessions, login throttling,
  logs), never joined with a distributed table.

Unique keys of a distributed table must contain the distribution column. A key that already
holds a foreign key to another distributed table is unchanged in meaning when ``desa_id`` is
added to it (the referenced row lives in one desa); every other key is named in
``KUNCI_GLOBAL`` with what replaces it.

Labels are strings (``app_label.ModelName``), so this lowest app names upper apps' models without
importing them; nothing here is read at run time by the application.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sebar:
    """Distributed by the desa, reached through ``jalur`` (``__``-separated foreign keys)."""

    jalur: str = "desa"
    migrasi: str = ""


@dataclass(frozen=True)
class Referensi:
    alasan: str


@dataclass(frozen=True)
class Lokal:
    alasan: str


DESA = Sebar()
# simple-history copies every column of the row, the desa too, but declares its copies nullable
# and without constraints: the Citus migration sets the column NOT NULL (every row has it).
RIWAYAT_DESA = Sebar("desa", "desa_id NOT NULL (riwayat menyalin desa baris aslinya)")


def _tambah(jalur: str) -> Sebar:
    """A table without its own desa column: the Citus migration adds ``desa_id`` (filled once
    from ``jalur``, then set on every insert by the model's save/bulk paths)."""
    return Sebar(jalur, f"tambah desa_id, isi dari {jalur}")


def _riwayat(jalur: str) -> Sebar:
    """A simple-history table of a model reached through ``jalur``: the history row gets
    ``desa_id`` too (a ``pre_create_historical_record`` receiver copies it from the row)."""
    return Sebar(jalur, f"tambah desa_id pada riwayat, isi dari {jalur}")


_USER = "pengguna lintas desa (Kecamatan, Kabupaten, Penyuluh) dan dirujuk semua tabel"

TABEL: dict[str, Sebar | Referensi | Lokal] = {
    # --- Django and third parties
    "admin.LogEntry": Lokal("log admin Django (superuser), object_id berupa teks"),
    "auth.Permission": Referensi("daftar izin Django, kecil"),
    "auth.Group": Referensi("tujuh peran"),
    "auth.Group_permissions": Referensi("izin per peran, kecil"),
    "auth.User": Referensi(_USER),
    "auth.User_groups": Referensi("peran pengguna"),
    "auth.User_user_permissions": Referensi("izin per pengguna (tidak dipakai)"),
    "contenttypes.ContentType": Referensi("daftar model"),
    "sessions.Session": Lokal("sesi login di koordinator"),
    "axes.AccessFailureLog": Lokal("penguncian login gagal"),
    "axes.AccessAttempt": Lokal("penguncian login gagal"),
    "axes.AccessAttemptExpiration": Lokal("penguncian login gagal"),
    "axes.AccessLog": Lokal("log login"),
    # --- keluarga: places, scope, families, histories
    "keluarga.Desa": Referensi("tabel pembagi: ~84.000 desa se-Indonesia, dibaca setiap tingkat"),
    "keluarga.Dusun": DESA,
    "keluarga.RW": DESA,
    "keluarga.RT": DESA,
    "keluarga.Lingkup": Referensi("lingkup pengguna (satu per pengguna), kecil"),
    "keluarga.Lingkup_desa": Referensi("desa dalam lingkup pengguna: dibaca setiap permintaan"),
    "keluarga.Lingkup_dusun": _tambah("dusun__desa"),
    "keluarga.Lingkup_rw": _tambah("rw__desa"),
    "keluarga.Lingkup_rt": _tambah("rt__desa"),
    "keluarga.LogAkses": Lokal("log akses daftar nama; tulis-saja, dibaca superuser"),
    "keluarga.Rumah": DESA,
    "keluarga.HistoricalRumah": RIWAYAT_DESA,
    "keluarga.Keluarga": DESA,
    "keluarga.HistoricalKeluarga": RIWAYAT_DESA,
    "keluarga.Anggota": DESA,
    "keluarga.HistoricalAnggota": RIWAYAT_DESA,
    "keluarga.Peristiwa": _tambah("anggota__desa"),
    "keluarga.HistoricalPeristiwa": _riwayat("anggota__desa"),
    "keluarga.PindahRumah": _tambah("keluarga__desa"),
    "keluarga.HistoricalPindahRumah": _riwayat("keluarga__desa"),
    "keluarga.Kehamilan": _tambah("ibu__desa"),
    "keluarga.HistoricalKehamilan": _riwayat("ibu__desa"),
    "keluarga.StatusKB": _tambah("anggota__desa"),
    "keluarga.HistoricalStatusKB": _riwayat("anggota__desa"),
    "keluarga.PasanganGanda": DESA,
    "keluarga.Penggabungan": DESA,
    "keluarga.CapData": DESA,
    # --- impor
    "impor.Impor": Sebar("desa", "desa_id NOT NULL (impor memilih desanya sebelum disimpan)"),
    # --- poktan
    "poktan.Kelompok": DESA,
    "poktan.HistoricalKelompok": RIWAYAT_DESA,
    "poktan.Kelompok_wilayah_dusun": _tambah("kelompok__desa"),
    "poktan.Kelompok_wilayah_rw": _tambah("kelompok__desa"),
    "poktan.Kelompok_kader": _tambah("kelompok__desa"),
    "poktan.Pengurus": _tambah("kelompok__desa"),
    "poktan.HistoricalPengurus": _riwayat("kelompok__desa"),
    "poktan.Keanggotaan": _tambah("kelompok__desa"),
    "poktan.HistoricalKeanggotaan": _riwayat("kelompok__desa"),
    "poktan.Topik": Referensi("daftar topik penyuluhan per jenis poktan"),
    "poktan.Pertemuan": _tambah("kelompok__desa"),
    "poktan.HistoricalPertemuan": _riwayat("kelompok__desa"),
    "poktan.Kehadiran": _tambah("pertemuan__kelompok__desa"),
    "poktan.KeuanganUppka": _tambah("kelompok__desa"),
    "poktan.HistoricalKeuanganUppka": _riwayat("kelompok__desa"),
    "poktan.Penimbangan": _tambah("pertemuan__kelompok__desa"),
    "poktan.HistoricalPenimbangan": _riwayat("pertemuan__kelompok__desa"),
    "poktan.KartuKembangAnak": _tambah("kelompok__desa"),
    "poktan.HistoricalKartuKembangAnak": _riwayat("kelompok__desa"),
    "poktan.KemandirianLansia": _tambah("anggota__desa"),
    "poktan.HistoricalKemandirianLansia": _riwayat("anggota__desa"),
    "poktan.RegisterKelompok": _tambah("kelompok__desa"),
    "poktan.HistoricalRegisterKelompok": _riwayat("kelompok__desa"),
    # --- pendampingan
    "pendampingan.TimPendamping": DESA,
    "pendampingan.HistoricalTimPendamping": RIWAYAT_DESA,
    "pendampingan.TimPendamping_rt": _tambah("timpendamping__desa"),
    "pendampingan.TimPendamping_anggota": _tambah("timpendamping__desa"),
    "pendampingan.HistoricalTimPendamping_rt": _riwayat("history__desa"),
    "pendampingan.HistoricalTimPendamping_anggota": _riwayat("history__desa"),
    "pendampingan.Catin": DESA,
    "pendampingan.HistoricalCatin": RIWAYAT_DESA,
    "pendampingan.Skrining": _tambah("catin__desa"),
    "pendampingan.HistoricalSkrining": _riwayat("catin__desa"),
    # A visit names a bride, a pregnancy or a person (one of three): desa_id from whichever.
    "pendampingan.Kunjungan": _tambah("anggota__desa"),
    "pendampingan.HistoricalKunjungan": _riwayat("anggota__desa"),
    "pendampingan.Rujukan": _tambah("anak__desa"),
    "pendampingan.HistoricalRujukan": _riwayat("anak__desa"),
    # --- laporan
    "laporan.PeriodeBulan": DESA,
    "laporan.AngkaBulan": DESA,
    "laporan.RiwayatPeriode": _tambah("periode__desa"),
    "laporan.RapatBulanan": _tambah("periode__desa"),
    "laporan.DaftarTersimpan": DESA,
    "laporan.DaftarTersimpanItem": _tambah("daftar__desa"),
    # --- kampungkb
    "kampungkb.Instansi": Referensi("daftar instansi lintas sektor"),
    "kampungkb.Kegiatan": DESA,
    "kampungkb.HistoricalKegiatan": RIWAYAT_DESA,
    "kampungkb.Kegiatan_instansi": _tambah("kegiatan__desa"),
    "kampungkb.SasaranKegiatan": _tambah("kegiatan__desa"),
    "kampungkb.HistoricalSasaranKegiatan": _riwayat("kegiatan__desa"),
    "kampungkb.FotoKegiatan": _tambah("kegiatan__desa"),
    "kampungkb.ProfilKampungKB": DESA,
    "kampungkb.HistoricalProfilKampungKB": RIWAYAT_DESA,
    "kampungkb.ProfilKampungKB_cakupan_dusun": _tambah("profilkampungkb__desa"),
    "kampungkb.ProfilKampungKB_cakupan_rw": _tambah("profilkampungkb__desa"),
    "kampungkb.ProfilKampungKB_cakupan_rt": _tambah("profilkampungkb__desa"),
    "kampungkb.AnggotaPokja": _tambah("profil__desa"),
    "kampungkb.HistoricalAnggotaPokja": _riwayat("profil__desa"),
    "kampungkb.PotensiDesa": DESA,
    "kampungkb.RapatDetail": _tambah("rapat__periode__desa"),
    "kampungkb.HistoricalRapatDetail": _riwayat("rapat__periode__desa"),
    "kampungkb.RumahDataKu": DESA,
    "kampungkb.HistoricalRumahDataKu": RIWAYAT_DESA,
    "kampungkb.AturanRumahDataKu": Referensi("aturan tingkat Rumah DataKu, nasional"),
}

# Unique keys of distributed tables that neither contain the desa nor a foreign key to another
# distributed table: "label.key" (a field name or a constraint name) → what replaces it.
KUNCI_GLOBAL: dict[str, str] = {
    "keluarga.Anggota.anggota_nik_unik": (
        "NIK unik se-Indonesia: tabel registri nik_terdaftar (nik PRIMARY KEY, desa_id, "
        "anggota_id) didistribusikan menurut NIK; penyimpanan menulis registri dan baris anggota "
        "dalam satu transaksi 2PC; di dalam desa (desa_id, nik) tetap unik"
    ),
    "keluarga.Keluarga.no_kk": (
        "No KK unik se-Indonesia: tabel registri no_kk_terdaftar (no_kk PRIMARY KEY, desa_id, "
        "keluarga_id) didistribusikan menurut No KK; di dalam desa (desa_id, no_kk)"
    ),
    "keluarga.Keluarga.uuid_luring": "(desa_id, uuid_luring): ponsel kader bekerja di satu desa",
    "keluarga.Anggota.uuid_luring": "(desa_id, uuid_luring): ponsel kader bekerja di satu desa",
    "keluarga.Kehamilan.uuid_luring": "(desa_id, uuid_luring): ponsel kader bekerja di satu desa",
    "keluarga.StatusKB.uuid_luring": "(desa_id, uuid_luring): ponsel kader bekerja di satu desa",
    "poktan.Pertemuan.uuid_luring": "(desa_id, uuid_luring): ponsel kader bekerja di satu desa",
}


def klasifikasi(label: str) -> Sebar | Referensi | Lokal | None:
    return TABEL.get(label)
