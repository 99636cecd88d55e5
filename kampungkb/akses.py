"""The Kampung KB gate, built on keluarga.akses: 403 without the capability, 404 outside scope.

A kader sees the activities of their desa that touch their regions (or the whole desa), edits only
activities whose area lies inside their regions, and ticks only families of their regions.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from kampungkb.models import FotoKegiatan, Kegiatan, SasaranKegiatan
from kampungkb.wilayah import rt_kegiatan
from keluarga import akses
from keluarga.akses import K
from keluarga.models import RT, Desa
from laporan.akses import desa_laporan


def desa_untuk(user, kode: str, kemampuan: K) -> Desa:
    """The desa for a capability (403 if the role lacks it, 404 outside the scope)."""
    if kemampuan == K.LIHAT_LAPORAN:
        return desa_laporan(user, kode)  # a kecamatan sees no single-desa page
    akses.wajib(user, kemampuan)
    return get_object_or_404(akses.desa_qs(user), kode=kode)


def kegiatan_qs(user) -> QuerySet[Kegiatan]:
    """Activities in scope: the user's desa; for a kader those touching their regions."""
    qs = Kegiatan.objects.filter(desa__in=akses.desa_qs(user))
    ids = akses.rt_kader_ids(user)
    if ids is None:
        return qs
    induk = RT.objects.filter(pk__in=ids).values_list("rw_id", "rw__dusun_id")
    rw_ids = {r for r, _d in induk}
    dusun_ids = {d for _r, d in induk}
    seluruh = Q(dusun__isnull=True, rw__isnull=True, rt__isnull=True)
    return qs.filter(seluruh | Q(rt_id__in=ids) | Q(rw_id__in=rw_ids) | Q(dusun_id__in=dusun_ids))


def boleh_ubah(user, kegiatan: Kegiatan) -> bool:
    """May change the plan/realisation: everyone with the capability, a kader only inside."""
    ids = akses.rt_kader_ids(user)
    if ids is None:
        return akses.boleh(user, K.KEGIATAN)
    if not (kegiatan.dusun_id or kegiatan.rw_id or kegiatan.rt_id):
        return False
    return set(rt_kegiatan(kegiatan)) <= set(ids)


def kegiatan_untuk(user, pk: int, *, ubah: bool = False) -> Kegiatan:
    akses.wajib(user, K.KEGIATAN)
    kegiatan = akses.ambil(
        kegiatan_qs(user).select_related("desa", "dusun", "rw__dusun", "rt__rw__dusun", "daftar"),
        pk=pk,
    )
    if ubah and not boleh_ubah(user, kegiatan):
        raise PermissionDenied(_("Kegiatan ini di luar wilayah Anda: hanya bisa dilihat."))
    return kegiatan


def sasaran_boleh_centang(user, kegiatan: Kegiatan) -> QuerySet[SasaranKegiatan]:
    """The targets this user may tick: families of their writable scope."""
    return kegiatan.sasaran_set.filter(keluarga__in=akses.keluarga_qs(user, tulis=True))


def foto_untuk(user, pk: int) -> FotoKegiatan:
    akses.wajib(user, K.FOTO_KEGIATAN)
    qs = FotoKegiatan.objects.filter(kegiatan__desa__in=akses.desa_qs(user))
    return akses.ambil(qs.select_related("kegiatan__desa"), pk=pk)
