"""Columns of the Rumah Dataku workbook: one definition for the templates, the reader and the export.

A column has an Indonesian header, the key the reader gives its value under, a kind (how a cell
is parsed and written) and, for coded columns, its code list (TextChoices: the drop-down shows the
labels; the reader accepts the label or the code).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from keluarga import kode


@dataclass(frozen=True)
class Kolom:
    judul: str
    kunci: str
    jenis: str = "teks"  # teks nik no_kk tanggal kode bilangan desimal ya_tidak ks json
    pilihan: type[models.TextChoices] | None = None
    wajib: bool = (
        False  # the header must have it (a cell may still be empty unless the row needs it)
    )
    templat: bool = True  # in the downloadable template (else only in exports)
    pulihkan: bool = False  # read only when restoring a desa export
    lebar: int = 14
    keterangan: str = ""
    maks: int = 0  # longest text allowed (the model field's max_length); 0 = not text


YA_TIDAK = ("Ya", "Tidak")

LEMBAR_INFO = "Info"
LEMBAR_KODE = "Kode"
LEMBAR_PETUNJUK = "Petunjuk"
LEMBAR_WILAYAH = "Wilayah"
LEMBAR_RUMAH = "Rumah"
LEMBAR_KELUARGA = "Keluarga"
LEMBAR_ANGGOTA = "Anggota"
LEMBAR_KB = "Status KB"
LEMBAR_HAMIL = "Kehamilan"
LEMBAR_PERISTIWA = "Peristiwa"
LEMBAR_PINDAH_RUMAH = "Pindah rumah"

# The Info sheet of a whole-desa export says so; only then is KB history restored as written.
JENIS_EKSPOR_DESA = "Ekspor desa lengkap"


def _wilayah() -> list[Kolom]:
    return [
        Kolom("Dusun", "dusun", "dusun", wajib=True, lebar=18),
        Kolom(
            "RW",
            "rw",
            "rw",
            wajib=True,
            lebar=6,
            keterangan="1-3 angka; kosong atau - bila tanpa RW",
        ),
        Kolom("RT", "rt", "rt", wajib=True, lebar=6, keterangan="1-3 angka"),
    ]


def _rumah() -> list[Kolom]:
    return [
        Kolom("Nomor rumah", "nomor_rumah", lebar=10, maks=20),
        Kolom("Alamat", "alamat", lebar=24, maks=200),
        Kolom("Lintang", "lat", "desimal", lebar=11, keterangan="contoh -6.8871"),
        Kolom("Bujur", "lng", "desimal", lebar=11, keterangan="contoh 109.6753"),
    ]


def _orang() -> list[Kolom]:
    """How a history row names its person: NIK, or No KK + name + birth date without one."""
    return [
        Kolom("Kode anggota", "kode_anggota", templat=False, lebar=10),
        Kolom("NIK", "nik", "nik", wajib=True, lebar=19),
        Kolom("No KK", "no_kk", "no_kk", lebar=19, keterangan="bila NIK belum ada"),
        Kolom("Nama", "nama", lebar=24, keterangan="bila NIK belum ada", maks=150),
        Kolom(
            "Tanggal lahir", "tanggal_lahir", "tanggal", lebar=12, keterangan="bila NIK belum ada"
        ),
    ]


def _sumber() -> Kolom:
    return Kolom("Sumber", "sumber", "kode", kode.SumberData, templat=False, pulihkan=True)


KOLOM_PK = [Kolom(f"PK {n}", f"pk_{n}", "ya_tidak", lebar=6) for n in range(1, 19)]
KOLOM_KS = [Kolom(f"KS {n}", f"ks_{n}", "kode", kode.JawabanKS, lebar=6) for n in range(1, 22)]

LEMBAR: dict[str, list[Kolom]] = {
    LEMBAR_WILAYAH: _wilayah(),
    LEMBAR_RUMAH: [Kolom("Kode rumah", "kode_rumah", wajib=True, lebar=10), *_wilayah(), *_rumah()],
    LEMBAR_KELUARGA: [
        Kolom("No KK", "no_kk", "no_kk", wajib=True, lebar=19),
        *_wilayah(),
        *_rumah(),
        Kolom("Kode rumah", "kode_rumah", templat=False, lebar=10),
        Kolom("Sumber air minum", "sumber_air", "kode", kode.SumberAir, lebar=22),
        Kolom("Jamban", "jamban", "kode", kode.Jamban, lebar=22),
        Kolom("Lantai", "lantai", "kode", kode.Lantai),
        Kolom("Dinding", "dinding", "kode", kode.Dinding),
        Kolom("Atap", "atap", "kode", kode.Atap),
        Kolom("Penerangan", "penerangan", "kode", kode.Penerangan),
        Kolom("Bahan bakar memasak", "bahan_bakar", "kode", kode.BahanBakar),
        Kolom("Kepemilikan rumah", "kepemilikan_rumah", "kode", kode.KepemilikanRumah),
        Kolom("Luas lantai (m2)", "luas_lantai", "bilangan", lebar=8),
        Kolom("Jumlah penghuni", "jumlah_penghuni", "bilangan", lebar=8),
        Kolom("Penerima bansos", "penerima_bansos", "ya_tidak", lebar=8),
        Kolom("Terakhir diverifikasi", "terakhir_diverifikasi", "tanggal", lebar=12),
        *KOLOM_PK,
        *KOLOM_KS,
        _sumber(),
    ],
    LEMBAR_ANGGOTA: [
        Kolom("Kode anggota", "kode_anggota", templat=False, lebar=10),
        Kolom("No KK", "no_kk", "no_kk", wajib=True, lebar=19),
        Kolom("NIK", "nik", "nik", wajib=True, lebar=19, keterangan="kosong bila belum ada"),
        Kolom("Nama", "nama", wajib=True, lebar=24, maks=150),
        Kolom("Jenis kelamin", "jenis_kelamin", "kode", kode.JenisKelamin, wajib=True),
        Kolom("Tempat lahir", "tempat_lahir", lebar=14, maks=100),
        Kolom("Tanggal lahir", "tanggal_lahir", "tanggal", wajib=True, lebar=12),
        Kolom("Status kawin", "status_kawin", "kode", kode.StatusKawin, wajib=True),
        Kolom("Usia kawin pertama", "usia_kawin_pertama", "bilangan", lebar=8),
        Kolom("Akta lahir", "akta_lahir", "kode", kode.AktaLahir, lebar=8),
        Kolom("Hubungan", "hubungan", "kode", kode.HubunganKK, wajib=True, lebar=16),
        Kolom("NIK ibu", "ibu_nik", "nik", lebar=19),
        Kolom("Nama ibu", "nama_ibu", lebar=24, maks=150),
        Kolom("Kode ibu", "kode_ibu", templat=False, lebar=10),
        Kolom("Agama", "agama", "kode", kode.Agama),
        Kolom("Pekerjaan", "pekerjaan", "kode", kode.Pekerjaan, lebar=18),
        Kolom("Pendidikan", "pendidikan", "kode", kode.Pendidikan, lebar=18),
        Kolom("JKN", "jkn", "kode", kode.JKN, lebar=16),
        Kolom("Keberadaan", "keberadaan", "kode", kode.Keberadaan, lebar=16),
        Kolom("Jumlah anak hidup", "jumlah_anak_hidup", "bilangan", lebar=8),
        Kolom("Status", "status_hidup", "kode", kode.StatusHidup, templat=False),
        Kolom("Kode asli", "kode_asli", "json", templat=False, lebar=20),
        Kolom(
            "Ibu belum ditautkan",
            "ibu_belum_ditautkan",
            "ya_tidak",
            templat=False,
            pulihkan=True,
            lebar=8,
        ),
        _sumber(),
    ],
    LEMBAR_KB: [
        *_orang(),
        Kolom("Metode KB", "metode", "kode", kode.MetodeKB, wajib=True),
        Kolom("Alasan tidak ber-KB", "alasan", "kode", kode.AlasanTidakKB, wajib=True, lebar=24),
        Kolom(
            "Keinginan punya anak",
            "niat",
            "kode",
            kode.AlasanTidakKB,
            lebar=24,
            keterangan="untuk MAL atau KB tradisional: IAS, IAT atau TIAL (portal Kampung KB)",
        ),
        Kolom("Tempat pelayanan", "tempat_pelayanan", lebar=18, maks=100),
        Kolom("Mulai", "mulai", "tanggal", templat=False, pulihkan=True, lebar=12),
        Kolom("Selesai", "selesai", "tanggal", templat=False, pulihkan=True, lebar=12),
        Kolom("Baru", "baru", "ya_tidak", templat=False, pulihkan=True, lebar=6),
        _sumber(),
    ],
    LEMBAR_HAMIL: [
        *_orang(),
        Kolom(
            "HPHT", "hpht", "tanggal", wajib=True, lebar=12, keterangan="hari pertama haid terakhir"
        ),
        Kolom("HPL", "hpl", "tanggal", wajib=True, lebar=12, keterangan="hari perkiraan lahir"),
        Kolom("Mulai", "mulai", "tanggal", templat=False, lebar=12),
        Kolom("Tanggal berakhir", "selesai", "tanggal", lebar=12),
        Kolom("Hasil", "hasil", "kode", kode.HasilKehamilan, lebar=10),
        _sumber(),
    ],
    LEMBAR_PERISTIWA: [
        *_orang(),
        Kolom("Jenis peristiwa", "jenis", "kode", kode.JenisPeristiwa, wajib=True, lebar=18),
        Kolom("Tanggal", "tanggal", "tanggal", wajib=True, lebar=12),
        Kolom("Tanggal lapor", "tanggal_lapor", "tanggal", lebar=12),
        Kolom("Status kawin lama", "status_kawin_lama", "kode", kode.StatusKawin),
        Kolom("No KK asal", "kk_asal", "no_kk", lebar=19),
        Kolom("No KK tujuan", "kk_tujuan", "no_kk", lebar=19),
        Kolom("Keterangan", "keterangan", lebar=24, maks=200),
        _sumber(),
    ],
    LEMBAR_PINDAH_RUMAH: [
        Kolom("No KK", "no_kk", "no_kk", wajib=True, lebar=19),
        Kolom("Kode rumah asal", "rumah_asal", wajib=True, lebar=10),
        Kolom("Kode rumah tujuan", "rumah_tujuan", wajib=True, lebar=10),
        Kolom("Tanggal", "tanggal", "tanggal", wajib=True, lebar=12),
        Kolom("Tanggal lapor", "tanggal_lapor", "tanggal", lebar=12),
    ],
}

# Sheets read in this order (places before families before members before histories).
URUTAN_LEMBAR = [
    LEMBAR_WILAYAH,
    LEMBAR_RUMAH,
    LEMBAR_KELUARGA,
    LEMBAR_ANGGOTA,
    LEMBAR_PERISTIWA,
    LEMBAR_KB,
    LEMBAR_HAMIL,
    LEMBAR_PINDAH_RUMAH,
]

# The downloadable templates: key -> (title, file name, sheets).
TEMPLAT: dict[str, tuple[object, str, list[str]]] = {
    "keluarga": (
        _("Keluarga dan anggota"),
        "templat-keluarga-anggota.xlsx",
        [LEMBAR_KELUARGA, LEMBAR_ANGGOTA],
    ),
    "kb": (_("Status KB"), "templat-status-kb.xlsx", [LEMBAR_KB]),
    "kehamilan": (_("Kehamilan"), "templat-kehamilan.xlsx", [LEMBAR_HAMIL]),
}


def kolom_templat(lembar: str) -> list[Kolom]:
    return [k for k in LEMBAR[lembar] if k.templat]
