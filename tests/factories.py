"""factory_boy factories for the family data model."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from keluarga import kode
from keluarga.models import RT, RW, Anggota, Desa, Dusun, Keluarga, Lingkup, Rumah


class DesaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Desa
        django_get_or_create = ("kode",)

    kode = factory.Sequence(lambda n: f"332601{2000 + n:04d}")
    nama = factory.Sequence(lambda n: f"Desa {n}")
    kecamatan_nama = "Wiradesa"


class DusunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dusun

    desa = factory.SubFactory(DesaFactory)
    nama = factory.Sequence(lambda n: f"Dusun {n}")


class RWFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RW

    dusun = factory.SubFactory(DusunFactory)
    desa = factory.SelfAttribute("dusun.desa")
    nomor = factory.Sequence(lambda n: f"{n % 999 + 1:03d}")


class RTFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RT

    rw = factory.SubFactory(RWFactory)
    desa = factory.SelfAttribute("rw.desa")
    nomor = factory.Sequence(lambda n: f"{n % 999 + 1:03d}")


class RumahFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rumah

    rt = factory.SubFactory(RTFactory)
    desa = factory.SelfAttribute("rt.desa")
    nomor = factory.Sequence(lambda n: str(n + 1))


class KeluargaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Keluarga

    rumah = factory.SubFactory(RumahFactory)
    desa = factory.SelfAttribute("rumah.desa")
    no_kk = factory.Sequence(lambda n: f"3326010101{n:06d}")


def nik_untuk(tanggal_lahir: dt.date, jenis_kelamin: str, serial: int) -> str:
    """A NIK whose digits 7–12 agree with the birth date and sex."""
    hari = tanggal_lahir.day + (40 if jenis_kelamin == "P" else 0)
    return f"332601{hari:02d}{tanggal_lahir:%m%y}{serial % 10000:04d}"


class AnggotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Anggota

    keluarga = factory.SubFactory(KeluargaFactory)
    desa = factory.SelfAttribute("keluarga.desa")
    nama = factory.Sequence(lambda n: f"Warga {n}")
    nama_normal = factory.LazyAttribute(lambda o: o.nama.lower())
    jenis_kelamin = kode.JenisKelamin.PEREMPUAN
    tanggal_lahir = dt.date(1990, 1, 1)
    hubungan = kode.HubunganKK.ANAK
    status_kawin = kode.StatusKawin.BELUM_KAWIN
    nik = factory.LazyAttributeSequence(lambda o, n: nik_untuk(o.tanggal_lahir, o.jenis_kelamin, n))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"pengguna{n}")
    password = factory.django.Password("rahasia-desa-123")


def persona(
    peran: str | None,
    *,
    desa=None,
    desa_list=(),
    kecamatan_kode="",
    kabupaten_kode="",
    rt=(),
    rw=(),
    dusun=(),
    username=None,
):
    """A user with one role (or none) and a scope."""
    user = UserFactory(**({"username": username} if username else {}))
    if peran:
        user.groups.add(Group.objects.get(name=peran))
    lingkup = Lingkup.objects.create(
        user=user, kecamatan_kode=kecamatan_kode, kabupaten_kode=kabupaten_kode
    )
    for d in ([desa] if desa else []) + list(desa_list):
        lingkup.desa.add(d)
    lingkup.rt.add(*rt)
    lingkup.rw.add(*rw)
    lingkup.dusun.add(*dusun)
    return user


# --- hand-built villages: people and their histories from ISO dates ----------------------------


def orang(kel, nama, jk, lahir, hubungan, kawin=kode.StatusKawin.KAWIN, **extra):
    """A member of family `kel` (married unless told otherwise)."""
    return AnggotaFactory(
        keluarga=kel,
        nama=nama,
        jenis_kelamin=jk,
        tanggal_lahir=dt.date.fromisoformat(lahir),
        hubungan=hubungan,
        status_kawin=kawin,
        **extra,
    )


def status_kb(a, mulai, metode=None, alasan=None, selesai=None, **extra):
    """A KB status of `a` (extra: baru, tempat_pelayanan, ...)."""
    return a.status_kb_set.create(
        metode=metode,
        alasan=alasan,
        mulai=dt.date.fromisoformat(mulai),
        selesai=dt.date.fromisoformat(selesai) if selesai else None,
        **extra,
    )


def hamil(ibu, mulai, selesai=None, hasil=""):
    """A pregnancy of `ibu`, open unless `selesai` is given."""
    return ibu.kehamilan_set.create(
        mulai=dt.date.fromisoformat(mulai),
        selesai=dt.date.fromisoformat(selesai) if selesai else None,
        hasil=hasil,
    )
