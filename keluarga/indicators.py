"""Every count definition of DOMAIN.md §2 (except poktan), once, as database queries.

Cut-off dates are computed in Python and compared as dates in SQL, so SQLite and PostgreSQL agree.
Classifications are SQL expressions annotated on querysets; counts come from GROUP BY queries whose
number depends neither on the number of families nor of regions. Nothing loops over people.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.db.models.lookups import Exact

from keluarga import kode, sql_siap
from keluarga.models import (
    Anggota,
    Kehamilan,
    Keluarga,
    Peristiwa,
    PindahRumah,
    Rumah,
    StatusKB,
)

JK = kode.JenisKelamin
SK = kode.StatusKawin
JP = kode.JenisPeristiwa

# --- dates and arithmetic --------------------------------------------------------------------


def tambah_bulan(tanggal: dt.date, bulan: int) -> dt.date:
    """Shift by whole months; a day missing in the target month becomes its last day."""
    total = tanggal.year * 12 + (tanggal.month - 1) + bulan
    tahun, bulan0 = divmod(total, 12)
    hari = min(tanggal.day, calendar.monthrange(tahun, bulan0 + 1)[1])
    return dt.date(tahun, bulan0 + 1, hari)


def batas_umur(acuan: dt.date, *, tahun: int = 0, bulan: int = 0) -> dt.date:
    """Latest birth date of someone aged at least `tahun` years (or `bulan` months) on `acuan`."""
    return tambah_bulan(acuan, -(tahun * 12 + bulan))


def akhir_bulan(tahun: int, bulan: int) -> dt.date:
    return dt.date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])


def persen(pembilang: int | None, penyebut: int | None) -> Decimal | None:
    """One-decimal percentage, ROUND_HALF_UP, from integer counts; None for a zero denominator."""
    if not penyebut or pembilang is None:
        return None
    return (Decimal(pembilang) * 100 / Decimal(penyebut)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


KELOMPOK_UMUR = [f"{5 * i}-{5 * i + 4}" for i in range(15)] + ["75+"]


def _terbuka_pada(tanggal: dt.date, mulai: str = "mulai", selesai: str = "selesai") -> Q:
    """Half-open interval [mulai, selesai) contains the date."""
    return Q(**{f"{mulai}__lte": tanggal}) & (
        Q(**{f"{selesai}__isnull": True}) | Q(**{f"{selesai}__gt": tanggal})
    )


# --- expressions on a member row (Anggota) -----------------------------------------------------


def _peristiwa_terakhir(tanggal: dt.date, jenis: Iterable[str], kolom: str = "jenis"):
    return Subquery(
        Peristiwa.objects.filter(
            anggota=OuterRef("pk"), jenis__in=list(jenis), tanggal__lte=tanggal
        )
        .order_by("-tanggal", "-id")
        .values(kolom)[:1]
    )


def status_kawin_pada(tanggal: dt.date, pindah: Pindahan | None = None):
    """Marital status on a date: the latest marital event on or before it, else the status the
    first later event ended, else the current status (DOMAIN.md §2).

    With `pindah` read for this date (``ada_pindah_setelah``), a member of its desa takes the
    status its ``Pindahan.status_kawin`` worked out by this same rule from the few marital
    events (two subqueries a member otherwise: up to six a woman in hitung_keluarga's pass)."""
    jenis = list(kode.PERISTIWA_STATUS_KAWIN)  # event codes equal the status codes they set
    sesudah = Subquery(
        Peristiwa.objects.filter(anggota=OuterRef("pk"), jenis__in=jenis, tanggal__gt=tanggal)
        .order_by("tanggal", "id")
        .values("status_kawin_lama")[:1]
    )
    menurut_peristiwa = Coalesce(
        _peristiwa_terakhir(tanggal, jenis),
        NullIf(sesudah, Value("")),
        F("status_kawin"),
        output_field=CharField(),
    )
    if pindah is None or pindah.tanggal != tanggal:
        return menurut_peristiwa
    per_status: dict[str, list[int]] = defaultdict(list)
    for anggota_id, status in sorted(pindah.status_kawin.items()):
        per_status[status].append(anggota_id)
    dibaca = Case(
        *[When(pk__in=ids, then=Value(st)) for st, ids in sorted(per_status.items())],
        default=F("status_kawin"),
        output_field=CharField(),
    )
    # A row of another desa (a family's member recorded elsewhere) keeps the subqueries.
    return Case(
        When(desa_id__in=list(pindah.desa_ids), then=dibaca),
        default=menurut_peristiwa,
        output_field=CharField(),
    )


@dataclass(frozen=True)
class Pindahan:
    """Dated moves after a date: who was in another family, which family in another RT, on it.

    Moves are rare, so they are read once into small maps and turned into CASE expressions:
    every other row keeps its current family and RT and its indexes stay usable."""

    kel: dict[int, int]  # member id → family on the date (only where it differs)
    rt_keluarga: dict[int, int]  # family id → RT on the date (only where it differs)
    rt_sekarang: dict[int, int]  # current RT of the families named in `kel`
    # Members of these desa out of the population on the date (their latest presence event on
    # or before it is a move out or a death), read with the moves: the few people a desa-wide
    # population scan excludes by list instead of a correlated subquery per member.
    keluar: frozenset[int] = frozenset()
    # Members of these desa whose marital events decide their status on the date (the rule of
    # status_kawin_pada, worked out from the events read with the moves); the others have their
    # current status on it.
    status_kawin: dict[int, str] = field(default_factory=dict)
    tanggal: dt.date | None = None
    desa_ids: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.kel or self.rt_keluarga)

    def rt_dari_keluarga(self, kel_id: int) -> int | None:
        return self.rt_keluarga.get(kel_id, self.rt_sekarang.get(kel_id))

    def mencakup(self, tanggal: dt.date, desa_ids) -> bool:
        """Whether `keluar` was read for this date and (at least) these desa."""
        return self.tanggal == tanggal and set(desa_ids) <= set(self.desa_ids)

    def kunci(self) -> tuple:
        """Hashable content, for keys of compiled SQL (sql_siap): the maps become CASE terms,
        `keluar` an exclusion list."""
        peta = tuple(
            tuple(sorted(m.items())) for m in (self.kel, self.rt_keluarga, self.rt_sekarang)
        )
        kawin = tuple(sorted(self.status_kawin.items()))
        return (*peta, tuple(sorted(self.keluar)), kawin, self.tanggal, self.desa_ids)


