"""What a workbook says, format-independent: rows of places, families, members and histories.

The readers (OpenSID, Rumah Dataku) turn sheets into these; the planner matches them with the
database. No database access here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

GALAT = "galat"
PERINGATAN = "peringatan"


@dataclass(slots=True)
class Masalah:
    """An error (blocks the whole import) or a warning (never blocks), by sheet, row and column."""

    jenis: str
    lembar: str
    baris: int | None
    kolom: str
    pesan: str

    def sebagai_dict(self) -> dict:
        return {
            "jenis": self.jenis,
            "lembar": self.lembar,
            "baris": self.baris,
            "kolom": self.kolom,
            "pesan": self.pesan,
        }

    def __str__(self) -> str:
        tempat = self.lembar
        if self.baris:
            tempat += f", baris {self.baris}"
        if self.kolom:
            tempat += f", kolom {self.kolom}"
        return f"{tempat}: {self.pesan}"


@dataclass(eq=False, slots=True)
class Wilayah:
    """A dusun/RW/RT as written (normalised by the reader)."""

    dusun: str
    rw: str
    rt: str

    @property
    def kunci(self) -> tuple[str, str, str]:
        return (" ".join(self.dusun.split()).casefold(), self.rw, self.rt)


@dataclass(eq=False, slots=True)
class BarisWilayah:
    lembar: str
    baris: int
    wilayah: Wilayah


@dataclass(eq=False, slots=True)
class BarisRumah:
    """A house of the Rumah sheet (a desa export), referred to by its file-local code."""

    lembar: str
    baris: int
    kode: str
    wilayah: Wilayah
    nomor: str = ""
    alamat: str = ""
    lat: Decimal | None = None
    lng: Decimal | None = None


@dataclass(eq=False, slots=True)
class BarisKeluarga:
    """A family: its No KK, where it lives and the family-level fields given (non-empty) in the file."""

    lembar: str
    baris: int
    no_kk: str
    wilayah: Wilayah
    nomor_rumah: str | None = None  # None: no house number in the file
    alamat: str | None = None
    lat: Decimal | None = None
    lng: Decimal | None = None
    kode_rumah: str = ""
    data: dict[str, object] = field(default_factory=dict)
    pembangunan_keluarga: dict[str, bool] = field(default_factory=dict)
    indikator_ks: dict[str, str] = field(default_factory=dict)


@dataclass(eq=False, slots=True)
class BarisAnggota:
    """A member: the fields given (non-empty) in the file, and how to find the mother."""

    lembar: str
    baris: int
    no_kk: str
    data: dict[str, object]
    kode: str = ""
    ibu_nik: str | None = None
    nama_ibu: str = ""
    kode_ibu: str = ""
    kode_asli: dict[str, str] = field(default_factory=dict)
    # Columns as written, for messages (field -> header).
    kolom: dict[str, str] = field(default_factory=dict)
    galat: bool = False
    # Set by the planner: the member this row becomes (existing or new).
    target: object = None
    hasil: str = ""  # "baru" / "diubah" / "tetap"

    @property
    def nik(self) -> str | None:
        return self.data.get("nik")  # type: ignore[return-value]

    @property
    def nama(self) -> str:
        return str(self.data.get("nama") or "")

    @property
    def tanggal_lahir(self) -> dt.date | None:
        return self.data.get("tanggal_lahir")  # type: ignore[return-value]


@dataclass(eq=False, slots=True)
class RujukanOrang:
    """How a history row names its person: the file's code, NIK, or No KK + name + birth date."""

    kode: str = ""
    nik: str | None = None
    no_kk: str | None = None
    nama: str = ""
    tanggal_lahir: dt.date | None = None
    anggota: BarisAnggota | None = None  # OpenSID: the member row itself


@dataclass(eq=False, slots=True)
class BarisKB:
    """A KB status: a method, a reason, or (OpenSID code 100) 'uses no method'."""

    lembar: str
    baris: int
    orang: RujukanOrang
    metode: str = ""
    alasan: str = ""
    niat: str = ""  # the fertility intention of a MAL/traditional user (StatusKB.niat)
    tanpa_metode: bool = False
    tempat: str = ""
    # Only when restoring a desa export: the episode as recorded.
    mulai: dt.date | None = None
    selesai: dt.date | None = None
    baru: bool = False
    sumber: str = ""
    lunak: bool = False  # OpenSID: a contradiction is a warning, the value is skipped
    kolom: str = ""


@dataclass(eq=False, slots=True)
class BarisHamil:
    lembar: str
    baris: int
    orang: RujukanOrang
    hpht: dt.date | None = None
    hpl: dt.date | None = None
    mulai: dt.date | None = None
    selesai: dt.date | None = None
    hasil: str = ""
    sumber: str = ""
    # OpenSID: hamil = 1 (open one if none is open) or 2 (never ends one; a warning if open).
    opensid_hamil: bool | None = None
    lunak: bool = False
    kolom: str = ""


@dataclass(eq=False, slots=True)
class BarisPeristiwa:
    lembar: str
    baris: int
    orang: RujukanOrang
    jenis: str
    tanggal: dt.date
    tanggal_lapor: dt.date | None = None
    status_kawin_lama: str = ""
    kk_asal: str | None = None
    kk_tujuan: str | None = None
    keterangan: str = ""
    sumber: str = ""


@dataclass(eq=False, slots=True)
class BarisPindahRumah:
    lembar: str
    baris: int
    no_kk: str
    rumah_asal: str
    rumah_tujuan: str
    tanggal: dt.date
    tanggal_lapor: dt.date | None = None


@dataclass
class DataBerkas:
    """Everything read from one workbook, with the problems found while reading."""

    format: str
    pulihkan: bool = False  # a Rumah Dataku desa export: dated KB history restored as written
    info: dict[str, str] = field(default_factory=dict)
    wilayah: list[BarisWilayah] = field(default_factory=list)
    rumah: dict[str, BarisRumah] = field(default_factory=dict)
    keluarga: dict[str, BarisKeluarga] = field(default_factory=dict)
    anggota: list[BarisAnggota] = field(default_factory=list)
    status_kb: list[BarisKB] = field(default_factory=list)
    kehamilan: list[BarisHamil] = field(default_factory=list)
    peristiwa: list[BarisPeristiwa] = field(default_factory=list)
    pindah_rumah: list[BarisPindahRumah] = field(default_factory=list)
    masalah: list[Masalah] = field(default_factory=list)
    kolom_diabaikan: dict[str, list[str]] = field(default_factory=dict)
    lembar_diabaikan: list[str] = field(default_factory=list)
    jumlah_baris: int = 0
    baris_kosong: int = 0

    def galat(self, lembar: str, baris: int | None, kolom: str, pesan: str) -> None:
        self.masalah.append(Masalah(GALAT, lembar, baris, kolom, pesan))

    def peringatan(self, lembar: str, baris: int | None, kolom: str, pesan: str) -> None:
        self.masalah.append(Masalah(PERINGATAN, lembar, baris, kolom, pesan))
