"""`make bench`: the benchmark suite; writes docs/PERFORMANCE.md.

    make bench                                  # full suite (about an hour on 2 cores)
    BENCH_SMOKE=1 make bench                    # tiny villages, 1 run, SQLite only (minutes)
    make bench KONFIG=kabupaten                 # the kabupaten configuration alone (not in the default)
    .venv/bin/python bench/run.py --hanya sqlite,pg     # some configurations only
    .venv/bin/python bench/run.py --pakai-ulang --simpan-db   # keep/reuse seeded scratch DBs

Configurations, each in its own process (bench/ukur.py) on a scratch database it creates:
  sqlite   one desa of 3,000 families (~11,000 people), SQLite under /tmp/rd_bench/; then the
           meeting outputs on it (bench/paket_rapat.py: meeting pack, RT and village maps, poster)
  pg       the same desa on PostgreSQL (database rd_bench_desa)
  beban    load test on rd_bench_desa: gunicorn, 2 workers, wrk 60 s at 8 connections
  distrik  100,000 families over 33 desa on PostgreSQL (rd_bench_distrik); seeding is timed
  sqlite_10rb, pg_10rb, sqlite_30rb, pg_30rb   one desa of 2,700 / 8,200 families (10,000 /
           30,000 residents) on each database: the same rows, for issue 15's stored figures
  segar_sqlite, segar_pg   a 10,000-member import into an empty database; the report before and
           after the ANALYZE keluarga/statistik.py runs after such an import
  kabupaten (only with KONFIG=kabupaten / --hanya kabupaten)   seed_demo --villages 300
           --families 300000 on PostgreSQL (rd_bench_kabupaten, kept afterwards: reuse it with
           --pakai-ulang); seeding, closing every desa's past months and computing every desa's
           figures timed apart; a desa inside it, a kecamatan of 30 desa, the kabupaten dashboard
Every configuration closes each past month of its desa (laporan.tutup_beruntun) before the rows
that say so, so one month is open; every row records how many were open when it was measured.
Never part of `make test`. Heavy runs are sequential (the machine is shared).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import umum  # noqa: E402
from umum import AKAR, format_detik  # noqa: E402

KONFIG = {
    "sqlite": {"db": "sqlite", "nama": "rd_bench_sqlite", "keluarga": 3000, "desa": 1},
    "pg": {"db": "pg", "nama": "rd_bench_desa", "keluarga": 3000, "desa": 1},
    "distrik": {"db": "pg", "nama": "rd_bench_distrik", "keluarga": 100_000, "desa": 33},
    # Issue 15: one desa of 10,000 and of 30,000 residents (≈ 3.7 people per demo family).
    "sqlite_10rb": {"db": "sqlite", "nama": "rd_bench_sqlite_10rb", "keluarga": 2700, "desa": 1},
    "pg_10rb": {"db": "pg", "nama": "rd_bench_pg_10rb", "keluarga": 2700, "desa": 1},
    "sqlite_30rb": {"db": "sqlite", "nama": "rd_bench_sqlite_30rb", "keluarga": 8200, "desa": 1},
    "pg_30rb": {"db": "pg", "nama": "rd_bench_pg_30rb", "keluarga": 8200, "desa": 1},
    # A 10,000-member import into an empty database: the report before and after ANALYZE.
    "segar_sqlite": {"db": "sqlite", "nama": "rd_bench_segar_sqlite", "keluarga": 0, "desa": 0,
                     "mode": "segar"},
    "segar_pg": {"db": "pg", "nama": "rd_bench_segar_pg", "keluarga": 0, "desa": 0,
                 "mode": "segar"},
    # Its own configuration, not in the default run: `make bench KONFIG=kabupaten`.
    "kabupaten": {"db": "pg", "nama": "rd_bench_kabupaten", "keluarga": 300_000, "desa": 300,
                  "mode": "kabupaten", "impor": 0},
}  # fmt: skip
JUDUL = {
    "sqlite": "SQLite, 1 desa",
    "pg": "PostgreSQL, 1 desa",
    "distrik": "PostgreSQL, district (desa 1 of 33)",
    "sqlite_10rb": "SQLite, 10,000 residents",
    "pg_10rb": "PostgreSQL, 10,000 residents",
    "sqlite_30rb": "SQLite, 30,000 residents",
    "pg_30rb": "PostgreSQL, 30,000 residents",
    "segar_sqlite": "SQLite, empty database",
    "segar_pg": "PostgreSQL, empty database",
    "kabupaten": "Kabupaten",
}
UTAMA = ("sqlite", "pg", "distrik")  # the first table (as before issue 15)
ANGKA = ("sqlite_10rb", "pg_10rb", "sqlite_30rb", "pg_30rb")
SEGAR = ("segar_sqlite", "segar_pg")
BAWAAN = ["sqlite", "pg", "beban", "distrik", *ANGKA, *SEGAR]  # `make bench`
SEMUA = [*BAWAAN, "kabupaten"]


def waktu_utc(iso: str | None) -> str:
    """An ISO time from a result file (any offset) as UTC, so the page uses one clock."""
    if not iso:
        return "?"
    try:
        return f"{dt.datetime.fromisoformat(iso).astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC"
    except ValueError:
        return str(iso)


def beban_rata() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


class PencatatBeban:
    """Samples the 1-minute load average every `jeda` seconds while a configuration runs (the
    machine is shared: the page states how loaded it was during each measurement)."""

    def __init__(self, jeda: float = 10.0):
        self.jeda, self.sampel = jeda, []
        self._henti = threading.Event()
        self._t = threading.Thread(target=self._jalan, daemon=True)

    def _jalan(self) -> None:
        while True:
            try:
                self.sampel.append(float(Path("/proc/loadavg").read_text().split()[0]))
            except (OSError, ValueError):
                pass
            if self._henti.wait(self.jeda):
                return

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc) -> None:
        self._henti.set()
        self._t.join()

    def ringkas(self) -> dict:
        s = self.sampel
        if not s:
            return {}
        return {"rata": sum(s) / len(s), "maks": max(s), "min": min(s), "n": len(s),
                "jeda_detik": self.jeda}  # fmt: skip


def jalankan_ukur(nama_konfig: str, k: dict, args, out: Path) -> dict | None:
    perintah = [
        sys.executable, str(AKAR / "bench" / "ukur.py"), "--db", k["db"], "--nama", k["nama"],
        "--keluarga", str(k["keluarga"]), "--desa", str(k["desa"]), "--runs", str(args.runs),
        "--impor", str(k.get("impor", args.impor)), "--out", str(out),
        "--pemanasan", str(k.get("pemanasan", 1)), "--mode", k.get("mode", "desa"),
    ]  # fmt: skip
    if k.get("tutup_anggaran") is not None:
        perintah += ["--tutup-anggaran", str(k["tutup_anggaran"])]
    if k.get("runs_kecamatan"):
        perintah += ["--runs-kecamatan", str(k["runs_kecamatan"])]
    if args.pakai_ulang:
        perintah.append("--pakai-ulang")
    print(f"\n== {nama_konfig}: {' '.join(perintah[1:])}", flush=True)
    awal_beban = beban_rata()
    mulai = time.perf_counter()
    with PencatatBeban() as pencatat:
        r = subprocess.run(perintah, cwd=AKAR, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    if not out.exists():
        print(f"{nama_konfig}: no result (exit {r.returncode})", flush=True)
        return None
    data = json.loads(out.read_text())
    data["meta"]["detik_total"] = time.perf_counter() - mulai
    data["meta"]["beban_rata"] = [awal_beban, beban_rata()]
    data["meta"]["beban_sampel"] = pencatat.ringkas()
    data["meta"]["selesai"] = dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="minutes")
    data["meta"]["exit"] = r.returncode
    return data


def jalankan_beban(args, out: Path) -> dict | None:
    perintah = [sys.executable, str(AKAR / "bench" / "beban.py"), "--db", "pg",
                "--nama", "rd_bench_desa", "--detik", str(args.detik_beban), "--out", str(out)]  # fmt: skip
    print(f"\n== beban: {' '.join(perintah[1:])}", flush=True)
    awal_beban = beban_rata()
    with PencatatBeban(jeda=5.0) as pencatat:
        subprocess.run(perintah, cwd=AKAR, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    if not out.exists():
        return None
    data = json.loads(out.read_text())
    data["beban_rata"] = [awal_beban, beban_rata()]
    data["beban_sampel"] = pencatat.ringkas()
    data["selesai"] = dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="minutes")
    return data


def jalankan_paket(args) -> dict | None:
    """Issue 6's outputs (meeting pack cold/cached, RT and village maps, poster) on the SQLite
    desa that bench/ukur.py just seeded and in which it closed last month."""
    keluar = umum.FOLDER_SEMENTARA / "hasil" / "paket.json"
    keluar.unlink(missing_ok=True)
    perintah = [sys.executable, str(AKAR / "bench" / "paket_rapat.py"), "--db", "sqlite",
                "--nama", KONFIG["sqlite"]["nama"], "--runs", str(min(args.runs, 3))]  # fmt: skip
    print(f"\n== paket: {' '.join(perintah[1:])}", flush=True)
    awal_beban = beban_rata()
    subprocess.run(perintah, cwd=AKAR, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    if not keluar.exists():
        return None
    data = json.loads(keluar.read_text())
    data["meta"]["beban_rata"] = [awal_beban, beban_rata()]
    data["meta"]["selesai"] = dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="minutes")
    return data


# --- the report ----------------------------------------------------------------------------------


def sel(h: dict | None) -> str:
    if h is None:
        return "–"
    if h["status"] == "skip":
        return (
            "belum ada (skipped)"
            if str(h.get("catatan", "")).startswith("belum ada")
            else "not built yet"
        )
    if h["status"] == "error":
        return "**error**"
    if not h["detik"]:
        return "–"
    teks = format_detik(h["median"])
    if len(h["detik"]) > 1:
        teks += f" ({format_detik(h['min'])}–{format_detik(h['max'])})"
    if h.get("kueri") is not None:
        teks += f" · {h['kueri']} q"
    if h["status"] == "fail":
        teks += " **FAIL**"
    return teks


def tulis_laporan(
    hasil: dict,
    beban: dict | None,
    tujuan: Path,
    *,
    smoke: bool,
    mulai: dt.datetime,
    paket: dict | None = None,
):
    urutan: list[str] = []
    label: dict[str, str] = {}
    target: dict[str, float | None] = {}
    per: dict[str, dict[str, dict]] = {}
    for nama, data in hasil.items():
        if not data:
            continue
        per[nama] = {}
        for h in data["hasil"]:
            if h["kunci"] not in urutan:
                urutan.append(h["kunci"])
                label[h["kunci"]] = h["label"]
                target[h["kunci"]] = h.get("target")
            per[nama][h["kunci"]] = h
    kolom = [k for k in UTAMA if k in per]
    dengan_benih = [k for k in KONFIG if k in per and "benih" in hasil[k]["meta"]]
    b = []
    b.append("# Performance\n")
    b.append(
        f"Generated by `make bench` (bench/run.py){' — SMOKE MODE, not representative' if smoke else ''}."
        " Do not edit by hand: every figure and the analysis at the end are generated.\n"
    )
    selesai = [d["meta"].get("selesai") for d in hasil.values() if d]
    selesai += [beban.get("selesai")] if beban else []
    selesai = sorted(s for s in selesai if s)
    b.append(
        f"- **Date**: page written {dt.datetime.now(dt.UTC).astimezone():%Y-%m-%d %H:%M %Z}; "
        + (
            f"configurations finished between {waktu_utc(selesai[0])} and "
            f"{waktu_utc(selesai[-1])} (each configuration below gives its own time)"
            if selesai
            else f"run started {mulai:%Y-%m-%d %H:%M}"
        )
    )
    b.append(f"- **CPU**: {umum.cpu()} (from /proc/cpuinfo); RAM {umum.memori_gb()} GB")
    b.append(
        "- **Shared machine**: other engineers' test runs share the 2 cores; the load average "
        "(1, 5, 15 min) at the start and end of each configuration is given below. Figures are "
        "medians, so a brief spike moves min–max more than the median; a sustained one moves all."
    )
    for nama in dengan_benih:
        m = hasil[nama]["meta"]
        isi = m["benih"].get("jumlah", {})
        d = m.get("desa", {})
        b.append(
            f"- **{JUDUL[nama]}**: {m['vendor']}; database {isi.get('desa')} desa, "
            f"{isi.get('keluarga', 0):,} families, {isi.get('anggota', 0):,} people, "
            f"{isi.get('peristiwa', 0):,} events, {isi.get('status_kb', 0):,} KB statuses, "
            f"{isi.get('kelompok', 0):,} poktan, {isi.get('kehadiran', 0):,} attendances, "
            f"{isi.get('penimbangan', 0):,} weighings; measured desa {d.get('nama')} "
            f"({d.get('kode')}): {d.get('keluarga', 0):,} families, {d.get('anggota', 0):,} people; "
            f"searches '{m.get('cari_nik')}' and '{m.get('cari_nama')}'; "
            f"load avg {m.get('beban_rata', ['?', '?'])[0]} → {m.get('beban_rata', ['?', '?'])[1]}; "
            f"{m['runs']} runs after {m['pemanasan']} warm-up; finished "
            f"{waktu_utc(m.get('selesai'))}."
        )
    if kolom:
        b.append("")
        b.append(
            "Each cell: median of the runs (min–max) · queries of one run "
            "(django.test.utils.CaptureQueriesContext). Pages through Django's test Client as a "
            "logged-in Admin desa (force_login), DEBUG=1, full request/response cycle including "
            "middleware and template rendering. The live month is the current month; "
            "the closed month is last month, closed with `laporan.services.tutup_bulan`.\n"
        )
        b.append(
            "**Months open**: every bench database closes each past month of its desa before the "
            "rows that say so (laporan.tutup_beruntun: in order, one month at a time, through "
            "`tutup_bulan`), so exactly one month — the current — is open; the column 'Open "
            "months' gives, for each row, how many months of the measured desa were open when it "
            "was measured (24 = none closed yet)."
            + "".join(
                f" {JUDUL[k]}: the months before the last closed were marked closed with copies "
                "of its snapshot (`BENCH_TUTUP=salinan`, on a loaded machine), not closed in order."
                for k in hasil
                if hasil[k] and hasil[k]["meta"].get("tutup_cara") == "salinan"
            )
            + "\n"
        )
        kepala = "| Measure | Open months | " + " | ".join(JUDUL[k] for k in kolom)
        kepala += (
            " | district ÷ 1 desa (PG) | Target |"
            if "distrik" in kolom and "pg" in kolom
            else " | Target |"
        )
        b.append(kepala)
        b.append("|" + "---|" * (kepala.count("|") - 1))
        for kunci in [k for k in urutan if any(k in per[n] for n in kolom)]:
            baris = f"| {label[kunci]} | {terbuka(per, kolom, kunci)} | " + " | ".join(
                sel(per[k].get(kunci)) for k in kolom
            )
            if "distrik" in kolom and "pg" in kolom:
                a, z = per["pg"].get(kunci), per["distrik"].get(kunci)
                if a and z and a.get("median") and z.get("median") and kunci not in (
                    "kecamatan_hidup", "kecamatan_tutup", "tutup_bulan",
                ):  # fmt: skip
                    r = z["median"] / a["median"]
                    baris += f" | {r:.2f}{' ✗' if r > 1.2 else ''}"
                else:
                    baris += " | –"
            t = target.get(kunci)
            baris += f" | {'< ' + format_detik(t) if t else ''} |"
            b.append(baris)
        b.append("")
        for nama in kolom:
            m = hasil[nama]["meta"]
            if "rasio" in m:
                b.append(f"**{JUDUL[nama]}** — Report/floor ratio: {m['rasio']:.1f} "
                         f"(live monthly report page ÷ floor); tables 1–4 through "
                         f"keluarga.indicators ÷ floor: {m.get('rasio_tabel_1_4', 0):.1f}. "
                         "Floor per table (median): "
                         + ", ".join(f"{k.upper()} {format_detik(sorted(v)[len(v) // 2])}"
                                     for k, v in m.get("lantai_per_tabel", {}).items() if v)
                         + ".  ")  # fmt: skip
        b.append("")
    b += bagian_isu15(hasil, per, urutan, label, target)
    if dengan_benih:
        b.append("")
        b.append("## Seeding\n")
        b.append("| Configuration | migrate | `seed_demo` | poktan demo | VACUUM ANALYZE | total |")
        b.append("|---|---|---|---|---|---|")
        for nama in dengan_benih:
            s = hasil[nama]["meta"]["benih"]
            if s.get("dipakai_ulang"):
                catat = " (database reused; times of its seeding)"
            else:
                catat = ""
            tot = sum(
                s.get(k, 0)
                for k in ("migrate_detik", "seed_demo_detik", "poktan_detik", "analyze_detik")
            )
            b.append(
                f"| {JUDUL[nama]}{catat} | {format_detik(s.get('migrate_detik'))} | "
                f"{format_detik(s.get('seed_demo_detik'))} | "
                + (
                    "inside seed_demo"
                    if s.get("poktan_di_seed_demo")
                    else f"{format_detik(s.get('poktan_detik'))} (called by the bench: not in seed_demo)"
                )
                + " | "
                + f"{format_detik(s.get('analyze_detik'))} | **{format_detik(tot)}** |"
            )
        b.append("")
        for nama in dengan_benih:
            if nama in ("distrik", "kabupaten", "pg_30rb"):
                keluaran = hasil[nama]["meta"]["benih"].get("seed_demo_keluaran", "")
                b.append(f"`seed_demo` output ({JUDUL[nama]}): {keluaran}  ")
    if paket:
        m = paket["meta"]
        b.append("\n## Meeting outputs (issue 6)\n")
        b.append(
            f"bench/paket_rapat.py on the {m['db']} desa {m['desa']} of the table above (3,000 "
            "families, last month closed), through the test Client as an Admin desa; median of "
            f"{len(paket['hasil'][0]['detik']) if paket['hasil'] else 0} runs (min–max); 'cold' "
            "empties the chart/map cache before each run. Load avg "
            f"{m.get('beban_rata', ['?', '?'])[0]} → {m.get('beban_rata', ['?', '?'])[1]}; "
            f"finished {waktu_utc(m.get('selesai'))}.\n"
        )
        b.append("| Output | time | Target |")
        b.append("|---|---|---|")
        for h in paket["hasil"]:
            t = h.get("target")
            b.append(f"| {h['label']} | {sel(h)} | {'< ' + format_detik(t) if t else ''} |")
    if beban:
        w = beban.get("wrk")
        b.append("\n## Load test\n")
        b.append(
            f"gunicorn {beban['workers']} workers (sync), DEBUG=0, HTTPS=0, on 127.0.0.1; "
            f"PostgreSQL rd_bench_desa (1 desa, 3,000 families). `{beban.get('perintah', '')}` — "
            f"{beban['koneksi']} connections, each a thread and its own logged-in Admin desa "
            "(session cookie from a POST to /akun/masuk/). Latencies measured per request in Lua "
            "(bench/beban.lua). Mix (weight of 100): "
            + ", ".join(f"{k} {w_}" for k, w_ in beban["mix"])
            + f"; dashboard and report of the closed month {beban['bulan']}. Run started "
            f"{waktu_utc(beban.get('mulai'))}. Load avg "
            f"{beban.get('beban_rata', ['?', '?'])[0]} → {beban.get('beban_rata', ['?', '?'])[1]}.\n"
        )
        if w:
            b.append("| Page | requests | req/s | p50 | p90 | p99 | max | errors |")
            b.append("|---|---|---|---|---|---|---|---|")
            for k, p in w["pages"].items():
                b.append(
                    f"| {k} | {p['requests']} | {p['rps']:.1f} | {p['p50_ms']:.0f} ms | "
                    f"{p['p90_ms']:.0f} ms | {p['p99_ms']:.0f} ms{' ✗' if p['p99_ms'] > 1000 else ''} | "
                    f"{p['max_ms']:.0f} ms | {p['errors']}{' ✗' if p['errors'] else ''} "
                    f"{json.dumps(p['status']) if p['errors'] else ''} |"
                )
            e = w["errors"]
            b.append(
                f"| **all** | {w['requests']} | {w['rps']:.1f} | {w['p50_ms']:.0f} ms | | "
                f"{w['p99_ms']:.0f} ms | {w['max_ms']:.0f} ms | non-2xx/3xx {e['status']}, "
                f"timeouts {e['timeout']}, connect/read/write {e['connect']}/{e['read']}/{e['write']} |"
            )
        else:
            b.append("No result (see the bench output).")
    b.append("\n## Targets\n")
    catatan_cek: list[tuple[str, bool]] = []
    b += cek_target(per, hasil, beban, catatan_cek, paket=paket)
    b.append("\n## Analysis (generated from the figures above)\n")
    b += analisis(per, hasil, beban, catatan_cek, smoke=smoke)
    tujuan.write_text("\n".join(b) + "\n")
    print(f"\nwritten {tujuan}")


def terbuka(per: dict, kolom, kunci: str) -> str:
    """The 'Open months' cell of a row: the months open when it was measured, per column."""
    nilai = []
    for k in kolom:
        h = per[k].get(kunci)
        if h and h.get("bulan_terbuka") is not None and h["bulan_terbuka"] not in nilai:
            nilai.append(h["bulan_terbuka"])
    return " / ".join(str(n) for n in nilai) if nilai else "–"


def _tabel(per: dict, kolom: list[str], urutan, label, target) -> list[str]:
    b = []
    kepala = "| Measure | Open months | " + " | ".join(JUDUL[k] for k in kolom) + " | Target |"
    b.append(kepala)
    b.append("|" + "---|" * (kepala.count("|") - 1))
    for kunci in [k for k in urutan if any(k in per[n] for n in kolom)]:
        t = target.get(kunci)
        nama = next(per[k][kunci]["label"] for k in kolom if kunci in per[k])
        b.append(
            f"| {nama} | {terbuka(per, kolom, kunci)} | "
            + " | ".join(sel(per[k].get(kunci)) for k in kolom)
            + f" | {'< ' + format_detik(t) if t else ''} |"
        )
    return b


def bagian_isu15(hasil: dict, per: dict, urutan, label, target) -> list[str]:
    """Issue 15's sections: one desa at 10,000 and 30,000 residents (stored figures, a form
    save and the first view after it), the report right after an import into an empty database
    without and with ANALYZE, and the kabupaten configuration."""
    b: list[str] = []
    kolom = [k for k in ANGKA if k in per]
    if kolom:
        b.append("\n## Stored month figures: one desa at 10,000 and 30,000 residents (issue 15)\n")
        b.append(
            "The same pages as above on one desa of 2,700 and 8,200 demo families. 'Stored "
            "figures (2nd view)': each run views the month once untimed (which computes — and, "
            "where figures are stored, stores — them) and times the second view. 'Form save': each "
            "run GETs the family form, changes the first member's education, and times the POST "
            "(what keeping figures current adds to a save shows here); 'first view after one form "
            "save' times the report right after that POST. Exactly one month is open.\n"
        )
        b += _tabel(per, kolom, urutan, label, target)
    kolom = [k for k in SEGAR if k in per]
    if kolom:
        b.append("\n## The report right after an import, without and with ANALYZE (issue 15)\n")
        m = hasil[kolom[0]]["meta"]
        b.append(
            f"A fresh database (migrated, nothing else), one desa; an OpenSID file of "
            f"{m.get('impor_baris') or '?'} members (bench/impor.py) imported and committed with "
            "the after-commit ANALYZE turned off (`SEGARKAN_STATISTIK=0`), so no statistics "
            "exist; the month's report is viewed once (URL) and computed (`laporan.susun`); then "
            "the ANALYZE that keluarga/statistik.py runs after such an import, timed, and the "
            "computation again. Since issue 15 an import of more than 1,000 rows always ends "
            "with that ANALYZE. The only open month is the import's.\n"
        )
        b += _tabel(per, kolom, urutan, label, target)
    if "kabupaten" in per:
        m = hasil["kabupaten"]["meta"]
        s = m.get("benih", {})
        t = m.get("tutup", {})
        b.append("\n## Kabupaten (`make bench KONFIG=kabupaten`, issue 15)\n")
        isi = s.get("jumlah", {})
        b.append(
            f"{'PostgreSQL' if m.get('vendor') == 'postgresql' else m.get('vendor')} database "
            f"`seed_demo --villages {m.get('jumlah_desa')} --families "
            f"{isi.get('keluarga', 0):,}`: {isi.get('anggota', 0):,} people in "
            f"{m.get('jumlah_desa')} desa of kabupaten {m.get('kabupaten')} (kecamatan "
            f"{m.get('kecamatan')} has {m.get('jumlah_desa_kecamatan')} desa). Seeding, apart "
            f"from the rows: migrate {format_detik(s.get('migrate_detik'))}, `seed_demo` "
            f"{format_detik(s.get('seed_demo_detik'))} "
            f"({isi.get('keluarga', 0) / max(s.get('seed_demo_detik') or 1, 1):.0f} families/s), "
            f"VACUUM ANALYZE {format_detik(s.get('analyze_detik'))}"
            f"{' (database reused; times of its seeding)' if s.get('dipakai_ulang') else ''}. "
            f"Closing every past month of every desa: {format_detik(t.get('detik'))} — "
            f"{t.get('urut', 0)} desa in order through laporan.tutup_beruntun (median "
            f"{format_detik(t.get('per_desa_urut_median'))} per desa), {t.get('salinan', 0)} by "
            f"the copy close after the time budget (median "
            f"{format_detik(t.get('per_desa_salinan_median'))} per desa); "
            f"{m.get('bulan_terbuka')} month open afterwards. Load avg "
            f"{m.get('beban_rata', ['?', '?'])[0]} → {m.get('beban_rata', ['?', '?'])[1]}; "
            f"finished {waktu_utc(m.get('selesai'))}.\n"
        )
        b += _tabel(per, ["kabupaten"], urutan, label, target)
    return b


def cek_target(
    per: dict,
    hasil: dict,
    beban: dict | None,
    catatan: list | None = None,
    *,
    paket: dict | None = None,
) -> list[str]:
    baris = []

    def cek(teks, ok):
        baris.append(f"- {'✓' if ok else '✗ **missed**'} {teks}")
        if catatan is not None:
            catatan.append((teks, ok))

    for nama, h_ in per.items():
        if nama in ("distrik", "kabupaten", *SEGAR):
            continue
        for kunci, batas, teks in (
            ("daftar", 0.07, "family list < 70 ms"),
            ("cari_nik", 0.07, "search by partial NIK < 70 ms"),
            ("cari_nama", 0.07, "search by name < 70 ms"),
            ("keluarga", 0.07, "family page < 70 ms"),
            ("laporan_hidup", 0.5, "live monthly report < 0.5 s"),
            ("laporan_hidup_sql_baru", 1.0, "live monthly report, first view after a start < 1 s"),
            ("laporan_tutup", 0.1, "closed-month report < 0.1 s"),
            ("impor", 15, "import of 10,000 members < 15 s"),
        ):
            h = h_.get(kunci)
            if h and h.get("median") is not None:
                cek(f"{JUDUL[nama]}: {teks}: {format_detik(h['median'])}", h["median"] < batas)
            elif h:
                cek(f"{JUDUL[nama]}: {teks}: {h['status']}", False)
        r = hasil[nama]["meta"].get("rasio")
        if r is not None:
            cek(f"{JUDUL[nama]}: Report/floor ratio < 3: {r:.1f}", r < 3)
        if "lantai" in h_:
            cek(f"{JUDUL[nama]}: the floor equals the report (desa and every RT)",
                h_["lantai"]["status"] == "ok")  # fmt: skip
    if "distrik" in per and "pg" in per:
        for kunci in ("daftar", "cari_nik", "cari_nama", "keluarga", "laporan_hidup", "laporan_tutup",
                      "dasbor", "excel", "peta_rt", "daftar_nama", "kualitas"):  # fmt: skip
            a, z = per["pg"].get(kunci), per["distrik"].get(kunci)
            if a and z and a.get("median") and z.get("median"):
                r = z["median"] / a["median"]
                cek(f"district: {a['label']} within 20 % of 1 desa: ×{r:.2f}", r <= 1.2)
        s = hasil["distrik"]["meta"]["benih"]
        tot = sum(s.get(k, 0) for k in ("seed_demo_detik", "poktan_detik"))
        cek(f"district seeding (seed_demo + poktan) < 10 min: {format_detik(tot)} "
            f"({tot / 60:.1f} min)", tot < 600)  # fmt: skip
    for nama in ANGKA:
        for kunci in ("angka_laporan", "angka_dasbor", "angka_grafik"):
            h = per.get(nama, {}).get(kunci)
            if h and h.get("median") is not None:
                cek(f"{JUDUL[nama]}: {h['label']} < 60 ms: {format_detik(h['median'])}",
                    h["median"] < 0.06)  # fmt: skip
    for nama in SEGAR:
        a, z = (
            per.get(nama, {}).get("segar_susun_tanpa"),
            per.get(nama, {}).get("segar_susun_dengan"),
        )
        if a and z and a.get("median") and z.get("median"):
            r = a["median"] / z["median"]
            cek(f"{JUDUL[nama]}: report right after a 10,000-row import within 2× of its analysed "
                f"time: ×{r:.2f} (the import now ends with ANALYZE, so this is the 'without' "
                "case the helper avoids)", r <= 2)  # fmt: skip
    for kunci in ("kab_dasbor_tutup", "kab_dasbor_hidup"):
        h = per.get("kabupaten", {}).get(kunci)
        if h and h.get("median") is not None and h.get("target"):
            cek(f"{h['label']} < {format_detik(h['target'])}: {format_detik(h['median'])}",
                h["median"] < h["target"])  # fmt: skip
    for h in (paket or {}).get("hasil", []):
        if h.get("target") and h.get("median") is not None:
            cek(f"{h['label']}: {format_detik(h['median'])} < {format_detik(h['target'])}",
                h["median"] < h["target"])  # fmt: skip
    if beban and beban.get("wrk"):
        for k, p in beban["wrk"]["pages"].items():
            cek(f"load test {k}: p99 {p['p99_ms']:.0f} ms < 1 s, errors {p['errors']}",
                p["p99_ms"] < 1000 and p["errors"] == 0)  # fmt: skip
    return baris


def _beban_teks(rata: list | None, sampel: dict | None) -> str:
    """Load average during a configuration: sampled mean/max when recorded, else start → end."""
    if sampel:
        return (f"1-min load avg mean {sampel['rata']:.2f}, max {sampel['maks']:.2f} "
                f"({sampel['n']} samples)")  # fmt: skip
    if rata:
        return f"load avg (1, 5, 15 min) {rata[0]} at the start → {rata[1]} at the end"
    return "load avg not recorded"


def analisis(
    per: dict, hasil: dict, beban: dict | None, cek: list[tuple[str, bool]], *, smoke: bool
) -> list[str]:
    """A short analysis written from the figures only (no number typed by hand)."""
    b: list[str] = []
    if smoke:
        b.append("Smoke mode (a tiny village, one run): the figures only show that the suite runs.")
    ok = [t for t, v in cek if v]
    gagal = [t for t, v in cek if not v]
    b.append(f"**{len(ok)} of {len(cek)} target checks met.**"
             + (" Missed: " + "; ".join(gagal) + "." if gagal else ""))  # fmt: skip
    cores = os.cpu_count() or 0
    bagian = []
    for nama, data in hasil.items():
        if not data:
            continue
        m = data["meta"]
        bagian.append(f"{JUDUL[nama]}: {_beban_teks(m.get('beban_rata'), m.get('beban_sampel'))}")
    if beban:
        bagian.append(
            f"load test: {_beban_teks(beban.get('beban_rata'), beban.get('beban_sampel'))}"
        )
    if bagian:
        b.append(
            f"\n**Load during the measurements** ({cores} logical CPUs; a load average above "
            "about 1 means the bench process was sharing its core with other work, e.g. a CI "
            "test run, so the figures are pessimistic rather than optimistic): "
            + "; ".join(bagian)
            + "."
        )
    for nama, h_ in per.items():
        m = hasil[nama]["meta"]
        hidup, t14, lt = h_.get("laporan_hidup"), h_.get("tabel_1_4"), h_.get("lantai")
        if hidup and hidup.get("median") and t14 and t14.get("median") and lt and lt.get("median"):
            sisa = hidup["median"] - t14["median"]
            b.append(
                f"\n**{JUDUL[nama]}, live report**: page {format_detik(hidup['median'])} "
                f"({hidup.get('kueri')} queries); tables 1–4 through keluarga.indicators "
                f"{format_detik(t14['median'])} ({t14.get('kueri')} queries) against the floor's "
                f"{format_detik(lt['median'])} ({lt.get('kueri')} queries), so the rest of the page "
                f"(tables 5–7, poktan and quality blocks, last month's comparison, rendering) "
                f"takes {format_detik(max(sisa, 0))} — "
                f"{100 * max(sisa, 0) / hidup['median']:.0f} % of it. "
                f"Report/floor ratio {m.get('rasio', 0):.1f}"
                f"{' (target < 3 missed)' if m.get('rasio', 0) >= 3 else ''}."
            )
        lambat = [
            h for h in h_.values()
            if h.get("median") and h.get("target") and h["median"] >= h["target"]
        ]  # fmt: skip
        if lambat:
            b.append(
                f"\n**{JUDUL[nama]}, over target**: "
                + "; ".join(
                    f"{h['label']} {format_detik(h['median'])} vs < {format_detik(h['target'])} "
                    f"({h.get('kueri')} queries)"
                    for h in lambat
                )
                + "."
            )
        rusak = [h for h in h_.values() if h.get("status") in ("error", "fail")]
        if rusak:
            b.append(f"\n**{JUDUL[nama]}, broken rows**: "
                     + "; ".join(f"{h['label']}: {h.get('catatan', '')[:200]}" for h in rusak)
                     + ".")  # fmt: skip
    if "distrik" in per and "pg" in per:
        tumbuh = []
        for kunci, a in per["pg"].items():
            z = per["distrik"].get(kunci)
            if a.get("median") and z and z.get("median") and kunci not in (
                "kecamatan_hidup", "kecamatan_tutup", "tutup_bulan", "impor", "impor_uji",
            ):  # fmt: skip
                r = z["median"] / a["median"]
                if r > 1.2:
                    tumbuh.append(f"{a['label']} ×{r:.2f}")
        b.append(
            "\n**District**: "
            + (
                "one desa's figures grow with the other villages' data: " + "; ".join(tumbuh) + "."
                if tumbuh
                else "every one-desa figure stays within 20 % of the single-desa database."
            )
        )
        s = hasil["distrik"]["meta"]["benih"]
        tot = s.get("seed_demo_detik", 0) + s.get("poktan_detik", 0)
        b.append(
            f"Seeding {s.get('jumlah', {}).get('keluarga', 0):,} families "
            f"({s.get('jumlah', {}).get('anggota', 0):,} people) took {format_detik(tot)} "
            f"({tot / 60:.1f} min) "
            f"(`seed_demo` + poktan; migrate {format_detik(s.get('migrate_detik'))} and VACUUM ANALYZE "
            f"{format_detik(s.get('analyze_detik'))} besides): target < 10 min "
            f"{'met' if tot < 600 else 'missed'}."
        )
    if beban and beban.get("wrk"):
        w = beban["wrk"]
        sulit = max(w["pages"].items(), key=lambda kv: kv[1]["p99_ms"])
        galat = sum(p["errors"] for p in w["pages"].values())
        b.append(
            f"\n**Load test**: {w['rps']:.1f} requests/s over {w['requests']} requests, "
            f"{galat} errors; the slowest page at p99 is {sulit[0]} ({sulit[1]['p99_ms']:.0f} ms). "
            "The load test shares the same 2 cores between wrk, gunicorn's 2 workers and "
            "PostgreSQL, so its latencies include queueing behind the other connections."
        )
    b.append(
        "\nThe live report's statements are compiled once per process and then only executed "
        "(`keluarga.sql_siap`, like prepared statements: the numbers are always read from the "
        "data). The 'live' rows are views in a running server after the warm-up; the row 'first "
        "view after a start' empties that store before each run and so pays the compilation."
    )
    b.append(
        "\nMethod caveats: single-page figures come from Django's test Client with DEBUG=1 (no "
        "network or WSGI server, but the full middleware and template path); the load test runs "
        "DEBUG=0 under gunicorn. Medians of several runs hide short spikes of the shared machine but "
        "not sustained load."
    )
    return b


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hanya", default=os.environ.get("KONFIG", ""),
                    help="comma list of: " + ",".join(SEMUA) + " (env KONFIG)")  # fmt: skip
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--impor", type=int, default=10_000)
    ap.add_argument("--detik-beban", type=int, default=60)
    ap.add_argument("--pakai-ulang", action="store_true", help="reuse seeded scratch databases")
    ap.add_argument("--simpan-db", action="store_true", help="keep the scratch databases")
    ap.add_argument("--smoke", action="store_true", default=os.environ.get("BENCH_SMOKE") == "1")
    ap.add_argument("--tulis", help="output file (default docs/PERFORMANCE.md; smoke: /tmp)")
    ap.add_argument("--laporan-saja", action="store_true",
                    help="only rewrite the page from the last saved results")  # fmt: skip
    args = ap.parse_args()
    mulai = dt.datetime.now(dt.UTC).astimezone()
    hasil: dict = {}
    beban = paket = None
    umum.FOLDER_SEMENTARA.mkdir(parents=True, exist_ok=True)
    if args.smoke:
        args.runs = 1
        k = {"db": "sqlite", "nama": "rd_bench_smoke", "keluarga": 60, "desa": 1,
             "impor": 200, "pemanasan": 0}  # fmt: skip
        hasil["sqlite"] = jalankan_ukur("smoke", k, args, umum.FOLDER_SEMENTARA / "smoke.json")
        # Issue 15's configurations, tiny: the empty-database import and a 35-desa "kabupaten"
        # (2 kecamatan; months closed in order for 10 s, then by copy).
        ks = {"db": "sqlite", "nama": "rd_bench_smoke_segar", "keluarga": 0, "desa": 0,
              "impor": 200, "pemanasan": 0, "mode": "segar"}  # fmt: skip
        hasil["segar_sqlite"] = jalankan_ukur("smoke segar", ks, args,
                                              umum.FOLDER_SEMENTARA / "smoke-segar.json")  # fmt: skip
        kk = {"db": "sqlite", "nama": "rd_bench_smoke_kab", "keluarga": 140, "desa": 35,
              "impor": 0, "pemanasan": 0, "mode": "kabupaten", "tutup_anggaran": 10}  # fmt: skip
        hasil["kabupaten"] = jalankan_ukur("smoke kabupaten", kk, args,
                                           umum.FOLDER_SEMENTARA / "smoke-kab.json")  # fmt: skip
        tujuan = Path(args.tulis or umum.FOLDER_SEMENTARA / "PERFORMANCE-smoke.md")
        tulis_laporan(hasil, None, tujuan, smoke=True, mulai=mulai)
        ok = all(
            d and d["meta"].get("exit", 0) == 0
            and all(h["status"] in ("ok", "skip") for h in d["hasil"])
            for d in hasil.values()
        )  # fmt: skip
        if not args.simpan_db:
            for n in ("rd_bench_smoke", "rd_bench_smoke_segar", "rd_bench_smoke_kab"):
                for f in (umum.FOLDER_SEMENTARA / n).glob("bench.sqlite3*"):
                    f.unlink()
                (umum.FOLDER_SEMENTARA / n / "benih.json").unlink(missing_ok=True)
        sys.exit(0 if ok else 1)
    hanya = [x for x in args.hanya.split(",") if x] or list(BAWAAN)
    for x in hanya:
        if x not in SEMUA:
            raise SystemExit(f"unknown configuration {x!r}: {', '.join(SEMUA)}")
    if args.laporan_saja:
        hanya, args.hanya = [], "-"
    lama = umum.FOLDER_SEMENTARA / "hasil"
    lama.mkdir(exist_ok=True)
    for nama in SEMUA:
        if nama not in hanya:
            # keep earlier results of configurations not run now, so the page stays complete
            f = lama / f"{nama}.json"
            if f.exists() and args.hanya:
                waktu = dt.datetime.fromtimestamp(f.stat().st_mtime, dt.UTC).astimezone()
                if nama == "beban":
                    beban = json.loads(f.read_text())
                    beban.setdefault("selesai", waktu.isoformat(timespec="minutes"))
                else:
                    hasil[nama] = json.loads(f.read_text())
                    hasil[nama]["meta"].setdefault("selesai", waktu.isoformat(timespec="minutes"))
            fp = lama / "paket-hasil.json"
            if nama == "sqlite" and fp.exists() and args.hanya:
                paket = json.loads(fp.read_text())
            continue
        out = lama / f"{nama}.json.baru"
        out.unlink(missing_ok=True)
        if nama == "beban":
            beban = jalankan_beban(args, out)
            data = beban
        else:
            k = dict(KONFIG[nama])
            if nama in ("distrik", "kabupaten"):
                k["runs_kecamatan"] = min(args.runs, 3)
            data = jalankan_ukur(nama, k, args, out)
            hasil[nama] = data
        if data:
            out.unlink(missing_ok=True)
            (lama / f"{nama}.json").write_text(json.dumps(data, indent=1, default=str))
        if nama == "sqlite" and data:
            paket = jalankan_paket(args)
            if paket:
                (lama / "paket-hasil.json").write_text(json.dumps(paket, indent=1))
        if nama not in ("pg", "beban", "kabupaten") and not args.simpan_db:
            hapus(nama)
        if nama == "beban" and not args.simpan_db:
            hapus("pg")
    if "pg" in hanya and "beban" not in hanya and not args.simpan_db:
        hapus("pg")
    tujuan = Path(args.tulis or AKAR / "docs" / "PERFORMANCE.md")
    tulis_laporan(hasil, beban, tujuan, smoke=False, mulai=mulai, paket=paket)


def hapus(nama: str) -> None:
    """Drop a configuration's scratch database."""
    k = KONFIG[nama]
    if k["db"] == "pg":
        umum.hapus_pg(k["nama"])
        (umum.FOLDER_SEMENTARA / k["nama"] / "benih.json").unlink(missing_ok=True)
    else:
        for f in (umum.FOLDER_SEMENTARA / k["nama"]).glob("bench.sqlite3*"):
            f.unlink()
        (umum.FOLDER_SEMENTARA / k["nama"] / "benih.json").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
