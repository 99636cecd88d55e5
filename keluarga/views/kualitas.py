"""The data-quality worklist: every check's count and rows, each linking to the family to fix."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from keluarga import akses, kode, kualitas, perluasan
from keluarga.akses import K
from keluarga.models import Anggota, Keluarga
from keluarga.views import ganda as v_ganda


def daftarkan_tambahan(fungsi):
    """Kept for callers of the first registry: the rows are now ``perluasan.DAFTAR_KERJA``."""
    perluasan.DAFTAR_KERJA.daftarkan(f"{fungsi.__module__}.{fungsi.__qualname__}", fungsi)
    return fungsi


UKURAN_HALAMAN = 25
# Rows shown per check on the overview; the rest is one click away (?cek=...).
CUPLIKAN = 5


@dataclass(frozen=True)
class Baris:
    nama: str
    nik: str
    no_kk: str
    rt: str
    url: str


def _kepala(kolom: str):
    return Subquery(
        Anggota.objects.filter(
            keluarga=OuterRef("pk"),
            hubungan=kode.HubunganKK.KEPALA,
            status_hidup=kode.StatusHidup.HIDUP,
        )
        .order_by("pk")
        .values(kolom)[:1]
    )


def _tampil(cek: kualitas.Cek, qs: QuerySet) -> QuerySet:
    """The rows of a check as display objects (current family, house and RT), in a fixed order.

    The check's ids are read first and passed as a list, and family, house and region are read
    by primary key (prefetch), not joined: PostgreSQL estimates a check's filters at one row and
    then scanned the whole anggota or keluarga table once per row of an IN subquery or a join
    (8.7 s for this page in the 100,000-family district)."""
    ids = list(qs.order_by().values_list("pk", flat=True))
    if cek.tingkat == "anggota":
        return (
            Anggota.objects.filter(pk__in=ids)
            .prefetch_related("keluarga__rumah__rt__rw__dusun")
            .order_by("nama", "pk")
        )
    return (
        Keluarga.objects.filter(pk__in=ids)
        .prefetch_related("rumah__rt__rw__dusun")
        .annotate(nama_kepala=_kepala("nama"), nik_kepala=_kepala("nik"))
        .order_by("no_kk", "pk")
    )


def _baris(obj, nik_penuh: bool) -> Baris:
    if isinstance(obj, Anggota):
        nama, nik, kel = obj.nama, obj.nik, obj.keluarga
    else:
        nama, nik, kel = obj.nama_kepala or _("(tanpa kepala keluarga)"), obj.nik_kepala, obj
    rt = kel.rumah.rt
    return Baris(
        nama=nama,
        nik=(nik if nik_penuh else akses.samarkan(nik)) if nik else "",
        no_kk=kel.no_kk if nik_penuh else akses.samarkan(kel.no_kk),
        rt=f"{rt.rw.dusun.nama} · RW {rt.rw.nomor} · RT {rt.nomor}",
        url=reverse("keluarga:detail", args=[kel.pk]),
    )


def daftar(request):
    """Overview of every check with a few rows each, or one check's full list (?cek=KEY)."""
    akses.wajib(request.user, K.KUALITAS_DATA)
    tanggal = timezone.localdate()
    desa_ids = list(akses.desa_qs(request.user).values_list("pk", flat=True))
    rt_ids = akses.rt_kader_ids(request.user)
    nik_penuh = akses.boleh_nik_penuh(request.user)
    kunci = request.GET.get("cek")
    if kunci is not None and kunci not in kualitas.CEK:
        raise Http404(_("Pemeriksaan tidak dikenal."))

    kosong = not desa_ids or rt_ids == []  # no scope: nothing to query
    if kunci:
        cek = kualitas.CEK[kunci]
        qs = Anggota.objects.none() if kosong else cek.fungsi(tanggal, desa_ids, rt_ids)
        halaman = Paginator(_tampil(cek, qs), UKURAN_HALAMAN).get_page(request.GET.get("hal"))
        bagian = [{"cek": cek, "jumlah": halaman.paginator.count, "baris": halaman.object_list}]
        objek = _("Kualitas data: %(judul)s") % {"judul": cek.judul}
    else:
        halaman = None
        semua = {} if kosong else kualitas.semua_cek(tanggal, desa_ids, rt_ids)
        jumlah = {} if kosong else kualitas.hitung_semua(tanggal, desa_ids, rt_ids)
        bagian = [
            {
                "cek": cek,
                "jumlah": jumlah.get(k, 0),
                "baris": _tampil(cek, semua[k])[:CUPLIKAN] if jumlah.get(k) else [],
            }
            for k, cek in kualitas.CEK.items()
        ]
        objek = _("Kualitas data: semua pemeriksaan")

    for b in bagian:
        b["baris"] = [_baris(o, nik_penuh) for o in b["baris"]]
    # Likely duplicate pairs (keluarga/ganda.py): both people in scope, on the overview only.
    ganda = None
    if not kunci and akses.boleh(request.user, K.GANDA):
        pasangan = v_ganda.pasangan_untuk(request.user)
        ganda = {
            "jumlah": len(pasangan),
            "baris": v_ganda.baris_tampil(pasangan[:CUPLIKAN], nik_penuh),
        }
    akses.catat_akses(request.user, "daftar_nama", objek, request.path)
    if nik_penuh and (any(b["baris"] for b in bagian) or (ganda and ganda["baris"])):
        akses.catat_akses(request.user, "nik_penuh", objek, request.path)
    return render(
        request,
        "kualitas/daftar.html",
        {
            "tanggal": tanggal,
            "bagian": bagian,
            "kunci": kunci,
            "halaman": halaman,
            "total": sum(b["jumlah"] for b in bagian),
            "cuplikan": CUPLIKAN,
            "ganda": ganda,
            "tambahan": []
            if kunci
            else [r for f in perluasan.DAFTAR_KERJA.semua() for r in f(request.user)],
        },
    )
