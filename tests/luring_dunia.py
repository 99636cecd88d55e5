"""A kader's small world for the offline tests (tests/test_luring.py, tests/browser/test_luring.py):
hand-made with the factories, never the demo.

RT A is the kader's region: two families with five balita (members of Posyandu Melati), two
married women of 15–49 (Sri Wahyuni on Suntik since 2025-01-10, Yuliana without a KB status),
and three BKB Mawar member families. RT B (same desa) holds one family outside the kader's scope.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from keluarga import kode
from keluarga import services as keluarga_services
from keluarga.akses import Peran
from poktan import services
from poktan.models import Kelompok
from tests import factories as f

# name, sex, age in days on the test day
BALITA = [
    ("Ani Rahmawati", "P", 300),
    ("Bima Saputra", "L", 800),
    ("Citra Lestari", "P", 500),
    ("Dodi Pratama", "L", 1000),
    ("Eka Putri", "P", 120),
]
KEPALA_BKB = ["Agus Salim", "Cahyo Nugroho", "Dedi Kurniawan"]


def buat(desa, rt) -> dict:
    hari_ini = timezone.localdate()
    rt_b = f.RTFactory(rw__dusun__desa=desa)
    kader = f.persona(Peran.KADER, desa=desa, rt=[rt], username="kader_luring")
    posyandu = services.simpan_kelompok(
        kelompok=Kelompok(desa=desa, jenis="posyandu", nama="Melati"), kader=[kader]
    )
    bkb = services.simpan_kelompok(
        kelompok=Kelompok(desa=desa, jenis="bkb", nama="Mawar"), kader=[kader]
    )
    keluarga = [f.KeluargaFactory(rumah__rt=rt, desa=desa) for _i in range(2)]
    ibu = {}
    for i, (nama, lahir) in enumerate([("Sri Wahyuni", 1992), ("Yuliana", 1995)]):
        ibu[nama] = f.AnggotaFactory(
            keluarga=keluarga[i],
            nama=nama,
            hubungan=kode.HubunganKK.KEPALA,
            status_kawin=kode.StatusKawin.KAWIN,
            tanggal_lahir=dt.date(lahir, 4, 4),
        )
    keluarga_services.set_status_kb(
        anggota=ibu["Sri Wahyuni"], mulai=dt.date(2025, 1, 10), metode=kode.MetodeKB.SUNTIK
    )
    mulai = hari_ini - dt.timedelta(days=100)
    anak, anggota_posyandu = {}, {}
    for i, (nama, jk, umur) in enumerate(BALITA):
        a = f.AnggotaFactory(
            keluarga=keluarga[i % 2],
            nama=nama,
            jenis_kelamin=jk,
            tanggal_lahir=hari_ini - dt.timedelta(days=umur),
        )
        anak[nama] = a
        anggota_posyandu[nama] = services.tambah_keanggotaan(
            kelompok=posyandu, anggota=a, mulai=mulai
        )
    anggota_bkb = {}
    for i, kepala in enumerate(KEPALA_BKB):
        kel = f.KeluargaFactory(rumah__rt=rt, desa=desa)
        f.AnggotaFactory(
            keluarga=kel,
            nama=kepala,
            jenis_kelamin="L",
            hubungan=kode.HubunganKK.KEPALA,
            status_kawin=kode.StatusKawin.KAWIN,
            tanggal_lahir=dt.date(1988, 6, 1 + i),
        )
        anggota_bkb[kepala] = services.tambah_keanggotaan(kelompok=bkb, keluarga=kel, mulai=mulai)
    luar = f.AnggotaFactory(
        keluarga=f.KeluargaFactory(rumah__rt=rt_b, desa=desa),
        nama="Warga RT Lain",
        hubungan=kode.HubunganKK.KEPALA,
        status_kawin=kode.StatusKawin.KAWIN,
        tanggal_lahir=dt.date(1990, 1, 1),
    )
    return {
        "kader": kader,
        "posyandu": posyandu,
        "bkb": bkb,
        "anak": anak,
        "anggota_posyandu": anggota_posyandu,
        "anggota_bkb": anggota_bkb,
        "ibu": ibu,
        "luar": luar,
        "keluarga": keluarga,
        "rt_b": rt_b,
    }
