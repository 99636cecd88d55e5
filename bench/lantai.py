"""THE FLOOR: one hand-written SQL statement per report table (tables 1–4), for one desa and each
of its RTs, independent of keluarga.indicators. The benchmark asserts that they return exactly the
report's numbers, then divides the report's time by the floor's.

Same definitions as DOMAIN.md §2 and docs/DEFINISI.md, written directly: population on D (the
latest Datang / Pindah keluar / Meninggal on or before D), family on D (the first Pindah KK after
D names the family left), RT on D (the first house move after D names the house left), marital
status on D, open pregnancies and KB statuses [mulai, selesai), husband pairing, KRS risks.
Cut-off dates are computed here in Python (29 Feb → 28 Feb), like the app does; the SQL runs
unchanged on SQLite and PostgreSQL except for the year/month/day extraction.
"""

from __future__ import annotations

import calendar
import datetime as dt
import time
from collections import defaultdict

PRESENCE = "('datang', 'pindah_keluar', 'meninggal')"
KAWIN_EV = "('kawin', 'cerai_hidup', 'cerai_mati')"
BAND = 16
LABEL_BAND = [f"{5 * i}-{5 * i + 4}" for i in range(15)] + ["75+"]
AIR_LAYAK = (
    "kemasan",
    "ledeng",
    "sumur_bor",
    "sumur_terlindung",
)
METODE = ["iud", "mow", "mop", "implan", "suntik", "pil", "kondom", "mal", "tradisional"]
TAHAPAN = ["pra_s", "ks_1", "ks_2", "ks_3", "ks_3_plus", "belum_terdata"]


def _geser(d: dt.date, bulan: int) -> dt.date:
    total = d.year * 12 + d.month - 1 - bulan
    y, m0 = divmod(total, 12)
    return dt.date(y, m0 + 1, min(d.day, calendar.monthrange(y, m0 + 1)[1]))


def _ymd(vendor: str, kolom: str) -> str:
    """A date column as the integer YYYYMMDD."""
    if vendor == "postgresql":
        return f"(CAST(TO_CHAR({kolom}, 'YYYYMMDD') AS INTEGER))"
    return f"(CAST(strftime('%%Y%%m%%d', {kolom}) AS INTEGER))"


def _ymd_parts(vendor: str, kolom: str) -> tuple[str, str, str]:
    if vendor == "postgresql":
        return tuple(
            f"CAST(EXTRACT({p} FROM {kolom}) AS INTEGER)" for p in ("YEAR", "MONTH", "DAY")
        )
    return tuple(f"CAST(strftime('%%{p}', {kolom}) AS INTEGER)" for p in ("Y", "m", "d"))


def _ada_pada(param: str) -> str:
    """In the population on the date: born by then, latest presence event is none or Datang."""
    return f"""a.tanggal_lahir <= %({param})s
        AND COALESCE((SELECT p.jenis FROM keluarga_peristiwa p
                      WHERE p.anggota_id = a.id AND p.jenis IN {PRESENCE} AND p.tanggal <= %({param})s
                      ORDER BY p.tanggal DESC, p.id DESC LIMIT 1), 'datang') = 'datang'"""


_KEL_PADA = """COALESCE((SELECT p.keluarga_asal_id FROM keluarga_peristiwa p
                  WHERE p.anggota_id = a.id AND p.jenis = 'pindah_kk' AND p.tanggal > %(d)s
                  ORDER BY p.tanggal, p.id LIMIT 1), a.keluarga_id)"""


_RT_KELUARGA = """COALESCE((SELECT r0.rt_id FROM keluarga_pindahrumah pr
                  JOIN keluarga_rumah r0 ON r0.id = pr.rumah_asal_id
                  WHERE pr.keluarga_id = k.id AND pr.tanggal > %(d)s
                  ORDER BY pr.tanggal, pr.id LIMIT 1), r.rt_id)"""


