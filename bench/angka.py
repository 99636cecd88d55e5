"""Issue 15 measurement: the live report with stored figures current, the first view after a
write, and what keeping the figures current adds to a form save.

    DEBUG=1 .venv/bin/python bench/angka.py --db sqlite --nama rd_bench_angka --keluarga 2700
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import umum  # noqa: E402


def med(f, n):
    t = []
    for _ in range(n):
        s = time.perf_counter()
        f()
        t.append(time.perf_counter() - s)
    return statistics.median(t)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--db", choices=["sqlite", "pg"], default="sqlite")
    p.add_argument("--nama", required=True)
    p.add_argument("--keluarga", type=int, default=2700)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--pakai-ulang", action="store_true")
    a = p.parse_args()
    env = umum.lingkungan(a.db, a.nama)
    folder = Path(env["RUMAHDATAKU_DATA_DIR"])
    tanda = folder / f"angka_{a.keluarga}.ok"
    if not (a.pakai_ulang and tanda.exists()):
        if a.db == "pg":
            umum.buat_ulang_pg(a.nama)
        else:
            for x in folder.glob("bench.sqlite3*"):
                x.unlink()
    umum.siapkan_django(env)
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    if not tanda.exists() or not a.pakai_ulang:
        s = time.perf_counter()
        call_command("seed_demo", families=a.keluarga, villages=1, seed=1, stdout=StringIO())
        print(f"seed {time.perf_counter() - s:.1f} s")
        with connection.cursor() as c:
            c.execute("ANALYZE" if a.db == "pg" else "ANALYZE")
        tanda.write_text("ok")

    from keluarga import cap
    from keluarga import services as ks
    from keluarga.models import Anggota, Desa
    from laporan import services
    from laporan.models import AngkaBulan, PeriodeBulan
    from tests import factories as f

    desa = Desa.objects.order_by("kode").first()
    T = timezone.localdate().replace(day=1)
    T1 = (T - dt.timedelta(days=1)).replace(day=1)
    # Every past month closed (T-1 with its real snapshot, older ones marked closed): one open.
    PeriodeBulan.objects.filter(desa=desa).delete()
    snap = services.laporan_hidup(desa, T1.year, T1.month, dengan_lalu=False)
    snap["status"] = "ditutup"
    m = desa.bulan_awal_data.replace(day=1)
    while m <= T1:
        PeriodeBulan.objects.create(desa=desa, bulan=m, status="ditutup", snapshot=snap,
                                    ditutup_pada=timezone.now())  # fmt: skip
        m = (m + dt.timedelta(days=32)).replace(day=1)
    AngkaBulan.objects.all().delete()
    n_orang = Anggota.objects.filter(desa=desa).count()
    print(f"{connection.vendor}: {n_orang} anggota, open month {T:%Y-%m} (1 open month)")
    admin = f.persona("Admin desa", desa=desa, username=f"angka_{time.time_ns()}")
    c = Client()
    c.force_login(admin)
    sT = f"{T:%Y-%m}"

    def hidup():
        with services.tanpa_simpanan():
            services.laporan_bulan(desa, T.year, T.month)

    print(f"live computation (store bypassed): {med(hidup, 3) * 1000:.0f} ms")
    istri = list(Anggota.objects.filter(desa=desa, jenis_kelamin="P", hubungan="3")[:200])
    i = [0]

    def tulis():
        i[0] += 1
        ks.tandai_diverifikasi(keluarga=istri[i[0]].keluarga, tanggal=timezone.localdate())

    def setelah_tulis():
        tulis()
        s = time.perf_counter()
        services.laporan_bulan(desa, T.year, T.month)
        return time.perf_counter() - s

    t = statistics.median(setelah_tulis() for _ in range(3))
    print(f"first laporan_bulan after a write (compute + store): {t * 1000:.0f} ms")
    services.laporan_bulan(desa, T.year, T.month)
    print(
        f"laporan_bulan, stored current: {med(lambda: services.laporan_bulan(desa, T.year, T.month), a.runs) * 1000:.1f} ms"
    )
    for nama, url in (
        ("report page", f"/laporan/desa/{desa.kode}/{sT}/"),
        ("report JSON", f"/laporan/desa/{desa.kode}/{sT}/json/"),
        ("dashboard", f"/laporan/dasbor/{desa.kode}/{sT}/"),
        ("Excel", f"/laporan/desa/{desa.kode}/{sT}/laporan.xlsx"),
        ("charts page", f"/laporan/grafik/{desa.kode}/{sT}/"),
        ("chart metode_kb.svg", f"/laporan/grafik/{desa.kode}/{sT}/metode_kb.svg"),
        ("chart tren_kb.svg", f"/laporan/grafik/{desa.kode}/{sT}/tren_kb.svg"),
    ):

        def ambil(url=url):
            r = c.get(url)
            assert r.status_code == 200, (url, r.status_code)
            if getattr(r, "streaming", False):
                b"".join(r.streaming_content)

        ambil()
        print(f"{nama}, stored current: {med(ambil, a.runs) * 1000:.1f} ms")
    # The same pages of the closed month before, measured alike: "closed-month speed" here.
    sT1 = f"{T1:%Y-%m}"
    for nama, url in (
        ("report page", f"/laporan/desa/{desa.kode}/{sT1}/"),
        ("report JSON", f"/laporan/desa/{desa.kode}/{sT1}/json/"),
        ("dashboard", f"/laporan/dasbor/{desa.kode}/{sT1}/"),
        ("charts page", f"/laporan/grafik/{desa.kode}/{sT1}/"),
        ("chart metode_kb.svg", f"/laporan/grafik/{desa.kode}/{sT1}/metode_kb.svg"),
        ("chart tren_kb.svg", f"/laporan/grafik/{desa.kode}/{sT1}/tren_kb.svg"),
    ):

        def ambil_tutup(url=url):
            assert c.get(url).status_code == 200, url

        ambil_tutup()
        print(f"{nama}, closed month: {med(ambil_tutup, a.runs) * 1000:.1f} ms")
    tulis()
    s = time.perf_counter()
    assert c.get(f"/laporan/dasbor/{desa.kode}/{sT}/").status_code == 200
    print(f"dashboard, first view after a write: {(time.perf_counter() - s) * 1000:.0f} ms")

    # A form save's cost: the same service with and without the stamp triggers.
    def simpan_n(n=30):
        t = []
        for k in range(n):
            a_ = istri[k]
            s = time.perf_counter()
            with transaction.atomic():
                ks.set_status_kb(anggota=a_, mulai=timezone.localdate(), metode="pil")
                t.append(time.perf_counter() - s)
                transaction.set_rollback(True)
        return statistics.median(t)

    simpan_n(5)
    dengan = simpan_n()
    from django.apps import apps

    semua = [m for lbl in cap.APP_DATA for m in cap.model_berpemicu(apps, lbl)]
    with connection.cursor() as cur:
        for m in semua:
            for sql in cap.sql_pemicu(m, connection.vendor)[1]:
                cur.execute(sql)
    tanpa = simpan_n()
    cap.pasang_semua(using="default")
    print(
        f"form save (set_status_kb): {dengan * 1000:.2f} ms with triggers, {tanpa * 1000:.2f} ms without"
    )


if __name__ == "__main__":
    main()
