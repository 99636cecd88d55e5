"""The Kampung KB portal form over the 24 months of a small demo village (150 families, built
once): whenever the form has no problem the portal's rule 1 holds exactly, every cap holds in
every month, and each problem's count is the length of the name list it links to.

Hand-counted figures are in tests/test_portal.py; this module only checks the form's own rules
on varied data, never a demo figure.
"""

import pytest
from django.db import connection, transaction
from django.test import Client

from keluarga import indicators as ind
from keluarga import kode
from keluarga.akses import Peran
from keluarga.models import StatusKB
from laporan import services
from operasi.demo import buat_demo
from operasi.demo_poktan import buat_demo_poktan
from tests import factories as f

pytestmark = [pytest.mark.django_db]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo village, its 24 months' portal forms and an Admin desa, rolled back after."""
    with django_db_blocker.unblock():
        nama = str(connection.settings_dict["NAME"])
        assert "test" in nama or "memory" in nama, f"refusing to seed {nama}"
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            hasil = buat_demo(keluarga=150, seed=5)
            desa = hasil.desa[0]
            buat_demo_poktan([desa], seed=5)
            awal = desa.bulan_awal_data.replace(day=1)
            bulan = [ind.tambah_bulan(awal, i) for i in range(24)]
            blok = {
                b: services.laporan_hidup(desa, b.year, b.month, dengan_lalu=False)["portal_kkbpk"]
                for b in bulan
            }
            admin = f.persona(Peran.ADMIN_DESA, desa=desa)
            yield {"desa": desa, "blok": blok, "admin": admin}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_the_demo_covers_24_months_with_ready_and_failing_forms(demo):
    assert len(demo["blok"]) == 24
    siap = [b for b in demo["blok"].values() if b["siap_kirim"]]
    gagal = [b for b in demo["blok"].values() if not b["siap_kirim"]]
    assert gagal, "the demo leaves a few people to fix"
    assert all(not b["masalah"] for b in siap) and all(b["masalah"] for b in gagal)


def test_a_form_without_problems_adds_up_to_pus_exactly(demo):
    for bulan, b in demo["blok"].items():
        jumlah = sum(b["kontrasepsi"].values()) + sum(b["non_kontrasepsi"].values())
        penyebab = sum(m["jumlah"] for m in b["masalah"] if not m["aturan_kami"])
        assert jumlah + penyebab == b["pus"], bulan
        if not b["masalah"]:
            assert jumlah == b["pus"], bulan


def test_every_cap_holds_in_every_month(demo):
    pasangan = {
        "bkb": "keluarga_balita",
        "bkr": "keluarga_remaja",
        "bkl": "keluarga_lansia",
        "uppka": "keluarga",
        "pik_r": "remaja",
    }
    ada_ikut = False
    for bulan, b in demo["blok"].items():
        for ikut, penyebut in pasangan.items():
            assert 0 <= b["ikut_poktan"][ikut] <= b["penyebut_poktan"][penyebut], (bulan, ikut)
            ada_ikut = ada_ikut or b["ikut_poktan"][ikut] > 0
        assert b["pengguna_bpjs"] <= b["jumlah_jiwa"], bulan
        assert b["penduduk"]["pus"] == b["pus"]
        assert sum(u["l"] + u["p"] for u in b["penduduk"]["umur"]) == b["jumlah_jiwa"]
        assert not [m for m in b["masalah"] if m["aturan_kami"]], bulan
    assert ada_ikut


def test_each_problems_count_is_the_length_of_its_linked_name_list(demo):
    klien = Client()
    klien.force_login(demo["admin"])
    diperiksa = 0
    for bulan, b in demo["blok"].items():
        for m in b["masalah"]:
            r = klien.get(m["daftar"])
            assert r.status_code == 200, (bulan, m["kode"])
            assert r.context["jumlah"] == m["jumlah"], (bulan, m["kode"])
            diperiksa += 1
    assert diperiksa > 0


def test_the_demo_records_intentions_for_most_mal_and_traditional_users(demo):
    episode = StatusKB.objects.filter(
        anggota__desa=demo["desa"], metode__in=kode.METODE_NIAT
    ).values_list("niat", flat=True)
    dengan = sum(1 for n in episode if n)
    tanpa = sum(1 for n in episode if not n)
    assert dengan > 2 * tanpa and tanpa > 0