def _cte(desa: str, vendor: str = "sqlite") -> str:
    if vendor == "postgresql":
        return _cte_pg(desa)
    return _cte_sqlite(desa)


def _cte_sqlite(desa: str) -> str:
    """pend: the population of the desa on D with its family, RT, marital status and pregnancy
    on D (family and RT found by primary key: SQLite would not index a join of two CTEs)."""
    return f"""
agt AS (
  SELECT a.id, a.jenis_kelamin AS jk, a.tanggal_lahir AS lahir, a.hubungan, a.akta_lahir, a.jkn,
         a.jumlah_anak_hidup, {_KEL_PADA} AS kel,
         COALESCE(
           (SELECT p.jenis FROM keluarga_peristiwa p
            WHERE p.anggota_id = a.id AND p.jenis IN {KAWIN_EV} AND p.tanggal <= %(d)s
            ORDER BY p.tanggal DESC, p.id DESC LIMIT 1),
           (SELECT NULLIF(p.status_kawin_lama, '') FROM keluarga_peristiwa p
            WHERE p.anggota_id = a.id AND p.jenis IN {KAWIN_EV} AND p.tanggal > %(d)s
            ORDER BY p.tanggal, p.id LIMIT 1),
           a.status_kawin) AS skp,
         CASE WHEN EXISTS (SELECT 1 FROM keluarga_kehamilan h WHERE h.ibu_id = a.id
                           AND h.mulai <= %(d)s AND (h.selesai IS NULL OR h.selesai > %(d)s))
              THEN 1 ELSE 0 END AS hamil
  FROM keluarga_anggota a
  WHERE a.desa_id IN ({desa}) AND {_ada_pada("d")}
),
pend AS (
  SELECT agt.*, {_RT_KELUARGA} AS rt
  FROM agt JOIN keluarga_keluarga k ON k.id = agt.kel JOIN keluarga_rumah r ON r.id = k.rumah_id
)"""


