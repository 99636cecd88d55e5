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
from datetime import date as date_t
from html.parser import HTMLParser
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


def tutup_sampai(desa, bulan: date_t, user, *, urut: bool = True) -> float:
    """Close `bulan` of the desa with laporan.services.tutup_bulan (timed), every earlier month
    closed first, so exactly one month (the current) stays open afterwards.

    `urut` (the default): the earlier months are closed in order through
    laporan.tutup_beruntun (the one-by-one service, month by month; untimed here, its time is
    `meta['tutup_sebelum_detik']`). Not `urut` (a kabupaten over its time budget): the months
    before bulan−1 are marked closed with a copy of bulan−1's snapshot (read only by 12-month
    trend charts), bulan−1 with its real snapshot."""
    import copy

    from django.utils import timezone

    from laporan import services
    from laporan.models import PeriodeBulan

    awal = desa.bulan_awal_data.replace(day=1)
    sebelum = _bulan(bulan, -1)
    PeriodeBulan.objects.filter(desa=desa).delete()
    rapat = {
        "tanggal": min(_bulan(bulan, 1), timezone.localdate()),
        "tempat": "Balai desa",
        "peserta": "Kepala Desa\nPLKB\nKader",
        "catatan": "bench",
    }
    if sebelum >= awal and urut:
        from laporan.tutup_beruntun import tutup_beruntun

        h = tutup_beruntun(desa=desa, tahun=sebelum.year, bulan=sebelum.month, oleh=user,
                           rapat=rapat)  # fmt: skip
        if not h.selesai:
            raise RuntimeError(f"tutup_beruntun {desa.kode} stopped at {h.ditolak}: {h.pesan}")
    elif sebelum >= awal:
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
    services.tutup_bulan(desa=desa, tahun=bulan.year, bulan=bulan.month, oleh=user, rapat=rapat)
    return time.perf_counter() - mulai


def bulan_terbuka(desa_list, hingga: date_t) -> int:
    """Open months (not closed) from the first month of data up to `hingga`, the most of any
    of these desa: every bench figure states it."""
    from laporan.models import PeriodeBulan

    paling = 0
    for desa in desa_list:
        if desa.bulan_awal_data is None:
            continue
        ditutup = set(
            PeriodeBulan.objects.filter(desa=desa, status="ditutup", bulan__lte=hingga).values_list(
                "bulan", flat=True
            )
        )
        n, m = 0, desa.bulan_awal_data.replace(day=1)
        while m <= hingga:
            n += m not in ditutup
            m = _bulan(m, 1)
        paling = max(paling, n)
    return paling


class _Formulir(HTMLParser):
    """The fields a browser would send from each POST form of a page (inputs, selects,
    textareas; checkboxes and radios only when checked), one list per form."""

    def __init__(self):
        super().__init__()
        self.formulir: list[list[tuple[str, str]]] = []
        self.isian: list[tuple[str, str]] = []
        self._pilih: str | None = None
        self._opsi: list[tuple[str, bool]] = []
        self._teks: str | None = None
        self._isi_teks: list[str] = []
        self._dalam = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._dalam = True
            self.isian = []
            self.formulir.append(self.isian)
        if not self._dalam:
            return
        nama = a.get("name")
        if tag == "input" and nama:
            jenis = (a.get("type") or "text").lower()
            if jenis in ("checkbox", "radio"):
                if "checked" in a:
                    self.isian.append((nama, a.get("value") or "on"))
            elif jenis not in ("submit", "button", "file", "image", "reset"):
                self.isian.append((nama, a.get("value") or ""))
        elif tag == "select" and nama:
            self._pilih, self._opsi = nama, []
        elif tag == "option" and self._pilih is not None:
            self._opsi.append((a.get("value") or "", "selected" in a))
        elif tag == "textarea" and nama:
            self._teks, self._isi_teks = nama, []

    def handle_data(self, data):
        if self._teks is not None:
            self._isi_teks.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self._dalam:
            self._dalam = False
        elif tag == "select" and self._pilih is not None:
            dipilih = [v for v, p in self._opsi if p] or [v for v, _p in self._opsi[:1]]
            if dipilih:
                self.isian.append((self._pilih, dipilih[0]))
            self._pilih = None
        elif tag == "textarea" and self._teks is not None:
            self.isian.append((self._teks, "".join(self._isi_teks).removeprefix("\n")))
            self._teks = None


