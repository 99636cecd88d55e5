"""Writes to family data: keyword-only, atomic, full_clean() before save, who acted recorded.

Views validate a form and call one of these; the importer and the demo seed use them too, so every
rule (a death ends KB status and pregnancy, a new KB status ends the previous one, ...) lives here.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from keluarga import ganda, kode
from keluarga.models import (
    RT,
    RW,
    Anggota,
    Desa,
    Dusun,
    Kehamilan,
    Keluarga,
    Penggabungan,
    Peristiwa,
    PindahRumah,
    Rumah,
    StatusKB,
)
from keluarga.validators import pesan_nik_terpakai

JP = kode.JenisPeristiwa


def _simpan(obj, *, exclude=None):
    obj.full_clean(exclude=exclude)
    obj.save()
    return obj


def catat_bulan_awal_data(desa: Desa, tanggal: dt.date) -> None:
    """The desa's first month of data is the month of its first entry or import."""
    awal = tanggal.replace(day=1)
    if desa.bulan_awal_data is None or awal < desa.bulan_awal_data:
        desa.bulan_awal_data = awal
        desa.save(update_fields=["bulan_awal_data"])


@transaction.atomic
def buat_rt(*, desa: Desa, dusun: str, rw: str, rt: str) -> RT:
    """Get or create dusun → RW → RT by name and number inside a desa."""
    dusun_obj, _c = Dusun.objects.get_or_create(desa=desa, nama=dusun.strip())
    rw_obj, _c = RW.objects.get_or_create(
        dusun=dusun_obj, nomor=rw.strip(), defaults={"desa": desa}
    )
    rt_obj, _c = RT.objects.get_or_create(rw=rw_obj, nomor=rt.strip(), defaults={"desa": desa})
    return rt_obj


@transaction.atomic
def buat_keluarga(
    *, rt: RT, no_kk: str, nomor_rumah: str = "", rumah: Rumah | None = None, **data
) -> Keluarga:
    """A family in a house (an existing one, or a new house with this number in the RT)."""
    if rumah is None:
        rumah = _simpan(Rumah(desa=rt.desa, rt=rt, nomor=nomor_rumah))
    keluarga = _simpan(Keluarga(desa=rt.desa, rumah=rumah, no_kk=no_kk, **data))
    return keluarga


@transaction.atomic
def tambah_anggota(*, keluarga: Keluarga, pada: dt.date | None = None, **data) -> Anggota:
    """Add a member; marks the desa's first month of data."""
    anggota = _simpan(Anggota(keluarga=keluarga, desa=keluarga.desa, **data))
    catat_bulan_awal_data(keluarga.desa, pada or timezone.localdate())
    ganda.segarkan_anggota(anggota)  # the likely-duplicate pairs of this person's blocks
    return anggota


def _peristiwa(
    *,
    anggota: Anggota,
    jenis: str,
    tanggal: dt.date,
    tanggal_lapor: dt.date | None,
    oleh=None,
    **extra,
) -> Peristiwa:
    return _simpan(
        Peristiwa(
            anggota=anggota,
            jenis=jenis,
            tanggal=tanggal,
            tanggal_lapor=tanggal_lapor or tanggal,
            dicatat_oleh=oleh,
            **extra,
        )
    )


def _akhiri_status_kb(anggota: Anggota, tanggal: dt.date) -> None:
    # Saved one by one (not .update()) so each end lands in the change history.
    for s in StatusKB.objects.filter(anggota=anggota, mulai__lte=tanggal, selesai__isnull=True):
        s.selesai = tanggal
        s.save(update_fields=["selesai"])


def _akhiri_kehamilan_terbuka(ibu: Anggota, tanggal: dt.date, hasil: str) -> None:
    for k in Kehamilan.objects.filter(ibu=ibu, selesai__isnull=True, mulai__lte=tanggal):
        k.selesai, k.hasil = tanggal, hasil
        k.save(update_fields=["selesai", "hasil"])


