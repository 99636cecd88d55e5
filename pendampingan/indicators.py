"""Definitions of the family-assistance follow-up, once (OFFICIAL.md §5–6, docs/DEFINISI.md).

Risk flags of a screening and a pregnancy, the 42-day postpartum periods and KB pasca
persalinan, the children with a posyandu referral signal, the monthly summary (the report's
block `pendampingan`) and the four name lists it counts. Every list and count takes the desa ids
and optionally the RT ids of an area; a member is placed by their RT on the month's last day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q

from keluarga import indicators as ind
from keluarga import kode as kk
from keluarga import sql_siap
from keluarga.models import Anggota, Kehamilan, Peristiwa, StatusKB
from pendampingan import kode
from pendampingan.models import Catin, Kunjungan, Rujukan, Skrining
from pendampingan.pengaturan import nilai

JP = kk.JenisPeristiwa

# --- ages and flags -----------------------------------------------------------------------------


def umur(lahir: dt.date, pada: dt.date) -> int:
    """Completed years on a date (the same rule as ind.batas_umur)."""
    return pada.year - lahir.year - ((pada.month, pada.day) < (lahir.month, lahir.day))


def imt(berat: Decimal | None, tinggi: Decimal | None) -> Decimal | None:
    if not berat or not tinggi:
        return None
    m = Decimal(tinggi) / 100
    return (Decimal(berat) / (m * m)).quantize(Decimal("0.1"))


RISIKO_LABEL = {
    "lila": "LiLA rendah (KEK)",
    "hb": "Hb rendah (anemia)",
    "umur": "umur di bawah batas",
    "imt": "IMT rendah",
    "muda": "4T: terlalu muda",
    "tua": "4T: terlalu tua",
    "dekat": "4T: terlalu dekat",
    "banyak": "4T: terlalu banyak",
}


def risiko_ukur(lila, hb) -> list[str]:
    """KEK by LiLA and anaemia by Hb (strictly below the setting)."""
    hasil = []
    if lila is not None and Decimal(lila) < nilai("LILA_KEK_DI_BAWAH"):
        hasil.append("lila")
    if hb is not None and Decimal(hb) < nilai("HB_ANEMIA_DI_BAWAH"):
        hasil.append("hb")
    return hasil


def risiko_skrining(s: Skrining) -> list[str]:
    """A bride-to-be's screening flags: LiLA, Hb, age on the screening date, BMI."""
    hasil = risiko_ukur(s.lila, s.hb)
    if umur(s.catin.tanggal_lahir, s.tanggal) < nilai("UMUR_CATIN_DI_BAWAH"):
        hasil.append("umur")
    b = imt(s.berat, s.tinggi)
    if b is not None and b < nilai("IMT_DI_BAWAH"):
        hasil.append("imt")
    return hasil


def minggu_kehamilan(kehamilan: Kehamilan, tanggal: dt.date) -> int | None:
    """Gestational week on a date from the start; None ("tidak diketahui") when the start is
    only the recording date (no HPHT and no HPL)."""
    if not (kehamilan.hpht or kehamilan.hpl):
        return None
    return (tanggal - kehamilan.mulai).days // 7


def risiko_4t(kehamilan: Kehamilan, lahir_anak: list[dt.date]) -> list[str]:
    """4T from what the app holds: her age at the start, her children born before it."""
    hasil = []
    u = umur(kehamilan.ibu.tanggal_lahir, kehamilan.mulai)
    if u < nilai("T4_MUDA_DI_BAWAH"):
        hasil.append("muda")
    if u >= nilai("T4_TUA_MULAI"):
        hasil.append("tua")
    sebelum = sorted({t for t in lahir_anak if t < kehamilan.mulai})
    if sebelum and kehamilan.mulai < ind.tambah_bulan(
        sebelum[-1], nilai("T4_JARAK_BULAN_DI_BAWAH")
    ):
        hasil.append("dekat")
    if len(sebelum) >= nilai("T4_ANAK_MULAI"):
        hasil.append("banyak")
    return hasil


