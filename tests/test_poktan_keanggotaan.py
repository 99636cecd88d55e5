"""Rules of groups, members and registers, enforced by the models, constraints and services."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from keluarga import akses
from keluarga.akses import Peran
from poktan import services
from poktan.akses import keluarga_kelompok_kader
from poktan.models import Keanggotaan, Kelompok, Penimbangan, Topik
from tests import factories as f

D = dt.date


@pytest.fixture
def desa(db):
    d = f.DesaFactory(kode="3326012001")
    rt = f.RTFactory(rw__dusun__desa=d)
    kel = f.KeluargaFactory(rumah__rt=rt, desa=d)
    anak = f.AnggotaFactory(keluarga=kel, tanggal_lahir=D(2024, 5, 5), jenis_kelamin="L")
    return {
        "desa": d,
        "rt": rt,
        "kel": kel,
        "anak": anak,
        "bkb": services.simpan_kelompok(kelompok=Kelompok(desa=d, jenis="bkb", nama="Mawar")),
        "pos1": services.simpan_kelompok(kelompok=Kelompok(desa=d, jenis="posyandu", nama="Satu")),
        "pos2": services.simpan_kelompok(kelompok=Kelompok(desa=d, jenis="posyandu", nama="Dua")),
    }


def test_the_group_types_and_their_labels():
    from poktan.kode import JenisKelompok

    assert JenisKelompok.values == ["bkb", "bkr", "pik_r", "bkl", "uppka", "posyandu"]
    assert JenisKelompok.UPPKA.label == "UPPKA (dulu UPPKS)"


def test_family_groups_take_families_and_person_groups_take_persons(desa):
    with pytest.raises(ValidationError, match="keluarga, bukan perorangan"):
        services.tambah_keanggotaan(kelompok=desa["bkb"], anggota=desa["anak"], mulai=D(2026, 1, 1))
    with pytest.raises(ValidationError, match="perorangan, bukan keluarga"):
        services.tambah_keanggotaan(
            kelompok=desa["pos1"], keluarga=desa["kel"], mulai=D(2026, 1, 1)
        )


def test_a_member_is_exactly_one_of_family_person_or_outsider(desa):
    with pytest.raises(ValidationError):
        services.tambah_keanggotaan(kelompok=desa["bkb"], mulai=D(2026, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Keanggotaan.objects.create(
            kelompok=desa["bkb"],
            jenis="bkb",
            keluarga=desa["kel"],
            nama_luar="X",
            mulai=D(2026, 1, 1),
        )


def test_a_child_belongs_to_one_posyandu_at_a_time(desa):
    m = services.tambah_keanggotaan(
        kelompok=desa["pos1"], anggota=desa["anak"], mulai=D(2026, 1, 1)
    )
    with pytest.raises(ValidationError, match="sudah terdaftar di Posyandu Satu"):
        services.tambah_keanggotaan(
            kelompok=desa["pos2"], anggota=desa["anak"], mulai=D(2026, 3, 1)
        )
    # The database refuses it too, whatever writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Keanggotaan.objects.create(
            kelompok=desa["pos2"], jenis="posyandu", anggota=desa["anak"], mulai=D(2026, 3, 1)
        )
    services.akhiri_keanggotaan(keanggotaan=m, selesai=D(2026, 3, 1))
    pindah = services.tambah_keanggotaan(
        kelompok=desa["pos2"], anggota=desa["anak"], mulai=D(2026, 3, 1)
    )
    assert pindah.terbuka_pada(D(2026, 3, 1)) and not m.terbuka_pada(D(2026, 3, 1))


def test_overlapping_memberships_in_one_group_are_refused(desa):
    m = services.tambah_keanggotaan(kelompok=desa["bkb"], keluarga=desa["kel"], mulai=D(2026, 1, 1))
    services.akhiri_keanggotaan(keanggotaan=m, selesai=D(2026, 6, 1))
    with pytest.raises(ValidationError, match="sudah menjadi anggota"):
        services.tambah_keanggotaan(kelompok=desa["bkb"], keluarga=desa["kel"], mulai=D(2026, 5, 1))
    services.tambah_keanggotaan(kelompok=desa["bkb"], keluarga=desa["kel"], mulai=D(2026, 6, 1))


def test_a_membership_cannot_end_before_it_starts_or_twice(desa):
    m = services.tambah_keanggotaan(kelompok=desa["bkb"], keluarga=desa["kel"], mulai=D(2026, 2, 1))
    with pytest.raises(ValidationError):
        services.akhiri_keanggotaan(keanggotaan=m, selesai=D(2026, 1, 1))
    services.akhiri_keanggotaan(keanggotaan=m, selesai=D(2026, 2, 1))  # an empty [a, a) is allowed
    with pytest.raises(ValidationError, match="sudah berakhir"):
        services.akhiri_keanggotaan(keanggotaan=m, selesai=D(2026, 3, 1))


def test_a_family_of_another_desa_must_join_as_an_outsider(desa):
    lain = f.KeluargaFactory(rumah__rt=f.RTFactory(rw__dusun__desa=f.DesaFactory()))
    with pytest.raises(ValidationError, match="tidak terdata di desa kelompok"):
        services.tambah_keanggotaan(kelompok=desa["bkb"], keluarga=lain, mulai=D(2026, 1, 1))
    m = services.tambah_keanggotaan(
        kelompok=desa["bkb"], nama_luar="  Bu  Tini ", mulai=D(2026, 1, 1)
    )
    assert m.nama_luar == "Bu Tini" and m.luar


def test_a_meeting_topic_must_belong_to_the_group_type(desa):
    with pytest.raises(ValidationError, match="bukan untuk jenis kelompok ini"):
        services.simpan_pertemuan(
            kelompok=desa["bkb"],
            tanggal=D(2026, 9, 1),
            hadir=[],
            topik=Topik.objects.filter(jenis="bkl").first(),
        )


def test_only_members_open_on_the_meeting_date_can_attend(desa):
    m = services.tambah_keanggotaan(kelompok=desa["bkb"], keluarga=desa["kel"], mulai=D(2026, 9, 2))
    with pytest.raises(ValidationError, match="bukan anggota kelompok pada tanggal"):
        services.simpan_pertemuan(
            kelompok=desa["bkb"], tanggal=D(2026, 9, 1), hadir=[m], topik_lain="Arisan"
        )


def test_finance_is_recorded_only_for_uppka(desa):
    with pytest.raises(ValidationError, match="UPPKA"):
        services.simpan_keuangan_uppka(kelompok=desa["bkb"], bulan=D(2026, 9, 1), modal=1, omzet=1)
    u = services.simpan_kelompok(kelompok=Kelompok(desa=desa["desa"], jenis="uppka", nama="Maju"))
    k = services.simpan_keuangan_uppka(kelompok=u, bulan=D(2026, 9, 17), modal=100, omzet=20)
    assert k.bulan == D(2026, 9, 1)


def test_a_weighing_is_refused_outside_a_posyandu_session(desa):
    rapat = services.simpan_pertemuan(
        kelompok=desa["bkb"], tanggal=D(2026, 9, 1), hadir=[], topik_lain="Arisan"
    )
    with pytest.raises(ValidationError, match="sesi posyandu"):
        services.catat_penimbangan(pertemuan=rapat, anggota=desa["anak"], berat_kg=Decimal("10"))


def test_recomputing_z_scores_follows_a_corrected_birth_date(desa):
    sesi = services.simpan_pertemuan(
        kelompok=desa["pos1"], tanggal=D(2026, 9, 1), hadir=[], topik_lain="Penimbangan"
    )
    p = services.catat_penimbangan(
        pertemuan=sesi, anggota=desa["anak"], berat_kg=Decimal("10.0"), tinggi_cm=Decimal("80.0")
    )
    assert p.umur_bulan == 27 and p.cara_ukur == "berdiri"
    z_lama = p.z_bb_u  # 10.0 kg at 27 months: about -2
    desa["anak"].tanggal_lahir = D(2025, 5, 5)
    desa["anak"].save()
    assert services.hitung_ulang_zscore(Penimbangan.objects.select_related("anggota")) == 1
    p.refresh_from_db()
    assert p.umur_bulan == 15 and p.z_bb_u == Decimal("-0.44") and z_lama < Decimal("-1.9")
    assert p.tinggi_dipakai == Decimal("80.70")  # measured standing under 731 days: +0.7 cm


def test_a_kader_reads_families_of_their_groups_members_only_while_open(desa):
    kader = f.persona(Peran.KADER, desa=desa["desa"])
    desa["bkb"].kader.add(kader)
    assert list(keluarga_kelompok_kader(kader)) == []
    m = services.tambah_keanggotaan(kelompok=desa["bkb"], keluarga=desa["kel"], mulai=D(2026, 1, 1))
    assert set(akses.keluarga_qs(kader)) == {desa["kel"]}
    assert not akses.keluarga_qs(kader, tulis=True).exists()
    services.akhiri_keanggotaan(keanggotaan=m, selesai=D(2026, 2, 1))
    assert not akses.keluarga_qs(kader).exists()
    assert list(keluarga_kelompok_kader(f.persona(Peran.KADER, desa=desa["desa"]))) == []


def test_only_kader_of_the_desa_can_be_a_groups_kader(desa):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa["desa"])
    kader_lain = f.persona(Peran.KADER, desa=f.DesaFactory())
    for u in (admin, kader_lain):
        with pytest.raises(ValidationError, match="bukan Kader"):
            services.simpan_kelompok(kelompok=desa["bkb"], kader=[u])
    kader = f.persona(Peran.KADER, desa=desa["desa"])
    services.simpan_kelompok(kelompok=desa["bkb"], kader=[kader])
    assert list(desa["bkb"].kader.all()) == [kader]
