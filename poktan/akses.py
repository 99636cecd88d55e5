"""The poktan side of the access gate: groups in scope, a kader's own groups, object fetchers.

Built on keluarga.akses (roles, capabilities, desa scope). A kader's groups are those listing
them on Kelompok.kader: a kader reads and writes only those; other roles see their desa's groups.
Fetchers raise 403 when the role lacks the capability and 404 outside the scope.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from keluarga import akses
from keluarga.akses import K, Peran
from keluarga.models import Anggota, Keluarga
from poktan.models import Keanggotaan, Kelompok, Penimbangan, Pertemuan, q_terbuka_pada


def keluarga_kelompok_kader(user) -> QuerySet:
    """Families that are members of (or have a member in) the kader's own groups, or whose child
    was weighed at one of them — the "own groups" part of a kader's read scope (ROLES.md)."""
    if not getattr(user, "is_authenticated", False):
        return Keluarga.objects.none().values("pk")
    anggota = Keanggotaan.objects.filter(q_terbuka_pada(timezone.localdate()), kelompok__kader=user)
    ditimbang = Penimbangan.objects.filter(pertemuan__kelompok__kader=user, anggota__isnull=False)
    return Keluarga.objects.filter(
        Q(pk__in=anggota.filter(keluarga__isnull=False).values("keluarga_id"))
        | Q(pk__in=anggota.filter(anggota__isnull=False).values("anggota__keluarga_id"))
        | Q(pk__in=ditimbang.values("anggota__keluarga_id"))
    ).values("pk")


def kelompok_qs(user) -> QuerySet:
    """Groups in the user's scope: the desa's groups, or only a kader's own groups."""
    p = akses.peran(user)
    if p is None:
        return Kelompok.objects.none()
    qs = Kelompok.objects.filter(desa__in=akses.desa_qs(user))
    if p == Peran.KADER:
        qs = qs.filter(kader=user)
    return qs


def kelompok_untuk(user, pk: int, *, kemampuan: K = K.DAFTAR_NAMA):
    """The group for this capability: 403 if the role lacks it, 404 outside the scope."""
    akses.wajib(user, kemampuan)
    return akses.ambil(kelompok_qs(user).select_related("desa"), pk=pk)


def keanggotaan_untuk(user, pk: int, *, kemampuan: K = K.TULIS_POKTAN):
    akses.wajib(user, kemampuan)
    return akses.ambil(
        Keanggotaan.objects.filter(kelompok__in=kelompok_qs(user)).select_related("kelompok"),
        pk=pk,
    )


def pertemuan_untuk(user, pk: int, *, kemampuan: K = K.TULIS_POKTAN):
    akses.wajib(user, kemampuan)
    return akses.ambil(
        Pertemuan.objects.filter(kelompok__in=kelompok_qs(user)).select_related("kelompok"),
        pk=pk,
    )


def anak_untuk(user, pk: int) -> Anggota:
    """A village child for the growth chart: a family page (BACA_KELUARGA) in scope, or a child
    weighed at a posyandu in the user's scope."""
    akses.wajib(user, K.BACA_KELUARGA)
    ditimbang = Penimbangan.objects.filter(pertemuan__kelompok__in=kelompok_qs(user))
    qs = Anggota.objects.filter(
        Q(keluarga__in=akses.keluarga_qs(user)) | Q(pk__in=ditimbang.values("anggota_id"))
    )
    return akses.ambil(qs, pk=pk)


def anak_luar_untuk(user, pk: int):
    """A child from outside the village, recorded as a member of a posyandu in scope."""
    akses.wajib(user, K.BACA_KELUARGA)
    qs = Keanggotaan.objects.filter(
        kelompok__in=kelompok_qs(user), keluarga__isnull=True, anggota__isnull=True
    ).select_related("kelompok")
    return akses.ambil(qs, pk=pk)
