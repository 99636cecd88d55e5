"""The monthly report of REPORT_JSON.md, computed live from keluarga.indicators.

One call computes every table for a set of desa (one desa, or a kecamatan's) with a fixed number
of queries: per-RT counts from the database, summed here into RW, dusun, desa and kecamatan.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from keluarga import indicators as ind
from keluarga import kode
from keluarga.models import RT, Desa
from laporan import blok as blok_tambahan
from laporan import klasifikasi as klas
from laporan import portal
from pendampingan import indicators as pendampingan_ind

KUNCI_PERBANDINGAN = {
    # path: whether a rise is better (True), worse (False) or neutral (None)
    "penduduk.jumlah.total": None,
    "keluarga.jumlah": None,
    "kb.pus": None,
    "kb.peserta_aktif.total": True,
    "kb.cpr": True,
    "kb.mcpr": True,
    "kb.mkjp_persen": True,
    "kb.unmet_need_persen": False,
    "keluarga.krs": False,
    "posyandu.prevalensi_stunting_persen": False,
    "posyandu.rasio.d_s": True,
}


class LaporanDitolak(ValueError):
    """A month that cannot be reported (before the first month of data, or in the future)."""


def parse_bulan(teks: str) -> tuple[int, int]:
    try:
        tahun, bulan = (int(x) for x in teks.split("-"))
        dt.date(tahun, bulan, 1)
    except (ValueError, TypeError) as e:
        raise LaporanDitolak(_("Bulan harus ditulis TTTT-BB, misalnya 2026-10.")) from e
    return tahun, bulan


def _angka(v):
    """JSON-ready number: Decimal percentages become floats with one decimal."""
    return float(v) if isinstance(v, Decimal) else v


def _lsp(d: dict) -> dict:
    return {"L": d.get("L", 0), "P": d.get("P", 0), "total": d.get("L", 0) + d.get("P", 0)}


def blok_penduduk(p: dict) -> dict:
    umur = p.get("umur", {})
    return {
        "jumlah": _lsp(p),
        "kelompok_umur": [
            {"kelompok": k, "L": umur.get(k, {}).get("L", 0), "P": umur.get(k, {}).get("P", 0)}
            for k in ind.KELOMPOK_UMUR
        ],
        **{
            k: p.get(k, 0)
            for k in (
                "balita",
                "baduta",
                "anak_usia_bkb",
                "remaja",
                "lansia",
                "wus",
                "ibu_hamil",
                "anak_tanpa_akta",
                "pengguna_bpjs",
            )
        },
    }


def blok_keluarga(p: dict, k: dict) -> dict:
    tahapan = k.get("tahapan_ks", {})
    return {
        "jumlah": p.get("keluarga", 0),
        "dengan_balita": p.get("keluarga_dengan_balita", 0),
        "dengan_baduta": p.get("keluarga_dengan_baduta", 0),
        "dengan_remaja": p.get("keluarga_dengan_remaja", 0),
        "dengan_lansia": p.get("keluarga_dengan_lansia", 0),
        "sasaran_krs": k.get("sasaran_krs", 0),
        "krs": k.get("krs", 0),
        "krs_data_belum_lengkap": k.get("krs_data_belum_lengkap", 0),
        "kurang_mampu": k.get("kurang_mampu", 0),
        "tahapan_ks": {t: tahapan.get(t, 0) for t in kode.TahapanKS.values},
    }


def blok_kb(status: dict, pb: dict) -> dict:
    r = ind.ringkas_kb(status)
    metode = {m: pb.get(m, 0) for m in kode.MetodeKB.values}
    r["peserta_baru"] = {**metode, "total": sum(metode.values())}
    return {k: _angka(v) for k, v in r.items()}


def _pohon(desa_list: list[Desa], rt_ids: list[int] | None = None) -> list[RT]:
    qs = RT.objects.filter(desa__in=desa_list)
    if rt_ids is not None:
        qs = qs.filter(pk__in=rt_ids)
    return list(
        qs.select_related("rw__dusun__desa").order_by(
            "desa__kode", "rw__dusun__nama", "rw__nomor", "nomor"
        )
    )


def _di_wilayah(per_rt: dict[int, dict], rt_ids: list[int] | None) -> dict[int, dict]:
    """Keep the per-RT rows of an area (all of them for the whole desa)."""
    if rt_ids is None:
        return per_rt
    ids = set(rt_ids)
    return {k: v for k, v in per_rt.items() if k in ids}


def per_wilayah(
    desa_list: list[Desa],
    rts: list[RT],
    pen: dict,
    kel: dict,
    kb: dict,
    pb: dict,
    *,
    dengan_desa: bool,
) -> list[dict]:
    """One entry per (desa,) dusun, RW and RT with penduduk/keluarga/kb blocks (RT counts summed)."""
    bagian: dict[str, dict] = {}
    urutan: list[str] = []

    def entri(tingkat, kode_, nama, induk):
        if kode_ not in bagian:
            bagian[kode_] = {
                "tingkat": tingkat,
                "kode": kode_,
                "nama": nama,
                "induk": induk,
                "_rt": [],
            }
            urutan.append(kode_)
        return bagian[kode_]

    for rt in rts:
        desa = rt.rw.dusun.desa
        k_desa = desa.kode
        k_dusun = f"{k_desa}/{rt.rw.dusun.nama.upper()}"
        k_rw = f"{k_dusun}/{rt.rw.nomor}"
        k_rt = f"{k_rw}/{rt.nomor}"
        rantai = [
            entri("dusun", k_dusun, f"Dusun {rt.rw.dusun.nama}", k_desa if dengan_desa else None)
        ]
        if dengan_desa:
            rantai.insert(0, entri("desa", k_desa, desa.nama, None))
        rantai += [
            entri("rw", k_rw, f"RW {rt.rw.nomor}", k_dusun),
            entri("rt", k_rt, f"RT {rt.nomor}", k_rw),
        ]
        for e in rantai:
            e["_rt"].append(rt.pk)
    hasil = []
    for k in urutan:
        e = bagian[k]
        ids = e.pop("_rt")
        p = ind.jumlahkan(pen.get(i, {}) for i in ids)
        e["penduduk"] = blok_penduduk(p)
        e["keluarga"] = blok_keluarga(p, ind.jumlahkan(kel.get(i, {}) for i in ids))
        e["kb"] = blok_kb(
            ind.jumlahkan(kb.get(i, {}) for i in ids), ind.jumlahkan(pb.get(i, {}) for i in ids)
        )
        hasil.append(e)
    return hasil


def blok_mutasi(
    awal: dt.date,
    akhir: dt.date,
    desa_ids: list[int],
    koreksi: dict | None,
    rt_ids: list[int] | None = None,
    *,
    penduduk_akhir: dict | None = None,
) -> dict:
    m = ind.hitung_mutasi(awal, akhir, desa_ids, rt_ids, akhir_diketahui=penduduk_akhir)
    nol = {"L": 0, "P": 0, "total": 0}
    m["koreksi_bulan_lalu"] = koreksi or {
        **nol,
        "per_sebab": {
            k: dict(nol)
            for k in ("lahir", "datang", "meninggal", "pindah", "tanpa_peristiwa", "penggabungan")
        },
    }
    return m


def _ambil(d: dict, jalur: str):
    for bagian in jalur.split("."):
        if not isinstance(d, dict):
            return None
        d = d.get(bagian)
    return d


def perbandingan(sekarang: dict, lalu: dict | None) -> dict:
    """Each indicator beside last month's: arah naik/turun/sama and whether that is better."""
    hasil = {}
    for jalur, naik_baik in KUNCI_PERBANDINGAN.items():
        a = _ambil(sekarang, jalur)
        b = _ambil(lalu, jalur) if lalu else None
        if a is None or b is None:
            hasil[jalur] = {"bulan_lalu": b, "arah": None, "lebih_baik": None}
            continue
        arah = "naik" if a > b else "turun" if a < b else "sama"
        if naik_baik is None or arah == "sama":
            lebih_baik = None
        else:
            lebih_baik = (arah == "naik") == naik_baik
        hasil[jalur] = {"bulan_lalu": b, "arah": arah, "lebih_baik": lebih_baik}
    return hasil


