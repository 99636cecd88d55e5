"""Areas as RT ids: the Kampung KB's area, an activity's area, region choices for forms."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q
from django.utils.translation import gettext as _

from kampungkb.models import ProfilKampungKB
from keluarga.models import RT, Desa


def rt_dari(desa: Desa, *, dusun=(), rw=(), rt=()) -> list[int]:
    """RT ids of the desa inside any of the given dusun, RW or RT (ids or objects)."""
    syarat = Q(pk__in=list(rt)) | Q(rw__in=list(rw)) | Q(rw__dusun__in=list(dusun))
    return sorted(RT.objects.filter(desa=desa).filter(syarat).values_list("pk", flat=True))


_BACA = object()  # rt_kampung_kb: read the profile (a caller that has it passes it, or None)


def rt_kampung_kb(desa: Desa, profil=_BACA) -> list[int]:
    """RT ids of the Kampung KB's area: every RT of the desa unless the profile names a part.

    Pass them to the report functions that take `rt_ids` to report on the Kampung KB area only.
    A caller that has already read the desa's profile (or found none) passes it as `profil`.
    """
    if profil is _BACA:
        profil = ProfilKampungKB.objects.filter(desa=desa).first()
    if profil is None or profil.cakupan == "desa":
        return sorted(RT.objects.filter(desa=desa).values_list("pk", flat=True))
    return rt_dari(
        desa,
        dusun=profil.cakupan_dusun.values_list("pk", flat=True),
        rw=profil.cakupan_rw.values_list("pk", flat=True),
        rt=profil.cakupan_rt.values_list("pk", flat=True),
    )


def rt_kegiatan(kegiatan) -> list[int]:
    """RT ids of an activity's area (every RT of the desa for a desa-wide activity)."""
    if kegiatan.rt_id:
        return [kegiatan.rt_id]
    if kegiatan.rw_id:
        return rt_dari(kegiatan.desa, rw=[kegiatan.rw_id])
    if kegiatan.dusun_id:
        return rt_dari(kegiatan.desa, dusun=[kegiatan.dusun_id])
    return sorted(RT.objects.filter(desa_id=kegiatan.desa_id).values_list("pk", flat=True))


def pilihan_wilayah(desa: Desa, rt_boleh: list[int] | None = None, *, dengan_desa: bool = True):
    """Form choices "desa", "dusun:<id>", "rw:<id>", "rt:<id>" in tree order.

    With `rt_boleh` (a kader's RTs) only regions wholly inside them are offered, and not the desa.
    """
    rts = list(
        RT.objects.filter(desa=desa)
        .select_related("rw__dusun")
        .order_by("rw__dusun__nama", "rw__nomor", "nomor")
    )
    boleh = None if rt_boleh is None else set(rt_boleh)
    per_rw, per_dusun = defaultdict(list), defaultdict(list)
    for r in rts:
        per_rw[r.rw_id].append(r.pk)
        per_dusun[r.rw.dusun_id].append(r.pk)

    def utuh(ids):
        return boleh is None or (ids and set(ids) <= boleh)

    pilihan = []
    if dengan_desa and boleh is None:
        pilihan.append(("desa", _("Seluruh desa")))
    dusun_lihat, rw_lihat = set(), set()
    for r in rts:
        dusun, rw = r.rw.dusun, r.rw
        if dusun.pk not in dusun_lihat:
            dusun_lihat.add(dusun.pk)
            if utuh(per_dusun[dusun.pk]):
                pilihan.append((f"dusun:{dusun.pk}", f"{_('Dusun')} {dusun.nama}"))
        if rw.pk not in rw_lihat:
            rw_lihat.add(rw.pk)
            if utuh(per_rw[rw.pk]):
                pilihan.append((f"rw:{rw.pk}", f"— RW {rw.nomor} ({dusun.nama})"))
        if boleh is None or r.pk in boleh:
            pilihan.append((f"rt:{r.pk}", f"—— RT {r.nomor}/RW {rw.nomor} ({dusun.nama})"))
    return pilihan


def urai_pilihan(nilai: str) -> tuple[str, int | None]:
    """ "rw:12" → ("rw", 12); "desa" → ("desa", None)."""
    if nilai == "desa":
        return "desa", None
    jenis, _sep, pk = nilai.partition(":")
    return jenis, int(pk)