def risiko_kehamilan(kehamilan: Kehamilan, tanggal: dt.date, lahir_anak, kunjungan) -> list[str]:
    """KEK/anaemia from the last visit measuring LiLA / Hb up to the date, plus the 4T."""
    lila = hb = None
    for k in sorted(kunjungan, key=lambda k: (k.tanggal, k.pk)):
        if k.tanggal > tanggal:
            continue
        lila = k.lila if k.lila is not None else lila
        hb = k.hb if k.hb is not None else hb
    return risiko_ukur(lila, hb) + risiko_4t(kehamilan, lahir_anak)


# --- places -------------------------------------------------------------------------------------


def rt_pada(anggota_ids, tanggal: dt.date, desa_ids: list[int]) -> dict[int, int]:
    """Each member's RT on the date (their family's on it), in one query."""
    if not anggota_ids:
        return {}
    pindah = ind.ada_pindah_setelah(tanggal, desa_ids)
    return dict(
        Anggota.objects.filter(pk__in=sorted(anggota_ids))
        .annotate(rt_p=ind.rt_anggota_pada(pindah))
        .values_list("pk", "rt_p")
    )


def keberadaan(anggota_ids) -> dict[int, list[tuple[str, dt.date]]]:
    """Each member's presence events (born, moved out or in, died) in order, in one query."""
    hasil: dict[int, list[tuple[str, dt.date]]] = {}
    for a, j, t in (
        Peristiwa.objects.filter(
            anggota_id__in=sorted(anggota_ids), jenis__in=kk.PERISTIWA_KEBERADAAN
        )
        .order_by("anggota_id", "tanggal", "id")
        .values_list("anggota_id", "jenis", "tanggal")
    ):
        hasil.setdefault(a, []).append((j, t))
    return hasil


def dalam_penduduk(
    anggota: dict[int, dt.date], tanggal_per: dict[int, dt.date], peristiwa=None
) -> set[int]:
    """Of members {id: birth date}, those in the population on their own date (DOMAIN.md §2:
    born by then, and their latest presence event on or before it is none or a Datang).
    `peristiwa`: their `keberadaan`, when already read for a wider set of members."""
    if peristiwa is None:
        peristiwa = keberadaan(anggota)
    terakhir: dict[int, str] = {}
    for a in anggota:
        for j, t in peristiwa.get(a, ()):
            if t <= tanggal_per[a]:
                terakhir[a] = j
    return {
        a
        for a, lahir in anggota.items()
        if lahir <= tanggal_per[a] and terakhir.get(a, JP.DATANG) == JP.DATANG
    }


def _di_area(rt: int | None, rt_ids) -> bool:
    return rt_ids is None or rt in rt_ids


# --- the 42 days after a birth ------------------------------------------------------------------


@dataclass
class Nifas:
    """A mother's postpartum period: the birth date and the NIFAS_HARI days after it."""

    ibu_id: int
    lahir: dt.date
    akhir: dt.date
    metode: str | None = None  # the first method started in it that counts
    metode_mulai: dt.date | None = None
    nama: str = ""
    ibu_lahir: dt.date | None = None  # her birth date, read with her name
    rt: int | None = None
    kel: int | None = None

    def hari_tersisa(self, pada: dt.date) -> int:
        return (self.akhir - pada).days


