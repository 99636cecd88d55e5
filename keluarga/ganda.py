"""Likely duplicate people (issue 19): name normalisation, pair scoring, blocking, the stored pairs.

A person is compared only with the people who share one of its *block keys* (same sex and: the
birth date up to a day/month swap; the consonant skeleton of the normalised name with the
unordered birth day and month; the NIK with one quarter, or the two digits across a quarter
boundary, left out), so the work grows with the village, not its square. A pair whose birth
dates are unrelated scores at most 0.5 whatever else agrees, so no block needs to bring it
together. Each pair gets a score in [0, 1] and its reasons in words
("NIK beda 1 angka · nama mirip 0,93 · ibu sama"); pairs at or above ``AMBANG`` are stored in
``PasanganGanda`` by ``segarkan`` (command ``cari_ganda``, nightly, after each import, and for a
person's blocks on each save through the services). Dismissed pairs ("bukan orang yang sama")
stay dismissed; ``kandidat_ganda`` counts the open pairs for the monthly report.

Scope: ``pasangan_untuk(user)`` lists a pair only when BOTH people are in the user's scope.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from rapidfuzz import fuzz

from keluarga import kode
from keluarga.models import Anggota, PasanganGanda

# The operating threshold: a pair scoring this or more is a candidate (docs: quality figures in
# tests/test_ganda_mutu.py, recall and precision printed there).
AMBANG = 0.75
# A block larger than this (a very common name skeleton) is compared only inside its birth
# decades, so one name cannot make the work quadratic.
BLOK_MAKS = 300

# --- names -------------------------------------------------------------------------------------

# Titles before a name (religious, academic, address) and degrees after it (without the comma
# that usually precedes them; everything after a comma is dropped first).
GELAR_DEPAN = frozenset(
    "h hj haji hajjah hajah hji drs dra dr drg ir prof kh ustadz ustad ust ny nn tn sdr bpk".split()
)
GELAR_BELAKANG = frozenset(
    """spd spdi sag sh se skm skep sked ssi ssos skom sip st sth sp spt sfarm ssn ak amd amk amkeb
    amkep mpd mm mh mag mkes msi mkom mt bsc ba ma""".split()
)
# Common spellings and abbreviations → one form.
SINGKATAN = {
    **dict.fromkeys(
        """m mh mhd moh moch mochamad mochammad mohamad mohammad mohamed muh much muhamad
        muhammad muhammat mukhamad mukhammad muhamat""".split(),
        "muhammad",
    ),
    "st": "siti",
    "sti": "siti",
    "abd": "abdul",
    "abdl": "abdul",
    "nurul": "nur",
    "nuril": "nur",
    "achmad": "ahmad",
    "akhmad": "ahmad",
    "ahmat": "ahmad",
}
PATRONIM = frozenset({"bin", "binti", "bt", "bte"})
# Old Indonesian spelling (before 1972) and common variants, applied in this order.
EJAAN = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"), ("ch", "kh"), ("kh", "h"))


@dataclass(frozen=True)
class Nama:
    """A name taken apart: the person's own name (titles dropped, abbreviations expanded,
    spelling unified), the father's name after bin/binti ("" if none), and keys."""

    sendiri: str  # tokens joined by one space
    ayah: str

    @property
    def rapat(self) -> str:
        """Without spaces: "Nur Khasanah" and "Nurkhasanah" become the same."""
        return self.sendiri.replace(" ", "")

    @property
    def kerangka(self) -> str:
        """Consonant skeleton of the whole own name (first letter kept): a block key."""
        r = self.rapat
        if not r:
            return ""
        return r[0] + re.sub(r"[aiueo]", "", r[1:])


def _ejaan(token: str) -> str:
    for lama, baru in EJAAN:
        token = token.replace(lama, baru)
    token = token.replace("q", "k").replace("v", "f").replace("ph", "f").replace("y", "i")
    return re.sub(r"(.)\1+", r"\1", token)  # doubled letters: Muhammad → muhamad


