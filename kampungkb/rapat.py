"""The monthly pokja meeting: the agenda generated from the month, and the minutes.

The agenda of month M (met early in M+1): indicators that got worse by their own direction (the
report's "perbandingan", lebih_baik == False), poktan groups belum lapor, the data-quality
worklist counts, M's planned activities with their realisation, and the plan for M+1.
"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import dateformat, formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kampungkb.models import RapatDetail
from kampungkb.ringkasan import bulan_geser, label_bulan, penandatangan, rencana_dan_realisasi
from keluarga.models import Desa
from laporan import laporan as lap
from laporan import services as lap_services
from laporan.models import RapatBulanan
from laporan.tampilan import NAMA_KUALITAS, NAMA_POKTAN

LABEL_INDIKATOR = {
    "penduduk.jumlah.total": gettext_lazy("Jumlah penduduk"),
    "keluarga.jumlah": gettext_lazy("Jumlah keluarga"),
    "kb.pus": gettext_lazy("PUS"),
    "kb.peserta_aktif.total": gettext_lazy("Peserta KB aktif"),
    "kb.cpr": gettext_lazy("CPR (%)"),
    "kb.mcpr": gettext_lazy("mCPR (%)"),
    "kb.mkjp_persen": gettext_lazy("MKJP (%)"),
    "kb.unmet_need_persen": gettext_lazy("Unmet need (%)"),
    "keluarga.krs": gettext_lazy("Keluarga berisiko stunting"),
    "posyandu.prevalensi_stunting_persen": gettext_lazy("Prevalensi stunting (%)"),
    "posyandu.rasio.d_s": gettext_lazy("Balita ditimbang D/S (%)"),
}

JUDUL_BAGIAN = [
    gettext_lazy("I. Pelaksanaan"),
    gettext_lazy("II. Peserta"),
    gettext_lazy("III. Pembicara"),
    gettext_lazy("IV. Hal-hal yang disampaikan"),
    gettext_lazy("V. Keputusan"),
    gettext_lazy("VI. Rencana kegiatan bulan depan"),
]


def _ambil(d: dict, jalur: str):
    for bagian in jalur.split("."):
        if not isinstance(d, dict):
            return None
        d = d.get(bagian)
    return d


def angka(v) -> str:
    """Indonesian number for text: 14,3; "–" for no value."""
    if v is None:
        return "–"
    if isinstance(v, float):
        return formats.number_format(v, 1)
    return formats.number_format(v)


def indikator_berubah(laporan: dict) -> tuple[list[dict], list[dict]]:
    """(worse, better) indicators of a report, by each indicator's own direction."""
    memburuk, membaik = [], []
    for jalur, p in (laporan.get("perbandingan") or {}).items():
        if p.get("lebih_baik") is None:
            continue
        baris = {
            "jalur": jalur,
            "label": str(LABEL_INDIKATOR.get(jalur, jalur)),
            "nilai": _ambil(laporan, jalur),
            "bulan_lalu": p.get("bulan_lalu"),
            "arah": p["arah"],
        }
        (membaik if p["lebih_baik"] else memburuk).append(baris)
    return memburuk, membaik


def susun_agenda(desa: Desa, tahun: int, bulan: int) -> dict:
    """The meeting agenda of month (tahun, bulan), JSON-ready (it is stored with the minutes)."""
    awal = dt.date(tahun, bulan, 1)
    agenda = {
        "bulan": f"{awal:%Y-%m}",
        "label": label_bulan(awal),
        "disusun": timezone.now().isoformat(timespec="minutes"),
        "galat": None,
        "memburuk": [],
        "membaik": [],
        "belum_lapor": [],
        "kualitas_data": [],
        "kualitas_total": 0,
    }
    try:
        laporan = lap_services.laporan_bulan(desa, tahun, bulan)
    except lap.LaporanDitolak as e:
        agenda["galat"] = str(e)
    else:
        agenda["status_laporan"] = laporan["status"]
        agenda["memburuk"], agenda["membaik"] = indikator_berubah(laporan)
        agenda["belum_lapor"] = [
            {"jenis": t, "nama": NAMA_POKTAN.get(t, t), "jumlah": v.get("belum_lapor", 0)}
            for t, v in laporan["poktan"].items()
            if v.get("belum_lapor")
        ]
        agenda["kualitas_data"] = [
            {"kunci": k, "nama": str(NAMA_KUALITAS.get(k, k)), "jumlah": n}
            for k, n in laporan["kualitas_data"].items()
            if n
        ]
        agenda["kualitas_total"] = sum(laporan["kualitas_data"].values())
    agenda["rencana_lalu"] = _json(rencana_dan_realisasi(desa, awal))
    agenda["rencana_depan"] = _json(rencana_dan_realisasi(desa, bulan_geser(awal, 1)))
    return agenda