def _cte_pg(desa: str) -> str:
    """The same `pend` for PostgreSQL, set-based: each member's latest/first event of a kind is
    one window pass over the desa's events, joined by hash joins (PostgreSQL estimates a filter
    on correlated subqueries at a few rows and then picks nested loops over whole tables)."""
    return f"""
ev AS (
  SELECT p.anggota_id, p.jenis, p.tanggal, p.id, p.keluarga_asal_id, p.status_kawin_lama
  FROM keluarga_peristiwa p JOIN keluarga_anggota a ON a.id = p.anggota_id
  WHERE a.desa_id IN ({desa})
),
ada AS (
  SELECT anggota_id, jenis FROM (
    SELECT anggota_id, jenis, ROW_NUMBER() OVER (PARTITION BY anggota_id ORDER BY tanggal DESC, id DESC) AS n
    FROM ev WHERE jenis IN {PRESENCE} AND tanggal <= %(d)s) x WHERE n = 1
),
kw AS (
  SELECT anggota_id, jenis FROM (
    SELECT anggota_id, jenis, ROW_NUMBER() OVER (PARTITION BY anggota_id ORDER BY tanggal DESC, id DESC) AS n
    FROM ev WHERE jenis IN {KAWIN_EV} AND tanggal <= %(d)s) x WHERE n = 1
),
kw_lama AS (
  SELECT anggota_id, NULLIF(status_kawin_lama, '') AS lama FROM (
    SELECT anggota_id, status_kawin_lama, ROW_NUMBER() OVER (PARTITION BY anggota_id ORDER BY tanggal, id) AS n
    FROM ev WHERE jenis IN {KAWIN_EV} AND tanggal > %(d)s) x WHERE n = 1
),
pindah AS (
  SELECT anggota_id, keluarga_asal_id AS kel FROM (
    SELECT anggota_id, keluarga_asal_id, ROW_NUMBER() OVER (PARTITION BY anggota_id ORDER BY tanggal, id) AS n
    FROM ev WHERE jenis = 'pindah_kk' AND tanggal > %(d)s) x WHERE n = 1
),
hamil AS (
  SELECT DISTINCT h.ibu_id FROM keluarga_kehamilan h JOIN keluarga_anggota a ON a.id = h.ibu_id
  WHERE a.desa_id IN ({desa}) AND h.mulai <= %(d)s AND (h.selesai IS NULL OR h.selesai > %(d)s)
),
rumah_lama AS (
  SELECT keluarga_id, rt_id FROM (
    SELECT pr.keluarga_id, r0.rt_id, ROW_NUMBER() OVER (PARTITION BY pr.keluarga_id ORDER BY pr.tanggal, pr.id) AS n
    FROM keluarga_pindahrumah pr JOIN keluarga_rumah r0 ON r0.id = pr.rumah_asal_id
    JOIN keluarga_keluarga k0 ON k0.id = pr.keluarga_id
    WHERE k0.desa_id IN ({desa}) AND pr.tanggal > %(d)s) x WHERE n = 1
),
pend AS (
  SELECT a.id, a.jenis_kelamin AS jk, a.tanggal_lahir AS lahir, a.hubungan, a.akta_lahir, a.jkn,
         a.jumlah_anak_hidup, COALESCE(pindah.kel, a.keluarga_id) AS kel,
         COALESCE(kw.jenis, kw_lama.lama, a.status_kawin) AS skp,
         CASE WHEN hamil.ibu_id IS NULL THEN 0 ELSE 1 END AS hamil,
         COALESCE(rumah_lama.rt_id, r.rt_id) AS rt
  FROM keluarga_anggota a
  LEFT JOIN ada ON ada.anggota_id = a.id
  LEFT JOIN kw ON kw.anggota_id = a.id
  LEFT JOIN kw_lama ON kw_lama.anggota_id = a.id
  LEFT JOIN pindah ON pindah.anggota_id = a.id
  LEFT JOIN hamil ON hamil.ibu_id = a.id
  JOIN keluarga_keluarga k ON k.id = COALESCE(pindah.kel, a.keluarga_id)
  JOIN keluarga_rumah r ON r.id = k.rumah_id
  LEFT JOIN rumah_lama ON rumah_lama.keluarga_id = k.id
  WHERE a.desa_id IN ({desa}) AND a.tanggal_lahir <= %(d)s AND COALESCE(ada.jenis, 'datang') = 'datang'
)"""


def _batas(d: dt.date) -> dict:
    """Cut-off birth dates on D: 'aged at least n years' ⇔ born on or before D − n years."""
    p = {"d": d}
    for i in range(1, 16):
        p[f"b{i}"] = _geser(d, 12 * 5 * i)  # band i-1 ⇔ born after D − 5i years
    p.update(
        balita=_geser(d, 60), baduta=_geser(d, 24), bkb=_geser(d, 72),
        t10=_geser(d, 120), t15=_geser(d, 180), t18=_geser(d, 216), t25=_geser(d, 300),
        t50=_geser(d, 600), t60=_geser(d, 720),
    )  # fmt: skip
    return p


# --- table 1: population by RT, sex and age band; the age groups ------------------------------


def sql_t1(desa: str, vendor: str) -> str:
    band = (
        "CASE "
        + " ".join(f"WHEN lahir > %(b{i + 1})s THEN {i}" for i in range(15))
        + " ELSE 15 END"
    )
    kolom = ",\n  ".join(
        f"SUM(CASE WHEN jk = '{j}' AND band = {i} THEN 1 ELSE 0 END) AS {j.lower()}{i}"
        for j in "LP"
        for i in range(BAND)
    )
    return f"""WITH {_cte(desa, vendor)},
x AS (SELECT pend.*, {band} AS band FROM pend)
SELECT rt,
  {kolom},
  SUM(CASE WHEN lahir > %(balita)s THEN 1 ELSE 0 END) AS balita,
  SUM(CASE WHEN lahir > %(baduta)s THEN 1 ELSE 0 END) AS baduta,
  SUM(CASE WHEN lahir > %(bkb)s THEN 1 ELSE 0 END) AS anak_usia_bkb,
  SUM(CASE WHEN lahir <= %(t10)s AND lahir > %(t25)s AND skp = 'belum_kawin' THEN 1 ELSE 0 END) AS remaja,
  SUM(CASE WHEN lahir <= %(t60)s THEN 1 ELSE 0 END) AS lansia,
  SUM(CASE WHEN jk = 'P' AND lahir <= %(t15)s AND lahir > %(t50)s THEN 1 ELSE 0 END) AS wus,
  SUM(CASE WHEN jk = 'P' AND hamil = 1 THEN 1 ELSE 0 END) AS ibu_hamil,
  SUM(CASE WHEN lahir > %(t18)s AND akta_lahir = 'tidak' THEN 1 ELSE 0 END) AS anak_tanpa_akta,
  SUM(CASE WHEN jkn IN ('pbi', 'non_pbi') THEN 1 ELSE 0 END) AS pengguna_bpjs
FROM x GROUP BY rt"""


def _blok_t1(r: dict) -> dict:
    return {
        "jumlah": {
            "L": sum(r[f"l{i}"] for i in range(BAND)),
            "P": sum(r[f"p{i}"] for i in range(BAND)),
            "total": sum(r[f"l{i}"] + r[f"p{i}"] for i in range(BAND)),
        },
        "kelompok_umur": [
            {"kelompok": LABEL_BAND[i], "L": r[f"l{i}"], "P": r[f"p{i}"]} for i in range(BAND)
        ],
        **{
            k: r[k]
            for k in ("balita", "baduta", "anak_usia_bkb", "remaja", "lansia", "wus", "ibu_hamil",
                      "anak_tanpa_akta", "pengguna_bpjs")
        },
    }  # fmt: skip


# --- table 2: population flow of the month (per desa) ------------------------------------------


def sql_t2(desa: str, vendor: str) -> str:
    return f"""
SELECT 'awal' AS k, a.jenis_kelamin AS jk, COUNT(*) AS n FROM keluarga_anggota a
  WHERE a.desa_id IN ({desa}) AND {_ada_pada("d0")} GROUP BY a.jenis_kelamin
UNION ALL
SELECT 'akhir', a.jenis_kelamin, COUNT(*) FROM keluarga_anggota a
  WHERE a.desa_id IN ({desa}) AND {_ada_pada("d")} GROUP BY a.jenis_kelamin
UNION ALL
SELECT 'lahir', a.jenis_kelamin, COUNT(*) FROM keluarga_anggota a
  WHERE a.desa_id IN ({desa}) AND a.tanggal_lahir >= %(awal)s AND a.tanggal_lahir <= %(d)s
  GROUP BY a.jenis_kelamin
UNION ALL
SELECT e.jenis, e.jk, COUNT(*) FROM (
  SELECT p.jenis, a.jenis_kelamin AS jk,
         (SELECT q.jenis FROM keluarga_peristiwa q
          WHERE q.anggota_id = p.anggota_id AND q.jenis IN {PRESENCE}
            AND (q.tanggal < p.tanggal OR (q.tanggal = p.tanggal AND q.id < p.id))
          ORDER BY q.tanggal DESC, q.id DESC LIMIT 1) AS sebelum
  FROM keluarga_peristiwa p JOIN keluarga_anggota a ON a.id = p.anggota_id
  WHERE a.desa_id IN ({desa}) AND p.jenis IN {PRESENCE}
    AND p.tanggal >= %(awal)s AND p.tanggal <= %(d)s
) e
WHERE (e.jenis IN ('pindah_keluar', 'meninggal') AND COALESCE(e.sebelum, 'datang') = 'datang')
   OR (e.jenis = 'datang' AND e.sebelum IN ('pindah_keluar', 'meninggal'))
GROUP BY e.jenis, e.jk"""


