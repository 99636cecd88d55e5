"""Poktan targets and participation (DOMAIN.md §2 Poktan) and posyandu SKDN and growth status
(§3), as database queries built on keluarga.indicators.

Population, age groups and marital status come from keluarga.indicators (never re-implemented).
Counts are GROUP BY / aggregate queries whose number depends neither on the number of families
nor of groups; a group's area (dusun/RW → RT) is resolved with a fixed number of small queries.

Choices DOMAIN.md leaves open (to be copied into docs/DEFINISI.md):
- A group's area is the union of its dusun and RW (none: the whole desa); a family is in it when
  the RT of its house on the reference date is. Groups counted: active, founded on or before D.
- `anggota` counts memberships (a family in two BKB groups twice); `sasaran_aktif` counts targets.
- Posyandu: "attended" = weighed at one of the group's sessions (a flagged weighing too: the child
  came); `kehadiran` = weighings. Invite lists leave out members of any group of the same type;
  UPPKA invites only its priority families (kurang mampu with a PUS ber-KB).
- SKDN: K = the child's last recorded KIA/KMS answer on or before D. For one posyandu, D/N/T/O/
  BGM and growth status use its own sessions of the month; the previous months' weights come
  from any posyandu. The gain is the difference of the last valid weights of the two months in
  grams; KBM by the age in months at this month's weighing, month 0 taking month 1's 800 g.
- "Valid" is per index: an implausible weight-for-age drops the weight, not the length.
  `diukur` = children of S with a valid length/height-for-age (the stunting denominator);
  BGM = last valid weight-for-age of the month < −3 SD.
- With `rt_ids` (a kader's regions): targets and members living there (members by their current
  house), groups whose area meets those RTs.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Round

from keluarga import indicators as ind
from keluarga import kode as kode_keluarga
from keluarga import sql_siap
from keluarga.models import RT, Anggota, Keluarga
from poktan import antropometri as antro
from poktan.kode import JENIS_GABUNGAN, JENIS_KELUARGA, JenisKelompok
from poktan.models import (
    Keanggotaan,
    Kehadiran,
    Kelompok,
    Penimbangan,
    Pertemuan,
    q_terbuka_pada,
)

J = JenisKelompok

KUNCI_POKTAN = (
    "kelompok",
    "anggota",
    "anggota_aktif",
    "sasaran",
    "sasaran_aktif",
    "partisipasi_persen",
    "pertemuan",
    "kehadiran",
    "belum_lapor",
)

# --- dates --------------------------------------------------------------------------------------


def bulan_ini(tahun: int, bulan: int) -> tuple[dt.date, dt.date]:
    """First and last day of the month; the last day is the reference date."""
    akhir = ind.akhir_bulan(tahun, bulan)
    return akhir.replace(day=1), akhir


def bulan_geser(awal: dt.date, geser: int) -> tuple[dt.date, dt.date]:
    """First and last day of the month `geser` months from the one starting on `awal`."""
    a = ind.tambah_bulan(awal, geser)
    return bulan_ini(a.year, a.month)


def _angka(v: Decimal | None) -> float | None:
    """JSON-ready percentage (REPORT_JSON.md): a one-decimal number, or None."""
    return None if v is None else float(v)


# --- targets -------------------------------------------------------------------------------------


def q_sasaran(jenis: str, tanggal: dt.date) -> Q:
    """On a population row (with the `skp` marital-status alias): the member makes its family (or
    itself) a target of this group type. UPPKA targets every family (an empty Q)."""
    return {
        J.BKB: ind.q_anak_usia_bkb(tanggal),
        J.BKR: ind.q_remaja(tanggal),
        J.BKL: ind.q_lansia(tanggal),
        J.PIK_R: ind.q_remaja(tanggal),
        J.UPPKA: Q(),
        J.POSYANDU: ind.q_balita(tanggal),
    }[jenis]


def penduduk(
    tanggal: dt.date, desa_ids: list[int], *, rt_ids: Iterable[int] | None = None, pindah=None
) -> QuerySet[Anggota]:
    """Population on the date (keluarga.indicators) with the `skp` alias, optionally in RTs."""
    if pindah is None:  # not `or`: a Pindahan without moves is falsy but still read
        pindah = ind.ada_pindah_setelah(tanggal, desa_ids)
    # The marital status read once with the moves (Pindahan.status_kawin), not two subqueries
    # a member.
    qs = ind.penduduk_pada(tanggal, desa_ids, pindah=pindah).alias(
        skp=ind.status_kawin_pada(tanggal, pindah)
    )
    if rt_ids is not None:
        qs = qs.filter(rt__in=sorted(rt_ids))
    return qs


def sasaran_qs(
    jenis: str, tanggal: dt.date, desa_ids: list[int], *, rt_ids: Iterable[int] | None = None
) -> QuerySet:
    """Targets on the date: families (BKB, BKR, BKL, UPPKA) or persons (PIK-R, Posyandu)."""
    pend = penduduk(tanggal, desa_ids, rt_ids=rt_ids).filter(q_sasaran(jenis, tanggal))
    if jenis in JENIS_KELUARGA:
        return Keluarga.objects.filter(pk__in=pend.values("kel"))
    return pend


def jendela_aktif(tahun: int, bulan: int) -> tuple[dt.date, dt.date]:
    """The reference month and the two calendar months before it."""
    awal, akhir = bulan_ini(tahun, bulan)
    return ind.tambah_bulan(awal, -2), akhir


def hadir_dalam(awal: dt.date, akhir: dt.date, desa_ids: list[int] | None = None) -> Q:
    """On a Keanggotaan row: attended a meeting of its group in [awal, akhir] (for a posyandu:
    the child was weighed at one of its sessions) — the "anggota aktif" test. `desa_ids`, when
    the caller knows them, keeps the attendance read to those desa's groups."""
    # Attendance as one uncorrelated IN list (the window's few meetings, then their rows): a
    # correlated EXISTS made PostgreSQL merge-join each membership's attendance with the
    # meetings, 45 ms for one desa instead of 7.
    hadir = Kehadiran.objects.filter(
        pertemuan__tanggal__gte=awal, pertemuan__tanggal__lte=akhir
    ).values("keanggotaan_id")
    if desa_ids is not None:
        hadir = hadir.filter(pertemuan__kelompok__desa_id__in=desa_ids)
    timbang = Penimbangan.objects.filter(tanggal__gte=awal, tanggal__lte=akhir)
    anak_desa = timbang.filter(
        pertemuan__kelompok=OuterRef("kelompok"), anggota=OuterRef("anggota")
    )
    anak_luar = timbang.filter(anak_luar=OuterRef("pk"))
    return Q(pk__in=hadir) | Q(Exists(anak_desa)) | Q(Exists(anak_luar))


