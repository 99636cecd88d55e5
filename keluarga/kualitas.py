"""The data-quality worklist (DOMAIN.md §5, table 8), from the definitions of indicators.py.

Each check is a function ``(tanggal, desa_ids, rt_ids=None, *, pindah=None) -> QuerySet`` of the
offending rows on the reference date, inside the desa ids and, for a kader, the RT ids (the RT on
the date). Member checks return `Anggota` rows of the population on the date (annotated `kel`
and `rt`); family checks return `Keluarga` rows of families with a member in the population on
the date (annotated `rt_p`). `pindah` passes on a known answer of ``ind.ada_pindah_setelah`` and
`keluarga_qs` a ready ``ind.keluarga_dengan_status`` for the same date and desa, so that
`semua_cek` builds them once. Each check is written once, as a condition on a population or family
row (`Syarat`): the list functions filter by it, and `hitung_semua` counts every condition in one
pass over the population and one over the families. The exact definitions are in
docs/DEFINISI.md (section "Kualitas data").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

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
from django.db.models.functions import Substr
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _

from keluarga import indicators as ind
from keluarga import kode, sql_siap
from keluarga.models import Anggota, Kehamilan, StatusKB

JK = kode.JenisKelamin

# A mother younger than this (completed years) at her child's birth is a data error.
IBU_UMUR_MIN = 12


def _pindah(tanggal: dt.date, desa_ids: list[int], pindah: bool | None) -> bool:
    return ind.ada_pindah_setelah(tanggal, desa_ids) if pindah is None else pindah


def _penduduk(tanggal, desa_ids, rt_ids, pindah) -> QuerySet:
    """Members in the population on the date, inside the kader's RTs (RT on the date)."""
    qs = ind.penduduk_pada(tanggal, desa_ids, pindah=_pindah(tanggal, desa_ids, pindah))
    return qs if rt_ids is None else qs.filter(rt__in=rt_ids)


def _keluarga(tanggal, desa_ids, rt_ids, keluarga_qs, pindah=None) -> QuerySet:
    """Families with a member in the population on the date (ind.keluarga_dengan_status),
    unless the caller hands one in to share between checks."""
    if keluarga_qs is None:
        keluarga_qs = ind.keluarga_dengan_status(tanggal, desa_ids, pindah)
    return keluarga_qs if rt_ids is None else keluarga_qs.filter(rt_p__in=rt_ids)


# --- member checks -----------------------------------------------------------------------------


def pus_belum_terdata(tanggal, desa_ids, rt_ids=None, *, pindah=None, keluarga_qs=None) -> QuerySet:
    """PUS whose KB status on the date is belum terdata."""
    pindah = _pindah(tanggal, desa_ids, pindah)
    qs = ind.pus_pada(tanggal, desa_ids, pindah).filter(status_kb=kode.StatusKBPada.BELUM_TERDATA)
    return qs if rt_ids is None else qs.filter(rt__in=rt_ids)


def mal_tradisional_tanpa_niat(
    tanggal, desa_ids, rt_ids=None, *, pindah=None, keluarga_qs=None
) -> QuerySet:
    """PUS on MAL or a traditional method on the date without a fertility intention (IAS, IAT,
    TIAL): the Kampung KB portal knows only 7 methods and places them by it (OFFICIAL.md §1)."""
    pindah = _pindah(tanggal, desa_ids, pindah)
    qs = (
        ind.pus_pada(tanggal, desa_ids, pindah)
        .annotate(niat_kb=ind.niat_pada(tanggal))
        .filter(status_kb__in=kode.METODE_NIAT, niat_kb__isnull=True)
    )
    return qs if rt_ids is None else qs.filter(rt__in=rt_ids)