# --- table 3: families: with balita/baduta/remaja/lansia, KRS, kurang mampu, Tahapan KS ---------


def sql_t3(desa: str, vendor: str) -> str:
    y, m, d_ = _ymd_parts(vendor, "v.akhir")
    return f"""WITH {_cte(desa, vendor)},
wanita AS (  -- women whose risks count (PUS or pregnant on D), with their children's births
  SELECT v.*, (SELECT MAX(c.tanggal_lahir) FROM keluarga_anggota c
               WHERE c.ibu_id = v.id AND c.tanggal_lahir < v.akhir) AS sebelum
  FROM (
    SELECT w.id, w.kel, w.skp, w.hamil, w.lahir, w.jumlah_anak_hidup,
      (SELECT MAX(c.tanggal_lahir) FROM keluarga_anggota c
       WHERE c.ibu_id = w.id AND c.tanggal_lahir <= %(d)s) AS akhir,
      (SELECT COUNT(*) FROM keluarga_anggota c
       WHERE c.ibu_id = w.id AND c.tanggal_lahir <= %(d)s
         AND NOT EXISTS (SELECT 1 FROM keluarga_peristiwa m WHERE m.anggota_id = c.id
                         AND m.jenis = 'meninggal' AND m.tanggal <= %(d)s)) AS hidup
    FROM pend w
    WHERE w.jk = 'P' AND (w.hamil = 1 OR (w.skp = 'kawin' AND w.lahir <= %(t15)s AND w.lahir > %(t50)s))
  ) v
),
risiko AS (
  SELECT v.kel FROM wanita v
  WHERE ((v.skp = 'kawin' OR v.hamil = 1) AND v.lahir > %(muda)s)
     OR (v.skp = 'kawin' AND v.lahir <= %(tua_min)s AND v.lahir > %(tua_maks)s)
     OR {_ymd(vendor, "v.sebelum")} > ({y} - 2) * 10000 + {m} * 100
                                       + CASE WHEN {m} = 2 AND {d_} = 29 THEN 28 ELSE {d_} END
     OR v.jumlah_anak_hidup > 3
     OR (v.jumlah_anak_hidup IS NULL AND v.hidup > 3)
),
per_kel AS (
  SELECT kel, MAX(rt) AS rt,
    MAX(CASE WHEN lahir > %(balita)s THEN 1 ELSE 0 END) AS balita,
    MAX(CASE WHEN lahir > %(baduta)s THEN 1 ELSE 0 END) AS baduta,
    MAX(CASE WHEN lahir <= %(t10)s AND lahir > %(t25)s AND skp = 'belum_kawin' THEN 1 ELSE 0 END) AS remaja,
    MAX(CASE WHEN lahir <= %(t60)s THEN 1 ELSE 0 END) AS lansia,
    MAX(CASE WHEN jk = 'P' AND (hamil = 1 OR (skp = 'kawin' AND lahir <= %(t15)s AND lahir > %(t50)s))
             THEN 1 ELSE 0 END) AS wanita
  FROM pend GROUP BY kel
),
f AS (
  SELECT pk.*, k.tahapan_ks,
    CASE WHEN k.penerima_bansos OR k.tahapan_ks IN ('pra_s', 'ks_1') THEN 1 ELSE 0 END AS kurang_mampu,
    CASE WHEN pk.wanita = 1 OR pk.balita = 1 THEN 1 ELSE 0 END AS sasaran,
    CASE WHEN (k.sumber_air <> '' AND k.sumber_air NOT IN {AIR_LAYAK})
           OR (k.jamban <> '' AND k.jamban <> 'sendiri_septic')
           OR pk.kel IN (SELECT kel FROM risiko) THEN 1 ELSE 0 END AS berisiko,
    CASE WHEN k.sumber_air = '' OR k.jamban = '' THEN 1 ELSE 0 END AS kurang_data
  FROM per_kel pk JOIN keluarga_keluarga k ON k.id = pk.kel
)
SELECT rt, COUNT(*) AS jumlah,
  SUM(balita) AS dengan_balita, SUM(baduta) AS dengan_baduta,
  SUM(remaja) AS dengan_remaja, SUM(lansia) AS dengan_lansia,
  SUM(sasaran) AS sasaran_krs,
  SUM(CASE WHEN sasaran = 1 AND berisiko = 1 THEN 1 ELSE 0 END) AS krs,
  SUM(CASE WHEN sasaran = 1 AND berisiko = 0 AND kurang_data = 1 THEN 1 ELSE 0 END)
    AS krs_data_belum_lengkap,
  SUM(kurang_mampu) AS kurang_mampu,
  {", ".join(f"SUM(CASE WHEN tahapan_ks = '{t}' THEN 1 ELSE 0 END) AS ks_{t}" for t in TAHAPAN)}
FROM f GROUP BY rt"""