# --- groups and their areas -----------------------------------------------------------------------


def kelompok_berjalan(tanggal: dt.date, desa_ids: list[int]) -> QuerySet[Kelompok]:
    """Active groups of the desa founded on or before the date (unknown founding date counts)."""
    return Kelompok.objects.filter(desa_id__in=desa_ids, aktif=True).filter(
        Q(tanggal_berdiri__isnull=True) | Q(tanggal_berdiri__lte=tanggal)
    )


def rt_wilayah(kelompok: QuerySet[Kelompok]) -> dict[int, set[int]]:
    """Each group's area as RT ids: the RTs of its dusun and RW, or of its whole desa (4 queries)."""
    desa_kelompok = dict(kelompok.values_list("pk", "desa_id"))
    through_d = Kelompok.wilayah_dusun.through.objects.filter(kelompok_id__in=list(desa_kelompok))
    through_r = Kelompok.wilayah_rw.through.objects.filter(kelompok_id__in=list(desa_kelompok))
    dusun, rw = defaultdict(set), defaultdict(set)
    for k, d in through_d.values_list("kelompok_id", "dusun_id"):
        dusun[k].add(d)
    for k, r in through_r.values_list("kelompok_id", "rw_id"):
        rw[k].add(r)
    rt_desa = defaultdict(list)
    for rt, desa, rw_id, dusun_id in RT.objects.filter(
        desa_id__in=set(desa_kelompok.values())
    ).values_list("pk", "desa_id", "rw_id", "rw__dusun_id"):
        rt_desa[desa].append((rt, rw_id, dusun_id))
    hasil = {}
    for k, desa in desa_kelompok.items():
        if not dusun[k] and not rw[k]:
            hasil[k] = {rt for rt, _rw, _d in rt_desa[desa]}
        else:
            hasil[k] = {rt for rt, r, d in rt_desa[desa] if r in rw[k] or d in dusun[k]}
    return hasil


def _kelompok_lingkup(tanggal: dt.date, desa_ids: list[int], rt_ids) -> QuerySet[Kelompok]:
    qs = kelompok_berjalan(tanggal, desa_ids)
    if rt_ids is None:
        return qs
    rt_ids = set(rt_ids)
    return qs.filter(pk__in=[k for k, rts in rt_wilayah(qs).items() if rts & rt_ids])


# --- the poktan block ---------------------------------------------------------------------------


def _aktif_di_desa(awal_aktif: dt.date, akhir: dt.date, desa_ids: list[int]) -> QuerySet:
    """Memberships open on the reference date, in an active group of the desa, that attended in
    the three-month window: the anggota aktif a target is counted active through."""
    return Keanggotaan.objects.filter(
        q_terbuka_pada(akhir), kelompok__in=kelompok_berjalan(akhir, desa_ids)
    ).filter(hadir_dalam(awal_aktif, akhir, desa_ids))


