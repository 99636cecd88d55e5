"""One benchmark configuration in its own process: build a scratch database, seed it, time the pages.

    .venv/bin/python bench/ukur.py --db sqlite --nama rd_bench_desa --keluarga 3000 --out hasil.json
    .venv/bin/python bench/ukur.py --db pg --nama rd_bench_distrik --keluarga 100000 --desa 33 ...

Usually started by bench/run.py. Pages are fetched with Django's test Client as a logged-in
Admin desa of the first desa (force_login); each figure is the median of --runs runs after one
untimed warm-up run, with the query count of a run (CaptureQueriesContext). Writes JSON to --out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import umum  # noqa: E402
from umum import Hasil, ukur_berulang  # noqa: E402


class _Batal(Exception):
    """Raised inside a transaction to roll a measured import back."""


def siapkan_db(args) -> dict:
    env = umum.lingkungan(args.db, args.nama)
    folder = Path(env["RUMAHDATAKU_DATA_DIR"])
    penanda = folder / "benih.json"
    ada = penanda.exists() and (args.db == "sqlite" or umum.ada_pg(args.nama))
    if args.pakai_ulang and ada:
        benih = json.loads(penanda.read_text())
        if benih.get("param") == [args.keluarga, args.desa, args.seed]:
            umum.siapkan_django(env)
            from django.core.management import call_command

            # A database seeded before a new migration (e.g. an index) gets it now.
            call_command("migrate", verbosity=0)
            from django.db import connection

            _vakum(connection)
            return {**benih, "dipakai_ulang": True}
    penanda.unlink(missing_ok=True)
    if args.db == "pg":
        umum.buat_ulang_pg(args.nama)
    else:
        for f in folder.glob("bench.sqlite3*"):
            f.unlink()
    umum.siapkan_django(env)
    from django.core.management import call_command
    from django.db import connection

    benih: dict = {"param": [args.keluarga, args.desa, args.seed]}
    mulai = time.perf_counter()
    call_command("migrate", verbosity=0)
    benih["migrate_detik"] = time.perf_counter() - mulai

    from io import StringIO

    keluar = StringIO()
    mulai = time.perf_counter()
    call_command(
        "seed_demo",
        families=args.keluarga,
        villages=args.desa,
        seed=args.seed,
        stdout=keluar,
    )
    benih["seed_demo_detik"] = time.perf_counter() - mulai
    benih["seed_demo_keluaran"] = " ".join(keluar.getvalue().splitlines()[:2])

    from keluarga.models import Desa
    from poktan.models import Kelompok

    benih["poktan_di_seed_demo"] = Kelompok.objects.exists()
    mulai = time.perf_counter()
    if not benih["poktan_di_seed_demo"]:
        from operasi.demo_poktan import buat_demo_poktan

        h = buat_demo_poktan(list(Desa.objects.order_by("pk")), seed=args.seed)
        benih["poktan"] = h.__dict__
    benih["poktan_detik"] = time.perf_counter() - mulai
    mulai = time.perf_counter()
    _vakum(connection)
    benih["analyze_detik"] = time.perf_counter() - mulai
    benih["jumlah"] = hitung_isi()
    penanda.write_text(json.dumps(benih, indent=1, default=str))
    return {**benih, "dipakai_ulang": False}


def _vakum(connection) -> None:
    """What autovacuum does soon after a bulk load (its insert threshold, PostgreSQL 13+): ANALYZE,
    without which the planner guesses row counts, and VACUUM, without which the visibility map
    is unset and every index-only scan also reads the table (the live report ~10 % slower)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")


def hitung_isi() -> dict:
    from keluarga.models import Anggota, Desa, Keluarga, Peristiwa, StatusKB
    from poktan.models import Kehadiran, Kelompok, Penimbangan

    return {
        "desa": Desa.objects.count(),
        "keluarga": Keluarga.objects.count(),
        "anggota": Anggota.objects.count(),
        "peristiwa": Peristiwa.objects.count(),
        "status_kb": StatusKB.objects.count(),
        "kelompok": Kelompok.objects.count(),
        "kehadiran": Kehadiran.objects.count(),
        "penimbangan": Penimbangan.objects.count(),
    }


