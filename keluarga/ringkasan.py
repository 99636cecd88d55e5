"""A desa's main indicators on a date, from the definitions in keluarga.indicators."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from keluarga import indicators as ind
from keluarga.models import Desa


def indikator_utama(desa: Desa, tanggal: dt.date | None = None) -> dict[str, object]:
    """The figures seed_demo prints and the plausibility test checks."""
    tanggal = tanggal or timezone.localdate()
    ids = [desa.pk]
    pend = ind.jumlahkan(ind.hitung_penduduk(tanggal, ids).values())
    kb = ind.ringkas_kb(ind.jumlahkan(ind.hitung_kb(tanggal, ids).values()))
    jumlah = pend.get("L", 0) + pend.get("P", 0)
    umur = pend.get("umur", {})
    balita_0_4 = sum(umur.get("0-4", {}).values())
    lansia_60 = sum(sum(umur.get(k, {}).values()) for k in ind.KELOMPOK_UMUR[12:])
    metode = {k: v for k, v in kb["peserta_aktif"].items() if k != "total"}
    return {
        "penduduk": jumlah,
        "keluarga": pend.get("keluarga", 0),
        "rata_rata_anggota": round(jumlah / pend["keluarga"], 2) if pend.get("keluarga") else None,
        "umur_0_4_persen": ind.persen(balita_0_4, jumlah),
        "umur_60_plus_persen": ind.persen(lansia_60, jumlah),
        "pus": kb["pus"],
        "cpr": kb["cpr"],
        "mkjp_persen": kb["mkjp_persen"],
        "unmet_need_persen": kb["unmet_need_persen"],
        "metode_terbanyak": max(metode, key=metode.get) if kb["pus"] else None,
        "belum_terdata": kb["belum_terdata"],
        "hamil": kb["tidak_kb"]["hamil"],
    }