def _json(d):
    """Dates to ISO strings, lazy strings to str: the agenda is stored as JSON."""
    if isinstance(d, dict):
        return {k: _json(v) for k, v in d.items()}
    if isinstance(d, list):
        return [_json(v) for v in d]
    if isinstance(d, dt.date):
        return d.isoformat()
    if d is None or isinstance(d, bool | int | float | str):
        return d
    return str(d)


def _tanggal(v) -> str:
    if not v:
        return ""
    if isinstance(v, str):
        v = dt.date.fromisoformat(v)
    return dateformat.format(v, "j F Y")


def butir_agenda(agenda: dict) -> list[str]:
    """The agenda as numbered sentences for section IV of the minutes."""
    butir = []
    if agenda.get("galat"):
        butir.append(agenda["galat"])
    if agenda.get("memburuk"):
        butir.append(
            _("Indikator yang memburuk: %(x)s.")
            % {
                "x": "; ".join(
                    _("%(l)s %(a)s dari %(b)s menjadi %(n)s")
                    % {
                        "l": r["label"],
                        "a": _("naik") if r["arah"] == "naik" else _("turun"),
                        "b": angka(r["bulan_lalu"]),
                        "n": angka(r["nilai"]),
                    }
                    for r in agenda["memburuk"]
                )
            }
        )
    elif not agenda.get("galat"):
        butir.append(_("Tidak ada indikator yang memburuk dibanding bulan lalu."))
    if agenda.get("membaik"):
        butir.append(
            _("Indikator yang membaik: %(x)s.")
            % {"x": ", ".join(r["label"] for r in agenda["membaik"])}
        )
    if agenda.get("belum_lapor"):
        butir.append(
            _("Kelompok kegiatan belum lapor: %(x)s.")
            % {"x": ", ".join(f"{r['nama']} {r['jumlah']}" for r in agenda["belum_lapor"])}
        )
    if agenda.get("kualitas_data"):
        butir.append(
            _("Kualitas data yang perlu dibenahi (%(n)s): %(x)s.")
            % {
                "n": agenda["kualitas_total"],
                "x": "; ".join(f"{r['nama']} {r['jumlah']}" for r in agenda["kualitas_data"]),
            }
        )
    lalu = agenda.get("rencana_lalu") or {}
    if lalu.get("jumlah"):
        rinci = "; ".join(
            f"{k['judul']} ({k['status_label']}"
            + (f", {_tanggal(k['tanggal'])}" if k["status"] == "terlaksana" else "")
            + ")"
            for k in lalu["kegiatan"]
        )
        butir.append(
            _("Rencana kegiatan %(b)s: %(t)s dari %(n)s terlaksana — %(x)s.")
            % {"b": lalu["label"], "t": lalu["terlaksana"], "n": lalu["jumlah"], "x": rinci}
        )
    elif lalu:
        butir.append(_("Tidak ada kegiatan yang direncanakan untuk %(b)s.") % {"b": lalu["label"]})
    return butir


def _baris(teks: str) -> list[str]:
    return [b.strip() for b in (teks or "").splitlines() if b.strip()]


def _jam(detail: RapatDetail | None) -> str:
    if detail is None or detail.jam_mulai is None:
        return "–"
    mulai = dateformat.time_format(detail.jam_mulai, "H.i")
    if detail.jam_selesai is None:
        return _("%(m)s s.d. selesai") % {"m": mulai}
    return f"{mulai} – {dateformat.time_format(detail.jam_selesai, 'H.i')}"


