"""The four family-assistance name lists (ROLES.md "Family-assistance name lists"), as rows in
the shape of the table-7 lists (laporan.daftar.baris) so that laporan shows, logs and freezes
them at the close like table 7. Counted by `indicators.ringkasan` (`pendampingan.daftar`)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from keluarga.models import Anggota, Kehamilan
from pendampingan import indicators as pi
from pendampingan import kode
from pendampingan.models import Catin

JENIS = {
    "catin_berisiko": _("Calon pengantin berisiko"),
    "hamil_berisiko": _("Ibu hamil berisiko"),
    "tanpa_kb_pasca_persalinan": _("Ibu pasca persalinan tanpa KB"),
    "anak_dirujuk": _("Anak perlu dirujuk"),
}


def _label(flags) -> str:
    return ", ".join(pi.RISIKO_LABEL.get(f, f) for f in flags)


def _anggota_rows(ids_ket: dict[int, str], tanggal: dt.date, desa_ids) -> list[dict]:
    rt = pi.rt_pada(ids_ket, tanggal, desa_ids)
    rows = []
    for a in (
        Anggota.objects.filter(pk__in=sorted(ids_ket))
        .select_related("keluarga")
        .order_by("nama", "pk")
    ):
        rows.append(
            {
                "keluarga": a.keluarga_id,
                "anggota": a.pk,
                "nama": a.nama,
                "nik": a.nik,
                "no_kk": a.keluarga.no_kk,
                "rt": rt.get(a.pk),
                "keterangan": ids_ket[a.pk],
            }
        )
    return rows


def baris_daftar(
    jenis: str, tanggal: dt.date, desa_ids: list[int], rt_ids=None, *, dibaca=None
) -> list[dict]:
    """The rows of one list for the month of the date (its last day), in an area. `dibaca`:
    the month already read by ``indicators.baca_bulan`` for the same desa and area (the close
    freezes the four lists from one reading)."""
    b = dibaca or pi.baca_bulan(tanggal.year, tanggal.month, desa_ids, rt_ids)
    if jenis == "catin_berisiko":
        rows = []
        for c in Catin.objects.filter(pk__in=[k for k, v in b.catin.items() if v]).order_by(
            "nama", "pk"
        ):
            rows.append(
                {
                    "keluarga": None,
                    "anggota": None,
                    "nama": c.nama,
                    "nik": c.nik or None,
                    "no_kk": None,
                    "rt": c.rt_id,
                    "keterangan": _label(b.catin[c.pk]),
                    "catin": c.pk,
                }
            )
        return rows
    if jenis == "hamil_berisiko":
        return _anggota_rows({i: _label(f) for i, f in b.hamil.items() if f}, tanggal, desa_ids)
    if jenis == "tanpa_kb_pasca_persalinan":
        metode = {p.ibu_id for p in b.pembilang}
        return _anggota_rows(
            {
                p.ibu_id: f"lahir {p.lahir:%d-%m-%Y}, masa nifas s.d. {p.akhir:%d-%m-%Y}"
                for p in b.penyebut
                if p.ibu_id not in metode
            },
            tanggal,
            desa_ids,
        )
    if jenis == "anak_dirujuk":
        nama = dict(kode.Sinyal.choices)
        return _anggota_rows(
            {
                i: ", ".join(str(nama[s]) for s in sinyal)
                for i, sinyal in b.sinyal.items()
                if i not in b.rujuk_terbuka
            },
            tanggal,
            desa_ids,
        )
    raise ValueError(jenis)


def kehamilan_terbuka(ibu_ids) -> dict[int, Kehamilan]:
    return {
        k.ibu_id: k
        for k in Kehamilan.objects.filter(ibu_id__in=list(ibu_ids), selesai__isnull=True)
    }


def konteks_laporan(user, laporan: dict) -> dict:
    """Template context of the block `pendampingan` in a report page (screen, print, dashboard):
    rows in target order, and the name lists' counts for roles that may open them."""
    from keluarga import akses
    from keluarga.akses import K

    p = laporan.get("pendampingan") or {}
    return {
        "baris_pendampingan": [(s.label, p[s.value]) for s in kode.Sasaran if s.value in p],
        "daftar_pendampingan": [
            (k, v, (p.get("daftar") or {}).get(k, 0)) for k, v in JENIS.items()
        ],
        "boleh_daftar_pendampingan": user is not None and akses.boleh(user, K.DAFTAR_PENDAMPINGAN),
    }
