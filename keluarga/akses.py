"""The access gate (ROLES.md): roles, capabilities, scoped querysets and object fetchers.

Every view and export fetches through these functions: objects outside the user's scope are 404,
a capability the role lacks is 403. Templates only hide buttons; this module enforces.
"""

from __future__ import annotations

import enum
import re
from urllib.parse import parse_qsl, urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from keluarga import perluasan
from keluarga.models import RT, Anggota, Desa, Keluarga, LogAkses, Rumah


class Peran(enum.StrEnum):
    """The seven roles of ROLES.md; each is an auth Group of this name (created by a migration:
    keluarga/0002_peran, Kabupaten in keluarga/0012_kabupaten)."""

    ADMIN_DESA = "Admin desa"
    OPERATOR = "Operator"
    KADER = "Kader"
    PENYULUH = "Penyuluh KB"
    KEPALA_DESA = "Kepala Desa"
    KECAMATAN = "Kecamatan"
    KABUPATEN = "Kabupaten"


# Roles that see their desa only aggregated (ROLES.md: "aggregated over its desa" / "over its
# kecamatan and desa"): no single-desa page, no names, no groups.
PERAN_AGREGAT = frozenset({Peran.KECAMATAN, Peran.KABUPATEN})


class K(enum.StrEnum):
    """Capabilities: the rows of the ROLES.md table."""

    BACA_KELUARGA = "baca_keluarga"
    TULIS_KELUARGA = "tulis_keluarga"
    TULIS_KB = "tulis_kb"
    TULIS_POKTAN = "tulis_poktan"
    LIHAT_LAPORAN = "lihat_laporan"
    PETA_KB = "peta_kb"
    DAFTAR_NAMA = "daftar_nama"
    KUALITAS_DATA = "kualitas_data"
    NIK_PENUH = "nik_penuh"
    EKSPOR_NAMA = "ekspor_nama"
    CETAK_REGISTER = "cetak_register"  # SIGA registers K/0 and R/I, PUS register: print
    EKSPOR_REGISTER = "ekspor_register"  # SIGA registers and PUS register as Excel
    IMPOR = "impor"
    TUTUP_BULAN = "tutup_bulan"
    KEGIATAN = "kegiatan"
    FOTO_KEGIATAN = "foto_kegiatan"
    KELOLA_DESA = "kelola_desa"
    # "Kampung KB portal form, classification and Rumah DataKu level (aggregates of the
    # Kampung KB area)"; the Kecamatan sees it aggregated over its desa only.
    PORTAL_KAMPUNG_KB = "portal_kampung_kb"
    # "Offline copy on the phone (own scope, NIK masked) and sending records from it" (luring/).
    LURING = "luring"
    # Family-assistance records (read and write) and name lists (pendampingan/akses.py).
    PENDAMPINGAN = "pendampingan"
    DAFTAR_PENDAMPINGAN = "daftar_pendampingan"
    # "Duplicate candidates: review and dismiss (a pair only when both people are in scope)".
    GANDA = "ganda"
    # "Merge two people, and undo a merge" (keluarga/gabung.py).
    GABUNG_ORANG = "gabung_orang"


Y, M = "Y", "M"  # allowed; allowed with NIK/No KK masked

_A, _O, _K, _P, _KD, _KC, _KB = (
    Peran.ADMIN_DESA,
    Peran.OPERATOR,
    Peran.KADER,
    Peran.PENYULUH,
    Peran.KEPALA_DESA,
    Peran.KECAMATAN,
    Peran.KABUPATEN,
)