def sasaran_per_rt(tahun: int, bulan: int, desa_ids: list[int]) -> dict[int | None, dict[str, int]]:
    """Per RT (on the month's last day): each type's targets `<jenis>_s` and, of them, those who
    are anggota aktif of a group of the type in the desa `<jenis>_sa` — families for BKB, BKR,
    BKL and UPPKA, persons for PIK R and Posyandu (q_sasaran) — plus `ikut_<key>` for each
    portal count (IKUT_PORTAL) whose population differs from its type's targets (BKB: families
    with a balita active in BKB).

    The one reading of the population both the poktan block (summed over its RTs) and the portal's
    participation (ikut_portal) use: they count the same people against the same memberships.
    Per RT, a family's count is exact when summed: a family on the date lies in one RT (the
    member's RT is that of their family on the date). One query (plus the dated moves)."""
    awal_aktif, akhir = jendela_aktif(tahun, bulan)
    aktif = _aktif_di_desa(awal_aktif, akhir, desa_ids)
    agregat = {}

    def ikut(jenis: str, q: Q, kunci: str) -> None:
        # The membership test first: PostgreSQL evaluates a FILTER's conditions in order, and
        # a remaja's marital status on the date is two subqueries per person.
        if jenis in JENIS_KELUARGA:
            ids = aktif.filter(jenis=jenis, keluarga__isnull=False).values("keluarga_id")
            agregat[kunci] = Count("kel", distinct=True, filter=Q(kel__in=ids) & q)
        else:
            ids = aktif.filter(jenis=jenis, anggota__isnull=False).values("anggota_id")
            agregat[kunci] = Count("pk", filter=Q(pk__in=ids) & q)

    for j in J.values:
        q = q_sasaran(j, akhir)
        if j in JENIS_KELUARGA:
            agregat[f"{j}_s"] = Count("kel", distinct=True, filter=q or None)
        else:
            agregat[f"{j}_s"] = Count("pk", filter=q)
        ikut(j, q, f"{j}_sa")
    for kunci, (j, q_siapa) in IKUT_PORTAL.items():
        q = q_siapa(akhir) if q_siapa else Q()
        if q != q_sasaran(j, akhir):  # BKB: the portal's families with a balita
            ikut(j, q, f"ikut_{kunci}")
    pindah = ind.ada_pindah_setelah(akhir, desa_ids)
    baris = sql_siap.baris(
        ("poktan_sasaran_rt", akhir, tuple(desa_ids), pindah.kunci()),
        lambda: (
            penduduk(akhir, desa_ids, pindah=pindah).values("rt").annotate(**agregat).order_by()
        ),
    )
    return {r.pop("rt"): r for r in baris}


def _kelompok_bulan(kelompok: QuerySet[Kelompok], awal: dt.date, akhir: dt.date) -> QuerySet:
    """These groups, one row each: type, meetings in the month (`pertemuan`) and their attendance
    rows (`hadir`) — one query instead of one per figure; each count is looked up by the group's
    key through the (group, date) index of meetings (a few dozen groups)."""

    def jumlah(qs: QuerySet, kolom: str):
        per_kelompok = qs.filter(**{kolom: OuterRef("pk")}).order_by().values(kolom)
        return Coalesce(Subquery(per_kelompok.annotate(n=Count("pk")).values("n")), 0)

    pertemuan = Pertemuan.objects.filter(tanggal__gte=awal, tanggal__lte=akhir)
    hadir = Kehadiran.objects.filter(pertemuan__tanggal__gte=awal, pertemuan__tanggal__lte=akhir)
    return (
        kelompok.annotate(
            pertemuan=jumlah(pertemuan, "kelompok"), hadir=jumlah(hadir, "pertemuan__kelompok")
        )
        .values("jenis", "pertemuan", "hadir")
        .order_by()
    )


def blok_poktan(
    tahun: int,
    bulan: int,
    desa_ids: list[int],
    rt_ids: Iterable[int] | None = None,
    *,
    sasaran: dict[int | None, dict[str, int]] | None = None,
) -> dict[str, dict]:
    """REPORT_JSON.md "poktan": per type kelompok, anggota, anggota_aktif, sasaran, sasaran_aktif,
    partisipasi_persen, pertemuan, kehadiran, belum_lapor for a month (reference date = its last
    day). With `rt_ids` (a kader's regions): targets and members living there, groups whose area
    meets them. `sasaran`: the month's sasaran_per_rt of these desa when the caller has read it
    (a live report shares it with the portal). Four queries (eight with rt_ids; one fewer when
    given `sasaran`), whatever the number of families or groups."""
    awal, akhir = bulan_ini(tahun, bulan)
    awal_aktif, _akhir = jendela_aktif(tahun, bulan)
    hasil = {j: dict.fromkeys(KUNCI_POKTAN, 0) for j in J.values}
    kelompok = _kelompok_lingkup(akhir, desa_ids, rt_ids)

    for r in _kelompok_bulan(kelompok, awal, akhir):
        h = hasil[r["jenis"]]
        h["kelompok"] += 1
        h["belum_lapor"] += r["pertemuan"] == 0
        h["pertemuan"] += r["pertemuan"]
        h["kehadiran"] += r["hadir"]
    # At a posyandu, being present is being weighed (one row per child and session). Counted
    # apart, by the weighing's own date: as a per-group subquery it walked every meeting ever.
    hasil[J.POSYANDU]["kehadiran"] += Penimbangan.objects.filter(
        pertemuan__kelompok__in=kelompok, tanggal__gte=awal, tanggal__lte=akhir
    ).count()

    keanggotaan = Keanggotaan.objects.filter(q_terbuka_pada(akhir), kelompok__in=kelompok)
    if rt_ids is not None:
        rt = sorted(set(rt_ids))
        keanggotaan = keanggotaan.filter(
            Q(keluarga__rumah__rt_id__in=rt) | Q(anggota__keluarga__rumah__rt_id__in=rt)
        )
    for r in (
        keanggotaan.alias(aktif=hadir_dalam(awal_aktif, akhir, desa_ids))
        .values("jenis")
        .annotate(n=Count("pk"), aktif=Count("pk", filter=Q(aktif=True)))
        .order_by()
    ):
        hasil[r["jenis"]].update(anggota=r["n"], anggota_aktif=r["aktif"])

    # Targets living in the area (all RTs: the desa), and those active in any group of the
    # type in the desa.
    if sasaran is None:
        sasaran = sasaran_per_rt(tahun, bulan, desa_ids)
    di_area = (
        sasaran.values() if rt_ids is None else [sasaran[r] for r in set(rt_ids) if r in sasaran]
    )
    for j in J.values:
        hasil[j].update(
            sasaran=sum(b[f"{j}_s"] for b in di_area),
            sasaran_aktif=sum(b[f"{j}_sa"] for b in di_area),
        )

    for h in hasil.values():
        h["partisipasi_persen"] = _angka(ind.persen(h["sasaran_aktif"], h["sasaran"]))
    return hasil


def blok_poktan_per_desa(tahun: int, bulan: int, desa_ids: list[int]) -> dict[int, dict]:
    """Each desa's poktan block on its own, as that desa's monthly report has it (a kecamatan's
    view: per-type totals per desa). Four queries per desa (six with its dated moves)."""
    return {d: blok_poktan(tahun, bulan, [d]) for d in desa_ids}


def jumlah_blok_poktan(blok_desa: Iterable[dict[str, dict]]) -> dict[str, dict]:
    """The sum of villages' poktan blocks, each participation recomputed from the summed counts
    (the rule of a kecamatan report, ``laporan.laporan.gabung``)."""
    hasil = {j: dict.fromkeys(KUNCI_POKTAN, 0) for j in J.values}
    for blok in blok_desa:
        for j, angka in blok.items():
            for k in KUNCI_POKTAN:
                if k != "partisipasi_persen":
                    hasil[j][k] += angka[k]
    for h in hasil.values():
        h["partisipasi_persen"] = _angka(ind.persen(h["sasaran_aktif"], h["sasaran"]))
    return hasil


# The Kampung KB portal's "jumlah keluarga ikut" (OFFICIAL.md §1), each over its own denominator:
# key → (group type, who in the population makes the family — or, for PIK R, the person — count).
IKUT_PORTAL = {
    "bkb": (J.BKB, ind.q_balita),  # the portal's BKB denominator: families with a balita
    "bkr": (J.BKR, ind.q_remaja),
    "bkl": (J.BKL, ind.q_lansia),
    "uppka": (J.UPPKA, None),
    "pik_r": (J.PIK_R, ind.q_remaja),
}


def ikut_portal(sasaran: dict[int | None, dict[str, int]]) -> dict[int, dict[str, int]]:
    """Per RT (on the month's last day), from the month's sasaran_per_rt: the portal's "ikut"
    counts — families in the population that have a balita / remaja / lansia (any family for
    UPPKA) and are anggota aktif of an active group of that type; for PIK R the remaja who are.
    Every count is a subset of its denominator (hitung_penduduk's keluarga_dengan_*, keluarga,
    remaja), and a type with no active group counts 0, by construction. Where the portal's
    population is the type's targets, the count is the poktan block's sasaran_aktif itself."""
    return {
        rt: {k: b.get(f"ikut_{k}", b[f"{j}_sa"]) for k, (j, _q) in IKUT_PORTAL.items()}
        for rt, b in sasaran.items()
    }


def partisipasi_gabungan(blok: dict[str, dict]) -> float | None:
    """The scorecard's pooled participation: sasaran aktif ÷ sasaran of BKB + BKR + BKL."""
    aktif = sum(blok[j]["sasaran_aktif"] for j in JENIS_GABUNGAN)
    sasaran = sum(blok[j]["sasaran"] for j in JENIS_GABUNGAN)
    return _angka(ind.persen(aktif, sasaran))


# --- posyandu: SKDN and growth status ---------------------------------------------------------

# A weighing counts for an index only when that index is plausible (DOMAIN.md §3).
SAH_BERAT = Q(bb_u_tidak_wajar=False)
SAH_BB_U = Q(z_bb_u__isnull=False, bb_u_tidak_wajar=False)
SAH_TB_U = Q(z_tb_u__isnull=False, tb_u_tidak_wajar=False)
SAH_BB_TB = Q(z_bb_tb__isnull=False, bb_tb_tidak_wajar=False)


def _terakhir(awal: dt.date, akhir: dt.date, kolom, syarat: Q, kelompok_id=None):
    """On a child (Anggota) row: `kolom` (a field name, or an expression on the weighing) of its
    last weighing in [awal, akhir] meeting `syarat`."""
    qs = Penimbangan.objects.filter(
        syarat, anggota=OuterRef("pk"), tanggal__gte=awal, tanggal__lte=akhir
    )
    if kelompok_id is not None:
        qs = qs.filter(pertemuan__kelompok_id=kelompok_id)
    if not isinstance(kolom, str):
        qs, kolom = qs.annotate(nilai=kolom), "nilai"
    return Subquery(qs.order_by("-tanggal", "-id").values(kolom)[:1])


def _kbm(umur: str):
    """KBM (g) for the age in months of a weighing, from poktan.antropometri's table. Month 0
    (a newborn weighed twice) takes month 1's value, so every weighed child is N, T or O."""
    return Case(
        When(**{f"{umur}__lte": 1}, then=Value(antro.kenaikan_minimal_gram(1))),
        *[When(**{umur: m}, then=Value(antro.kenaikan_minimal_gram(m))) for m in range(2, 11)],
        default=Value(antro.kenaikan_minimal_gram(11)),
        output_field=IntegerField(),
    )


def _wilayah_posyandu(tanggal, desa_ids, rt_ids, kelompok: Kelompok | None) -> tuple[set, QuerySet]:
    """RT ids of the posyandu area (one posyandu, or the union of the desa's) and the posyandu."""
    if kelompok is not None:
        posyandu = Kelompok.objects.filter(pk=kelompok.pk)
    else:
        posyandu = kelompok_berjalan(tanggal, desa_ids).filter(jenis=J.POSYANDU)
    area = set().union(*rt_wilayah(posyandu).values())
    if rt_ids is not None:
        area &= set(rt_ids)
    return area, posyandu


def _s_dasar(akhir: dt.date, desa_ids: list[int], area: set[int], pindah: bool) -> QuerySet:
    """S: balita on the reference date living in the area (each child once)."""
    return ind.penduduk_pada(akhir, desa_ids, pindah=pindah).filter(
        ind.q_balita(akhir), rt__in=sorted(area)
    )


def _dengan_timbangan(qs: QuerySet, awal: dt.date, akhir: dt.date, k: int | None) -> QuerySet:
    """This month's and the two previous months' last valid weighings of each child (this
    month: the posyandu's own sessions when `k` is given), the last KIA/KMS answer on or before
    the reference date, and the differences and KBM the SKDN needs."""
    lalu = bulan_geser(awal, -1)
    dua = bulan_geser(awal, -2)
    kms = Penimbangan.objects.filter(anggota=OuterRef("pk"), tanggal__lte=akhir)
    return qs.annotate(
        b0=_terakhir(awal, akhir, "berat_kg", SAH_BERAT, k),
        b1=_terakhir(*lalu, "berat_kg", SAH_BERAT),
        b2=_terakhir(*dua, "berat_kg", SAH_BERAT),
        # The KBM of the weighing b0 (b1) comes from: read on that weighing row, inside its
        # subquery. As a CASE over an age annotation, each of its eleven WHENs repeated the age
        # subquery, and every SKDN count using the KBM repeated them again (PostgreSQL inlines
        # annotations): 22 of the 67 subqueries per child of the posyandu statement. NULL when
        # the month has no valid weighing, where no count reads it (N/T need b0 and b1).
        kbm0=_terakhir(awal, akhir, _kbm("umur_bulan"), SAH_BERAT, k),
        kbm1=_terakhir(*lalu, _kbm("umur_bulan"), SAH_BERAT),
        kms=Subquery(kms.order_by("-tanggal", "-id").values("kms")[:1]),
        zbbu=_terakhir(awal, akhir, "z_bb_u", SAH_BB_U, k),
        ztb=_terakhir(awal, akhir, "z_tb_u", SAH_TB_U, k),
        zbbtb=_terakhir(awal, akhir, "z_bb_tb", SAH_BB_TB, k),
    ).annotate(
        selisih0=Round((F("b0") - F("b1")) * 1000),
        selisih1=Round((F("b1") - F("b2")) * 1000),
    )


def anak_s(
    tahun: int,
    bulan: int,
    desa_ids: list[int],
    *,
    rt_ids: Iterable[int] | None = None,
    kelompok: Kelompok | None = None,
) -> QuerySet[Anggota]:
    """S of a posyandu (or of the desa: the union of its posyandu areas, each child once),
    annotated with the weighings of the month (b0/zbbu/ztb/zbbtb), of the two months before
    (b1, b2), the KBM of the b0 and b1 weighings (kbm0, kbm1) and the last KIA/KMS answer (kms)."""
    awal, akhir = bulan_ini(tahun, bulan)
    area, _posyandu = _wilayah_posyandu(akhir, desa_ids, rt_ids, kelompok)
    pindah = ind.ada_pindah_setelah(akhir, desa_ids)
    k = kelompok.pk if kelompok is not None else None
    return _dengan_timbangan(_s_dasar(akhir, desa_ids, area, pindah), awal, akhir, k)


# More rows than any query reads: a LIMIT that cuts nothing (_sekali_per_baris).
_TANPA_BATAS = 2**31 - 1


def _sekali_per_baris(qs: QuerySet) -> QuerySet:
    """`qs` ready for an aggregate whose counts read the same subquery annotations many times.
    Django aggregates over such annotations from an outer query around `qs`; PostgreSQL inlines
    that inner query and so copies each annotation into every count that reads it (the SKDN's
    b0 into D, O, N and T; 31 subqueries per child). A subquery with a LIMIT is not inlined,
    so under one that cuts nothing each annotation runs once per row (15): half the time."""
    return qs.order_by()[:_TANPA_BATAS]


def _q_skdn() -> dict[str, Q]:
    """N, T, O, 2T on an `anak_s` row."""
    dua_bulan = Q(b0__isnull=False, b1__isnull=False)
    naik = dua_bulan & Q(selisih0__gte=F("kbm0"))
    tidak_naik = dua_bulan & Q(selisih0__lt=F("kbm0"))
    return {
        "n": naik,
        "t": tidak_naik,
        "o": Q(b0__isnull=False, b1__isnull=True),
        "dua_t": tidak_naik & Q(b2__isnull=False, selisih1__lt=F("kbm1")),
    }


def hitung_posyandu(
    tahun: int,
    bulan: int,
    desa_ids: list[int],
    *,
    rt_ids: Iterable[int] | None = None,
    kelompok: Kelompok | None = None,
) -> dict:
    """REPORT_JSON.md "posyandu" for a month: SKDN with ratios and growth status of S.

    D, N, T, O, 2T, BGM and growth status use each child's last valid weighing of the month
    (for one posyandu: its own sessions); N/T compare with the last valid weight of the month
    before, at any posyandu. `diukur` = children of S with a valid length/height-for-age this
    month (the stunting denominator). Extra keys: `ditimbang_di_luar_s` (weighings at these
    posyandu of children not in S, listed separately) and `perlu_ukur_ulang` (flagged). Seven
    queries, whatever the number of children, families or posyandu."""
    awal, akhir = bulan_ini(tahun, bulan)
    area, posyandu = _wilayah_posyandu(akhir, desa_ids, rt_ids, kelompok)
    pindah = ind.ada_pindah_setelah(akhir, desa_ids)
    s = _s_dasar(akhir, desa_ids, area, pindah)
    k = kelompok.pk if kelompok is not None else None
    q = _q_skdn()
    # Everything the two statements' SQL depends on (compiled SQL is reused, sql_siap).
    kunci = (akhir, tuple(desa_ids), tuple(sorted(area)), k, pindah.kunci())
    r = sql_siap.agregat(
        ("posyandu_s", *kunci),
        lambda: _sekali_per_baris(_dengan_timbangan(s, awal, akhir, k)).aggregate(
            s=Count("pk"),
            k=Count("pk", filter=Q(kms=True)),
            d=Count("pk", filter=Q(b0__isnull=False)),
            n=Count("pk", filter=q["n"]),
            t=Count("pk", filter=q["t"]),
            o=Count("pk", filter=q["o"]),
            dua_t=Count("pk", filter=q["dua_t"]),
            bgm=Count("pk", filter=Q(zbbu__lt=Decimal("-3"))),
            diukur=Count("pk", filter=Q(ztb__isnull=False)),
            stunting=Count("pk", filter=Q(ztb__lt=Decimal("-2"))),
            sangat_pendek=Count("pk", filter=Q(ztb__lt=Decimal("-3"))),
            underweight=Count("pk", filter=Q(zbbu__lt=Decimal("-2"))),
            wasting=Count("pk", filter=Q(zbbtb__lt=Decimal("-2"))),
        ),
    )
    tambahan = sql_siap.agregat(
        ("posyandu_luar", *kunci),
        lambda: _timbang_bulan(posyandu, awal, akhir).aggregate(
            luar=Count("pk", filter=_q_luar_s(s)),
            ulang=Count("pk", filter=Q(perlu_ukur_ulang=True)),
        ),
    )
    skdn = {k: r[k] for k in ("s", "k", "d", "n", "t", "o", "dua_t", "bgm")}
    return {
        "skdn": skdn,
        "rasio": {
            "k_s": _angka(ind.persen(skdn["k"], skdn["s"])),
            "d_s": _angka(ind.persen(skdn["d"], skdn["s"])),
            "n_d": _angka(ind.persen(skdn["n"], skdn["d"])),
            "d_k": _angka(ind.persen(skdn["d"], skdn["k"])),
            "n_s": _angka(ind.persen(skdn["n"], skdn["s"])),
        },
        "diukur": r["diukur"],
        "stunting": r["stunting"],
        "sangat_pendek": r["sangat_pendek"],
        "underweight": r["underweight"],
        "wasting": r["wasting"],
        "prevalensi_stunting_persen": _angka(ind.persen(r["stunting"], r["diukur"])),
        "ditimbang_di_luar_s": tambahan["luar"],
        "perlu_ukur_ulang": tambahan["ulang"],
    }