def _blok_t3(r: dict) -> dict:
    return {
        "jumlah": r["jumlah"],
        **{f"dengan_{k}": r[f"dengan_{k}"] for k in ("balita", "baduta", "remaja", "lansia")},
        "sasaran_krs": r["sasaran_krs"],
        "krs": r["krs"],
        "krs_data_belum_lengkap": r["krs_data_belum_lengkap"],
        "kurang_mampu": r["kurang_mampu"],
        "tahapan_ks": {t: r[f"ks_{t}"] for t in TAHAPAN},
    }


# --- table 4: PUS by KB status on D, PB of the month -------------------------------------------


def _status_terbuka(kolom: str, syarat: str, ref: str) -> str:
    return f"""(SELECT s.{kolom} FROM keluarga_statuskb s
        WHERE s.anggota_id = {ref} AND s.mulai <= %(d)s AND (s.selesai IS NULL OR s.selesai > %(d)s)
          AND {syarat} ORDER BY s.mulai DESC, s.id DESC LIMIT 1)"""


def sql_t4(desa: str, vendor: str) -> str:
    pasangan = "CASE w.hubungan WHEN '3' THEN '1' WHEN '1' THEN '2' WHEN '4' THEN '5' WHEN '5' THEN '4' END"
    return f"""WITH {_cte(desa, vendor)},
x AS (  -- PUS women and candidate husbands, keyed by family on D and paired relationship
  SELECT w.id, w.rt, w.hamil, 1 AS wanita, w.kel, {pasangan} AS kunci, NULL AS metode_pria
  FROM pend w
  WHERE w.jk = 'P' AND w.skp = 'kawin' AND w.lahir <= %(t15)s AND w.lahir > %(t50)s
  UNION ALL
  SELECT h.id, h.rt, 0, 0, h.kel, h.hubungan,
         {_status_terbuka("metode", "s.metode IN ('mop', 'kondom')", "h.id")}
  FROM pend h
  WHERE h.jk = 'L' AND h.skp = 'kawin' AND h.hubungan IN ('1', '2', '4', '5')
),
y AS (
  SELECT x.*,
    SUM(1 - wanita) OVER (PARTITION BY kel, kunci) AS n_suami,
    MAX(metode_pria) OVER (PARTITION BY kel, kunci) AS metode_suami
  FROM x
),
pus AS (
  SELECT y.rt, y.hamil, y.n_suami, y.metode_suami,
    {_status_terbuka("metode", "s.metode IS NOT NULL", "y.id")} AS metode,
    {_status_terbuka("alasan", "s.alasan IS NOT NULL", "y.id")} AS alasan
  FROM y WHERE y.wanita = 1
),
pb AS (
  SELECT {_RT_KELUARGA} AS rt, s.metode FROM keluarga_statuskb s
  JOIN keluarga_anggota a ON a.id = s.anggota_id
  JOIN keluarga_keluarga k ON k.id = {_KEL_PADA}
  JOIN keluarga_rumah r ON r.id = k.rumah_id
  WHERE a.desa_id IN ({desa}) AND s.baru AND s.metode IS NOT NULL
    AND s.mulai >= %(awal)s AND s.mulai <= %(d)s
)
SELECT 'kb' AS jenis, rt,
  CASE WHEN hamil = 1 THEN 'hamil'
       WHEN metode IS NOT NULL THEN metode
       WHEN n_suami = 1 AND metode_suami IS NOT NULL THEN metode_suami
       WHEN alasan IS NOT NULL THEN alasan
       ELSE 'belum_terdata' END AS status,
  COUNT(*) AS n
FROM pus GROUP BY 2, 3
UNION ALL
SELECT 'pb', rt, metode, COUNT(*) FROM pb GROUP BY 2, 3"""