def periode_nifas(desa_ids: list[int], dari: dt.date, sampai: dt.date) -> list[Nifas]:
    """Every postpartum period that has a day in [dari, sampai]: a child recorded with her as
    mother (twins: one period), or a pregnancy ended "lahir" with no child recorded that day.
    A child without a mother in the village opens none. Methods are read in the same pass."""
    hari = nilai("NIFAS_HARI")
    awal_lahir = dari - dt.timedelta(days=hari)
    # Both kinds of (mother, birth date) in one query (UNION).
    anak = Anggota.objects.filter(
        ibu__isnull=False,
        ibu__desa_id__in=desa_ids,
        tanggal_lahir__gte=awal_lahir,
        tanggal_lahir__lte=sampai,
    ).values_list("ibu_id", "tanggal_lahir")
    lahir = Kehamilan.objects.filter(
        hasil=kk.HasilKehamilan.LAHIR,
        ibu__desa_id__in=desa_ids,
        selesai__gte=awal_lahir,
        selesai__lte=sampai,
    ).values_list("ibu_id", "selesai")
    kunci: set[tuple[int, dt.date]] = set(anak.order_by().union(lahir.order_by(), all=True))
    periode = [Nifas(ibu, lahir, lahir + dt.timedelta(days=hari)) for ibu, lahir in sorted(kunci)]
    _baca_metode(periode)
    return periode


def _metode_dihitung() -> list[str]:
    metode = [m for m in kk.MetodeKB.values if m != kk.MetodeKB.MAL]
    if nilai("MAL_DIHITUNG"):
        metode.append(kk.MetodeKB.MAL)
    return metode


def _baca_metode(periode: list[Nifas]) -> None:
    """Her own method, or her husband's MOP/Kondom, started inside [lahir, akhir] (2 queries).
    Her husband: a man of her current family in the paired relationship (head ↔ istri…)."""
    if not periode:
        return
    ibu_set = {p.ibu_id for p in periode}
    ibu_ids = sorted(ibu_set)
    # The mothers and the men of their families in one read (their families by subquery).
    ibu, laki = {}, []
    for a in Anggota.objects.filter(
        Q(pk__in=ibu_ids) | Q(jenis_kelamin=kk.JenisKelamin.LAKI_LAKI),
        keluarga_id__in=Anggota.objects.filter(pk__in=ibu_ids).values("keluarga_id"),
    ).values("pk", "nama", "keluarga_id", "hubungan", "tanggal_lahir", "jenis_kelamin"):
        if a["pk"] in ibu_set:
            ibu[a["pk"]] = a
        if a["jenis_kelamin"] == kk.JenisKelamin.LAKI_LAKI:
            laki.append((a["pk"], a["keluarga_id"], a["hubungan"]))
    pasangan = dict(ind._PASANGAN)
    suami: dict[int, list[int]] = {}
    for pk, kel, hub in laki:
        for i, a in ibu.items():
            if a["keluarga_id"] == kel and pasangan.get(a["hubungan"]) == hub:
                suami.setdefault(i, []).append(pk)
    pemilik = {i: [i, *suami.get(i, [])] for i in ibu_ids}
    semua = sorted({x for v in pemilik.values() for x in v})
    dihitung = _metode_dihitung()
    episode: dict[int, list[tuple]] = {}
    for a, m, mulai in (
        StatusKB.objects.filter(anggota_id__in=semua, metode__in=dihitung)
        .order_by("mulai", "id")
        .values_list("anggota_id", "metode", "mulai")
    ):
        episode.setdefault(a, []).append((m, mulai))
    for p in periode:
        p.nama = ibu[p.ibu_id]["nama"]
        p.ibu_lahir = ibu[p.ibu_id]["tanggal_lahir"]
        for orang in pemilik[p.ibu_id]:
            for m, mulai in episode.get(orang, []):
                if orang != p.ibu_id and m not in kk.METODE_PRIA:
                    continue
                if p.lahir <= mulai <= p.akhir and (
                    p.metode_mulai is None or mulai < p.metode_mulai
                ):
                    p.metode, p.metode_mulai = m, mulai


def _tempatkan(periode: list[Nifas], acuan: dt.date, desa_ids, rt_ids, rt=None) -> list[Nifas]:
    """The periods whose mother is in the area on the date (`rt`: her RT on it, if read)."""
    if rt is None:
        rt = rt_pada({p.ibu_id for p in periode}, acuan, desa_ids)
    hasil = []
    for p in periode:
        p.rt = rt.get(p.ibu_id)
        if _di_area(p.rt, rt_ids):
            hasil.append(p)
    return hasil


