"""The demo village is deterministic and plausible (issue: realistic demo village)."""

import datetime as dt

import pytest
from django.core.management import call_command

from keluarga.models import RT, RW, Anggota, Desa, Dusun, Keluarga, Peristiwa, Rumah, StatusKB
from keluarga.ringkasan import indikator_utama
from keluarga.validators import nik_cocok
from operasi.demo import buat_demo

HINGGA = dt.date(2026, 10, 31)


@pytest.mark.slow
def test_a_3000_family_village_is_plausible(db):
    hasil = buat_demo(keluarga=3000, seed=1, hingga=HINGGA)
    i = indikator_utama(hasil.desa[0], HINGGA)
    assert 3.2 <= i["rata_rata_anggota"] <= 3.8
    assert 7 <= i["umur_0_4_persen"] <= 9
    assert 11 <= i["umur_60_plus_persen"] <= 14
    assert 50 <= i["cpr"] <= 70
    assert i["metode_terbanyak"] == "suntik"
    assert 8 <= i["unmet_need_persen"] <= 15
    assert 9000 <= i["penduduk"] <= 12000


def test_the_same_seed_gives_the_same_data(db):
    def sidik():
        return (
            list(
                Anggota.objects.order_by("pk").values_list(
                    "nik", "nama", "tanggal_lahir", "status_kawin"
                )
            ),
            list(
                StatusKB.objects.order_by("pk").values_list(
                    "anggota__nik", "metode", "alasan", "mulai"
                )
            ),
            list(Peristiwa.objects.order_by("pk").values_list("anggota__nik", "jenis", "tanggal")),
        )

    buat_demo(keluarga=120, seed=5, hingga=HINGGA)
    pertama = sidik()
    for model in (Peristiwa, StatusKB):
        model.objects.all().delete()
    from keluarga.models import Kehamilan, PindahRumah

    PindahRumah.objects.all().delete()
    Kehamilan.objects.all().delete()
    Anggota.objects.update(ibu=None)
    Anggota.objects.all().delete()
    Keluarga.objects.all().delete()
    Rumah.objects.all().delete()
    for model in (RT, RW, Dusun, Desa):
        model.objects.all().delete()
    buat_demo(keluarga=120, seed=5, hingga=HINGGA)
    assert sidik() == pertama
    assert len(pertama[0]) > 300


def test_niks_match_birth_date_and_sex_and_a_quarter_of_houses_lack_gps(db):
    buat_demo(keluarga=400, seed=2, hingga=HINGGA)
    orang = list(Anggota.objects.exclude(nik=None))
    assert all(nik_cocok(a.nik, a.tanggal_lahir, a.jenis_kelamin) for a in orang)
    tanpa_gps = Rumah.objects.filter(lat=None).count() / Rumah.objects.count()
    assert 0.15 <= tanpa_gps <= 0.35


def test_seed_demo_command_prints_the_main_indicators(db, capsys):
    call_command("seed_demo", "--families", "60", "--seed", "3")
    out = capsys.readouterr().out
    assert "60 keluarga" in out and "cpr" in out and "unmet_need_persen" in out
    call_command("seed_demo", "--families", "60", "--if-empty")
    assert "sudah ada" in capsys.readouterr().out


def test_villages_option_spreads_families_over_several_desa(db):
    hasil = buat_demo(keluarga=90, seed=4, desa=3, hingga=HINGGA)
    assert [Keluarga.objects.filter(desa=d).count() for d in hasil.desa] == [30, 30, 30]


def test_up_to_33_villages_form_one_kecamatan_and_more_a_kabupaten_of_equal_kecamatan(db):
    """Up to 33 desa: 3326012001… in Wiradesa (the bench's district, as always); 35 desa: 2
    kecamatan of 18 and 17 desa (332601, 332602), each numbered from 2001, with every family
    written (a kabupaten is written desa by desa)."""
    hasil = buat_demo(keluarga=420, seed=4, desa=35, hingga=HINGGA)
    kode = [d.kode for d in hasil.desa]
    assert kode[:2] == ["3326012001", "3326012002"]
    assert kode[17:20] == ["3326012018", "3326022001", "3326022002"]
    assert kode[-1] == "3326022017"
    per_kec: dict = {}
    for d in Desa.objects.all():
        per_kec[(d.kode[:6], d.kecamatan_nama)] = per_kec.get((d.kode[:6], d.kecamatan_nama), 0) + 1
    assert per_kec == {("332601", "Wiradesa"): 18, ("332602", "Kajen"): 17}
    assert hasil.keluarga == Keluarga.objects.count() == 420
    assert hasil.anggota == Anggota.objects.count()
    kec = {a.desa.kode[:6] for a in Anggota.objects.select_related("desa").exclude(nik=None)}
    assert kec == {"332601", "332602"}
    assert not Anggota.objects.filter(
        desa__kode__startswith="332602", nik__startswith="332601"
    ).exists()
