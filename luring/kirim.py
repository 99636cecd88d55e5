"""Records made offline on a phone, sent one by one (issue 20, "Offline work that is never lost").

Each record carries the id its phone made (`uuid`): a record whose id is already stored is
answered "sudah" and saved nothing, so a send repeated or cut in the middle saves it once. Before
saving, the record is checked against what changed on the server since the phone's copy
(conflicts per kind, as issue 20 says); a conflict is answered "konflik" with the reasons in
Indonesian and stays on the phone until the kader decides: send it anyway (`paksa`, and for a
posyandu session `lewati`: the children to leave out) or delete it from the phone. Writes go
through the existing services and access gate (same validation and messages).
"""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from keluarga import akses, kode
from keluarga import services as keluarga_services
from keluarga.akses import K
from keluarga.models import Anggota, Kehamilan, Keluarga, StatusKB
from luring.salinan import KONDISI_RUMAH, jejak_ibu
from poktan import akses as poktan_akses
from poktan import services as poktan_services
from poktan.models import Keanggotaan, Penimbangan, Pertemuan, Topik

JENIS = ("posyandu", "pertemuan", "kunjungan_kb", "kehamilan", "kelahiran", "keluarga")


class Konflik(Exception):
    """The server's data changed since the phone's copy: the kader decides."""

    def __init__(self, alasan: list[dict]):
        super().__init__(alasan)
        self.alasan = alasan


class Tidak(ValueError):
    """The record itself is malformed (not a kader's mistake the services would word)."""


def _uuid(nilai) -> uuidlib.UUID:
    try:
        return uuidlib.UUID(str(nilai))
    except (TypeError, ValueError) as e:
        raise Tidak(_("Data kiriman tidak lengkap (id catatan).")) from e


def _tanggal(nilai) -> dt.date:
    try:
        return dt.date.fromisoformat(str(nilai))
    except (TypeError, ValueError) as e:
        raise Tidak(_("Tanggal tidak terbaca.")) from e


def _angka(nilai) -> Decimal | None:
    if nilai in (None, ""):
        return None
    try:
        return Decimal(str(nilai).replace(",", "."))
    except InvalidOperation as e:
        raise Tidak(_("Angka tidak terbaca: %(n)s") % {"n": nilai}) from e


def _int(nilai) -> int:
    try:
        return int(nilai)
    except (TypeError, ValueError) as e:
        raise Tidak(_("Data kiriman tidak lengkap.")) from e


def sudah_tersimpan(jenis: str, u: uuidlib.UUID) -> bool:
    model = {
        "posyandu": Pertemuan,
        "pertemuan": Pertemuan,
        "kunjungan_kb": StatusKB,
        "kehamilan": Kehamilan,
        "kelahiran": Anggota,
        "keluarga": Keluarga,
    }[jenis]
    # _base_manager: a person since merged into another (keluarga.gabung) keeps the phone's id
    # and is out of Anggota.objects; sent again, it is still "saved once".
    return model._base_manager.filter(uuid_luring=u).exists()


def _topik(kelompok, data) -> tuple[Topik | None, str]:
    topik = None
    if data.get("topik"):
        topik = Topik.objects.filter(pk=_int(data["topik"]), jenis=kelompok.jenis).first()
    return topik, str(data.get("topik_lain") or "")[:200]


# --- per kind -----------------------------------------------------------------------------------


def _simpan_pertemuan(simpan, user, u, data, kelompok, tanggal, **rincian) -> Pertemuan:
    """Save a meeting or a posyandu session (`simpan`, with its `rincian`: hadir or baris) under
    the phone's uuid, with the topic and place sent."""
    topik, topik_lain = _topik(kelompok, data)
    pertemuan = Pertemuan(kelompok=kelompok, dicatat_oleh=user, uuid_luring=u)
    simpan(
        kelompok=kelompok,
        tanggal=tanggal,
        pertemuan=pertemuan,
        topik=topik,
        topik_lain=topik_lain,
        tempat=str(data.get("tempat") or "")[:150],
        oleh=user,
        **rincian,
    )
    return pertemuan


def _posyandu(user, u, data, paksa: bool):
    kelompok = poktan_akses.kelompok_untuk(
        user, _int(data.get("kelompok")), kemampuan=K.TULIS_POKTAN
    )
    tanggal = _tanggal(data.get("tanggal"))
    lewati = {int(x) for x in data.get("lewati") or []}
    baris, alasan = [], []
    for b in data.get("baris") or []:
        m = akses.ambil(
            Keanggotaan.objects.filter(kelompok=kelompok).select_related("anggota"),
            pk=_int(b.get("keanggotaan")),
        )
        if m.pk in lewati:
            continue
        berat = _angka(b.get("berat"))
        if berat is None:
            continue
        nama = m.nama_tampil
        masalah = []
        if m.selesai is not None and m.selesai <= tanggal:
            masalah.append(_("sudah keluar dari posyandu ini"))
        if m.anggota is not None and m.anggota.status_hidup != kode.StatusHidup.HIDUP:
            masalah.append(
                _("tercatat %(s)s") % {"s": kode.StatusHidup(m.anggota.status_hidup).label.lower()}
            )
        lain = Penimbangan.objects.filter(tanggal=tanggal).filter(
            **({"anggota": m.anggota} if m.anggota_id else {"anak_luar": m})
        )
        if lain.exists():
            masalah.append(_("sudah ditimbang pada tanggal itu"))
        if masalah and not paksa:
            alasan.append({"keanggotaan": m.pk, "nama": nama, "alasan": "; ".join(masalah)})
            continue
        baris.append(
            poktan_services.BarisTimbang(
                anggota=m.anggota,
                anak_luar=None if m.anggota_id else m,
                berat_kg=berat,
                tinggi_cm=_angka(b.get("tinggi")),
                cara_ukur=str(b.get("cara_ukur") or ""),
                kms=bool(b.get("kms")),
            )
        )
    if alasan:
        raise Konflik(alasan)
    return _simpan_pertemuan(
        poktan_services.simpan_sesi_posyandu, user, u, data, kelompok, tanggal, baris=baris
    )


def _pertemuan(user, u, data, paksa: bool):
    kelompok = poktan_akses.kelompok_untuk(
        user, _int(data.get("kelompok")), kemampuan=K.TULIS_POKTAN
    )
    tanggal = _tanggal(data.get("tanggal"))
    ids = [_int(x) for x in data.get("hadir") or []]
    hadir = list(Keanggotaan.objects.filter(kelompok=kelompok, pk__in=ids))
    if len(hadir) != len(set(ids)):
        raise Tidak(_("Sebagian anggota yang hadir tidak ditemukan di kelompok ini."))
    keluar = [m for m in hadir if not m.terbuka_pada(tanggal)]
    if keluar and not paksa:
        raise Konflik(
            [
                {"keanggotaan": m.pk, "nama": m.nama_tampil, "alasan": _("bukan anggota lagi")}
                for m in keluar
            ]
        )
    hadir = [m for m in hadir if m not in keluar]
    return _simpan_pertemuan(
        poktan_services.simpan_pertemuan, user, u, data, kelompok, tanggal, hadir=hadir
    )


def _kunjungan_kb(user, u, data, paksa: bool):
    anggota = akses.anggota_untuk(user, _int(data.get("anggota")), kemampuan=K.TULIS_KB)
    sekarang = StatusKB.objects.filter(anggota=anggota, selesai__isnull=True).first()
    dulu = data.get("status_id")
    if (sekarang.pk if sekarang else None) != (int(dulu) if dulu else None) and not paksa:
        label = ""
        if sekarang:
            label = (
                sekarang.get_metode_display() if sekarang.metode else sekarang.get_alasan_display()
            )
        raise Konflik(
            [
                {
                    "anggota": anggota.pk,
                    "nama": anggota.nama,
                    "alasan": _("status KB-nya sudah diubah di server (sekarang: %(s)s)")
                    % {"s": label or _("kosong")},
                }
            ]
        )
    kb = str(data.get("kode") or "")
    metode = kb if kb in kode.MetodeKB.values else None
    alasan = kb if kb in kode.AlasanTidakKB.values else None
    if not (metode or alasan):
        raise Tidak(_("Pilih metode KB atau alasan tidak ber-KB."))
    return keluarga_services.set_status_kb(
        anggota=anggota,
        mulai=_tanggal(data.get("mulai")),
        metode=metode,
        alasan=alasan,
        baru=bool(data.get("baru")) and metode is not None,
        uuid_luring=u,
    )