def urai_nama(nama: str) -> Nama:
    """Normalise an Indonesian name for matching (see module doc)."""
    teks = (nama or "").lower().split(",")[0]
    # "S.Pd." and "H." keep their letters together; other punctuation separates words.
    teks = re.sub(r"\b([a-z])\.([a-z]{1,4})\b\.?", r"\1\2 ", teks)
    teks = re.sub(r"[^a-z ]", " ", teks)
    token = teks.split()
    sendiri, ayah, di_ayah = [], [], False
    for t in token:
        if t in PATRONIM:
            di_ayah = True
            continue
        if t in GELAR_DEPAN and not (sendiri if not di_ayah else ayah):
            continue  # a title only at the start of a name part
        if t in GELAR_BELAKANG and (sendiri if not di_ayah else ayah):
            continue
        t = SINGKATAN.get(t, t)
        (ayah if di_ayah else sendiri).append(_ejaan(t))
    # "St" at the start is Siti, elsewhere a degree: handled above by position.
    return Nama(" ".join(sendiri), " ".join(ayah))


def kemiripan_nama(a: Nama, b: Nama) -> float:
    """Similarity of two own names in [0, 1] (rapidfuzz): the best of the whole name without
    spaces and the tokens in any order."""
    if not a.rapat or not b.rapat:
        return 0.0
    skor = max(fuzz.ratio(a.rapat, b.rapat), fuzz.token_sort_ratio(a.sendiri, b.sendiri)) / 100.0
    # One name is the other with a word added ("Siti Aminah" / "Siti Aminah Zahra"): at least
    # two words in common, so a lone "Siti" never matches.
    ta, tb = a.sendiri.split(), b.sendiri.split()
    pendek, panjang = sorted((ta, tb), key=len)
    if len(pendek) >= 2 and set(pendek) <= set(panjang):
        skor = max(skor, 0.9)
    return skor


# --- NIK and birth dates -----------------------------------------------------------------------


def nik_harapan(lahir: dt.date, jk: str) -> str:
    """NIK digits 7–12 for this birth date and sex: DD (+40 for women) MM YY."""
    hari = lahir.day + (40 if jk == kode.JenisKelamin.PEREMPUAN else 0)
    return f"{hari:02d}{lahir.month:02d}{lahir.year % 100:02d}"


def nik_sah(nik: str | None) -> bool:
    return bool(nik) and len(nik) == 16 and nik.isascii() and nik.isdigit()


def beda_nik(a: str, b: str) -> str | None:
    """How two 16-digit NIKs differ: "1" (one digit changed), "tukar" (two adjacent digits
    swapped), "sama", or None (more than that)."""
    if a == b:
        return "sama"
    beda = [i for i in range(16) if a[i] != b[i]]
    if len(beda) == 1:
        return "1"
    if (
        len(beda) == 2
        and beda[1] == beda[0] + 1
        and a[beda[0]] == b[beda[1]]
        and a[beda[1]] == b[beda[0]]
    ):
        return "tukar"
    return None


def beda_lahir(a: dt.date, b: dt.date) -> str | None:
    """ "sama", "tukar" (day and month swapped), "tahun" (same day and month, year ±1), or None."""
    if a == b:
        return "sama"
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return "tukar"
    if a.day == b.day and a.month == b.month and abs(a.year - b.year) == 1:
        return "tahun"
    return None


# --- people and pairs --------------------------------------------------------------------------

KOLOM = (
    "pk",
    "nama",
    "nik",
    "jenis_kelamin",
    "tanggal_lahir",
    "ibu_id",
    "keluarga_id",
    "keluarga__rumah_id",
)