def _blok_poktan(tahun, bulan, desa_ids, rt_ids=None, *, sasaran=None):
    from poktan import indicators as pi

    return (
        pi.blok_poktan(tahun, bulan, desa_ids, rt_ids, sasaran=sasaran),
        pi.blok_posyandu(tahun, bulan, desa_ids, rt_ids),
    )


def susun(
    desa_list: list[Desa],
    tahun: int,
    bulan: int,
    *,
    kecamatan: dict | None = None,
    status: str = "terbuka",
    koreksi: dict | None = None,
    laporan_lalu: dict | None = None,
    wilayah=None,
    kampung_kb=None,
) -> dict:
    """The full monthly report (REPORT_JSON.md) for one desa or, with `kecamatan`, several.

    `wilayah` (a ``laporan.wilayah.Wilayah``) limits a desa's report to an area of its RTs (a
    kader's regions, the Kampung KB area): every block counts only what lies there — except
    `portal_kkbpk`, which always describes `kampung_kb` (the Kampung KB area's Wilayah, resolved by
    the caller; None for the whole desa), so that it is the same in every report of the desa."""
    from keluarga import ganda, kualitas
    from laporan import daftar
    from poktan import indicators as pi

    akhir = ind.akhir_bulan(tahun, bulan)
    awal = akhir.replace(day=1)
    ids = [d.pk for d in desa_list]
    rt_ids = list(wilayah.rt_ids) if wilayah else None
    pen_desa = ind.hitung_penduduk(akhir, ids)
    kb_desa, niat_desa = ind.hitung_kb_rinci(akhir, ids)
    pen = _di_wilayah(pen_desa, rt_ids)
    # One pass over the families counts table 3 and the worklist's family checks together.
    kel = _di_wilayah(
        ind.hitung_keluarga(akhir, ids, tambahan=kualitas.SYARAT_KELUARGA_LAPORAN), rt_ids
    )
    kb = _di_wilayah(kb_desa, rt_ids)
    niat = _di_wilayah(niat_desa, rt_ids)
    pb = _di_wilayah(ind.hitung_pb(awal, akhir, ids), rt_ids)
    p_total = ind.jumlahkan(pen.values())
    kel_total = ind.jumlahkan(kel.values())
    kb_total = blok_kb(ind.jumlahkan(kb.values()), ind.jumlahkan(pb.values()))
    # One reading of the poktan targets and active members per RT of the whole desa: the poktan
    # block sums the area's RTs, the portal block (always the desa's or Kampung KB's) its own.
    sasaran_poktan = pi.sasaran_per_rt(tahun, bulan, ids)
    poktan, posyandu = _blok_poktan(tahun, bulan, ids, rt_ids, sasaran=sasaran_poktan)
    laporan = {
        "desa": (
            [{"kode": d.kode, "nama": d.nama} for d in desa_list]
            if kecamatan
            else {"kode": desa_list[0].kode, "nama": desa_list[0].nama}
        ),
        "bulan": f"{tahun:04d}-{bulan:02d}",
        "tanggal_acuan": akhir.isoformat(),
        "status": status,
        "penduduk": blok_penduduk(p_total),
        # The month-end population by sex is table 1's (same definition and area).
        "mutasi": blok_mutasi(awal, akhir, ids, koreksi, rt_ids, penduduk_akhir=p_total),
        "keluarga": blok_keluarga(p_total, kel_total),
        "kb": kb_total,
        "poktan": poktan,
        "posyandu": posyandu,
        "daftar": {},
        # Some checks are table 4's and table 3's counts by the same definitions (ind.pus_pada,
        # ind.keluarga_dengan_status) and the family checks counted in table 3's pass: handed
        # over instead of counted again.
        "kualitas_data": kualitas.hitung_semua(
            akhir,
            ids,
            rt_ids,
            diketahui={
                "pus_belum_terdata": kb_total["belum_terdata"],
                "mal_tradisional_tanpa_niat": sum(
                    v.get(ind.NIAT_KOSONG, 0) for v in ind.jumlahkan(niat.values()).values()
                ),
                "data_krs_belum_lengkap": kel_total.get("krs_data_belum_lengkap", 0),
                **{k: kel_total.get(k, 0) for k in kualitas.SYARAT_KELUARGA_LAPORAN},
            },
        )
        # Stored likely-duplicate pairs still open (keluarga/ganda.py): both people in the
        # desa or, for an area, both families in its RTs now; frozen with the snapshot.
        | {"kandidat_ganda": ganda.hitung_kandidat(ids, rt_ids)},
        "skor_kampung_kb": {},
        "perbandingan": {},
        "per_wilayah": per_wilayah(
            desa_list, _pohon(desa_list, rt_ids), pen, kel, kb, pb, dengan_desa=bool(kecamatan)
        ),
    }
    if kecamatan:
        laporan["kecamatan"] = kecamatan
    if wilayah:
        laporan["wilayah"] = {"kunci": wilayah.kunci, "nama": wilayah.nama, "rt": rt_ids}
    laporan["daftar"] = daftar.hitung_dari_blok(laporan)
    laporan["portal_kkbpk"] = _blok_portal(
        desa_list,
        laporan["bulan"],
        pen_desa,
        kb_desa,
        niat_desa,
        pi.ikut_portal(sasaran_poktan),
        kampung_kb=kampung_kb,
        kecamatan=kecamatan,
    )
    laporan["pendampingan"] = pendampingan_ind.blok(tahun, bulan, ids, rt_ids)
    # The portal's output scores (OFFICIAL.md §2), from the portal form's own figures.
    laporan["skor_kampung_kb"] = klas.skor_kampung_kb(laporan.get("portal_kkbpk"))
    if not kecamatan:
        blok_tambahan.isi_blok(laporan, desa_list[0], tahun, bulan)  # e.g. klasifikasi_kampung_kb
    laporan["perbandingan"] = perbandingan(laporan, laporan_lalu)
    return laporan