# The answers of ada_pindah_setelah inside a `satu_bacaan` block, by (date, desa ids).
_pindahan_dibaca: ContextVar[dict | None] = ContextVar("pindahan_dibaca", default=None)


@contextmanager
def satu_bacaan():
    """Inside the block, ada_pindah_setelah reads each (date, desa) once: a live report asks for
    the same dated moves from every table (ten times, twenty queries). Only for a read that
    should see one state of the data, such as one report; nested blocks share the outer one."""
    if _pindahan_dibaca.get() is not None:
        yield
        return
    token = _pindahan_dibaca.set({})
    try:
        yield
    finally:
        _pindahan_dibaca.reset(token)


def ada_pindah_setelah(tanggal: dt.date, desa_ids: list[int]) -> Pindahan:
    """The moves between families and houses dated after the date, in these desa (2 queries;
    none when already read in the same `satu_bacaan` block)."""
    dibaca = _pindahan_dibaca.get()
    kunci = (tanggal, tuple(desa_ids))
    if dibaca is not None and kunci in dibaca:
        return dibaca[kunci]
    hasil = _baca_pindahan(tanggal, desa_ids)
    if dibaca is not None:
        dibaca[kunci] = hasil
    return hasil


def _baca_pindahan(tanggal: dt.date, desa_ids: list[int]) -> Pindahan:
    kel: dict[int, int] = {}
    rt_sekarang: dict[int, int] = {}
    keberadaan: dict[int, str] = {}
    kawin_sebelum: dict[int, str] = {}
    kawin_sesudah: dict[int, str | None] = {}
    # One query for all: moves between families after the date, presence events on or before,
    # marital events of any date.
    kawin_kini: dict[int, str] = {}
    for anggota_id, jenis, tgl, asal, rt_asal, kawin_lama, kini in (
        Peristiwa.objects.filter(anggota__desa_id__in=desa_ids)
        .filter(
            Q(jenis=JP.PINDAH_KK, tanggal__gt=tanggal)
            | Q(jenis__in=kode.PERISTIWA_KEBERADAAN, tanggal__lte=tanggal)
            | Q(jenis__in=list(kode.PERISTIWA_STATUS_KAWIN))
        )
        .order_by("anggota_id", "tanggal", "id")
        .values_list(
            "anggota_id",
            "jenis",
            "tanggal",
            "keluarga_asal_id",
            "keluarga_asal__rumah__rt_id",
            "status_kawin_lama",
            "anggota__status_kawin",
        )
    ):
        if jenis in kode.PERISTIWA_STATUS_KAWIN:
            kawin_kini[anggota_id] = kini
            # status_kawin_pada's rule: the latest event on or before the date (the last one
            # read wins), else the status the first later one ended.
            if tgl <= tanggal:
                kawin_sebelum[anggota_id] = jenis
            else:
                kawin_sesudah.setdefault(anggota_id, kawin_lama)
        elif jenis != JP.PINDAH_KK:
            keberadaan[anggota_id] = jenis  # the latest one wins (saring_penduduk's rule)
        elif anggota_id not in kel:  # the first move after the date left the family on it
            kel[anggota_id] = asal
            rt_sekarang[asal] = rt_asal
    status_kawin = {a: lama for a, lama in kawin_sesudah.items() if lama}
    status_kawin.update(kawin_sebelum)
    # Only where the date's status differs from today's: the rest is the SQL's default (the
    # current status), so the lists stay as few as the recent changes, not every event ever
    # recorded (SQLite caps the parameters of a statement).
    status_kawin = {a: st for a, st in status_kawin.items() if st != kawin_kini[a]}
    keluar = frozenset(a for a, j in keberadaan.items() if j != JP.DATANG)
    rt_keluarga: dict[int, int] = {}
    for kel_id, rt_asal in (
        PindahRumah.objects.filter(tanggal__gt=tanggal, keluarga__desa_id__in=desa_ids)
        .order_by("keluarga_id", "tanggal", "id")
        .values_list("keluarga_id", "rumah_asal__rt_id")
    ):
        rt_keluarga.setdefault(kel_id, rt_asal)
    return Pindahan(
        kel,
        rt_keluarga,
        rt_sekarang,
        keluar,
        status_kawin,
        tanggal=tanggal,
        desa_ids=tuple(desa_ids),
    )


def kel_pada(pindah: Pindahan, prefix: str = ""):
    """A member row's family on the date (prefix "anggota__" from a related row)."""
    if not pindah.kel:
        return F(f"{prefix}keluarga_id")
    return Case(
        *[When(**{f"{prefix}pk": m}, then=Value(k)) for m, k in pindah.kel.items()],
        default=F(f"{prefix}keluarga_id"),
        output_field=IntegerField(),
    )


def rt_keluarga_sekarang(ref: str):
    """The current RT of the family in column `ref` of the outer row, as a scalar subquery by
    primary key. A join to keluarga and rumah would do, but PostgreSQL estimates the filters on
    correlated subqueries (population, marital status on D) at 1 row and then joins the whole
    keluarga and rumah tables in nested loops (hitung_kb: 2.4 s instead of 0.17 s at 3,000
    families); a lookup by primary key per counted row has no plan to get wrong."""
    return Subquery(
        Keluarga.objects.filter(pk=OuterRef(ref)).order_by().values("rumah__rt_id")[:1],
        output_field=IntegerField(),
    )


def rt_anggota_pada(pindah: Pindahan, prefix: str = ""):
    """A member row's RT on the date: the RT, on the date, of their family on the date."""
    if not pindah:
        return rt_keluarga_sekarang(f"{prefix}keluarga_id")
    per_anggota = [
        When(**{f"{prefix}pk": m}, then=Value(pindah.rt_dari_keluarga(k)))
        for m, k in pindah.kel.items()
    ]
    per_keluarga = [
        When(**{f"{prefix}keluarga_id": k}, then=Value(r)) for k, r in pindah.rt_keluarga.items()
    ]
    return Case(
        *per_anggota,
        *per_keluarga,
        default=rt_keluarga_sekarang(f"{prefix}keluarga_id"),
        output_field=IntegerField(),
    )


