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
from laporan import klasifikasi as klas
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


# --- the portal classification (OFFICIAL.md §2) -------------------------------------------------

LABEL_SKOR = {
    "input_pokja": gettext_lazy("Pokja"),
    "input_sumber_dana": gettext_lazy("Sumber dana"),
    "input_poktan": gettext_lazy("Poktan yang ada"),
    "input_sarana": gettext_lazy("Sarana (Sekretariat, Rumah DataKu)"),
    "input_pkb_regulasi": gettext_lazy("PLKB/PKB pendamping dan regulasi"),
    "proses_penggunaan_data": gettext_lazy("Data untuk perencanaan"),
    "proses_operasional": gettext_lazy("Mekanisme operasional"),
    "proses_lintas_sektor": gettext_lazy("Lintas sektor (instansi)"),
    "output_poktan": gettext_lazy("Partisipasi poktan (%)"),
    "output_cpr": gettext_lazy("CPR 7 cara (%)"),
    "output_mkjp": gettext_lazy("MKJP (%)"),
    "output_unmet_need": gettext_lazy("Unmet need menurut portal (%)"),
}
LABEL_INDEKS = {
    "input": gettext_lazy("Input"),
    "proses": gettext_lazy("Proses"),
    "output": gettext_lazy("Output"),
}


def _ya(b) -> str:
    return _("ada") if b else _("tidak")


def nilai_skor(laporan: dict) -> dict:
    """What each of the twelve scores rates, as short text (counts, or whole percentages)."""
    blok = laporan.get("klasifikasi_kampung_kb")
    portal = laporan.get("portal_kkbpk")
    if not blok or not portal:
        return {}
    m = blok["masukan"]
    n = klas.nilai_output(portal)
    return {
        "input_pokja": _("pokja %(a)s, %(n)s anggota, pelatihan %(l)s")
        % {"a": _ya(m["pokja"]), "n": m["anggota_pokja"], "l": _ya(m["pokja_dilatih"])},
        "input_sumber_dana": str(m["sumber_dana"]),
        "input_poktan": str(m["poktan"]),
        "input_sarana": str(m["sarana"]),
        "input_pkb_regulasi": _("PLKB/PKB %(p)s, regulasi %(r)s")
        % {"p": _ya(m["pkb"]), "r": _ya(m["regulasi"])},
        "proses_penggunaan_data": str(m["penggunaan_data"]),
        "proses_operasional": f"{m['operasional']}/5",
        "proses_lintas_sektor": str(m["lintas_sektor"]),
        "output_poktan": f"{n['poktan']} %",
        "output_cpr": f"{n['cpr']} %",
        "output_mkjp": f"{n['mkjp']} %",
        "output_unmet_need": f"{n['unmet_need']} %",
    }


def kartu_skor(laporan: dict, laporan_lalu: dict | None = None) -> list[dict]:
    """Rows of the classification card: what is rated, score 1–4, last month's, trend.
    A higher score is always better (for unmet need, a lower value scores higher)."""
    blok = laporan.get("klasifikasi_kampung_kb") or {}
    skor = blok.get("skor") or {}
    skor_lalu = ((laporan_lalu or {}).get("klasifikasi_kampung_kb") or {}).get("skor") or {}
    nilai = nilai_skor(laporan)
    baris = []
    for k, label in LABEL_SKOR.items():
        if k not in skor:
            continue
        s, sl = skor.get(k), skor_lalu.get(k)
        arah = kelas = None
        if s is not None and sl is not None:
            arah = "naik" if s > sl else "turun" if s < sl else "sama"
            kelas = {"naik": "lebih-baik", "turun": "lebih-buruk", "sama": "netral"}[arah]
        baris.append(
            {
                "kunci": k,
                "indeks": k.split("_", 1)[0],
                "label": str(label),
                "nilai": nilai.get(k),
                "skor": s,
                "maks": klas.MAKS[k],
                "skor_lalu": sl,
                "arah": arah,
                "arah_teks": {"naik": _("Naik"), "turun": _("Turun"), "sama": _("Sama")}.get(
                    arah, "–"
                ),
                "kelas": kelas or "",
            }
        )
    return baris


def kartu_klasifikasi(laporan: dict, laporan_lalu: dict | None = None) -> dict:
    """The class, three indices, twelve scores and what would lift the class next (for
    `_skor.html` on the dashboard, the report page and the meeting pack); both unmet-need
    figures, named. Empty "kelas" in a kecamatan/kabupaten report (the block is omitted)."""
    blok = laporan.get("klasifikasi_kampung_kb")
    portal = laporan.get("portal_kkbpk")
    if not blok or not portal:
        return {"kelas": "", "baris": []}
    lalu = (laporan_lalu or {}).get("klasifikasi_kampung_kb") or {}
    return {
        "kelas": blok["kelas"],
        "kelas_lalu": lalu.get("kelas"),
        "indeks": [
            {"nama": str(LABEL_INDEKS[k]), "nilai": v, "capai": v >= 3}
            for k, v in blok["indeks"].items()
        ],
        "baris": kartu_skor(laporan, laporan_lalu),
        "naik": klas.naik_kelas(portal, blok),
        "unmet_aplikasi": (laporan.get("kb") or {}).get("unmet_need_persen"),
        "unmet_portal": klas.nilai_output(portal)["unmet_need"],
    }


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
        **kartu_klasifikasi(sekarang, lalu),
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
