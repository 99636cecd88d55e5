"""Closing several months in order in one step (issue 20 point 5).

When earlier months are still open, the chosen month is closed with its meeting and the
earlier ones are closed *without a meeting*, month by month through the one-by-one service
`laporan.services.tutup_bulan`, so their snapshots and rules are exactly those of a close
one at a time. Each month is its own transaction: a refusal keeps the months already closed,
and closing again resumes at the first month still open (the state is the database's).

An earlier month closed this way has no `RapatBulanan`; its close in `RiwayatPeriode` carries
the text "ditutup tanpa rapat, bersama bulan X", which the report and the print show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from keluarga.models import Desa
from laporan import laporan as lap
from laporan import services
from laporan.cetak import nama_bulan
from laporan.models import PeriodeBulan, RapatBulanan, RiwayatPeriode

AWALAN_TANPA_RAPAT = "ditutup tanpa rapat, bersama bulan "


def _berikut(d: dt.date) -> dt.date:
    return dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)


def _kode(d: dt.date) -> str:
    return f"{d:%Y-%m}"


def bulan_terbuka_sampai(desa: Desa, tahun: int, bulan: int) -> list[dt.date]:
    """The open months from the first one not closed up to and including (tahun, bulan)."""
    target = dt.date(tahun, bulan, 1)
    if desa.bulan_awal_data is None:
        return []
    ditutup = set(
        PeriodeBulan.objects.filter(
            desa=desa, status=PeriodeBulan.Status.DITUTUP, bulan__lte=target
        ).values_list("bulan", flat=True)
    )
    hasil, d = [], desa.bulan_awal_data.replace(day=1)
    while d <= target:
        if d not in ditutup:
            hasil.append(d)
        d = _berikut(d)
    return hasil


def keterangan_tanpa_rapat(bersama: dt.date) -> str:
    """The stored and printed note of a month closed without its own meeting."""
    return _("ditutup tanpa rapat, bersama bulan %(b)s") % {"b": nama_bulan(_kode(bersama))}


def catatan_tutup(periode: PeriodeBulan | None) -> str:
    """The note of the month's last close when it was closed without a meeting (and none was
    recorded for it since), else ""."""
    if periode is None or periode.status != PeriodeBulan.Status.DITUTUP:
        return ""
    if RapatBulanan.objects.filter(periode=periode).exists():
        return ""
    terakhir = (
        RiwayatPeriode.objects.filter(periode=periode, aksi=RiwayatPeriode.Aksi.TUTUP)
        .order_by("-waktu", "-id")
        .values_list("alasan", flat=True)
        .first()
    )
    return terakhir if terakhir and terakhir.startswith(AWALAN_TANPA_RAPAT) else ""


@transaction.atomic
def _tutup_tanpa_rapat(*, desa, awal: dt.date, oleh, rapat: dict, bersama: dt.date):
    """One earlier month: the one-by-one close, then its meeting record taken back out.

    `tutup_bulan` records a meeting with every close; the month that had none gets the
    chosen month's meeting only to pass that service, and loses it in the same transaction.
    """
    periode = services.tutup_bulan(
        desa=desa, tahun=awal.year, bulan=awal.month, oleh=oleh, rapat=rapat
    )
    RapatBulanan.objects.filter(periode=periode).delete()
    riwayat = (
        RiwayatPeriode.objects.filter(periode=periode, aksi=RiwayatPeriode.Aksi.TUTUP)
        .order_by("-waktu", "-id")
        .first()
    )
    riwayat.alasan = keterangan_tanpa_rapat(bersama)
    riwayat.save(update_fields=["alasan"])
    return periode


@dataclass
class Hasil:
    """What one call closed, what refused (month and message), and what is still open."""

    ditutup: list[dt.date] = field(default_factory=list)
    ditolak: dt.date | None = None
    pesan: str = ""
    sisa: list[dt.date] = field(default_factory=list)

    @property
    def selesai(self) -> bool:
        return self.ditolak is None and not self.sisa


def tutup_beruntun(
    *, desa: Desa, tahun: int, bulan: int, oleh, rapat: dict, paling_banyak: int | None = None
) -> Hasil:
    """Close every open month up to (tahun, bulan) in order; the last one with `rapat`.

    At most `paling_banyak` months per call (the page closes one per request to show
    progress). A refusal stops at that month and keeps the ones closed before it.
    """
    target = dt.date(tahun, bulan, 1)
    antre = bulan_terbuka_sampai(desa, tahun, bulan)
    hasil = Hasil()
    for i, awal in enumerate(antre):
        if paling_banyak is not None and len(hasil.ditutup) >= paling_banyak:
            hasil.sisa = antre[i:]
            break
        try:
            if awal == target:
                services.tutup_bulan(
                    desa=desa, tahun=awal.year, bulan=awal.month, oleh=oleh, rapat=rapat
                )
            else:
                _tutup_tanpa_rapat(desa=desa, awal=awal, oleh=oleh, rapat=rapat, bersama=target)
        except (ValidationError, lap.LaporanDitolak) as e:
            hasil.ditolak = awal
            hasil.pesan = " ".join(getattr(e, "messages", None) or [str(e)])
            hasil.sisa = antre[i:]
            break
        hasil.ditutup.append(awal)
    return hasil