@dataclass
class Orang:
    pk: int
    nama: Nama
    nik: str | None
    jk: str
    lahir: dt.date
    ibu_id: int | None
    keluarga_id: int
    rumah_id: int

    @classmethod
    def dari_baris(cls, r: dict) -> Orang:
        return cls(
            pk=r["pk"],
            nama=urai_nama(r["nama"]),
            nik=r["nik"] if nik_sah(r["nik"]) else None,
            jk=r["jenis_kelamin"],
            lahir=r["tanggal_lahir"],
            ibu_id=r["ibu_id"],
            keluarga_id=r["keluarga_id"],
            rumah_id=r["keluarga__rumah_id"],
        )

    def kunci(self) -> list[tuple]:
        """The block keys of this person (see module doc)."""
        b = self.lahir
        hb = tuple(sorted((b.month, b.day)))  # day and month, unordered
        k = [("lahir", self.jk, b.year, *hb)]
        if self.nama.kerangka:
            # A pair with unrelated birth dates can never reach AMBANG (at most 0.5), and every
            # birth-date near-miss (same, swapped, year ±1) keeps the unordered day and month:
            # so the name block is cut by it, and stays small even for a very common name.
            k.append(("nama", self.jk, self.nama.kerangka, *hb))
        if self.nik:
            n = self.nik
            k += [("nik", q, n[: 4 * q] + n[4 * q + 4 :]) for q in range(4)]
            k += [("nik2", q, n[: 4 * q - 1] + n[4 * q + 1 :]) for q in (1, 2, 3)]
        return k


def orang_qs(desa_id: int) -> QuerySet:
    """The people matched in a desa: living members. (When merging lands, merged-away records
    are left out here with one more filter, e.g. ``digabung_ke__isnull=True``.)"""
    return Anggota.objects.filter(desa_id=desa_id, status_hidup=kode.StatusHidup.HIDUP)


