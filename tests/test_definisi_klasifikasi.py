"""DOMAIN.md §2 tested two ways, (b): an independent per-person classifier in plain Python.

A seeded demo village (300 families, 24 months of history up to 31 October 2026) is loaded once
into Python with one query per table. Every person is then classified on each of the 24 month-ends
by the definitions of DOMAIN.md §2 written out again below, in plain loops over people, and the
per-RT counts are compared with the database aggregations of ``keluarga.indicators``. Nothing of
that module is reused except the ``hitung_*`` functions under test: the age cut-offs, the
population, marital status, family, house, KB status, KRS and flow rules here are our own.

On top of the demo, ``tambah_kasus_tepi`` enters thirteen cases (15 families) through the services, each on
an edge the demo seldom reaches (twins, recorded child counts, a female head with a suami, two
menantu, a husband who moves family, a return after moving out, deaths and births on month-ends,
29 February, an unmarried pregnant teenager, a miscarriage over a method). The xfail tests at the
end each pin a discrepancy found this way, with the DOMAIN.md rule it breaks.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Min

from keluarga import services
from keluarga.indicators import (
    hitung_kb,
    hitung_keluarga,
    hitung_mutasi,
    hitung_pb,
    hitung_penduduk,
)
from keluarga.models import (
    RT,
    Anggota,
    Kehamilan,
    Keluarga,
    Peristiwa,
    PindahRumah,
    Rumah,
    StatusKB,
)
from operasi.demo import buat_demo
from tests import factories as f

HINGGA = dt.date(2026, 10, 31)
JUMLAH_BULAN = 24

# Code values, spelled out here rather than imported, so a renamed code fails loudly.
L, P = "L", "P"
BELUM_KAWIN, KAWIN = "belum_kawin", "kawin"
MENINGGAL, PINDAH_KELUAR, DATANG = "meninggal", "pindah_keluar", "datang"
PINDAH_KK = "pindah_kk"
PERISTIWA_KAWIN = {"kawin": "kawin", "cerai_hidup": "cerai_hidup", "cerai_mati": "cerai_mati"}
KEPALA, SUAMI, ISTRI, ANAK, MENANTU = "1", "2", "3", "4", "5"
# DOMAIN.md §2: the husband of a woman is found by these pairs (hers → his).
PASANGAN = {ISTRI: KEPALA, KEPALA: SUAMI, ANAK: MENANTU, MENANTU: ANAK}
METODE = ["iud", "mow", "mop", "implan", "suntik", "pil", "kondom", "mal", "tradisional"]
METODE_SUAMI = {"mop", "kondom"}
ALASAN = ["ias", "iat", "tial"]
STATUS_KB = ["hamil", *METODE, *ALASAN, "belum_terdata"]
# BKKBN's operational list for KRS (DOMAIN.md §2; the default of RUMAHDATAKU["AIR_LAYAK"]).
AIR_LAYAK = {"kemasan", "ledeng", "sumur_bor", "sumur_terlindung"}
JAMBAN_LAYAK = {"sendiri_septic"}
TAHAPAN = ["pra_s", "ks_1", "ks_2", "ks_3", "ks_3_plus", "belum_terdata"]
KELOMPOK = [f"{5 * i}-{5 * i + 4}" for i in range(15)] + ["75+"]
# Configurable (DOMAIN.md §2 "approx."): 35–40 and under 20 unless the settings say otherwise.
TERLALU_TUA = tuple(settings.RUMAHDATAKU.get("KRS_TERLALU_TUA", (35, 40)))
TERLALU_MUDA_DI_BAWAH = settings.RUMAHDATAKU.get("KRS_TERLALU_MUDA_DI_BAWAH", 20)


# --- dates ------------------------------------------------------------------------------------


def hari_terakhir(tahun: int, bulan: int) -> int:
    return calendar.monthrange(tahun, bulan)[1]


def mundur_bulan(d: dt.date, n: int) -> dt.date:
    """d minus n months; a day that does not exist in the target month becomes its last day."""
    tahun, bulan = d.year, d.month - n
    while bulan < 1:
        tahun, bulan = tahun - 1, bulan + 12
    while bulan > 12:
        tahun, bulan = tahun + 1, bulan - 12
    return dt.date(tahun, bulan, min(d.day, hari_terakhir(tahun, bulan)))


def paling_tidak(lahir: dt.date, d: dt.date, *, tahun: int = 0, bulan: int = 0) -> bool:
    """Aged at least `tahun` years / `bulan` months on d ⇔ born on or before d minus that."""
    return lahir <= mundur_bulan(d, 12 * tahun + bulan)


def umur_tahun(lahir: dt.date, d: dt.date) -> int:
    n = d.year - lahir.year
    while n > 0 and not paling_tidak(lahir, d, tahun=n):
        n -= 1
    return n


def umur_bulan(lahir: dt.date, d: dt.date) -> int:
    n = (d.year - lahir.year) * 12 + d.month - lahir.month
    while n > 0 and not paling_tidak(lahir, d, bulan=n):
        n -= 1
    return n


def akhir_bulan_ke(n: int) -> dt.date:
    """The month-end n months before HINGGA's month (0 = HINGGA itself)."""
    awal = mundur_bulan(HINGGA.replace(day=1), n)
    return awal.replace(day=hari_terakhir(awal.year, awal.month))


TANGGAL = [akhir_bulan_ke(n) for n in range(JUMLAH_BULAN - 1, -1, -1)]


def terbuka(mulai: dt.date, selesai: dt.date | None, d: dt.date) -> bool:
    """Half-open [mulai, selesai)."""
    return mulai <= d and (selesai is None or d < selesai)


# --- the village, loaded once ------------------------------------------------------------------


