"""Read-side pieces for the dashboard, the report and its PDF: signatures, scorecard, potential,
and the Kepala Desa's plan-versus-realisation summary. No names of people except pokja officers.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kampungkb import kode
from kampungkb.models import AnggotaPokja, Kegiatan, PotensiDesa, ProfilKampungKB
from kampungkb.models.profil import ANGKA_POTENSI, TEKS_POTENSI
from keluarga import indicators as ind
from keluarga.models import Desa
from laporan import laporan as lap
from laporan import services as lap_services


def label_bulan(tanggal: dt.date) -> str:
    """ "Oktober 2026"."""
    return dateformat.format(tanggal, "F Y")


def bulan_geser(tanggal: dt.date, geser: int) -> dt.date:
    """The first day of the month `geser` months from the date's month."""
    return ind.tambah_bulan(tanggal.replace(day=1), geser)


# --- signature block ------------------------------------------------------------------------------


def penandatangan(desa: Desa) -> dict:
    """Who signs the Kampung KB's documents: the Ketua Pokja and the Kepala Desa/Lurah.

    {"nama_kampung_kb", "desa", "ketua_pokja": {"jabatan", "nama"},
     "kepala_desa": {"sebutan", "jabatan", "nama"}}; unknown names are "" (print a blank line).
    """
    profil = ProfilKampungKB.objects.filter(desa=desa).first()
    ketua = None
    if profil is not None:
        ketua = (
            AnggotaPokja.objects.filter(profil=profil, jabatan=kode.Jabatan.KETUA, aktif=True)
            .values_list("nama", flat=True)
            .first()
        )
    nama_kkb = profil.nama if profil else ""
    sebutan = desa.sebutan_kepala
    return {
        "nama_kampung_kb": nama_kkb,
        "desa": desa.nama,
        "ketua_pokja": {
            "jabatan": f"{_('Ketua Pokja')} {nama_kkb or _('Kampung KB')}",
            "nama": ketua or "",
        },
        "kepala_desa": {
            "sebutan": sebutan,
            "jabatan": f"{sebutan} {desa.nama}",
            "nama": profil.nama_kepala_desa if profil else "",
        },
    }


# --- scorecard -----------------------------------------------------------------------------------

LABEL_SKOR = {
    "cpr_7_cara": gettext_lazy("CPR 7 cara (%)"),
    "mkjp": gettext_lazy("MKJP (%)"),
    "unmet_need": gettext_lazy("Unmet need (%)"),
    "partisipasi_poktan": gettext_lazy("Partisipasi poktan BKB/BKR/BKL (%)"),
}


def nilai_skor(laporan: dict) -> dict:
    """The values the scorecard scores (the same as laporan.laporan.skor_kampung_kb reads)."""
    kb, pok = laporan["kb"], laporan["poktan"]
    sasaran = sum(pok.get(t, {}).get("sasaran", 0) for t in ("bkb", "bkr", "bkl"))
    aktif = sum(pok.get(t, {}).get("sasaran_aktif", 0) for t in ("bkb", "bkr", "bkl"))
    p = ind.persen(aktif, sasaran)
    return {
        "cpr_7_cara": kb.get("cpr_7_cara"),
        "mkjp": kb.get("mkjp_persen"),
        "unmet_need": kb.get("unmet_need_persen"),
        "partisipasi_poktan": float(p) if p is not None else None,
    }


def kartu_skor(laporan: dict, laporan_lalu: dict | None = None) -> list[dict]:
    """Rows of the scorecard partial: value, score 1–4, last month's, trend of the score.

    A higher score is always better (for unmet need, a lower value scores higher).
    """
    nilai, skor = nilai_skor(laporan), laporan.get("skor_kampung_kb") or {}
    nilai_lalu = nilai_skor(laporan_lalu) if laporan_lalu else {}
    skor_lalu = (laporan_lalu or {}).get("skor_kampung_kb") or {}
    baris = []
    for k, label in LABEL_SKOR.items():
        s, sl = skor.get(k), skor_lalu.get(k)
        arah = kelas = None
        if s is not None and sl is not None:
            arah = "naik" if s > sl else "turun" if s < sl else "sama"
            kelas = {"naik": "lebih-baik", "turun": "lebih-buruk", "sama": "netral"}[arah]
        baris.append(
            {
                "kunci": k,
                "label": str(label),
                "nilai": nilai.get(k),
                "nilai_lalu": nilai_lalu.get(k),
                "skor": s,
                "skor_lalu": sl,
                "arah": arah,
                "arah_teks": {"naik": _("Naik"), "turun": _("Turun"), "sama": _("Sama")}.get(
                    arah, "–"
                ),
                "kelas": kelas or "",
            }
        )
    return baris