class NikHarapan(Func):
    """NIK digits 7–12 implied by the birth date and sex: DD (+40 for women), MM, YY, as text.

    Written per database with its own date formatting: the same digits built through
    ind.TanggalAngka, arithmetic and LPAD took three TO_CHAR calls a member on PostgreSQL, a
    quarter of the worklist's member pass."""

    output_field = CharField()

    def __init__(self, **extra):
        super().__init__(F("tanggal_lahir"), F("jenis_kelamin"), **extra)

    def _sql(self, compiler, connection, hari, bulan_tahun, hari_tahun):
        (lahir, p1), (jk, p2) = (compiler.compile(e) for e in self.source_expressions)
        sql = (
            f"(CASE WHEN {jk} = %s THEN CAST(CAST({hari} AS INTEGER) + 40 AS TEXT) || {bulan_tahun}"
            f" ELSE {hari_tahun} END)"
        )
        # Placeholders in order: the sex's, then the date's as often as it is named.
        n = sql.count("{lahir}")
        return sql.replace("{lahir}", lahir), (*p2, JK.PEREMPUAN, *(list(p1) * n))

    def as_postgresql(self, compiler, connection, **extra):
        return self._sql(
            compiler,
            connection,
            "TO_CHAR({lahir}, 'DD')",
            "TO_CHAR({lahir}, 'MMYY')",
            "TO_CHAR({lahir}, 'DDMMYY')",
        )

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite keeps a date as the text 'YYYY-MM-DD' (as ind.TanggalAngka reads it).
        return self._sql(
            compiler,
            connection,
            "SUBSTR({lahir}, 9, 2)",
            "SUBSTR({lahir}, 6, 2) || SUBSTR({lahir}, 3, 2)",
            "SUBSTR({lahir}, 9, 2) || SUBSTR({lahir}, 6, 2) || SUBSTR({lahir}, 3, 2)",
        )


class Angka16(Func):
    """True when the text is exactly 16 ASCII digits. GLOB on SQLite, whose REGEXP is a Python
    callback per row (15 ms of the worklist at 3,000 families); on PostgreSQL its length and a
    regex without a bounded repeat (``{16}`` made the regex a third of the member pass)."""

    output_field = BooleanField()

    def as_sqlite(self, compiler, connection, **extra):
        pola = "[0-9]" * 16
        return self.as_sql(compiler, connection, template=f"(%(expressions)s GLOB '{pola}')")

    def as_postgresql(self, compiler, connection, **extra):
        teks, params = compiler.compile(self.source_expressions[0])
        return f"(LENGTH({teks}) = 16 AND {teks} ~ '^[0-9]+$')", (*params, *params)


# A check is a condition on a population row (`_penduduk`) or a family row (`_keluarga`),
# ``(tanggal, desa_ids, pindah) -> Syarat``: the aliases it needs (names unique across checks)
# and a Q. `hitung_semua` counts each kind in one pass; `_cek` turns one into its list of rows.
Syarat = tuple[dict, Q]


def _cek(syarat: Callable[..., Syarat], tingkat: str) -> Callable[..., QuerySet]:
    """The rows of a check: the population ("anggota") or the families ("keluarga") on the date
    that meet its condition, with the condition's values annotated (e.g. `jumlah_kepala`)."""

    def fungsi(tanggal, desa_ids, rt_ids=None, *, pindah=None, keluarga_qs=None) -> QuerySet:
        pindah = _pindah(tanggal, desa_ids, pindah)
        alias, q = syarat(tanggal, desa_ids, pindah)
        if tingkat == "anggota":
            dasar = _penduduk(tanggal, desa_ids, rt_ids, pindah)
        else:
            dasar = _keluarga(tanggal, desa_ids, rt_ids, keluarga_qs, pindah)
        return dasar.annotate(**alias).filter(q)

    fungsi.__doc__ = syarat.__doc__
    return fungsi


def syarat_nik_tidak_cocok(tanggal, desa_ids, pindah) -> Syarat:
    """Members whose NIK (16 digits) has birth-date/sex digits that disagree with the record.

    Compared as strings, so a malformed NIK never makes PostgreSQL fail on a cast; a NIK that is
    not 16 ASCII digits is skipped, as validators.nik_cocok does."""
    alias = {
        "nik_16": Angka16("nik"),
        "nik_tgl": Substr("nik", 7, 6),
        "nik_hrp": NikHarapan(),
    }
    return alias, Q(nik_16=True) & ~Q(nik_tgl=F("nik_hrp"))


