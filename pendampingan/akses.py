"""The family-assistance side of the access gate (ROLES.md rows "Family-assistance records" and
"Family-assistance name lists").

A kader reads and writes these records in their own regions and in the area of every team they
belong to (TimPendamping.anggota) — for these records only: family pages and the KB map keep the
kader's own regions (keluarga.akses). Other roles: their desa. Missing capability → 403,
outside the scope → 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from keluarga import akses
from keluarga.akses import K
from keluarga.models import RT, Anggota, Desa, Kehamilan
from pendampingan.models import Catin, Rujukan, TimPendamping


def rt_ids(user, desa: Desa) -> list[int] | None:
    """The RTs of the desa this user follows (None: the whole desa)."""
    sendiri = akses.rt_kader_ids(user)
    if sendiri is None:
        return None
    tim = RT.objects.filter(desa=desa, tim_pendamping_set__anggota=user).values_list(
        "pk", flat=True
    )
    return sorted(set(sendiri) | set(tim))


def desa_untuk(user, kode: str, kemampuan: K = K.PENDAMPINGAN) -> Desa:
    akses.wajib(user, kemampuan)
    return akses.ambil(akses.desa_qs(user), kode=kode)


def anggota_wilayah(user, desa: Desa) -> QuerySet[Anggota]:
    """Members of the desa whose family lives in the user's area (current RT)."""
    qs = Anggota.objects.filter(desa=desa)
    ids = rt_ids(user, desa)
    return qs if ids is None else qs.filter(keluarga__rumah__rt_id__in=ids)


def catin_untuk(user, pk: int) -> Catin:
    akses.wajib(user, K.PENDAMPINGAN)
    qs = Catin.objects.filter(desa__in=akses.desa_qs(user)).select_related("desa", "rt")
    c = akses.ambil(qs, pk=pk)
    ids = rt_ids(user, c.desa)
    if ids is not None and c.rt_id not in ids:
        akses.ambil(Catin.objects.none(), pk=pk)
    return c


def kehamilan_untuk(user, pk: int) -> Kehamilan:
    akses.wajib(user, K.PENDAMPINGAN)
    k = akses.ambil(Kehamilan.objects.select_related("ibu__desa", "ibu__keluarga__rumah"), pk=pk)
    _di_wilayah(user, k.ibu)
    return k


def anggota_untuk(user, pk: int) -> Anggota:
    akses.wajib(user, K.PENDAMPINGAN)
    a = akses.ambil(Anggota.objects.select_related("desa", "keluarga__rumah"), pk=pk)
    _di_wilayah(user, a)
    return a


def rujukan_untuk(user, pk: int) -> Rujukan:
    akses.wajib(user, K.PENDAMPINGAN)
    r = akses.ambil(Rujukan.objects.select_related("anak__desa", "anak__keluarga__rumah"), pk=pk)
    _di_wilayah(user, r.anak)
    return r


def _di_wilayah(user, anggota: Anggota) -> None:
    if not akses.desa_qs(user).filter(pk=anggota.desa_id).exists():
        akses.ambil(Anggota.objects.none(), pk=anggota.pk)
    ids = rt_ids(user, anggota.desa)
    if ids is not None and anggota.keluarga.rumah.rt_id not in ids:
        akses.ambil(Anggota.objects.none(), pk=anggota.pk)


def tim_qs(user) -> QuerySet[TimPendamping]:
    akses.wajib(user, K.KELOLA_DESA)
    return TimPendamping.objects.filter(desa__in=akses.desa_qs(user))


def pengguna_kader(desa: Desa):
    """Users with the Kader role in this desa: the candidates of a team."""
    from django.contrib.auth import get_user_model

    from keluarga.models import Lingkup

    return (
        get_user_model()
        .objects.filter(
            groups__name=akses.Peran.KADER,
            pk__in=Lingkup.objects.filter(desa=desa).values("user_id"),
        )
        .filter(~Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )
