"""Writes of the Kampung KB: keyword-only, atomic, full_clean() before save, who acted recorded.

Views validate a form and call one of these. Records edited by several people (the profile, an
activity, the minutes) carry a version: a save based on an old version is refused, not merged.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kampungkb import kode
from kampungkb.foto import periksa_foto
from kampungkb.models import (
    AnggotaPokja,
    FotoKegiatan,
    Kegiatan,
    PotensiDesa,
    ProfilKampungKB,
    RapatDetail,
    RumahDataKu,
    SasaranKegiatan,
)
from kampungkb.rapat import susun_agenda
from kampungkb.wilayah import rt_kegiatan, urai_pilihan
from keluarga.models import RT, RW, Desa, Dusun
from laporan.models import DaftarTersimpan, PeriodeBulan, RapatBulanan
from laporan.services import periksa_bulan


class KonflikEdit(ValidationError):
    """Someone else saved the record since this form was opened."""


def _simpan(obj, *, exclude=None):
    obj.full_clean(exclude=exclude)
    obj.save()
    return obj


def _kunci_versi(model, obj, versi: int | None) -> None:
    """Bump the record's version if it is still `versi`; else refuse (no lost updates)."""
    if obj.pk is None:
        return
    if versi is None:
        raise KonflikEdit(_("Formulir tidak lengkap (versi data hilang). Muat ulang halaman."))
    if not model.objects.filter(pk=obj.pk, versi=versi).update(versi=F("versi") + 1):
        raise KonflikEdit(
            _(
                "Data ini sudah diubah orang lain sejak Anda membukanya. Muat ulang halaman "
                "untuk melihat data terbaru, lalu ulangi perubahan Anda."
            )
        )
    obj.versi = versi + 1


# --- profile, pokja, potential ------------------------------------------------------------------


def _wilayah_desa(desa: Desa, pilihan: list[str]) -> dict[str, list]:
    """Split "dusun:1", "rw:2", "rt:3" choices into objects of this desa (others refused)."""
    hasil: dict[str, list] = {"dusun": [], "rw": [], "rt": []}
    for p in pilihan:
        jenis, pk = urai_pilihan(p)
        if jenis in hasil:
            hasil[jenis].append(pk)
    model = {"dusun": Dusun, "rw": RW, "rt": RT}
    obj = {j: list(model[j].objects.filter(desa=desa, pk__in=ids)) for j, ids in hasil.items()}
    if sum(len(v) for v in obj.values()) != sum(len(v) for v in hasil.values()):
        raise ValidationError({"wilayah": _("Wilayah harus di desa ini.")})
    return obj


@transaction.atomic
def simpan_profil(
    *, desa: Desa, data: dict, wilayah: list[str], oleh, versi: int | None
) -> ProfilKampungKB:
    """Create or update the desa's Kampung KB profile and its area."""
    profil = ProfilKampungKB.objects.filter(desa=desa).first() or ProfilKampungKB(desa=desa)
    _kunci_versi(ProfilKampungKB, profil, versi)
    for k, v in data.items():
        setattr(profil, k, v)
    profil.diubah_oleh = oleh
    bagian = _wilayah_desa(desa, wilayah)
    if profil.cakupan == kode.Cakupan.SEBAGIAN and not any(bagian.values()):
        raise ValidationError({"wilayah": _("Pilih dusun, RW atau RT yang termasuk Kampung KB.")})
    if profil.cakupan == kode.Cakupan.DESA:
        bagian = {"dusun": [], "rw": [], "rt": []}
    _simpan(profil)
    profil.cakupan_dusun.set(bagian["dusun"])
    profil.cakupan_rw.set(bagian["rw"])
    profil.cakupan_rt.set(bagian["rt"])
    return profil


# The Kampung KB portal takes at most five photos per activity (before/after pairs allowed).
FOTO_MAKS = 5


@transaction.atomic
def simpan_rumah_dataku(*, desa: Desa, data: dict, oleh) -> RumahDataKu:
    """Create or update the desa's Rumah DataKu profile."""
    rdk = RumahDataKu.objects.filter(desa=desa).first() or RumahDataKu(desa=desa)
    for k, v in data.items():
        setattr(rdk, k, v)
    rdk.diubah_oleh = oleh
    rdk._history_user = oleh
    return _simpan(rdk)


@transaction.atomic
def simpan_pokja(
    *, profil: ProfilKampungKB, data: dict, oleh, anggota: AnggotaPokja | None = None
) -> AnggotaPokja:
    """Add a pokja member, or change one."""
    anggota = anggota or AnggotaPokja(profil=profil)
    for k, v in data.items():
        setattr(anggota, k, v)
    anggota._history_user = oleh
    return _simpan(anggota)


