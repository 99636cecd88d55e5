"""The monthly pokja meeting: generated agenda, minutes form, printable and plain-text minutes."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kampungkb import services
from kampungkb.akses import desa_untuk
from kampungkb.forms import RapatForm
from kampungkb.models import RapatDetail
from kampungkb.rapat import butir_agenda, konteks_notulen, notulen_teks, susun_agenda
from keluarga import akses
from keluarga.akses import K
from laporan import laporan as lap
from laporan.models import PeriodeBulan, RapatBulanan
from laporan.services import periksa_bulan


def _bulan(desa, bulan: str) -> tuple[int, int]:
    try:
        tahun, bln = lap.parse_bulan(bulan)
        periksa_bulan(desa, tahun, bln)
    except lap.LaporanDitolak as e:
        raise Http404(str(e)) from e
    return tahun, bln


def _rapat(desa, tahun: int, bln: int):
    periode = PeriodeBulan.objects.filter(desa=desa, bulan=dt.date(tahun, bln, 1)).first()
    rapat = RapatBulanan.objects.filter(periode=periode).first() if periode else None
    detail = RapatDetail.objects.filter(rapat=rapat).first() if rapat else None
    return periode, rapat, detail


def rapat(request, kode: str, bulan: str):
    desa = desa_untuk(request.user, kode, K.LIHAT_LAPORAN)
    tahun, bln = _bulan(desa, bulan)
    periode, rapat_obj, detail = _rapat(desa, tahun, bln)
    ditutup = periode is not None and periode.status == PeriodeBulan.Status.DITUTUP
    agenda = (detail.agenda if detail else None) or susun_agenda(desa, tahun, bln)
    bisa_catat = akses.boleh(request.user, K.TUTUP_BULAN)
    return render(
        request,
        "kampungkb/rapat.html",
        {
            "desa": desa,
            "bulan": bulan,
            "agenda": agenda,
            "butir": butir_agenda(agenda),
            "rapat": rapat_obj,
            "detail": detail,
            "ditutup": ditutup,
            "bisa_catat": bisa_catat,
            "form": RapatForm(instance=detail, rapat=rapat_obj, ditutup=ditutup)
            if bisa_catat
            else None,
            "notulen": konteks_notulen(rapat_obj) if rapat_obj and not bisa_catat else None,
        },
    )


@require_POST
def simpan(request, kode: str, bulan: str):
    desa = desa_untuk(request.user, kode, K.TUTUP_BULAN)
    tahun, bln = _bulan(desa, bulan)
    periode, rapat_obj, detail = _rapat(desa, tahun, bln)
    ditutup = periode is not None and periode.status == PeriodeBulan.Status.DITUTUP
    form = RapatForm(request.POST, instance=detail, rapat=rapat_obj, ditutup=ditutup)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "versi"}
        try:
            services.simpan_rapat(
                desa=desa,
                tahun=tahun,
                bulan=bln,
                data=data,
                oleh=request.user,
                versi=form.cleaned_data.get("versi"),
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("Notulen rapat tersimpan."))
            return redirect("kampungkb:rapat", kode=kode, bulan=bulan)
    else:
        messages.error(request, _("Periksa isian rapat: tanggal, tempat dan peserta wajib diisi."))
    agenda = (detail.agenda if detail else None) or susun_agenda(desa, tahun, bln)
    return render(
        request,
        "kampungkb/rapat.html",
        {
            "desa": desa,
            "bulan": bulan,
            "agenda": agenda,
            "butir": butir_agenda(agenda),
            "rapat": rapat_obj,
            "detail": detail,
            "ditutup": ditutup,
            "bisa_catat": True,
            "form": form,
        },
        status=400,
    )


@require_POST
def agenda_ulang(request, kode: str, bulan: str):
    desa = desa_untuk(request.user, kode, K.TUTUP_BULAN)
    tahun, bln = _bulan(desa, bulan)
    _periode, _rapat_obj, detail = _rapat(desa, tahun, bln)
    if detail is None:
        messages.error(request, _("Simpan dulu notulen rapat."))
    else:
        services.susun_ulang_agenda(detail=detail, oleh=request.user)
        messages.success(request, _("Agenda disusun ulang dari data terbaru."))
    return redirect("kampungkb:rapat", kode=kode, bulan=bulan)


def _rapat_ada(request, kode: str, bulan: str) -> RapatBulanan:
    desa = desa_untuk(request.user, kode, K.LIHAT_LAPORAN)
    tahun, bln = _bulan(desa, bulan)
    _periode, rapat_obj, _detail = _rapat(desa, tahun, bln)
    if rapat_obj is None:
        raise Http404(_("Rapat bulan ini belum dicatat."))
    return rapat_obj


def notulen(request, kode: str, bulan: str):
    """The minutes on one printable page."""
    rapat_obj = _rapat_ada(request, kode, bulan)
    return render(
        request,
        "kampungkb/notulen_cetak.html",
        {"n": konteks_notulen(rapat_obj), "desa": rapat_obj.periode.desa, "bulan": bulan},
    )


def notulen_txt(request, kode: str, bulan: str):
    rapat_obj = _rapat_ada(request, kode, bulan)
    resp = HttpResponse(notulen_teks(rapat_obj), content_type="text/plain; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="notulen-{kode}-{bulan}.txt"'
    return resp
