"""The demo accounts (demo_admin): the kader can try their main task (issue 20 point 4)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from poktan.kode import JenisKelompok
from poktan.models import Kelompok


@pytest.mark.django_db
def test_the_demo_kader_is_kader_of_a_posyandu_and_a_bkb_serving_their_dusun():
    call_command("seed_demo", families=40, seed=1, verbosity=0, stdout=open("/dev/null", "w"))
    call_command("demo_admin", verbosity=0, stdout=open("/dev/null", "w"))
    kader = get_user_model().objects.get(username="kader")
    dusun = set(kader.lingkup.dusun.values_list("pk", flat=True))
    assert len(dusun) == 1
    kelompok = list(Kelompok.objects.filter(kader=kader))
    assert sorted(k.jenis for k in kelompok) == sorted([JenisKelompok.BKB, JenisKelompok.POSYANDU])
    for k in kelompok:
        wilayah = set(k.wilayah_dusun.values_list("pk", flat=True)) | set(
            k.wilayah_rw.values_list("dusun_id", flat=True)
        )
        assert not wilayah or wilayah & dusun, f"{k} serves none of the kader's dusun"
    call_command("demo_admin", verbosity=0, stdout=open("/dev/null", "w"))  # idempotent
    assert Kelompok.objects.filter(kader=kader).count() == 2
    # The kader's first screen ("Hari ini") lists both groups.
    c = Client()
    c.force_login(kader)
    isi = c.get("/").content.decode()
    for k in kelompok:
        assert k.nama in isi
