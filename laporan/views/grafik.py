"""Charts and family maps of a month: images (SVG on screen, PNG for print) and their page.

Gate: K.LIHAT_LAPORAN through ``desa_laporan`` (403 without it, 404 outside the scope); a kader
sees only the maps of their own RTs (another RT is 404, the village map shows their RTs only);
the KB layer needs K.PETA_KB (403).
"""

from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.shortcuts import render

from keluarga import akses
from keluarga.akses import K
from laporan import grafik, grafik_bulan, peta, services
from laporan import laporan as lap
from laporan.akses import desa_laporan, wilayah_laporan
from laporan.models import PeriodeBulan

# A generated SVG opened on its own may run nothing and load nothing.
CSP_GAMBAR = "default-src 'none'; style-src 'unsafe-inline'"


def _bulan(desa, bulan: str) -> tuple[int, int]:
    try:
        tahun, bln = lap.parse_bulan(bulan)
        services.periksa_bulan(desa, tahun, bln)
    except lap.LaporanDitolak as e:
        raise Http404(str(e)) from e
    return tahun, bln


def _gambar(isi: bytes, fmt: str, nama_berkas: str) -> HttpResponse:
    """A chart or map image (Cache-Control: no-store from rumahdataku.middleware.JanganSimpan:
    a map shows families, so no image of a month is kept by a browser or proxy)."""
    r = HttpResponse(isi, content_type=grafik.FORMAT[fmt])
    r["Content-Disposition"] = f'inline; filename="{nama_berkas}.{fmt}"'
    r["Content-Security-Policy"] = CSP_GAMBAR
    return r


def _opsi_peta(request) -> tuple[str, bool]:
    kertas = request.GET.get("kertas", "a4")
    lapisan = request.GET.get("lapisan", "umum")
    if kertas not in peta.KERTAS or lapisan not in ("kb", "umum"):
        raise BadRequest("kertas=a4|f4, lapisan=kb|umum")
    return kertas, lapisan == "kb"


def label_rt(rt) -> str:
    return peta.label_rt({"nomor": rt.nomor, "rw": rt.rw.nomor, "dusun": rt.rw.dusun.nama})


def halaman(request, kode: str, bulan: str):
    """The charts and maps of a month, with links for print (PNG, A4/F4)."""
    desa = desa_laporan(request.user, kode)
    try:
        tahun, bln = lap.parse_bulan(bulan)
        services.periksa_bulan(desa, tahun, bln)
    except lap.LaporanDitolak as e:
        return render(request, "laporan/ditolak.html", {"pesan": str(e), "desa": desa}, status=404)
    wilayah = wilayah_laporan(request, desa)
    rts = akses.rt_qs(request.user).filter(desa=desa)
    if wilayah is not None:
        rts = rts.filter(pk__in=wilayah.rt_ids)
    kkb = wilayah is not None and akses.rt_kader_ids(request.user) is None
    rts = rts.select_related("rw__dusun").order_by("rw__dusun__nama", "rw__nomor", "nomor")
    periode = PeriodeBulan.objects.filter(desa=desa, bulan__year=tahun, bulan__month=bln).first()
    ctx = {
        "desa": desa,
        "bulan": bulan,
        "nama_bulan": grafik.nama_bulan(bulan),
        "ditutup": periode is not None and periode.status == PeriodeBulan.Status.DITUTUP,
        "grafik": [{"nama": n, "judul": g.judul} for n, g in grafik.GRAFIK.items()],
        "rts": [{"id": rt.pk, "label": label_rt(rt)} for rt in rts],
        "boleh_kb": akses.boleh(request.user, K.PETA_KB),
        "kader": akses.rt_kader_ids(request.user) is not None,
        "kertas": list(peta.KERTAS),
        "q_wilayah": "?wilayah=kampung-kb" if kkb else "",
        "q_lanjut": "&wilayah=kampung-kb" if kkb else "",
    }
    return render(request, "grafik/halaman.html", ctx)