def _pengguna(username: str, peran: str, **lingkup):
    from django.contrib.auth import get_user_model

    u = get_user_model().objects.filter(username=username).first()
    if u is not None:
        return u
    from factories import persona  # tests/factories.py

    return persona(peran, username=username, **lingkup)


def _bulan(d: dt.date, geser: int) -> dt.date:
    total = d.year * 12 + d.month - 1 + geser
    return dt.date(total // 12, total % 12 + 1, 1)


def tutup_sampai(desa, bulan: dt.date, user) -> float:
    """Close `bulan` of the desa with laporan.services.tutup_bulan (timed). Months close in
    order, and the desa's 24 months of history would take 24 full closes, so the months before are
    marked closed directly: bulan−1 with its real snapshot (the only earlier one tutup_bulan and
    the report read), the older ones with a copy of it (read only by 12-month trend charts)."""
    import copy

    from django.utils import timezone

    from laporan import services
    from laporan.models import PeriodeBulan

    awal = desa.bulan_awal_data.replace(day=1)
    sebelum = _bulan(bulan, -1)
    PeriodeBulan.objects.filter(desa=desa).delete()
    if sebelum >= awal:
        snap = services.laporan_hidup(desa, sebelum.year, sebelum.month, dengan_lalu=False)
        snap["status"] = "ditutup"
        salinan = []
        m = awal
        while m < sebelum:
            s = copy.deepcopy(snap)
            s.update(bulan=m.strftime("%Y-%m"), bench_salinan=True)
            salinan.append(PeriodeBulan(desa=desa, bulan=m, status="ditutup", snapshot=s,
                                        ditutup_oleh=user, ditutup_pada=timezone.now()))  # fmt: skip
            m = _bulan(m, 1)
        PeriodeBulan.objects.bulk_create(salinan)
        PeriodeBulan.objects.create(desa=desa, bulan=sebelum, status="ditutup", snapshot=snap,
                                    ditutup_oleh=user, ditutup_pada=timezone.now())  # fmt: skip
    mulai = time.perf_counter()
    services.tutup_bulan(
        desa=desa,
        tahun=bulan.year,
        bulan=bulan.month,
        oleh=user,
        rapat={
            "tanggal": min(_bulan(bulan, 1), timezone.localdate()),
            "tempat": "Balai desa",
            "peserta": "Kepala Desa\nPLKB\nKader",
            "catatan": "bench",
        },
    )
    return time.perf_counter() - mulai


def cari_peta_rt(desa, bulan: str, rt) -> str | None:
    """The RT map URL under /laporan/grafik/, once it exists (names with 'peta')."""
    from django.urls import URLPattern, reverse

    try:
        from laporan import urls_grafik
    except ImportError:
        return None
    isian = {"kode": desa.kode, "desa": desa.kode, "bulan": bulan, "rt": rt.pk, "rt_id": rt.pk,
             "pk": rt.pk, "fmt": "svg"}  # fmt: skip
    for p in getattr(urls_grafik, "urlpatterns", []):
        if not isinstance(p, URLPattern) or "peta" not in (p.name or ""):
            continue
        nama = list(p.pattern.regex.groupindex)
        if all(n in isian for n in nama):
            try:
                return reverse(f"grafik:{p.name}", kwargs={n: isian[n] for n in nama})
            except Exception:  # noqa: BLE001, S112
                continue
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", choices=["sqlite", "pg"], required=True)
    ap.add_argument("--nama", required=True, help="scratch name: rd_bench_*")
    ap.add_argument("--keluarga", type=int, default=3000)
    ap.add_argument("--desa", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--runs-kecamatan", type=int, default=None)
    ap.add_argument("--impor", type=int, default=10_000, help="members imported (0: skip)")
    ap.add_argument("--pakai-ulang", action="store_true", help="reuse a seeded scratch database")
    ap.add_argument("--pemanasan", type=int, default=1)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    umum.url_pg(args.nama) if args.db == "pg" else None
    if not args.nama.startswith(umum.AWALAN_PG):
        raise SystemExit("--nama must start with rd_bench_")

    benih = siapkan_db(args)
    print(
        f"[{args.nama}] seeding{' (reused database; times of its seeding)' if benih['dipakai_ulang'] else ''}: "
        + ", ".join(
            f"{k.removesuffix('_detik')} {umum.format_detik(benih.get(k))}"
            for k in ("migrate_detik", "seed_demo_detik", "poktan_detik", "analyze_detik")
        )
        + f"; seed_demo + poktan {umum.format_detik(benih.get('seed_demo_detik', 0) + benih.get('poktan_detik', 0))}"
        + f" · {benih.get('jumlah')}",
        flush=True,
    )
    hasil: list[Hasil] = []
    meta = {"benih": benih, "db": args.db, "runs": args.runs, "pemanasan": args.pemanasan}
    try:
        jalankan(args, hasil, meta)
    finally:
        Path(args.out).write_text(
            json.dumps({"meta": meta, "hasil": [h.dict() for h in hasil]}, indent=1, default=str)
        )


def jalankan(args, hasil: list[Hasil], meta: dict) -> None:
    import lantai
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from keluarga import indicators as ind
    from keluarga.models import RT, Anggota, Desa, Keluarga
    from laporan import laporan as lap
    from laporan import services

    runs, pem = args.runs, args.pemanasan
    desa = Desa.objects.order_by("kode").first()
    semua_desa = list(Desa.objects.order_by("kode"))
    kode_kec = desa.kode[:6]
    admin = _pengguna(f"bench_admin_{desa.kode}", "Admin desa", desa=desa)
    kec = _pengguna(f"bench_kec_{kode_kec}", "Kecamatan", kecamatan_kode=kode_kec)
    c = Client()
    c.force_login(admin)
    ck = Client()
    ck.force_login(kec)
    hari_ini = timezone.localdate()
    T = hari_ini.replace(day=1)
    T1 = _bulan(T, -1)
    sT, sT1 = T.strftime("%Y-%m"), T1.strftime("%Y-%m")
    from laporan.models import PeriodeBulan

    PeriodeBulan.objects.filter(desa__in=semua_desa).delete()  # a reused database starts open

    kel_desa = Keluarga.objects.filter(desa=desa).order_by("pk")
    kel = kel_desa[kel_desa.count() // 2]
    contoh = (Anggota.objects.filter(desa=desa, nik__isnull=False, hubungan="1").order_by("pk"))[
        Anggota.objects.filter(desa=desa, nik__isnull=False, hubungan="1").count() // 3
    ]
    nik6 = contoh.nik[-6:]
    nama5 = contoh.nama.split()[0][:5].lower()
    rt = RT.objects.filter(desa=desa).order_by("pk").first()
    meta.update(
        desa={"kode": desa.kode, "nama": desa.nama,
              "keluarga": kel_desa.count(), "anggota": Anggota.objects.filter(desa=desa).count()},
        bulan_hidup=sT, bulan_ditutup=sT1, cari_nik=nik6, cari_nama=nama5, keluarga_pk=kel.pk,
        vendor=connection.vendor, jumlah_desa=len(semua_desa),
    )  # fmt: skip

    def halaman(kunci, label, url, klien=c, *, target=None, n=runs, catatan=""):
        h = Hasil(kunci, label, target=target, catatan=catatan)
        hasil.append(h)
        if url is None:
            h.status = "skip"
            return h

        def ambil():
            r = klien.get(url)
            if r.status_code != 200:
                raise RuntimeError(f"HTTP {r.status_code} {url}")
            if getattr(r, "streaming", False):
                b"".join(r.streaming_content)

        try:
            h.detik, h.kueri = ukur_berulang(ambil, n, pemanasan=pem)
            h.catatan = h.catatan or url
        except Exception as e:  # noqa: BLE001 — a broken page is a row, not the end of the bench
            h.status = "error"
            h.catatan = f"{url}: {type(e).__name__}: {str(e)[:200]}"
            traceback.print_exc()
        print(f"  {label:<48} {umum.format_detik(h.median):>9}  {h.kueri} q  {h.status}",
              flush=True)  # fmt: skip
        return h

    def fungsi(kunci, label, f, *, target=None, n=runs, catatan=""):
        h = Hasil(kunci, label, target=target, catatan=catatan)
        hasil.append(h)
        try:
            h.detik, h.kueri = ukur_berulang(f, n, pemanasan=pem)
        except Exception as e:  # noqa: BLE001
            h.status = "error"
            h.catatan = f"{type(e).__name__}: {str(e)[:300]}"
            traceback.print_exc()
        print(f"  {label:<48} {umum.format_detik(h.median):>9}  {h.kueri} q  {h.status}",
              flush=True)  # fmt: skip
        return h

    print(f"[{args.nama}] {meta['desa']} · {len(semua_desa)} desa", flush=True)
    halaman("daftar", "Family list page", "/keluarga/", target=0.07)
    halaman("cari_nik", "Search, partial NIK (last 6 digits)", f"/keluarga/?q={nik6}", target=0.07)
    halaman("cari_nama", "Search, name (first 5 letters)", f"/keluarga/?q={nama5}", target=0.07)
    halaman("keluarga", "Family page", f"/keluarga/{kel.pk}/", target=0.07)
    halaman(
        "laporan_hidup_lalu_terbuka",
        f"Monthly report {sT}, live (previous month open)",
        f"/laporan/desa/{desa.kode}/{sT}/",
        target=0.5,
    )

    # Close the previous month, then the typical state: the month live, last month closed.
    mulai = time.perf_counter()
    t = tutup_sampai(desa, T1, admin)
    meta["tutup_bulan_detik"] = t
    meta["siapkan_tutup_detik"] = time.perf_counter() - mulai - t
    h = Hasil("tutup_bulan", f"Close month {sT1} (tutup_bulan, 1 run)", detik=[t])
    hasil.append(h)
    print(f"  {h.label:<48} {umum.format_detik(t):>9}", flush=True)

    lap_hidup = halaman(
        "laporan_hidup",
        f"Monthly report {sT}, live (previous month closed)",
        f"/laporan/desa/{desa.kode}/{sT}/",
        target=0.5,
    )

    def laporan_sql_baru():
        # What the first view after a server start pays: the report's SQL compiled anew
        # (keluarga.sql_siap keeps it per process afterwards).
        from keluarga import sql_siap

        sql_siap.kosongkan()
        r = c.get(f"/laporan/desa/{desa.kode}/{sT}/")
        if r.status_code != 200:
            raise RuntimeError(f"HTTP {r.status_code}")

    fungsi(
        "laporan_hidup_sql_baru",
        f"Monthly report {sT}, live, first view after a start (SQL compiled)",
        laporan_sql_baru,
    )
    halaman(
        "laporan_json", f"Monthly report {sT} JSON, live", f"/laporan/desa/{desa.kode}/{sT}/json/"
    )
    halaman(
        "laporan_tutup",
        f"Monthly report {sT1}, closed (snapshot)",
        f"/laporan/desa/{desa.kode}/{sT1}/",
        target=0.1,
    )
    halaman("dasbor", f"Dashboard {sT}, live", f"/laporan/dasbor/{desa.kode}/{sT}/")
    halaman(
        "daftar_nama",
        f"Name list (table 7, unmet need) {sT}, live",
        f"/laporan/desa/{desa.kode}/{sT}/daftar/unmet_need/",
    )
    halaman("kualitas", "Data-quality worklist page (every check)", "/kualitas-data/")
    halaman("dasbor_tutup", f"Dashboard {sT1}, closed", f"/laporan/dasbor/{desa.kode}/{sT1}/")
    halaman("excel", f"Excel export {sT}, live", f"/laporan/desa/{desa.kode}/{sT}/laporan.xlsx")
    halaman(
        "excel_tutup",
        f"Excel export {sT1}, closed",
        f"/laporan/desa/{desa.kode}/{sT1}/laporan.xlsx",
    )
    for kunci, bln, ket in (("peta_rt", sT, "live"), ("peta_rt_tutup", sT1, "closed")):
        peta = cari_peta_rt(desa, bln, rt)
        halaman(
            kunci,
            f"RT map {bln}, {ket} (SVG)",
            peta,
            catatan="" if peta else "not built yet: laporan/urls_grafik.py has no map URL",
        )

    # Tables 1–4 through keluarga.indicators, and THE FLOOR.
    akhir = ind.akhir_bulan(T.year, T.month)
    ids = [desa.pk]

    def tabel_1_4():
        ind.hitung_penduduk(akhir, ids)
        ind.hitung_mutasi(T, akhir, ids)
        ind.hitung_keluarga(akhir, ids)
        ind.hitung_kb(akhir, ids)
        ind.hitung_pb(T, akhir, ids)

    t14 = fungsi("tabel_1_4", f"Tables 1–4 via keluarga.indicators ({sT})", tabel_1_4)
    lantai_h = Hasil("lantai", f"THE FLOOR: tables 1–4, 4 hand-written SQL statements ({sT})")
    hasil.append(lantai_h)
    laporan_T = services.laporan_hidup(desa, T.year, T.month)
    beda = []
    for y, m, lp in ((T.year, T.month, laporan_T), (T1.year, T1.month, None)):
        lp = lp or lap.susun([desa], y, m)
        f, _w = lantai.jalankan(desa.pk, y, m)
        beda += [f"{y}-{m:02d} {b}" for b in lantai.bandingkan(f, lp)]
    per_tabel: dict[str, list[float]] = {"t1": [], "t2": [], "t3": [], "t4": []}

    def floor():
        _f, w = lantai.jalankan(desa.pk, T.year, T.month)
        for k, v in w.items():
            per_tabel[k].append(v)

    lantai_h.detik, lantai_h.kueri = ukur_berulang(floor, runs, pemanasan=pem)
    for k in per_tabel:
        per_tabel[k] = per_tabel[k][-runs:]
    meta["lantai_per_tabel"] = per_tabel
    if beda:
        lantai_h.status = "fail"
        lantai_h.catatan = f"{len(beda)} differences; first: {beda[0][:300]}"
        meta["lantai_beda"] = beda[:50]
        print("FLOOR MISMATCH:\n  " + "\n  ".join(beda[:20]), flush=True)
    else:
        lantai_h.catatan = "equal to the report for the desa and each RT, this month and last"
    print(f"  {lantai_h.label:<48} {umum.format_detik(lantai_h.median):>9}  "
          f"{lantai_h.kueri} q  {lantai_h.status}", flush=True)  # fmt: skip
    if lantai_h.median and lap_hidup.median:
        meta["rasio"] = lap_hidup.median / lantai_h.median
        print(f"Report/floor ratio: {meta['rasio']:.1f}", flush=True)
    if lantai_h.median and t14.median:
        meta["rasio_tabel_1_4"] = t14.median / lantai_h.median
        print(f"Tables 1–4 (indicators) / floor ratio: {meta['rasio_tabel_1_4']:.1f}", flush=True)

    # Kecamatan: live (its villages' previous month closed), then from closed snapshots.
    nk = args.runs_kecamatan or runs
    mulai = time.perf_counter()
    for d in semua_desa[1:]:
        tutup_sampai(d, T1, admin)
    meta["tutup_semua_desa_detik"] = time.perf_counter() - mulai
    halaman(
        "kecamatan_hidup",
        f"Kecamatan report {sT}, live (all its desa)",
        f"/laporan/kecamatan/{kode_kec}/{sT}/",
        ck,
        n=nk,
    )
    halaman(
        "kecamatan_tutup",
        f"Kecamatan report {sT1}, from closed snapshots (all its desa)",
        f"/laporan/kecamatan/{kode_kec}/{sT1}/",
        ck,
    )

    if args.impor:
        ukur_impor(args, hasil, meta, runs, pem)


def _nik_lain(berkas: Path) -> None:
    """bench/impor.py's NIKs start 3326/3327 01, the demo's 332601: move the file's to 3399, a
    kabupaten code the demo never uses, so the import meets no NIK of the seeded desa."""
    import openpyxl

    wb = openpyxl.load_workbook(berkas)
    for ws in wb.worksheets:
        kepala = [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]
        kolom = [i for i, k in enumerate(kepala) if k in ("nik", "ayah_nik", "ibu_nik")]
        for baris in ws.iter_rows(min_row=2):
            for i in kolom:
                v = baris[i].value
                if v and str(v)[:2] == "33" and len(str(v)) == 16:
                    baris[i].value = "3399" + str(v)[4:]
    wb.save(berkas)


def ukur_impor(args, hasil, meta, runs, pem) -> None:
    """Import of an OpenSID file of N members (built by bench/impor.py's `bangun`) into a new desa
    of this database, dry run and commit, each inside a transaction rolled back afterwards."""
    from django.db import transaction

    import impor  # bench/impor.py (the import engineer's), called, not edited
    from impor import layanan
    from keluarga.models import Desa

    folder = Path(tempfile.mkdtemp(prefix="rd_bench_impor_"))
    berkas = folder / f"opensid-{args.impor}.xlsx"
    mulai = time.perf_counter()
    impor.bangun(berkas, args.impor)
    _nik_lain(berkas)
    meta["impor_berkas_detik"] = time.perf_counter() - mulai
    info: dict = {}

    def sekali(simpan: bool):
        def f():
            try:
                with transaction.atomic():
                    d = Desa.objects.create(kode="3399019999", nama="Bench impor")
                    h = layanan.jalankan(
                        path=berkas, nama_berkas=berkas.name, desa=d, simpan=simpan
                    )
                    info.update(baris=h.impor.jumlah_baris, galat=h.impor.galat,
                                peringatan=h.impor.peringatan, status=h.impor.status)  # fmt: skip
                    if h.impor.galat:
                        raise RuntimeError(f"{h.impor.galat} row errors: {h.impor.masalah[:2]}")
                    raise _Batal
            except _Batal:
                pass

        return f

    for kunci, label, simpan, target in (
        ("impor_uji", f"Import {args.impor:,} members: dry run", False, None),
        ("impor", f"Import {args.impor:,} members: commit", True, 15.0),
    ):
        h = Hasil(kunci, label, target=target)
        hasil.append(h)
        try:
            h.detik, h.kueri = ukur_berulang(sekali(simpan), runs, pemanasan=0)
            h.catatan = f"{info.get('baris')} rows, {info.get('peringatan')} warnings (rolled back)"
        except Exception as e:  # noqa: BLE001
            h.status = "error"
            h.catatan = f"{type(e).__name__}: {str(e)[:300]}"
            traceback.print_exc()
        print(f"  {label:<48} {umum.format_detik(h.median):>9}  {h.kueri} q  {h.status}",
              flush=True)  # fmt: skip
    for f in folder.iterdir():
        f.unlink()
    folder.rmdir()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