def rt_rumah_sekarang():
    """A family row's current RT, as a scalar subquery by the house's primary key: a join to
    rumah lets PostgreSQL, which estimates a family filter of correlated subqueries at one row,
    nest-loop the whole rumah table per family (1 s for one worklist check of the 100,000-family
    district); see rt_keluarga_sekarang for members."""
    return Subquery(
        Rumah.objects.filter(pk=OuterRef("rumah_id")).order_by().values("rt_id")[:1],
        output_field=IntegerField(),
    )


def rt_keluarga_pada(pindah: Pindahan):
    """A family row's RT on the date: its house's RT, before any later house move."""
    if not pindah.rt_keluarga:
        return rt_rumah_sekarang()
    return Case(
        *[When(pk=k, then=Value(r)) for k, r in pindah.rt_keluarga.items()],
        default=rt_rumah_sekarang(),
        output_field=IntegerField(),
    )


def dengan_rt_pada(
    qs: QuerySet[Keluarga], tanggal: dt.date, pindah: Pindahan | None = None
) -> QuerySet:
    """Annotate families with `rt_p`, the RT of their house on the date."""
    if pindah is None:
        pindah = ada_pindah_setelah(tanggal, list(qs.values_list("desa_id", flat=True).distinct()))
    return qs.annotate(rt_p=rt_keluarga_pada(pindah))


def anggota_keluarga(qs: QuerySet[Anggota], ref: str, pindah: Pindahan) -> QuerySet[Anggota]:
    """Members of the outer row's family (OuterRef(ref)) on the date, found through indexes:
    the family's current members not moved since, plus the few moved ones whose family it was."""
    if not pindah.kel:
        return qs.filter(keluarga_id=OuterRef(ref))
    pindahan = list(pindah.kel)
    return qs.filter(
        Q(keluarga_id=OuterRef(ref)) & ~Q(pk__in=pindahan) | Q(pk__in=pindahan, kel=OuterRef(ref))
    )


def saring_penduduk(qs: QuerySet[Anggota], tanggal: dt.date) -> QuerySet[Anggota]:
    """Keep the members of any queryset who are in the population on the date."""
    keberadaan = _peristiwa_terakhir(tanggal, kode.PERISTIWA_KEBERADAAN)
    return (
        qs.filter(tanggal_lahir__lte=tanggal)
        .alias(ada=keberadaan)
        .filter(Q(ada__isnull=True) | Q(ada=JP.DATANG))
    )


def penduduk_pada(
    tanggal: dt.date,
    desa_ids: list[int],
    *,
    dalam_desa: bool = True,
    pindah: Pindahan | None = None,
) -> QuerySet[Anggota]:
    """Population on a date (DOMAIN.md §2), annotated with kel (family id) and rt (RT id) on it.

    dalam_desa=False leaves out the desa filter, for correlated subqueries that already pin the
    family (so the database looks members up by family, not by scanning the desa). `pindah`
    passes on a known ``ada_pindah_setelah`` to save its queries."""
    if pindah is None:
        pindah = ada_pindah_setelah(tanggal, desa_ids)
    if dalam_desa and pindah.mencakup(tanggal, desa_ids):
        # The same rule as saring_penduduk, with the few people out on the date read already
        # (Pindahan.keluar): a list test instead of a correlated subquery per member.
        qs = Anggota.objects.filter(desa_id__in=desa_ids, tanggal_lahir__lte=tanggal)
        if pindah.keluar:
            qs = qs.exclude(pk__in=sorted(pindah.keluar))
    elif pindah.mencakup(tanggal, desa_ids):
        # Inside a correlated subquery (a family's members, a woman's husband candidates): a
        # member of the desa `keluar` was read for takes the list test too, which saves one
        # presence subquery per member in every family-level count (keluarga_dengan_status
        # checked 10,000 members per pass at 2,700 families). A row of another desa (none
        # while a family's members share its desa) keeps saring_penduduk's subquery; OR
        # evaluates its arms in order on both databases, so that subquery runs for it only.
        ids = list(pindah.desa_ids)
        di_desa = Q(desa_id__in=ids)
        if pindah.keluar:
            di_desa &= ~Q(pk__in=sorted(pindah.keluar))
        qs = (
            Anggota.objects.filter(tanggal_lahir__lte=tanggal)
            .alias(ada=_peristiwa_terakhir(tanggal, kode.PERISTIWA_KEBERADAAN))
            .filter(di_desa | ~Q(desa_id__in=ids) & (Q(ada__isnull=True) | Q(ada=JP.DATANG)))
        )
    else:
        qs = Anggota.objects.filter(desa_id__in=desa_ids) if dalam_desa else Anggota.objects.all()
        qs = saring_penduduk(qs, tanggal)
    return qs.annotate(kel=kel_pada(pindah), rt=rt_anggota_pada(pindah))


def pus(
    qs: QuerySet[Anggota], tanggal: dt.date, pindah: Pindahan | None = None
) -> QuerySet[Anggota]:
    """PUS: women in the population, Kawin on the date, aged 15–49 (DOMAIN.md §2)."""
    return qs.annotate(skp=status_kawin_pada(tanggal, pindah)).filter(
        jenis_kelamin=JK.PEREMPUAN,
        skp=SK.KAWIN,
        tanggal_lahir__lte=batas_umur(tanggal, tahun=15),
        tanggal_lahir__gt=batas_umur(tanggal, tahun=50),
    )


def hamil_pada(tanggal: dt.date, ref: str = "pk"):
    """Exists an open pregnancy on the date: mulai ≤ D < selesai."""
    return Exists(Kehamilan.objects.filter(_terbuka_pada(tanggal), ibu=OuterRef(ref)))


def _status_kb_terbuka(tanggal: dt.date, **filter_):
    return StatusKB.objects.filter(_terbuka_pada(tanggal), **filter_).order_by("-mulai", "-id")


# Which husband relationship pairs with the woman's (head↔istri, female head↔suami, anak↔menantu).
_PASANGAN = [
    (kode.HubunganKK.ISTRI, kode.HubunganKK.KEPALA),
    (kode.HubunganKK.KEPALA, kode.HubunganKK.SUAMI),
    (kode.HubunganKK.ANAK, kode.HubunganKK.MENANTU),
    (kode.HubunganKK.MENANTU, kode.HubunganKK.ANAK),
]


