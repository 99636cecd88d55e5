"""Which month a dashboard opens on (issue 20): the last closed month — the figures the pokja
agreed — with the open month offered beside it as "angka sementara"."""

from __future__ import annotations

import datetime as dt

from laporan.models import PeriodeBulan


def bulan_ditutup_terakhir(desa) -> dt.date | None:
    """The first day of the desa's last closed month, or None when none is closed yet."""
    return (
        PeriodeBulan.objects.filter(desa=desa, status=PeriodeBulan.Status.DITUTUP)
        .order_by("-bulan")
        .values_list("bulan", flat=True)
        .first()
    )


def kode(tanggal: dt.date) -> str:
    return tanggal.strftime("%Y-%m")
