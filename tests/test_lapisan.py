"""The apps in layers (issue 14, docs/ARCHITECTURE.md): what import-linter cannot see.

`.importlinter` checks the imports; string model references ("keluarga.Desa") and
``apps.get_model`` are invisible to it, so the foreign keys are checked here against the same
layers, with the contract's own list of apps and the size rule of the issue.
"""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from keluarga.registri import Registri
from laporan import blok

ROOT = Path(__file__).resolve().parent.parent


def _lapisan() -> dict[str, int]:
    """App → layer number (0 = lowest) from the layers contract; siblings share a number."""
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / ".importlinter")
    baris = [b.strip() for b in cfg["importlinter:contract:lapisan"]["layers"].splitlines()]
    baris = [b for b in baris if b]
    hasil = {}
    for nomor, lapis in enumerate(reversed(baris)):
        for app in lapis.split("|"):
            hasil[app.strip().strip("()")] = nomor
    return hasil


def _app_kita() -> list[str]:
    lapisan = _lapisan()
    return [a for a in settings.INSTALLED_APPS if a in lapisan]


def test_the_contract_names_every_installed_app_of_ours_in_installed_order():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / ".importlinter")
    akar = cfg["importlinter"]["root_packages"].split()
    kita = _app_kita()
    assert kita == [
        "keluarga",
        "poktan",
        "pendampingan",
        "impor",
        "laporan",
        "kampungkb",
        "luring",
        "operasi",
    ]
    assert set(kita) | {"rumahdataku"} == set(akar)
    lapisan = _lapisan()
    assert [lapisan[a] for a in kita] == sorted(lapisan[a] for a in kita)
    # pendampingan above poktan and below the report; luring at the top with the operations.
    assert lapisan["poktan"] < lapisan["pendampingan"] < lapisan["laporan"] == lapisan["impor"]
    assert lapisan["luring"] == lapisan["operasi"] > lapisan["kampungkb"]


def test_every_foreign_key_points_to_its_own_app_or_a_lower_layer():
    lapisan = _lapisan()
    salah = []
    for model in apps.get_models(include_auto_created=True):
        asal = model._meta.app_label
        if asal not in lapisan:
            continue
        for f in model._meta.get_fields(include_hidden=True):
            if not (f.is_relation and f.concrete) or f.related_model is None:
                continue
            tujuan = f.related_model._meta.app_label
            if tujuan == asal or tujuan not in lapisan:
                continue  # own app, or Django's (auth, contenttypes)
            if lapisan[tujuan] >= lapisan[asal]:
                salah.append(f"{model._meta.label}.{f.name} -> {f.related_model._meta.label}")
    assert salah == []


def test_the_check_sees_a_foreign_key_pointing_up():
    """The rule itself, on a relation that would break it: laporan's RapatBulanan is pointed to
    by kampungkb (allowed), never the other way round."""
    lapisan = _lapisan()
    from kampungkb.models import RapatDetail

    f = RapatDetail._meta.get_field("rapat")
    assert f.related_model._meta.app_label == "laporan"
    assert lapisan["laporan"] < lapisan["kampungkb"]


def _baris_kode(app: str) -> int:
    n = 0
    for path in (ROOT / app).rglob("*.py"):
        bagian = path.relative_to(ROOT / app).parts
        if "migrations" in bagian or "tests" in bagian:
            continue
        n += sum(1 for b in path.read_text(encoding="utf-8").splitlines() if b.strip())
    return n


def test_no_app_holds_more_than_35_percent_of_the_application_code():
    baris = {app: _baris_kode(app) for app in _app_kita()}
    total = sum(baris.values())
    assert {a: n for a, n in baris.items() if n > 0.35 * total} == {}


def test_a_registry_calls_what_was_registered_and_falls_back_when_nothing_was():
    r = Registri("uji")
    assert r.panggil("tidak_ada", 1, bawaan="kosong") == "kosong"
    r.daftarkan("dua_kali", lambda x: x * 2)
    r.daftarkan("dua_kali", lambda x: x * 3)  # a reload replaces, never duplicates
    assert r.panggil("dua_kali", 5) == 15 and len(r.semua()) == 1


def test_kampungkb_fills_laporans_registry_without_laporan_naming_it():
    assert "klasifikasi_kampung_kb" in blok.BLOK
    assert {"skor_kampung_kb", "rencana_kampung_kb"} <= {n for n, _f in blok.KARTU.items()}
    assert "notulen" in blok.PAKET and "lintas_sektor" in blok.LAPISAN
    assert {"penandatangan", "wilayah_kampung_kb", "ada_wilayah_kampung_kb"} <= {
        n for n, _f in blok.SUMBER.items()
    }
    # The classification is a desa's: omitted from a kecamatan sum.
    assert blok.BLOK.get("klasifikasi_kampung_kb").gabung is None


@pytest.fixture
def blok_uji():
    blok.daftarkan(
        "uji_jumlah",
        lambda laporan, desa, tahun, bulan: {"uji_jumlah": {"n": 1}},
        gabung=lambda bagian: {"n": sum(b["n"] for b in bagian if b)},
    )
    yield
    blok.BLOK._fungsi.pop("uji_jumlah")


def test_a_registered_block_with_a_sum_is_summed_into_a_kecamatan_report(blok_uji):
    assert blok.BLOK.get("uji_jumlah")({}, None, 2026, 10) == {"uji_jumlah": {"n": 1}}
    hasil = {}
    blok.gabung_blok(hasil, [{"uji_jumlah": {"n": 2}}, {"uji_jumlah": {"n": 3}}, {}])
    assert hasil["uji_jumlah"] == {"n": 5}