# ROLES.md, column by column. A missing entry is "–" (refused).
MATRIKS: dict[K, dict[Peran, str]] = {
    K.BACA_KELUARGA: {_A: Y, _O: Y, _K: Y, _P: Y},
    K.TULIS_KELUARGA: {_A: Y, _O: Y, _K: Y},
    K.TULIS_KB: {_A: Y, _O: Y, _K: Y, _P: Y},
    K.TULIS_POKTAN: {_A: Y, _O: Y, _K: Y, _P: Y},
    K.LIHAT_LAPORAN: {_A: Y, _O: Y, _K: Y, _P: Y, _KD: Y, _KC: Y, _KB: Y},
    K.PETA_KB: {_A: Y, _O: Y, _K: Y, _P: Y},
    K.DAFTAR_NAMA: {_A: Y, _O: Y, _K: Y, _P: Y, _KD: M},
    K.KUALITAS_DATA: {_A: Y, _O: Y, _K: Y, _P: Y},
    K.NIK_PENUH: {_A: Y, _O: Y, _K: Y, _P: Y},
    K.EKSPOR_NAMA: {_A: Y, _O: Y, _P: M},
    K.CETAK_REGISTER: {_A: Y, _O: Y, _K: Y, _P: Y},
    K.EKSPOR_REGISTER: {_A: Y, _O: Y, _P: M},
    K.IMPOR: {_A: Y, _O: Y},
    K.TUTUP_BULAN: {_A: Y, _O: Y},
    K.KEGIATAN: {_A: Y, _O: Y, _K: Y, _P: Y},
    K.FOTO_KEGIATAN: {_A: Y, _O: Y, _K: Y, _P: Y, _KD: Y},
    K.KELOLA_DESA: {_A: Y},
    K.PORTAL_KAMPUNG_KB: {_A: Y, _O: Y, _P: Y, _KD: Y, _KC: Y, _KB: Y},
    K.LURING: {_A: Y, _O: Y, _K: Y, _P: Y},
    K.PENDAMPINGAN: {_A: Y, _O: Y, _K: Y, _P: Y},
    K.DAFTAR_PENDAMPINGAN: {_A: Y, _O: Y, _K: Y, _P: Y, _KD: M},
    K.GANDA: {_A: Y, _O: Y, _K: Y, _P: Y},
    K.GABUNG_ORANG: {_A: Y, _O: Y},
}


def peran(user) -> Peran | None:
    """The user's one role, or None (a user with no role gets 403 everywhere)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_peran_cache"):
        names = [g.name for g in user.groups.all()]
        found = [p for p in Peran if p.value in names]
        user._peran_cache = found[0] if len(found) == 1 else None
    return user._peran_cache


def hanya_agregat(user) -> bool:
    """Kecamatan and Kabupaten: aggregates over many desa only (no single-desa page)."""
    return peran(user) in PERAN_AGREGAT


def tingkat(user, kemampuan: K) -> str | None:
    """ "Y", "M" or None for a capability of this user's role."""
    p = peran(user)
    return MATRIKS[kemampuan].get(p) if p else None


def boleh(user, kemampuan: K) -> bool:
    return tingkat(user, kemampuan) is not None


def wajib(user, kemampuan: K) -> str:
    """Raise 403 unless the role has the capability; return "Y" or "M"."""
    t = tingkat(user, kemampuan)
    if t is None:
        raise PermissionDenied(_("Peran Anda tidak diizinkan melakukan ini."))
    return t


def samarkan(nomor: str | None) -> str:
    """Mask a NIK or No KK: 3326••••••••0012."""
    if not nomor:
        return "-"
    if len(nomor) <= 8:
        return "•" * len(nomor)
    return nomor[:4] + "•" * (len(nomor) - 8) + nomor[-4:]


def boleh_nik_penuh(user) -> bool:
    return tingkat(user, K.NIK_PENUH) == Y


# The access log never keeps a NIK or No KK (16 digits). A search box matches any part of a NIK
# or No KK (``nik__contains``), so every digit of a search parameter is replaced; in any other
# text a run of 11 or more digits is replaced (a desa code in a path has 10; ids, months and
# page numbers are shorter; a NIK or No KK in another parameter or in a path is not).
PARAMETER_CARI = frozenset({"q"})
_NOMOR_PANJANG = re.compile(r"\d{11,}")
_ANGKA = re.compile(r"\d")
TANDA_SAMAR = "*"


def tanpa_nomor(teks: str) -> str:
    """The text with every run of 11+ digits (a NIK or No KK, whole or in part) as ``*``."""
    return _NOMOR_PANJANG.sub(lambda m: TANDA_SAMAR * len(m.group()), teks)


def path_log(path: str) -> str:
    """A path with its query string as the access log stores it: without NIK or No KK digits
    (all digits of a search parameter ``q``; runs of 11+ digits anywhere else)."""
    dasar, tanya, query = path.partition("?")
    if not tanya:
        return tanpa_nomor(dasar)
    pasangan = []
    for kunci, nilai in parse_qsl(query, keep_blank_values=True):
        if kunci in PARAMETER_CARI:
            nilai = _ANGKA.sub(TANDA_SAMAR, nilai)
        pasangan.append((tanpa_nomor(kunci), tanpa_nomor(nilai)))
    return f"{tanpa_nomor(dasar)}?{urlencode(pasangan, safe=TANDA_SAMAR)}"


def catat_akses(user, jenis: str, objek: str, path: str = "") -> None:
    """Record a view or export of a name list or a full NIK (ROLES.md: who, when, what).

    Name the object by primary key (never by a person's name, NIK or No KK); the path and its
    query string are stored without NIK or No KK digits (``path_log``)."""
    LogAkses.objects.create(
        user=user, jenis=jenis, objek=tanpa_nomor(objek)[:300], path=path_log(path)[:300]
    )