def cakupan_portal(desa: Desa, kampung_kb=None) -> dict:
    """The label of the area `portal_kkbpk` describes: the Kampung KB area, else the desa."""
    if kampung_kb is not None:
        return {
            "jenis": "kampung_kb",
            "kunci": kampung_kb.kunci,
            "nama": str(kampung_kb.nama),
            "desa": desa.kode,
        }
    return {"jenis": "desa", "kunci": None, "nama": desa.nama, "desa": desa.kode}


def _blok_portal(desa_list, bulan_teks, pen, kb, niat, ikut, *, kampung_kb, kecamatan) -> dict:
    """`portal_kkbpk` (laporan/portal.py) from the per-RT counts of the whole desa: for the
    Kampung KB area's RTs (all of them without one); several desa are summed as in `gabung`."""
    if not kecamatan:
        desa = desa_list[0]
        return portal.blok(
            desa_kode=desa.kode,
            bulan=bulan_teks,
            pen=pen,
            kb=kb,
            niat=niat,
            ikut=ikut,
            rt_ids=list(kampung_kb.rt_ids) if kampung_kb is not None else None,
            cakupan=cakupan_portal(desa, kampung_kb),
        )
    rt_desa: dict[int, list[int]] = {}
    for rt, desa_id in RT.objects.filter(desa__in=desa_list).values_list("pk", "desa_id"):
        rt_desa.setdefault(desa_id, []).append(rt)
    per_desa = [
        (
            d.kode,
            portal.blok(
                desa_kode=d.kode,
                bulan=bulan_teks,
                pen=pen,
                kb=kb,
                niat=niat,
                ikut=ikut,
                rt_ids=rt_desa.get(d.pk, []),
                cakupan=cakupan_portal(d),
            ),
        )
        for d in desa_list
    ]
    return portal.gabung(per_desa, {"jenis": "kecamatan", **kecamatan})


