"""The area a report covers: the whole desa, a kader's own regions, or the Kampung KB area.

ROLES.md gives a kader the dashboard, report, charts and maps of their own regions only; the
Kampung KB profile names an area (some dusun/RW/RT) that reports can be run for. Both are a set
of RT ids of one desa, passed to ``laporan.susun`` as `wilayah`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from keluarga import akses
from keluarga.akses import Peran
from keluarga.models import RT, Desa
from laporan import blok

KAMPUNG_KB = "kampung-kb"


@dataclass(frozen=True)
class Wilayah:
    """An area of one desa: `kunci` names it in URLs, caches and frozen snapshots."""

    kunci: str
    nama: str
    rt_ids: tuple[int, ...]

    @classmethod
    def dari_laporan(cls, laporan: dict) -> Wilayah | None:
        """The area a report was made for (None for a whole desa or kecamatan)."""
        w = laporan.get("wilayah")
        return cls(w["kunci"], w["nama"], tuple(w["rt"])) if w else None


def _kunci_rt(rt_ids) -> str:
    """A stable key for a set of RTs (the same set gives the same key, whoever asks)."""
    teks = ",".join(str(i) for i in sorted(rt_ids))
    return "rt-" + hashlib.sha256(teks.encode()).hexdigest()[:16]


def wilayah_kader(desa: Desa, rt_ids) -> Wilayah:
    ids = tuple(
        sorted(RT.objects.filter(desa=desa, pk__in=list(rt_ids)).values_list("pk", flat=True))
    )
    return Wilayah(_kunci_rt(ids), _("Wilayah binaan kader"), ids)


def wilayah_kampung_kb(desa: Desa) -> Wilayah | None:
    """The Kampung KB area when it is a part of the desa (None when it is the whole desa):
    kampungkb registers its title and RT ids."""
    bagian = blok.SUMBER.panggil("wilayah_kampung_kb", desa)
    if bagian is None:
        return None
    judul, rt_ids = bagian
    return Wilayah(KAMPUNG_KB, judul, tuple(rt_ids))


def ada_wilayah_kampung_kb(desa: Desa) -> bool:
    """Whether the desa's Kampung KB covers only a part of it (one query): the report pages
    offer the switch to that area then."""
    return bool(blok.SUMBER.panggil("ada_wilayah_kampung_kb", desa, bawaan=False))


def wilayah_untuk(user, desa: Desa, pilihan: str | None = None) -> Wilayah | None:
    """The area `user` sees of the desa's reports: a kader always their own regions; others the
    whole desa (None) or, asked with pilihan="kampung-kb", the Kampung KB area."""
    kader = akses.rt_kader_ids(user)
    if kader is not None:
        return wilayah_kader(desa, kader)
    if pilihan == KAMPUNG_KB:
        return wilayah_kampung_kb(desa)
    return None


def wilayah_dibekukan(desa: Desa) -> list[Wilayah]:
    """The areas frozen with a month at its close: the Kampung KB area and every kader's."""
    hasil = {}
    kkb = wilayah_kampung_kb(desa)
    if kkb is not None:
        hasil[kkb.kunci] = kkb
    kader = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Peran.KADER, lingkup__desa=desa)
        .distinct()
    )
    for user in kader:
        w = wilayah_kader(desa, akses.rt_kader_ids(user))
        hasil.setdefault(w.kunci, w)
    return list(hasil.values())