# --- scope -----------------------------------------------------------------------------------


def _lingkup(user):
    return getattr(user, "lingkup", None) if user.is_authenticated else None


def desa_qs(user) -> QuerySet[Desa]:
    """The desa the user may see: a kecamatan's or kabupaten's by code prefix, else the scope's
    set."""
    p = peran(user)
    if p is None:
        return Desa.objects.none()
    lingkup = _lingkup(user)
    if lingkup is None:
        return Desa.objects.none()
    if p == Peran.KECAMATAN:
        if not lingkup.kecamatan_kode:
            return Desa.objects.none()
        return Desa.objects.filter(kode__startswith=lingkup.kecamatan_kode)
    if p == Peran.KABUPATEN:
        if not lingkup.kabupaten_kode:
            return Desa.objects.none()
        return Desa.objects.filter(kode__startswith=lingkup.kabupaten_kode)
    return Desa.objects.filter(pk__in=lingkup.desa.values("pk"))


def rt_kader_ids(user) -> list[int] | None:
    """RT ids of a kader's regions (any of dusun/RW/RT), or None for roles scoped by desa."""
    if peran(user) != Peran.KADER:
        return None
    if not hasattr(user, "_rt_kader_cache"):
        lingkup = _lingkup(user)
        if lingkup is None:
            user._rt_kader_cache = []
        else:
            desa_ids = list(lingkup.desa.values_list("pk", flat=True))
            user._rt_kader_cache = list(
                RT.objects.filter(desa_id__in=desa_ids)
                .filter(
                    Q(pk__in=lingkup.rt.values("pk"))
                    | Q(rw__in=lingkup.rw.values("pk"))
                    | Q(rw__dusun__in=lingkup.dusun.values("pk"))
                )
                .values_list("pk", flat=True)
            )
    return user._rt_kader_cache


def rt_qs(user) -> QuerySet[RT]:
    qs = RT.objects.filter(desa__in=desa_qs(user))
    ids = rt_kader_ids(user)
    return qs if ids is None else qs.filter(pk__in=ids)


def keluarga_qs(user, *, tulis: bool = False) -> QuerySet[Keluarga]:
    """Families in the user's scope; a kader reads own regions and groups, writes own regions.

    The capability itself is checked separately (``wajib``); this only scopes.
    """
    if peran(user) is None:
        return Keluarga.objects.none()
    # The desa ids as a literal list (one small query), not a subquery: PostgreSQL then knows
    # the desa and reads its families through keluarga_desa_nokk_idx in No KK order, instead of
    # walking the whole district's No KK index until 25 rows of this desa turn up.
    qs = Keluarga.objects.filter(desa_id__in=list(desa_qs(user).values_list("pk", flat=True)))
    ids = rt_kader_ids(user)
    if ids is None:
        return qs
    wilayah = Q(rumah__rt_id__in=ids)
    if not tulis:
        # What upper apps add (poktan: the families of the kader's own groups).
        for tambahan in perluasan.BACA_KADER.semua():
            wilayah |= Q(pk__in=tambahan(user))
    return qs.filter(wilayah)


def anggota_qs(user, *, tulis: bool = False) -> QuerySet[Anggota]:
    return Anggota.objects.filter(keluarga__in=keluarga_qs(user, tulis=tulis))


def rumah_qs(user) -> QuerySet[Rumah]:
    qs = Rumah.objects.filter(desa__in=desa_qs(user))
    ids = rt_kader_ids(user)
    return qs if ids is None else qs.filter(rt_id__in=ids)


def ambil(qs: QuerySet, **lookup):
    """Fetch one object from an already scoped queryset, or 404."""
    obj = qs.filter(**lookup).first()
    if obj is None:
        raise Http404(_("Data tidak ditemukan atau di luar wilayah Anda."))
    return obj


def keluarga_untuk(user, pk: int, *, kemampuan: K = K.BACA_KELUARGA) -> Keluarga:
    """The family for this capability: 403 if the role lacks it, 404 outside the scope."""
    wajib(user, kemampuan)
    return ambil(keluarga_qs(user, tulis=kemampuan != K.BACA_KELUARGA), pk=pk)


def anggota_untuk(user, pk: int, *, kemampuan: K = K.BACA_KELUARGA) -> Anggota:
    """The member for this capability: 403 if the role lacks it, 404 outside the scope."""
    wajib(user, kemampuan)
    return ambil(anggota_qs(user, tulis=kemampuan != K.BACA_KELUARGA), pk=pk)
