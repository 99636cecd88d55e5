"""What kampungkb adds to laporan's pages, print and meeting pack (registered in
``KampungkbConfig.ready()`` into ``laporan/blok.py``; laporan never imports kampungkb)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from kampungkb.klasifikasi import tingkat_rumah_dataku
from kampungkb.models import ProfilKampungKB
from kampungkb.rapat import notulen_html
from kampungkb.ringkasan import kartu_klasifikasi
from kampungkb.wilayah import rt_kampung_kb
from keluarga import akses
from keluarga.akses import K
from laporan.models import PeriodeBulan, RapatBulanan
from laporan.wilayah import Wilayah


def kartu_skor_bulan(desa, laporan: dict, user=None) -> dict | None:
    """The Kampung KB classification card of a report page (ROLES.md: "Kampung KB portal form,
    classification and Rumah DataKu level" — None for a role without it, e.g. a kader): class,
    indices, twelve scores with the trend vs last month when that month is closed (its snapshot
    is at hand; an open last month is not recomputed just for the trend), what would lift the
    class, and the Rumah DataKu level with what the next one lacks."""
    if user is not None and not akses.boleh(user, K.PORTAL_KAMPUNG_KB):
        return None
    tahun, bulan = (int(x) for x in laporan["bulan"].split("-"))
    lalu = None
    rdk = None
    if desa is not None:
        awal = dt.date(tahun, bulan, 1) - dt.timedelta(days=1)
        p = PeriodeBulan.objects.filter(
            desa=desa, bulan=awal.replace(day=1), status=PeriodeBulan.Status.DITUTUP
        ).first()
        lalu = p.snapshot_untuk(Wilayah.dari_laporan(laporan)) if p else None
        rdk = tingkat_rumah_dataku(desa, dt.date.fromisoformat(laporan["tanggal_acuan"]))
        rdk["url"] = reverse("kampungkb:rumah_dataku", args=[desa.kode])
    return {"label": laporan["bulan"], **kartu_klasifikasi(laporan, lalu), "rdk": rdk}


def notulen_bulan(desa, laporan: dict) -> str:
    """The pokja meeting's minutes of the report's month, when a meeting was recorded (the
    meeting record itself, ``RapatBulanan``, is laporan's: the close creates it)."""
    tahun, bulan = (int(x) for x in laporan["bulan"].split("-"))
    rapat = RapatBulanan.objects.filter(
        periode__desa=desa, periode__bulan__year=tahun, periode__bulan__month=bulan
    ).first()
    return notulen_html(rapat) if rapat is not None else ""


def wilayah_kampung_kb(desa) -> tuple[str, list[int]] | None:
    """The Kampung KB area's title and RT ids when it is a part of the desa (None when whole)."""
    profil = ProfilKampungKB.objects.filter(desa=desa).first()
    if profil is None or profil.cakupan == "desa":
        return None
    return _("Wilayah %(nama)s") % {"nama": profil.nama}, list(rt_kampung_kb(desa, profil))


def ada_wilayah_kampung_kb(desa) -> bool:
    """Whether the desa's Kampung KB covers only a part of it (one query)."""
    return ProfilKampungKB.objects.filter(desa=desa).exclude(cakupan="desa").exists()
