"""Outputs of a month: print layout, meeting-pack PDF, Excel workbook."""

import io

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from keluarga.akses import K
from laporan import cetak, services
from laporan import laporan as lap
from laporan.akses import desa_laporan, wilayah_laporan
from laporan.excel import buku_laporan


def _laporan(request, kode, bulan):
    desa = desa_laporan(request.user, kode, K.LIHAT_LAPORAN)
    try:
        tahun, bln = lap.parse_bulan(bulan)
        return desa, services.laporan_bulan(
            desa, tahun, bln, wilayah=wilayah_laporan(request, desa)
        )
    except lap.LaporanDitolak as e:
        raise Http404(str(e)) from e


def _kertas(request) -> str:
    return "f4" if request.GET.get("kertas") == "f4" else "a4"


def cetak_view(request, kode: str, bulan: str):
    desa, laporan = _laporan(request, kode, bulan)
    ctx = cetak.konteks_cetak(request.user, laporan, desa=desa, kertas=_kertas(request))
    return render(request, "laporan/cetak.html", ctx)


def pdf_view(request, kode: str, bulan: str):
    desa, laporan = _laporan(request, kode, bulan)
    from laporan.paket import lampiran_paket

    grafik, peta, notulen = lampiran_paket(request.user, desa, laporan)
    isi = cetak.pdf_laporan(
        laporan,
        user=request.user,
        desa=desa,
        kertas=_kertas(request),
        grafik=grafik,
        peta=peta,
        notulen=notulen,
    )
    resp = HttpResponse(isi, content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="paket-rapat-{kode}-{bulan}.pdf"'
    return resp


def papan_view(request, kode: str, bulan: str):
    """The A3 papan data poster (aggregates only) as a PDF."""
    from laporan.papan import pdf_papan
    from laporan.wilayah import Wilayah

    desa, laporan = _laporan(request, kode, bulan)
    isi = pdf_papan(laporan, desa=desa, wilayah=Wilayah.dari_laporan(laporan))
    resp = HttpResponse(isi, content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="papan-data-{kode}-{bulan}.pdf"'
    return resp


def excel_view(request, kode: str, bulan: str):
    _desa, laporan = _laporan(request, kode, bulan)
    buf = io.BytesIO()
    buku_laporan(laporan).save(buf)
    resp = HttpResponse(
        buf.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    resp["Content-Disposition"] = f'attachment; filename="laporan-{kode}-{bulan}.xlsx"'
    return resp


JUDUL_PDF = _("Paket rapat")