@transaction.atomic
def catat_kelahiran(
    *,
    ibu: Anggota | None,
    keluarga: Keluarga,
    tanggal: dt.date,
    tanggal_lapor: dt.date | None = None,
    oleh=None,
    **data,
) -> Anggota:
    """A birth: creates the child linked to the mother and family and ends her pregnancy."""
    anak = tambah_anggota(
        keluarga=keluarga,
        ibu=ibu,
        tanggal_lahir=tanggal,
        pada=tanggal,
        **{"hubungan": kode.HubunganKK.ANAK, "status_kawin": kode.StatusKawin.BELUM_KAWIN, **data},
    )
    _peristiwa(
        anggota=anak, jenis=JP.LAHIR, tanggal=tanggal, tanggal_lapor=tanggal_lapor, oleh=oleh
    )
    if ibu is not None:
        _akhiri_kehamilan_terbuka(ibu, tanggal, kode.HasilKehamilan.LAHIR)
    return anak


@transaction.atomic
def kelahiran_tercatat(
    *, anak: Anggota, keluarga: Keluarga, ibu: Anggota | None, tanggal: dt.date, oleh=None
) -> Anggota:
    """A birth whose child is already recorded (at the door, issue 19: say, entered at the
    posyandu without a NIK): nothing is created. The child is moved into this family when
    recorded in another one, gets the mother when it had none, and her pregnancy ends."""
    if anak.keluarga_id != keluarga.pk:
        pindah_keluarga(
            anggota=anak,
            keluarga=keluarga,
            tanggal=tanggal,
            hubungan=kode.HubunganKK.ANAK,
            oleh=oleh,
        )
    if ibu is not None:
        if anak.ibu_id is None:
            anak.ibu = ibu
            anak.full_clean()
            anak.save(update_fields=["ibu", "diubah"])
        _akhiri_kehamilan_terbuka(ibu, tanggal, kode.HasilKehamilan.LAHIR)
    return anak


@transaction.atomic
def catat_kematian(
    *,
    anggota: Anggota,
    tanggal: dt.date,
    tanggal_lapor: dt.date | None = None,
    oleh=None,
    pasangan_cerai_mati: Anggota | None = None,
) -> Peristiwa:
    """A death ends KB status and pregnancy; the spouse may be set to Cerai mati on the same date."""
    if anggota.status_hidup != kode.StatusHidup.HIDUP:
        raise ValidationError(
            _("%(nama)s tidak tercatat hidup di desa ini.") % {"nama": anggota.nama}
        )
    p = _peristiwa(
        anggota=anggota, jenis=JP.MENINGGAL, tanggal=tanggal, tanggal_lapor=tanggal_lapor, oleh=oleh
    )
    _akhiri_status_kb(anggota, tanggal)
    _akhiri_kehamilan_terbuka(anggota, tanggal, kode.HasilKehamilan.LAINNYA)
    anggota.status_hidup = kode.StatusHidup.MENINGGAL
    anggota.save(update_fields=["status_hidup", "diubah"])
    ganda.segarkan_anggota(anggota)  # no longer matched: their open pairs go
    if pasangan_cerai_mati is not None:
        ubah_status_kawin(
            anggota=pasangan_cerai_mati,
            status=kode.StatusKawin.CERAI_MATI,
            tanggal=tanggal,
            oleh=oleh,
        )
    return p


@transaction.atomic
def catat_pindah_keluar(
    *,
    anggota: Anggota,
    tanggal: dt.date,
    tanggal_lapor: dt.date | None = None,
    oleh=None,
    keterangan: str = "",
) -> Peristiwa:
    if anggota.status_hidup != kode.StatusHidup.HIDUP:
        raise ValidationError(
            _("%(nama)s tidak tercatat tinggal di desa ini.") % {"nama": anggota.nama}
        )
    p = _peristiwa(
        anggota=anggota,
        jenis=JP.PINDAH_KELUAR,
        tanggal=tanggal,
        tanggal_lapor=tanggal_lapor,
        oleh=oleh,
        keterangan=keterangan,
    )
    anggota.status_hidup = kode.StatusHidup.PINDAH
    anggota.save(update_fields=["status_hidup", "diubah"])
    ganda.segarkan_anggota(anggota)
    return p


