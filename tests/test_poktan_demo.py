"""The demo poktan and posyandu data: deterministic, every table filled, stunting 15–25 %."""

import datetime as dt

import pytest
from django.core.management import call_command

from operasi.demo import buat_demo
from operasi.demo_poktan import buat_demo_poktan
from poktan import indicators as pi
from poktan import register as reg
from poktan.models import (
    KartuKembangAnak,
    Keanggotaan,
    Kehadiran,
    Kelompok,
    KemandirianLansia,
    KeuanganUppka,
    Pengurus,
    Penimbangan,
    Pertemuan,
    RegisterKelompok,
)

HINGGA = dt.date(2026, 10, 31)


@pytest.fixture
def desa_demo(db):
    return buat_demo(keluarga=300, seed=1, hingga=HINGGA).desa


def test_stunting_in_the_demo_village_is_between_15_and_25_percent(desa_demo):
    buat_demo_poktan(desa_demo, seed=1, hingga=HINGGA)
    ids = [d.pk for d in desa_demo]
    b = pi.blok_posyandu(2026, 10, ids)
    assert b["diukur"] >= 40
    assert 15 <= b["prevalensi_stunting_persen"] <= 25, b
    # Pooled over the last twelve months (a posyandu may skip a month): still 15–25 %.
    bulan = [pi.blok_posyandu(2025 + (10 + i) // 12, (10 + i) % 12 + 1, ids) for i in range(12)]
    stunting, diukur = sum(x["stunting"] for x in bulan), sum(x["diukur"] for x in bulan)
    assert 15 <= 100 * stunting / diukur <= 25


def test_every_table_and_chart_has_data(desa_demo):
    hasil = buat_demo_poktan(desa_demo, seed=1, hingga=HINGGA)
    ids = [d.pk for d in desa_demo]
    blok = pi.blok_poktan(2026, 10, ids)
    lalu = [pi.blok_poktan(2026, b, ids) for b in (8, 9)]
    for jenis, b in blok.items():
        assert b["kelompok"] and b["anggota"] and b["anggota_aktif"] and b["sasaran_aktif"], jenis
        assert b["kehadiran"] + sum(x[jenis]["kehadiran"] for x in lalu), jenis
    # Over 24 months some groups miss a month, and every SKDN cell is used.
    bulan = [(2024 + (10 + i) // 12, (10 + i) % 12 + 1) for i in range(24)]
    belum = [sum(x["belum_lapor"] for x in pi.blok_poktan(t, b, ids).values()) for t, b in bulan]
    assert 0 < sum(belum) < 24 * hasil.kelompok / 4
    total = {k: 0 for k in ("n", "t", "o", "dua_t", "bgm")}
    for t, b in bulan[-6:]:
        skdn = pi.blok_posyandu(t, b, ids)["skdn"]
        for k in total:
            total[k] += skdn[k]
        assert skdn["d"] < skdn["s"]  # some children are not weighed
    assert all(total.values()), total
    assert Penimbangan.objects.filter(perlu_ukur_ulang=True).exists()
    assert Penimbangan.objects.filter(anak_luar__isnull=False).exists()
    assert KeuanganUppka.objects.count() >= 40
    assert hasil.penimbangan > 1000 and hasil.pertemuan > 150
    # Some children lose weight between two weighings.
    turun = 0
    for anak in Penimbangan.objects.filter(anggota__isnull=False).values("anggota").distinct()[:80]:
        berat = list(
            Penimbangan.objects.filter(anggota=anak["anggota"], bb_u_tidak_wajar=False)
            .order_by("tanggal")
            .values_list("berat_kg", flat=True)
        )
        turun += any(b < a for a, b in zip(berat, berat[1:], strict=False))
    assert turun > 0


def test_the_demo_respects_the_model_rules(desa_demo):
    buat_demo_poktan(desa_demo, seed=1, hingga=HINGGA)
    for k in Keanggotaan.objects.select_related("kelompok", "keluarga", "anggota")[:300]:
        k.full_clean()
    for p in Pertemuan.objects.select_related("kelompok", "topik")[:100]:
        p.full_clean()
    assert not Keanggotaan.objects.filter(jenis="posyandu", keluarga__isnull=False).exists()


def test_the_demo_fills_the_siga_register_data_for_most_groups(desa_demo):
    buat_demo_poktan(desa_demo, seed=1, hingga=HINGGA)
    register = Kelompok.objects.filter(jenis__in=["bkb", "bkr", "bkl", "uppka", "pik_r"])
    n = register.count()
    lengkap = register.exclude(pembina_nama="").count()
    assert n > lengkap >= n / 2  # most groups, a few left empty
    for k in register.exclude(pembina_nama="")[:20]:
        k.full_clean()
        assert k.nomor_register and k.kode_kelompok and k.sumber_dana
    assert Pengurus.objects.exclude(nik="").filter(peran="kader").exists()
    # Meetings carry a presenter category; BKB meetings the children's age group.
    assert (
        not Pertemuan.objects.exclude(kelompok__jenis="posyandu")
        .filter(kategori_narasumber="")
        .exists()
    )
    assert not Pertemuan.objects.filter(kelompok__jenis="bkb", kelompok_umur="").exists()
    # KKA for BKB children, valid for the service's rules; some children to refer.
    kka = KartuKembangAnak.objects.select_related("anggota", "kelompok")
    assert kka.count() > 100
    for k in kka.order_by("pk")[:50]:
        k.full_clean()
        assert 0 <= (k.bulan.year - k.anggota.tanggal_lahir.year) * 12 <= 67
    assert reg.anak_dirujuk(Kelompok.objects.all(), 2026, 10)
    assert KemandirianLansia.objects.filter(tingkat="butuh_pendamping").exists()
    # Most months handed over, some not (due and late lists have rows), a few "no meeting".
    assert RegisterKelompok.objects.filter(tanpa_pertemuan=True).exists()
    late = reg.jatuh_tempo_dan_terlambat(Kelompok.objects.all(), hari=dt.date(2026, 11, 2))
    assert late["n_tempo"] and late["n_telat"]
    assert late["n_telat"] < RegisterKelompok.objects.filter(diserahkan_pada__isnull=False).count()


def test_the_same_seed_gives_the_same_poktan_data(desa_demo):
    def sidik():
        return (
            list(Kelompok.objects.order_by("pk").values_list("jenis", "nama", "tanggal_berdiri")),
            list(
                Keanggotaan.objects.order_by("pk").values_list(
                    "kelompok__nama",
                    "keluarga__no_kk",
                    "anggota__nik",
                    "nama_luar",
                    "mulai",
                    "selesai",
                )
            ),
            list(
                Pertemuan.objects.order_by("pk").values_list("kelompok__nama", "tanggal", "topik")
            ),
            Kehadiran.objects.count(),
            list(
                Penimbangan.objects.order_by("pk").values_list(
                    "anggota__nik", "tanggal", "berat_kg", "tinggi_cm", "z_tb_u"
                )
            ),
        )

    buat_demo_poktan(desa_demo, seed=7, hingga=HINGGA)
    pertama = sidik()
    for model in (
        Penimbangan,
        Kehadiran,
        Pertemuan,
        KeuanganUppka,
        KartuKembangAnak,
        KemandirianLansia,
        RegisterKelompok,
        Keanggotaan,
        Pengurus,
    ):
        model.objects.all().delete()
    Kelompok.wilayah_dusun.through.objects.all().delete()
    Kelompok.wilayah_rw.through.objects.all().delete()
    Kelompok.objects.all().delete()
    buat_demo_poktan(desa_demo, seed=7, hingga=HINGGA)
    assert sidik() == pertama
    assert len(pertama[4]) > 1000
    assert buat_demo_poktan(desa_demo, seed=8, hingga=HINGGA).kelompok == 0  # already seeded
    assert sidik() == pertama


def test_recomputing_z_scores_changes_nothing_when_nothing_changed(desa_demo, capsys):
    buat_demo_poktan(desa_demo, seed=1, hingga=HINGGA)
    sebelum = list(Penimbangan.objects.order_by("pk").values_list("z_bb_u", "z_tb_u", "z_bb_tb"))
    call_command("hitung_ulang_zscore", "--desa", desa_demo[0].kode)
    assert f"{len(sebelum)} penimbangan" in capsys.readouterr().out
    assert (
        list(Penimbangan.objects.order_by("pk").values_list("z_bb_u", "z_tb_u", "z_bb_tb"))
        == sebelum
    )