def _jumlah_blok(blok: list[dict]) -> dict:
    """Deep-sum integer counts of several reports' blocks (percentages are recomputed after)."""
    hasil: dict = {}
    for b in blok:
        for k, v in b.items():
            if isinstance(v, dict):
                hasil[k] = _jumlah_blok([hasil.get(k, {}), v])
            elif isinstance(v, list):
                if k not in hasil:
                    hasil[k] = [dict(x) for x in v]
                else:
                    for tujuan, x in zip(hasil[k], v, strict=True):
                        for kk, vv in x.items():
                            if isinstance(vv, int) and not isinstance(vv, bool):
                                tujuan[kk] += vv
            elif isinstance(v, int) and not isinstance(v, bool):
                hasil[k] = hasil.get(k, 0) + v
            elif k not in hasil:
                hasil[k] = v
    return hasil


def _kb_ulang(kb: dict) -> dict:
    """The KB block rebuilt from its summed counts: CPR, mCPR, MKJP and unmet need recomputed."""
    pa = kb["peserta_aktif"]
    status = {m: pa.get(m, 0) for m in kode.MetodeKB.values}
    status.update(kb["tidak_kb"])
    status["belum_terdata"] = kb["belum_terdata"]
    return blok_kb(status, {m: kb["peserta_baru"].get(m, 0) for m in kode.MetodeKB.values})


