"""Print layout and the meeting-pack PDF (WeasyPrint) of a monthly report.

Printouts and PDFs carry aggregates and counts only; NIK and No KK never appear in them.
"""

from __future__ import annotations

import base64
import datetime as dt

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext as _

from laporan import blok
from laporan.daftar import JENIS
from laporan.tampilan import kartu_skor_bulan, konteks_laporan


def nama_bulan(bulan: str) -> str:
    tahun, b = (int(x) for x in bulan.split("-"))
    return formats.date_format(dt.date(tahun, b, 1), "F Y")


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def penandatangan(desa) -> dict:
    """Names for the signature block (kampungkb registers it: from the Kampung KB profile)."""
    return blok.SUMBER.panggil("penandatangan", desa, bawaan={})


def konteks_cetak(
    user, lap: dict, *, desa, kertas: str = "a4", grafik=(), peta=(), notulen=""
) -> dict:
    ctx = konteks_laporan(user, lap, desa=desa)
    ctx.update(
        kertas=kertas,
        nama_bulan=nama_bulan(lap["bulan"]),
        sebutan_desa="Kelurahan" if desa is not None and desa.kelurahan else "Desa",
        daftar=[{"nama": str(JENIS.get(k, k)), "jumlah": v} for k, v in lap["daftar"].items()],
        ttd=penandatangan(desa) if desa is not None else {},
        grafik=list(grafik),
        peta=list(peta),
        notulen=notulen,
        skor=kartu_skor_bulan(desa, lap, user),
        catatan_tutup=_catatan_tutup(desa, lap),
    )
    ctx["isi"] = daftar_isi(ctx)
    return ctx


def _catatan_tutup(desa, lap: dict) -> str:
    """ "ditutup tanpa rapat, bersama bulan X" for a month closed with a later one, else ""."""
    if desa is None or lap.get("status") != "ditutup":
        return ""
    from laporan.models import PeriodeBulan
    from laporan.tutup_beruntun import catatan_tutup

    tahun, b = (int(x) for x in lap["bulan"].split("-"))
    return catatan_tutup(PeriodeBulan.objects.filter(desa=desa, bulan=dt.date(tahun, b, 1)).first())


def daftar_isi(ctx: dict) -> list[str]:
    """The cover page's contents: the report's tables, then what the pack adds, in order."""
    isi = [str(ctx["judul_tabel"][k]) for k in sorted(ctx["judul_tabel"])]
    if ctx.get("skor") and ctx["skor"].get("kelas"):
        isi.append(str(_("Klasifikasi Kampung KB")))
    isi += [g["judul"] for g in ctx["grafik"]]
    isi += [p["judul"] for p in ctx["peta"]]
    if ctx["notulen"]:
        isi.append(str(_("Notulen rapat pokja")))
    return isi


def pdf_dari_html(html: str) -> bytes:
    """Render HTML to PDF with WeasyPrint, reading our own static CSS from disk (no network)."""
    import weasyprint

    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf(
        stylesheets=[
            weasyprint.CSS(filename=str(settings.BASE_DIR / "static" / "css" / "cetak.css"))
        ]
    )


def pdf_laporan(
    lap: dict, *, user=None, desa=None, kertas: str = "a4", grafik=(), peta=(), notulen=""
) -> bytes:
    ctx = konteks_cetak(
        user, lap, desa=desa, kertas=kertas, grafik=grafik, peta=peta, notulen=notulen
    )
    html = render_to_string("laporan/cetak.html", ctx).replace('href="/static/css/cetak.css"', "")
    return pdf_dari_html(html)