def syarat_kemungkinan_ganda(tanggal, desa_ids, pindah) -> Syarat:
    """Members sharing a (non-empty) normalised name and birth date with another member of the
    population: every person of such a group is a row (people, not pairs)."""
    # Namesakes anywhere in the database (one person registered in two desa is a duplicate
    # too), found through anggota_nama_lahir_idx; a desa filter here made SQLite scan the desa
    # by birth date instead (20 s at 3,000 families).
    sama = ind.saring_penduduk(
        Anggota.objects.filter(
            nama_normal=OuterRef("nama_normal"), tanggal_lahir=OuterRef("tanggal_lahir")
        ),
        tanggal,
    ).order_by()

    # A scalar COUNT (the row itself included) rather than EXISTS: PostgreSQL may turn an EXISTS
    # into a semi-join that compares every pair of people; this stays one index lookup per row
    # (anggota_nama_lahir_idx).
    def jumlah(qs):
        return Subquery(
            qs.annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1],
            output_field=IntegerField(),
        )

    # Most people have no namesake at all: the index-only count decides, and only a row with one
    # pays for the population test of its namesakes (CASE evaluates lazily on both databases).
    # All rows (Anggota.semua, merged-away ones too): the index alone answers, no table read.
    mentah = Anggota.semua.filter(
        nama_normal=OuterRef("nama_normal"), tanggal_lahir=OuterRef("tanggal_lahir")
    ).order_by()
    alias = {
        "jumlah_sama": Case(
            When(Q(GreaterThan(jumlah(mentah), 1)), then=jumlah(sama)),
            default=Value(0),
            output_field=IntegerField(),
        )
    }
    return alias, ~Q(nama_normal="") & Q(jumlah_sama__gt=1)


def _ibu_dengan_kehamilan(*syarat: Q) -> QuerySet:
    """Ids of the women with a pregnancy meeting `syarat`, for an IN test on a member row (the
    same as EXISTS on her pregnancies). The member pass has no GROUP BY, so PostgreSQL plans
    each subquery in its counts as run once and probed the pregnancies per member (10,000
    times a check); this list is read once and hashed. Pregnancies are few (no desa filter:
    a join to the members to bound it cost more than the whole table)."""
    return Kehamilan.objects.filter(*syarat).values("ibu_id")


def syarat_laki_laki_data_kb_perempuan(tanggal, desa_ids, pindah) -> Syarat:
    """Men with a pregnancy record, or a KB status other than MOP/Kondom (a woman's method or
    any reason), starting on or before the date."""
    kehamilan = _ibu_dengan_kehamilan(Q(mulai__lte=tanggal))
    status_perempuan = StatusKB.objects.filter(anggota=OuterRef("pk"), mulai__lte=tanggal).filter(
        Q(alasan__isnull=False) | (Q(metode__isnull=False) & ~Q(metode__in=kode.METODE_PRIA))
    )
    return {}, Q(jenis_kelamin=JK.LAKI_LAKI) & (Q(pk__in=kehamilan) | Q(Exists(status_perempuan)))


def syarat_metode_saat_hamil(tanggal, desa_ids, pindah) -> Syarat:
    """Members with an open pregnancy on the date and an own KB method episode open on it."""
    hamil = _ibu_dengan_kehamilan(ind._terbuka_pada(tanggal))
    metode = ind._status_kb_terbuka(tanggal, anggota=OuterRef("pk"), metode__isnull=False)
    return {}, Q(pk__in=hamil) & Q(Exists(metode))


