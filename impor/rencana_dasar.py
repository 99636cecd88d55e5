"""The import plan's outcome (:class:`Rencana`), its counters and the helpers the planner shares."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from impor.data import GALAT, PERINGATAN, DataBerkas, Masalah
from keluarga import kode
from keluarga.models import (
    RT,
    RW,
    Anggota,
    Desa,
    Dusun,
    Kehamilan,
    Keluarga,
    Peristiwa,
    PindahRumah,
    Rumah,
    StatusKB,
)

JK = kode.JenisKelamin
SH = kode.StatusHidup
SK = kode.StatusKawin
JP = kode.JenisPeristiwa
IMPOR = kode.SumberData.IMPOR

# Kinds of record counted in the preview, in display order.
ENTITAS = {
    "wilayah": _("RT (dengan dusun/RW)"),
    "rumah": _("Rumah"),
    "keluarga": _("Keluarga"),
    "anggota": _("Anggota"),
    "peristiwa": _("Peristiwa"),
    "status_kb": _("Status KB"),
    "kehamilan": _("Kehamilan"),
    "pindah_rumah": _("Pindah rumah"),
}
BARU, DIUBAH, TETAP = "baru", "diubah", "tetap"
TINGKAT = {TETAP: 0, DIUBAH: 1, BARU: 2}

# Events that take a member out of the population, for a status read from the file.
PERISTIWA_STATUS = {
    SH.MENINGGAL: JP.MENINGGAL,
    SH.PINDAH: JP.PINDAH_KELUAR,
    SH.HILANG: JP.PINDAH_KELUAR,
}
POTONG = 2000


def knomor(s: str):
    """RW/RT numbers compare as numbers ('4' is '004')."""
    return int(s) if s.isascii() and s.isdigit() else s


def kdusun(s: str) -> str:
    return " ".join(s.split()).casefold()


def tanggal_teks(d: dt.date | None) -> str:
    return d.strftime("%d-%m-%Y") if d else "-"


def potong(it, n=POTONG):
    it = list(it)
    for i in range(0, len(it), n):
        yield it[i : i + n]


@dataclass
class Rencana:
    """Every write an import would make, and the problems that decide whether it may."""

    data: DataBerkas
    desa: Desa
    tanggal: dt.date
    masalah: list[Masalah] = field(default_factory=list)
    dusun_baru: list[Dusun] = field(default_factory=list)
    rw_baru: list[RW] = field(default_factory=list)
    rt_baru: list[RT] = field(default_factory=list)
    rumah_baru: list[Rumah] = field(default_factory=list)
    rumah_ubah: dict[int, set[str]] = field(default_factory=dict)
    keluarga_baru: list[Keluarga] = field(default_factory=list)
    keluarga_ubah: dict[int, set[str]] = field(default_factory=dict)
    anggota_baru: list[Anggota] = field(default_factory=list)
    anggota_ubah: dict[int, set[str]] = field(default_factory=dict)
    kawin_ubah: list[tuple[Anggota, str]] = field(default_factory=list)
    peristiwa_baru: list[Peristiwa] = field(default_factory=list)
    kb_baru: list[StatusKB] = field(default_factory=list)
    kb_ubah: dict[int, set[str]] = field(default_factory=dict)
    hamil_baru: list[Kehamilan] = field(default_factory=list)
    hamil_ubah: dict[int, set[str]] = field(default_factory=dict)
    pindah_rumah_baru: list[PindahRumah] = field(default_factory=list)
    keluarga_tersentuh: set[int] = field(default_factory=set)
    # The objects behind the *_ubah ids.
    objek: dict[tuple[type, int], object] = field(default_factory=dict)
    hitung: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    hasil_baris: dict[tuple[str, int], str] = field(default_factory=dict)
    tautan_ibu_nama: list[dict] = field(default_factory=list)
    # Mother links of the file left empty or dropped (ambiguous name, no candidate of the right
    # age, a circle): row, child, the mother as written, why (listed on the import record).
    ibu_belum_ditautkan: list[dict] = field(default_factory=list)
    bulan_awal_data: dt.date | None = None  # restoring a desa export: its first month of data
    # Likely duplicates at the door (issue 19): rows linked to an existing person by choice
    # ({"lembar:baris": member id}) and, per new row, existing people it likely is.
    tautan: dict[str, int] = field(default_factory=dict)
    usulan_ganda: list[dict] = field(default_factory=list)

    @property
    def galat(self) -> list[Masalah]:
        return [m for m in self.masalah if m.jenis == GALAT]

    @property
    def peringatan(self) -> list[Masalah]:
        return [m for m in self.masalah if m.jenis == PERINGATAN]

    @property
    def ada_galat(self) -> bool:
        return any(m.jenis == GALAT for m in self.masalah)

    def jumlah_baris(self) -> Counter:
        """Rows of the file by outcome: baru, diubah, tetap."""
        return Counter(self.hasil_baris.values())

    @property
    def ada_perubahan(self) -> bool:
        return any(self.hitung[e][BARU] or self.hitung[e][DIUBAH] for e in ENTITAS)

    def ubah(self, obj, fields: set[str] | list[str]) -> None:
        """Queue changed fields of an existing object (saved by bulk_update with history)."""
        daftar = {
            Rumah: self.rumah_ubah,
            Keluarga: self.keluarga_ubah,
            Anggota: self.anggota_ubah,
            StatusKB: self.kb_ubah,
            Kehamilan: self.hamil_ubah,
        }[type(obj)]
        daftar.setdefault(obj.pk, set()).update(fields)
        self.objek[(type(obj), obj.pk)] = obj

    def sidik(self) -> str:
        """A digest of the planned outcome: confirming is refused if it changed since preview."""
        isi = {
            "hitung": {e: dict(c) for e, c in sorted(self.hitung.items()) if any(c.values())},
            "baris": sorted(f"{k[0]}:{k[1]}:{v}" for k, v in self.hasil_baris.items()),
            "ubah": sorted(
                f"{m.__name__}:{pk}:{','.join(sorted(f))}"
                for m, d in (
                    (Rumah, self.rumah_ubah),
                    (Keluarga, self.keluarga_ubah),
                    (Anggota, self.anggota_ubah),
                    (StatusKB, self.kb_ubah),
                    (Kehamilan, self.hamil_ubah),
                )
                for pk, f in d.items()
            ),
            "masalah": sorted(str(m) for m in self.masalah),
            "tautan": sorted(f"{k}={v}" for k, v in self.tautan.items()),
        }
        return hashlib.sha256(json.dumps(isi, sort_keys=True).encode()).hexdigest()


def ringkas(s: str) -> str:
    """A reference as shown in a message (shortened)."""
    return s if len(s) <= 80 else s[:77] + "..."