def _angka(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def nilai(a: Orang, b: Orang) -> tuple[float, list[str]]:
    """Score of a pair in [0, 1] and its reasons in Indonesian words (0 and [] for a pair that
    cannot be one person)."""
    if a.jk != b.jk:
        return 0.0, []
    # "X bin Y": different fathers named, or one's father is the other (father and son,
    # "Slamet" and "Slamet bin Slamet"), is never one person.
    if (
        a.nama.ayah
        and b.nama.ayah
        and kemiripan_nama(Nama(a.nama.ayah, ""), Nama(b.nama.ayah, "")) < 0.85
    ):
        return 0.0, []
    for x, y in ((a, b), (b, a)):
        if x.nama.ayah and kemiripan_nama(Nama(x.nama.ayah, ""), y.nama) >= 0.9:
            if beda_lahir(x.lahir, y.lahir) not in ("sama", "tukar"):
                return 0.0, []

    mirip = kemiripan_nama(a.nama, b.nama)
    lahir = beda_lahir(a.lahir, b.lahir)
    nik = beda_nik(a.nik, b.nik) if a.nik and b.nik else None
    nik_dekat = nik in ("1", "tukar")
    if mirip < 0.7 and not (nik_dekat and lahir):
        return 0.0, []

    alasan = []
    skor = max(0.0, (mirip - 0.7) / 0.3) * 0.6
    if nik == "1":
        skor += 0.25
        alasan.append("NIK beda 1 angka")
    elif nik == "tukar":
        skor += 0.25
        alasan.append("NIK dua angka bertukar")
    elif a.nik and b.nik:
        skor -= 0.35
        alasan.append("NIK berbeda")
    else:
        ada = a if a.nik else b if b.nik else None
        lain = b if ada is a else a
        if ada is None:
            alasan.append("keduanya tanpa NIK")
        elif ada.nik[6:12] in (nik_harapan(lain.lahir, lain.jk), nik_harapan(ada.lahir, ada.jk)):
            skor += 0.05
            alasan.append("NIK cocok dengan tanggal lahir")
        else:
            alasan.append("satu tanpa NIK")
    alasan.append("nama sama" if mirip >= 0.995 else f"nama mirip {_angka(mirip)}")

    nilai_lahir = {"sama": 0.25, "tukar": 0.2, "tahun": 0.1}
    if lahir:
        skor += nilai_lahir[lahir]
        alasan.append(
            {
                "sama": "tanggal lahir sama",
                "tukar": "tanggal dan bulan lahir tertukar",
                "tahun": "tahun lahir beda 1",
            }[lahir]
        )
    else:
        skor -= 0.5
        alasan.append("tanggal lahir berbeda")

    sama_ibu = a.ibu_id is not None and a.ibu_id == b.ibu_id
    sama_kk = a.keluarga_id == b.keluarga_id
    if sama_ibu:
        skor += 0.1
        alasan.append("ibu sama")
    if sama_kk:
        skor += 0.05
        alasan.append("KK sama")
    elif a.rumah_id == b.rumah_id:
        skor += 0.05
        alasan.append("rumah sama")
    # Twins: two children of one mother (or one KK) born the same day with names that differ.
    # A true double entry there has the same name (after normalisation), so a name that is only
    # similar counts against, and so does a NIK differing only in its serial number (twins' NIKs
    # are consecutive).
    if (sama_ibu or sama_kk) and lahir == "sama":
        if mirip < 0.95:
            skor -= 0.45
            alasan.append("mungkin kembar")
        elif nik == "1" and a.nik[:12] == b.nik[:12]:
            skor -= 0.3
            alasan.append("mungkin kembar")
    return max(0.0, min(1.0, skor)), alasan


def pasangan(
    orang: Iterable[Orang], *, hanya: set[int] | None = None
) -> dict[tuple[int, int], tuple[float, list[str]]]:
    """Every pair scoring at least AMBANG among these people, blocked (module doc). With `hanya`,
    only the pairs that involve one of those ids (the blocks of those people)."""
    blok: dict[tuple, list[Orang]] = defaultdict(list)
    for o in orang:
        for k in o.kunci():
            blok[k].append(o)
    dilihat: set[tuple[int, int]] = set()
    hasil = {}
    for isi in blok.values():
        if len(isi) < 2:
            continue
        if hanya is not None and not any(o.pk in hanya for o in isi):
            continue
        kelompok = [isi]
        if len(isi) > BLOK_MAKS:  # a very common name: only within neighbouring birth decades
            per = defaultdict(list)
            for o in isi:
                per[o.lahir.year // 10].append(o)
            kelompok = [per[d] + per.get(d + 1, []) for d in sorted(per)]
        for isi in kelompok:
            for i, a in enumerate(isi):
                for b in isi[i + 1 :]:
                    if hanya is not None and a.pk not in hanya and b.pk not in hanya:
                        continue
                    kunci = (a.pk, b.pk) if a.pk < b.pk else (b.pk, a.pk)
                    if kunci in dilihat:
                        continue
                    dilihat.add(kunci)
                    s, alasan = nilai(a, b)
                    if s >= AMBANG:
                        hasil[kunci] = (round(s, 3), alasan)
    return hasil


def varian_nik(nik: str) -> list[str]:
    """Every NIK one digit or one adjacent swap away (159 at most)."""
    hasil = [nik[:i] + d + nik[i + 1 :] for i in range(16) for d in "0123456789" if d != nik[i]]
    hasil += [
        nik[:i] + nik[i + 1] + nik[i] + nik[i + 2 :] for i in range(15) if nik[i] != nik[i + 1]
    ]
    return hasil


def _sekitar(desa_id: int, ids: set[int]) -> Q:
    """The people who can share a block with one of `ids` (same sex and born within a year
    either side, or a NIK one slip away), as a filter: a save reads only these."""
    q = Q(pk__in=ids)
    for jk, lahir, nik in Anggota.objects.filter(pk__in=ids, desa_id=desa_id).values_list(
        "jenis_kelamin", "tanggal_lahir", "nik"
    ):
        # A candidate's birth date is the same, swapped, or a year off (nothing else reaches
        # AMBANG): born within a year either side.
        awal = dt.date(lahir.year - 1, 1, 1)
        akhir = dt.date(lahir.year + 1, 12, 31)
        q |= Q(jenis_kelamin=jk, tanggal_lahir__range=(awal, akhir))
        if nik_sah(nik):
            q |= Q(nik__in=varian_nik(nik))
    return q


def cari(
    desa_id: int, *, hanya: set[int] | None = None
) -> dict[tuple[int, int], tuple[float, list[str]]]:
    """The candidate pairs of a desa (or only those of some people, reading only the people who
    can share a block with them): one read, scoring in memory."""
    qs = orang_qs(desa_id)
    if hanya is not None:
        qs = qs.filter(_sekitar(desa_id, hanya))
    return pasangan((Orang.dari_baris(r) for r in qs.values(*KOLOM)), hanya=hanya)


@transaction.atomic
def segarkan(desa_id: int, *, anggota_ids: Iterable[int] | None = None) -> dict[str, int]:
    """Refresh the stored pairs of a desa (or only those involving `anggota_ids`): new pairs are
    added open, open pairs get their new score or go when they no longer reach AMBANG; pairs
    dismissed or merged are kept as they are. Returns counts {baru, diperbarui, dihapus}."""
    hanya = set(anggota_ids) if anggota_ids is not None else None
    temuan = cari(desa_id, hanya=hanya)
    lama = PasanganGanda.objects.filter(desa_id=desa_id)
    if hanya is not None:
        lama = lama.filter(Q(anggota_a_id__in=hanya) | Q(anggota_b_id__in=hanya))
    ada = {(p.anggota_a_id, p.anggota_b_id): p for p in lama}
    baru, ubah, hapus = [], [], []
    for kunci, (skor, alasan) in temuan.items():
        teks = " · ".join(alasan)[:300]
        p = ada.get(kunci)
        if p is None:
            baru.append(
                PasanganGanda(
                    desa_id=desa_id,
                    anggota_a_id=kunci[0],
                    anggota_b_id=kunci[1],
                    skor=skor,
                    alasan=teks,
                )
            )
        elif p.status == PasanganGanda.Status.TERBUKA and (p.skor != skor or p.alasan != teks):
            p.skor, p.alasan, p.diperbarui = skor, teks, timezone.now()
            ubah.append(p)
    for kunci, p in ada.items():
        if kunci not in temuan and p.status == PasanganGanda.Status.TERBUKA:
            hapus.append(p.pk)
    PasanganGanda.objects.bulk_create(baru, batch_size=500)
    PasanganGanda.objects.bulk_update(ubah, ["skor", "alasan", "diperbarui"], batch_size=500)
    PasanganGanda.objects.filter(pk__in=hapus).delete()
    return {"baru": len(baru), "diperbarui": len(ubah), "dihapus": len(hapus)}


def segarkan_anggota(anggota: Anggota) -> None:
    """After a member's save: refresh the pairs of that person's blocks only."""
    if anggota.pk and anggota.desa_id:
        segarkan(anggota.desa_id, anggota_ids=[anggota.pk])


# --- reading the pairs -------------------------------------------------------------------------


def terbuka(desa_ids: Iterable[int]) -> QuerySet:
    """Open pairs (not dismissed, not merged) at or above the threshold."""
    return PasanganGanda.objects.filter(
        desa_id__in=list(desa_ids), status=PasanganGanda.Status.TERBUKA, skor__gte=AMBANG
    )


def dalam_lingkup(qs: QuerySet, anggota_ids: QuerySet | None) -> QuerySet:
    """Pairs whose BOTH people are among `anggota_ids` (None: no narrowing)."""
    if anggota_ids is None:
        return qs
    return qs.filter(anggota_a__in=anggota_ids, anggota_b__in=anggota_ids)


def hitung_kandidat(desa_ids: Iterable[int], rt_ids: Iterable[int] | None = None) -> int:
    """The report's ``kualitas_data.kandidat_ganda``: open pairs above the threshold in the desa,
    or (an area) with both people's family now in one of the RTs."""
    qs = terbuka(desa_ids)
    if rt_ids is not None:
        rt_ids = list(rt_ids)
        qs = qs.filter(
            anggota_a__keluarga__rumah__rt_id__in=rt_ids,
            anggota_b__keluarga__rumah__rt_id__in=rt_ids,
        )
    return qs.count()


@transaction.atomic
def tolak(*, pasangan: PasanganGanda, oleh) -> PasanganGanda:
    """Dismiss a pair for good ("bukan orang yang sama"): who and when are kept; refreshes leave
    it dismissed."""
    p = PasanganGanda.objects.select_for_update().get(pk=pasangan.pk)
    if p.status != PasanganGanda.Status.TERBUKA:
        return p
    p.status = PasanganGanda.Status.BUKAN
    p.ditolak_oleh = oleh if getattr(oleh, "pk", None) else None
    p.ditolak_pada = timezone.now()
    p.full_clean()
    p.save(update_fields=["status", "ditolak_oleh", "ditolak_pada", "diperbarui"])
    return p


def terbuka_untuk(pasangan_qs: QuerySet, anggota_dalam_lingkup: QuerySet) -> list[PasanganGanda]:
    """The pairs of `pasangan_qs` whose BOTH people are in the user's scope (a queryset of the
    members the user may see): the pairs' member ids are read first (few rows), then the scope is
    asked about just those ids, so a kader seeing one side never learns of the other."""
    daftar = list(pasangan_qs.order_by("-skor", "pk"))
    ids = {i for p in daftar for i in (p.anggota_a_id, p.anggota_b_id)}
    boleh = set(anggota_dalam_lingkup.filter(pk__in=ids).values_list("pk", flat=True))
    return [p for p in daftar if p.anggota_a_id in boleh and p.anggota_b_id in boleh]


def mirip_dengan(
    *,
    nama: str,
    jenis_kelamin: str,
    tanggal_lahir: dt.date,
    nik: str | None,
    lingkup: QuerySet,
    keluarga_id: int | None = None,
    ibu_id: int | None = None,
    rumah_id: int | None = None,
) -> list[tuple[Anggota, float, list[str]]]:
    """Existing people a new entry likely is (at the door: the move-in form), best first: only
    living people among `lingkup` (the user's scope), so a warning never names anyone else.
    People with the same NIK are not listed (the NIK check refuses those)."""
    baru = Orang(
        pk=0,
        nama=urai_nama(nama),
        nik=nik if nik_sah(nik) else None,
        jk=jenis_kelamin,
        lahir=tanggal_lahir,
        ibu_id=ibu_id,
        keluarga_id=keluarga_id or 0,
        rumah_id=rumah_id or 0,
    )
    awal = dt.date(tanggal_lahir.year - 1, 1, 1)
    akhir = dt.date(tanggal_lahir.year + 1, 12, 31)
    q = Q(jenis_kelamin=jenis_kelamin, tanggal_lahir__range=(awal, akhir))
    if baru.nik:
        q |= Q(nik__in=varian_nik(baru.nik))
    qs = lingkup.filter(q, status_hidup=kode.StatusHidup.HIDUP)
    if baru.nik:
        qs = qs.exclude(nik=baru.nik)
    hasil = []
    calon = {r["pk"]: Orang.dari_baris(r) for r in qs.values(*KOLOM)}
    for pk, o in calon.items():
        skor, alasan = nilai(baru, o)
        if skor >= AMBANG:
            hasil.append((pk, skor, alasan))
    hasil.sort(key=lambda x: (-x[1], x[0]))
    orang = Anggota.objects.in_bulk([pk for pk, _s, _a in hasil])
    return [(orang[pk], skor, alasan) for pk, skor, alasan in hasil]