def syarat_hamil_lebih_10_bulan(tanggal, desa_ids, pindah) -> Syarat:
    """Members with a pregnancy open on the date that started more than HAMIL_MAKS_BULAN months
    before it (start < date − 10 months; exactly 10 months is not yet)."""
    batas = ind.tambah_bulan(tanggal, -settings.RUMAHDATAKU["HAMIL_MAKS_BULAN"])
    lama = _ibu_dengan_kehamilan(ind._terbuka_pada(tanggal), Q(mulai__lt=batas))
    return {}, Q(pk__in=lama)


def syarat_ibu_di_bawah_12_tahun(tanggal, desa_ids, pindah) -> Syarat:
    """Members (the child) whose linked mother was under 12 on the child's birth date, i.e. not
    "aged at least 12" by the DOMAIN.md rule (birth dates compared as YYYYMMDD integers)."""
    # The mother's birth date by primary key: no join, so the one pass over the population
    # that counts every check keeps its plan.
    lahir_ibu = Subquery(
        Anggota.objects.filter(pk=OuterRef("ibu_id")).order_by().values("tanggal_lahir")[:1]
    )
    alias = {
        "lahir_angka": ind.TanggalAngka(F("tanggal_lahir")),
        "batas_ibu": ExpressionWrapper(
            ind.TanggalAngka(lahir_ibu) + IBU_UMUR_MIN * 10000, output_field=IntegerField()
        ),
    }
    return alias, Q(ibu__isnull=False) & Q(lahir_angka__lt=F("batas_ibu"))


def syarat_ibu_belum_ditautkan(tanggal, desa_ids, pindah) -> Syarat:
    """Members whose mother an import could not link (several women of the family fit the
    name, none of the right age, or the links went round in a circle: impor) and who
    still have no mother linked."""
    return {}, Q(ibu_belum_ditautkan=True, ibu__isnull=True)


nik_tidak_cocok = _cek(syarat_nik_tidak_cocok, "anggota")
kemungkinan_ganda = _cek(syarat_kemungkinan_ganda, "anggota")
laki_laki_data_kb_perempuan = _cek(syarat_laki_laki_data_kb_perempuan, "anggota")
metode_saat_hamil = _cek(syarat_metode_saat_hamil, "anggota")
hamil_lebih_10_bulan = _cek(syarat_hamil_lebih_10_bulan, "anggota")
ibu_di_bawah_12_tahun = _cek(syarat_ibu_di_bawah_12_tahun, "anggota")
ibu_belum_ditautkan = _cek(syarat_ibu_belum_ditautkan, "anggota")


# --- family checks -----------------------------------------------------------------------------


def syarat_kepala_keluarga_tidak_satu(tanggal, desa_ids, pindah) -> Syarat:
    """Families in the population whose members on the date include no head (Kepala keluarga
    in the population) or more than one; annotated `jumlah_kepala`."""
    kepala = (
        ind.penduduk_pada(tanggal, desa_ids, dalam_desa=False, pindah=pindah)
        .filter(hubungan=kode.HubunganKK.KEPALA)
        .order_by()
    )
    kepala = ind.anggota_keluarga(kepala, "pk", pindah)
    jumlah = Subquery(
        kepala.annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1],
        output_field=IntegerField(),
    )
    return {"jumlah_kepala": jumlah}, ~Q(jumlah_kepala=1)


def syarat_data_krs_belum_lengkap(tanggal, desa_ids, pindah) -> Syarat:
    """Sasaran KRS families with no known risk and unknown water or toilet (DOMAIN.md §2)."""
    return {}, Q(sasaran=True, berisiko=False, data_kurang=True)


def syarat_belum_diverifikasi_12_bulan(tanggal, desa_ids, pindah) -> Syarat:
    """Families in the population never verified or last verified more than VERIFIKASI_BULAN
    months before the date (ind.keluarga_dengan_tanda("belum_diverifikasi"))."""
    return {}, Q(pk__in=ind.keluarga_dengan_tanda("belum_diverifikasi", tanggal, desa_ids))


