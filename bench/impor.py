"""Benchmark of the import: build OpenSID files of N members and time dry run and commit.

    .venv/bin/python bench/impor.py                      # 10,000 and 50,000 members, SQLite
    .venv/bin/python bench/impor.py --anggota 10000 --tracemalloc
    .venv/bin/python bench/impor.py --database-url postgres://postgres@127.0.0.1:5432/bench

Each size is built in one process and each step (dry run on a fresh database, commit, the same
file again) runs in its own, so a step's peak memory (ru_maxrss) is its own; wall and CPU time
are printed (CPU time is what to compare on a busy machine). The file uses a shared-string table
like Excel and OpenSID (--teks-sebaris keeps openpyxl's inline strings: the slow worst case).
Targets: dry run + commit of 10,000 members under 30 s on SQLite; 50,000 rows within 1 GB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent


def bangun(path: Path, anggota: int, seed: int = 7) -> None:
    """An OpenSID 'Data Penduduk' sheet of about `anggota` rows (families of 1-6 people)."""
    import openpyxl

    sys.path.insert(0, str(AKAR))
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rumahdataku.settings")
    import django

    django.setup()
    from impor.opensid import KOLOM_OPENSID

    rng = random.Random(seed)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Data Penduduk")
    ws.append(list(KOLOM_OPENSID))
    n = kk = 0
    dusun = ["Krajan", "Kauman", "Karanganyar", "Sidomulyo", "Tegalsari", "Sukamaju"]

    def nik(lahir: dt.date, jk: str, nomor: int) -> str:
        hari = lahir.day + (40 if jk == "2" else 0)
        if rng.random() < 0.2:  # real exports often disagree with the birth date: a warning
            hari = (hari % 28) + 1
        return f"33{26 + nomor // 10000:02d}01{hari:02d}{lahir:%m%y}{nomor % 10000:04d}"

    def lahir(umur_min: int, umur_maks: int) -> dt.date:
        return dt.date(2025, 6, 30) - dt.timedelta(
            days=rng.randint(umur_min * 365, umur_maks * 365)
        )

    while n < anggota:
        kk += 1
        no_kk = f"3326{kk:012d}"
        d = rng.choice(dusun)
        wilayah = {"dusun": d, "rw": f"{rng.randint(1, 4):03d}", "rt": f"{rng.randint(1, 5):03d}",
                   "alamat": f"Dusun {d}", "lat": "-6.88", "lng": "109.67"}  # fmt: skip
        orang = []
        t_kepala = lahir(25, 70)
        orang.append({"nama": f"Kepala {kk}", "sex": "1", "tanggallahir": t_kepala, "kk_level": "1",
                      "status_kawin": "2", "pekerjaan_id": str(rng.randint(1, 89)),
                      "status_dasar": "2" if rng.random() < 0.02 else "1"})  # fmt: skip
        if rng.random() < 0.85:
            t_istri = lahir(20, 49)
            orang.append({"nama": f"Istri {kk}", "sex": "2", "tanggallahir": t_istri,
                          "kk_level": "3", "status_kawin": "2",
                          "cara_kb_id": rng.choice(["", "1", "2", "3", "3", "5", "100", "99"]),
                          "hamil": "1" if rng.random() < 0.05 else "2"})  # fmt: skip
            for i in range(rng.randint(0, 4)):
                orang.append({"nama": f"Anak {kk}-{i}", "sex": rng.choice("12"),
                              "tanggallahir": lahir(0, 18), "kk_level": "4", "status_kawin": "1",
                              "nama_ibu": f"Istri {kk}"})  # fmt: skip
        for o in orang:
            if n >= anggota:
                break
            n += 1
            baris = {**wilayah, "no_kk": no_kk, "agama_id": "1", "pendidikan_kk_id": "5",
                     "warganegara_id": "1", "id_asuransi": "2", **o}  # fmt: skip
            baris["nik"] = nik(o["tanggallahir"], o["sex"], n)
            baris["tanggallahir"] = o["tanggallahir"].isoformat()
            if o.get("nama_ibu"):
                baris["ibu_nik"] = ""
            ws.append([baris.get(k, "") for k in KOLOM_OPENSID])
    wb.save(path)


def ke_teks_bersama(path: Path) -> None:
    """Rewrite openpyxl's inline strings as a shared-string table, as Excel and OpenSID's
    PhpSpreadsheet write them (each distinct text stored once)."""
    import re
    import shutil
    import zipfile

    indeks: dict[str, int] = {}
    urutan: list[str] = []

    def ganti(m: re.Match) -> str:
        teks = m.group(2)
        if teks not in indeks:
            indeks[teks] = len(urutan)
            urutan.append(teks)
        return f'<c r="{m.group(1)}" t="s"><v>{indeks[teks]}</v></c>'

    pola = re.compile(r'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t(?: [^>]*)?>(.*?)</t></is></c>')
    sementara = path.with_suffix(".tmp.xlsx")
    with (
        zipfile.ZipFile(path) as lama,
        zipfile.ZipFile(sementara, "w", zipfile.ZIP_DEFLATED) as baru,
    ):
        for info in lama.infolist():
            isi = lama.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                isi = pola.sub(ganti, isi.decode()).encode()
            elif info.filename == "[Content_Types].xml":
                isi = isi.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                isi = isi.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                    b"</Relationships>",
                )
            baru.writestr(info, isi)
        sst = "".join(f'<si><t xml:space="preserve">{t}</t></si>' for t in urutan)
        baru.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{len(urutan)}" uniqueCount="{len(urutan)}">{sst}</sst>',
        )
    shutil.move(sementara, path)


def ukur(path: Path, database_url: str, fase: str, pakai_tracemalloc: bool) -> dict:
    """One phase in its own process (so its peak memory is its own): "uji" migrates a fresh
    database and runs a dry run, "simpan" commits, "ulang" imports the same file again."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rumahdataku.settings")
    sys.path.insert(0, str(AKAR))
    import django

    django.setup()
    from django.core.management import call_command

    from impor import layanan
    from keluarga.models import Anggota, Desa

    if fase == "uji":
        call_command("migrate", verbosity=0)
    desa, _baru = Desa.objects.get_or_create(kode="3326012001", defaults={"nama": "Bench"})
    if pakai_tracemalloc:
        import tracemalloc

        tracemalloc.start()
    rss_awal = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mulai, cpu = time.perf_counter(), time.process_time()
    h = layanan.jalankan(path=path, nama_berkas=path.name, desa=desa, simpan=fase != "uji")
    hasil = {
        "detik": round(time.perf_counter() - mulai, 2),
        "cpu": round(time.process_time() - cpu, 2),
        "rss_awal_mb": round(rss_awal, 1),
        "puncak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "baris": h.impor.jumlah_baris,
        "galat": h.impor.galat,
        "peringatan": h.impor.peringatan,
        "anggota": Anggota.objects.count(),
    }
    if pakai_tracemalloc:
        hasil["puncak_tracemalloc_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    if h.impor.galat:
        raise SystemExit(f"{h.impor.galat} kesalahan: {h.impor.masalah[:3]}")
    return hasil


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--anggota", type=int, nargs="+", default=[10_000, 50_000])
    ap.add_argument("--database-url", help="bawaan: SQLite baru di folder sementara")
    ap.add_argument("--tracemalloc", action="store_true", help="ukur juga puncak alokasi Python")
    ap.add_argument(
        "--teks-sebaris",
        action="store_true",
        help="biarkan teks sebaris seperti tulisan openpyxl (kasus terburuk; bawaan: tabel teks "
        "bersama seperti Excel dan OpenSID)",
    )
    ap.add_argument("--_langkah", choices=["bangun", "ukur"], help=argparse.SUPPRESS)
    ap.add_argument("--_berkas", help=argparse.SUPPRESS)
    ap.add_argument("--_fase", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._langkah == "bangun":
        bangun(Path(args._berkas), args.anggota[0])
        if not args.teks_sebaris:
            ke_teks_bersama(Path(args._berkas))
        return
    if args._langkah == "ukur":
        hasil = ukur(Path(args._berkas), args.database_url, args._fase, args.tracemalloc)
        print(json.dumps(hasil))
        return
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.anggota:
            berkas = Path(tmp) / f"opensid-{n}.xlsx"
            mulai = time.perf_counter()
            subprocess.run(
                [sys.executable, __file__, "--_langkah", "bangun", "--anggota", str(n),
                 "--_berkas", str(berkas)] + (["--teks-sebaris"] if args.teks_sebaris else []),
                check=True,
            )  # fmt: skip
            bangun_detik = time.perf_counter() - mulai
            url = args.database_url or f"sqlite:///{tmp}/bench-{n}.sqlite3"
            h = {}
            for fase in ("uji", "simpan", "ulang"):
                perintah = [sys.executable, __file__, "--_langkah", "ukur", "--_fase", fase,
                            "--_berkas", str(berkas), "--database-url", url]  # fmt: skip
                if args.tracemalloc:
                    perintah.append("--tracemalloc")
                keluar = subprocess.run(
                    perintah, check=True, capture_output=True, text=True, cwd=AKAR
                )
                h[fase] = json.loads(keluar.stdout.strip().splitlines()[-1])
            print(
                f"{n:>7} anggota ({berkas.stat().st_size / 2**20:.1f} MB, "
                f"{'teks sebaris' if args.teks_sebaris else 'teks bersama'}, dibuat "
                f"{bangun_detik:.1f} s; {h['simpan']['peringatan']} peringatan)"
            )
            for fase, judul in (
                ("uji", "uji coba"),
                ("simpan", "simpan"),
                ("ulang", "impor ulang"),
            ):
                x = h[fase]
                print(
                    f"    {judul:<12} {x['detik']:>7.1f} s  CPU {x['cpu']:>6.1f} s  puncak RSS "
                    f"{x['puncak_rss_mb']:>6.1f} MB (awal {x['rss_awal_mb']} MB)"
                    + (
                        f"  tracemalloc {x['puncak_tracemalloc_mb']} MB"
                        if "puncak_tracemalloc_mb" in x
                        else ""
                    )
                )
            total = h["uji"]["detik"] + h["simpan"]["detik"]
            cpu = h["uji"]["cpu"] + h["simpan"]["cpu"]
            print(f"    uji coba + simpan: {total:.1f} s (CPU {cpu:.1f} s)")


if __name__ == "__main__":
    main()
