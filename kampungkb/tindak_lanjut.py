"""What changed for an activity's targets in the months after it, computed from the data.

Each month's figures use that month's reference date (its last day) and the report's own
definitions: ``ind.pus_pada`` for KB status, ``laporan.daftar.daftar_qs`` for "still on the list".
Reached targets are shown beside the targets not reached, for comparison. Counts are GROUP BY
queries; their number grows with the months shown, never with the targets.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import BooleanField, Case, Count, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kampungkb import kode as kk
from kampungkb.models import Kegiatan
from kampungkb.ringkasan import bulan_geser, label_bulan
from keluarga import indicators as ind
from keluarga import kode
from laporan import daftar as ld

KB_LIST = {"unmet_need", "mkjp"}
KOLOM_KB = [
    ("masih_dalam_daftar", _("Masih dalam daftar")),
    ("ber_kb", _("Ber-KB (semua cara)")),
    ("mkjp", _("Ber-KB MKJP")),
    ("unmet_need", _("Unmet need (IAT/TIAL)")),
    ("hamil", _("Hamil")),
    ("bukan_pus", _("Bukan PUS lagi")),
]
KOLOM_UMUM = [
    ("masih_dalam_daftar", _("Masih dalam daftar")),
    ("keluar_dari_daftar", _("Sudah keluar dari daftar")),
]
METODE = set(kode.MetodeKB.values)


def _kelompok(pk_dicapai: list[int]):
    return Case(
        When(pk__in=pk_dicapai, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _bulan_kb(akhir: dt.date, desa_id: int, ids: list[int], dicapai: list[int]) -> dict:
    nol = {k: 0 for k, _l in KOLOM_KB}
    hasil = {True: dict(nol), False: dict(nol)}
    rows = (
        ind.pus_pada(akhir, [desa_id])
        .filter(pk__in=ids)
        .annotate(g=_kelompok(dicapai))
        .values("g", "status_kb")
        .annotate(n=Count("pk"))
        .order_by()
    )
    pus = {True: 0, False: 0}
    for r in rows:
        h, s, n = hasil[r["g"]], r["status_kb"], r["n"]
        pus[r["g"]] += n
        if s in METODE:
            h["ber_kb"] += n
        if s in kode.METODE_MKJP:
            h["mkjp"] += n
        if s in (kode.StatusKBPada.IAT, kode.StatusKBPada.TIAL):
            h["unmet_need"] += n
        if s == kode.StatusKBPada.HAMIL:
            h["hamil"] += n
    return hasil, pus


def _masih(jenis: str, akhir: dt.date, desa_id: int, ids: list[int], dicapai: list[int]) -> dict:
    rows = (
        ld.daftar_qs(jenis, akhir, [desa_id])
        .filter(pk__in=ids)
        .annotate(g=_kelompok(dicapai))
        .values("g")
        .annotate(n=Count("pk"))
        .order_by()
    )
    hasil = {True: 0, False: 0}
    for r in rows:
        hasil[r["g"]] += r["n"]
    return hasil


def tindak_lanjut(
    kegiatan: Kegiatan, *, sampai: dt.date | None = None, maks_bulan: int = 12
) -> dict | None:
    """Follow-up figures of an activity's targets, month by month, reached vs not reached.

    From the activity's month to the month of `sampai` (default today), at most `maks_bulan`
    after it. None when there is nothing to follow (no list of targets, or not realised).
    {"jenis", "kolom": [(key, label)], "dicapai": n, "tidak_dicapai": n,
     "bulan": [{"bulan": "YYYY-MM", "label", "dicapai": {key: n}, "tidak_dicapai": {key: n}}]}
    """
    if kegiatan.status != kk.StatusKegiatan.TERLAKSANA or kegiatan.jenis_daftar not in ld.JENIS:
        return None
    jenis = kegiatan.jenis_daftar
    per_keluarga = jenis in ld.PER_KELUARGA
    kunci = "keluarga_id" if per_keluarga else "anggota_id"
    baris = list(kegiatan.sasaran_set.values_list(kunci, "dicapai"))
    if not baris:
        return None
    ids = [pk for pk, _d in baris]
    dicapai = [pk for pk, d in baris if d]
    n_dicapai, n_lain = len(dicapai), len(ids) - len(dicapai)
    sampai = (sampai or timezone.localdate()).replace(day=1)
    bulan = bulan_geser(kegiatan.tanggal_acuan, 0)
    kolom = KOLOM_KB if jenis in KB_LIST else KOLOM_UMUM
    hasil = []
    for _i in range(maks_bulan + 1):
        if bulan > sampai:
            break
        akhir = ind.akhir_bulan(bulan.year, bulan.month)
        if jenis in KB_LIST:
            angka, pus = _bulan_kb(akhir, kegiatan.desa_id, ids, dicapai)
            for g, total in ((True, n_dicapai), (False, n_lain)):
                angka[g]["bukan_pus"] = total - pus[g]
                angka[g]["masih_dalam_daftar"] = (
                    angka[g]["unmet_need"] if jenis == "unmet_need" else angka[g]["mkjp"]
                )
        else:
            masih = _masih(jenis, akhir, kegiatan.desa_id, ids, dicapai)
            angka = {
                g: {"masih_dalam_daftar": masih[g], "keluar_dari_daftar": total - masih[g]}
                for g, total in ((True, n_dicapai), (False, n_lain))
            }
        hasil.append(
            {
                "bulan": f"{bulan:%Y-%m}",
                "label": label_bulan(bulan),
                "dicapai": angka[True],
                "tidak_dicapai": angka[False],
                # the same figures in column order, for templates
                "sel_dicapai": [angka[True][k] for k, _l in kolom],
                "sel_tidak_dicapai": [angka[False][k] for k, _l in kolom],
            }
        )
        bulan = bulan_geser(bulan, 1)
    return {
        "jenis": jenis,
        "judul_daftar": str(ld.JENIS[jenis]),
        "kolom": [(k, str(label)) for k, label in kolom],
        "dicapai": n_dicapai,
        "tidak_dicapai": n_lain,
        "bulan": hasil,
    }