def syarat_tahapan_ks_belum_lengkap(tanggal, desa_ids, pindah) -> Syarat:
    """Families in the population with at least one KS answer whose Tahapan KS is still belum
    terdata because of a blank item. Families with no answer at all are left out: Tahapan KS is
    optional, and a village that does not collect it would otherwise flood the worklist."""
    return {}, Q(tahapan_ks=kode.TahapanKS.BELUM_TERDATA) & ~Q(indikator_ks={})


kepala_keluarga_tidak_satu = _cek(syarat_kepala_keluarga_tidak_satu, "keluarga")
data_krs_belum_lengkap = _cek(syarat_data_krs_belum_lengkap, "keluarga")
belum_diverifikasi_12_bulan = _cek(syarat_belum_diverifikasi_12_bulan, "keluarga")
tahapan_ks_belum_lengkap = _cek(syarat_tahapan_ks_belum_lengkap, "keluarga")

# Family checks counted together in one pass over the families by hitung_semua.
SYARAT_KELUARGA: dict[str, Callable[..., Syarat]] = {
    "kepala_keluarga_tidak_satu": syarat_kepala_keluarga_tidak_satu,
    "data_krs_belum_lengkap": syarat_data_krs_belum_lengkap,
    "belum_diverifikasi_12_bulan": syarat_belum_diverifikasi_12_bulan,
    "tahapan_ks_belum_lengkap": syarat_tahapan_ks_belum_lengkap,
}

# The family checks a report counts in its own pass over the families (ind.hitung_keluarga's
# `tambahan`) and hands to hitung_semua as known: data_krs_belum_lengkap is that pass's
# krs_data_belum_lengkap already (the same rule on the same flags).
SYARAT_KELUARGA_LAPORAN: dict[str, Callable[..., Syarat]] = {
    k: v for k, v in SYARAT_KELUARGA.items() if k != "data_krs_belum_lengkap"
}


# Member checks counted together in one pass over the population by hitung_semua.
SYARAT_ANGGOTA: dict[str, Callable[..., Syarat]] = {
    "nik_tidak_cocok": syarat_nik_tidak_cocok,
    "kemungkinan_ganda": syarat_kemungkinan_ganda,
    "laki_laki_data_kb_perempuan": syarat_laki_laki_data_kb_perempuan,
    "metode_saat_hamil": syarat_metode_saat_hamil,
    "hamil_lebih_10_bulan": syarat_hamil_lebih_10_bulan,
    "ibu_di_bawah_12_tahun": syarat_ibu_di_bawah_12_tahun,
    "ibu_belum_ditautkan": syarat_ibu_belum_ditautkan,
}


# --- the list ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cek:
    kunci: str
    judul: str
    keterangan: str
    fungsi: Callable[..., QuerySet]
    # "anggota" (rows are members) or "keluarga" (rows are families).
    tingkat: str


