"""The PUS register (OFFICIAL.md §3, issue 17 point 4): per RT, every woman who was PUS on a
month-end of the year in that RT, her details, and the month-by-month KB grid.

The grid is read, month by month, from ``keluarga.indicators.pus_pada`` on the month's last day:
the same rows and the same ``status_kb`` that the monthly report counts (``hitung_kb``), so a
cell is what the report counted for her that month. A woman is listed in each RT she was PUS in
on some month-end (a move mid-year puts her in both RTs, each with its own months); a month in
which she was not PUS, or not in that RT, stays blank. Queries: three per computed month (the
dated moves and the PUS rows), one per month that is some row's last (the details, at most
twelve), plus four: bounded whatever the number of women.

The row's details (husband, age, children, Tahapan KS, JKN, KB code, service) are read on her
last month-end in that RT of the year. The layout — columns, codes, the service keywords — is
kept here, in one place that is easy to correct.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keluarga import indicators as ind
from keluarga import kode, sql_siap
from keluarga.models import RT, Anggota, Desa, Keluarga

ST = kode.StatusKBPada

# The register's KB codes (OFFICIAL.md §3); MAL and Tradisional as the app labels them; BT for
# "belum terdata" (DOMAIN.md §2: never folded into another group).
KODE_KB: dict[str, str] = {
    ST.IUD: "I",
    ST.MOW: "MOW",
    ST.MOP: "MOP",
    ST.KONDOM: "K",
    ST.IMPLAN: "IPN",
    ST.SUNTIK: "S",
    ST.PIL: "P",
    ST.HAMIL: "H",
    ST.IAS: "IAS",
    ST.IAT: "IAT",
    ST.TIAL: "TIAL",
    ST.MAL: str(ST.MAL.label),
    ST.TRADISIONAL: str(ST.TRADISIONAL.label),
    ST.BELUM_TERDATA: "BT",
}

KETERANGAN_KODE = [
    ("I", _("IUD")),
    ("MOW", _("Medis operatif wanita")),
    ("MOP", _("Medis operatif pria (suami)")),
    ("K", _("Kondom (suami)")),
    ("IPN", _("Implan")),
    ("S", _("Suntik")),
    ("P", _("Pil")),
    ("MAL", _("Metode amenore laktasi")),
    ("Tradisional", _("Cara tradisional")),
    ("H", _("Hamil")),
    ("IAS", _("Ingin anak segera")),
    ("IAT", _("Ingin anak ditunda")),
    ("TIAL", _("Tidak ingin anak lagi")),
    ("BT", _("Belum terdata")),
]

PEMERINTAH, SWASTA = _("Pemerintah"), _("Swasta")
# The place of service is free text in the KB history: these words classify it. "swasta" and
# "pemerintah" themselves win; text matching neither is shown as recorded.
KATA_PEMERINTAH = (
    "pemerintah",
    "puskesmas",
    "pustu",
    "polindes",
    "poskesdes",
    "rsud",
    "bidan desa",
    "posyandu",
    "tni",
    "polri",
)
KATA_SWASTA = (
    "swasta",
    "pmb",
    "praktik mandiri",
    "praktek mandiri",
    "bidan praktik",
    "bidan praktek",
    "bps",
    "klinik",
    "dokter praktik",
    "dokter praktek",
    "dpm",
    "apotek",
)

BULAN_SINGKAT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]

# Column titles, in the order of OFFICIAL.md §3 (the months follow); their widths on paper are
# in static/css/register_pus.css (.k0 … .k10, .bln).
KOLOM = [
    "No.",
    _("Nama istri"),
    _("NIK istri"),
    _("Nama suami"),
    _("Umur istri"),
    _("Jumlah anak hidup"),
    _("Umur anak terakhir"),
    _("Tahapan KS"),
    _("JKN"),
    _("Kode KB"),
    _("Pelayanan KB"),
]


def jenis_pelayanan(tempat: str) -> str:
    """Pemerintah / Swasta from the recorded place of service; unknown text as recorded."""
    teks = (tempat or "").strip()
    kecil = teks.lower()
    if not kecil:
        return ""
    for kata, hasil in (("swasta", SWASTA), ("pemerintah", PEMERINTAH)):
        if kata in kecil:
            return str(hasil)
    if any(k in kecil for k in KATA_SWASTA):
        return str(SWASTA)
    if any(k in kecil for k in KATA_PEMERINTAH):
        return str(PEMERINTAH)
    return teks


def umur_tahun(lahir: dt.date, pada: dt.date) -> int:
    """Completed years on a date (DOMAIN.md §2: at least n years ⇔ born ≤ date − n years)."""
    n = pada.year - lahir.year
    return n if lahir <= ind.batas_umur(pada, tahun=n) else n - 1


def umur_teks(lahir: dt.date | None, pada: dt.date) -> str:
    """A child's age for the register: completed years, or completed months under one year."""
    if lahir is None:
        return ""
    tahun = umur_tahun(lahir, pada)
    if tahun >= 1:
        return f"{tahun} th"
    bulan = (pada.year - lahir.year) * 12 + pada.month - lahir.month
    if lahir > ind.batas_umur(pada, bulan=bulan):
        bulan -= 1
    return f"{max(bulan, 0)} bl"


