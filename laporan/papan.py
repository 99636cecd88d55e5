"""The A3 papan data: a wall poster of the month's aggregates for the village hall.

Aggregates only (DOMAIN.md §5, ROLES.md): no names, no NIK or No KK, no KB layer on the map.
The figures come from the month's report (a closed month's snapshot), the charts and the
village map from their caches, so the poster of a closed month never changes.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from laporan.cetak import data_uri, nama_bulan, pdf_dari_html, penandatangan

# The charts on the poster, in reading order (all aggregates).
GRAFIK_PAPAN = ["piramida", "metode_kb", "tren_kb", "skdn", "peserta_baru"]


def angka_utama(lap: dict) -> list[dict]:
    """The big figures of the poster: (label, value, percent?) from the report's blocks."""
    p, k, kb, pos = lap["penduduk"], lap["keluarga"], lap["kb"], lap["posyandu"]
    return [
        {"label": _("Penduduk"), "nilai": p["jumlah"]["total"], "persen": False,
         "rinci": _("L %(l)s · P %(p)s") % {"l": p["jumlah"]["L"], "p": p["jumlah"]["P"]}},
        {"label": _("Keluarga (KK)"), "nilai": k["jumlah"], "persen": False, "rinci": ""},
        {"label": _("Balita"), "nilai": p["balita"], "persen": False, "rinci": ""},
        {"label": _("Remaja"), "nilai": p["remaja"], "persen": False, "rinci": ""},
        {"label": _("Lansia"), "nilai": p["lansia"], "persen": False, "rinci": ""},
        {"label": _("Pasangan usia subur (PUS)"), "nilai": kb["pus"], "persen": False, "rinci": ""},
        {"label": _("Peserta KB aktif"), "nilai": kb["peserta_aktif"]["total"], "persen": False,
         "rinci": ""},
        {"label": _("CPR"), "nilai": kb["cpr"], "persen": True, "rinci": ""},
        {"label": _("MKJP"), "nilai": kb["mkjp_persen"], "persen": True, "rinci": ""},
        {"label": _("Unmet need"), "nilai": kb["unmet_need_persen"], "persen": True, "rinci": ""},
        {"label": _("Ibu hamil"), "nilai": p["ibu_hamil"], "persen": False, "rinci": ""},
        {"label": _("Keluarga berisiko stunting"), "nilai": k["krs"], "persen": False, "rinci": ""},
        {"label": _("Prevalensi stunting"), "nilai": pos["prevalensi_stunting_persen"],
         "persen": True, "rinci": ""},
        {"label": _("Balita ditimbang (D/S)"), "nilai": pos["rasio"]["d_s"], "persen": True,
         "rinci": ""},
    ]  # fmt: skip


def konteks_papan(lap: dict, *, desa, wilayah=None) -> dict:
    from laporan import grafik, grafik_bulan, peta

    tahun, bulan = (int(x) for x in lap["bulan"].split("-"))
    gambar = [
        {
            "judul": grafik.GRAFIK[n].judul,
            "src": data_uri(grafik_bulan.gambar_bulan(desa, tahun, bulan, n, "png", wilayah, lap)),
        }
        for n in GRAFIK_PAPAN
    ]
    peta_desa = peta.gambar_bulan(
        desa,
        tahun,
        bulan,
        rt_ids=list(wilayah.rt_ids) if wilayah else None,
        kertas="a4",
        lapisan_kb=False,  # never the KB layer on a wall
        format="png",
    )
    return {
        "lap": lap,
        "desa": desa,
        "nama_bulan": nama_bulan(lap["bulan"]),
        "sebutan_desa": "Kelurahan" if desa.kelurahan else "Desa",
        "angka": angka_utama(lap),
        "grafik": gambar,
        "peta": data_uri(peta_desa),
        "ttd": penandatangan(desa),
    }


def pdf_papan(lap: dict, *, desa, wilayah=None) -> bytes:
    html = render_to_string("laporan/papan.html", konteks_papan(lap, desa=desa, wilayah=wilayah))
    return pdf_dari_html(html)
