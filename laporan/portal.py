"""The Kampung KB portal's monthly form (OFFICIAL.md §1): report block `portal_kkbpk`.

The KKBPK input (PUS by the portal's 7 methods and 4 reasons, families taking part in the poktan,
BPJS users) and the population input, for the Kampung KB area when the profile names one, else
the desa — the same block in every report of that desa and month (kader areas included), frozen
with the month at its close. `siap_kirim` says whether the portal would accept it; `masalah`
names each failing rule, with the name list of the people to fix.

The counting lives here, in laporan, not in kampungkb: ``laporan.susun`` builds it from the
per-RT counts it already has (keluarga.indicators, poktan.indicators: every definition once), and
kampungkb sits above laporan. The Kampung KB area itself is resolved by the caller
(``laporan.services`` through ``laporan.wilayah.wilayah_kampung_kb``) and handed in as RT ids.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from keluarga import indicators as ind
from keluarga import kode

# The portal's order and labels.
METODE_PORTAL = [
    ("iud", "IUD"),
    ("mow", "MOW"),
    ("mop", "MOP"),
    ("kondom", "Kondom"),
    ("implan", "Implan"),
    ("suntik", "Suntik"),
    ("pil", "Pil"),
]
ALASAN_PORTAL = [
    ("hamil", "Karena hamil"),
    ("ias", "Ingin anak segera (IAS)"),
    ("iat", "Ingin anak kemudian/ditunda (IAT)"),
    ("tial", "Tidak ingin anak lagi (TIAL)"),
]
# ikut key → (portal label, denominator key in penyebut_poktan, our cap wording).
IKUT_PORTAL = [
    ("bkb", "BKB", "keluarga_balita", _("keluarga yang punya balita")),
    ("bkr", "BKR", "keluarga_remaja", _("keluarga yang punya remaja")),
    ("bkl", "BKL", "keluarga_lansia", _("keluarga yang punya lansia")),
    ("uppka", "UPPKA", "keluarga", _("jumlah keluarga")),
    ("pik_r", "PIK R", "remaja", _("jumlah remaja")),
]

# Rule 1 in the portal's own words (OFFICIAL.md §1).
ATURAN_PUS = "Total pengguna kontrasepsi dan non kontrasepsi harus sama dengan total PUS"
# The causes that make rule 1 fail, each with its name list (laporan.daftar.JENIS_PORTAL).
SEBAB_ATURAN_PUS = {
    "belum_terdata": ("pus_belum_terdata", _("PUS belum terdata (status KB belum dicatat)")),
    "mal_tradisional_tanpa_niat": (
        "mal_tradisional_tanpa_niat",
        _("PUS ber-KB MAL/tradisional tanpa keinginan punya anak (IAS/IAT/TIAL)"),
    ),
}


def blok(
    *,
    desa_kode: str,
    bulan: str,
    pen: dict[int, dict],
    kb: dict[int, dict],
    niat: dict[int, dict],
    ikut: dict[int, dict],
    rt_ids: list[int] | None,
    cakupan: dict,
) -> dict:
    """The block for one desa from the per-RT counts of the whole desa, kept to `rt_ids` (the
    Kampung KB area; None for the whole desa). `cakupan` labels the area it describes."""

    def jumlah(per_rt):
        if rt_ids is None:
            return ind.jumlahkan(per_rt.values())
        return ind.jumlahkan(per_rt.get(i, {}) for i in rt_ids)

    p, s, n, ik = jumlah(pen), jumlah(kb), jumlah(niat), jumlah(ikut)
    per_niat = {
        a: sum(n.get(m, {}).get(a, 0) for m in kode.METODE_NIAT) for a in kode.AlasanTidakKB.values
    }
    tanpa_niat = sum(n.get(m, {}).get(ind.NIAT_KOSONG, 0) for m in kode.METODE_NIAT)
    jumlah_pus = sum(s.get(k, 0) for k in kode.StatusKBPada.values)
    penduduk = {
        "umur": [
            {
                "kelompok": k,
                "l": p.get("umur", {}).get(k, {}).get("L", 0),
                "p": p.get("umur", {}).get(k, {}).get("P", 0),
            }
            for k in ind.KELOMPOK_UMUR
        ],
        "pus": jumlah_pus,
        "keluarga": p.get("keluarga", 0),
        "remaja": p.get("remaja", 0),
        "keluarga_balita": p.get("keluarga_dengan_balita", 0),
        "keluarga_remaja": p.get("keluarga_dengan_remaja", 0),
        "keluarga_lansia": p.get("keluarga_dengan_lansia", 0),
    }
    hasil = {
        "cakupan": cakupan,
        "pus": jumlah_pus,
        "kontrasepsi": {m: s.get(m, 0) for m, _label in METODE_PORTAL},
        "non_kontrasepsi": {
            "hamil": s.get(kode.StatusKBPada.HAMIL, 0),
            **{a: s.get(a, 0) + per_niat[a] for a in kode.AlasanTidakKB.values},
        },
        # MAL and traditional users as the portal places them (shown, not added again).
        "mal_tradisional": {**per_niat, "tanpa_niat": tanpa_niat},
        "ikut_poktan": {k: ik.get(k, 0) for k, *_r in IKUT_PORTAL},
        "penyebut_poktan": {
            "keluarga_balita": penduduk["keluarga_balita"],
            "keluarga_remaja": penduduk["keluarga_remaja"],
            "keluarga_lansia": penduduk["keluarga_lansia"],
            "keluarga": penduduk["keluarga"],
            "remaja": penduduk["remaja"],
        },
        "pengguna_bpjs": p.get("pengguna_bpjs", 0),
        "jumlah_jiwa": p.get("L", 0) + p.get("P", 0),
        "penduduk": penduduk,
    }
    sebab = {
        "belum_terdata": s.get(kode.StatusKBPada.BELUM_TERDATA, 0),
        "mal_tradisional_tanpa_niat": tanpa_niat,
    }
    hasil["masalah"] = masalah(hasil, sebab, desa_kode=desa_kode, bulan=bulan, cakupan=cakupan)
    hasil["siap_kirim"] = not hasil["masalah"]
    return hasil


def _url_daftar(desa_kode: str, bulan: str, jenis: str, cakupan: dict) -> str:
    url = reverse("laporan:daftar", args=[desa_kode, bulan, jenis])
    return f"{url}?wilayah={cakupan['kunci']}" if cakupan.get("kunci") else url


def masalah(hasil: dict, sebab: dict[str, int], *, desa_kode, bulan, cakupan) -> list[dict]:
    """One entry per cause of a failing rule: rule 1's causes (with their name lists, whose
    length is the count), then our caps (which hold by construction: they only guard)."""
    daftar = []
    for kode_, n in sebab.items():
        if n:
            jenis, judul = SEBAB_ATURAN_PUS[kode_]
            daftar.append(
                {
                    "kode": kode_,
                    "aturan": ATURAN_PUS,
                    "aturan_kami": False,
                    "judul": str(judul),
                    "jumlah": n,
                    "daftar": _url_daftar(desa_kode, bulan, jenis, cakupan),
                }
            )
    for k, label, penyebut, kata in IKUT_PORTAL:
        lebih = hasil["ikut_poktan"][k] - hasil["penyebut_poktan"][penyebut]
        if lebih > 0:
            daftar.append(
                {
                    "kode": f"ikut_{k}_melebihi_penyebut",
                    "aturan": str(
                        _("Jumlah ikut %(p)s tidak boleh melebihi %(kata)s (aturan kami)")
                        % {"p": label, "kata": kata}
                    ),
                    "aturan_kami": True,
                    "judul": str(_("Ikut %(p)s melebihi penyebutnya") % {"p": label}),
                    "jumlah": lebih,
                    "daftar": None,
                }
            )
    lebih = hasil["pengguna_bpjs"] - hasil["jumlah_jiwa"]
    if lebih > 0:
        daftar.append(
            {
                "kode": "bpjs_melebihi_jiwa",
                "aturan": str(_("Pengguna BPJS tidak boleh melebihi jumlah jiwa (aturan kami)")),
                "aturan_kami": True,
                "judul": str(_("Pengguna BPJS melebihi jumlah jiwa")),
                "jumlah": lebih,
                "daftar": None,
            }
        )
    return daftar


def gabung(blok_desa: list[tuple[str, dict | None]], cakupan: dict) -> dict:
    """A kecamatan's (or kabupaten's) block: the counts summed over its desa, ready only when
    every desa is, each problem kept with its `desa`. A desa whose report has no block (a month
    closed before the form existed) is not ready."""
    hasil: dict = {"cakupan": cakupan}
    masalah_: list[dict] = []
    siap = True
    ada = []
    for desa_kode, b in blok_desa:
        if b is None:
            siap = False
            masalah_.append(
                {
                    "kode": "tanpa_formulir",
                    "aturan": str(_("Bulan ini ditutup sebelum formulir portal ada (aturan kami)")),
                    "aturan_kami": True,
                    "judul": str(_("Formulir portal tidak ada di laporan yang dibekukan")),
                    "jumlah": 0,
                    "daftar": None,
                    "desa": desa_kode,
                }
            )
            continue
        ada.append(b)
        siap = siap and b["siap_kirim"]
        masalah_ += [{**m, "desa": desa_kode} for m in b["masalah"]]
    kosong = blok(
        desa_kode="",
        bulan="",
        pen={},
        kb={},
        niat={},
        ikut={},
        rt_ids=None,
        cakupan=cakupan,
    )
    for kunci in (
        "pus",
        "kontrasepsi",
        "non_kontrasepsi",
        "mal_tradisional",
        "ikut_poktan",
        "penyebut_poktan",
        "pengguna_bpjs",
        "jumlah_jiwa",
        "penduduk",
    ):
        hasil[kunci] = _jumlah(kosong[kunci], [b.get(kunci, kosong[kunci]) for b in ada])
    hasil["siap_kirim"] = siap
    hasil["masalah"] = masalah_
    return hasil


def _jumlah(nol, bagian: list):
    """Sum of equally shaped values (ints, dicts of them, the age list)."""
    if isinstance(nol, dict):
        return {k: _jumlah(v, [b.get(k, v) for b in bagian]) for k, v in nol.items()}
    if isinstance(nol, list):
        return [
            {
                "kelompok": x["kelompok"],
                "l": sum(b[i]["l"] for b in bagian),
                "p": sum(b[i]["p"] for b in bagian),
            }
            for i, x in enumerate(nol)
        ]
    return sum(bagian)