def gambar(request, kode: str, bulan: str, nama: str, fmt: str):
    """One chart of the month as SVG or PNG."""
    desa = desa_laporan(request.user, kode)
    if nama not in grafik.GRAFIK:
        raise Http404
    tahun, bln = _bulan(desa, bulan)
    isi = grafik_bulan.gambar_bulan(desa, tahun, bln, nama, fmt, wilayah_laporan(request, desa))
    return _gambar(isi, fmt, f"grafik-{nama}-{desa.kode}-{bulan}")


def peta_rt(request, kode: str, bulan: str, rt_id: str, fmt: str):
    """The family map of one RT (kader: own RTs only); ?kertas=a4|f4&lapisan=kb|umum."""
    desa = desa_laporan(request.user, kode)
    kertas, lapisan_kb = _opsi_peta(request)
    if lapisan_kb:
        akses.wajib(request.user, K.PETA_KB)
    rt = akses.ambil(akses.rt_qs(request.user).filter(desa=desa), pk=int(rt_id))
    tahun, bln = _bulan(desa, bulan)
    try:
        isi = peta.gambar_bulan(desa, tahun, bln, rt_id=rt.pk, kertas=kertas,
                                lapisan_kb=lapisan_kb, format=fmt)  # fmt: skip
    except KeyError as e:  # an RT created after the month was frozen
        raise Http404 from e
    lapisan = "kb" if lapisan_kb else "umum"
    nama = f"peta-rt{rt.nomor}-rw{rt.rw.nomor}-{bulan}-{lapisan}-{kertas}"
    return _gambar(isi, fmt, nama)


def peta_desa(request, kode: str, bulan: str, fmt: str):
    """The village family map (a kader's shows only their RTs); ?lapisan=lintas: the
    cross-sector layer (the month's activities by RT with their agencies, no personal data)."""
    desa = desa_laporan(request.user, kode)
    if request.GET.get("lapisan") == "lintas":
        return _peta_lintas(request, desa, bulan, fmt)
    kertas, lapisan_kb = _opsi_peta(request)
    if lapisan_kb:
        akses.wajib(request.user, K.PETA_KB)
    tahun, bln = _bulan(desa, bulan)
    wilayah = wilayah_laporan(request, desa)
    rt_ids = list(wilayah.rt_ids) if wilayah else None
    isi = peta.gambar_bulan(desa, tahun, bln, rt_ids=rt_ids, kertas=kertas,
                            lapisan_kb=lapisan_kb, format=fmt)  # fmt: skip
    lapisan = "kb" if lapisan_kb else "umum"
    nama = f"peta-desa-{desa.kode}-{bulan}-{lapisan}-{kertas}"
    return _gambar(isi, fmt, nama)


def _peta_lintas(request, desa, bulan: str, fmt: str):
    """The cross-sector layer (activities come from kampungkb through laporan.blok)."""
    from laporan import blok

    kertas = request.GET.get("kertas", "a4")
    if kertas not in peta.KERTAS:
        raise BadRequest("kertas=a4|f4")
    tahun, bln = _bulan(desa, bulan)
    wilayah = wilayah_laporan(request, desa)
    rt_ids = list(wilayah.rt_ids) if wilayah else None
    kegiatan = blok.lapisan("lintas_sektor", desa, tahun, bln)
    if rt_ids is not None:  # an area: its RTs' activities, and those of the dusun/RW/desa it meets
        from keluarga.models import RT

        ada = RT.objects.filter(pk__in=rt_ids).values_list("pk", "rw_id", "rw__dusun_id")
        rts, rws, dusuns = (
            (set(x) for x in zip(*ada, strict=True)) if ada else (set(), set(), set())
        )
        kegiatan = [
            k
            for k in kegiatan
            if k["tingkat"] == "desa"
            or (k["tingkat"] == "rt" and k["rt"] in rts)
            or (k["tingkat"] == "rw" and k["rw"] in rws)
            or (k["tingkat"] == "dusun" and k["dusun"] in dusuns)
        ]
    isi = peta.gambar_lintas_sektor_bulan(
        desa, tahun, bln, kegiatan, rt_ids=rt_ids, kertas=kertas, format=fmt
    )
    return _gambar(isi, fmt, f"peta-lintas-sektor-{desa.kode}-{bulan}-{kertas}")
