"""What keeping the stored figures current costs an import (issue 15: < 5 % of a 10,000-row save).

    DEBUG=1 .venv/bin/python bench/impor_cap.py --db sqlite --runs 5
    DEBUG=1 .venv/bin/python bench/impor_cap.py --db pg --runs 5

One OpenSID file of N members (bench/impor.py builds it), one migrated template database, then
for each run and each mode, interleaved (A B, B A, …: a drift of the machine's load spreads
over all modes), a fresh copy of the template and the save step (`layanan.jalankan(simpan=True)`)
in its own process. Modes: `pemicu`, the stamp triggers installed (the code as it is); `tanpa`,
the triggers dropped before the save (the floor: figures kept current for nothing).

Printed per mode: the median (min–max) of wall and CPU seconds of the whole save step and of
`terapkan` alone (the write) — on PostgreSQL also the CPU seconds of the connection's server
process (/proc/<backend pid>/stat: the triggers run there; CPU, unlike wall time, is what to
compare on a busy machine) — and the overhead of the triggers (`pemicu` against `tanpa`).
PostgreSQL databases are `rd_bench_impcap_*` (bench/umum.py) and are dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))

from bench import umum  # noqa: E402

MODE = ("pemicu", "tanpa")


def _django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rumahdataku.settings")
    import django

    django.setup()


def siapkan(url: str) -> None:
    """The template: migrated, with the bench desa."""
    _django(url)
    from django.core.management import call_command

    from keluarga.models import Desa

    call_command("migrate", verbosity=0)
    Desa.objects.get_or_create(kode="3326012001", defaults={"nama": "Bench"})


def ukur(url: str, berkas: Path, mode: str) -> dict:
    _django(url)
    from django.apps import apps
    from django.db import connection

    from impor import layanan
    from keluarga import cap
    from keluarga.models import Anggota, Desa

    if mode == "tanpa":
        with connection.cursor() as c:
            for label in cap.APP_DATA:
                for m in cap.model_berpemicu(apps, label):
                    for sql in cap.sql_pemicu(m, connection.vendor)[1]:
                        c.execute(sql)
    waktu = {}
    asli = layanan.terapkan
    pid = None
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("SELECT pg_backend_pid()")
            pid = c.fetchone()[0]

    def server() -> float:
        """CPU seconds of this connection's PostgreSQL backend (the triggers run there)."""
        if pid is None:
            return 0.0
        f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")

    def terapkan(*a, **k):
        mulai, cpu, srv = time.perf_counter(), time.process_time(), server()
        try:
            return asli(*a, **k)
        finally:
            waktu["terapkan"] = time.perf_counter() - mulai
            waktu["terapkan_cpu"] = time.process_time() - cpu
            waktu["terapkan_server"] = server() - srv

    layanan.terapkan = terapkan
    desa = Desa.objects.get(kode="3326012001")
    mulai, cpu, srv = time.perf_counter(), time.process_time(), server()
    h = layanan.jalankan(path=berkas, nama_berkas=berkas.name, desa=desa, simpan=True)
    hasil = {
        "detik": time.perf_counter() - mulai,
        "cpu": time.process_time() - cpu,
        "server": server() - srv,
        **waktu,
        "anggota": Anggota.objects.count(),
        "pemicu": len(cap.pemicu_terpasang(connection)),
        "cap": cap.cap_desa(desa.pk),
    }
    if h.impor.galat or h.impor.status != "tersimpan":
        raise SystemExit(f"{h.impor.status} {h.impor.galat}: {h.impor.masalah[:3]}")
    return hasil


def _med(xs):
    return f"{statistics.median(xs):6.2f} ({min(xs):.2f}–{max(xs):.2f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", choices=["sqlite", "pg"], default="sqlite")
    ap.add_argument("--anggota", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--mode", nargs="+", choices=MODE, default=list(MODE))
    ap.add_argument("--_langkah", choices=["siapkan", "ukur"], help=argparse.SUPPRESS)
    ap.add_argument("--_url", help=argparse.SUPPRESS)
    ap.add_argument("--_berkas", help=argparse.SUPPRESS)
    ap.add_argument("--_mode", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._langkah == "siapkan":
        siapkan(args._url)
        return
    if args._langkah == "ukur":
        print(json.dumps(ukur(args._url, Path(args._berkas), args._mode)))
        return

    print(f"load: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        berkas = Path(tmp) / f"opensid-{args.anggota}.xlsx"
        subprocess.run(
            [sys.executable, str(AKAR / "bench" / "impor.py"), "--_langkah", "bangun",
             "--anggota", str(args.anggota), "--_berkas", str(berkas)],
            check=True, cwd=AKAR,
        )  # fmt: skip
        if args.db == "pg":
            tpl, run = "rd_bench_impcap_tpl", "rd_bench_impcap_run"
            umum.buat_ulang_pg(tpl)
            url_tpl, url_run = umum.url_pg(tpl), umum.url_pg(run)
        else:
            url_tpl = f"sqlite:///{tmp}/tpl.sqlite3"
            url_run = f"sqlite:///{tmp}/run.sqlite3"
        saya = [sys.executable, __file__]
        subprocess.run([*saya, "--_langkah", "siapkan", "--_url", url_tpl], check=True, cwd=AKAR)
        hasil: dict[str, list[dict]] = {m: [] for m in args.mode}
        try:
            for i in range(args.runs):
                k = i % len(args.mode)
                for mode in args.mode[k:] + args.mode[:k]:
                    if args.db == "pg":
                        umum.buat_ulang_pg(run, tpl)
                    else:
                        shutil.copy(f"{tmp}/tpl.sqlite3", f"{tmp}/run.sqlite3")
                    keluar = subprocess.run(
                        [*saya, "--_langkah", "ukur", "--_url", url_run, "--_berkas", str(berkas),
                         "--_mode", mode],
                        check=True, capture_output=True, text=True, cwd=AKAR,
                    )  # fmt: skip
                    x = json.loads(keluar.stdout.strip().splitlines()[-1])
                    hasil[mode].append(x)
                    print(
                        f"run {i + 1} {mode:<7} save {x['detik']:.2f} s (CPU {x['cpu']:.2f}), "
                        f"terapkan {x['terapkan']:.2f} s (CPU {x['terapkan_cpu']:.2f}, server "
                        f"{x['terapkan_server']:.2f}); "
                        f"{x['anggota']} anggota, {x['pemicu']} triggers, stamp {x['cap']}",
                        flush=True,
                    )
        finally:
            if args.db == "pg":
                umum.hapus_pg(run)
                umum.hapus_pg(tpl)
    print(f"load: {os.getloadavg()}")
    print(f"{args.db}, {args.anggota} members, {args.runs} runs: median (min–max) seconds")
    dasar = (
        {k: statistics.median(x[k] for x in hasil["tanpa"]) for k in hasil["tanpa"][0]}
        if ("tanpa" in hasil)
        else None
    )
    for mode, xs in hasil.items():
        baris = f"  {mode:<7}"
        for k in ("detik", "cpu", "server", "terapkan", "terapkan_cpu", "terapkan_server"):
            if args.db == "sqlite" and k.endswith("server"):
                continue
            v = [x[k] for x in xs]
            baris += f"  {k} {_med(v)}"
            if dasar and mode != "tanpa":
                baris += f" {100 * (statistics.median(v) / dasar[k] - 1):+.1f}%"
        print(baris)


if __name__ == "__main__":
    main()
