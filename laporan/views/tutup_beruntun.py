"""Close the open months up to a chosen one in one step, with progress (issue 20 point 5)."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from keluarga.akses import K
from laporan import laporan as lap
from laporan import tutup_beruntun as tb
from laporan.akses import desa_laporan
from laporan.cetak import nama_bulan
from laporan.forms import TutupBulanForm


class TutupBeruntunForm(TutupBulanForm):
    """The chosen month's meeting, and how many months this run set out to close."""

    total = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


def _baris(antre, target):
    return [
        {
            "kode": f"{d:%Y-%m}",
            "nama": nama_bulan(f"{d:%Y-%m}"),
            "dengan_rapat": d == target,
        }
        for d in antre
    ]


def tutup_beruntun(request, kode: str, bulan: str):
    """ROLES.md "Close / reopen a month; record the meeting": the earlier open months closed
    without a meeting, then the chosen month with its meeting, one month per request."""
    desa = desa_laporan(request.user, kode, K.TUTUP_BULAN)
    try:
        tahun, bln = lap.parse_bulan(bulan)
    except lap.LaporanDitolak as e:
        return render(request, "laporan/ditolak.html", {"pesan": str(e), "desa": desa}, status=404)
    target = dt.date(tahun, bln, 1)
    antre = tb.bulan_terbuka_sampai(desa, tahun, bln)
    if not antre or antre[-1] != target:
        messages.info(
            request, _("Tidak ada bulan terbuka sampai %(b)s.") % {"b": nama_bulan(bulan)}
        )
        return redirect("laporan:bulanan", kode=kode, bulan=bulan)
    ctx = {"desa": desa, "bulan": bulan, "nama_bulan": nama_bulan(bulan), "hasil": None}
    if request.method == "POST":
        form = TutupBeruntunForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            total = data.pop("total") or len(antre)
            hasil = tb.tutup_beruntun(
                desa=desa, tahun=tahun, bulan=bln, oleh=request.user, rapat=data, paling_banyak=1
            )
            if hasil.selesai:
                messages.success(
                    request,
                    _("%(n)s bulan ditutup sampai %(b)s; angkanya kini dibekukan.")
                    % {"n": total, "b": nama_bulan(bulan)},
                )
                return redirect("laporan:bulanan", kode=kode, bulan=bulan)
            form = TutupBeruntunForm(initial={**data, "total": total})
            antre = hasil.sisa
            ctx.update(
                hasil=hasil,
                ditolak=nama_bulan(f"{hasil.ditolak:%Y-%m}") if hasil.ditolak else "",
                sudah=total - len(antre),
                total=total,
            )
    else:
        form = TutupBeruntunForm(initial={"total": len(antre)})
    ctx.update(form=form, antre=_baris(antre, target), jumlah=len(antre))
    return render(request, "laporan/tutup_beruntun.html", ctx)