def isian_formulir(html: str, berisi: str) -> dict[str, list[str]]:
    """The fields of the page's POST form that has a field named `berisi`."""
    p = _Formulir()
    p.feed(html)
    for isian in p.formulir:
        if any(k == berisi for k, _v in isian):
            hasil: dict[str, list[str]] = {}
            for k, v in isian:
                hasil.setdefault(k, []).append(v)
            return hasil
    return {}


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
    ap.add_argument("--mode", choices=["desa", "segar", "kabupaten"], default="desa",
                    help="desa: the pages of one desa (default); segar: a 10,000-row import into "
                    "an empty database, the report before and after ANALYZE; kabupaten: the "
                    "kabupaten rows (every desa's figures, kecamatan, kabupaten dashboard)")  # fmt: skip
    ap.add_argument("--tutup", choices=["urut", "salinan"],
                    default=os.environ.get("BENCH_TUTUP", "urut"),
                    help="urut (default): earlier months closed in order (tutup_beruntun); "
                    "salinan: marked closed with copies of last-but-one month's snapshot (fast; "
                    "for a loaded machine; env BENCH_TUTUP)")  # fmt: skip
    ap.add_argument("--tutup-anggaran", type=float, default=900.0,
                    help="kabupaten: seconds for closing desa's months in order; the desa left "
                    "after it get the copy close (bench/ukur.py tutup_sampai)")  # fmt: skip
    args = ap.parse_args()
    umum.url_pg(args.nama) if args.db == "pg" else None
    if not args.nama.startswith(umum.AWALAN_PG):
        raise SystemExit("--nama must start with rd_bench_")

    if args.mode == "segar":
        hasil_s: list[Hasil] = []
        meta_s: dict = {"db": args.db, "runs": args.runs, "pemanasan": 0, "mode": "segar"}
        try:
            ukur_segar(args, hasil_s, meta_s)
        finally:
            Path(args.out).write_text(json.dumps(
                {"meta": meta_s, "hasil": [h.dict() for h in hasil_s]}, indent=1, default=str))  # fmt: skip
        return
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
    meta["mode"] = args.mode
    try:
        (jalankan_kabupaten if args.mode == "kabupaten" else jalankan)(args, hasil, meta)
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

    def terbuka(desa_list=None):
        return bulan_terbuka(desa_list or [desa], T)

    def halaman(kunci, label, url, klien=c, *, target=None, n=runs, catatan="", wilayah=None):
        h = Hasil(kunci, label, target=target, catatan=catatan, bulan_terbuka=terbuka(wilayah))
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

    def fungsi(kunci, label, f, *, target=None, n=runs, catatan="", wilayah=None, pemanasan=None):
        h = Hasil(kunci, label, target=target, catatan=catatan, bulan_terbuka=terbuka(wilayah))
        hasil.append(h)
        try:
            h.detik, h.kueri = ukur_berulang(
                f, n, pemanasan=pem if pemanasan is None else pemanasan
            )
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
    t = tutup_sampai(desa, T1, admin, urut=args.tutup == "urut")
    meta["tutup_cara"] = args.tutup
    meta["tutup_bulan_detik"] = t
    meta["tutup_sebelum_detik"] = time.perf_counter() - mulai - t
    meta["bulan_ditutup_urut"] = PeriodeBulan.objects.filter(desa=desa, status="ditutup").count()
    print(f"  closed {meta['bulan_ditutup_urut']} months in order in "
          f"{umum.format_detik(time.perf_counter() - mulai)}; open now: {terbuka()}", flush=True)  # fmt: skip
    h = Hasil("tutup_bulan", f"Close month {sT1} (tutup_bulan, 1 run)", detik=[t],
              bulan_terbuka=terbuka())  # fmt: skip
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

    ukur_angka(locals_=dict(c=c, desa=desa, kel=kel, sT=sT, runs=runs, pem=pem, hasil=hasil,
                            meta=meta, halaman=halaman, fungsi=fungsi, terbuka=terbuka))  # fmt: skip

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
        tutup_sampai(d, T1, admin, urut=args.tutup == "urut")
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