def _blok_t4(kb: dict, pb: dict) -> dict:
    pa = {m: kb.get(m, 0) for m in METODE}
    tidak = {k: kb.get(k, 0) for k in ("hamil", "ias", "iat", "tial")}
    baru = {m: pb.get(m, 0) for m in METODE}
    return {
        "pus": sum(pa.values()) + sum(tidak.values()) + kb.get("belum_terdata", 0),
        "peserta_aktif": {**pa, "total": sum(pa.values())},
        "tidak_kb": tidak,
        "belum_terdata": kb.get("belum_terdata", 0),
        "peserta_baru": {**baru, "total": sum(baru.values())},
    }


# --- running and checking ----------------------------------------------------------------------


def _baris(cur) -> list[dict]:
    nama = [c[0] for c in cur.description]
    return [dict(zip(nama, r, strict=True)) for r in cur.fetchall()]


def jalankan(desa_id: int, tahun: int, bulan: int) -> tuple[dict, dict[str, float]]:
    """Run the four statements; return the floor's numbers (desa and per RT id) and their times."""
    from django.conf import settings
    from django.db import connection

    vendor = connection.vendor
    d = dt.date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])
    awal = d.replace(day=1)
    desa = str(int(desa_id))
    conf = settings.RUMAHDATAKU
    tua_min, tua_maks = conf["KRS_TERLALU_TUA"]
    p = _batas(d)
    p.update(
        d0=awal - dt.timedelta(days=1),
        awal=awal,
        muda=_geser(d, 12 * conf["KRS_TERLALU_MUDA_DI_BAWAH"]),
        tua_min=_geser(d, 12 * max(15, tua_min)),
        tua_maks=_geser(d, 12 * (min(49, tua_maks) + 1)),
    )
    waktu: dict[str, float] = {}
    hasil: dict = {"desa": {}, "rt": defaultdict(dict)}
    with connection.cursor() as cur:
        mulai = time.perf_counter()
        cur.execute(sql_t1(desa, vendor), p)
        t1 = _baris(cur)
        waktu["t1"] = time.perf_counter() - mulai

        mulai = time.perf_counter()
        cur.execute(sql_t2(desa, vendor), p)
        t2 = _baris(cur)
        waktu["t2"] = time.perf_counter() - mulai

        mulai = time.perf_counter()
        cur.execute(sql_t3(desa, vendor), p)
        t3 = _baris(cur)
        waktu["t3"] = time.perf_counter() - mulai

        mulai = time.perf_counter()
        cur.execute(sql_t4(desa, vendor), p)
        t4 = _baris(cur)
        waktu["t4"] = time.perf_counter() - mulai

    nol1 = {k: 0 for k in t1[0]} if t1 else {}
    jumlah1 = dict(nol1)
    for r in t1:
        hasil["rt"][r["rt"]]["penduduk"] = _blok_t1(r)
        for k, v in r.items():
            if k != "rt":
                jumlah1[k] += v
    hasil["desa"]["penduduk"] = _blok_t1(jumlah1) if t1 else None

    m = {k: {"L": 0, "P": 0} for k in ("awal", "lahir", "datang", "meninggal", "pindah", "akhir")}
    nama = {"datang": "datang", "meninggal": "meninggal", "pindah_keluar": "pindah"}
    for r in t2:
        m[nama.get(r["k"], r["k"])][r["jk"]] += r["n"]
    for v in m.values():
        v["total"] = v["L"] + v["P"]
    hasil["desa"]["mutasi"] = m

    jumlah3: dict = defaultdict(int)
    for r in t3:
        hasil["rt"][r["rt"]]["keluarga"] = _blok_t3(r)
        for k, v in r.items():
            if k != "rt":
                jumlah3[k] += v
    hasil["desa"]["keluarga"] = _blok_t3(jumlah3) if t3 else None

    kb: dict = defaultdict(lambda: defaultdict(int))
    pb: dict = defaultdict(lambda: defaultdict(int))
    for r in t4:
        (kb if r["jenis"] == "kb" else pb)[r["rt"]][r["status"]] += r["n"]
    tot_kb: dict = defaultdict(int)
    tot_pb: dict = defaultdict(int)
    for rt in set(kb) | set(pb):
        hasil["rt"][rt]["kb"] = _blok_t4(kb[rt], pb[rt])
        for k, v in kb[rt].items():
            tot_kb[k] += v
        for k, v in pb[rt].items():
            tot_pb[k] += v
    hasil["desa"]["kb"] = _blok_t4(tot_kb, tot_pb)
    hasil["rt"] = dict(hasil["rt"])
    return hasil, waktu