def _salin(p: Nifas) -> Nifas:
    from dataclasses import replace

    return replace(p)


def kb_pasca_persalinan(
    tahun: int,
    bulan: int,
    desa_ids: list[int],
    rt_ids=None,
    *,
    periode: list | None = None,
    peristiwa: dict | None = None,
    rt: dict | None = None,
) -> tuple[list[Nifas], list[Nifas]]:
    """(denominator, numerator) of a month: the mothers in the population on their period's last
    day whose period ended in the month, placed by their RT at month-end; the numerator those
    who started a method that counts inside it. `periode`, `peristiwa` (`keberadaan`) and `rt`
    (`rt_pada` at month-end): what the caller already read for these mothers (`baca_bulan`)."""
    akhir = ind.akhir_bulan(tahun, bulan)
    awal = akhir.replace(day=1)
    hari = nilai("NIFAS_HARI")
    if periode is None:
        periode = periode_nifas(desa_ids, awal - dt.timedelta(days=hari), akhir)
    # A mother with two periods ending in one month is one mother: her latest period.
    per_ibu: dict[int, Nifas] = {}
    for p in periode:
        if awal <= p.akhir <= akhir:
            per_ibu[p.ibu_id] = p
    ada = dalam_penduduk(
        {i: p.ibu_lahir for i, p in per_ibu.items()},
        {i: p.akhir for i, p in per_ibu.items()},
        peristiwa,
    )
    penyebut = _tempatkan([p for i, p in per_ibu.items() if i in ada], akhir, desa_ids, rt_ids, rt)
    return penyebut, [p for p in penyebut if p.metode]


def daftar_kunjungan_nifas(pada: dt.date, desa_ids: list[int], rt_ids=None) -> list[Nifas]:
    """The visit list: mothers in their postpartum period on the date, in the population on
    it, without a method that counts yet, with the days left (soonest end first)."""
    periode = [p for p in periode_nifas(desa_ids, pada, pada) if p.lahir <= pada <= p.akhir]
    per_ibu = {p.ibu_id: p for p in periode if not (p.metode and p.metode_mulai <= pada)}
    ada = dalam_penduduk({i: p.ibu_lahir for i, p in per_ibu.items()}, {i: pada for i in per_ibu})
    hasil = _tempatkan([p for i, p in per_ibu.items() if i in ada], pada, desa_ids, rt_ids)
    return sorted(hasil, key=lambda p: (p.akhir, p.nama, p.ibu_id))


# --- children with a referral signal -------------------------------------------------------------


def anak_bersinyal(tahun: int, bulan: int, desa_ids: list[int], rt_ids=None) -> dict[int, list]:
    """{child id: signals} of the month from the posyandu's S (poktan.indicators.anak_s): T,
    2T, BGM (BB/U < −3), wasting (BB/TB < −2), stunting (TB/U < −2); T alone signals (Buku
    KIA). Plus KKA: poktan's BKB children "perlu rujuk" three months running
    (``poktan.register.anak_dirujuk``, the one definition), for those in the population on the
    month's last day and, for an area, in its RTs then. A child with several signals is one key
    with all of them (KKA last)."""
    from poktan import indicators as pi

    awal, akhir = pi.bulan_ini(tahun, bulan)
    q = pi._q_skdn()
    tanda = {
        kode.Sinyal.T: q["t"],
        kode.Sinyal.DUA_T: q["dua_t"],
        kode.Sinyal.BGM: Q(zbbu__lt=Decimal("-3")),
        kode.Sinyal.WASTING: Q(zbbtb__lt=Decimal("-2")),
        kode.Sinyal.STUNTING: Q(ztb__lt=Decimal("-2")),
    }
    kolom = {f"s_{k}": ExpressionWrapper(v, output_field=BooleanField()) for k, v in tanda.items()}
    # Every child of S with the five flags as columns, kept in Python when one is true; no
    # WHERE on "any flag" and no ORDER BY. Django writes an annotation's correlated subquery
    # again wherever it is referenced, so that filter made PostgreSQL run up to 89 of them per
    # child before the SELECT list ran them again for the rows kept (27 of the block's 62 ms
    # at 10,000 people); selected once they take half. The SQL is compiled once per process
    # (sql_siap): it is a function of the month, the desa, the posyandu area (RT ids, which
    # `rt_ids` narrows) and the dated moves only. S is built as `anak_s` builds it, from the
    # area read here for the key (anak_s would read it again on a miss).
    area, _posyandu = pi._wilayah_posyandu(akhir, desa_ids, rt_ids, None)
    pindah = ind.ada_pindah_setelah(akhir, desa_ids)
    rows = sql_siap.baris(
        ("pendampingan_sinyal", akhir, tuple(desa_ids), tuple(sorted(area)), pindah.kunci()),
        lambda: (
            pi._dengan_timbangan(pi._s_dasar(akhir, desa_ids, area, pindah), awal, akhir, None)
            .annotate(**kolom)
            .values("pk", *kolom)
            .order_by()
        ),
    )
    hasil = {}
    for row in rows:
        sinyal = [k for k in tanda if row[f"s_{k}"]]
        if not sinyal:
            continue
        if kode.Sinyal.DUA_T in sinyal:
            sinyal.remove(kode.Sinyal.T)
        hasil[row["pk"]] = sinyal
    for pk in anak_kka(tahun, bulan, desa_ids, rt_ids):
        hasil.setdefault(pk, []).append(kode.Sinyal.KKA)
    return hasil


