"""The Kampung KB portal's classification (OFFICIAL.md §2): twelve scores, three indices, a class,
and what would lift the class next. Pure functions of plain dicts — no database here.

Inputs: the report's `portal_kkbpk` block (the output indicators, from the portal form's own
figures) and `masukan` — the profile's counts for the input and process indicators, built by
``kampungkb.klasifikasi.masukan`` (registered with ``laporan.blok``, see there):

    {"pokja": bool, "anggota_pokja": int, "pokja_dilatih": bool, "sumber_dana": int,
     "poktan": int, "sarana": int, "pkb": bool, "regulasi": bool, "penggunaan_data": int,
     "operasional": int, "lintas_sektor": int}

Rounding (OFFICIAL.md §2, overriding DOMAIN.md §2's one decimal for this block): each percentage
once from the integer counts to a whole number, half up; a zero denominator counts as 0 %.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations, product

from django.utils.translation import gettext as _

KELAS = ("Dasar", "Berkembang", "Mandiri", "Berkelanjutan")

SKOR_INPUT = (
    "input_pokja",
    "input_sumber_dana",
    "input_poktan",
    "input_sarana",
    "input_pkb_regulasi",
)
SKOR_PROSES = ("proses_penggunaan_data", "proses_operasional", "proses_lintas_sektor")
SKOR_OUTPUT = ("output_poktan", "output_cpr", "output_mkjp", "output_unmet_need")
INDEKS = {"input": SKOR_INPUT, "proses": SKOR_PROSES, "output": SKOR_OUTPUT}
MAKS = {k: 4 for k in SKOR_INPUT + SKOR_PROSES + SKOR_OUTPUT} | {
    "input_sarana": 3,
    "input_pkb_regulasi": 3,
}
# skor_kampung_kb (REPORT_JSON.md) keeps its four keys, filled from the same output scores.
SKOR_LAMA = {
    "cpr_7_cara": "output_cpr",
    "mkjp": "output_mkjp",
    "unmet_need": "output_unmet_need",
    "partisipasi_poktan": "output_poktan",
}
POKTAN = (
    ("bkb", "keluarga_balita"),
    ("bkr", "keluarga_remaja"),
    ("bkl", "keluarga_lansia"),
    ("uppka", "keluarga"),
    ("pik_r", "remaja"),
)
METODE_7 = ("iud", "mow", "mop", "kondom", "implan", "suntik", "pil")
METODE_MKJP = ("iud", "mow", "mop", "implan")


def persen_bulat(pembilang: int, penyebut: int) -> int:
    """A whole percentage, half up, from integer counts (exact integer arithmetic); 0 when the
    denominator is 0."""
    if penyebut <= 0:
        return 0
    return (200 * pembilang + penyebut) // (2 * penyebut)


def rata_bulat(nilai: list[int]) -> int:
    """The mean of whole numbers rounded half up to a whole number."""
    return (2 * sum(nilai) + len(nilai)) // (2 * len(nilai))


# --- bands ---------------------------------------------------------------------------------------
# Each band is the lowest value (count or %) that earns a score; unmet need is the other way round.

AMBANG = {
    "input_sumber_dana": (0, 1, 2, 5),
    "input_poktan": (0, 1, 3, 5),
    "input_sarana": (0, 1, 2),
    "proses_penggunaan_data": (0, 1, 2, 4),
    "proses_operasional": (0, 1, 3, 5),
    "proses_lintas_sektor": (0, 1, 4, 7),
    "output_poktan": (0, 10, 21, 31),
    "output_cpr": (0, 30, 41, 51),
    "output_mkjp": (0, 20, 23, 25),
}
# unmet need: a score s needs the percentage at most this.
AMBANG_UNMET = (100, 12, 9, 6)


def skor_ambang(nilai: int, ambang: tuple[int, ...]) -> int:
    return max(s for s, batas in enumerate(ambang, start=1) if nilai >= batas)


def skor_unmet(persen: int) -> int:
    return max(s for s, batas in enumerate(AMBANG_UNMET, start=1) if persen <= batas)


def skor_pokja(ada: bool, anggota: int, dilatih: bool) -> int:
    if not ada:
        return 1
    return 2 + (anggota > 0) + bool(dilatih)


def skor_pkb_regulasi(pkb: bool, regulasi: bool) -> int:
    return 1 + bool(pkb) + bool(regulasi)


# --- the output indicators from the portal form ---------------------------------------------------


def nilai_output(portal: dict) -> dict:
    """The four output percentages (whole numbers) and the counts behind them."""
    pus = portal["pus"]
    kontra = portal["kontrasepsi"]
    pengguna = sum(kontra[m] for m in METODE_7)
    mkjp = sum(kontra[m] for m in METODE_MKJP)
    unmet = portal["non_kontrasepsi"]["iat"] + portal["non_kontrasepsi"]["tial"]
    ikut, penyebut = portal["ikut_poktan"], portal["penyebut_poktan"]
    per_poktan = {j: persen_bulat(ikut[j], penyebut[p]) for j, p in POKTAN}
    return {
        "pus": pus,
        "pengguna": pengguna,
        "mkjp_n": mkjp,
        "unmet_n": unmet,
        "poktan_persen": per_poktan,
        "poktan": rata_bulat(list(per_poktan.values())),
        "cpr": persen_bulat(pengguna, pus),
        "mkjp": persen_bulat(mkjp, pengguna),
        "unmet_need": persen_bulat(unmet, pus),
    }


def skor_output(portal: dict) -> dict:
    n = nilai_output(portal)
    return {
        "output_poktan": skor_ambang(n["poktan"], AMBANG["output_poktan"]),
        "output_cpr": skor_ambang(n["cpr"], AMBANG["output_cpr"]),
        "output_mkjp": skor_ambang(n["mkjp"], AMBANG["output_mkjp"]),
        "output_unmet_need": skor_unmet(n["unmet_need"]),
    }


def skor_kampung_kb(portal: dict | None) -> dict:
    """REPORT_JSON.md `skor_kampung_kb`: the four output scores under their old keys."""
    if not portal:
        return dict.fromkeys(SKOR_LAMA)
    s = skor_output(portal)
    return {lama: s[baru] for lama, baru in SKOR_LAMA.items()}


def skor_masukan(m: dict) -> dict:
    return {
        "input_pokja": skor_pokja(m["pokja"], m["anggota_pokja"], m["pokja_dilatih"]),
        "input_sumber_dana": skor_ambang(m["sumber_dana"], AMBANG["input_sumber_dana"]),
        "input_poktan": skor_ambang(m["poktan"], AMBANG["input_poktan"]),
        "input_sarana": skor_ambang(m["sarana"], AMBANG["input_sarana"]),
        "input_pkb_regulasi": skor_pkb_regulasi(m["pkb"], m["regulasi"]),
        "proses_penggunaan_data": skor_ambang(
            m["penggunaan_data"], AMBANG["proses_penggunaan_data"]
        ),
        "proses_operasional": skor_ambang(m["operasional"], AMBANG["proses_operasional"]),
        "proses_lintas_sektor": skor_ambang(m["lintas_sektor"], AMBANG["proses_lintas_sektor"]),
    }


def indeks(skor: dict) -> dict:
    """Each index = the mean of its scores, two decimals (half up)."""
    return {
        nama: float(
            (Decimal(sum(skor[k] for k in kunci)) / len(kunci)).quantize(
                Decimal("0.01"), ROUND_HALF_UP
            )
        )
        for nama, kunci in INDEKS.items()
    }


def _capai(skor: dict) -> dict[str, bool]:
    """Whether each index is ≥ 3 (by integer sums: a mean of n scores is ≥ 3 iff the sum ≥ 3n)."""
    return {nama: sum(skor[k] for k in kunci) >= 3 * len(kunci) for nama, kunci in INDEKS.items()}


def kelas_dari(capai: dict[str, bool]) -> str:
    i, p, o = capai["input"], capai["proses"], capai["output"]
    if i and p and o:
        return "Berkelanjutan"
    if i and p:
        return "Berkembang"
    if o and (i != p):
        return "Mandiri"
    return "Dasar"


def klasifikasi(portal: dict, masukan: dict) -> dict:
    """REPORT_JSON.md `klasifikasi_kampung_kb`: {"skor", "indeks", "kelas", "masukan"} — the
    counts behind the input/process scores are kept so the hint can be worded from a snapshot."""
    skor = {**skor_masukan(masukan), **skor_output(portal)}
    return {
        "skor": {k: skor[k] for k in SKOR_INPUT + SKOR_PROSES + SKOR_OUTPUT},
        "indeks": indeks(skor),
        "kelas": kelas_dari(_capai(skor)),
        "masukan": dict(masukan),
    }


# --- what would lift the class next ---------------------------------------------------------------


def _satu(n: int, satuan: str, jamak: str | None = None) -> str:
    return _("satu %(s)s") % {"s": satuan} if n == 1 else f"{n} {jamak or satuan}"


def _biaya_hitungan(sekarang: int, ambang: tuple[int, ...], skor_ke: int) -> int:
    return max(0, ambang[skor_ke - 1] - sekarang)


def _biaya_persen_naik(pembilang: int, penyebut: int, target: int, batas: int) -> int | None:
    """The fewest units added to the numerator (at most `batas`) to round to ≥ target %."""
    if penyebut <= 0:
        return None
    # round_half_up(100 x / d) ≥ t  ⇔  200 x ≥ (2t − 1) d
    perlu = -(-((2 * target - 1) * penyebut) // 200)
    x = max(0, perlu - pembilang)
    return x if x <= batas else None


def _biaya_unmet(unmet: int, pus: int, maks_persen: int) -> int | None:
    """The fewest unmet-need PUS to take off the numerator so it rounds to ≤ maks_persen."""
    if pus <= 0:
        return 0
    # round_half_up(100 u / d) ≤ m  ⇔  200 u < (2m + 1) d  ⇔  u ≤ ((2m+1) d − 1) // 200
    boleh = ((2 * maks_persen + 1) * pus - 1) // 200
    return max(0, unmet - boleh)


def _biaya_poktan(portal: dict, target: int) -> tuple[int, dict] | None:
    """The fewest families/remaja added across the five poktan so the rounded mean of the five
    rounded percentages reaches `target`: a small knapsack over the points each type can give."""
    perlu = max(0, 5 * target - 2)  # round_half_up(Σ/5) ≥ t ⇔ Σ ≥ 5t − 2.5 ⇔ Σ ≥ 5t − 2
    ikut, penyebut = portal["ikut_poktan"], portal["penyebut_poktan"]
    # best[points] = (units, {jenis: x})
    best: dict[int, tuple[int, dict]] = {0: (0, {})}
    for j, p in POKTAN:
        a, d = ikut[j], penyebut[p]
        sekarang = persen_bulat(a, d)
        pilihan = [(sekarang, 0)]
        if d > 0:
            for t in range(sekarang + 1, 101):
                x = _biaya_persen_naik(a, d, t, d - a)
                if x is not None:
                    pilihan.append((t, x))
        baru: dict[int, tuple[int, dict]] = {}
        for poin, (u, rinci) in best.items():
            for t, x in pilihan:
                q = min(perlu, poin + t)
                calon = (u + x, {**rinci, j: x} if x else rinci)
                if q not in baru or calon[0] < baru[q][0]:
                    baru[q] = calon
        best = baru
    return best.get(perlu)


def _langkah_indikator(kunci: str, skor_now: int, skor_ke: int, portal: dict, m: dict):
    """(units, words) to take one indicator from skor_now to skor_ke, or None if impossible."""
    if kunci == "input_pokja":
        punya = {
            "pokja": m["pokja"],
            "anggota": m["anggota_pokja"] > 0,
            "latih": m["pokja_dilatih"],
        }
        kata = {
            "pokja": _("bentuk pokja Kampung KB"),
            "anggota": _("catat anggota pokja"),
            "latih": _("ikutkan pokja pelatihan pengelolaan Kampung KB"),
        }
        kurang = [k for k in kata if not punya[k]]
        for n in range(1, len(kurang) + 1):
            for pilih in combinations(kurang, n):
                p = {**punya, **dict.fromkeys(pilih, True)}
                if skor_pokja(p["pokja"], int(p["anggota"]), p["latih"]) >= skor_ke:
                    return n, "; ".join(kata[k] for k in pilih)
        return None
    if kunci == "input_pkb_regulasi":
        perlu = []
        if not m["pkb"]:
            perlu.append(_("PLKB/PKB pendamping (dengan NIP)"))
        if not m["regulasi"]:
            perlu.append(_("regulasi Kampung KB"))
        perlu = perlu[: skor_ke - skor_now]
        return len(perlu), _("tambah %(x)s") % {"x": _(" dan ").join(perlu)}
    satuan = {
        "input_sumber_dana": ("sumber dana", "sumber_dana"),
        "input_poktan": ("jenis poktan aktif", "poktan"),
        "input_sarana": ("sarana (Sekretariat/Rumah DataKu)", "sarana"),
        "proses_penggunaan_data": ("sumber data perencanaan", "penggunaan_data"),
        "proses_operasional": ("mekanisme operasional", "operasional"),
        "proses_lintas_sektor": ("instansi lintas sektor", "lintas_sektor"),
    }
    if kunci in satuan:
        nama, kolom = satuan[kunci]
        now = m[kolom]
        x = _biaya_hitungan(now, AMBANG[kunci], skor_ke)
        return x, _("%(a)s → %(b)s %(n)s: %(x)s lagi") % {
            "a": now,
            "b": now + x,
            "n": _(nama),
            "x": _satu(x, _(nama)),
        }
    n = nilai_output(portal)
    if kunci == "output_cpr":
        t = AMBANG[kunci][skor_ke - 1]
        x = _biaya_persen_naik(n["pengguna"], n["pus"], t, n["pus"] - n["pengguna"])
        if x is None:
            return None
        return x, _("CPR %(a)s %% → %(b)s %%: %(x)s lagi") % {
            "a": n["cpr"],
            "b": persen_bulat(n["pengguna"] + x, n["pus"]),
            "x": _satu(x, _("peserta KB")),
        }
    if kunci == "output_mkjp":
        t = AMBANG[kunci][skor_ke - 1]
        x = _biaya_persen_naik(n["mkjp_n"], n["pengguna"], t, n["pengguna"] - n["mkjp_n"])
        if x is None:
            return None
        return x, _("MKJP %(a)s %% → %(b)s %%: %(x)s beralih ke MKJP") % {
            "a": n["mkjp"],
            "b": persen_bulat(n["mkjp_n"] + x, n["pengguna"]),
            "x": _satu(x, _("peserta KB")),
        }
    if kunci == "output_unmet_need":
        x = _biaya_unmet(n["unmet_n"], n["pus"], AMBANG_UNMET[skor_ke - 1])
        return x, _("Unmet need %(a)s %% → %(b)s %%: %(x)s mulai ber-KB") % {
            "a": n["unmet_need"],
            "b": persen_bulat(n["unmet_n"] - x, n["pus"]),
            "x": _satu(x, _("PUS unmet need")),
        }
    if kunci == "output_poktan":
        hasil = _biaya_poktan(portal, AMBANG[kunci][skor_ke - 1])
        if hasil is None:
            return None
        x, rinci = hasil
        per = dict(n["poktan_persen"])
        for j, tambah in rinci.items():
            p = dict(POKTAN)[j]
            per[j] = persen_bulat(portal["ikut_poktan"][j] + tambah, portal["penyebut_poktan"][p])
        label = {"bkb": "BKB", "bkr": "BKR", "bkl": "BKL", "uppka": "UPPKA", "pik_r": "PIK R"}
        bagian = ", ".join(f"{label[j]} +{v}" for j, v in rinci.items())
        return x, _("Partisipasi poktan %(a)s %% → %(b)s %%: %(x)s lagi ikut poktan (%(r)s)") % {
            "a": n["poktan"],
            "b": rata_bulat(list(per.values())),
            "x": _satu(x, _("keluarga/remaja")),
            "r": bagian,
        }
    raise KeyError(kunci)


def _cara_capai(nama: str, skor: dict, portal: dict, m: dict):
    """The cheapest way to lift index `nama` to ≥ 3: (steps, units, [(kunci, dari, ke, words)]),
    or None when it cannot be reached by raising scores."""
    kunci = INDEKS[nama]
    kurang = 3 * len(kunci) - sum(skor[k] for k in kunci)
    if kurang <= 0:
        return (0, 0, [])
    terbaik = None
    rentang = [range(0, MAKS[k] - skor[k] + 1) for k in kunci]
    # each (indicator, target score) is costed once: the poktan knapsack is the dear one
    biaya = {
        (k, d): _langkah_indikator(k, skor[k], skor[k] + d, portal, m)
        for k, r in zip(kunci, rentang, strict=True)
        for d in r
        if d
    }
    for naik in product(*rentang):
        if sum(naik) != kurang:
            continue
        unit, rinci = 0, []
        for k, d in zip(kunci, naik, strict=True):
            if d == 0:
                continue
            hasil = biaya[(k, d)]
            if hasil is None:
                break
            unit += hasil[0]
            rinci.append((k, skor[k], skor[k] + d, hasil[1]))
        else:
            if terbaik is None or unit < terbaik[1]:
                terbaik = (kurang, unit, rinci)
    return terbaik


def _format_indeks(nilai) -> str:
    return f"{Decimal(str(nilai)):.2f}".replace(".", ",")


def naik_kelas(portal: dict, blok: dict) -> dict | None:
    """What would lift the class next: the lowest class above today's that raising scores can
    reach, by the fewest +1 steps (and among equals the fewest real units).

    {"kelas": "Berkembang", "langkah": 1, "baris": ["Proses 2,67 → 3,00: …"],
     "rincian": [{"skor", "dari", "ke", "teks"}]}; None for Berkelanjutan or when unreachable."""
    skor, m = blok["skor"], blok["masukan"]
    sekarang = blok["kelas"]
    capai = _capai(skor)
    cara = {nama: _cara_capai(nama, skor, portal, m) for nama in INDEKS}
    for target in KELAS[KELAS.index(sekarang) + 1 :]:
        pilihan = []
        for calon in product([False, True], repeat=3):
            c = dict(zip(("input", "proses", "output"), calon, strict=True))
            if any(capai[k] and not c[k] for k in c):
                continue  # scores only go up
            if kelas_dari(c) != target:
                continue
            perlu = [k for k in c if c[k] and not capai[k]]
            if any(cara[k] is None for k in perlu):
                continue
            langkah = sum(cara[k][0] for k in perlu)
            unit = sum(cara[k][1] for k in perlu)
            pilihan.append((langkah, unit, perlu))
        if not pilihan:
            continue
        langkah, _unit, perlu = min(pilihan, key=lambda x: (x[0], x[1]))
        label = {"input": _("Input"), "proses": _("Proses"), "output": _("Output")}
        baris, rincian = [], []
        for nama in perlu:
            _n, _u, rinci = cara[nama]
            baru = dict(skor)
            for k, _a, b, _t in rinci:
                baru[k] = b
            teks = "; ".join(t for _k, _a, _b, t in rinci)
            baris.append(
                f"{label[nama]} {_format_indeks(indeks(skor)[nama])} → "
                f"{_format_indeks(indeks(baru)[nama])}: {teks}"
            )
            rincian += [{"skor": k, "dari": a, "ke": b, "teks": t} for k, a, b, t in rinci]
        return {"kelas": target, "langkah": langkah, "baris": baris, "rincian": rincian}
    return None
