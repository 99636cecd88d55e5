"""The kader's first screen, "Hari ini" (issue 20): their groups with the last meeting and the
expected next one, and the visits due in their regions (counts of the data-quality checks a
house visit settles). Read-only; the page is the home page (rumahdataku/beranda.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max

from keluarga import akses, kualitas
from keluarga import indicators as ind
from poktan.kode import JenisKelompok
from poktan.models import Kelompok, Pertemuan

# The checks a kader settles by visiting the house (keys of keluarga.kualitas.CEK).
CEK_KUNJUNGAN = ("pus_belum_terdata", "belum_diverifikasi_12_bulan")


@dataclass(frozen=True)
class KelompokHariIni:
    kelompok: Kelompok
    terakhir: dt.date | None
    berikutnya: dt.date | None  # a month after the last meeting (groups meet monthly)
    bulan_ini_sudah: bool

    @property
    def posyandu(self) -> bool:
        return self.kelompok.jenis == JenisKelompok.POSYANDU


def kelompok_kader(user, hari: dt.date) -> list[KelompokHariIni]:
    """The kader's active groups, the ones without this month's meeting first (2 queries)."""
    kelompok = list(Kelompok.objects.filter(kader=user, aktif=True).order_by("jenis", "nama"))
    terakhir = dict(
        Pertemuan.objects.filter(kelompok__in=kelompok, tanggal__lte=hari)
        .values("kelompok")
        .annotate(t=Max("tanggal"))
        .values_list("kelompok", "t")
    )
    baris = []
    for k in kelompok:
        t = terakhir.get(k.pk)
        baris.append(
            KelompokHariIni(
                kelompok=k,
                terakhir=t,
                berikutnya=ind.tambah_bulan(t, 1) if t else None,
                bulan_ini_sudah=bool(t and (t.year, t.month) == (hari.year, hari.month)),
            )
        )
    return sorted(baris, key=lambda b: b.bulan_ini_sudah)


def kunjungan(user, hari: dt.date) -> list[dict]:
    """Visits due in the kader's own regions: each check's title, key and count."""
    rt_ids = akses.rt_kader_ids(user)
    desa_ids = list(akses.desa_qs(user).values_list("pk", flat=True))
    if not desa_ids or not rt_ids:
        return []
    jumlah = kualitas.hitung_semua(hari, desa_ids, rt_ids)
    return [
        {"kunci": k, "judul": kualitas.CEK[k].judul, "jumlah": jumlah.get(k, 0)}
        for k in CEK_KUNJUNGAN
    ]
