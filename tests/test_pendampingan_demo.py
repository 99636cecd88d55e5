"""The demo of the family-assistance team: a realistic flow, deterministic, every record kind."""

import datetime as dt

import pytest

from operasi.demo import buat_demo
from operasi.demo_pendampingan import buat_demo_pendampingan
from operasi.demo_poktan import buat_demo_poktan
from pendampingan import indicators as pi
from pendampingan.models import Catin, Kunjungan, Rujukan, Skrining

HINGGA = dt.date(2026, 10, 31)


@pytest.fixture
def desa_demo(db):
    desa = buat_demo(keluarga=300, seed=1, hingga=HINGGA).desa
    buat_demo_poktan(desa, seed=1, hingga=HINGGA)
    return desa


def _jejak():
    return (
        sorted(Catin.objects.values_list("nama", "rencana_nikah", "tanggal_nikah")),
        sorted(Skrining.objects.values_list("tanggal", "lila", "hb")),
        sorted(Kunjungan.objects.values_list("sasaran", "tanggal", "dirujuk", "bansos")),
        sorted(Rujukan.objects.values_list("anak_id", "tanggal", "selesai")),
    )


def test_the_demo_fills_every_record_kind_and_moves_the_summary(
    desa_demo, django_assert_max_num_queries
):
    with django_assert_max_num_queries(120):
        h = buat_demo_pendampingan(desa_demo, seed=1, hingga=HINGGA)
    assert h.catin >= 4 and h.skrining == h.catin and h.kunjungan > 0
    assert h.metode_kb > 0
    b = pi.blok(2026, 9, [d.pk for d in desa_demo])
    print("pendampingan 2026-09:", b)
    assert b["catin"]["terdaftar"] > 0 and b["catin"]["berisiko"] > 0
    assert b["ibu_hamil"]["didampingi"] > 0
    assert b["kb_pasca_persalinan"]["penyebut"] > 0
    n = pi.periode_nifas([d.pk for d in desa_demo], dt.date(2026, 5, 1), HINGGA)
    print("periods:", len(n), "with a method:", sum(1 for p in n if p.metode))
    assert 0 < b["kb_pasca_persalinan"]["pembilang"] <= b["kb_pasca_persalinan"]["penyebut"]
    # Calling it again adds nothing.
    assert buat_demo_pendampingan(desa_demo, seed=1, hingga=HINGGA).catin == 0


def test_the_demo_is_deterministic(desa_demo):
    from django.db import transaction

    with transaction.atomic():
        buat_demo_pendampingan(desa_demo, seed=1, hingga=HINGGA)
        pertama = _jejak()
        transaction.set_rollback(True)
    assert Catin.objects.count() == 0
    buat_demo_pendampingan(desa_demo, seed=1, hingga=HINGGA)
    assert _jejak() == pertama