def bulan_berjalan(tahun: int, hari_ini: dt.date | None = None) -> list[int]:
    """The months of the year whose register can be read: up to the current month (Asia/Jakarta;
    an open month is read on its last day, as the monthly report does)."""
    hari_ini = hari_ini or timezone.localdate()
    if tahun < hari_ini.year:
        return list(range(1, 13))
    if tahun > hari_ini.year:
        return []
    return list(range(1, hari_ini.month + 1))


@dataclass
class BarisPUS:
    anggota_id: int
    rt_id: int
    nama: str = ""
    nik: str = ""
    suami: str = ""
    umur: int | None = None
    anak_hidup: int | None = None
    umur_bungsu: str = ""
    tahapan_ks: str = ""
    jkn: str = ""
    kode_kb: str = ""
    pelayanan: str = ""
    acuan: dt.date | None = None
    status: dict[int, str] = field(default_factory=dict)  # month → StatusKBPada code

    @property
    def sel(self) -> list[str]:
        """The twelve grid cells (register codes; blank when not PUS in this RT)."""
        return [KODE_KB[self.status[m]] if m in self.status else "" for m in range(1, 13)]


@dataclass
class BagianRT:
    rt: RT
    baris: list[BarisPUS]


@dataclass
class RegisterPUS:
    desa: Desa
    tahun: int
    bulan: list[int]  # the months read (the rest of the year is still ahead)
    bagian: list[BagianRT]

    @property
    def jumlah(self) -> int:
        return sum(len(b.baris) for b in self.bagian)


def _grid_bulan(tanggal: dt.date, desa_ids: list[int], rt_ids: list[int], pindah):
    """The PUS of these RTs on the date with their KB status, RT and family: one statement,
    compiled once per process for these inputs (keluarga/sql_siap.py), since the page, its
    print, PDF and Excel ask for the same ones."""
    kunci = ("register_pus", tanggal, tuple(desa_ids), pindah.kunci(), tuple(sorted(rt_ids)))
    return sql_siap.baris(
        kunci,
        lambda: (
            ind.pus_pada(tanggal, desa_ids, pindah)
            .filter(rt__in=rt_ids)
            .values("pk", "rt", "status_kb", "kel")
            .order_by()
        ),
    )


def _rinci_bulan(tanggal: dt.date, desa_ids: list[int], ids: list[int], pindah) -> dict[int, dict]:
    """For these PUS of the date: her paired husband, the place of service of her method, her
    living children and the youngest's birth date (one statement)."""
    bungsu = (
        ind.anak_hidup_pada(tanggal).order_by("-tanggal_lahir", "-pk").values("tanggal_lahir")[:1]
    )
    return {
        r["pk"]: r
        for r in (
            ind.pus_pada(tanggal, desa_ids, pindah)
            .filter(pk__in=ids)
            .annotate(suami=ind.suami_pada(tanggal, pindah))
            .annotate(
                tempat=ind.tempat_kb_pada(tanggal),
                anak=ind.jumlah_anak_hidup_pada(tanggal),
                bungsu=Subquery(bungsu),
            )
            .values("pk", "suami", "tempat", "anak", "bungsu")
            .order_by()
        )
    }


