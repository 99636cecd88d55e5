"""Table 7 name lists: addressable as (jenis, wilayah, bulan), viewable per role, savable."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keluarga import akses
from keluarga import indicators as ind
from keluarga.akses import K
from keluarga.models import RT
from laporan import daftar as d
from laporan import laporan as lap
from laporan.akses import desa_laporan
from laporan.models import DaftarTersimpan, DaftarTersimpanItem, PeriodeBulan
from laporan.wilayah import KAMPUNG_KB, wilayah_kampung_kb
from pendampingan import akses as pendampingan_akses


def _rt_ids(user, desa, wilayah: str | None, periode=None, jenis=None) -> list[int] | None:
    """RT ids of a region code (desa/DUSUN/RW/RT path) intersected with a kader's RTs."""
    ids = None
    if wilayah == KAMPUNG_KB:
        # The Kampung KB area (the portal form's problems link here); the whole desa when the
        # Kampung KB covers all of it. A closed month keeps the area it was frozen with.
        if periode is not None and periode.snapshot:
            beku = (periode.snapshot_wilayah or {}).get(KAMPUNG_KB)
            ids = list(beku["wilayah"]["rt"]) if beku else None
        else:
            kkb = wilayah_kampung_kb(desa)
            ids = list(kkb.rt_ids) if kkb is not None else None
    elif wilayah:
        bagian = wilayah.split("/")
        if bagian[0] != desa.kode:
            raise Http404
        qs = RT.objects.filter(desa=desa)
        if len(bagian) > 1:
            qs = qs.filter(rw__dusun__nama__iexact=bagian[1])
        if len(bagian) > 2:
            qs = qs.filter(rw__nomor=bagian[2])
        if len(bagian) > 3:
            qs = qs.filter(nomor=bagian[3])
        ids = list(qs.values_list("pk", flat=True))
    kader = akses.rt_kader_ids(user)
    if kader is not None and jenis in d.JENIS_PENDAMPINGAN:
        # A family-assistance list: the kader's regions and their teams' areas.
        kader = pendampingan_akses.rt_ids(user, desa)
    if kader is not None:
        ids = [i for i in (ids if ids is not None else kader) if i in set(kader)]
    return ids


def _baris(user, desa, jenis, tahun, bulan, wilayah):
    periode = PeriodeBulan.objects.filter(
        desa=desa, bulan__year=tahun, bulan__month=bulan, status="ditutup"
    ).first()
    rt_ids = _rt_ids(user, desa, wilayah, periode, jenis)
    if periode is not None and periode.snapshot_daftar:
        rows = periode.snapshot_daftar.get(jenis, [])
        return [r for r in rows if rt_ids is None or r["rt"] in rt_ids], True
    return d.daftar_baris(jenis, ind.akhir_bulan(tahun, bulan), [desa.pk], rt_ids), False


def daftar(request, kode: str, bulan: str, jenis: str):
    kemampuan = K.DAFTAR_PENDAMPINGAN if jenis in d.JENIS_PENDAMPINGAN else K.DAFTAR_NAMA
    desa = desa_laporan(request.user, kode, kemampuan)
    if jenis not in d.SEMUA_JENIS:
        raise Http404
    tahun, bln = lap.parse_bulan(bulan)
    wilayah = request.GET.get("wilayah") or None
    rows, beku = _baris(request.user, desa, jenis, tahun, bln, wilayah)
    penuh = akses.tingkat(request.user, kemampuan) == "Y" and akses.boleh_nik_penuh(request.user)
    for r in rows:
        r["nik_tampil"] = r["nik"] if penuh else akses.samarkan(r["nik"])
        r["no_kk_tampil"] = r["no_kk"] if penuh else akses.samarkan(r["no_kk"])
    akses.catat_akses(
        request.user,
        "daftar_nama",
        f"{d.SEMUA_JENIS[jenis]} {kode} {bulan} {wilayah or ''}",
        request.get_full_path(),
    )
    return render(
        request,
        "laporan/daftar.html",
        {
            "desa": desa,
            "bulan": bulan,
            "jenis": jenis,
            "judul": d.SEMUA_JENIS[jenis],
            "halaman": Paginator(rows, 50).get_page(request.GET.get("hal")),
            "jumlah": len(rows),
            "beku": beku,
            "wilayah": wilayah or "",
            "bisa_simpan": akses.boleh(request.user, K.KEGIATAN) and jenis in d.JENIS,
            "per_keluarga": jenis in d.PER_KELUARGA,
            "ada_keterangan": jenis in d.JENIS_PENDAMPINGAN
            or any(r.get("keterangan") for r in rows),
        },
    )


@require_POST
@transaction.atomic
def simpan(request, kode: str, bulan: str, jenis: str):
    desa = desa_laporan(request.user, kode, K.KEGIATAN)
    if jenis not in d.JENIS:
        raise Http404
    tahun, bln = lap.parse_bulan(bulan)
    wilayah = request.POST.get("wilayah") or desa.kode
    rows, _beku = _baris(request.user, desa, jenis, tahun, bln, wilayah)
    simpanan = DaftarTersimpan.objects.create(
        desa=desa,
        jenis=jenis,
        wilayah=wilayah,
        bulan=ind.akhir_bulan(tahun, bln).replace(day=1),
        judul=f"{d.JENIS[jenis]} · {wilayah} · {bulan}",
        dibuat_oleh=request.user,
    )
    DaftarTersimpanItem.objects.bulk_create(
        [
            DaftarTersimpanItem(daftar=simpanan, keluarga_id=r["keluarga"], anggota_id=r["anggota"])
            for r in rows
        ]
    )
    messages.success(request, _("Daftar disimpan (%(n)s baris).") % {"n": len(rows)})
    return redirect("laporan:daftar_tersimpan", pk=simpanan.pk)


def tersimpan(request, pk: int):
    akses.wajib(request.user, K.DAFTAR_NAMA)
    obj = get_object_or_404(
        DaftarTersimpan.objects.filter(desa__in=akses.desa_qs(request.user)), pk=pk
    )
    item = obj.item_set.select_related("keluarga", "anggota")
    kader = akses.rt_kader_ids(request.user)
    if kader is not None:
        item = item.filter(keluarga__rumah__rt_id__in=kader)
    akses.catat_akses(request.user, "daftar_nama", obj.judul, request.path)
    return render(
        request,
        "laporan/tersimpan.html",
        {
            "daftar": obj,
            "item": item,
            "penuh": akses.boleh_nik_penuh(request.user),
            "bisa_kegiatan": akses.boleh(request.user, K.KEGIATAN),
        },
    )
