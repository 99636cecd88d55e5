"""Likely duplicate people (issue 19): the review list and "bukan orang yang sama".

A pair is listed only when BOTH people are in the user's scope (ROLES.md "Duplicate candidates":
a kader's own regions); the dismiss action fetches the pair through the same filter (404
otherwise)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keluarga import akses, ganda
from keluarga.akses import K
from keluarga.models import Anggota

UKURAN_HALAMAN = 20


def _lingkup(user):
    """The members the user may review: a kader's own regions (not their groups), else the desa."""
    return akses.anggota_qs(user, tulis=True)


def pasangan_untuk(user) -> list:
    """Open pairs at or above the threshold whose both people are in the user's scope."""
    desa_ids = list(akses.desa_qs(user).values_list("pk", flat=True))
    if not desa_ids:
        return []
    return ganda.terbuka_untuk(ganda.terbuka(desa_ids), _lingkup(user))


def _sisi(a: Anggota, nik_penuh: bool) -> dict:
    rt = a.keluarga.rumah.rt
    return {
        "obj": a,
        "nik": (a.nik if nik_penuh else akses.samarkan(a.nik)) if a.nik else "",
        "no_kk": a.keluarga.no_kk if nik_penuh else akses.samarkan(a.keluarga.no_kk),
        "rt": f"{rt.rw.dusun.nama} · RW {rt.rw.nomor} · RT {rt.nomor}",
        "ibu": a.ibu.nama if a.ibu_id else "",
    }


def baris_tampil(pasangan: list, nik_penuh: bool) -> list[dict]:
    """The pairs with both records ready to show side by side (read by primary key)."""
    ids = {i for p in pasangan for i in (p.anggota_a_id, p.anggota_b_id)}
    orang = {
        a.pk: a
        for a in Anggota.objects.filter(pk__in=ids).select_related(
            "keluarga__rumah__rt__rw__dusun", "ibu"
        )
    }
    return [
        {
            "p": p,
            "skor": f"{p.skor:.2f}".replace(".", ","),
            "a": _sisi(orang[p.anggota_a_id], nik_penuh),
            "b": _sisi(orang[p.anggota_b_id], nik_penuh),
        }
        for p in pasangan
    ]


def daftar(request):
    akses.wajib(request.user, K.GANDA)
    nik_penuh = akses.boleh_nik_penuh(request.user)
    semua = pasangan_untuk(request.user)
    halaman = Paginator(semua, UKURAN_HALAMAN).get_page(request.GET.get("hal"))
    baris = baris_tampil(list(halaman.object_list), nik_penuh)
    objek = _("Kemungkinan orang ganda")
    akses.catat_akses(request.user, "daftar_nama", objek, request.path)
    if nik_penuh and baris:
        akses.catat_akses(request.user, "nik_penuh", objek, request.path)
    return render(
        request,
        "kualitas/ganda.html",
        {
            "baris": baris,
            "halaman": halaman,
            "jumlah": len(semua),
            "ambang": ganda.AMBANG,
            "boleh_gabung": akses.boleh(request.user, K.GABUNG_ORANG),
        },
    )


@require_POST
def tolak(request, pk: int):
    akses.wajib(request.user, K.GANDA)
    desa_ids = list(akses.desa_qs(request.user).values_list("pk", flat=True))
    cocok = ganda.terbuka_untuk(
        ganda.PasanganGanda.objects.filter(pk=pk, desa_id__in=desa_ids), _lingkup(request.user)
    )
    if not cocok:
        raise Http404(_("Data tidak ditemukan atau di luar wilayah Anda."))
    p = ganda.tolak(pasangan=cocok[0], oleh=request.user)
    messages.success(
        request,
        _("%(a)s dan %(b)s ditandai bukan orang yang sama; pasangan ini tidak akan diusulkan lagi.")
        % {"a": p.anggota_a.nama, "b": p.anggota_b.nama},
    )
    return redirect("kualitas:ganda")
