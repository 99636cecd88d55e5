"""Peak memory and time of reading hostile import files, each in its own process (issue 13).

    .venv/bin/python bench/impor_hostil.py            # every case
    .venv/bin/python bench/impor_hostil.py bom_baris_kosong strings_pendek

Each file is generated from a valid OpenSID workbook (tests/berkas_hostil.py) into a temporary
folder, then read by ``baca_berkas`` in a fresh process: its peak RSS (ru_maxrss, which includes
Django and the interpreter: the 'dasar' case is that alone), wall and CPU time, and the message.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
NS = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _django() -> None:
    sys.path.insert(0, str(AKAR))
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rumahdataku.settings")
    import django

    django.setup()


def bangun(kasus: str, path: Path) -> None:
    from tests import berkas_hostil as H
    from tests.test_impor_opensid import buku_opensid, keluarga_budi

    buku_opensid(path, keluarga_budi())
    if kasus == "bom_baris_kosong":  # the 439 KB file: 300 MB of <row/>
        H.bom_baris_kosong(path, mb=300)
    elif kasus == "komentar_300_mb":  # bytes only, no element: stopped by the 300 MB bound
        komentar = b"<!--" + b"x" * 995 + b"-->"
        H.tulis_ulang(path, {H.LEMBAR: lambda x: H.sisip_sebelum_akhir(x, komentar, 310_000)})
    elif kasus == "strings_panjang":  # 51 strings of 1 MB
        H.dengan_shared_strings(
            path, lambda: [NS, *[b"<si><t>" + b"x" * 1_000_000 + b"</t></si>"] * 51, b"</sst>"]
        )
    elif kasus == "strings_pendek":  # short strings up to the 50 MB bound: the most objects

        def isi():
            yield NS
            for i in range(0, 2_200_000, 10_000):
                yield b"".join(b"<si><t>%d</t></si>" % n for n in range(i, i + 10_000))
            yield b"</sst>"

        H.dengan_shared_strings(path, isi)
    elif kasus == "sel_4_juta":  # rows of 40 numbers until the cell bound
        baris = b"<row>" + b"<c><v>1</v></c>" * 40 + b"</row>"
        H.tulis_ulang(path, {H.LEMBAR: lambda x: H.sisip_sebelum_akhir(x, baris, 99_000)})
    elif kasus == "baris_lebar":  # one row of 1 million cells
        lebar = b"<row>" + b"<c/>" * 1_000_000 + b"</row>"
        H.tulis_ulang(path, {H.LEMBAR: lambda x: H.sisip_sebelum_akhir(x, lebar, 1)})
    elif kasus == "baris_jauh":  # a row numbered 1,048,576
        jauh = b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>'
        H.tulis_ulang(path, {H.LEMBAR: lambda x: H.sisip_sebelum_akhir(x, jauh, 1)})
    elif kasus != "dasar":
        raise SystemExit(f"kasus tidak dikenal: {kasus}")


def ukur(path: Path | None) -> dict:
    from impor.baca import baca_berkas
    from impor.berkas import BerkasError

    awal = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mulai, cpu = time.perf_counter(), time.process_time()
    pesan = "dasar (django.setup saja)"
    if path is not None:
        try:
            data = baca_berkas(path)
            pesan = f"DITERIMA: {data.jumlah_baris} baris"
        except BerkasError as e:
            pesan = str(e)
    return {
        "detik": round(time.perf_counter() - mulai, 2),
        "cpu": round(time.process_time() - cpu, 2),
        "puncak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_awal_mb": round(awal, 1),
        "pesan": pesan,
    }


KASUS = [
    "dasar",
    "bom_baris_kosong",
    "baris_jauh",
    "baris_lebar",
    "sel_4_juta",
    "komentar_300_mb",
    "strings_panjang",
    "strings_pendek",
]


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] in ("--_bangun", "--_ukur"):
        _django()
        if sys.argv[1] == "--_bangun":
            bangun(sys.argv[2], Path(sys.argv[3]))
        else:
            print(json.dumps(ukur(None if sys.argv[2] == "dasar" else Path(sys.argv[3]))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        for kasus in sys.argv[1:] or KASUS:
            path = Path(tmp) / f"{kasus}.xlsx"
            subprocess.run([sys.executable, __file__, "--_bangun", kasus, str(path)], check=True)
            ukuran = path.stat().st_size / 1000 if path.exists() else 0
            keluar = subprocess.run(
                [sys.executable, __file__, "--_ukur", kasus, str(path)],
                check=True, capture_output=True, text=True, cwd=AKAR,
            )  # fmt: skip
            h = json.loads(keluar.stdout.strip().splitlines()[-1])
            print(
                f"{kasus:<18} {ukuran:>8.0f} KB  {h['detik']:>6.2f} s  CPU {h['cpu']:>6.2f} s  "
                f"puncak RSS {h['puncak_rss_mb']:>6.1f} MB (awal {h['rss_awal_mb']} MB)\n"
                f"    {h['pesan'][:150]}"
            )
            path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