def _kandidat_suami(tanggal: dt.date, pindah: Pindahan) -> QuerySet[Anggota]:
    """The husband candidates of the outer PUS row (its `hubungan_suami` and `kel`): men in the
    population, Kawin on the date, in her family on it, in the paired relationship."""
    kandidat = (
        penduduk_pada(tanggal, list(pindah.desa_ids), dalam_desa=False, pindah=pindah)
        .annotate(skp=status_kawin_pada(tanggal, pindah))
        .filter(jenis_kelamin=JK.LAKI_LAKI, skp=SK.KAWIN, hubungan=OuterRef("hubungan_suami"))
        .order_by()
    )
    return anggota_keluarga(kandidat, "kel", pindah)


def suami_pada(tanggal: dt.date, pindah: Pindahan):
    """On a `dengan_status_kb` row (same date and moves): the id of her paired husband — the
    one whose MOP/Kondom counts for her — when there is exactly one candidate, else null."""
    return Case(
        When(
            Q(hubungan_suami__isnull=False, n_suami=1),
            then=Subquery(_kandidat_suami(tanggal, pindah).values("pk")[:1]),
        ),
        default=Value(None),
        output_field=IntegerField(),
    )


def dengan_status_kb(
    qs: QuerySet[Anggota], tanggal: dt.date, desa_ids: list[int], pindah: Pindahan | None = None
) -> QuerySet:
    """Annotate each PUS with `status_kb` on the date: Hamil; own method; husband's MOP/Kondom
    (exactly one paired husband, in the population and Kawin); own reason; belum terdata."""
    if pindah is None:
        pindah = ada_pindah_setelah(tanggal, desa_ids)
    hubungan_suami = Case(
        *[When(hubungan=w, then=Value(m)) for w, m in _PASANGAN],
        default=Value(None),
        output_field=CharField(),
    )
    kandidat = _kandidat_suami(tanggal, pindah)
    jumlah_kandidat = Subquery(
        kandidat.annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1],
        output_field=IntegerField(),
    )
    metode_suami = Subquery(
        kandidat.annotate(
            m=Subquery(
                _status_kb_terbuka(
                    tanggal, anggota=OuterRef("pk"), metode__in=kode.METODE_PRIA
                ).values("metode")[:1]
            )
        )
        .filter(m__isnull=False)
        .values("m")[:1]
    )
    metode_sendiri = Subquery(
        _status_kb_terbuka(tanggal, anggota=OuterRef("pk"), metode__isnull=False).values("metode")[
            :1
        ]
    )
    alasan_sendiri = Subquery(
        _status_kb_terbuka(tanggal, anggota=OuterRef("pk"), alasan__isnull=False).values("alasan")[
            :1
        ]
    )
    # alias(): inlined into the expression, so the husband lookup runs only where it is needed.
    # The first of these that is known, in this order; COALESCE reads each subquery once (a CASE
    # "WHEN x IS NOT NULL THEN x" runs x twice).
    return qs.alias(
        hubungan_suami=hubungan_suami,
        hamil=hamil_pada(tanggal),
        metode_sendiri=metode_sendiri,
        alasan_sendiri=alasan_sendiri,
        n_suami=jumlah_kandidat,
        metode_suami=metode_suami,
    ).annotate(
        status_kb=Case(
            When(hamil=True, then=Value(kode.StatusKBPada.HAMIL)),
            default=Coalesce(
                F("metode_sendiri"),
                Case(
                    When(Q(hubungan_suami__isnull=False, n_suami=1), then=F("metode_suami")),
                    default=Value(None),
                    output_field=CharField(),
                ),
                F("alasan_sendiri"),
                Value(kode.StatusKBPada.BELUM_TERDATA),
                output_field=CharField(),
            ),
            output_field=CharField(),
        )
    )


def tempat_kb_pada(tanggal: dt.date):
    """On a `dengan_status_kb` row annotated with `suami` (suami_pada): the place of service
    recorded on the method she counts with on the date — her own open method, else her paired
    husband's MOP/Kondom; blank when she is Hamil or has no method."""
    sendiri = _status_kb_terbuka(tanggal, anggota=OuterRef("pk"), metode__isnull=False)
    suami = _status_kb_terbuka(tanggal, anggota=OuterRef("suami"), metode__in=kode.METODE_PRIA)
    return Case(
        When(status_kb=kode.StatusKBPada.HAMIL, then=Value("")),
        When(metode_sendiri__isnull=False, then=Subquery(sendiri.values("tempat_pelayanan")[:1])),
        When(
            Q(status_kb__in=kode.METODE_PRIA, suami__isnull=False),
            then=Subquery(suami.values("tempat_pelayanan")[:1]),
        ),
        default=Value(""),
        output_field=CharField(),
    )


# --- counting ----------------------------------------------------------------------------------


def q_umur(
    tanggal: dt.date, *, min_tahun=None, maks_tahun=None, min_bulan=None, maks_bulan=None
) -> Q:
    """Age between bounds (inclusive, completed years/months) as birth-date comparisons."""
    q = Q()
    if min_tahun is not None:
        q &= Q(tanggal_lahir__lte=batas_umur(tanggal, tahun=min_tahun))
    if maks_tahun is not None:
        q &= Q(tanggal_lahir__gt=batas_umur(tanggal, tahun=maks_tahun + 1))
    if min_bulan is not None:
        q &= Q(tanggal_lahir__lte=batas_umur(tanggal, bulan=min_bulan))
    if maks_bulan is not None:
        q &= Q(tanggal_lahir__gt=batas_umur(tanggal, bulan=maks_bulan + 1))
    return q


def q_balita(d):
    return q_umur(d, maks_bulan=59)


def q_baduta(d):
    return q_umur(d, maks_bulan=23)


def q_anak_usia_bkb(d):
    return q_umur(d, maks_bulan=71)


def q_lansia(d):
    return q_umur(d, min_tahun=60)


def q_wus(d):
    return Q(jenis_kelamin=JK.PEREMPUAN) & q_umur(d, min_tahun=15, maks_tahun=49)


def q_anak_tanpa_akta(d):
    return q_umur(d, maks_tahun=17) & Q(akta_lahir=kode.AktaLahir.TIDAK)


def q_anak_akta_tidak_diketahui(d):
    return q_umur(d, maks_tahun=17) & Q(akta_lahir="")


def q_remaja(d):
    """Remaja: 10–24 years and Belum kawin on the date (needs the `skp` annotation)."""
    return q_umur(d, min_tahun=10, maks_tahun=24) & Q(skp=SK.BELUM_KAWIN)


def _per_rt(rows, kunci: str = "rt") -> dict[int, dict]:
    return {r.pop(kunci): r for r in rows}