def ukur_pasangan(sebelum, diukur, runs: int, *, pemanasan: int = 1):
    """Each run: `sebelum()` untimed, then `diukur()` timed with its queries counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(pemanasan):
        sebelum()
        diukur()
    detik, kueri = [], []
    from django.db import reset_queries

    for _ in range(runs):
        sebelum()
        reset_queries()  # with DEBUG every query is logged; a full log (9,000) counts 0
        with CaptureQueriesContext(connection) as q:
            mulai = time.perf_counter()
            diukur()
            detik.append(time.perf_counter() - mulai)
        kueri.append(len(q))
    return detik, kueri[-1]


def ukur_angka(locals_: dict) -> None:
    """Issue 15's rows on one desa with one month open: the stored-figure views (the second view
    of the month after a first that computes: report, dashboard, charts), what a form save costs
    (the POST of one member edit through the family form) and the first report view after it.
    Through URLs only, so they measure whatever computes or stores the figures."""
    v = locals_
    c, desa, kel, sT, runs, pem, hasil = (v[k] for k in ("c", "desa", "kel", "sT", "runs", "pem", "hasil"))  # fmt: skip

    def get(url):
        r = c.get(url)
        if r.status_code != 200:
            raise RuntimeError(f"HTTP {r.status_code} {url}")
        if getattr(r, "streaming", False):
            b"".join(r.streaming_content)
        return r

    def baris(kunci, label, sebelum, diukur, *, target=None, catatan=""):
        h = Hasil(kunci, label, target=target, catatan=catatan, bulan_terbuka=v["terbuka"]())
        hasil.append(h)
        try:
            h.detik, h.kueri = ukur_pasangan(sebelum, diukur, runs, pemanasan=pem)
        except Exception as e:  # noqa: BLE001 — a broken row is a row, not the end of the bench
            h.status = "error"
            h.catatan = f"{type(e).__name__}: {str(e)[:300]}"
            traceback.print_exc()
        print(f"  {label:<48} {umum.format_detik(h.median):>9}  {h.kueri} q  {h.status}",
              flush=True)  # fmt: skip
        return h

    for kunci, label, url in (
        ("angka_laporan", f"Monthly report {sT}, stored figures (2nd view after one that computes)",
         f"/laporan/desa/{desa.kode}/{sT}/"),
        ("angka_dasbor", f"Dashboard {sT}, stored figures (2nd view)",
         f"/laporan/dasbor/{desa.kode}/{sT}/"),
        ("angka_grafik", f"Charts page {sT}, stored figures (2nd view)",
         f"/laporan/grafik/{desa.kode}/{sT}/"),
        ("angka_grafik_svg", f"Population pyramid {sT} SVG (2nd view)",
         f"/laporan/grafik/{desa.kode}/{sT}/piramida.svg"),
    ):  # fmt: skip
        baris(kunci, label, lambda u=url: get(u), lambda u=url: get(u),
              target=0.06 if kunci != "angka_grafik_svg" else None)  # fmt: skip

    # One member edit through the family form: GET the form (untimed), change the first
    # member's education, POST it (timed: the cost a form save pays), then the report (timed:
    # the first view after a write).
    from keluarga import kode

    url_ubah = f"/keluarga/{kel.pk}/ubah/"
    pilihan = list(kode.Pendidikan.values)
    post: dict = {}
    waktu_post: list[float] = []
    kueri_post: list[int] = []

    def siapkan_post():
        r = get(url_ubah)
        kunci = "agt-0-pendidikan"
        data = isian_formulir(r.content.decode(), kunci)
        if kunci not in data:
            raise RuntimeError(f"{url_ubah}: no field {kunci} in the form")
        lama = data[kunci][0]
        data[kunci] = [pilihan[0] if lama != pilihan[0] else pilihan[1]]
        post.clear()
        post.update(data)

    def simpan_lalu_lihat_sebelum():
        from django.db import connection, reset_queries
        from django.test.utils import CaptureQueriesContext

        siapkan_post()
        reset_queries()
        with CaptureQueriesContext(connection) as q:
            mulai = time.perf_counter()
            r = c.post(url_ubah, post)
            waktu_post.append(time.perf_counter() - mulai)
        kueri_post.append(len(q))
        if r.status_code != 302:
            raise RuntimeError(f"POST {url_ubah}: HTTP {r.status_code} (form refused?)")

    h = baris(
        "laporan_setelah_simpan",
        f"Monthly report {sT}, first view after one form save",
        simpan_lalu_lihat_sebelum,
        lambda: get(f"/laporan/desa/{desa.kode}/{sT}/"),
        catatan="POST of one member edit (education) through /keluarga/<pk>/ubah/, then GET",
    )
    hp = Hasil("simpan_form", "Form save: POST of one member edit (family form)",
               bulan_terbuka=h.bulan_terbuka, catatan=url_ubah)  # fmt: skip
    n = len(waktu_post) - pem
    hp.detik, hp.kueri = waktu_post[-n:] if n > 0 else waktu_post, (kueri_post or [None])[-1]
    if h.status == "error" and not hp.detik:
        hp.status, hp.catatan = "error", h.catatan
    hasil.insert(len(hasil) - 1, hp)
    print(f"  {hp.label:<48} {umum.format_detik(hp.median):>9}  {hp.kueri} q  {hp.status}",
          flush=True)  # fmt: skip


def ukur_segar(args, hasil: list[Hasil], meta: dict) -> None:
    """Issue 15 step 4's bench row: a 10,000-member import into an EMPTY database (no statistics
    at all: PostgreSQL never analysed its tables, SQLite has no sqlite_stat1), committed with the
    after-commit ANALYZE turned off (SEGARKAN_STATISTIK=0), then the month's report computed;
    then the ANALYZE keluarga.statistik would have run, timed, and the report again."""
    env = umum.lingkungan(args.db, args.nama)
    if args.db == "pg":
        umum.buat_ulang_pg(args.nama)
    else:
        for f in Path(env["RUMAHDATAKU_DATA_DIR"]).glob("bench.sqlite3*"):
            f.unlink()
    env["SEGARKAN_STATISTIK"] = "0"
    umum.siapkan_django(env)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    impor = _bench_impor()
    from impor import layanan
    from keluarga import statistik
    from keluarga.models import Anggota, Desa
    from laporan import laporan as lap

    assert settings.SEGARKAN_STATISTIK is False
    call_command("migrate", verbosity=0)
    meta["vendor"] = connection.vendor
    folder = Path(tempfile.mkdtemp(prefix="rd_bench_segar_"))
    berkas = folder / f"opensid-{args.impor}.xlsx"
    impor.bangun(berkas, args.impor)
    desa = Desa.objects.create(kode="3326012001", nama="Bench impor segar")
    T = timezone.localdate().replace(day=1)
    sT = T.strftime("%Y-%m")

    def satu(kunci, label, f, n=1, *, catatan=""):
        h = Hasil(kunci, label, catatan=catatan)
        hasil.append(h)
        try:
            h.detik, h.kueri = ukur_berulang(f, n, pemanasan=0)
        except Exception as e:  # noqa: BLE001
            h.status = "error"
            h.catatan = f"{type(e).__name__}: {str(e)[:300]}"
            traceback.print_exc()
        desa.refresh_from_db()
        h.bulan_terbuka = bulan_terbuka([desa], T)
        print(f"  {label:<48} {umum.format_detik(h.median):>9}  {h.kueri} q  {h.status}",
              flush=True)  # fmt: skip
        return h

    info: dict = {}

    def impor_sekali():
        h = layanan.jalankan(path=berkas, nama_berkas=berkas.name, desa=desa, simpan=True)
        info.update(baris=h.impor.jumlah_baris, galat=h.impor.galat)
        if h.impor.galat:
            raise RuntimeError(f"{h.impor.galat} row errors: {h.impor.masalah[:2]}")

    satu("segar_impor", f"Import {args.impor:,} members into an empty database: commit "
         "(after-commit ANALYZE off)", impor_sekali)  # fmt: skip
    meta["anggota"] = Anggota.objects.count()
    admin = _pengguna(f"bench_admin_{desa.kode}", "Admin desa", desa=desa)
    c = Client()
    c.force_login(admin)

    def lihat():
        r = c.get(f"/laporan/desa/{desa.kode}/{sT}/")
        if r.status_code != 200:
            raise RuntimeError(f"HTTP {r.status_code}")

    def hitung():
        lap.susun([desa], T.year, T.month)

    n = max(1, min(args.runs, 3))
    satu("segar_laporan_url", f"Monthly report {sT}, first view right after the import, "
         "no statistics", lihat)  # fmt: skip
    satu("segar_susun_tanpa", f"Monthly report {sT} computed (laporan.susun), no statistics",
         hitung, n)  # fmt: skip
    from keluarga import models as km

    isi = [t for m in (km.Dusun, km.RW, km.RT, km.Rumah, km.Keluarga, km.Anggota, km.Peristiwa,
                       km.StatusKB, km.Kehamilan, km.PindahRumah)
           for t in statistik._tabel(m)]  # fmt: skip
    satu("segar_analyze", "ANALYZE of the tables the import filled (keluarga.statistik)",
         lambda: statistik.analisis(isi))  # fmt: skip
    satu("segar_susun_dengan", f"Monthly report {sT} computed (laporan.susun), after ANALYZE",
         hitung, n)  # fmt: skip
    for f in folder.iterdir():
        f.unlink()
    folder.rmdir()
    meta["impor_baris"] = info.get("baris")


def _url_kabupaten(kode_kab: str, bulan: str) -> tuple[str | None, str]:
    """The kabupaten dashboard's URL once it exists (a laporan URL named with 'kabupaten',
    preferring a dashboard), else (None, why)."""
    from django.urls import URLPattern, URLResolver, get_resolver, reverse

    calon = []

    def jelajah(pola, ns):
        for p in pola:
            if isinstance(p, URLResolver):
                jelajah(p.url_patterns, f"{ns}{p.namespace}:" if p.namespace else ns)
            elif isinstance(p, URLPattern) and p.name and "kabupaten" in p.name:
                calon.append((0 if "dasbor" in p.name else 1, f"{ns}{p.name}", p))

    jelajah(get_resolver().url_patterns, "")
    for _u, nama, p in sorted(calon, key=lambda x: x[:2]):
        grup = list(p.pattern.regex.groupindex)
        isian = {"kode": kode_kab, "bulan": bulan, "kabupaten": kode_kab}
        if set(grup) <= set(isian):
            try:
                return reverse(nama, kwargs={g: isian[g] for g in grup}), nama
            except Exception:  # noqa: BLE001, S112
                continue
    return None, "belum ada: no URL named '*kabupaten*' taking (kode, bulan) (branch kabupaten)"


def _pengguna_kabupaten(kode_kab: str):
    """A Kabupaten user (Lingkup.kabupaten_kode), or (None, why) before that role exists."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from keluarga.models import Lingkup

    try:
        Lingkup._meta.get_field("kabupaten_kode")
    except Exception:  # noqa: BLE001
        return None, "belum ada: Lingkup.kabupaten_kode (branch kabupaten)"
    grup = Group.objects.filter(name="Kabupaten").first()
    if grup is None:
        return None, "belum ada: the Kabupaten role (group) (branch kabupaten)"
    nama = f"bench_kab_{kode_kab}"
    u = get_user_model().objects.filter(username=nama).first()
    if u is None:
        u = get_user_model().objects.create_user(username=nama, password=None)
        u.groups.add(grup)
        Lingkup.objects.create(user=u, kabupaten_kode=kode_kab)
    return u, ""