@transaction.atomic
def catat_datang(
    *,
    keluarga: Keluarga,
    tanggal: dt.date,
    tanggal_lapor: dt.date | None = None,
    oleh=None,
    nik: str | None = None,
    **data,
) -> Anggota:
    """A move in. A NIK that matches a person who moved out brings that person back."""
    kembali = Anggota.objects.filter(nik=nik).first() if nik else None
    if kembali is not None:
        if kembali.desa_id != keluarga.desa_id:
            # Someone of another desa: say nothing about them (name, status, village).
            raise ValidationError({"nik": pesan_nik_terpakai()})
        if kembali.status_hidup == kode.StatusHidup.HIDUP:
            raise ValidationError(
                {"nik": _("NIK %(nik)s sudah tercatat tinggal di desa ini.") % {"nik": nik}}
            )
        if kembali.status_hidup == kode.StatusHidup.MENINGGAL:
            raise ValidationError(
                {"nik": _("NIK %(nik)s tercatat sudah meninggal.") % {"nik": nik}}
            )
        if kembali.keluarga_id != keluarga.pk:
            pindah_keluarga(anggota=kembali, keluarga=keluarga, tanggal=tanggal, oleh=oleh)
        kembali.status_hidup = kode.StatusHidup.HIDUP
        kembali.save(update_fields=["status_hidup", "diubah"])
        ganda.segarkan_anggota(kembali)
        anggota = kembali
    else:
        anggota = tambah_anggota(keluarga=keluarga, nik=nik, pada=tanggal, **data)
    _peristiwa(
        anggota=anggota, jenis=JP.DATANG, tanggal=tanggal, tanggal_lapor=tanggal_lapor, oleh=oleh
    )
    return anggota


@transaction.atomic
def ubah_status_kawin(
    *,
    anggota: Anggota,
    status: str,
    tanggal: dt.date,
    tanggal_lapor: dt.date | None = None,
    oleh=None,
) -> Peristiwa:
    """A dated change of marital status (kawin, cerai hidup, cerai mati)."""
    jenis = {v: k for k, v in kode.PERISTIWA_STATUS_KAWIN.items()}.get(status)
    if jenis is None:
        raise ValidationError(
            {"status_kawin": _("Status perkawinan ini tidak bisa dicatat sebagai peristiwa.")}
        )
    p = _peristiwa(
        anggota=anggota,
        jenis=jenis,
        tanggal=tanggal,
        tanggal_lapor=tanggal_lapor,
        oleh=oleh,
        status_kawin_lama=anggota.status_kawin,
    )
    anggota.status_kawin = status
    anggota.save(update_fields=["status_kawin", "diubah"])
    return p


@transaction.atomic
def pindah_keluarga(
    *,
    anggota: Anggota,
    keluarga: Keluarga,
    tanggal: dt.date,
    oleh=None,
    hubungan: str | None = None,
) -> Peristiwa:
    """Move a member to another family, dated (their family on earlier dates stays the old one)."""
    if keluarga.pk == anggota.keluarga_id:
        raise ValidationError({"keluarga": _("Anggota sudah berada di keluarga ini.")})
    if keluarga.desa_id != anggota.desa_id:
        raise ValidationError({"keluarga": _("Pindah ke desa lain dicatat sebagai pindah keluar.")})
    p = _peristiwa(
        anggota=anggota,
        jenis=JP.PINDAH_KK,
        tanggal=tanggal,
        tanggal_lapor=None,
        oleh=oleh,
        keluarga_asal=anggota.keluarga,
        keluarga_tujuan=keluarga,
    )
    anggota.keluarga = keluarga
    fields = ["keluarga", "diubah"]
    if hubungan:
        anggota.hubungan = hubungan
        fields.append("hubungan")
    anggota.full_clean()
    anggota.save(update_fields=fields)
    return p