@dataclass(eq=False)
class Orang:
    id: int
    desa_id: int
    keluarga_id: int
    jk: str
    lahir: dt.date
    status_kawin: str
    akta: str
    hubungan: str
    ibu_id: int | None
    jumlah_anak_hidup: int | None
    jkn: str
    keberadaan: list = field(default_factory=list)  # (tanggal, id, jenis)
    kawin: list = field(default_factory=list)  # (tanggal, id, jenis, status_kawin_lama)
    pindah_kk: list = field(default_factory=list)  # (tanggal, id, asal, tujuan)
    meninggal: list = field(default_factory=list)  # dates
    hamil: list = field(default_factory=list)  # (mulai, selesai)
    kb: list = field(default_factory=list)  # (mulai, id, selesai, metode, alasan, baru)
    anak: list = field(default_factory=list)


@dataclass(eq=False)
class Kel:
    id: int
    desa_id: int
    rumah_id: int
    air: str
    jamban: str
    tahapan: str
    bansos: bool
    indikator: dict
    pindah: list = field(default_factory=list)  # (tanggal, id, asal, tujuan)


@dataclass
class Desa:
    ids: list[int]
    rumah_rt: dict[int, int]
    keluarga: dict[int, Kel]
    orang: dict[int, Orang]


def muat(desa_ids: list[int]) -> Desa:
    """Every table in one query each."""
    rumah_rt = dict(Rumah.objects.values_list("id", "rt_id"))
    keluarga = {
        r[0]: Kel(*r)
        for r in Keluarga.objects.values_list(
            "id",
            "desa_id",
            "rumah_id",
            "sumber_air",
            "jamban",
            "tahapan_ks",
            "penerima_bansos",
            "indikator_ks",
        )
    }
    orang = {
        r[0]: Orang(*r)
        for r in Anggota.objects.values_list(
            "id",
            "desa_id",
            "keluarga_id",
            "jenis_kelamin",
            "tanggal_lahir",
            "status_kawin",
            "akta_lahir",
            "hubungan",
            "ibu_id",
            "jumlah_anak_hidup",
            "jkn",
        )
    }
    for aid, pid, jenis, tgl, lama, asal, tujuan in Peristiwa.objects.values_list(
        "anggota_id",
        "id",
        "jenis",
        "tanggal",
        "status_kawin_lama",
        "keluarga_asal_id",
        "keluarga_tujuan_id",
    ):
        o = orang[aid]
        if jenis in (DATANG, PINDAH_KELUAR, MENINGGAL):
            o.keberadaan.append((tgl, pid, jenis))
        if jenis == MENINGGAL:
            o.meninggal.append(tgl)
        elif jenis in PERISTIWA_KAWIN:
            o.kawin.append((tgl, pid, jenis, lama))
        elif jenis == PINDAH_KK:
            o.pindah_kk.append((tgl, pid, asal, tujuan))
    for kid, pid, tgl, asal, tujuan in PindahRumah.objects.values_list(
        "keluarga_id", "id", "tanggal", "rumah_asal_id", "rumah_tujuan_id"
    ):
        keluarga[kid].pindah.append((tgl, pid, asal, tujuan))
    for ibu, mulai, selesai in Kehamilan.objects.values_list("ibu_id", "mulai", "selesai"):
        orang[ibu].hamil.append((mulai, selesai))
    for aid, sid, mulai, selesai, metode, alasan, baru in StatusKB.objects.values_list(
        "anggota_id", "id", "mulai", "selesai", "metode", "alasan", "baru"
    ):
        orang[aid].kb.append((mulai, sid, selesai, metode, alasan, baru))
    for o in orang.values():
        for daftar in (o.keberadaan, o.kawin, o.pindah_kk, o.kb):
            daftar.sort(key=lambda x: (x[0], x[1]))
        if o.ibu_id is not None:
            orang[o.ibu_id].anak.append(o)
    for k in keluarga.values():
        k.pindah.sort(key=lambda x: (x[0], x[1]))
    return Desa(desa_ids, rumah_rt, keluarga, orang)


# --- the definitions, person by person -----------------------------------------------------------


def ada(o: Orang, d: dt.date) -> bool:
    """Population on d: born by d; the latest Datang/Pindah keluar/Meninggal on or before d
    (if any) is not an exit."""
    if o.lahir > d:
        return False
    terakhir = None
    for tgl, _id, jenis in o.keberadaan:
        if tgl <= d:
            terakhir = jenis
    return terakhir not in (PINDAH_KELUAR, MENINGGAL)


def status_kawin(o: Orang, d: dt.date) -> str:
    """The latest marital event on or before d decides; before the first event, the status it
    ended (Belum kawin before a marriage, Kawin before a divorce or widowhood); no events: now."""
    sebelum = [e for e in o.kawin if e[0] <= d]
    if sebelum:
        return PERISTIWA_KAWIN[sebelum[-1][2]]
    if o.kawin:
        jenis, lama = o.kawin[0][2], o.kawin[0][3]
        return lama or (BELUM_KAWIN if jenis == "kawin" else KAWIN)
    return o.status_kawin


def keluarga_pada(o: Orang, d: dt.date) -> int:
    """The family joined by the latest move on or before d, else the one the first move left."""
    if not o.pindah_kk:
        return o.keluarga_id
    sebelum = [m for m in o.pindah_kk if m[0] <= d]
    return sebelum[-1][3] if sebelum else o.pindah_kk[0][2]


def rumah_pada(k: Kel, d: dt.date) -> int:
    if not k.pindah:
        return k.rumah_id
    sebelum = [m for m in k.pindah if m[0] <= d]
    return sebelum[-1][3] if sebelum else k.pindah[0][2]


def hamil(o: Orang, d: dt.date) -> bool:
    return any(terbuka(m, s, d) for m, s in o.hamil)


def kb_terbuka(o: Orang, d: dt.date, jenis: str) -> list[str]:
    """Open methods (jenis='metode') or reasons ('alasan') on d, latest start first."""
    kolom = 3 if jenis == "metode" else 4
    return [e[kolom] for e in reversed(o.kb) if e[kolom] and terbuka(e[0], e[2], d)]