def _ibu(user, data, paksa: bool) -> Anggota:
    ibu = akses.anggota_untuk(user, _int(data.get("ibu")), kemampuan=K.TULIS_KELUARGA)
    if jejak_ibu(ibu) != data.get("jejak") and not paksa:
        raise Konflik(
            [
                {
                    "anggota": ibu.pk,
                    "nama": ibu.nama,
                    "alasan": _("data ibu ini sudah diubah di server sejak salinan diunduh"),
                }
            ]
        )
    return ibu


def _kehamilan(user, u, data, paksa: bool):
    ibu = _ibu(user, data, paksa)
    return keluarga_services.catat_kehamilan(
        ibu=ibu,
        hpht=_tanggal(data["hpht"]) if data.get("hpht") else None,
        hpl=_tanggal(data["hpl"]) if data.get("hpl") else None,
        uuid_luring=u,
    )


def _kelahiran(user, u, data, paksa: bool):
    ibu = _ibu(user, data, paksa)
    jk = str(data.get("jk") or "")
    if jk not in kode.JenisKelamin.values:
        raise Tidak(_("Pilih jenis kelamin bayi."))
    return keluarga_services.catat_kelahiran(
        ibu=ibu,
        keluarga=ibu.keluarga,
        tanggal=_tanggal(data.get("tanggal")),
        nama=str(data.get("nama") or "").strip()[:150],
        jenis_kelamin=jk,
        uuid_luring=u,
    )


def _keluarga(user, u, data, paksa: bool):
    keluarga = akses.keluarga_untuk(user, _int(data.get("keluarga")), kemampuan=K.TULIS_KELUARGA)
    versi = _int(data.get("versi"))
    if keluarga.versi != versi:
        if not paksa:
            raise Konflik(
                [
                    {
                        "keluarga": keluarga.pk,
                        "nama": _("Keluarga %(kk)s") % {"kk": akses.samarkan(keluarga.no_kk)},
                        "alasan": _(
                            "data keluarga ini sudah diubah di server sejak salinan diunduh"
                        ),
                    }
                ]
            )
        versi = keluarga.versi  # the kader chose to apply the change on the newer data
    for nama in KONDISI_RUMAH:
        if nama in (data.get("ubah") or {}):
            setattr(keluarga, nama, str(data["ubah"][nama] or ""))
    keluarga.uuid_luring = u
    rumah = keluarga.rumah
    keluarga_services.simpan_keluarga(
        keluarga=keluarga,
        rt=rumah.rt,
        nomor_rumah=rumah.nomor,
        alamat=rumah.alamat,
        lat=rumah.lat,
        lng=rumah.lng,
        versi=versi,
    )
    return keluarga


_PENULIS = {
    "posyandu": _posyandu,
    "pertemuan": _pertemuan,
    "kunjungan_kb": _kunjungan_kb,
    "kehamilan": _kehamilan,
    "kelahiran": _kelahiran,
    "keluarga": _keluarga,
}


def terima(user, catatan: dict) -> tuple[int, dict]:
    """Save one record from a phone: (HTTP status, answer). 201 saved, 200 already saved,
    409 conflict (reasons), 400 refused by validation (Indonesian messages)."""
    jenis = catatan.get("jenis")
    if jenis not in JENIS or not isinstance(catatan.get("data"), dict):
        return 400, {"status": "ditolak", "pesan": [_("Jenis catatan tidak dikenal.")]}
    try:
        u = _uuid(catatan.get("uuid"))
        paksa = bool(catatan.get("paksa"))
        with transaction.atomic():
            if sudah_tersimpan(jenis, u):
                return 200, {"status": "sudah"}
            obj = _PENULIS[jenis](user, u, catatan["data"], paksa)
    except IntegrityError:
        # The same record sent twice at once: the unique id let only one through.
        if sudah_tersimpan(jenis, u):
            return 200, {"status": "sudah"}
        raise
    except Konflik as k:
        return 409, {"status": "konflik", "alasan": k.alasan}
    except Tidak as e:
        return 400, {"status": "ditolak", "pesan": [str(e)]}
    except ValidationError as e:
        return 400, {"status": "ditolak", "pesan": e.messages}
    return 201, {"status": "tersimpan", "id": obj.pk}
