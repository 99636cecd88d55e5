"""Writes of the family-assistance records: keyword-only, atomic, full_clean() before save."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from keluarga import kode as kk
from keluarga.models import Anggota
from pendampingan import kode
from pendampingan.models import Catin, Kunjungan, Rujukan, Skrining, TimPendamping


def _simpan(obj):
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def catat_catin(*, oleh=None, **data) -> Catin:
    return _simpan(Catin(dicatat_oleh=oleh, **data))


@transaction.atomic
def catat_skrining(*, catin: Catin, **data) -> Skrining:
    return _simpan(Skrining(catin=catin, **data))


@transaction.atomic
def catat_kunjungan(*, sasaran: str, oleh=None, **data) -> Kunjungan:
    return _simpan(Kunjungan(sasaran=sasaran, dicatat_oleh=oleh, **data))


def kandidat_anggota(catin: Catin):
    """Members offered as the bride's record after the wedding: same NIK, or same normalised
    name and birth date (in her desa, women). A person confirms the link (``tautkan_catin``)."""
    from keluarga.models.keluarga import normalisasi_nama

    q = Q(nama_normal=normalisasi_nama(catin.nama), tanggal_lahir=catin.tanggal_lahir)
    if catin.nik:
        q |= Q(nik=catin.nik)
    return (
        Anggota.objects.filter(q, desa=catin.desa, jenis_kelamin=kk.JenisKelamin.PEREMPUAN)
        .select_related("keluarga")
        .order_by("nama", "pk")
    )


@transaction.atomic
def tautkan_catin(*, catin: Catin, anggota: Anggota, tanggal_nikah: dt.date) -> Catin:
    """Record the wedding: the entry links to her member record (confirmed by the user) and
    closes. A screening dated after the wedding would then be refused, so an existing one is."""
    if anggota not in kandidat_anggota(catin):
        raise ValidationError(_("Data anggota ini tidak cocok dengan calon pengantin."))
    if catin.skrining_set.filter(tanggal__gt=tanggal_nikah).exists():
        raise ValidationError(
            {"tanggal_nikah": _("Ada skrining setelah tanggal ini; periksa tanggal nikah.")}
        )
    catin.anggota, catin.tanggal_nikah = anggota, tanggal_nikah
    return _simpan(catin)


@transaction.atomic
def catat_rujukan(*, anak: Anggota, oleh=None, **data) -> Rujukan:
    """A child's referral; refused while an earlier one is open (one open referral per child)."""
    if Rujukan.objects.filter(anak=anak, selesai__isnull=True).exists():
        raise ValidationError(_("Anak ini masih punya rujukan yang belum selesai."))
    return _simpan(Rujukan(anak=anak, dicatat_oleh=oleh, **data))


@transaction.atomic
def ubah_rujukan(*, rujukan: Rujukan, **data) -> Rujukan:
    for k, v in data.items():
        setattr(rujukan, k, v)
    return _simpan(rujukan)


@transaction.atomic
def simpan_tim(*, tim: TimPendamping, rt, anggota) -> TimPendamping:
    """A team's area and members: RTs of its desa, users with the Kader role there."""
    from pendampingan.akses import pengguna_kader

    if any(r.desa_id != tim.desa_id for r in rt):
        raise ValidationError(_("Wilayah tim harus di desa ini."))
    boleh = set(pengguna_kader(tim.desa).values_list("pk", flat=True))
    if any(u.pk not in boleh for u in anggota):
        raise ValidationError(_("Anggota tim harus pengguna berperan Kader di desa ini."))
    _simpan(tim)
    tim.rt.set(rt)
    tim.anggota.set(anggota)
    return tim


SASARAN_ANAK = (kode.Sasaran.BADUTA, kode.Sasaran.BALITA)
