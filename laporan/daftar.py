"""Table 7: the follow-up name lists, from the same definitions as the counts.

Each list is addressable as (jenis, wilayah, bulan): the rows are members or families on the
month's reference date, inside the given desa (and RTs for a region or a kader).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from keluarga import indicators as ind
from keluarga import kode
from keluarga.models import Anggota, Keluarga
from pendampingan import daftar as pendampingan_daftar

JENIS = {
    "unmet_need": _("PUS dengan unmet need"),
    "mkjp": _("Peserta MKJP"),
    "ibu_hamil": _("Ibu hamil"),
    "stunting": _("Anak stunting"),
    "anak_tanpa_akta": _("Anak tanpa akta lahir"),
    "krs": _("Keluarga berisiko stunting"),
    "kurang_mampu": _("Keluarga kurang mampu"),
}
# Lists whose rows are families (the rest are members).
PER_KELUARGA = {"krs", "kurang_mampu"}
# The people who make the Kampung KB portal's form fail (laporan/portal.py `masalah`): the
# worklist's checks of the same keys, as month-addressable lists frozen at the close. Not in
# table 7 (not saved as activity target lists).
JENIS_PORTAL = {
    "pus_belum_terdata": _("PUS belum terdata"),
    "mal_tradisional_tanpa_niat": _("PUS ber-KB MAL/tradisional tanpa keinginan punya anak"),
}
# The family-assistance lists (pendampingan/daftar.py): shown, logged and frozen here like
# table 7; not table 7 (its counts are the report's block `pendampingan`).
JENIS_PENDAMPINGAN = pendampingan_daftar.JENIS
SEMUA_JENIS = {**JENIS, **JENIS_PORTAL, **JENIS_PENDAMPINGAN}
# The lists whose rows are PUS, and the flag of a former bride-to-be at risk on them.
DAFTAR_PUS = {"unmet_need", "mkjp", "pus_belum_terdata", "mal_tradisional_tanpa_niat"}
TANDA_CATIN_BERISIKO = _("Catin berisiko (menikah kurang dari 12 bulan)")


def hitung_dari_blok(laporan: dict) -> dict[str, int]:
    """Counts of table 7 read from the report's own blocks (same definitions, no extra query)."""
    kb, pen, kel, pos = laporan["kb"], laporan["penduduk"], laporan["keluarga"], laporan["posyandu"]
    return {
        "unmet_need": kb["tidak_kb"]["iat"] + kb["tidak_kb"]["tial"],
        "mkjp": kb["mkjp"],
        "ibu_hamil": pen["ibu_hamil"],
        "stunting": pos["stunting"],
        "anak_tanpa_akta": pen["anak_tanpa_akta"],
        "krs": kel["krs"],
        "kurang_mampu": kel["kurang_mampu"],
    }


def daftar_qs(
    jenis: str, tanggal: dt.date, desa_ids: list[int], rt_ids: list[int] | None = None
) -> QuerySet:
    """The rows of one list on a reference date: Anggota (with `kel`, `rt`) or Keluarga (`rt_p`)."""
    st = kode.StatusKBPada
    if jenis in JENIS_PORTAL:
        from keluarga import kualitas

        return kualitas.CEK[jenis].fungsi(tanggal, desa_ids, rt_ids).order_by("nama", "pk")
    if jenis in PER_KELUARGA:
        qs = ind.keluarga_dengan_status(tanggal, desa_ids)
        if jenis == "krs":
            qs = qs.filter(sasaran=True, berisiko=True)
        else:
            qs = qs.filter(ind.q_kurang_mampu())
        if rt_ids is not None:
            qs = qs.filter(rt_p__in=rt_ids)
        return qs.order_by("no_kk")
    if jenis in ("unmet_need", "mkjp"):
        status = [st.IAT, st.TIAL] if jenis == "unmet_need" else kode.METODE_MKJP
        qs = ind.pus_pada(tanggal, desa_ids).filter(status_kb__in=status)
    elif jenis == "ibu_hamil":
        qs = ind.penduduk_pada(tanggal, desa_ids).filter(jenis_kelamin=kode.JenisKelamin.PEREMPUAN)
        qs = qs.filter(ind.hamil_pada(tanggal))
    elif jenis == "anak_tanpa_akta":
        qs = ind.penduduk_pada(tanggal, desa_ids).filter(ind.q_anak_tanpa_akta(tanggal))
    elif jenis == "stunting":
        from poktan import indicators as pi

        qs = ind.penduduk_pada(tanggal, desa_ids).filter(
            pk__in=pi.anak_stunting_qs(tanggal, desa_ids)
        )
    else:
        raise ValueError(jenis)
    if rt_ids is not None:
        qs = qs.filter(rt__in=rt_ids)
    return qs.order_by("nama", "pk")


def model_baris(jenis: str):
    return Keluarga if jenis in PER_KELUARGA else Anggota


def baris(jenis: str, obj) -> dict:
    """One frozen row of a list: ids and what the list shows (NIK/No KK masked on display)."""
    if jenis in PER_KELUARGA:
        return {
            "keluarga": obj.pk,
            "anggota": None,
            "nama": None,
            "nik": None,
            "no_kk": obj.no_kk,
            "rt": obj.rt_p,
        }
    return {
        "keluarga": obj.kel,
        "anggota": obj.pk,
        "nama": obj.nama,
        "nik": obj.nik,
        "no_kk": obj.keluarga.no_kk,
        "rt": obj.rt,
    }


def daftar_baris(
    jenis: str, tanggal: dt.date, desa_ids: list[int], rt_ids: list[int] | None = None
) -> list[dict]:
    """The rows of one list as `baris` dicts. A member's family (its No KK) is read by primary
    key in a second query, not joined: PostgreSQL estimates a list's filters at one row and then
    scanned the whole keluarga table once per member (7.7 s for one list when closing a month in
    the 100,000-family district)."""
    if jenis in JENIS_PENDAMPINGAN:
        return pendampingan_daftar.baris_daftar(jenis, tanggal, desa_ids, rt_ids)
    qs = daftar_qs(jenis, tanggal, desa_ids, rt_ids)
    if jenis not in PER_KELUARGA:
        qs = qs.prefetch_related(Prefetch("keluarga", queryset=Keluarga.objects.only("no_kk")))
    rows = [baris(jenis, o) for o in qs]
    if jenis in DAFTAR_PUS:
        # A bride who was at risk stays flagged on the PUS lists for 12 months after the
        # wedding (issue 18; pendampingan.indicators.catin_berisiko_pus).
        from pendampingan.indicators import catin_berisiko_pus

        bekas = catin_berisiko_pus(tanggal, desa_ids)
        for r in rows:
            if r["anggota"] in bekas:
                r["keterangan"] = str(TANDA_CATIN_BERISIKO)
    return rows


def beku_daftar(desa, tanggal: dt.date) -> dict[str, list[dict]]:
    """Every list of table 7 and of the portal form's problems on the date, frozen for a closed
    month."""
    from pendampingan.indicators import baca_bulan

    dibaca = baca_bulan(tanggal.year, tanggal.month, [desa.pk])
    return {
        jenis: (
            pendampingan_daftar.baris_daftar(jenis, tanggal, [desa.pk], dibaca=dibaca)
            if jenis in JENIS_PENDAMPINGAN
            else daftar_baris(jenis, tanggal, [desa.pk])
        )
        for jenis in SEMUA_JENIS
    }
