"""Outputs of a month at the 3,000-family desa: meeting-pack PDF (cold and with cached charts and
maps), one RT map, the village map, the A3 papan data — the figures issue 6 asks `make bench` for.

    .venv/bin/python bench/paket_rapat.py [--db sqlite|pg] [--nama rd_bench_sqlite] [--runs 3]

Runs on the scratch database that bench/ukur.py seeded (and in which it closed last month); it
seeds nothing. Prints a table and writes JSON to BENCH_TMP/hasil/paket.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import umum  # noqa: E402

TARGET = {"paket_dingin": 20.0, "peta_rt": 1.0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", choices=["sqlite", "pg"], default="sqlite")
    ap.add_argument("--nama", default="rd_bench_sqlite")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    umum.siapkan_django(umum.lingkungan(args.db, args.nama))

    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from keluarga.models import RT, Desa
    from laporan import grafik
    from laporan.models import PeriodeBulan

    desa = Desa.objects.order_by("kode").first()
    if desa is None:
        raise SystemExit(f"{args.nama}: no desa; run bench/ukur.py (make bench) first to seed it")
    ditutup = (
        PeriodeBulan.objects.filter(desa=desa, status=PeriodeBulan.Status.DITUTUP)
        .order_by("-bulan")
        .first()
    )
    if ditutup is None:
        raise SystemExit(f"{args.nama}: no closed month; run bench/ukur.py first")
    from tests.factories import persona  # the Admin desa persona of the tests

    admin = persona("Admin desa", desa=desa, username=f"bench_paket_{time.time_ns()}")
    c = Client()
    c.force_login(admin)
    sT = timezone.localdate().strftime("%Y-%m")
    sT1 = ditutup.bulan.strftime("%Y-%m")
    rt = RT.objects.filter(desa=desa).order_by("pk").first()
    cache = Path(grafik.folder_cache())
    hasil: list[umum.Hasil] = []

    def ambil(url: str) -> None:
        r = c.get(url)
        if r.status_code != 200:
            raise SystemExit(f"{url}: HTTP {r.status_code}")
        b"".join(r.streaming_content) if r.streaming else r.content

    def catat(kunci, label, url, *, dingin=False):
        h = umum.Hasil(kunci, label, target=TARGET.get(kunci))
        for _ in range(args.runs):
            if dingin:
                shutil.rmtree(cache, ignore_errors=True)
            mulai = time.perf_counter()
            ambil(url)
            h.detik.append(time.perf_counter() - mulai)
        if h.target is not None and h.median > h.target:
            h.status = "fail"
        hasil.append(h)
        print(f"{label:62s} {umum.format_detik(h.median):>9s}  {h.status}", flush=True)

    dasar = f"/laporan/desa/{desa.kode}"
    peta = "/laporan/grafik"
    catat(
        "paket_dingin",
        f"Meeting-pack PDF {sT1} (closed), cold: no cached chart/map",
        f"{dasar}/{sT1}/paket-rapat.pdf",
        dingin=True,
    )
    catat(
        "paket_hangat",
        f"Meeting-pack PDF {sT1} (closed), charts and maps cached",
        f"{dasar}/{sT1}/paket-rapat.pdf",
    )
    catat(
        "paket_hidup", f"Meeting-pack PDF {sT} (open month, live)", f"{dasar}/{sT}/paket-rapat.pdf"
    )
    catat(
        "peta_rt",
        f"One RT map {sT}, live (PNG, A4)",
        f"{peta}/{desa.kode}/{sT}/peta/rt/{rt.pk}.png",
    )
    catat(
        "peta_desa", f"Village map {sT}, live (PNG, A4)", f"{peta}/{desa.kode}/{sT}/peta/desa.png"
    )
    catat(
        "peta_desa_tutup",
        f"Village map {sT1}, closed (cached PNG)",
        f"{peta}/{desa.kode}/{sT1}/peta/desa.png",
    )
    catat("papan", f"A3 papan data {sT1} (closed)", f"{dasar}/{sT1}/papan-data.pdf")
    keluar = umum.FOLDER_SEMENTARA / "hasil" / "paket.json"
    keluar.parent.mkdir(parents=True, exist_ok=True)
    keluar.write_text(
        json.dumps(
            {
                "meta": {"db": args.db, "nama": args.nama, "desa": desa.kode, "cpu": umum.cpu()},
                "hasil": [h.dict() for h in hasil],
            },
            indent=2,
        )
    )
    print(f"→ {keluar} (cache folder {settings.DATA_DIR})")


if __name__ == "__main__":
    main()
