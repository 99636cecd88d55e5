"""Shared helpers of the benchmark suite: scratch databases, Django set-up, timing statistics.

Nothing here touches a database other than the scratch ones the bench creates: SQLite files under
a temporary folder (RUMAHDATAKU_DATA_DIR) and PostgreSQL databases whose name starts `rd_bench_`.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
PG_DASAR = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
AWALAN_PG = "rd_bench_"
FOLDER_SEMENTARA = Path(os.environ.get("BENCH_TMP", "/tmp/rd_bench"))


def url_pg(nama: str) -> str:
    if not nama.startswith(AWALAN_PG):
        raise SystemExit(f"Bench databases must be named {AWALAN_PG}*: {nama!r}")
    return f"{PG_DASAR}/{nama}"


def buat_ulang_pg(nama: str, templat: str | None = None) -> None:
    """Drop and create a scratch PostgreSQL database (only `rd_bench_*`), empty or as a copy of
    `templat`."""
    import psycopg2

    url_pg(nama)  # refuses any other name
    if templat:
        url_pg(templat)  # a copy is made of a bench database only
    con = psycopg2.connect(f"{PG_DASAR}/postgres")
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{nama}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{nama}"' + (f' TEMPLATE "{templat}"' if templat else ""))
    con.close()


def hapus_pg(nama: str) -> None:
    import psycopg2

    url_pg(nama)
    con = psycopg2.connect(f"{PG_DASAR}/postgres")
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{nama}" WITH (FORCE)')
    con.close()


def ada_pg(nama: str) -> bool:
    import psycopg2

    url_pg(nama)
    con = psycopg2.connect(f"{PG_DASAR}/postgres")
    with con.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nama])
        ada = cur.fetchone() is not None
    con.close()
    return ada


def lingkungan(db: str, nama: str, *, debug: bool = True) -> dict[str, str]:
    """Environment of a bench process: its scratch database, DEBUG and hosts for the test Client."""
    folder = FOLDER_SEMENTARA / nama
    folder.mkdir(parents=True, exist_ok=True)
    env = {
        "RUMAHDATAKU_DATA_DIR": str(folder),
        "DEBUG": "1" if debug else "0",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "DJANGO_SETTINGS_MODULE": "rumahdataku.settings",
        "PYTHONHASHSEED": "0",
    }
    if db == "pg":
        env["DATABASE_URL"] = url_pg(nama)
    else:
        env["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    return env


def siapkan_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(AKAR))
    sys.path.insert(0, str(AKAR / "tests"))  # tests/factories.py: the Admin desa persona
    import django

    django.setup()


def cpu() -> str:
    """The CPU model and count from /proc/cpuinfo."""
    try:
        teks = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown"
    model = [b.split(":", 1)[1].strip() for b in teks.splitlines() if b.startswith("model name")]
    mhz = [b.split(":", 1)[1].strip() for b in teks.splitlines() if b.startswith("cpu MHz")]
    nama = model[0] if model else "unknown"
    extra = f", {float(mhz[0]):.0f} MHz" if mhz else ""
    return f"{nama} × {len(model) or os.cpu_count()} logical CPUs{extra}"


def memori_gb() -> float | None:
    try:
        for baris in Path("/proc/meminfo").read_text().splitlines():
            if baris.startswith("MemTotal:"):
                return round(int(baris.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return None


@dataclass
class Hasil:
    """One row of the results table: seconds of each run and the query count of the last run."""

    kunci: str
    label: str
    detik: list[float] = field(default_factory=list)
    kueri: int | None = None
    status: str = "ok"  # ok | skip | error | fail
    catatan: str = ""
    target: float | None = None  # seconds, when the issue sets one
    bulan_terbuka: int | None = None  # open months of the measured desa when it was measured

    @property
    def median(self) -> float | None:
        return statistics.median(self.detik) if self.detik else None

    def dict(self) -> dict:
        d = asdict(self)
        d["median"] = self.median
        d["min"] = min(self.detik) if self.detik else None
        d["max"] = max(self.detik) if self.detik else None
        return d


def ukur_berulang(fungsi, runs: int, *, pemanasan: int = 1) -> tuple[list[float], int]:
    """Time `fungsi` `runs` times after `pemanasan` untimed calls; count the queries of each run
    with CaptureQueriesContext and return the last run's count (they are checked to be stable)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(pemanasan):
        fungsi()
    detik, kueri = [], []
    from django.db import reset_queries

    for _ in range(runs):
        reset_queries()  # with DEBUG every query is logged; a full log (9,000) counts 0
        with CaptureQueriesContext(connection) as q:
            mulai = time.perf_counter()
            fungsi()
            detik.append(time.perf_counter() - mulai)
        kueri.append(len(q))
    return detik, kueri[-1]


def format_detik(s: float | None) -> str:
    if s is None:
        return "–"
    if s < 1:
        return f"{s * 1000:.0f} ms"
    return f"{s:.2f} s"
