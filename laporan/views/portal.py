"""The Kampung KB portal's monthly form on screen (block `portal_kkbpk`, laporan/portal.py).

ROLES.md row "Kampung KB portal form, classification and Rumah DataKu level (aggregates of the
Kampung KB area)": Admin desa, Operator, Penyuluh KB and Kepala Desa per desa; the Kecamatan
and the Kabupaten aggregated over their desa. The links to the people behind each problem are shown only to roles
with the row "Data-quality worklist".
"""

from django.http import Http404
from django.shortcuts import render

from keluarga import akses
from keluarga.akses import K
from laporan import laporan as lap
from laporan import portal, services
from laporan.akses import desa_laporan, kabupaten_laporan, kecamatan_laporan
from laporan.kabupaten import laporan_kabupaten


def _bulan(kode_bulan: str) -> tuple[int, int]:
    try:
        return lap.parse_bulan(kode_bulan)
    except lap.LaporanDitolak as e:
        raise Http404(str(e)) from e


def _konteks(user, laporan: dict) -> dict:
    b = laporan["portal_kkbpk"]
    umur = [{**u, "jumlah": u["l"] + u["p"]} for u in b["penduduk"]["umur"]]
    return {
        "lap": laporan,
        "b": b,
        "metode": [(label, b["kontrasepsi"][k]) for k, label in portal.METODE_PORTAL],
        "alasan": [(label, b["non_kontrasepsi"][k]) for k, label in portal.ALASAN_PORTAL],
        "ikut": [
            (label, b["ikut_poktan"][k], b["penyebut_poktan"][p], kata)
            for k, label, p, kata in portal.IKUT_PORTAL
        ],
        "jumlah_kontrasepsi": sum(b["kontrasepsi"].values()),
        "jumlah_non": sum(b["non_kontrasepsi"].values()),
        "umur": umur,
        "jiwa_l": sum(u["l"] for u in umur),
        "jiwa_p": sum(u["p"] for u in umur),
        "tautan": akses.boleh(user, K.KUALITAS_DATA),
    }


def formulir(request, kode: str, bulan: str):
    """Formulir Portal Kampung KB of a desa and month (its Kampung KB area, else the desa)."""
    desa = desa_laporan(request.user, kode, K.PORTAL_KAMPUNG_KB)
    if akses.hanya_agregat(request.user):
        # A kecamatan or kabupaten sees its villages only aggregated (ROLES.md).
        akses.wajib(request.user, K.BACA_KELUARGA)
    tahun, bln = _bulan(bulan)
    try:
        laporan = services.laporan_bulan(desa, tahun, bln)
    except lap.LaporanDitolak as e:
        return render(request, "laporan/ditolak.html", {"pesan": str(e), "desa": desa}, status=404)
    return render(request, "laporan/portal.html", {**_konteks(request.user, laporan), "desa": desa})


def formulir_kecamatan(request, kode: str, bulan: str):
    """The kecamatan's sum of its desa's portal forms (ready only when every desa is)."""
    akses.wajib(request.user, K.PORTAL_KAMPUNG_KB)
    kecamatan_laporan(request.user, kode)
    tahun, bln = _bulan(bulan)
    try:
        laporan = services.laporan_kecamatan(kode, tahun, bln, dengan_lalu=False)
    except lap.LaporanDitolak as e:
        return render(request, "laporan/ditolak.html", {"pesan": str(e)}, status=404)
    return render(request, "laporan/portal.html", {**_konteks(request.user, laporan), "desa": None})


def formulir_kabupaten(request, kode: str, bulan: str):
    """The kabupaten's sum of its desa's portal forms (ready only when every desa is)."""
    akses.wajib(request.user, K.PORTAL_KAMPUNG_KB)
    kabupaten_laporan(request.user, kode)
    tahun, bln = _bulan(bulan)
    try:
        laporan = laporan_kabupaten(kode, tahun, bln, dengan_lalu=False)
    except lap.LaporanDitolak as e:
        return render(request, "laporan/ditolak.html", {"pesan": str(e)}, status=404)
    return render(request, "laporan/portal.html", {**_konteks(request.user, laporan), "desa": None})
