"""The PUS register (issue 17 point 4): choose year and RT, the page, print view, PDF and Excel.

ROLES.md rows: "SIGA registers K/0 and R/I, PUS register: print (NIK masked on paper)" — the
page, the print view and the PDF (K.CETAK_REGISTER; a kader: own regions) — and "SIGA registers
and PUS register as Excel (a name list in a file)" (K.EKSPOR_REGISTER; Penyuluh KB masked; not
the kader). Every view, print and file writes the access log. Without an RT in the URL the
register covers every RT of the desa in the user's scope (a kader's own regions), one part each.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from keluarga import akses
from keluarga.akses import K
from keluarga.models import LogAkses
from laporan import cetak
from laporan import register_pus as rp
from laporan.akses import desa_laporan
from laporan.register_pus_excel import buku_register_pus

TAHUN_PERTAMA = 2000


class _TahunDitolak(Exception):
    pass


def _rt_lingkup(user, desa):
    return akses.rt_qs(user).filter(desa=desa).select_related("rw__dusun")


def _register(request, kode: str, tahun: int, rt_id: int | None, kemampuan: K):
    """Gate (403/404), the year check and the register; the RTs are the one in the URL (404
    outside the user's scope) or every RT of the desa in scope."""
    desa = desa_laporan(request.user, kode, kemampuan)
    hari_ini = timezone.localdate()
    if tahun > hari_ini.year:
        raise _TahunDitolak(
            _("Register PUS tahun %(t)s belum bisa dibuat: tahun itu belum berjalan.")
            % {"t": tahun}
        )
    if tahun < TAHUN_PERTAMA:
        raise _TahunDitolak(_("Tahun %(t)s tidak dikenal.") % {"t": tahun})
    rts = _rt_lingkup(request.user, desa)
    if rt_id is not None:
        rt_ids = [akses.ambil(rts, pk=rt_id).pk]
    else:
        rt_ids = list(rts.values_list("pk", flat=True))
    reg = rp.susun_register(desa, tahun, rt_ids, hari_ini=hari_ini)
    return desa, reg


def _judul(reg: rp.RegisterPUS, rt_id: int | None) -> str:
    wilayah = str(reg.bagian[0].rt) if rt_id is not None and reg.bagian else _("wilayah")
    return f"Register PUS {reg.desa.kode} {wilayah} {reg.tahun}"


def _ditolak(request, kode: str, e: _TahunDitolak):
    messages.error(request, str(e))
    return redirect("laporan:register_pus_pilih", kode=kode)


def _url(nama: str, kode: str, tahun: int, rt_id: int | None) -> str:
    if rt_id is None:
        return reverse(f"laporan:register_pus_wilayah{nama}", args=[kode, tahun])
    return reverse(f"laporan:register_pus{nama}", args=[kode, tahun, rt_id])


def _nomor(reg: rp.RegisterPUS, tampil) -> None:
    """Number the rows per RT and set the NIK shown (full or masked)."""
    for bagian in reg.bagian:
        for i, b in enumerate(bagian.baris, start=1):
            b.no = i
            b.nik_tampil = tampil(b.nik)


def pilih(request, kode: str):
    """Choose a year and an RT (ROLES.md: "... PUS register: print"; a kader: own regions)."""
    desa = desa_laporan(request.user, kode, K.CETAK_REGISTER)
    rts = list(_rt_lingkup(request.user, desa))
    hari_ini = timezone.localdate()
    if request.GET.get("tahun"):
        try:
            tahun = int(request.GET["tahun"])
        except ValueError:
            messages.error(request, _("Tahun harus berupa angka, misalnya %(t)s.") % {"t": 2025})
        else:
            rt = request.GET.get("rt") or ""
            if rt.isdigit():
                return redirect("laporan:register_pus", kode=kode, tahun=tahun, rt_id=int(rt))
            return redirect("laporan:register_pus_wilayah", kode=kode, tahun=tahun)
    awal = desa.bulan_awal_data.year if desa.bulan_awal_data else hari_ini.year - 4
    tahun_pilihan = list(range(hari_ini.year, max(TAHUN_PERTAMA, min(awal, hari_ini.year)) - 1, -1))
    return render(
        request,
        "laporan/register_pus_pilih.html",
        {"desa": desa, "rts": rts, "tahun_pilihan": tahun_pilihan},
    )


def halaman(request, kode: str, tahun: int, rt_id: int | None = None):
    """The register on screen (ROLES.md: "... PUS register: print"); full NIK for the roles that
    see it on screen (ROLES.md: "Full NIK / No KK on screen")."""
    try:
        desa, reg = _register(request, kode, tahun, rt_id, K.CETAK_REGISTER)
    except _TahunDitolak as e:
        return _ditolak(request, kode, e)
    penuh = akses.boleh_nik_penuh(request.user)
    _nomor(reg, (lambda n: n or "-") if penuh else akses.samarkan)
    akses.catat_akses(
        request.user, LogAkses.Jenis.DAFTAR_NAMA, _judul(reg, rt_id), request.get_full_path()
    )
    return render(
        request,
        "laporan/register_pus.html",
        {
            "desa": desa,
            "reg": reg,
            "kolom": rp.KOLOM,
            "bulan_singkat": rp.BULAN_SINGKAT,
            "keterangan": rp.KETERANGAN_KODE,
            "url_cetak": _url("_cetak", kode, tahun, rt_id),
            "url_pdf": _url("_pdf", kode, tahun, rt_id),
            "url_excel": _url("_excel", kode, tahun, rt_id),
            "boleh_excel": akses.boleh(request.user, K.EKSPOR_REGISTER),
        },
    )


def _kertas(request) -> str:
    return "f4" if request.GET.get("kertas") == "f4" else "a4"


def _konteks_cetak(request, desa, reg) -> dict:
    # On paper the NIK is always masked, whoever prints (ROLES.md).
    _nomor(reg, akses.samarkan)
    return {
        "desa": desa,
        "reg": reg,
        "kolom": rp.KOLOM,
        "bulan_singkat": rp.BULAN_SINGKAT,
        "keterangan": rp.KETERANGAN_KODE,
        "kertas": _kertas(request),
        "sebutan_desa": "Kelurahan" if desa.kelurahan else "Desa",
        "ttd": cetak.penandatangan(desa),
        "dicetak": timezone.localdate(),
    }


def _register_dicetak(request, kode: str, tahun: int, rt_id: int | None, bentuk: str):
    """The register to print or export as PDF, its reading logged with `bentuk` (raises
    _TahunDitolak like _register)."""
    desa, reg = _register(request, kode, tahun, rt_id, K.CETAK_REGISTER)
    akses.catat_akses(
        request.user,
        LogAkses.Jenis.DAFTAR_NAMA,
        f"{_judul(reg, rt_id)} ({bentuk})",
        request.get_full_path(),
    )
    return desa, reg


def cetak_view(request, kode: str, tahun: int, rt_id: int | None = None):
    """The print view: paper layout (A4/F4 landscape) in @media print, reflowing on screen."""
    try:
        desa, reg = _register_dicetak(request, kode, tahun, rt_id, "cetak")
    except _TahunDitolak as e:
        return _ditolak(request, kode, e)
    return render(request, "laporan/register_pus_cetak.html", _konteks_cetak(request, desa, reg))


def pdf_view(request, kode: str, tahun: int, rt_id: int | None = None):
    try:
        desa, reg = _register_dicetak(request, kode, tahun, rt_id, "PDF")
    except _TahunDitolak as e:
        return _ditolak(request, kode, e)
    ctx = {**_konteks_cetak(request, desa, reg), "pdf": True}
    isi = cetak.pdf_dari_html(render_to_string("laporan/register_pus_cetak.html", ctx))
    resp = HttpResponse(isi, content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="{_nama_berkas(reg, rt_id)}.pdf"'
    return resp


def _nama_berkas(reg: rp.RegisterPUS, rt_id: int | None) -> str:
    rt = f"-rt{reg.bagian[0].rt.pk}" if rt_id is not None and reg.bagian else ""
    return f"register-pus-{reg.desa.kode}-{reg.tahun}{rt}"


def excel_view(request, kode: str, tahun: int, rt_id: int | None = None):
    """The register as Excel (ROLES.md: "... PUS register as Excel (a name list in a file)"):
    full NIK for Admin desa and Operator, masked for the Penyuluh KB."""
    try:
        desa, reg = _register(request, kode, tahun, rt_id, K.EKSPOR_REGISTER)
    except _TahunDitolak as e:
        return _ditolak(request, kode, e)
    penuh = akses.tingkat(request.user, K.EKSPOR_REGISTER) == akses.Y
    _nomor(reg, (lambda n: n or "-") if penuh else akses.samarkan)
    akses.catat_akses(
        request.user, LogAkses.Jenis.EKSPOR, f"{_judul(reg, rt_id)} (Excel)", request.path
    )
    buf = io.BytesIO()
    buku_register_pus(reg).save(buf)
    resp = HttpResponse(
        buf.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    resp["Content-Disposition"] = f'attachment; filename="{_nama_berkas(reg, rt_id)}.xlsx"'
    return resp