def anak_kka(tahun: int, bulan: int, desa_ids: list[int], rt_ids=None) -> set[int]:
    """Children of the desa's BKB groups whose Kartu Kembang Anak says "perlu rujuk" three months
    running on the month (poktan.register.anak_dirujuk_ids, the children of anak_dirujuk: a
    month without a card breaks the run),
    kept if in the population on the month's last day (and in the area's RTs then)."""
    from poktan import register as preg
    from poktan.models import Kelompok

    anak = preg.anak_dirujuk_ids(Kelompok.objects.filter(desa_id__in=desa_ids), tahun, bulan)
    if not anak:
        return set()
    pend = ind.penduduk_pada(ind.akhir_bulan(tahun, bulan), desa_ids).filter(pk__in=sorted(anak))
    if rt_ids is not None:
        pend = pend.filter(rt__in=sorted(set(rt_ids)))
    return set(pend.values_list("pk", flat=True))


# --- the month -----------------------------------------------------------------------------------


@dataclass
class Bulan:
    """Everything the summary and the four lists of one month and area are made of."""

    tahun: int
    bulan: int
    catin: dict[int, list] = field(default_factory=dict)  # open catin id → flags
    hamil: dict[int, list] = field(default_factory=dict)  # pregnant mother id → flags
    nifas: list = field(default_factory=list)  # periods with a day in the month
    penyebut: list = field(default_factory=list)
    pembilang: list = field(default_factory=list)
    balita: set = field(default_factory=set)
    baduta: set = field(default_factory=set)
    sinyal: dict = field(default_factory=dict)
    rujuk_terbuka: set = field(default_factory=set)
    skrining_bulan: set = field(default_factory=set)  # catin ids screened in the month
    dirujuk_bulan: set = field(default_factory=set)  # balita with a referral dated in it