def susun_register(
    desa: Desa, tahun: int, rt_ids: list[int], hari_ini: dt.date | None = None
) -> RegisterPUS:
    """The register of the year for these RTs of the desa, one part per RT."""
    bulan = bulan_berjalan(tahun, hari_ini)
    baris: dict[tuple[int, int], BarisPUS] = {}
    terakhir: dict[tuple[int, int], tuple[int, str, int]] = {}  # (month, status, family)
    pindahan = {}
    for m in bulan:
        tanggal = ind.akhir_bulan(tahun, m)
        pindahan[m] = ind.ada_pindah_setelah(tanggal, [desa.pk])
        for r in _grid_bulan(tanggal, [desa.pk], rt_ids, pindahan[m]):
            kunci = (r["pk"], r["rt"])
            baris.setdefault(kunci, BarisPUS(*kunci)).status[m] = r["status_kb"]
            # Months come in order: the last one read is her last month-end in this RT.
            terakhir[kunci] = (m, r["status_kb"], r["kel"])
    # The details on each row's last month-end: one statement per month that is someone's last
    # (at most twelve, whatever the number of women).
    per_bulan: dict[int, set[int]] = {}
    for (pk, _rt), (m, _s, _k) in terakhir.items():
        per_bulan.setdefault(m, set()).add(pk)
    rinci = {
        m: _rinci_bulan(ind.akhir_bulan(tahun, m), [desa.pk], sorted(ids), pindahan[m])
        for m, ids in sorted(per_bulan.items())
    }
    perempuan = {
        a["pk"]: a
        for a in Anggota.objects.filter(pk__in={k[0] for k in baris}).values(
            "pk", "nama", "nik", "tanggal_lahir", "jkn"
        )
    }
    suami_ids = {r["suami"] for isi in rinci.values() for r in isi.values() if r["suami"]}
    suami = dict(Anggota.objects.filter(pk__in=suami_ids).values_list("pk", "nama"))
    tahapan = dict(
        Keluarga.objects.filter(pk__in={k for _m, _s, k in terakhir.values()}).values_list(
            "pk", "tahapan_ks"
        )
    )
    label_ks = dict(kode.TahapanKS.choices)
    label_jkn = dict(kode.JKN.choices)
    for kunci, b in baris.items():
        m, status, kel = terakhir[kunci]
        # (a row changed between the two reads lacks its details rather than failing)
        tanggal, r = ind.akhir_bulan(tahun, m), rinci[m].get(b.anggota_id, {})
        a = perempuan[b.anggota_id]
        b.nama, b.nik, b.acuan = a["nama"], a["nik"] or "", tanggal
        b.suami = suami.get(r.get("suami"), "")
        b.umur = umur_tahun(a["tanggal_lahir"], tanggal)
        b.anak_hidup = r.get("anak")
        b.umur_bungsu = umur_teks(r.get("bungsu"), tanggal)
        b.tahapan_ks = str(label_ks.get(tahapan.get(kel), ""))
        b.jkn = str(label_jkn.get(a["jkn"], ""))
        b.kode_kb = KODE_KB[status]
        b.pelayanan = jenis_pelayanan(r.get("tempat", ""))
    rts = RT.objects.filter(desa=desa, pk__in=rt_ids).select_related("rw__dusun")
    bagian = [
        BagianRT(
            rt,
            sorted(
                (b for b in baris.values() if b.rt_id == rt.pk),
                key=lambda b: (b.nama.casefold(), b.anggota_id),
            ),
        )
        for rt in rts
    ]
    return RegisterPUS(desa, tahun, bulan, bagian)