@transaction.atomic
def pindah_rumah(
    *, keluarga: Keluarga, rumah: Rumah, tanggal: dt.date, tanggal_lapor: dt.date | None = None
) -> PindahRumah:
    """Move a family to another house (and so RT), dated."""
    pindah = _simpan(
        PindahRumah(
            keluarga=keluarga,
            rumah_asal=keluarga.rumah,
            rumah_tujuan=rumah,
            tanggal=tanggal,
            tanggal_lapor=tanggal_lapor or tanggal,
        )
    )
    keluarga.rumah = rumah
    keluarga.save(update_fields=["rumah", "diubah"])
    return pindah


@transaction.atomic
def catat_kehamilan(
    *,
    ibu: Anggota,
    hpht: dt.date | None = None,
    hpl: dt.date | None = None,
    mulai: dt.date | None = None,
    sumber: str = kode.SumberData.ENTRI,
    uuid_luring=None,
) -> Kehamilan:
    """A pregnancy; `uuid_luring` is the id a phone made for it offline (luring/)."""
    if Kehamilan.objects.filter(ibu=ibu, selesai__isnull=True).exists():
        raise ValidationError(
            _("%(nama)s masih punya kehamilan yang belum berakhir.") % {"nama": ibu.nama}
        )
    return _simpan(
        Kehamilan(ibu=ibu, hpht=hpht, hpl=hpl, mulai=mulai, sumber=sumber, uuid_luring=uuid_luring)
    )


@transaction.atomic
def akhiri_kehamilan(*, kehamilan: Kehamilan, tanggal: dt.date, hasil: str) -> Kehamilan:
    kehamilan.selesai, kehamilan.hasil = tanggal, hasil
    return _simpan(kehamilan)


@transaction.atomic
def set_status_kb(
    *,
    anggota: Anggota,
    mulai: dt.date,
    metode: str | None = None,
    alasan: str | None = None,
    baru: bool = False,
    tempat_pelayanan: str = "",
    sumber: str = kode.SumberData.ENTRI,
    niat: str | None = None,
    uuid_luring=None,
) -> StatusKB:
    """A new KB status (method or reason); the previous open status ends on its start date.
    `niat` is the fertility intention of a MAL or traditional user (kode.METODE_NIAT);
    `uuid_luring` the id a phone made for it offline (luring/)."""
    if anggota.status_hidup == kode.StatusHidup.MENINGGAL:
        raise ValidationError(_("Status KB tidak bisa dicatat untuk orang yang sudah meninggal."))
    if sumber == kode.SumberData.IMPOR:
        baru = False  # an import does not know whether the method was new
    baru_status = StatusKB(
        anggota=anggota,
        metode=metode or None,
        alasan=alasan or None,
        niat=(niat or None) if metode in kode.METODE_NIAT else None,
        mulai=mulai,
        baru=baru,
        tempat_pelayanan=tempat_pelayanan,
        sumber=sumber,
        uuid_luring=uuid_luring,
    )
    baru_status.full_clean()
    lama = StatusKB.objects.filter(anggota=anggota, selesai__isnull=True)
    if lama.filter(mulai__gt=mulai).exists():
        raise ValidationError({"mulai": _("Sudah ada status KB yang mulai setelah tanggal ini.")})
    _akhiri_status_kb(anggota, mulai)
    baru_status.save()
    return baru_status


def tandai_diverifikasi(*, keluarga: Keluarga, tanggal: dt.date | None = None) -> None:
    keluarga.terakhir_diverifikasi = tanggal or timezone.localdate()
    keluarga.save(update_fields=["terakhir_diverifikasi", "diubah"])


class KonflikEdit(ValidationError):
    """Someone else saved this family after the editor opened it: nothing is overwritten."""


def kunci_versi(*, keluarga: Keluarga, versi: int | None) -> None:
    """Bump the family's version if it is still `versi`; else refuse (no lost updates)."""
    if versi is None:
        raise KonflikEdit(_("Formulir tidak lengkap (versi data hilang). Muat ulang halaman."))
    n = Keluarga.objects.filter(pk=keluarga.pk, versi=versi).update(versi=F("versi") + 1)
    if n == 0:
        raise KonflikEdit(
            _(
                "Data keluarga ini sudah diubah orang lain sejak Anda membukanya. "
                "Muat ulang halaman untuk melihat data terbaru, lalu ulangi perubahan Anda."
            )
        )
    keluarga.versi = versi + 1