# One read of the dated moves for the whole month (its pages call it outside a report's).
@ind.satu_bacaan()
def baca_bulan(tahun: int, bulan: int, desa_ids: list[int], rt_ids=None) -> Bulan:
    akhir = ind.akhir_bulan(tahun, bulan)
    awal = akhir.replace(day=1)
    rt_set = set(rt_ids) if rt_ids is not None else None
    b = Bulan(tahun, bulan)
    # Brides-to-be registered by the month's end, not married before it began.
    catin = list(
        Catin.objects.filter(desa_id__in=desa_ids, tanggal_daftar__lte=akhir)
        .filter(Q(tanggal_nikah__isnull=True) | Q(tanggal_nikah__gte=awal))
        .select_related(None)
    )
    catin = [c for c in catin if _di_area(c.rt_id, rt_set)]
    per_pk = {c.pk: c for c in catin}
    skrining: dict[int, Skrining] = {}
    for s in Skrining.objects.filter(catin__in=sorted(per_pk), tanggal__lte=akhir):
        s.catin = per_pk[s.catin_id]  # already read: no join
        skrining[s.catin_id] = s  # ordered by date: the last one wins
        if s.tanggal >= awal:
            b.skrining_bulan.add(s.catin_id)
    b.catin = {c.pk: (risiko_skrining(skrining[c.pk]) if c.pk in skrining else []) for c in catin}
    # Pregnant women on the month's last day (table 7's "ibu hamil").
    pindah = ind.ada_pindah_setelah(akhir, desa_ids)
    pend = ind.penduduk_pada(akhir, desa_ids, pindah=pindah)
    if rt_ids is not None:
        pend = pend.filter(rt__in=sorted(rt_set))
    # The mothers by primary key in a second query, not joined: PostgreSQL estimated the
    # population filter badly and hash-joined a scan of every member (3–9 ms instead of 0.6).
    hamil = list(
        Kehamilan.objects.filter(
            ind._terbuka_pada(akhir),
            ibu__in=pend.filter(jenis_kelamin=kk.JenisKelamin.PEREMPUAN).values("pk"),
        ).prefetch_related(Prefetch("ibu", queryset=Anggota.objects.only("tanggal_lahir")))
    )
    anak = {}
    for ibu, lahir in Anggota.objects.filter(ibu__in=[k.ibu_id for k in hamil]).values_list(
        "ibu_id", "tanggal_lahir"
    ):
        anak.setdefault(ibu, []).append(lahir)
    kunj: dict[int, list] = {}
    for k in Kunjungan.objects.filter(kehamilan__in=[h.pk for h in hamil], tanggal__lte=akhir).only(
        "kehamilan_id", "tanggal", "lila", "hb"
    ):  # what risiko_kehamilan reads
        kunj.setdefault(k.kehamilan_id, []).append(k)
    b.hamil = {
        h.ibu_id: risiko_kehamilan(h, akhir, anak.get(h.ibu_id, []), kunj.get(h.pk, []))
        for h in hamil
    }
    # The 42 days after a birth. The mothers of KB pasca persalinan (a period ending in the
    # month) are among those with a period day in it: their presence events and their RTs at
    # month-end are read once for both counts.
    semua = periode_nifas(desa_ids, awal - dt.timedelta(days=nilai("NIFAS_HARI")), akhir)
    per_ibu = {p.ibu_id: p for p in semua if p.akhir >= awal}
    peristiwa = keberadaan(per_ibu)
    rt_ibu = rt_pada(per_ibu, akhir, desa_ids)
    b.penyebut, b.pembilang = kb_pasca_persalinan(
        tahun,
        bulan,
        desa_ids,
        rt_ids,
        periode=[_salin(p) for p in semua],
        peristiwa=peristiwa,
        rt=rt_ibu,
    )
    ada = dalam_penduduk(
        {i: p.ibu_lahir for i, p in per_ibu.items()},
        {i: min(p.akhir, akhir) for i, p in per_ibu.items()},
        peristiwa,
    )
    b.nifas = _tempatkan(
        [p for i, p in per_ibu.items() if i in ada], akhir, desa_ids, rt_ids, rt_ibu
    )
    # Children. The SQL is compiled once per process (sql_siap): a function of the date, the
    # desa and RT ids and the dated moves only.
    area = tuple(sorted(rt_set)) if rt_set is not None else None
    for r in sql_siap.baris(
        ("pendampingan_balita", akhir, tuple(desa_ids), area, pindah.kunci()),
        lambda: pend.filter(ind.q_balita(akhir)).values("pk", "tanggal_lahir").order_by(),
    ):
        b.balita.add(r["pk"])
        if r["tanggal_lahir"] > ind.batas_umur(akhir, bulan=24):
            b.baduta.add(r["pk"])
    b.sinyal = anak_bersinyal(tahun, bulan, desa_ids, rt_ids)
    # The open referrals of children with a signal and the month's referrals of balita, in
    # one read (by the children's ids: referrals have no desa column, and a join to the
    # members made PostgreSQL scan every member of every desa).
    for anak, tanggal, selesai in (
        Rujukan.objects.filter(
            Q(anak__in=sorted(b.sinyal), selesai__isnull=True)
            | Q(anak__in=sorted(b.balita), tanggal__gte=awal, tanggal__lte=akhir)
        )
        .values_list("anak_id", "tanggal", "selesai")
        .order_by()
    ):
        if anak in b.sinyal and selesai is None:
            b.rujuk_terbuka.add(anak)
        if anak in b.balita and awal <= tanggal <= akhir:
            b.dirujuk_bulan.add(anak)
    return b


