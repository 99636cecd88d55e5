"""The monthly report on screen and as JSON; month close and reopen."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keluarga import akses
from keluarga.akses import K
from laporan import laporan as lap
from laporan import services, tutup_beruntun
from laporan.akses import desa_laporan, kabupaten_laporan, kecamatan_laporan, wilayah_laporan
from laporan.forms import BukaKembaliForm, TutupBulanForm
from laporan.kabupaten import laporan_kabupaten
from laporan.models import PeriodeBulan
from laporan.tampilan import kartu_skor_bulan, konteks_laporan


def _bulan(kode_bulan: str) -> tuple[int, int]:
    try:
        return lap.parse_bulan(kode_bulan)
    except lap.LaporanDitolak as e:
        raise Http404(str(e)) from e


def pilih(request):
    """Start page: the user's desa and the current month."""
    akses.wajib(request.user, K.LIHAT_LAPORAN)
    bulan = timezone.localdate().strftime("%Y-%m")
    desa = akses.desa_qs(request.user).first()
    if desa is None:
        raise Http404(_("Tidak ada desa dalam lingkup Anda."))
    jumlah = halaman_jumlah(request.user, desa, bulan)
    if jumlah is not None:
        return jumlah
    return redirect("laporan:bulanan", kode=desa.kode, bulan=bulan)


def halaman_jumlah(user, desa, bulan: str):
    """Kecamatan and Kabupaten have no single-desa page: their start is their sum's page."""
    p = akses.peran(user)
    if p == akses.Peran.KECAMATAN:
        return redirect("laporan:kecamatan", kode=desa.kecamatan_kode, bulan=bulan)
    if p == akses.Peran.KABUPATEN:
        return redirect("laporan:kabupaten", kode=desa.kode[:4], bulan=bulan)
    return None


def bulanan(request, kode: str, bulan: str):
    desa = desa_laporan(request.user, kode)
    tahun, bln = _bulan(bulan)
    wilayah = wilayah_laporan(request, desa)
    try:
        laporan = services.laporan_bulan(desa, tahun, bln, wilayah=wilayah)
    except lap.LaporanDitolak as e:
        return render(request, "laporan/ditolak.html", {"pesan": str(e), "desa": desa}, status=404)
    periode = PeriodeBulan.objects.filter(desa=desa, bulan__year=tahun, bulan__month=bln).first()
    ctx = konteks_laporan(request.user, laporan, desa=desa)
    ctx.update(
        skor=kartu_skor_bulan(desa, laporan, request.user),
        periode=periode,
        bisa_tutup=akses.boleh(request.user, K.TUTUP_BULAN),
        bisa_portal=akses.boleh(request.user, K.PORTAL_KAMPUNG_KB),
        form_tutup=TutupBulanForm(),
        form_buka=BukaKembaliForm(),
        catatan_tutup=tutup_beruntun.catatan_tutup(periode),
        bulan_terbuka_sebelum=(
            len(tutup_beruntun.bulan_terbuka_sampai(desa, tahun, bln)) - 1
            if laporan.get("status") != "ditutup" and akses.boleh(request.user, K.TUTUP_BULAN)
            else 0
        ),
    )
    return render(request, "laporan/bulanan.html", ctx)


def bulanan_json(request, kode: str, bulan: str):
    desa = desa_laporan(request.user, kode)
    tahun, bln = _bulan(bulan)
    try:
        laporan = services.laporan_bulan(desa, tahun, bln, wilayah=wilayah_laporan(request, desa))
    except lap.LaporanDitolak as e:
        return JsonResponse({"galat": str(e)}, status=404)
    return JsonResponse(laporan, json_dumps_params={"ensure_ascii": False})


def _jumlah_halaman(request, kode, bulan, *, gerbang, susun, **ctx):
    """A kecamatan's or kabupaten's summed report page (the gate, then the sum)."""
    gerbang(request.user, kode)
    tahun, bln = _bulan(bulan)
    try:
        laporan = susun(kode, tahun, bln)
    except lap.LaporanDitolak as e:
        return render(request, "laporan/ditolak.html", {"pesan": str(e)}, status=404)
    konteks = konteks_laporan(request.user, laporan, desa=None)
    konteks.update(bisa_portal=akses.boleh(request.user, K.PORTAL_KAMPUNG_KB), **ctx)
    return render(request, "laporan/bulanan.html", konteks)


def _jumlah_json(request, kode, bulan, *, gerbang, susun):
    gerbang(request.user, kode)
    tahun, bln = _bulan(bulan)
    try:
        laporan = susun(kode, tahun, bln)
    except lap.LaporanDitolak as e:
        return JsonResponse({"galat": str(e)}, status=404)
    return JsonResponse(laporan, json_dumps_params={"ensure_ascii": False})


def kecamatan(request, kode: str, bulan: str):
    return _jumlah_halaman(
        request,
        kode,
        bulan,
        gerbang=kecamatan_laporan,
        susun=services.laporan_kecamatan,
        kode_kecamatan=kode,
    )


def kecamatan_json(request, kode: str, bulan: str):
    return _jumlah_json(
        request, kode, bulan, gerbang=kecamatan_laporan, susun=services.laporan_kecamatan
    )


def kabupaten(request, kode: str, bulan: str):
    """ROLES.md "Dashboard, monthly report … (aggregates)", Kabupaten: the kabupaten's sum with
    one row per kecamatan (each opening the kecamatan's report, whose rows are its desa)."""
    return _jumlah_halaman(
        request,
        kode,
        bulan,
        gerbang=kabupaten_laporan,
        susun=laporan_kabupaten,
        kode_kabupaten=kode,
    )


def kabupaten_json(request, kode: str, bulan: str):
    return _jumlah_json(request, kode, bulan, gerbang=kabupaten_laporan, susun=laporan_kabupaten)


@require_POST
def tutup(request, kode: str, bulan: str):
    desa = desa_laporan(request.user, kode, K.TUTUP_BULAN)
    tahun, bln = _bulan(bulan)
    form = TutupBulanForm(request.POST)
    if form.is_valid():
        try:
            services.tutup_bulan(
                desa=desa, tahun=tahun, bulan=bln, oleh=request.user, rapat=form.cleaned_data
            )
        except (ValidationError, lap.LaporanDitolak) as e:
            messages.error(request, " ".join(getattr(e, "messages", [str(e)])))
        else:
            messages.success(
                request, _("Bulan %(b)s ditutup; angkanya kini dibekukan.") % {"b": bulan}
            )
    else:
        messages.error(request, _("Isi data rapat (tanggal, tempat, peserta) untuk menutup bulan."))
    return redirect("laporan:bulanan", kode=kode, bulan=bulan)


@require_POST
def buka(request, kode: str, bulan: str):
    desa = desa_laporan(request.user, kode, K.TUTUP_BULAN)
    tahun, bln = _bulan(bulan)
    form = BukaKembaliForm(request.POST)
    if form.is_valid():
        try:
            services.buka_kembali(
                desa=desa,
                tahun=tahun,
                bulan=bln,
                oleh=request.user,
                alasan=form.cleaned_data["alasan"],
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("Bulan %(b)s dibuka kembali.") % {"b": bulan})
    else:
        messages.error(request, _("Tuliskan alasan membuka kembali bulan ini."))
    return redirect("laporan:bulanan", kode=kode, bulan=bulan)
