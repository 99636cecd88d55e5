"""The Kampung KB home of a desa: profile, scorecard, plan vs realisation, recent photos."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kampungkb.akses import desa_untuk
from kampungkb.models import FotoKegiatan, ProfilKampungKB
from kampungkb.ringkasan import bulan_geser, ringkasan_kepala_desa, skor_bulan
from keluarga import akses
from keluarga.akses import K
from laporan import laporan as lap


def pilih(request):
    """Start page: the user's (first) desa (a kecamatan has no single-desa pages: 403)."""
    akses.wajib(request.user, K.LIHAT_LAPORAN)
    if akses.hanya_agregat(request.user):
        akses.wajib(request.user, K.BACA_KELUARGA)
    desa = akses.desa_qs(request.user).first()
    if desa is None:
        raise Http404(_("Tidak ada desa dalam lingkup Anda."))
    return redirect("kampungkb:desa", kode=desa.kode)


def desa(request, kode: str):
    desa_obj = desa_untuk(request.user, kode, K.LIHAT_LAPORAN)
    hari_ini = timezone.localdate()
    lalu = bulan_geser(hari_ini, -1)
    skor = None
    if akses.boleh(request.user, K.PORTAL_KAMPUNG_KB):
        try:
            skor = skor_bulan(desa_obj, lalu.year, lalu.month)
        except lap.LaporanDitolak as e:
            skor = {"galat": str(e), "baris": []}
    foto = []
    if akses.boleh(request.user, K.FOTO_KEGIATAN):
        foto = list(
            FotoKegiatan.objects.filter(kegiatan__desa=desa_obj)
            .select_related("kegiatan")
            .order_by("-diunggah", "-pk")[:6]
        )
    return render(
        request,
        "kampungkb/desa.html",
        {
            "desa": desa_obj,
            "profil": ProfilKampungKB.objects.filter(desa=desa_obj).first(),
            "skor": skor,
            "rkd": ringkasan_kepala_desa(desa_obj, hari_ini),
            "foto": foto,
            "bulan_rapat": f"{lalu:%Y-%m}",
        },
    )