def blok_posyandu(
    tahun: int, bulan: int, desa_ids: list[int], rt_ids: Iterable[int] | None = None
) -> dict:
    """REPORT_JSON.md "posyandu" for the desa (S = distinct balita of all posyandu areas)."""
    return hitung_posyandu(tahun, bulan, desa_ids, rt_ids=rt_ids)


def _timbang_bulan(posyandu: QuerySet[Kelompok], awal: dt.date, akhir: dt.date) -> QuerySet:
    return Penimbangan.objects.filter(
        pertemuan__kelompok__in=posyandu, tanggal__gte=awal, tanggal__lte=akhir
    )


def _q_luar_s(s: QuerySet) -> Q:
    """On a weighing: its child is not in S (a child from outside, or not a balita of the area)."""
    return Q(anggota__isnull=True) | ~Q(anggota__in=s.values("pk"))


def timbang_luar_s(tahun: int, bulan: int, kelompok: Kelompok) -> QuerySet[Penimbangan]:
    """Weighings at this posyandu in the month of children not in its S (listed separately)."""
    awal, akhir = bulan_ini(tahun, bulan)
    desa_ids = [kelompok.desa_id]
    area, posyandu = _wilayah_posyandu(akhir, desa_ids, None, kelompok)
    s = _s_dasar(akhir, desa_ids, area, ind.ada_pindah_setelah(akhir, desa_ids))
    return (
        _timbang_bulan(posyandu, awal, akhir)
        .filter(_q_luar_s(s))
        .select_related("anggota", "anak_luar")
        .order_by("tanggal", "id")
    )


def anak_stunting_qs(tanggal: dt.date, desa_ids: list[int]) -> QuerySet:
    """Ids of the children counted as stunting in the month of the date (report table 7)."""
    return anak_s(tanggal.year, tanggal.month, desa_ids).filter(ztb__lt=Decimal("-2")).values("pk")


# --- one group's page --------------------------------------------------------------------------


def ringkasan_kelompok(kelompok: Kelompok, tahun: int, bulan: int) -> dict:
    """A group's month: targets in its area, those active in this group, participation,
    members, meetings and attendance, whether it reported."""
    awal, akhir = bulan_ini(tahun, bulan)
    awal_aktif, _a = jendela_aktif(tahun, bulan)
    area = rt_wilayah(Kelompok.objects.filter(pk=kelompok.pk)).get(kelompok.pk, set())
    desa_ids = [kelompok.desa_id]
    pend = penduduk(akhir, desa_ids, rt_ids=area).filter(q_sasaran(kelompok.jenis, akhir))
    anggota = Keanggotaan.objects.filter(q_terbuka_pada(akhir), kelompok=kelompok)
    aktif = anggota.filter(hadir_dalam(awal_aktif, akhir, desa_ids))
    if kelompok.berbasis_keluarga:
        ids = aktif.filter(keluarga__isnull=False).values("keluarga_id")
        r = pend.aggregate(
            s=Count("kel", distinct=True), sa=Count("kel", distinct=True, filter=Q(kel__in=ids))
        )
    else:
        ids = aktif.filter(anggota__isnull=False).values("anggota_id")
        r = pend.aggregate(s=Count("pk"), sa=Count("pk", filter=Q(pk__in=ids)))
    m = anggota.alias(a=hadir_dalam(awal_aktif, akhir, desa_ids)).aggregate(
        n=Count("pk"), aktif=Count("pk", filter=Q(a=True))
    )
    pertemuan = kelompok.pertemuan_set.filter(tanggal__gte=awal, tanggal__lte=akhir)
    hadir = Kehadiran.objects.filter(pertemuan__in=pertemuan).count()
    if kelompok.posyandu:
        hadir += Penimbangan.objects.filter(pertemuan__in=pertemuan).count()
    jumlah_pertemuan = pertemuan.count()
    return {
        "sasaran": r["s"],
        "sasaran_aktif": r["sa"],
        "partisipasi_persen": ind.persen(r["sa"], r["s"]),
        "anggota": m["n"],
        "anggota_aktif": m["aktif"],
        "pertemuan": jumlah_pertemuan,
        "kehadiran": hadir,
        "lapor": jumlah_pertemuan > 0,
        "area_rt": area,
    }