def _lima(terdaftar, didampingi=0, berisiko=0, dirujuk=0, bansos=0) -> dict:
    return {
        "terdaftar": terdaftar,
        "didampingi": didampingi,
        "berisiko": berisiko,
        "dirujuk": dirujuk,
        "bansos": bansos,
    }


def _kunjungan_bulan(b: Bulan, awal: dt.date, akhir: dt.date) -> dict[str, dict[int, dict]]:
    """The month's visits of the month's targets, in one read: per group (catin, ibu hamil,
    pasca persalinan, anak = baduta and balita), per target id, whether visited, referred,
    helped to social assistance. A catin's visits are by catin; a pregnancy's by its mother
    (any of her pregnancies); the others' by the member and the visit's target. Each by the
    targets' ids: visits have no desa column, and the ids keep the read to this desa's."""
    S = kode.Sasaran
    ibu_nifas = {p.ibu_id for p in b.nifas}
    syarat = {
        "catin": (Q(catin__in=sorted(b.catin)), lambda s, c, ibu, a: c in b.catin),
        "hamil": (
            Q(sasaran=S.IBU_HAMIL, kehamilan__ibu__in=sorted(b.hamil)),
            lambda s, c, ibu, a: s == S.IBU_HAMIL and ibu in b.hamil,
        ),
        "nifas": (
            Q(sasaran=S.PASCA_PERSALINAN, anggota__in=sorted(ibu_nifas)),
            lambda s, c, ibu, a: s == S.PASCA_PERSALINAN and a in ibu_nifas,
        ),
        "anak": (
            Q(sasaran__in=[S.BADUTA, S.BALITA], anggota__in=sorted(b.balita)),
            lambda s, c, ibu, a: s in (S.BADUTA, S.BALITA) and a in b.balita,
        ),
    }
    semua = Q()
    for q, _cocok in syarat.values():
        semua |= q
    hasil: dict[str, dict[int, dict]] = {k: {} for k in syarat}
    for s, c, ibu, a, rujuk, bansos in (
        Kunjungan.objects.filter(semua, tanggal__gte=awal, tanggal__lte=akhir)
        .values_list("sasaran", "catin_id", "kehamilan__ibu_id", "anggota_id", "dirujuk", "bansos")
        .order_by()
    ):
        for k, (_q, cocok) in syarat.items():
            if cocok(s, c, ibu, a):
                t = {"catin": c, "hamil": ibu}.get(k, a)
                h = hasil[k].setdefault(t, {"dirujuk": False, "bansos": False})
                h["dirujuk"] |= rujuk
                h["bansos"] |= bansos
    return hasil


def _hitung(ids, kunj: dict, berisiko: int, dirujuk_lain=()) -> dict:
    ids = set(ids)
    return _lima(
        len(ids),
        len(ids & set(kunj)),
        berisiko,
        len({i for i in ids if kunj.get(i, {}).get("dirujuk")} | (ids & set(dirujuk_lain))),
        len({i for i in ids if kunj.get(i, {}).get("bansos")}),
    )