def _hitung_ulang_persen(lap_: dict) -> None:
    """Recompute every percentage of a summed report from its summed counts (DOMAIN.md §2)."""
    lap_["kb"] = _kb_ulang(lap_["kb"])
    for p in lap_["poktan"].values():
        p["partisipasi_persen"] = _angka(ind.persen(p["sasaran_aktif"], p["sasaran"]))
    pos = lap_["posyandu"]
    s = pos["skdn"]
    pos["rasio"] = {
        "k_s": _angka(ind.persen(s["k"], s["s"])),
        "d_s": _angka(ind.persen(s["d"], s["s"])),
        "n_d": _angka(ind.persen(s["n"], s["d"])),
        "d_k": _angka(ind.persen(s["d"], s["k"])),
        "n_s": _angka(ind.persen(s["n"], s["s"])),
    }
    pos["prevalensi_stunting_persen"] = _angka(ind.persen(pos["stunting"], pos["diukur"]))


BLOK_JUMLAH = (
    "penduduk",
    "mutasi",
    "keluarga",
    "kb",
    "poktan",
    "posyandu",
    "daftar",
    "kualitas_data",
)


def _jumlahkan_desa(laporan_desa: list[dict], cakupan: dict) -> dict:
    """The blocks of a sum of villages' reports (live or closed snapshots): each count summed,
    each percentage recomputed from the sums; ``cakupan`` names the sum for the portal block."""
    pertama = laporan_desa[0]
    hasil = {
        "desa": [r["desa"] for r in laporan_desa],
        "bulan": pertama["bulan"],
        "tanggal_acuan": pertama["tanggal_acuan"],
        "status": "ditutup" if all(r["status"] == "ditutup" for r in laporan_desa) else "terbuka",
    }
    for b in BLOK_JUMLAH:
        hasil[b] = _jumlah_blok([r[b] for r in laporan_desa])
    _hitung_ulang_persen(hasil)
    # Family-assistance follow-up: summed, the KB pasca persalinan rate recomputed (a snapshot
    # closed before the block existed counts as zeros).
    hasil["pendampingan"] = pendampingan_ind.hitung_ulang(
        _jumlah_blok(
            [pendampingan_ind.kosong()] + [r.get("pendampingan") or {} for r in laporan_desa]
        )
    )
    hasil["portal_kkbpk"] = portal.gabung(
        [(r["desa"]["kode"], r.get("portal_kkbpk")) for r in laporan_desa], cakupan
    )
    hasil["skor_kampung_kb"] = klas.skor_kampung_kb(hasil.get("portal_kkbpk"))
    blok_tambahan.gabung_blok(hasil, laporan_desa)
    return hasil