def kelompok_umur(o: Orang, d: dt.date) -> str:
    return KELOMPOK[min(umur_tahun(o.lahir, d) // 5, 15)]


def wus(o: Orang, d: dt.date) -> bool:
    return o.jk == P and 15 <= umur_tahun(o.lahir, d) <= 49


@dataclass
class Hari:
    """The village on one date: who is in, in which family, in which RT, married or not."""

    d: dt.date
    penduduk: list[Orang]
    kel: dict[int, int]  # person → family on d
    rt_kel: dict[int, int]  # family → RT of its house on d
    anggota: dict[int, list[Orang]]  # family → its members in the population on d
    sk: dict[int, str]  # person → marital status on d

    def rt(self, o: Orang) -> int:
        return self.rt_kel[self.kel[o.id]]

    def pus(self, o: Orang) -> bool:
        return o.jk == P and self.sk[o.id] == KAWIN and wus(o, self.d)


def hari(desa: Desa, d: dt.date) -> Hari:
    penduduk = [o for o in desa.orang.values() if o.desa_id in desa.ids and ada(o, d)]
    kel = {o.id: keluarga_pada(o, d) for o in penduduk}
    anggota: dict[int, list[Orang]] = defaultdict(list)
    for o in penduduk:
        anggota[kel[o.id]].append(o)
    rt_kel = {k: desa.rumah_rt[rumah_pada(desa.keluarga[k], d)] for k in anggota}
    return Hari(d, penduduk, kel, rt_kel, anggota, {o.id: status_kawin(o, d) for o in penduduk})


def status_kb(h: Hari, o: Orang, jejak: Counter) -> str:
    """KB status of a PUS on d: Hamil; own method; the one paired husband's MOP/Kondom; own
    reason; belum terdata."""
    d = h.d
    metode = kb_terbuka(o, d, "metode")
    if hamil(o, d):
        jejak["hamil_atas_metode"] += bool(metode)
        return "hamil"
    if len(metode) > 1:
        jejak["metode_tumpang_tindih"] += 1
    if metode:
        return metode[0]
    peran = PASANGAN.get(o.hubungan)
    if peran:
        calon = [
            x
            for x in h.anggota[h.kel[o.id]]
            if x.jk == L and x.hubungan == peran and h.sk[x.id] == KAWIN
        ]
        jejak["calon_suami_lebih_dari_satu"] += len(calon) > 1
        if len(calon) == 1:
            milik_suami = [m for m in kb_terbuka(calon[0], d, "metode") if m in METODE_SUAMI]
            if milik_suami:
                jejak["metode_suami"] += 1
                return milik_suami[0]
    alasan = kb_terbuka(o, d, "alasan")
    return alasan[0] if alasan else "belum_terdata"


def penduduk_diharapkan(h: Hari) -> dict[int, dict]:
    d = h.d
    hasil: dict[int, dict] = {}
    kel_dengan: dict[str, set] = defaultdict(set)
    for o in h.penduduk:
        rt = h.rt(o)
        r = hasil.setdefault(
            rt,
            {
                "L": 0,
                "P": 0,
                "umur": {k: {"L": 0, "P": 0} for k in KELOMPOK},
                **dict.fromkeys(
                    [
                        "balita",
                        "baduta",
                        "anak_usia_bkb",
                        "remaja",
                        "lansia",
                        "wus",
                        "anak_tanpa_akta",
                        "anak_akta_tidak_diketahui",
                        "ibu_hamil",
                        "pengguna_bpjs",
                        "keluarga",
                        "keluarga_dengan_balita",
                        "keluarga_dengan_baduta",
                        "keluarga_dengan_remaja",
                        "keluarga_dengan_lansia",
                    ],
                    0,
                ),
            },
        )
        r[o.jk] += 1
        r["umur"][kelompok_umur(o, d)][o.jk] += 1
        bulan, tahun = umur_bulan(o.lahir, d), umur_tahun(o.lahir, d)
        kategori = {
            "balita": bulan <= 59,
            "baduta": bulan <= 23,
            "anak_usia_bkb": bulan <= 71,
            "remaja": 10 <= tahun <= 24 and h.sk[o.id] == BELUM_KAWIN,
            "lansia": tahun >= 60,
            "wus": wus(o, d),
            "anak_tanpa_akta": tahun < 18 and o.akta == "tidak",
            "anak_akta_tidak_diketahui": tahun < 18 and o.akta == "",
            "ibu_hamil": o.jk == P and hamil(o, d),
            # JKN through BPJS (PBI/Jamkesda or non-PBI), for the portal's BPJS users.
            "pengguna_bpjs": o.jkn in ("pbi", "non_pbi"),
        }
        for k, ya in kategori.items():
            if ya:
                r[k] += 1
                kel_dengan[k].add(h.kel[o.id])
    for k, rt in h.rt_kel.items():
        hasil[rt]["keluarga"] += 1
        for kat in ("balita", "baduta", "remaja", "lansia"):
            hasil[rt][f"keluarga_dengan_{kat}"] += k in kel_dengan[kat]
    return hasil


def kb_diharapkan(h: Hari, jejak: Counter) -> dict[int, dict]:
    hasil: dict[int, dict] = {}
    for o in h.penduduk:
        if h.pus(o):
            r = hasil.setdefault(h.rt(o), dict.fromkeys(STATUS_KB, 0))
            r[status_kb(h, o, jejak)] += 1
    return hasil


def tanggal_kelahiran_anak(o: Orang, d: dt.date) -> list[dt.date]:
    return sorted({a.lahir for a in o.anak if a.lahir <= d})


def risiko_perempuan(h: Hari, o: Orang, jejak: Counter) -> bool:
    """The woman-level KRS risks of a woman who is PUS or pregnant on d."""
    d = h.d
    umur = umur_tahun(o.lahir, d)
    muda = (h.sk[o.id] == KAWIN or hamil(o, d)) and umur < TERLALU_MUDA_DI_BAWAH
    tua = h.pus(o) and TERLALU_TUA[0] <= umur <= TERLALU_TUA[1]
    lahir = tanggal_kelahiran_anak(o, d)
    # Last two births < 24 completed months apart: the older child is not yet 24 months old on
    # the younger one's birth date, by the same cut-off rule as ages.
    dekat = len(lahir) >= 2 and not paling_tidak(lahir[-2], lahir[-1], bulan=24)
    if o.jumlah_anak_hidup is not None:
        banyak = o.jumlah_anak_hidup > 3
    else:
        hidup = [a for a in o.anak if a.lahir <= d and not any(t <= d for t in a.meninggal)]
        banyak = len(hidup) > 3
    for nama, ya in (("muda", muda), ("tua", tua), ("dekat", dekat), ("banyak", banyak)):
        jejak[f"risiko_{nama}"] += ya
    return muda or tua or dekat or banyak


def keluarga_diharapkan(desa: Desa, h: Hari, jejak: Counter) -> dict[int, dict]:
    d = h.d
    hasil: dict[int, dict] = {}
    for kid, anggota in h.anggota.items():
        k = desa.keluarga[kid]
        if k.desa_id not in desa.ids:
            continue
        r = hasil.setdefault(
            h.rt_kel[kid],
            {
                "sasaran_krs": 0,
                "krs": 0,
                "krs_data_belum_lengkap": 0,
                "kurang_mampu": 0,
                "tahapan_ks": dict.fromkeys(TAHAPAN, 0),
            },
        )
        r["tahapan_ks"][k.tahapan] += 1
        r["kurang_mampu"] += k.bansos or k.tahapan in ("pra_s", "ks_1")
        perempuan = [o for o in anggota if o.jk == P and (h.pus(o) or hamil(o, d))]
        anak_kecil = [o for o in anggota if umur_bulan(o.lahir, d) <= 59]
        if not (perempuan or anak_kecil):
            continue
        r["sasaran_krs"] += 1
        air_buruk = k.air != "" and k.air not in AIR_LAYAK
        jamban_buruk = k.jamban != "" and k.jamban not in JAMBAN_LAYAK
        risiko = [risiko_perempuan(h, o, jejak) for o in perempuan]
        if air_buruk or jamban_buruk or any(risiko):
            r["krs"] += 1
        elif k.air == "" or k.jamban == "":
            r["krs_data_belum_lengkap"] += 1
    return hasil


def mutasi_diharapkan(desa: Desa, awal: dt.date, akhir: dt.date, jejak: Counter) -> dict:
    """Flow by effective transitions: an exit counts when the person was in before it, an
    arrival when they were out; births in the month; awal on the day before."""
    hasil = {k: {"L": 0, "P": 0} for k in ("awal", "lahir", "datang", "meninggal", "pindah")}
    hasil["akhir"] = {"L": 0, "P": 0}
    sebelum = awal - dt.timedelta(days=1)
    nama = {DATANG: "datang", MENINGGAL: "meninggal", PINDAH_KELUAR: "pindah"}
    for o in desa.orang.values():
        if o.desa_id not in desa.ids:
            continue
        hasil["awal"][o.jk] += ada(o, sebelum)
        hasil["akhir"][o.jk] += ada(o, akhir)
        hasil["lahir"][o.jk] += awal <= o.lahir <= akhir
        di_dalam = True
        for tgl, _id, jenis in o.keberadaan:
            berubah = (jenis == DATANG) != di_dalam
            if berubah and awal <= tgl <= akhir:
                hasil[nama[jenis]][o.jk] += 1
                jejak[f"mutasi_{nama[jenis]}"] += 1
            elif awal <= tgl <= akhir:
                jejak[f"tidak_efektif_{jenis}"] += 1
            di_dalam = jenis == DATANG
    for v in hasil.values():
        v["total"] = v["L"] + v["P"]
    return hasil


def pb_diharapkan(desa: Desa, awal: dt.date, akhir: dt.date) -> dict[int, dict]:
    """PB: episodes marked baru with a method starting within [awal, akhir], in the member's
    RT on akhir (the choice written in docs/DEFINISI.md; DOMAIN.md §2 names no RT for PB)."""
    hasil: dict[int, dict] = {}
    for o in desa.orang.values():
        if o.desa_id not in desa.ids:
            continue
        for mulai, _id, _selesai, metode, _alasan, baru in o.kb:
            if baru and metode and awal <= mulai <= akhir:
                kel = desa.keluarga[keluarga_pada(o, akhir)]
                rt = desa.rumah_rt[rumah_pada(kel, akhir)]
                hasil.setdefault(rt, dict.fromkeys(METODE, 0))[metode] += 1
    return hasil


# --- comparing -----------------------------------------------------------------------------------


def ratakan(d: dict, awalan: tuple = ()) -> dict[tuple, int]:
    hasil = {}
    for k, v in d.items():
        if isinstance(v, dict):
            hasil.update(ratakan(v, (*awalan, k)))
        else:
            hasil[(*awalan, k)] = v
    return hasil


class Pembanding:
    def __init__(self):
        self.jumlah = 0
        self.beda: list[str] = []

    def per_rt(self, apa: str, d, diharapkan: dict[int, dict], hasil: dict[int, dict]):
        for rt in sorted(set(diharapkan) | set(hasil), key=str):
            self.satu(f"{apa} {d} RT {rt}", diharapkan.get(rt, {}), hasil.get(rt, {}))

    def satu(self, label: str, diharapkan: dict, hasil: dict):
        a, b = ratakan(diharapkan), ratakan(hasil)
        for kunci in sorted(set(a) | set(b), key=str):
            self.jumlah += 1
            x, y = a.get(kunci, 0), b.get(kunci, 0)
            if x != y:
                self.beda.append(f"{label} {'.'.join(map(str, kunci))}: Python {x}, SQL {y}")

    def periksa(self, minimal: int):
        assert self.jumlah >= minimal, f"only {self.jumlah} comparisons"
        assert not self.beda, f"{len(self.beda)} of {self.jumlah} differ:\n" + "\n".join(
            self.beda[:60]
        )


# --- fixture: the demo village plus a few families built on the edges of the definitions --------


def tambah_kasus_tepi(desa_id: int) -> None:
    """Families on the edges the demo seldom reaches, entered through the services with dated
    events inside the 24 months (all moves before the demo's own pindah_kk of April 2026)."""
    rts = list(RT.objects.filter(desa_id=desa_id).order_by("pk"))
    assert len(rts) >= 6
    n = iter(range(1, 10_000))
    t = dt.date.fromisoformat

    def keluarga(rt, air="ledeng", jamban="sendiri_septic"):
        nomor = next(n)
        rumah = Rumah.objects.create(desa_id=desa_id, rt=rt, nomor=f"T{nomor}")
        return Keluarga.objects.create(
            desa_id=desa_id,
            rumah=rumah,
            no_kk=f"33269900{nomor:08d}",
            sumber_air=air,
            jamban=jamban,
        )

    def orang(kel, jk, lahir, hubungan, kawin=KAWIN, **extra):
        lahir = t(lahir)
        nik = f"332699{lahir.day + (40 if jk == P else 0):02d}{lahir:%m%y}{next(n):04d}"
        return services.tambah_anggota(
            keluarga=kel,
            pada=dt.date(2024, 10, 1),
            nik=nik,
            nama=f"Tepi {nik[-4:]}",
            jenis_kelamin=jk,
            tanggal_lahir=lahir,
            hubungan=hubungan,
            status_kawin=kawin,
            **extra,
        )

    def lahir(ibu, kel, tanggal, jk=P):
        return services.catat_kelahiran(
            ibu=ibu, keluarga=kel, tanggal=t(tanggal), nama="Bayi Tepi", jenis_kelamin=jk
        )

    def kb(a, mulai, **data):
        return services.set_status_kb(anggota=a, mulai=t(mulai), **data)

    def hamil(ibu, mulai):
        return services.catat_kehamilan(ibu=ibu, mulai=t(mulai))

    def kawin(a, status, tanggal):
        services.ubah_status_kawin(anggota=a, status=status, tanggal=t(tanggal))

    # K1: twins 30 months after the first child: one birth, so not terlalu dekat.
    k = keluarga(rts[0])
    orang(k, L, "1992-01-10", KEPALA)
    ibu = orang(k, P, "1996-07-07", ISTRI)
    orang(k, L, "2022-06-01", ANAK, BELUM_KAWIN, ibu=ibu)
    hamil(ibu, "2024-04-01")
    lahir(ibu, k, "2024-12-20")
    lahir(ibu, k, "2024-12-20", L)
    kb(ibu, "2025-02-10", metode="suntik", baru=True)
    # K2: a recorded count of 2 living children wins over 4 linked ones; water unknown.
    k = keluarga(rts[0], air="")
    orang(k, L, "1994-02-02", KEPALA)
    ibu = orang(k, P, "1997-09-09", ISTRI, jumlah_anak_hidup=2)
    for tgl in ("2016-05-01", "2018-08-01", "2020-10-01", "2023-01-01"):
        orang(k, P, tgl, ANAK, BELUM_KAWIN, ibu=ibu)
    kb(ibu, "2024-03-01", alasan="tial")
    # K3: a recorded count of 4 with one linked child (terlalu banyak); the husband's MOP, new.
    k = keluarga(rts[1], air="sumur_terlindung")
    suami = orang(k, L, "1985-04-04", KEPALA)
    ibu = orang(k, P, "1993-11-11", ISTRI, jumlah_anak_hidup=4)
    orang(k, L, "2019-06-06", ANAK, BELUM_KAWIN, ibu=ibu)
    kb(suami, "2025-06-01", metode="mop", baru=True)
    # K4: a female head with a suami on Kondom; divorce on a month-end, then he moves out.
    k = keluarga(rts[1])
    kepala = orang(k, P, "1990-12-12", KEPALA)
    suami = orang(k, L, "1988-08-08", SUAMI)
    kb(suami, "2025-01-15", metode="kondom")
    kawin(kepala, "cerai_hidup", "2026-02-28")
    kawin(suami, "cerai_hidup", "2026-02-28")
    services.catat_pindah_keluar(anggota=suami, tanggal=t("2026-03-10"))
    # K5: a married daughter with two menantu (no pairing) until one moves out in August 2025.
    k = keluarga(rts[2])
    orang(k, L, "1955-05-05", KEPALA)
    orang(k, P, "1958-06-06", ISTRI)
    anak = orang(k, P, "1996-01-01", ANAK)
    kb(orang(k, L, "1994-01-01", MENANTU), "2024-09-01", metode="kondom")
    menantu2 = orang(k, L, "1995-02-02", MENANTU)
    kb(anak, "2025-01-01", alasan="iat")
    services.catat_pindah_keluar(anggota=menantu2, tanggal=t("2025-08-20"))
    # K6: a menantu on MOP moves to an empty family (as head), his wife follows as istri; a boy
    # moves twice; the new family then moves house (the last two moves on month-ends).
    x, y, z = keluarga(rts[2]), keluarga(rts[3]), keluarga(rts[4])
    orang(x, L, "1965-03-03", KEPALA)
    orang(x, P, "1968-04-04", ISTRI)
    istri = orang(x, P, "1998-03-03", ANAK)
    menantu = orang(x, L, "1996-06-06", MENANTU)
    kb(menantu, "2024-06-01", metode="mop")
    anak = orang(x, L, "2012-07-07", ANAK, BELUM_KAWIN)
    orang(z, L, "1970-07-07", KEPALA, "cerai_mati")
    services.pindah_keluarga(anggota=anak, keluarga=y, tanggal=t("2025-05-05"))
    services.pindah_keluarga(anggota=menantu, keluarga=y, tanggal=t("2025-09-15"), hubungan=KEPALA)
    services.pindah_keluarga(anggota=istri, keluarga=y, tanggal=t("2026-01-20"), hubungan=ISTRI)
    services.pindah_keluarga(anggota=anak, keluarga=z, tanggal=t("2026-02-28"))
    rumah = Rumah.objects.create(desa_id=desa_id, rt=rts[5], nomor="T-baru")
    services.pindah_rumah(keluarga=y, rumah=rumah, tanggal=t("2026-03-31"))
    # K7: a son who moves out and comes back on a month-end; the head dies on a month-end and his
    # wife becomes Cerai mati; ages crossing their cut-offs on month-ends, one born 29 February.
    k = keluarga(rts[3])
    kepala = orang(k, L, "1950-01-01", KEPALA)
    istri = orang(k, P, "1952-02-02", ISTRI)
    anak = orang(k, L, "2000-01-01", ANAK, BELUM_KAWIN)
    orang(k, P, "2020-02-29", "6", BELUM_KAWIN, akta_lahir="tidak")
    orang(k, P, "2015-06-30", "6", BELUM_KAWIN, akta_lahir="ya")
    orang(k, L, "1965-01-31", "9", "cerai_hidup")
    orang(k, P, "2010-04-30", "6", BELUM_KAWIN)
    orang(k, P, "1975-08-31", "9")
    services.catat_pindah_keluar(anggota=anak, tanggal=t("2025-02-14"))
    services.catat_datang(keluarga=k, nik=anak.nik, tanggal=t("2025-07-31"))
    services.catat_kematian(anggota=kepala, tanggal=t("2026-05-31"), pasangan_cerai_mati=istri)
    # K8: an unmarried pregnant teenager gives birth on a month-end, then marries.
    k = keluarga(rts[4])
    orang(k, L, "1970-10-10", KEPALA)
    orang(k, P, "1973-11-11", ISTRI)
    ibu = orang(k, P, "2008-05-05", ANAK, BELUM_KAWIN)
    hamil(ibu, "2025-10-01")
    lahir(ibu, k, "2026-06-30", L)
    kawin(ibu, KAWIN, "2026-08-08")
    # K9: pregnant over Pil, a miscarriage, a new Implan from a month-end; then a house move.
    k = keluarga(rts[5], air="sumur_tidak_terlindung")
    orang(k, L, "1987-09-09", KEPALA)
    ibu = orang(k, P, "1994-10-10", ISTRI)
    kb(ibu, "2024-05-01", metode="pil")
    services.akhiri_kehamilan(
        kehamilan=hamil(ibu, "2025-03-01"), tanggal=t("2025-06-10"), hasil="keguguran"
    )
    kb(ibu, "2025-06-30", metode="implan", baru=True)
    rumah = Rumah.objects.create(desa_id=desa_id, rt=rts[0], nomor="T-pindah")
    services.pindah_rumah(keluarga=k, rumah=rumah, tanggal=t("2026-04-15"))
    # K10: a widow with four living children is neither PUS nor pregnant: no woman's risk.
    k = keluarga(rts[5], air="kemasan")
    ibu = orang(k, P, "1992-02-02", KEPALA, "cerai_mati")
    for tgl in ("2014-03-03", "2016-04-04", "2019-05-05", "2022-05-05"):
        orang(k, L, tgl, ANAK, BELUM_KAWIN, ibu=ibu)
    # K11: four linked children until one dies in September 2025; she turns 35 in June 2026.
    k = keluarga(rts[1])
    orang(k, L, "1984-01-01", KEPALA)
    ibu = orang(k, P, "1991-06-06", ISTRI)
    for tgl in ("2010-01-01", "2012-02-02", "2015-03-03", "2018-04-04"):
        a = orang(k, P, tgl, ANAK, BELUM_KAWIN, ibu=ibu)
        if tgl == "2015-03-03":
            services.catat_kematian(anggota=a, tanggal=t("2025-09-09"))
    # K12: a birth 20 months after the previous one (terlalu dekat); her own Kondom, new.
    k = keluarga(rts[0])
    orang(k, L, "1997-03-03", KEPALA)
    ibu = orang(k, P, "2002-04-04", ISTRI)
    orang(k, P, "2023-09-09", ANAK, BELUM_KAWIN, ibu=ibu)
    hamil(ibu, "2024-08-01")
    lahir(ibu, k, "2025-05-05")
    kb(ibu, "2025-08-01", metode="kondom", baru=True)
    # K13: births exactly 24 months apart, month-end to month-end: not terlalu dekat.
    k = keluarga(rts[2])
    orang(k, L, "1990-10-10", KEPALA)
    ibu = orang(k, P, "1995-12-12", ISTRI)
    orang(k, P, "2023-01-31", ANAK, BELUM_KAWIN, ibu=ibu)
    hamil(ibu, "2024-05-01")
    lahir(ibu, k, "2025-01-31", L)


@dataclass
class Harapan:
    """What the classifier expects, worked out once for every date and month."""

    desa: Desa
    penduduk: dict = field(default_factory=dict)
    kb: dict = field(default_factory=dict)
    keluarga: dict = field(default_factory=dict)
    pb: dict = field(default_factory=dict)
    mutasi: dict = field(default_factory=dict)
    jejak: Counter = field(default_factory=Counter)
    demo: dict = field(default_factory=dict)


def klasifikasi(desa: Desa) -> Harapan:
    h = Harapan(desa)
    for d in TANGGAL:
        hr = hari(desa, d)
        for o in hr.penduduk:
            h.jejak["keluarga_lain_pada_d"] += hr.kel[o.id] != o.keluarga_id
        for kid, rt in hr.rt_kel.items():
            h.jejak["rt_lain_pada_d"] += rt != desa.rumah_rt[desa.keluarga[kid].rumah_id]
        h.penduduk[d] = penduduk_diharapkan(hr)
        h.kb[d] = kb_diharapkan(hr, h.jejak)
        h.keluarga[d] = keluarga_diharapkan(desa, hr, h.jejak)
        awal = d.replace(day=1)
        h.pb[d] = pb_diharapkan(desa, awal, d)
        h.mutasi[d] = mutasi_diharapkan(desa, awal, d, h.jejak)
        for r in h.keluarga[d].values():
            h.jejak["krs_data_belum_lengkap"] += r["krs_data_belum_lengkap"]
    return h


@pytest.fixture(scope="module")
def harapan(django_db_setup, django_db_blocker):
    """The seeded village and its expected counts, in a transaction rolled back afterwards."""
    with django_db_blocker.unblock():
        # pytest-django sets up the test database only if some selected test asks for one.
        nama = str(connection.settings_dict["NAME"])
        assert "test" in nama or "memory" in nama, f"refusing to seed {nama}"
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            demo = buat_demo(keluarga=300, seed=11, hingga=HINGGA)
            ids = [d.pk for d in demo.desa]
            jumlah_demo = Counter(Peristiwa.objects.values_list("jenis", flat=True))
            jumlah_demo["pindah_rumah"] = PindahRumah.objects.count()
            terakhir_demo = [
                Peristiwa.objects.aggregate(m=Max("tanggal"))["m"],
                Anggota.objects.aggregate(m=Max("tanggal_lahir"))["m"],
                StatusKB.objects.aggregate(m=Max("mulai"))["m"],
                Kehamilan.objects.aggregate(m=Max("mulai"))["m"],
            ]
            awal_demo = Peristiwa.objects.aggregate(m=Min("tanggal"))["m"]
            tambah_kasus_tepi(ids[0])
            h = klasifikasi(muat(ids))
            h.jejak.update({f"demo_{k}": v for k, v in jumlah_demo.items()})
            h.demo = {"terakhir": terakhir_demo, "awal": awal_demo}
            yield h
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


pytestmark = [pytest.mark.django_db, pytest.mark.slow]


# --- the tests -------------------------------------------------------------------------------------


def test_own_age_cut_offs_follow_domain():
    assert mundur_bulan(dt.date(2026, 2, 28), 18 * 12) == dt.date(2008, 2, 28)
    assert mundur_bulan(dt.date(2028, 2, 29), 12) == dt.date(2027, 2, 28)
    assert mundur_bulan(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert mundur_bulan(dt.date(2026, 1, 31), -1) == dt.date(2026, 2, 28)
    assert umur_tahun(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17
    assert umur_tahun(dt.date(2008, 2, 29), dt.date(2026, 3, 1)) == 18
    assert umur_bulan(dt.date(2021, 10, 31), dt.date(2026, 10, 31)) == 60
    assert umur_bulan(dt.date(2024, 3, 31), dt.date(2026, 2, 28)) == 22  # D − 23 months: 28 Mar
    assert umur_bulan(dt.date(2026, 10, 31), dt.date(2026, 10, 31)) == 0
    assert TANGGAL[0] == dt.date(2024, 11, 30) and TANGGAL[-1] == HINGGA and len(TANGGAL) == 24


def test_demo_village_reaches_the_chosen_past_date(harapan):
    """buat_demo(hingga=<a past date>) writes 24 months of history up to that date, not today."""
    peristiwa, lahir, kb, hamil = harapan.demo["terakhir"]
    assert HINGGA - dt.timedelta(days=31) <= peristiwa <= HINGGA
    assert HINGGA - dt.timedelta(days=62) <= max(lahir, kb, hamil) <= HINGGA
    assert dt.date(2024, 10, 1) <= harapan.demo["awal"] <= TANGGAL[0]


def test_fixture_exercises_the_edges(harapan):
    j = harapan.jejak
    # The demo alone moves a member between families and a family between houses, has deaths
    # and move-outs; with the edge families every rule below is reached at least once.
    assert j["demo_pindah_kk"] >= 1 and j["demo_pindah_rumah"] >= 1
    assert j["demo_meninggal"] >= 1 and j["demo_pindah_keluar"] >= 1
    for kunci in (
        "keluarga_lain_pada_d",  # a member's family on D differs from today's
        "rt_lain_pada_d",  # a family's RT on D differs from today's
        "metode_suami",  # a PUS counted with her husband's MOP/Kondom
        "calon_suami_lebih_dari_satu",  # two candidates: no pairing
        "hamil_atas_metode",  # a pregnancy over a recorded method
        "mutasi_meninggal",
        "mutasi_pindah",
        "mutasi_datang",  # someone who moved out and came back
        "tidak_efektif_datang",  # a first Datang of someone already counted
        "risiko_muda",
        "risiko_tua",
        "risiko_dekat",
        "risiko_banyak",
        "krs_data_belum_lengkap",
    ):
        assert j[kunci] > 0, kunci


def test_population_per_rt(harapan):
    b = Pembanding()
    for d in TANGGAL:
        b.per_rt("penduduk", d, harapan.penduduk[d], hitung_penduduk(d, harapan.desa.ids))
    b.periksa(minimal=24 * 6 * 48)  # dates × RTs × (2 sexes + 32 age-band cells + 14 counts)


def test_pus_by_kb_status_per_rt(harapan):
    b = Pembanding()
    for d in TANGGAL:
        b.per_rt("kb", d, harapan.kb[d], hitung_kb(d, harapan.desa.ids))
    b.periksa(minimal=24 * 6 * 14)


def test_families_krs_tahapan_kurang_mampu_per_rt(harapan):
    b = Pembanding()
    for d in TANGGAL:
        b.per_rt("keluarga", d, harapan.keluarga[d], hitung_keluarga(d, harapan.desa.ids))
    b.periksa(minimal=24 * 6 * 10)


def test_pb_per_month(harapan):
    b = Pembanding()
    for d in TANGGAL:
        b.per_rt("pb", d, harapan.pb[d], hitung_pb(d.replace(day=1), d, harapan.desa.ids))
    b.periksa(minimal=100)


def test_population_flow_per_month_balances(harapan):
    b = Pembanding()
    for d in TANGGAL:
        m = hitung_mutasi(d.replace(day=1), d, harapan.desa.ids)
        b.satu(f"mutasi {d}", harapan.mutasi[d], m)
        for jk in ("L", "P", "total"):
            b.jumlah += 1
            masuk = m["awal"][jk] + m["lahir"][jk] + m["datang"][jk]
            if masuk - m["meninggal"][jk] - m["pindah"][jk] != m["akhir"][jk]:
                b.beda.append(f"mutasi {d} {jk}: does not balance: {m}")
        # awal is the population on the last day of the previous month.
        b.jumlah += 1
        sebelumnya = mundur_bulan(d.replace(day=1), 1)
        sebelumnya = sebelumnya.replace(day=hari_terakhir(sebelumnya.year, sebelumnya.month))
        if sebelumnya in harapan.mutasi and harapan.mutasi[sebelumnya]["akhir"] != m["awal"]:
            b.beda.append(f"mutasi {d}: awal {m['awal']} is not the previous month's akhir")
    b.periksa(minimal=100)


def tahapan_ks(jawaban: dict) -> str:
    """DOMAIN.md §2 Tahapan KS from the 21 answers (Y / T / TB; TB passes)."""
    tingkat = [("ks_1", range(1, 7)), ("ks_2", range(7, 15)), ("ks_3", range(15, 20))]
    tingkat.append(("ks_3_plus", range(20, 22)))
    di_bawah = "pra_s"
    for nama, nomor in tingkat:
        nilai = [jawaban.get(str(i)) or None for i in nomor]
        if "T" in nilai:
            return di_bawah
        if None in nilai:
            return "belum_terdata"
        di_bawah = nama
    return "ks_3_plus"


def test_stored_tahapan_ks_follows_the_21_answers(harapan):
    beda = [
        f"keluarga {k.id}: stored {k.tahapan}, answers give {tahapan_ks(k.indikator)}"
        for k in harapan.desa.keluarga.values()
        if k.tahapan != tahapan_ks(k.indikator)
    ]
    assert not beda, "\n".join(beda[:30])
    assert len({k.tahapan for k in harapan.desa.keluarga.values()}) == len(TAHAPAN)


def test_demo_histories_are_consistent(harapan):
    """The demo's dated histories chain: each move leaves the family (house) the previous one
    joined and ends at today's value; each marital event ends the status the previous one set."""
    beda = []
    for o in harapan.desa.orang.values():
        for (_t1, _i1, _a1, tujuan), (_t2, _i2, asal, _t) in pairwise(o.pindah_kk):
            if tujuan != asal:
                beda.append(f"anggota {o.id}: pindah_kk chain {o.pindah_kk}")
        if o.pindah_kk and o.pindah_kk[-1][3] != o.keluarga_id:
            beda.append(f"anggota {o.id}: last pindah_kk does not end in today's family")
        for (_t1, _i1, jenis, _l1), (_t2, _i2, _j2, lama) in pairwise(o.kawin):
            if PERISTIWA_KAWIN[jenis] != lama:
                beda.append(f"anggota {o.id}: marital chain {o.kawin}")
        if o.kawin and PERISTIWA_KAWIN[o.kawin[-1][2]] != o.status_kawin:
            beda.append(f"anggota {o.id}: last marital event is not today's status")
        if any(t < o.lahir for t, *_ in o.keberadaan + o.kawin + o.pindah_kk + o.kb):
            beda.append(f"anggota {o.id}: a dated record before birth")
        if o.jk == L and any(e[3] not in METODE_SUAMI for e in o.kb):
            beda.append(f"anggota {o.id}: a man's KB status other than MOP/Kondom")
    for k in harapan.desa.keluarga.values():
        for (_t1, _i1, _a1, tujuan), (_t2, _i2, asal, _t) in pairwise(k.pindah):
            if tujuan != asal:
                beda.append(f"keluarga {k.id}: PindahRumah chain {k.pindah}")
        if k.pindah and k.pindah[-1][3] != k.rumah_id:
            beda.append(f"keluarga {k.id}: last PindahRumah does not end in today's house")
    assert not beda, "\n".join(beda[:30])


def test_demo_birth_ends_every_open_pregnancy_of_the_mother(harapan):
    beda = [
        f"anggota {o.id}: pregnancy {m}→{s} open on her child's birth {a.lahir}"
        for o in harapan.desa.orang.values()
        for m, s in o.hamil
        for a in o.anak
        if m < a.lahir and (s is None or a.lahir < s)
    ]
    assert not beda, "\n".join(beda)


def test_terlalu_dekat_after_a_29_february_birth(db):
    rt = f.RTFactory()
    kel = f.KeluargaFactory(
        rumah__rt=rt, desa=rt.desa, sumber_air="ledeng", jamban="sendiri_septic"
    )

    def orang(jk, lahir, hubungan, kawin=KAWIN, **extra):
        return f.AnggotaFactory(
            keluarga=kel,
            jenis_kelamin=jk,
            tanggal_lahir=dt.date.fromisoformat(lahir),
            hubungan=hubungan,
            status_kawin=kawin,
            **extra,
        )

    orang(L, "1994-01-01", KEPALA)
    ibu = orang(P, "1996-01-01", ISTRI)
    orang(L, "2024-02-29", ANAK, BELUM_KAWIN, ibu=ibu)
    orang(P, "2026-02-28", ANAK, BELUM_KAWIN, ibu=ibu)
    d = dt.date(2026, 3, 31)
    assert not paling_tidak(dt.date(2024, 2, 29), dt.date(2026, 2, 28), bulan=24)
    k = hitung_keluarga(d, [rt.desa_id])[rt.pk]
    assert (k["sasaran_krs"], k["krs"]) == (1, 1)