def hitung_penduduk(tanggal: dt.date, desa_ids: list[int]) -> dict[int, dict]:
    """Per RT: population by sex and age band, the age groups, ibu hamil and family counts."""
    pindah = ada_pindah_setelah(tanggal, desa_ids)
    kunci = (tanggal, tuple(desa_ids), pindah.kunci())
    hasil: dict[int, dict] = defaultdict(
        lambda: {"L": 0, "P": 0, "umur": {k: {"L": 0, "P": 0} for k in KELOMPOK_UMUR}}
    )

    def per_rt():
        kategori = {
            "balita": q_balita(tanggal),
            "baduta": q_baduta(tanggal),
            "anak_usia_bkb": q_anak_usia_bkb(tanggal),
            "remaja": q_remaja(tanggal),
            "lansia": q_lansia(tanggal),
            "wus": q_wus(tanggal),
            "anak_tanpa_akta": q_anak_tanpa_akta(tanggal),
            "anak_akta_tidak_diketahui": q_anak_akta_tidak_diketahui(tanggal),
            "ibu_hamil": Q(jenis_kelamin=JK.PEREMPUAN, hamil=True),
            "pengguna_bpjs": Q(jkn__in=[kode.JKN.PBI, kode.JKN.NON_PBI]),
        }
        agregat = {k: Count("pk", filter=q) for k, q in kategori.items()}
        agregat["keluarga"] = Count("kel", distinct=True)
        for k in ("balita", "baduta", "remaja", "lansia"):
            agregat[f"keluarga_dengan_{k}"] = Count("kel", distinct=True, filter=kategori[k])
        # Sex by age band in the same pass (each member's RT on the date is the costly part
        # of a pass, a subquery per member): band i is 5i to 5i+4 completed years, 75+ last.
        for i, _nama in enumerate(KELOMPOK_UMUR):
            umur = q_umur(tanggal, min_tahun=5 * i, maks_tahun=None if i == 15 else 5 * i + 4)
            for jk in (JK.LAKI_LAKI, JK.PEREMPUAN):
                agregat[f"umur_{i}_{jk}"] = Count("pk", filter=umur & Q(jenis_kelamin=jk))
        return (
            penduduk_pada(tanggal, desa_ids, pindah=pindah)
            .alias(skp=status_kawin_pada(tanggal, pindah), hamil=hamil_pada(tanggal))
            .values("rt")
            .annotate(**agregat)
            .order_by()
        )

    for rt, r in _per_rt(sql_siap.baris(("penduduk_rt", *kunci), per_rt)).items():
        h = hasil[rt]
        for i, nama in enumerate(KELOMPOK_UMUR):
            for jk in (JK.LAKI_LAKI, JK.PEREMPUAN):
                n = r.pop(f"umur_{i}_{jk}")
                h["umur"][nama][jk] += n
                h[jk] += n
        h.update(r)
    return dict(hasil)


def pus_pada(
    tanggal: dt.date, desa_ids: list[int], pindah: Pindahan | None = None
) -> QuerySet[Anggota]:
    """PUS on the date with `status_kb`, `kel` and `rt` annotations."""
    if pindah is None:
        pindah = ada_pindah_setelah(tanggal, desa_ids)
    return dengan_status_kb(
        pus(penduduk_pada(tanggal, desa_ids, pindah=pindah), tanggal, pindah),
        tanggal,
        desa_ids,
        pindah,
    )


def niat_pada(tanggal: dt.date):
    """On a PUS row: the fertility intention recorded with her own method open on the date (the
    episode `dengan_status_kb` reads her method from); only a MAL or traditional episode has one
    (kode.METODE_NIAT), so it places exactly the PUS whose status is one of those."""
    return Subquery(
        _status_kb_terbuka(tanggal, anggota=OuterRef("pk"), metode__isnull=False).values("niat")[:1]
    )


NIAT_KOSONG = "tanpa_niat"