def jalankan_kabupaten(args, hasil: list[Hasil], meta: dict) -> None:
    """The kabupaten configuration (`make bench KONFIG=kabupaten`): its database seeded by
    `seed_demo --villages 300 --families 300000` (timed apart), every past month of every desa
    closed (in order through laporan.tutup_beruntun within --tutup-anggaran seconds, the rest
    by the copy close; both timed), the time to compute every desa's figures of the open month
    (each desa's report viewed once), then a desa inside the kabupaten, a kecamatan (live and
    closed) and the kabupaten dashboard (closed months and live; skipped with 'belum ada' until
    the Kabupaten role exists)."""
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from keluarga.models import Anggota, Desa, Keluarga
    from laporan.models import PeriodeBulan

    runs, pem = args.runs, args.pemanasan
    semua = list(Desa.objects.order_by("kode"))
    desa = semua[0]
    kode_kab, kode_kec = desa.kode[:4], desa.kode[:6]
    kec_desa = [d for d in semua if d.kode[:6] == kode_kec]
    admin = _pengguna(f"bench_admin_{desa.kode}", "Admin desa", desa=desa)
    kec = _pengguna(f"bench_kec_{kode_kec}", "Kecamatan", kecamatan_kode=kode_kec)
    from django.contrib.auth import get_user_model

    # An Admin desa whose scope is every desa views each desa's report once.
    su = get_user_model().objects.filter(username="bench_admin_semua").first()
    if su is None:
        su = _pengguna("bench_admin_semua", "Admin desa", desa_list=semua)
    c, ck, cs = Client(), Client(), Client()
    c.force_login(admin)
    ck.force_login(kec)
    cs.force_login(su)
    T = timezone.localdate().replace(day=1)
    T1 = _bulan(T, -1)
    sT, sT1 = T.strftime("%Y-%m"), T1.strftime("%Y-%m")
    meta.update(
        desa={"kode": desa.kode, "nama": desa.nama,
              "keluarga": Keluarga.objects.filter(desa=desa).count(),
              "anggota": Anggota.objects.filter(desa=desa).count()},
        vendor=connection.vendor, jumlah_desa=len(semua), kabupaten=kode_kab,
        kecamatan=kode_kec, jumlah_desa_kecamatan=len(kec_desa), bulan_hidup=sT,
        bulan_ditutup=sT1,
    )  # fmt: skip
    print(f"[{args.nama}] kabupaten {kode_kab}: {len(semua)} desa; kecamatan {kode_kec}: "
          f"{len(kec_desa)} desa", flush=True)  # fmt: skip

    # Close every past month of every desa (the state a kabupaten runs in).
    PeriodeBulan.objects.filter(desa__in=semua).delete()
    mulai = time.perf_counter()
    urut = salinan = 0
    per_desa: list[float] = []
    for i, d in enumerate(semua):
        m0 = time.perf_counter()
        pakai_urut = time.perf_counter() - mulai < args.tutup_anggaran
        tutup_sampai(d, T1, admin, urut=pakai_urut)
        per_desa.append(time.perf_counter() - m0)
        urut += pakai_urut
        salinan += not pakai_urut
        if i % 25 == 0 or i == len(semua) - 1:
            print(f"  closed desa {i + 1}/{len(semua)} ({urut} in order, {salinan} by copy) "
                  f"{umum.format_detik(time.perf_counter() - mulai)}", flush=True)  # fmt: skip
    meta["tutup"] = {
        "detik": time.perf_counter() - mulai, "urut": urut, "salinan": salinan,
        "per_desa_urut_median": sorted(per_desa[:urut])[urut // 2] if urut else None,
        "per_desa_salinan_median": sorted(per_desa[urut:])[salinan // 2] if salinan else None,
        "bulan_per_desa": 24,
    }  # fmt: skip
    terbuka = bulan_terbuka(semua, T)
    meta["bulan_terbuka"] = terbuka

    # Every desa's figures of the open month: each desa's report viewed once.
    def semua_desa():
        for d in semua:
            r = cs.get(f"/laporan/desa/{d.kode}/{sT}/")
            if r.status_code != 200:
                raise RuntimeError(f"HTTP {r.status_code} /laporan/desa/{d.kode}/{sT}/")

    h = Hasil("kab_hitung_semua", f"Every desa's report {sT} viewed once ({len(semua)} desa: "
              "computes each desa's figures)", bulan_terbuka=terbuka)  # fmt: skip
    hasil.append(h)
    try:
        h.detik, h.kueri = ukur_berulang(semua_desa, 1, pemanasan=0)
    except Exception as e:  # noqa: BLE001
        h.status, h.catatan = "error", f"{type(e).__name__}: {str(e)[:300]}"
        traceback.print_exc()
    print(f"  {h.label:<48} {umum.format_detik(h.median):>9}  {h.kueri} q  {h.status}", flush=True)

    def baris(kunci, label, url, klien, *, n=runs, target=None, catatan="", wilayah=None):
        h = Hasil(kunci, label, target=target, catatan=catatan,
                  bulan_terbuka=bulan_terbuka(wilayah or [desa], T))  # fmt: skip
        hasil.append(h)
        if url is None:
            h.status = "skip"
            print(f"  {label:<48} {catatan}", flush=True)
            return h

        def ambil():
            r = klien.get(url)
            if r.status_code != 200:
                raise RuntimeError(f"HTTP {r.status_code} {url}")

        try:
            h.detik, h.kueri = ukur_berulang(ambil, n, pemanasan=pem)
            h.catatan = h.catatan or url
        except Exception as e:  # noqa: BLE001
            h.status, h.catatan = "error", f"{url}: {type(e).__name__}: {str(e)[:200]}"
            traceback.print_exc()
        print(f"  {label:<48} {umum.format_detik(h.median):>9}  {h.kueri} q  {h.status}",
              flush=True)  # fmt: skip
        return h

    baris("laporan_hidup", f"Monthly report {sT}, live (one desa inside the kabupaten)",
          f"/laporan/desa/{desa.kode}/{sT}/", c, target=0.5)  # fmt: skip
    baris("laporan_tutup", f"Monthly report {sT1}, closed (one desa inside the kabupaten)",
          f"/laporan/desa/{desa.kode}/{sT1}/", c, target=0.1)  # fmt: skip
    baris("dasbor", f"Dashboard {sT}, live (one desa inside the kabupaten)",
          f"/laporan/dasbor/{desa.kode}/{sT}/", c)  # fmt: skip
    kel = Keluarga.objects.filter(desa=desa).order_by("pk")[
        Keluarga.objects.filter(desa=desa).count() // 2
    ]
    ukur_angka(locals_=dict(c=c, desa=desa, kel=kel, sT=sT, runs=runs, pem=pem, hasil=hasil,
                            meta=meta, terbuka=lambda: bulan_terbuka([desa], T)))  # fmt: skip
    nk = min(runs, 3)
    baris("kecamatan_hidup", f"Kecamatan report {sT}, live ({len(kec_desa)} desa)",
          f"/laporan/kecamatan/{kode_kec}/{sT}/", ck, n=nk, wilayah=kec_desa)  # fmt: skip
    baris("kecamatan_tutup", f"Kecamatan report {sT1}, closed ({len(kec_desa)} desa)",
          f"/laporan/kecamatan/{kode_kec}/{sT1}/", ck, wilayah=kec_desa)  # fmt: skip
    pengguna, kenapa = _pengguna_kabupaten(kode_kab)
    ck2 = Client()
    if pengguna is not None:
        ck2.force_login(pengguna)
    for kunci, bln, ket in (("kab_dasbor_tutup", sT1, "from closed months"),
                            ("kab_dasbor_hidup", sT, "live")):  # fmt: skip
        url, nama = _url_kabupaten(kode_kab, bln)
        alasan = kenapa or ("" if url else nama)
        baris(kunci, f"Kabupaten dashboard {bln}, {ket} ({len(semua)} desa)",
              url if not alasan else None, ck2, n=nk, wilayah=semua,
              target=1.0 if ket != "live" else 3.0, catatan=alasan)  # fmt: skip


def _bench_impor():
    """bench/impor.py by its path: since the `impor` app exists, `import impor` is the app."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bench_impor", Path(__file__).with_name("impor.py")
    )
    modul = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modul)
    return modul


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

    impor = _bench_impor()  # bench/impor.py (the import engineer's), called, not edited
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
