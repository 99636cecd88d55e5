"""Invalid NIK, No KK and dates are rejected with Indonesian messages; NIK mismatch only warns."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from keluarga import kode, services
from keluarga.models import Anggota, Peristiwa
from keluarga.validators import nik_cocok, validate_nik, validate_no_kk
from tests import factories as f


@pytest.mark.parametrize(
    "nik", ["123", "33260112345678901", "3326011234567a90", "٣" * 16, "²" * 16]
)
def test_it_rejects_a_nik_that_is_not_16_digits(nik):
    with pytest.raises(ValidationError, match="NIK harus tepat 16 angka"):
        validate_nik(nik)


def test_it_rejects_a_no_kk_that_is_not_16_digits():
    with pytest.raises(ValidationError, match="No KK harus tepat 16 angka"):
        validate_no_kk("33260101")
    with pytest.raises(ValidationError, match="No KK harus tepat 16 angka"):
        validate_no_kk("")


def test_nik_digits_encode_birth_date_with_40_added_for_women():
    assert nik_cocok("3326015503900001", dt.date(1990, 3, 15), "P")
    assert nik_cocok("3326011503900001", dt.date(1990, 3, 15), "L")
    assert not nik_cocok("3326011503900001", dt.date(1990, 3, 15), "P")
    assert not nik_cocok("3326011603900001", dt.date(1990, 3, 15), "L")


def test_a_mismatching_nik_is_saved_not_blocked(db):
    kel = f.KeluargaFactory()
    a = services.tambah_anggota(
        keluarga=kel,
        nik="3326010101010001",
        nama="Siti",
        jenis_kelamin="P",
        tanggal_lahir=dt.date(1990, 5, 5),
        hubungan=kode.HubunganKK.KEPALA,
    )
    assert a.pk and not nik_cocok(a.nik, a.tanggal_lahir, a.jenis_kelamin)


def test_it_rejects_a_birth_date_in_the_future(db):
    kel = f.KeluargaFactory()
    with pytest.raises(ValidationError) as e:
        services.tambah_anggota(
            keluarga=kel,
            nama="Bayi",
            jenis_kelamin="L",
            tanggal_lahir=timezone.localdate() + dt.timedelta(days=1),
            hubungan=kode.HubunganKK.ANAK,
        )
    assert "tidak boleh di masa depan" in str(e.value.message_dict["tanggal_lahir"])
    assert not Anggota.objects.exists()


def test_it_rejects_an_event_before_birth(db):
    a = f.AnggotaFactory(tanggal_lahir=dt.date(2000, 1, 1))
    with pytest.raises(ValidationError) as e:
        services.catat_pindah_keluar(anggota=a, tanggal=dt.date(1999, 1, 1))
    assert "sebelum tanggal lahir" in str(e.value)
    assert not Peristiwa.objects.exists()
    a.refresh_from_db()
    assert a.status_hidup == kode.StatusHidup.HIDUP  # nothing half-saved


def test_it_rejects_a_duplicate_nik_with_an_indonesian_message(db):
    a = f.AnggotaFactory()
    with pytest.raises(ValidationError) as e:
        services.tambah_anggota(
            keluarga=a.keluarga,
            nik=a.nik,
            nama="Orang Lain",
            jenis_kelamin="L",
            tanggal_lahir=dt.date(1980, 1, 1),
            hubungan=kode.HubunganKK.FAMILI_LAIN,
        )
    assert "NIK ini sudah dipakai orang lain" in str(e.value)


def test_the_database_refuses_a_second_living_head(db):
    kel = f.KeluargaFactory()
    f.AnggotaFactory(keluarga=kel, hubungan=kode.HubunganKK.KEPALA)
    with pytest.raises(ValidationError, match="sudah punya kepala keluarga"):
        services.tambah_anggota(
            keluarga=kel,
            nama="Kepala Dua",
            jenis_kelamin="L",
            tanggal_lahir=dt.date(1970, 1, 1),
            hubungan=kode.HubunganKK.KEPALA,
        )
    # And the constraint itself holds when validation is bypassed.
    with pytest.raises(IntegrityError), transaction.atomic():
        f.AnggotaFactory(keluarga=kel, hubungan=kode.HubunganKK.KEPALA)


def test_a_family_may_have_a_new_head_after_the_old_one_died(db):
    kel = f.KeluargaFactory()
    lama = f.AnggotaFactory(keluarga=kel, hubungan=kode.HubunganKK.KEPALA, jenis_kelamin="L")
    services.catat_kematian(anggota=lama, tanggal=dt.date(2025, 1, 1))
    baru = services.tambah_anggota(
        keluarga=kel,
        nama="Kepala Baru",
        jenis_kelamin="P",
        tanggal_lahir=dt.date(1975, 1, 1),
        hubungan=kode.HubunganKK.KEPALA,
    )
    assert baru.pk


def test_a_death_ends_kb_status_and_pregnancy(db):
    w = f.AnggotaFactory(status_kawin=kode.StatusKawin.KAWIN)
    services.set_status_kb(anggota=w, metode="pil", mulai=dt.date(2024, 1, 1))
    k = services.catat_kehamilan(ibu=w, hpht=dt.date(2025, 1, 1))
    services.catat_kematian(anggota=w, tanggal=dt.date(2025, 3, 1))
    k.refresh_from_db()
    assert k.selesai == dt.date(2025, 3, 1) and k.hasil == "lainnya"
    assert w.status_kb_set.get().selesai == dt.date(2025, 3, 1)


def test_a_new_kb_status_ends_the_previous_one_on_its_start_date(db):
    w = f.AnggotaFactory(status_kawin=kode.StatusKawin.KAWIN)
    services.set_status_kb(anggota=w, metode="pil", mulai=dt.date(2024, 1, 1))
    services.set_status_kb(anggota=w, alasan="iat", mulai=dt.date(2025, 6, 1))
    lama, baru = w.status_kb_set.order_by("mulai")
    assert lama.selesai == dt.date(2025, 6, 1) and baru.selesai is None


def test_a_man_can_hold_only_mop_or_kondom(db):
    m = f.AnggotaFactory(jenis_kelamin="L")
    with pytest.raises(ValidationError, match="hanya MOP atau Kondom"):
        services.set_status_kb(anggota=m, metode="pil", mulai=dt.date(2024, 1, 1))


def test_pregnancy_start_falls_back_to_due_date_minus_280_days(db):
    w = f.AnggotaFactory()
    k = services.catat_kehamilan(ibu=w, hpl=dt.date(2026, 12, 1))
    assert k.mulai == dt.date(2026, 12, 1) - dt.timedelta(days=280)


def test_birth_creates_the_child_and_ends_the_pregnancy(db):
    ibu = f.AnggotaFactory(status_kawin=kode.StatusKawin.KAWIN, hubungan=kode.HubunganKK.ISTRI)
    services.catat_kehamilan(ibu=ibu, hpht=dt.date(2025, 1, 1))
    anak = services.catat_kelahiran(
        ibu=ibu, keluarga=ibu.keluarga, tanggal=dt.date(2025, 10, 1), nama="Bayi", jenis_kelamin="L"
    )
    assert anak.ibu == ibu and anak.keluarga == ibu.keluarga
    assert ibu.kehamilan_set.get().hasil == "lahir"
    assert anak.peristiwa_set.get().jenis == "lahir"


def test_move_in_with_a_known_nik_brings_the_person_back(db):
    a = f.AnggotaFactory()
    services.catat_pindah_keluar(anggota=a, tanggal=dt.date(2024, 1, 1))
    kembali = services.catat_datang(keluarga=a.keluarga, nik=a.nik, tanggal=dt.date(2025, 1, 1))
    assert kembali.pk == a.pk and kembali.status_hidup == "hidup"
    assert Anggota.objects.count() == 1