def hitung_kb(tanggal: dt.date, desa_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per RT: PUS by KB status on the date (the StatusKBPada codes)."""
    return hitung_kb_rinci(tanggal, desa_ids)[0]


def hitung_kb_rinci(
    tanggal: dt.date, desa_ids: list[int]
) -> tuple[dict[int, dict[str, int]], dict[int, dict[str, dict[str, int]]]]:
    """Per RT: PUS by KB status on the date (as `hitung_kb`), and, in the same query, the PUS on
    MAL or a traditional method by their fertility intention: {rt: {"mal": {"ias": n, "iat": n,
    "tial": n, "tanpa_niat": n}, "tradisional": {...}}} (the Kampung KB portal's placement)."""
    hasil: dict[int, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(kode.StatusKBPada.values, 0)
    )
    niat: dict[int, dict[str, dict[str, int]]] = defaultdict(
        lambda: {
            m: dict.fromkeys([*kode.AlasanTidakKB.values, NIAT_KOSONG], 0) for m in kode.METODE_NIAT
        }
    )
    pindah = ada_pindah_setelah(tanggal, desa_ids)
    for r in sql_siap.baris(
        ("kb", tanggal, tuple(desa_ids), pindah.kunci()),
        lambda: (
            pus_pada(tanggal, desa_ids, pindah)
            .annotate(niat_kb=niat_pada(tanggal))
            .values("rt", "status_kb", "niat_kb")
            .annotate(n=Count("pk"))
            .order_by()
        ),
    ):
        hasil[r["rt"]][r["status_kb"]] += r["n"]
        if r["status_kb"] in kode.METODE_NIAT:
            niat[r["rt"]][r["status_kb"]][r["niat_kb"] or NIAT_KOSONG] += r["n"]
    return dict(hasil), {rt: niat[rt] for rt in hasil}


def hitung_pb(awal: dt.date, akhir: dt.date, desa_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per RT (the member's RT on `akhir`): KB episodes marked baru starting within [awal, akhir]."""
    hasil: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(kode.MetodeKB.values, 0))
    rows = (
        StatusKB.objects.filter(
            baru=True,
            metode__isnull=False,
            mulai__gte=awal,
            mulai__lte=akhir,
            anggota__desa_id__in=desa_ids,
        )
        .values(rt=rt_anggota_pada(ada_pindah_setelah(akhir, desa_ids), "anggota__"), m=F("metode"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    for r in rows:
        hasil[r["rt"]][r["m"]] += r["n"]
    return dict(hasil)


def ringkas_kb(s: dict[str, int]) -> dict:
    """KB block from PUS counts by status: PA by method, MKJP, tidak ber-KB, rates (DOMAIN.md §2)."""
    metode = {m: s.get(m, 0) for m in kode.MetodeKB.values}
    pa = sum(metode.values())
    tidak = {k: s.get(k, 0) for k in ("hamil", "ias", "iat", "tial")}
    belum = s.get(kode.StatusKBPada.BELUM_TERDATA, 0)
    jumlah_pus = pa + sum(tidak.values()) + belum
    mkjp = sum(metode[m] for m in kode.METODE_MKJP)
    return {
        "pus": jumlah_pus,
        "peserta_aktif": {**metode, "total": pa},
        "mkjp": mkjp,
        "non_mkjp": sum(metode[m] for m in kode.METODE_NON_MKJP),
        "tidak_kb": tidak,
        "belum_terdata": belum,
        "cpr": persen(pa, jumlah_pus),
        "mcpr": persen(sum(metode[m] for m in kode.METODE_MODERN), jumlah_pus),
        "cpr_7_cara": persen(sum(metode[m] for m in kode.METODE_7_CARA), jumlah_pus),
        "mkjp_persen": persen(mkjp, pa),
        "unmet_need_persen": persen(tidak["iat"] + tidak["tial"], jumlah_pus),
    }


class TanggalAngka(Func):
    """A date as the integer YYYYMMDD, for comparisons after month arithmetic in SQL.

    Native on both databases: Django's Extract* run a Python callback per row on SQLite, which
    was a quarter of the data-quality worklist's time at 3,000 families."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite keeps a date as the text 'YYYY-MM-DD'.
        return self.as_sql(
            compiler, connection, template="CAST(REPLACE(%(expressions)s, '-', '') AS INTEGER)"
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(TO_CHAR(%(expressions)s, 'YYYYMMDD') AS INTEGER)"
        )


def air_layak() -> list[str]:
    """The drinking-water sources that count as proper for KRS (setting AIR_LAYAK; default
    BKKBN's operational list kode.AIR_LAYAK_BKKBN)."""
    return list(settings.RUMAHDATAKU.get("AIR_LAYAK", kode.AIR_LAYAK_BKKBN))


def _perempuan_sasaran(
    tanggal: dt.date, desa_ids: list[int], pindah: Pindahan
) -> QuerySet[Anggota]:
    """Women whose risks count for KRS: PUS or pregnant on the date, with `skp`, `hamil` aliases."""
    return (
        penduduk_pada(tanggal, desa_ids, dalam_desa=False, pindah=pindah)
        .filter(jenis_kelamin=JK.PEREMPUAN)
        .alias(skp=status_kawin_pada(tanggal, pindah), hamil=hamil_pada(tanggal))
        .filter(Q(hamil=True) | Q(skp=SK.KAWIN) & q_umur(tanggal, min_tahun=15, maks_tahun=49))
    )


def q_risiko_perempuan(tanggal: dt.date) -> Q:
    """The woman-level KRS risks on a `_perempuan_sasaran` row (DOMAIN.md §2)."""
    conf = settings.RUMAHDATAKU
    tua_min, tua_maks = conf["KRS_TERLALU_TUA"]
    terlalu_muda = Q(skp=SK.KAWIN) | Q(hamil=True)
    terlalu_muda &= q_umur(tanggal, maks_tahun=conf["KRS_TERLALU_MUDA_DI_BAWAH"] - 1)
    terlalu_tua = Q(skp=SK.KAWIN) & q_umur(
        tanggal, min_tahun=max(15, tua_min), maks_tahun=min(49, tua_maks)
    )
    # Last two distinct birth dates of her children (twins are one birth) < 24 completed months.
    terlalu_dekat = Q(lahir_sebelum_angka__gt=F("batas_dekat"))
    terlalu_banyak = Q(jumlah_anak_hidup__gt=3) | Q(
        jumlah_anak_hidup__isnull=True, anak_hidup__gt=3
    )
    return terlalu_muda | terlalu_tua | terlalu_dekat | terlalu_banyak


def anak_hidup_pada(tanggal: dt.date) -> QuerySet[Anggota]:
    """The outer woman's linked children born on or before the date and not dead on it."""
    meninggal = Peristiwa.objects.filter(
        anggota=OuterRef("pk"), jenis=JP.MENINGGAL, tanggal__lte=tanggal
    )
    return Anggota.objects.filter(ibu=OuterRef("pk"), tanggal_lahir__lte=tanggal).filter(
        ~Exists(meninggal)
    )


def jumlah_anak_hidup_pada(tanggal: dt.date):
    """A woman's living children on the date (DOMAIN.md §2, *terlalu banyak*): her recorded
    count if present, else her linked children alive."""
    return Coalesce(
        F("jumlah_anak_hidup"),
        Subquery(
            anak_hidup_pada(tanggal)
            .order_by()
            .annotate(n=Func(F("pk"), function="COUNT"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
    )


def _dengan_data_kelahiran(qs: QuerySet[Anggota], tanggal: dt.date) -> QuerySet[Anggota]:
    anak = Anggota.objects.filter(ibu=OuterRef("pk"), tanggal_lahir__lte=tanggal).order_by(
        "-tanggal_lahir"
    )
    lahir_akhir = Subquery(anak.values("tanggal_lahir")[:1])
    # The same "last birth" one level deeper: OuterRef(OuterRef) still points at the woman.
    lahir_akhir_dalam = Subquery(
        Anggota.objects.filter(ibu=OuterRef(OuterRef("pk")), tanggal_lahir__lte=tanggal)
        .order_by("-tanggal_lahir")
        .values("tanggal_lahir")[:1]
    )
    lahir_sebelum = Subquery(
        Anggota.objects.filter(ibu=OuterRef("pk"), tanggal_lahir__lt=lahir_akhir_dalam)
        .order_by("-tanggal_lahir")
        .values("tanggal_lahir")[:1]
    )
    anak_hidup = Subquery(
        anak_hidup_pada(tanggal)
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")[:1],
        output_field=IntegerField(),
    )
    # Completed months between the births < 24 ⇔ the earlier birth is after (later birth − 24
    # months), the DOMAIN.md age rule. As YYYYMMDD that is later − 20000, except 29 Feb, which
    # clamps to 28 Feb (one less).
    return qs.alias(
        lahir_akhir_angka=TanggalAngka(lahir_akhir),
        lahir_sebelum_angka=TanggalAngka(lahir_sebelum),
        anak_hidup=anak_hidup,
    ).alias(
        batas_dekat=ExpressionWrapper(
            F("lahir_akhir_angka")
            - 20000
            - Case(
                When(Exact(F("lahir_akhir_angka") % 10000, 229), then=Value(1)), default=Value(0)
            ),
            output_field=IntegerField(),
        ),
    )


def keluarga_dengan_status(
    tanggal: dt.date, desa_ids: list[int], pindah: Pindahan | None = None
) -> QuerySet[Keluarga]:
    """Families with at least one member in the population on the date, annotated with `rt_p`,
    `sasaran` (KRS target), `berisiko` (at least one known risk) and `data_kurang` (unknown
    water or toilet). KRS = sasaran & berisiko; data KRS belum lengkap = sasaran & ~berisiko &
    data_kurang (DOMAIN.md §2)."""
    if pindah is None:
        pindah = ada_pindah_setelah(tanggal, desa_ids)
    pend = penduduk_pada(tanggal, desa_ids, dalam_desa=False, pindah=pindah)
    anggota_kel = anggota_keluarga(pend, "pk", pindah)
    perempuan = anggota_keluarga(_perempuan_sasaran(tanggal, desa_ids, pindah), "pk", pindah)
    sasaran = Exists(perempuan) | Exists(anggota_kel.filter(q_balita(tanggal)))
    air_buruk = ~Q(sumber_air="") & ~Q(sumber_air__in=air_layak())
    jamban_buruk = ~Q(jamban="") & ~Q(jamban__in=kode.JAMBAN_LAYAK)
    risiko_perempuan = Exists(
        _dengan_data_kelahiran(perempuan, tanggal).filter(q_risiko_perempuan(tanggal))
    )
    qs = Keluarga.objects.filter(desa_id__in=desa_ids).filter(Exists(anggota_kel))
    qs = qs.annotate(rt_p=rt_keluarga_pada(pindah))
    return qs.annotate(
        sasaran=ExpressionWrapper(sasaran, output_field=BooleanField()),
        berisiko=ExpressionWrapper(
            Q(air_buruk) | Q(jamban_buruk) | Q(risiko_perempuan), output_field=BooleanField()
        ),
        data_kurang=ExpressionWrapper(Q(sumber_air="") | Q(jamban=""), output_field=BooleanField()),
    )


def hitung_keluarga(
    tanggal: dt.date,
    desa_ids: list[int],
    *,
    tambahan: dict[str, Callable[..., tuple[dict, Q]]] | None = None,
) -> dict[int, dict]:
    """Per RT: KRS, data KRS belum lengkap, kurang mampu and Tahapan KS of families on the date.

    `tambahan` names more conditions on the same family rows, each ``(tanggal, desa_ids,
    pindah) -> (aliases, Q)`` (the worklist's family checks, keluarga.kualitas.SYARAT_KELUARGA):
    counted per RT under their names in this pass, so that a report makes one pass over its
    families (each family's members on the date looked up once), not two."""
    tambahan = tambahan or {}
    hasil: dict[int, dict] = defaultdict(
        lambda: {
            "sasaran_krs": 0,
            "krs": 0,
            "krs_data_belum_lengkap": 0,
            "kurang_mampu": 0,
            "tahapan_ks": dict.fromkeys(kode.TahapanKS.values, 0),
            **dict.fromkeys(tambahan, 0),
        }
    )
    pindah = ada_pindah_setelah(tanggal, desa_ids)

    def per_kelompok():
        alias, tanda = {}, {}
        for k, syarat in tambahan.items():
            a, q = syarat(tanggal, desa_ids, pindah)
            alias.update(a)
            tanda[f"tambahan_{k}"] = ExpressionWrapper(q, output_field=BooleanField())
        kolom = ["rt_p", "sasaran", "berisiko", "data_kurang", "tahapan_ks", "penerima_bansos"]
        return (
            keluarga_dengan_status(tanggal, desa_ids, pindah)
            .alias(**alias)
            .annotate(**tanda)
            .values(*kolom, *tanda)
            .annotate(n=Count("pk"))
            .order_by()
        )

    rows = sql_siap.baris(
        ("keluarga", tanggal, tuple(desa_ids), pindah.kunci(), tuple(tambahan)), per_kelompok
    )
    # Flags are read as truth values: SQLite returns booleans as 0/1 on this path.
    for r in rows:
        h, n = hasil[r["rt_p"]], r["n"]
        h["tahapan_ks"][r["tahapan_ks"]] += n
        # Same rule as q_kurang_mampu(), applied to the grouped row.
        if r["penerima_bansos"] or r["tahapan_ks"] in (kode.TahapanKS.PRA_S, kode.TahapanKS.KS_1):
            h["kurang_mampu"] += n
        if r["sasaran"]:
            h["sasaran_krs"] += n
            if r["berisiko"]:
                h["krs"] += n
            elif r["data_kurang"]:
                h["krs_data_belum_lengkap"] += n
        for k in tambahan:
            if r[f"tambahan_{k}"]:
                h[k] += n
    return dict(hasil)


# --- population flow ---------------------------------------------------------------------------


def hitung_mutasi(
    awal: dt.date,
    akhir: dt.date,
    desa_ids: list[int],
    rt_ids: list[int] | None = None,
    *,
    akhir_diketahui: dict[str, int] | None = None,
) -> dict[str, dict[str, int]]:
    """Population flow over [awal, akhir] by sex: awal (population on the day before), lahir,
    datang, meninggal, pindah, akhir. Counts only events that change whether someone is in the
    population, so awal + lahir + datang − meninggal − pindah = akhir exactly.

    With `rt_ids` (an area inside the desa): awal and akhir count the area's population on
    each date; births and events count people whose RT at the month's end is in the area; and
    `pindah_antar_wilayah` (net, may be negative) holds the moves between the area and the rest
    of the desa, so the flow still balances (docs/DEFINISI.md).

    `akhir_diketahui` ({"L", "P"}) is the population on `akhir` by sex when the caller has it
    already (the report's table 1, same definition and area): it is not counted again."""
    nol = lambda: {"L": 0, "P": 0}  # noqa: E731
    hasil = {k: nol() for k in ("awal", "lahir", "datang", "meninggal", "pindah", "akhir")}
    sehari_sebelum = awal - dt.timedelta(days=1)
    hitung = {"awal": sehari_sebelum, "akhir": akhir}
    if akhir_diketahui is not None:
        hasil["akhir"] = {jk: akhir_diketahui.get(jk, 0) for jk in ("L", "P")}
        del hitung["akhir"]
    for kunci, tgl in hitung.items():
        # Each date's moves are read by penduduk_pada; inside ind.satu_bacaan (a live report)
        # the month-end ones are read once for this and the area's event RTs below.
        pend = penduduk_pada(tgl, desa_ids)
        if rt_ids is not None:
            pend = pend.filter(rt__in=rt_ids)
        for r in pend.values("jenis_kelamin").annotate(n=Count("pk")).order_by():
            hasil[kunci][r["jenis_kelamin"]] = r["n"]
    pindah_akhir = ada_pindah_setelah(akhir, desa_ids) if rt_ids is not None else None
    lahir = Anggota.objects.filter(
        desa_id__in=desa_ids, tanggal_lahir__gte=awal, tanggal_lahir__lte=akhir
    )
    if rt_ids is not None:
        lahir = lahir.alias(rt_a=rt_anggota_pada(pindah_akhir)).filter(rt_a__in=rt_ids)
    for r in lahir.values("jenis_kelamin").annotate(n=Count("pk")).order_by():
        hasil["lahir"][r["jenis_kelamin"]] = r["n"]
    sebelumnya = Subquery(
        Peristiwa.objects.filter(anggota=OuterRef("anggota"), jenis__in=kode.PERISTIWA_KEBERADAAN)
        .filter(
            Q(tanggal__lt=OuterRef("tanggal"))
            | Q(tanggal=OuterRef("tanggal"), pk__lt=OuterRef("pk"))
        )
        .order_by("-tanggal", "-id")
        .values("jenis")[:1]
    )
    keluar = [JP.PINDAH_KELUAR, JP.MENINGGAL]
    efektif = (
        Peristiwa.objects.filter(
            anggota__desa_id__in=desa_ids,
            jenis__in=kode.PERISTIWA_KEBERADAAN,
            tanggal__gte=awal,
            tanggal__lte=akhir,
        )
        .alias(sebelumnya=sebelumnya)
        .filter(
            # An exit counts when the person was in before it; an arrival when they were out.
            Q(jenis__in=keluar) & (Q(sebelumnya__isnull=True) | Q(sebelumnya=JP.DATANG))
            | Q(jenis=JP.DATANG, sebelumnya__in=keluar)
        )
    )
    if rt_ids is not None:
        efektif = efektif.alias(rt_a=rt_anggota_pada(pindah_akhir, "anggota__")).filter(
            rt_a__in=rt_ids
        )
    efektif = (
        efektif.values("jenis", jk=F("anggota__jenis_kelamin")).annotate(n=Count("pk")).order_by()
    )
    nama = {JP.DATANG: "datang", JP.MENINGGAL: "meninggal", JP.PINDAH_KELUAR: "pindah"}
    for r in efektif:
        hasil[nama[r["jenis"]]][r["jk"]] += r["n"]
    if rt_ids is not None:
        h = hasil
        hasil["pindah_antar_wilayah"] = {
            jk: h["akhir"][jk] - h["awal"][jk] - h["lahir"][jk] - h["datang"][jk]
            + h["meninggal"][jk] + h["pindah"][jk]
            for jk in ("L", "P")
        }  # fmt: skip
    for v in hasil.values():
        v["total"] = v["L"] + v["P"]
    return hasil


def jumlahkan(bagian: Iterable[dict]) -> dict:
    """Deep sum of count dicts (per-RT rows → a region's total); non-numbers are skipped."""
    total: dict = {}
    for d in bagian:
        for k, v in d.items():
            if isinstance(v, dict):
                total[k] = jumlahkan([total.get(k, {}), v])
            elif isinstance(v, int) and not isinstance(v, bool):
                total[k] = total.get(k, 0) + v
    return total


# --- families by flag (lists, filters, name lists) ---------------------------------------------

TANDA_KELUARGA = {
    "pus": "punya PUS",
    "unmet_need": "PUS unmet need",
    "belum_terdata": "PUS belum terdata",
    "balita": "punya balita",
    "ibu_hamil": "ada ibu hamil",
    "krs": "keluarga berisiko stunting",
    "kurang_mampu": "keluarga kurang mampu",
    "belum_diverifikasi": "belum diverifikasi 12 bulan",
}


def keluarga_dengan_tanda(tanda: str, tanggal: dt.date, desa_ids: list[int]) -> QuerySet:
    """Ids of families with a flag on the date, from the same definitions as the report."""
    st = kode.StatusKBPada
    if tanda == "pus":
        return pus_pada(tanggal, desa_ids).values("kel")
    if tanda == "unmet_need":
        return pus_pada(tanggal, desa_ids).filter(status_kb__in=[st.IAT, st.TIAL]).values("kel")
    if tanda == "belum_terdata":
        return pus_pada(tanggal, desa_ids).filter(status_kb=st.BELUM_TERDATA).values("kel")
    if tanda == "balita":
        return penduduk_pada(tanggal, desa_ids).filter(q_balita(tanggal)).values("kel")
    if tanda == "ibu_hamil":
        return (
            penduduk_pada(tanggal, desa_ids)
            .filter(jenis_kelamin=JK.PEREMPUAN)
            .filter(hamil_pada(tanggal))
            .values("kel")
        )
    if tanda == "krs":
        return (
            keluarga_dengan_status(tanggal, desa_ids)
            .filter(sasaran=True, berisiko=True)
            .values("pk")
        )
    if tanda == "kurang_mampu":
        return Keluarga.objects.filter(desa_id__in=desa_ids).filter(q_kurang_mampu()).values("pk")
    if tanda == "belum_diverifikasi":
        batas = tambah_bulan(tanggal, -settings.RUMAHDATAKU["VERIFIKASI_BULAN"])
        return (
            Keluarga.objects.filter(desa_id__in=desa_ids)
            .filter(Q(terakhir_diverifikasi__isnull=True) | Q(terakhir_diverifikasi__lt=batas))
            .values("pk")
        )
    raise ValueError(tanda)


def q_kurang_mampu() -> Q:
    """Keluarga kurang mampu: Pra-S or KS I, or a social-assistance recipient."""
    return Q(penerima_bansos=True) | Q(tahapan_ks__in=[kode.TahapanKS.PRA_S, kode.TahapanKS.KS_1])