CEK: dict[str, Cek] = {
    c.kunci: c
    for c in [
        Cek(
            "pus_belum_terdata",
            _("PUS belum terdata"),
            _("PUS yang status KB-nya belum dicatat (tidak hamil, tanpa metode maupun alasan)."),
            pus_belum_terdata,
            "anggota",
        ),
        Cek(
            "mal_tradisional_tanpa_niat",
            _("PUS ber-KB MAL/tradisional tanpa keinginan punya anak"),
            _(
                "Pemakai MAL atau KB tradisional yang belum dicatat keinginannya punya anak "
                "(IAS, IAT atau TIAL); portal Kampung KB membutuhkannya."
            ),
            mal_tradisional_tanpa_niat,
            "anggota",
        ),
        Cek(
            "nik_tidak_cocok",
            _("NIK tidak cocok dengan tanggal lahir/jenis kelamin"),
            _(
                "Angka ke-7 sampai ke-12 NIK (tanggal lahir, +40 untuk perempuan) berbeda dengan data."
            ),
            nik_tidak_cocok,
            "anggota",
        ),
        Cek(
            "kemungkinan_ganda",
            _("Kemungkinan data ganda"),
            _(
                "Orang dengan nama dan tanggal lahir yang sama; setiap orang dalam kelompok dihitung."
            ),
            kemungkinan_ganda,
            "anggota",
        ),
        Cek(
            "laki_laki_data_kb_perempuan",
            _("Laki-laki dengan data kehamilan atau KB perempuan"),
            _(
                "Laki-laki yang punya catatan kehamilan, metode KB selain MOP/Kondom, atau alasan tidak ber-KB."
            ),
            laki_laki_data_kb_perempuan,
            "anggota",
        ),
        Cek(
            "metode_saat_hamil",
            _("Metode KB saat hamil"),
            _("Sedang hamil, tetapi masih tercatat memakai metode KB."),
            metode_saat_hamil,
            "anggota",
        ),
        Cek(
            "hamil_lebih_10_bulan",
            _("Hamil lebih dari 10 bulan"),
            _("Kehamilan yang belum diakhiri padahal mulai lebih dari 10 bulan lalu."),
            hamil_lebih_10_bulan,
            "anggota",
        ),
        Cek(
            "ibu_di_bawah_12_tahun",
            _("Ibu berumur di bawah 12 tahun saat melahirkan"),
            _("Anak yang ibu kandungnya tercatat berumur di bawah 12 tahun saat anak lahir."),
            ibu_di_bawah_12_tahun,
            "anggota",
        ),
        Cek(
            "ibu_belum_ditautkan",
            _("Ibu belum ditautkan"),
            _(
                "Impor tidak dapat memastikan ibu kandungnya (nama ibu sama dengan perempuan lain "
                "di KK, umurnya tidak cocok, atau hubungan ibu-anak melingkar); pilih ibunya di "
                "halaman keluarga."
            ),
            ibu_belum_ditautkan,
            "anggota",
        ),
        Cek(
            "kepala_keluarga_tidak_satu",
            _("Kepala keluarga tidak ada atau lebih dari satu"),
            _("Keluarga tanpa kepala keluarga yang masih tinggal, atau dengan lebih dari satu."),
            kepala_keluarga_tidak_satu,
            "keluarga",
        ),
        Cek(
            "data_krs_belum_lengkap",
            _("Data KRS belum lengkap"),
            _(
                "Keluarga sasaran tanpa risiko yang diketahui, tetapi sumber air minum atau jamban belum diisi."
            ),
            data_krs_belum_lengkap,
            "keluarga",
        ),
        Cek(
            "belum_diverifikasi_12_bulan",
            _("Belum diverifikasi 12 bulan"),
            _(
                "Keluarga yang belum pernah diverifikasi atau terakhir diverifikasi lebih dari 12 bulan lalu."
            ),
            belum_diverifikasi_12_bulan,
            "keluarga",
        ),
        Cek(
            "tahapan_ks_belum_lengkap",
            _("Tahapan KS belum lengkap"),
            _(
                "Indikator Tahapan KS sudah mulai diisi tetapi ada yang kosong, sehingga tahapan belum terdata."
            ),
            tahapan_ks_belum_lengkap,
            "keluarga",
        ),
    ]
}


def semua_cek(
    tanggal: dt.date,
    desa_ids: list[int],
    rt_ids: list[int] | None = None,
    *,
    pindah: ind.Pindahan | None = None,
) -> dict[str, QuerySet]:
    """Every check's rows on the date, sharing one "moved since" lookup and one family base."""
    if pindah is None:
        pindah = ind.ada_pindah_setelah(tanggal, desa_ids)
    bersama = {
        "pindah": pindah,
        "keluarga_qs": ind.keluarga_dengan_status(tanggal, desa_ids, pindah),
    }
    return {k: c.fungsi(tanggal, desa_ids, rt_ids, **bersama) for k, c in CEK.items()}


