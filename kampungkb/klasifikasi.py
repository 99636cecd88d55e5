"""The Kampung KB side of the portal classification: the counts behind the input and process
indicators (OFFICIAL.md §2) from the profile, the poktan and the activities, and the Rumah DataKu
level (OFFICIAL.md §4). The scoring itself is ``laporan.klasifikasi`` (pure); this module is
registered with ``laporan.blok`` in ``KampungkbConfig.ready`` so a desa report gets the block
without laporan importing kampungkb.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from kampungkb import kode
from kampungkb.models import (
    AnggotaPokja,
    AturanRumahDataKu,
    Kegiatan,
    PotensiDesa,
    ProfilKampungKB,
    RumahDataKu,
)
from keluarga import indicators as ind
from keluarga.models import Desa
from laporan import klasifikasi as klas

# The five poktan types of the portal (Posyandu is not one of them).
JENIS_PORTAL = ("bkb", "bkr", "bkl", "uppka", "pik_r")


def poktan_ada(desa: Desa, tanggal: dt.date) -> list[str]:
    """The poktan types present on the date: at least one group active on it (founded by then)
    that held a meeting in the reference month or the two before (our rule, overriding
    OFFICIAL.md §1's "the profile says")."""
    from poktan import indicators as pi
    from poktan.models import Pertemuan

    awal, _akhir = pi.jendela_aktif(tanggal.year, tanggal.month)
    kelompok = pi.kelompok_berjalan(tanggal, [desa.pk]).filter(jenis__in=JENIS_PORTAL)
    ada = set(
        Pertemuan.objects.filter(
            kelompok__in=kelompok, tanggal__gte=awal, tanggal__lte=tanggal
        ).values_list("kelompok__jenis", flat=True)
    )
    return [j for j in JENIS_PORTAL if j in ada]


def kegiatan_12_bulan(desa: Desa, tanggal: dt.date):
    """Activities realised in the 12 months up to the date (the day itself included)."""
    return Kegiatan.objects.filter(
        desa=desa,
        status=kode.StatusKegiatan.TERLAKSANA,
        tanggal_realisasi__gt=ind.tambah_bulan(tanggal, -12),
        tanggal_realisasi__lte=tanggal,
    )


def instansi_lintas_sektor(desa: Desa, tanggal: dt.date) -> list[str]:
    """Distinct agencies of those activities, OPD PPKB and Perwakilan BKKBN left out."""
    from kampungkb.models import Instansi

    return list(
        Instansi.objects.filter(
            lintas_sektor=True, kegiatan_set__in=kegiatan_12_bulan(desa, tanggal)
        )
        .distinct()
        .order_by("urutan")
        .values_list("nama", flat=True)
    )


def sumber_dana(profil: ProfilKampungKB | None, desa: Desa, tanggal: dt.date) -> list[str]:
    """The portal's funding sources: the profile's, plus those of the activities realised in the
    12 months (mapped by kode.SUMBER_DANA_PORTAL)."""
    ada = set(profil.sumber_dana if profil else [])
    for s in set(kegiatan_12_bulan(desa, tanggal).values_list("sumber_dana", flat=True)):
        portal = kode.SUMBER_DANA_PORTAL.get(s)
        if portal:
            ada.add(str(portal))
    return [s for s in kode.SumberDanaPortal.values if s in ada]


def masukan(desa: Desa, tanggal: dt.date) -> dict:
    """The counts behind the eight input/process scores (laporan.klasifikasi's `masukan`)."""
    profil = ProfilKampungKB.objects.filter(desa=desa).first()
    anggota = AnggotaPokja.objects.filter(profil=profil, aktif=True).count() if profil else 0
    p = profil or ProfilKampungKB(desa=desa)
    dana = sumber_dana(profil, desa, tanggal)
    poktan = poktan_ada(desa, tanggal)
    instansi = instansi_lintas_sektor(desa, tanggal)
    return {
        "pokja": p.pokja_ada,
        "anggota_pokja": anggota,
        "pokja_dilatih": p.pokja_pelatihan,
        "sumber_dana": len(dana),
        "poktan": len(poktan),
        "sarana": int(p.ada_sekretariat) + int(p.ada_rumah_dataku),
        "pkb": p.pkb_ada,
        "regulasi": bool(p.regulasi),
        "penggunaan_data": len(p.data_perencanaan),
        "operasional": len(p.mekanisme_berjalan()),
        "lintas_sektor": len(instansi),
        "daftar_sumber_dana": dana,
        "daftar_poktan": poktan,
        "daftar_instansi": instansi,
    }


def isi_klasifikasi(laporan: dict, desa: Desa, tahun: int, bulan: int) -> dict:
    """`klasifikasi_kampung_kb` of a desa report (any area of it: the block is the desa's)."""
    portal = laporan.get("portal_kkbpk")
    if portal is None:
        return {}
    return {
        "klasifikasi_kampung_kb": klas.klasifikasi(
            portal, masukan(desa, ind.akhir_bulan(tahun, bulan))
        )
    }


# --- Rumah DataKu level ---------------------------------------------------------------------------


def hitungan_rdk(rdk: RumahDataKu | None, desa: Desa, tanggal: dt.date) -> dict:
    """What each level rule counts; the data groups the app holds count as held."""
    if rdk is None:
        rdk = RumahDataKu(desa=desa)
    data = set(rdk.kelompok_data) | {str(k) for k in kode.KELOMPOK_DATA_APLIKASI}
    if PotensiDesa.objects.filter(desa=desa, tahun__lte=tanggal.year).exists():
        data.add(kode.KelompokData.POTENSI_DESA)
    return {
        "sk": int(rdk.sk_ada),
        "sumber_dana": len(rdk.sumber_dana),
        "fasilitas": len(rdk.fasilitas),
        "kelompok_data": len(data),
        "penyajian": len(rdk.penyajian),
        "pemanfaatan": len(rdk.pemanfaatan),
        "kelompok_data_ada": [k for k in kode.KelompokData.values if k in data],
    }


def aturan_rdk() -> dict[str, list[tuple[str, int]]]:
    """The rule set per level, in level order: {tingkat: [(syarat, minimal)]}."""
    hasil: dict[str, list[tuple[str, int]]] = {t: [] for t in kode.TingkatRDK.values}
    for a in AturanRumahDataKu.objects.order_by("pk"):
        hasil[a.tingkat].append((a.syarat, a.minimal))
    return hasil


def tingkat_rdk(hitungan: dict, aturan: dict[str, list[tuple[str, int]]]) -> dict:
    """The level reached (each level's rules all met, in order) and what the next one lacks.

    {"tingkat": "lengkap" | None, "label", "berikut": "paripurna" | None, "kurang": [words]}."""
    tingkat = None
    for t in kode.TingkatRDK.values:
        if all(hitungan[s] >= n for s, n in aturan[t]):
            tingkat = t
        else:
            break
    urut = kode.TingkatRDK.values
    berikut = (
        urut[0]
        if tingkat is None
        else (urut[urut.index(tingkat) + 1] if urut.index(tingkat) + 1 < len(urut) else None)
    )
    kurang = []
    if berikut:
        for s, n in aturan[berikut]:
            if hitungan[s] < n:
                label = kode.SyaratRDK(s).label
                if s == "sk":
                    kurang.append(str(label))
                else:
                    kurang.append(
                        _("%(label)s: %(a)s dari paling sedikit %(n)s")
                        % {"label": label, "a": hitungan[s], "n": n}
                    )
    return {
        "tingkat": tingkat,
        "label": str(kode.TingkatRDK(tingkat).label) if tingkat else _("Belum Sederhana"),
        "berikut": berikut,
        "label_berikut": str(kode.TingkatRDK(berikut).label) if berikut else "",
        "kurang": kurang,
    }


def tingkat_rumah_dataku(desa: Desa, tanggal: dt.date) -> dict:
    rdk = RumahDataKu.objects.filter(desa=desa).first()
    h = hitungan_rdk(rdk, desa, tanggal)
    return {**tingkat_rdk(h, aturan_rdk()), "hitungan": h, "rdk": rdk}


# --- the cross-sector map layer -------------------------------------------------------------------


def kegiatan_peta(desa: Desa, tahun: int, bulan: int) -> list[dict]:
    """The month's activities (planned for it or realised in it, not cancelled) for the
    cross-sector layer of the village map: title, date, area and agencies — no personal data.

    Each: {"judul", "tanggal", "tingkat": "rt"|"rw"|"dusun"|"desa", "rt": id|None,
    "rt_label", "kotak": the margin box (its RW for an RT, its dusun/RW, or "Seluruh desa"),
    "instansi": [names]}."""
    from django.db.models import Q

    awal = dt.date(tahun, bulan, 1)
    akhir = ind.akhir_bulan(tahun, bulan)
    qs = (
        Kegiatan.objects.filter(desa=desa)
        .filter(
            Q(bulan_rencana=awal) | Q(tanggal_realisasi__gte=awal, tanggal_realisasi__lte=akhir)
        )
        .exclude(status=kode.StatusKegiatan.BATAL)
        .select_related("dusun", "rw__dusun", "rt__rw__dusun")
        .prefetch_related("instansi")
    )
    hasil = []
    for k in sorted(qs, key=lambda k: (k.tanggal_acuan, k.pk)):
        if k.rt_id:
            rw = k.rt.rw
            tingkat, kotak = "rt", f"RW {rw.nomor} · {rw.dusun.nama}"
            rt_label = f"RT {k.rt.nomor}"
        elif k.rw_id:
            tingkat, kotak, rt_label = "rw", f"RW {k.rw.nomor} · {k.rw.dusun.nama}", ""
        elif k.dusun_id:
            tingkat, kotak, rt_label = "dusun", f"Dusun {k.dusun.nama}", ""
        else:
            tingkat, kotak, rt_label = "desa", str(_("Seluruh desa")), ""
        hasil.append(
            {
                "judul": k.judul,
                "tanggal": k.tanggal_acuan.isoformat(),
                "tingkat": tingkat,
                "rt": k.rt_id,
                "rw": k.rw_id or (k.rt.rw_id if k.rt_id else None),
                "dusun": k.dusun_id
                or (k.rw.dusun_id if k.rw_id else k.rt.rw.dusun_id if k.rt_id else None),
                "rt_label": rt_label,
                "kotak": kotak,
                "instansi": k.label_mitra(),
            }
        )
    return hasil