def konteks_notulen(rapat: RapatBulanan) -> dict:
    """Everything the minutes need, in the pokja's structure (sections I–VI and signatures)."""
    detail = RapatDetail.objects.filter(rapat=rapat).first()
    periode = rapat.periode
    desa = periode.desa
    agenda = (detail.agenda if detail else None) or susun_agenda(
        desa, periode.bulan.year, periode.bulan.month
    )
    ttd = penandatangan(desa)
    rencana = _baris(detail.rencana) if detail else []
    if not rencana:
        rencana = [k["judul"] for k in (agenda.get("rencana_depan") or {}).get("kegiatan", [])]
    judul = _("Notulen Rapat Pokja %(k)s") % {
        "k": ttd["nama_kampung_kb"] or _("Kampung KB %(d)s") % {"d": desa.nama}
    }
    return {
        "judul": judul.upper(),
        "subjudul": _("%(s)s %(d)s · Bulan laporan %(b)s")
        % {
            "s": _("Kelurahan") if desa.kelurahan else _("Desa"),
            "d": desa.nama,
            "b": label_bulan(periode.bulan),
        },
        "bagian": [str(b) for b in JUDUL_BAGIAN],
        "hari_tanggal": dateformat.format(rapat.tanggal, "l, j F Y"),
        "jam": _jam(detail),
        "tempat": rapat.tempat,
        "pemimpin": detail.pemimpin if detail else "",
        "peserta": _baris(rapat.peserta),
        "pembicara": _baris(detail.pembicara) if detail else [],
        "butir_agenda": butir_agenda(agenda),
        "notulen": _baris(detail.notulen) if detail else [],
        "keputusan": _baris(detail.keputusan) if detail else [],
        "rencana": rencana,
        "notulis": detail.notulis if detail else "",
        "tempat_tanggal": f"{desa.nama}, {dateformat.format(rapat.tanggal, 'j F Y')}",
        "ttd": ttd,
    }


def notulen_html(rapat: RapatBulanan) -> str:
    """The minutes as an HTML fragment (for the meeting-pack PDF and the print page)."""
    return render_to_string("kampungkb/_notulen.html", {"n": konteks_notulen(rapat)})


def notulen_teks(rapat: RapatBulanan) -> str:
    """The minutes as plain text, in the same structure as the HTML."""
    n = konteks_notulen(rapat)
    b = n["bagian"]
    garis = [n["judul"], n["subjudul"], ""]

    def daftar(isi: list[str], kosong: str = "-") -> list[str]:
        return [f"   {i}. {x}" for i, x in enumerate(isi, 1)] or [f"   {kosong}"]

    garis += [
        b[0],
        f"   {_('Hari/tanggal')} : {n['hari_tanggal']}",
        f"   {_('Jam')}          : {n['jam']}",
        f"   {_('Tempat')}       : {n['tempat']}",
    ]
    if n["pemimpin"]:
        garis.append(f"   {_('Pemimpin')}     : {n['pemimpin']}")
    garis += ["", b[1], *daftar(n["peserta"]), "", b[2], *daftar(n["pembicara"]), ""]
    garis += [b[3], *daftar(n["butir_agenda"] + n["notulen"]), ""]
    garis += [b[4], *daftar(n["keputusan"]), "", b[5], *daftar(n["rencana"]), ""]
    t = n["ttd"]
    garis += [
        n["tempat_tanggal"],
        "",
        f"{_('Mengetahui')},",
        t["kepala_desa"]["jabatan"],
        "",
        "",
        t["kepala_desa"]["nama"] or "(..............................)",
        "",
        t["ketua_pokja"]["jabatan"],
        "",
        "",
        t["ketua_pokja"]["nama"] or "(..............................)",
    ]
    if n["notulis"]:
        garis += ["", _("Notulis"), "", "", n["notulis"]]
    return "\n".join(garis) + "\n"