def _entri_desa(r: dict, induk: str | None) -> dict:
    d = r["desa"]
    return {
        "tingkat": "desa",
        "kode": d["kode"],
        "nama": d["nama"],
        "induk": induk,
        "penduduk": r["penduduk"],
        "keluarga": r["keluarga"],
        "kb": r["kb"],
    }


def gabung(laporan_desa: list[dict], *, kecamatan: dict, laporan_lalu: dict | None = None) -> dict:
    """A kecamatan report as the sum of its villages' reports (live or closed snapshots):
    each count is the sum, each percentage recomputed from the sums."""
    hasil = _jumlahkan_desa(laporan_desa, {"jenis": "kecamatan", **kecamatan})
    hasil["perbandingan"] = perbandingan(hasil, laporan_lalu)
    wilayah = []
    for r in laporan_desa:
        wilayah.append(_entri_desa(r, None))
        for e in r["per_wilayah"]:
            wilayah.append({**e, "induk": e["induk"] or r["desa"]["kode"]})
    hasil["per_wilayah"] = wilayah
    hasil["kecamatan"] = kecamatan
    return hasil


def ringkasan_wilayah(laporan_desa: list[dict]) -> dict:
    """The per_wilayah blocks (penduduk, keluarga, kb) of a sum of villages: counts summed, the
    KB percentages recomputed from the summed counts (never averaged)."""
    kb = _jumlah_blok([r["kb"] for r in laporan_desa])
    return {
        "penduduk": _jumlah_blok([r["penduduk"] for r in laporan_desa]),
        "keluarga": _jumlah_blok([r["keluarga"] for r in laporan_desa]),
        "kb": _kb_ulang(kb),
    }


def gabung_kabupaten(
    laporan_desa: list[dict],
    *,
    kabupaten: dict,
    nama_kecamatan: dict[str, str],
    laporan_lalu: dict | None = None,
) -> dict:
    """A kabupaten report: the two-level tree kabupaten → kecamatan → desa.

    The kabupaten's blocks are the sum of every desa's (a sum of sums is the sum; percentages
    recomputed once from the totals, never averaged over kecamatan). ``per_wilayah`` holds one
    entry per kecamatan (``tingkat: "kecamatan"``, its counts summed and its KB percentages
    recomputed) followed by its desa (``induk`` = the kecamatan code); the dusun/RW/RT rows of
    ~300 villages stay in each desa's own report. ``nama_kecamatan``: kecamatan code → name.
    The top keys: ``kabupaten`` {kode, nama}; ``kecamatan`` the same area with ``tingkat:
    "kabupaten"`` (the contract names a sum's area there); ``daftar_kecamatan``."""
    hasil = _jumlahkan_desa(laporan_desa, {"jenis": "kabupaten", **kabupaten})
    hasil["perbandingan"] = perbandingan(hasil, laporan_lalu)
    per_kecamatan: dict[str, list[dict]] = {}
    for r in sorted(laporan_desa, key=lambda r: r["desa"]["kode"]):
        per_kecamatan.setdefault(r["desa"]["kode"][:6], []).append(r)
    wilayah = []
    for kode_kec, rs in per_kecamatan.items():
        wilayah.append(
            {
                "tingkat": "kecamatan",
                "kode": kode_kec,
                "nama": nama_kecamatan.get(kode_kec) or kode_kec,
                "induk": None,
                **ringkasan_wilayah(rs),
            }
        )
        wilayah += [_entri_desa(r, kode_kec) for r in rs]
    hasil["per_wilayah"] = wilayah
    hasil["kabupaten"] = kabupaten
    # REPORT_JSON.md: a report whose "desa" is a list names its summed area under "kecamatan";
    # here that area is the kabupaten (its kecamatan are listed in "daftar_kecamatan").
    hasil["kecamatan"] = {**kabupaten, "tingkat": "kabupaten"}
    hasil["daftar_kecamatan"] = [
        {"kode": k, "nama": nama_kecamatan.get(k) or k, "jumlah_desa": len(rs)}
        for k, rs in per_kecamatan.items()
    ]
    return hasil
