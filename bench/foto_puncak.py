"""Peak memory and time of kampungkb.foto.periksa_foto on the worst hostile photo of each kind
(issue 13, item 4), each in a fresh process (growth of VmHWM, the peak resident memory; unlike
ru_maxrss it starts afresh at exec).

    DEBUG=1 .venv/bin/python bench/foto_puncak.py [folder]

Writes the files into the folder (default /tmp/foto_puncak, about 150 MB), then measures each.
The byte limit of an upload (5 MB) is lifted here, so decoding is what is measured.
"""

import os
import subprocess
import sys
from pathlib import Path

BERKAS = {
    # name: (size, mode, save options); noise defeats compression, so the files are large
    "png_9000x9000_bom.png": None,
    "png_8mp_rgba.png": ((2828, 2828), "RGBA", {}),
    "webp_4mp_rgba.webp": ((2000, 2000), "RGBA", {"quality": 50}),
    "webp_4mp_lossless.webp": ((2000, 2000), "RGBA", {"lossless": True}),
    "jpeg_40mp.jpg": ((7744, 5164), "RGB", {"quality": 60}),
    "jpeg_40mp_cmyk.jpg": ((7744, 5164), "CMYK", {"quality": 60}),
    "jpeg_12mp_progresif_444.jpg": (
        (4242, 2828),
        "RGB",
        {"quality": 95, "progressive": True, "subsampling": 0},
    ),
    "jpeg_40mp_progresif_444.jpg": (
        (7744, 5164),
        "RGB",
        {"quality": 95, "progressive": True, "subsampling": 0},
    ),
}


def buat(folder: Path) -> None:
    from PIL import Image

    from tests.test_foto_batas import png_besar

    folder.mkdir(parents=True, exist_ok=True)
    for nama, spek in BERKAS.items():
        jalur = folder / nama
        if jalur.exists():
            continue
        if spek is None:
            jalur.write_bytes(png_besar(9000, 9000))
            continue
        ukuran, mode, opsi = spek
        im = Image.effect_noise(ukuran, 64).convert(mode)
        if mode == "RGBA":
            im.putalpha(Image.effect_noise(ukuran, 64))
        im.save(jalur, **opsi)


def _puncak_mb() -> float:
    for baris in Path("/proc/self/status").read_text().splitlines():
        if baris.startswith("VmHWM:"):
            return int(baris.split()[1]) / 1024
    raise RuntimeError("VmHWM tidak terbaca")


def ukur(jalur: str) -> None:
    import time

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rumahdataku.settings")
    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test.utils import override_settings

    from kampungkb import foto

    isi = Path(jalur).read_bytes()
    berkas = SimpleUploadedFile(Path(jalur).name, isi)
    awal = _puncak_mb()
    t = time.perf_counter()
    with override_settings(RUMAHDATAKU_FOTO_MAKS_BYTE=100 * 1024 * 1024):
        try:
            hasil, mime = foto.periksa_foto(berkas)
            keluar = f"diterima ({mime})"
        except ValidationError as e:
            keluar = "ditolak: " + e.messages[0].split(";")[0]
    detik = time.perf_counter() - t
    puncak = _puncak_mb() - awal
    print(
        f"| {Path(jalur).name} | {len(isi) / 1024:,.0f} KB | {keluar} | {puncak:.0f} MB | {detik:.2f} s |"
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--ukur":
        ukur(sys.argv[2])
        sys.exit()
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/foto_puncak")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rumahdataku.settings")
    import django

    django.setup()
    buat(folder)
    print("| berkas | ukuran | hasil | puncak memori | waktu |\n|---|---|---|---|---|")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    for nama in BERKAS:
        subprocess.run(
            [sys.executable, __file__, "--ukur", str(folder / nama)], check=True, env=env
        )