def ringkasan(b: Bulan) -> dict:
    """The block `pendampingan` (REPORT_JSON.md) of a month read by `baca_bulan`, with the
    lengths of the four name lists (`daftar`) it is checked against."""
    akhir = ind.akhir_bulan(b.tahun, b.bulan)
    awal = akhir.replace(day=1)
    k = _kunjungan_bulan(b, awal, akhir)
    k_catin, k_hamil, k_nifas, k_anak = k["catin"], k["hamil"], k["nifas"], k["anak"]
    for c in b.skrining_bulan:  # a screening in the month accompanies her too
        k_catin.setdefault(c, {"dirujuk": False, "bansos": False})
    ibu_nifas = {p.ibu_id for p in b.nifas}
    dirujuk_anak = b.dirujuk_bulan
    tanpa_kb = len(b.penyebut) - len(b.pembilang)
    sinyal_baduta = len(set(b.sinyal) & b.baduta)
    return {
        "catin": _hitung(b.catin, k_catin, sum(1 for f in b.catin.values() if f)),
        "ibu_hamil": _hitung(b.hamil, k_hamil, sum(1 for f in b.hamil.values() if f)),
        "pasca_persalinan": _hitung(ibu_nifas, k_nifas, tanpa_kb),
        "baduta": _hitung(b.baduta, k_anak, sinyal_baduta, dirujuk_anak),
        "balita": _hitung(b.balita, k_anak, len(set(b.sinyal) & b.balita), dirujuk_anak),
        "kb_pasca_persalinan": {
            "pembilang": len(b.pembilang),
            "penyebut": len(b.penyebut),
            "persen": _angka(ind.persen(len(b.pembilang), len(b.penyebut))),
        },
        "daftar": {
            "catin_berisiko": sum(1 for f in b.catin.values() if f),
            "hamil_berisiko": sum(1 for f in b.hamil.values() if f),
            "tanpa_kb_pasca_persalinan": tanpa_kb,
            "anak_dirujuk": len(set(b.sinyal) - b.rujuk_terbuka),
        },
    }


def _angka(v):
    return float(v) if isinstance(v, Decimal) else v


def blok(tahun: int, bulan: int, desa_ids: list[int], rt_ids=None) -> dict:
    """REPORT_JSON.md `pendampingan` for a desa (or an area of it)."""
    with ind.satu_bacaan():  # the dated moves of a date are read once
        return ringkasan(baca_bulan(tahun, bulan, desa_ids, rt_ids))


def hitung_ulang(blok_: dict) -> dict:
    """A summed block (kecamatan): the rate recomputed from the summed counts."""
    k = blok_["kb_pasca_persalinan"]
    k["persen"] = _angka(ind.persen(k["pembilang"], k["penyebut"]))
    return blok_


def catin_berisiko_pus(tanggal: dt.date, desa_ids: list[int]) -> set[int]:
    """Members who were brides-to-be at risk and married within CATIN_BERISIKO_BULAN months
    before the date: they stay flagged on the PUS lists."""
    batas = ind.tambah_bulan(tanggal, -nilai("CATIN_BERISIKO_BULAN"))
    hasil = set()
    for c in Catin.objects.filter(
        desa_id__in=desa_ids,
        anggota__isnull=False,
        tanggal_nikah__gt=batas,
        tanggal_nikah__lte=tanggal,
    ).prefetch_related("skrining_set"):
        if any(risiko_skrining(s) for s in c.skrining_set.all()):
            hasil.add(c.anggota_id)
    return hasil


def kosong() -> dict:
    """A block of zeros (the shape of `pendampingan`)."""
    nol = _lima(0)
    return {
        **{s: dict(nol) for s in kode.Sasaran.values},
        "kb_pasca_persalinan": {"pembilang": 0, "penyebut": 0, "persen": None},
        "daftar": {
            "catin_berisiko": 0,
            "hamil_berisiko": 0,
            "tanpa_kb_pasca_persalinan": 0,
            "anak_dirujuk": 0,
        },
    }