@transaction.atomic
def dengan_versi(aksi, *, keluarga: Keluarga, versi: int | None, **kwargs):
    """Run a write on a family's data only if nobody saved the family since `versi`."""
    kunci_versi(keluarga=keluarga, versi=versi)
    return aksi(**kwargs)


def _rumah_untuk(*, keluarga: Keluarga | None, rt: RT, nomor: str, alamat: str, lat, lng) -> Rumah:
    """The family's house: corrected in place when it lives there alone, else found or made."""
    rumah = keluarga.rumah if keluarga is not None and keluarga.rumah_id else None
    if rumah is not None and rumah.keluarga_set.exclude(pk=keluarga.pk).exists():
        if (rumah.rt_id, rumah.nomor) == (rt.pk, nomor):
            return rumah  # a shared house keeps its data; edit it from the house itself
        rumah = None
    if rumah is None and nomor:
        rumah = Rumah.objects.filter(rt=rt, nomor=nomor).first()
        if rumah is not None:
            return rumah
    if rumah is None:
        rumah = Rumah(desa=rt.desa, rt=rt)
    rumah.rt, rumah.desa, rumah.nomor, rumah.alamat, rumah.lat, rumah.lng = (
        rt,
        rt.desa,
        nomor,
        alamat,
        lat,
        lng,
    )
    return _simpan(rumah)


@transaction.atomic
def simpan_keluarga(
    *,
    keluarga: Keluarga,
    rt: RT,
    nomor_rumah: str = "",
    alamat: str = "",
    lat=None,
    lng=None,
    anggota_simpan: list[Anggota] = (),
    anggota_hapus: list[Anggota] = (),
    anggota_pindah: list[tuple[Anggota, str]] = (),
    versi: int | None = None,
    oleh=None,
) -> Keluarga:
    """Create or edit a family, its house and its members in one transaction.

    `anggota_pindah`: (person, relationship) pairs of people already recorded that the form's new
    rows turned out to be (at the door, issue 19): moved into this family today, not created."""
    if keluarga.pk:
        kunci_versi(keluarga=keluarga, versi=versi)
    keluarga.rumah = _rumah_untuk(
        keluarga=keluarga if keluarga.pk else None,
        rt=rt,
        nomor=nomor_rumah,
        alamat=alamat,
        lat=lat,
        lng=lng,
    )
    keluarga.desa = rt.desa
    _simpan(keluarga)
    for a in anggota_hapus:
        if (
            a.peristiwa_set.exists()
            or a.status_kb_set.exists()
            or a.kehamilan_set.exists()
            or a.anak_set.exists()
            # A merge of two records of one person (keluarga.gabung) points at it.
            or Penggabungan.objects.filter(Q(penyintas=a) | Q(digabung=a)).exists()
        ):
            raise ValidationError(
                _(
                    "%(nama)s punya riwayat (peristiwa, KB, kehamilan, anak atau penggabungan) "
                    "dan tidak bisa dihapus; "
                    "catat peristiwa pindah atau meninggal."
                )
                % {"nama": a.nama}
            )
        a.delete()
    for a in anggota_simpan:
        a.keluarga, a.desa = keluarga, keluarga.desa
        _simpan(a)
    for a, hubungan in anggota_pindah:
        if a.keluarga_id == keluarga.pk:
            continue  # already a member: nothing to create or move
        if a.desa_id != keluarga.desa_id:
            raise ValidationError(
                _(
                    "%(nama)s tercatat di desa lain; pindahnya dicatat sebagai pindah keluar di "
                    "desa itu, lalu datang di sini."
                )
                % {"nama": a.nama}
            )
        pindah_keluarga(
            anggota=a, keluarga=keluarga, tanggal=timezone.localdate(), hubungan=hubungan, oleh=oleh
        )
    if anggota_simpan:  # the likely-duplicate pairs of these people's blocks
        ganda.segarkan(keluarga.desa_id, anggota_ids=[a.pk for a in anggota_simpan])
    catat_bulan_awal_data(keluarga.desa, timezone.localdate())
    return keluarga