def _pilih(blok: dict | None, contoh: dict) -> dict | None:
    """The report block restricted to the keys the floor computes (same nesting)."""
    if blok is None:
        return None
    hasil = {}
    for k, v in contoh.items():
        if isinstance(v, dict):
            hasil[k] = _pilih(blok.get(k, {}), v)
        else:
            hasil[k] = blok.get(k)
    return hasil


def _nol(contoh):
    if isinstance(contoh, dict):
        return {k: _nol(v) for k, v in contoh.items()}
    if isinstance(contoh, list):
        return [{kk: (vv if kk == "kelompok" else 0) for kk, vv in x.items()} for x in contoh]
    return 0


def bandingkan(lantai: dict, laporan: dict) -> list[str]:
    """Differences between the floor's numbers and the report's (empty = identical)."""
    from keluarga.models import RT

    beda = []
    for blok in ("penduduk", "mutasi", "keluarga", "kb"):
        f = lantai["desa"].get(blok)
        r = _pilih(laporan[blok], f) if f is not None else None
        if f != r:
            beda.append(f"desa {blok}: floor {f} ≠ report {r}")
    contoh = {b: lantai["desa"][b] for b in ("penduduk", "keluarga", "kb")}
    kode_rt = {}
    for rt in RT.objects.select_related("rw__dusun__desa"):
        kode_rt[f"{rt.desa.kode}/{rt.rw.dusun.nama.upper()}/{rt.rw.nomor}/{rt.nomor}"] = rt.pk
    n_rt = 0
    for w in laporan["per_wilayah"]:
        if w["tingkat"] != "rt":
            continue
        n_rt += 1
        rt_id = kode_rt[w["kode"]]
        f_rt = lantai["rt"].get(rt_id, {})
        for blok, c in contoh.items():
            f = f_rt.get(blok) or _nol(c)
            r = _pilih(w[blok], f)
            if f != r:
                beda.append(f"RT {w['kode']} {blok}: floor {f} ≠ report {r}")
    if n_rt == 0:
        beda.append("the report has no RT rows")
    return beda