@transaction.atomic
def hapus_pokja(*, anggota: AnggotaPokja, oleh) -> None:
    anggota._history_user = oleh
    anggota.delete()


@transaction.atomic
def simpan_potensi(*, desa: Desa, tahun: int, data: dict, oleh) -> PotensiDesa:
    """Create or update the desa's village potential of a year."""
    potensi = PotensiDesa.objects.filter(desa=desa, tahun=tahun).first()
    potensi = potensi or PotensiDesa(desa=desa, tahun=tahun)
    for k, v in data.items():
        setattr(potensi, k, v)
    potensi.diubah_oleh = oleh
    return _simpan(potensi)


# --- activities ---------------------------------------------------------------------------------


def _atur_wilayah(kegiatan: Kegiatan, pilihan: str, rt_boleh: list[int] | None) -> None:
    jenis, pk = urai_pilihan(pilihan)
    kegiatan.dusun_id = pk if jenis == "dusun" else None
    kegiatan.rw_id = pk if jenis == "rw" else None
    kegiatan.rt_id = pk if jenis == "rt" else None
    if rt_boleh is not None:
        if jenis == "desa" or not set(rt_kegiatan(kegiatan)) <= set(rt_boleh):
            raise ValidationError({"wilayah": _("Wilayah kegiatan harus di dalam wilayah Anda.")})


@transaction.atomic
def rencanakan_kegiatan(
    *,
    desa: Desa,
    data: dict,
    wilayah: str,
    oleh,
    daftar: DaftarTersimpan | None = None,
    rt_boleh: list[int] | None = None,
) -> Kegiatan:
    """Plan an activity; with a saved name list, its rows inside the area become the targets.

    `rt_boleh` is a kader's RTs: the area must lie inside them.
    """
    kegiatan = Kegiatan(desa=desa, dibuat_oleh=oleh, status=kode.StatusKegiatan.RENCANA)
    data = dict(data)
    instansi = data.pop("instansi", None)
    for k, v in data.items():
        setattr(kegiatan, k, v)
    _atur_wilayah(kegiatan, wilayah, rt_boleh)
    if daftar is not None:
        if daftar.desa_id != desa.pk:
            raise ValidationError(_("Daftar sasaran harus dari desa ini."))
        kegiatan.daftar, kegiatan.jenis_daftar = daftar, daftar.jenis
    kegiatan._history_user = oleh
    _simpan(kegiatan)
    if instansi is not None:
        kegiatan.instansi.set(instansi)
    if daftar is not None:
        item = daftar.item_set.filter(keluarga__rumah__rt_id__in=rt_kegiatan(kegiatan))
        SasaranKegiatan.objects.bulk_create(
            [
                SasaranKegiatan(
                    kegiatan=kegiatan, keluarga_id=i.keluarga_id, anggota_id=i.anggota_id
                )
                for i in item.order_by("pk")
            ]
        )
    return kegiatan


@transaction.atomic
def ubah_kegiatan(
    *,
    kegiatan: Kegiatan,
    data: dict,
    wilayah: str,
    oleh,
    versi: int | None,
    rt_boleh: list[int] | None = None,
) -> Kegiatan:
    """Change an activity's plan (its targets stay as copied when it was planned)."""
    _kunci_versi(Kegiatan, kegiatan, versi)
    data = dict(data)
    instansi = data.pop("instansi", None)
    for k, v in data.items():
        setattr(kegiatan, k, v)
    _atur_wilayah(kegiatan, wilayah, rt_boleh)
    kegiatan._history_user = oleh
    _simpan(kegiatan)
    if instansi is not None:
        kegiatan.instansi.set(instansi)
    return kegiatan


@transaction.atomic
def catat_realisasi(
    *,
    kegiatan: Kegiatan,
    status: str,
    tanggal_realisasi: dt.date | None,
    jumlah_hadir: int | None,
    catatan_realisasi: str,
    oleh,
    versi: int | None,
) -> Kegiatan:
    """Record whether and when the activity took place, and how it went."""
    _kunci_versi(Kegiatan, kegiatan, versi)
    if tanggal_realisasi and tanggal_realisasi > timezone.localdate():
        raise ValidationError({"tanggal_realisasi": _("Tanggal pelaksanaan belum terjadi.")})
    kegiatan.status = status
    kegiatan.tanggal_realisasi = tanggal_realisasi
    kegiatan.jumlah_hadir = jumlah_hadir
    kegiatan.catatan_realisasi = catatan_realisasi
    kegiatan._history_user = oleh
    return _simpan(kegiatan)