def anggota_kelompok(kelompok: Kelompok, tahun: int, bulan: int) -> QuerySet[Keanggotaan]:
    """Members open on the reference date, with `aktif` and the family head's name."""
    awal_aktif, akhir = jendela_aktif(tahun, bulan)
    kepala = Subquery(
        Anggota.objects.filter(
            keluarga=OuterRef("keluarga"),
            hubungan=kode_keluarga.HubunganKK.KEPALA,
            status_hidup=kode_keluarga.StatusHidup.HIDUP,
        ).values("nama")[:1]
    )
    return (
        Keanggotaan.objects.filter(q_terbuka_pada(akhir), kelompok=kelompok)
        .select_related("keluarga__rumah__rt__rw", "anggota__keluarga__rumah__rt__rw")
        .annotate(aktif=hadir_dalam(awal_aktif, akhir, [kelompok.desa_id]), nama_kepala=kepala)
        .order_by("nama_luar", "anggota__nama", "nama_kepala", "pk")
    )


def daftar_undangan(kelompok: Kelompok, tanggal: dt.date) -> QuerySet:
    """Targets in the group's area on the date who are not members of any group of its type:
    families (with `nama_kepala`) or persons — a name list. For UPPKA only the priority
    families: kurang mampu (keluarga.indicators.q_kurang_mampu) with a PUS ber-KB."""
    area = rt_wilayah(Kelompok.objects.filter(pk=kelompok.pk)).get(kelompok.pk, set())
    sudah = Keanggotaan.objects.filter(
        q_terbuka_pada(tanggal), jenis=kelompok.jenis, kelompok__desa_id=kelompok.desa_id
    )
    pend = penduduk(tanggal, [kelompok.desa_id], rt_ids=area).filter(
        q_sasaran(kelompok.jenis, tanggal)
    )
    if kelompok.berbasis_keluarga:
        kepala = Subquery(
            Anggota.objects.filter(
                keluarga=OuterRef("pk"),
                hubungan=kode_keluarga.HubunganKK.KEPALA,
                status_hidup=kode_keluarga.StatusHidup.HIDUP,
            ).values("nama")[:1]
        )
        keluarga = Keluarga.objects.filter(pk__in=pend.values("kel"))
        if kelompok.jenis == J.UPPKA:
            # Every family is a target; invitations go to the priority ones (DOMAIN.md §2):
            # keluarga kurang mampu with a PUS ber-KB (an "akseptor" family).
            ber_kb = ind.pus_pada(tanggal, [kelompok.desa_id]).filter(
                status_kb__in=kode_keluarga.MetodeKB.values
            )
            keluarga = keluarga.filter(ind.q_kurang_mampu(), pk__in=ber_kb.values("kel"))
        return (
            keluarga.exclude(pk__in=sudah.filter(keluarga__isnull=False).values("keluarga_id"))
            .select_related("rumah__rt__rw__dusun")
            .annotate(nama_kepala=kepala)
            .order_by(
                "rumah__rt__rw__dusun__nama", "rumah__rt__rw__nomor", "rumah__rt__nomor", "no_kk"
            )
        )
    return (
        pend.exclude(pk__in=sudah.filter(anggota__isnull=False).values("anggota_id"))
        .select_related("keluarga__rumah__rt__rw__dusun")
        .order_by("tanggal_lahir", "nama", "pk")
    )


def ibu_hamil_wilayah(kelompok: Kelompok, tanggal: dt.date) -> QuerySet[Anggota]:
    """Pregnant women in a posyandu's area: listed separately, not in the participation rate."""
    area = rt_wilayah(Kelompok.objects.filter(pk=kelompok.pk)).get(kelompok.pk, set())
    return (
        ind.penduduk_pada(tanggal, [kelompok.desa_id])
        .filter(rt__in=sorted(area), jenis_kelamin=kode_keluarga.JenisKelamin.PEREMPUAN)
        .filter(ind.hamil_pada(tanggal))
        .select_related("keluarga__rumah__rt__rw")
        .order_by("nama", "pk")
    )