def _hitung_bersama(qs: QuerySet, syarat: dict[str, Syarat]) -> QuerySet:
    """One row counting the rows of `qs` that meet each condition: every condition a boolean
    alias, counted with FILTER, no GROUP BY (the base's subqueries are evaluated once a row)."""
    alias, tanda = {}, {}
    for k, (a, q) in syarat.items():
        alias.update(a)
        tanda[f"cek_{k}"] = ExpressionWrapper(q, output_field=BooleanField())
    return (
        qs.alias(**alias, **tanda)
        .annotate(satu=Value(1))
        .values("satu")
        .annotate(**{k: Count("pk", filter=Q(**{f"cek_{k}": True})) for k in syarat})
        .order_by()
    )


def hitung_semua(
    tanggal: dt.date,
    desa_ids: list[int],
    rt_ids: list[int] | None = None,
    *,
    diketahui: dict[str, int] | None = None,
) -> dict[str, int]:
    """Count of every check on the date in at most 5 queries, whatever the number of families:
    the two "moved since" lookups, one pass over the population for the member checks
    (SYARAT_ANGGOTA), one over the families for the family checks (SYARAT_KELUARGA), one over
    the PUS for PUS belum terdata and MAL/traditional users without an intention. `diketahui` gives counts the caller already has (check key → count, from
    the same definitions); those checks are not counted again."""
    desa_ids = list(desa_ids)
    if not desa_ids or (rt_ids is not None and not rt_ids):
        return dict.fromkeys(CEK, 0)
    hasil = {k: v for k, v in (diketahui or {}).items() if k in CEK}
    pindah = ind.ada_pindah_setelah(tanggal, desa_ids)
    # Everything the statements' SQL depends on (keys of compiled SQL, sql_siap).
    kunci = (tanggal, tuple(desa_ids), None if rt_ids is None else tuple(rt_ids), pindah.kunci())

    anggota = tuple(k for k in SYARAT_ANGGOTA if k not in hasil)
    if anggota:

        def lintasan_anggota():
            syarat = {k: SYARAT_ANGGOTA[k](tanggal, desa_ids, pindah) for k in anggota}
            return _hitung_bersama(_penduduk(tanggal, desa_ids, rt_ids, pindah), syarat)

        for r in sql_siap.baris(("kualitas_anggota", anggota, *kunci), lintasan_anggota):
            hasil.update({k: r[k] for k in anggota})

    keluarga = tuple(k for k in SYARAT_KELUARGA if k not in hasil)
    if keluarga:

        def lintasan_keluarga():
            syarat = {k: SYARAT_KELUARGA[k](tanggal, desa_ids, pindah) for k in keluarga}
            return _hitung_bersama(_keluarga(tanggal, desa_ids, rt_ids, None, pindah), syarat)

        for r in sql_siap.baris(("kualitas_keluarga", keluarga, *kunci), lintasan_keluarga):
            hasil.update({k: r[k] for k in keluarga})

    pus_kunci = tuple(
        k for k in ("pus_belum_terdata", "mal_tradisional_tanpa_niat") if k not in hasil
    )
    if pus_kunci:
        # Both PUS checks in one pass over the PUS (their KB status on the date).
        st = kode.StatusKBPada

        def lintasan_pus():
            qs = ind.pus_pada(tanggal, desa_ids, pindah).alias(niat_kb=ind.niat_pada(tanggal))
            if rt_ids is not None:
                qs = qs.filter(rt__in=rt_ids)
            q = {
                "pus_belum_terdata": Q(status_kb=st.BELUM_TERDATA),
                "mal_tradisional_tanpa_niat": Q(
                    status_kb__in=kode.METODE_NIAT, niat_kb__isnull=True
                ),
            }
            return (
                qs.annotate(satu=Value(1))
                .values("satu")
                .annotate(**{k: Count("pk", filter=q[k]) for k in pus_kunci})
                .order_by()
            )

        for r in sql_siap.baris(("kualitas_pus", pus_kunci, *kunci), lintasan_pus):
            hasil.update({k: r[k] for k in pus_kunci})
    return {k: hasil.get(k) or 0 for k in CEK}