@transaction.atomic
def centang_sasaran(
    *, kegiatan: Kegiatan, boleh: QuerySet[SasaranKegiatan], dicapai: set[int], oleh
) -> int:
    """Tick who was reached among the targets this user may tick (`boleh`); returns how many.

    Targets outside `boleh` are refused, not ignored, and left as they were.
    """
    if kegiatan.status != kode.StatusKegiatan.TERLAKSANA:
        raise ValidationError(_("Catat dulu pelaksanaan kegiatan, baru centang sasaran."))
    baris = {s.pk: s for s in boleh.filter(kegiatan=kegiatan).select_for_update()}
    if set(dicapai) - set(baris):
        raise ValidationError(_("Ada sasaran di luar wilayah Anda; tidak ada yang disimpan."))
    sekarang = timezone.now()
    for pk, s in baris.items():
        nilai = pk in dicapai
        if s.dicapai != nilai:
            s.dicapai, s.dicentang_oleh, s.dicentang_pada = nilai, oleh, sekarang
            s._history_user = oleh
            s.save(update_fields=["dicapai", "dicentang_oleh", "dicentang_pada"])
    return sum(1 for pk in baris if pk in dicapai)


@transaction.atomic
def unggah_foto(*, kegiatan: Kegiatan, berkas, keterangan: str, oleh) -> FotoKegiatan:
    """Store a checked photo under MEDIA_ROOT (see kampungkb.foto for the checks); at most
    FOTO_MAKS per activity, the portal's limit (OFFICIAL.md §2)."""
    if FotoKegiatan.objects.filter(kegiatan=kegiatan).count() >= FOTO_MAKS:
        raise ValidationError(
            _("Paling banyak %(n)s foto per kegiatan (batas portal Kampung KB).") % {"n": FOTO_MAKS}
        )
    bersih, mime = periksa_foto(berkas)
    foto = FotoKegiatan(
        kegiatan=kegiatan,
        jenis_mime=mime,
        ukuran=bersih.size,
        keterangan=keterangan,
        diunggah_oleh=oleh,
    )
    foto.full_clean(exclude=["berkas"])
    foto.berkas.save(bersih.name, bersih, save=False)
    nama, storage = foto.berkas.name, foto.berkas.storage
    try:
        foto.save()
    except Exception:
        storage.delete(nama)
        raise
    return foto


@transaction.atomic
def hapus_foto(*, foto: FotoKegiatan, oleh) -> None:
    storage, nama = foto.berkas.storage, foto.berkas.name
    foto.delete()
    transaction.on_commit(lambda: storage.delete(nama))


# --- the meeting --------------------------------------------------------------------------------

KOLOM_RAPAT = ("tanggal", "tempat", "peserta")


@transaction.atomic
def simpan_rapat(
    *, desa: Desa, tahun: int, bulan: int, data: dict, oleh, versi: int | None
) -> RapatDetail:
    """Record the month's meeting: date, place, attendees (laporan.RapatBulanan) and minutes.

    Once the month is closed, its date, place and attendees stay as recorded at the close.
    The agenda generated from the month is kept with the first save.
    """
    periksa_bulan(desa, tahun, bulan)
    periode, _c = PeriodeBulan.objects.get_or_create(desa=desa, bulan=dt.date(tahun, bulan, 1))
    periode = PeriodeBulan.objects.select_for_update().get(pk=periode.pk)
    rapat = RapatBulanan.objects.filter(periode=periode).first()
    ditutup = periode.status == PeriodeBulan.Status.DITUTUP
    if rapat is None or not ditutup:
        rapat = rapat or RapatBulanan(periode=periode)
        for k in KOLOM_RAPAT:
            setattr(rapat, k, data[k])
        _simpan(rapat)
    detail = RapatDetail.objects.filter(rapat=rapat).first() or RapatDetail(rapat=rapat)
    _kunci_versi(RapatDetail, detail, versi)
    for k, v in data.items():
        if k not in KOLOM_RAPAT:
            setattr(detail, k, v)
    if detail.agenda is None:
        detail.agenda = susun_agenda(desa, tahun, bulan)
    detail.diubah_oleh = oleh
    detail._history_user = oleh
    return _simpan(detail)


@transaction.atomic
def susun_ulang_agenda(*, detail: RapatDetail, oleh) -> RapatDetail:
    """Regenerate the stored agenda from today's data (closed months stay their snapshot)."""
    periode = detail.rapat.periode
    detail.agenda = susun_agenda(periode.desa, periode.bulan.year, periode.bulan.month)
    detail.diubah_oleh = oleh
    detail._history_user = oleh
    detail.save(update_fields=["agenda", "diubah_oleh", "diubah"])
    return detail