def skor_bulan(desa: Desa, tahun: int, bulan: int) -> dict:
    """The scorecard of a month with last month's: {"bulan", "label", "baris"} for `_skor.html`.

    Closed months come from their snapshots; raises laporan.LaporanDitolak like the report.
    """
    sekarang = lap_services.laporan_bulan(desa, tahun, bulan, dengan_lalu=False)
    lalu_tgl = bulan_geser(dt.date(tahun, bulan, 1), -1)
    try:
        lalu = lap_services.laporan_bulan(desa, lalu_tgl.year, lalu_tgl.month, dengan_lalu=False)
    except lap.LaporanDitolak:
        lalu = None
    return {
        "bulan": sekarang["bulan"],
        "label": label_bulan(dt.date(tahun, bulan, 1)),
        "baris": kartu_skor(sekarang, lalu),
    }


# --- village potential ----------------------------------------------------------------------------


def konteks_potensi(desa: Desa, tahun: int) -> dict:
    """The village potential for a report year: that year's record, else the latest before it."""
    potensi = PotensiDesa.objects.filter(desa=desa, tahun__lte=tahun).order_by("-tahun").first()
    if potensi is None:
        return {"potensi": None, "tahun": tahun, "desa": desa}
    baris = [
        {"label": PotensiDesa._meta.get_field(f).verbose_name, "nilai": getattr(potensi, f)}
        for f in ANGKA_POTENSI
    ]
    teks = [
        {"label": PotensiDesa._meta.get_field(f).verbose_name, "nilai": getattr(potensi, f)}
        for f in TEKS_POTENSI
        if getattr(potensi, f)
    ]
    return {"potensi": potensi, "tahun": tahun, "desa": desa, "baris": baris, "teks": teks}


def potensi_html(desa: Desa, tahun: int) -> str:
    """The village potential as one page of the monthly report (an HTML fragment)."""
    return render_to_string("kampungkb/_potensi_desa.html", konteks_potensi(desa, tahun))


# --- the Kepala Desa's summary --------------------------------------------------------------------


def _baris_kegiatan(qs) -> list[dict]:
    qs = qs.select_related("dusun", "rw__dusun", "rt__rw__dusun").annotate(
        n_sasaran=Count("sasaran_set", distinct=True),
        n_dicapai=Count("sasaran_set", filter=Q(sasaran_set__dicapai=True), distinct=True),
        n_foto=Count("foto_set", distinct=True),
    )
    return [
        {
            "id": k.pk,
            "judul": k.judul,
            "kategori": k.get_kategori_display(),
            "tanggal": k.tanggal_realisasi or k.tanggal_rencana,
            "bulan_rencana": k.bulan_rencana,
            "status": k.status,
            "status_label": k.get_status_display(),
            "wilayah": k.label_wilayah,
            "sumber_dana": k.get_sumber_dana_display(),
            "mitra": ", ".join(k.label_mitra()),
            "jumlah_hadir": k.jumlah_hadir,
            "sasaran": k.n_sasaran,
            "dicapai": k.n_dicapai,
            "foto": k.n_foto,
        }
        for k in qs.order_by("tanggal_rencana", "pk")
    ]


def rencana_dan_realisasi(desa: Desa, bulan: dt.date) -> dict:
    """A month's planned activities by status, and activities realised in it outside the plan."""
    awal = bulan.replace(day=1)
    akhir = ind.akhir_bulan(awal.year, awal.month)
    rencana = _baris_kegiatan(Kegiatan.objects.filter(desa=desa, bulan_rencana=awal))
    per_status = {s: 0 for s in kode.StatusKegiatan.values}
    for r in rencana:
        per_status[r["status"]] += 1
    tambahan = _baris_kegiatan(
        Kegiatan.objects.filter(
            desa=desa,
            status=kode.StatusKegiatan.TERLAKSANA,
            tanggal_realisasi__gte=awal,
            tanggal_realisasi__lte=akhir,
        ).exclude(bulan_rencana=awal)
    )
    persen = ind.persen(per_status["terlaksana"], len(rencana))
    return {
        "bulan": f"{awal:%Y-%m}",
        "label": label_bulan(awal),
        "jumlah": len(rencana),
        **per_status,
        "persen_terlaksana": float(persen) if persen is not None else None,
        "kegiatan": rencana,
        "di_luar_rencana": tambahan,
    }


def ringkasan_kepala_desa(desa: Desa, hari_ini: dt.date | None = None) -> dict:
    """For the Kepala Desa's dashboard: last month's plan vs realisation, this month's plan.

    {"bulan_lalu": rencana_dan_realisasi(...), "bulan_ini": rencana_dan_realisasi(...),
     "penandatangan": penandatangan(desa)}; render with `kampungkb/_ringkasan_kepala_desa.html`.
    """
    hari_ini = hari_ini or timezone.localdate()
    return {
        "desa": desa,
        "bulan_lalu": rencana_dan_realisasi(desa, bulan_geser(hari_ini, -1)),
        "bulan_ini": rencana_dan_realisasi(desa, hari_ini),
        "penandatangan": penandatangan(desa),
    }
