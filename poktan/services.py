"""Writes to poktan data: keyword-only, atomic, full_clean() before save, who acted recorded.

Views validate a form and call one of these. Weighings are saved only through
``catat_penimbangan``, which stores the age, z-scores, flags and Permenkes classes computed by
poktan.antropometri, so a stored weighing never disagrees with its measurement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from keluarga import akses
from keluarga.akses import Peran
from keluarga.models import RW, Anggota, Dusun, Keluarga
from poktan import antropometri as antro
from poktan import register as reg
from poktan.kode import CaraUkur, HasilKka, JabatanPengurus, JenisKelompok
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
    Topik,
)


def _simpan(obj, *, exclude=None):
    obj.full_clean(exclude=exclude)
    obj.save()
    return obj


class KonflikEdit(ValidationError):
    """Someone else saved the meeting since this page was opened."""


# --- groups and members ------------------------------------------------------------------------


@transaction.atomic
def simpan_kelompok(
    *,
    kelompok: Kelompok,
    wilayah_dusun: Iterable[Dusun] = (),
    wilayah_rw: Iterable[RW] = (),
    kader: Iterable | None = None,
    pengurus: list[tuple[str, str]] | None = None,
) -> Kelompok:
    """Create or update a group with its area, kader accounts and leaders (jabatan, nama)."""
    if kelompok.pk and kelompok.keanggotaan_set.exists():
        lama = Kelompok.objects.get(pk=kelompok.pk)
        if lama.jenis != kelompok.jenis:
            raise ValidationError({"jenis": _("Jenis kelompok yang sudah punya anggota tetap.")})
    wilayah_dusun, wilayah_rw = list(wilayah_dusun), list(wilayah_rw)
    for w in [*wilayah_dusun, *wilayah_rw]:
        if w.desa_id != kelompok.desa_id:
            raise ValidationError(_("Wilayah kelompok harus di desa kelompok."))
    if kader is not None:
        kader = list(kader)
        for u in kader:
            lingkup = getattr(u, "lingkup", None)
            if akses.peran(u) != Peran.KADER or lingkup is None:
                raise ValidationError({"kader": _("%(u)s bukan Kader.") % {"u": u}})
            if not lingkup.desa.filter(pk=kelompok.desa_id).exists():
                raise ValidationError({"kader": _("%(u)s bukan Kader desa ini.") % {"u": u}})
    _simpan(kelompok)
    kelompok.wilayah_dusun.set(wilayah_dusun)
    kelompok.wilayah_rw.set(wilayah_rw)
    if kader is not None:
        kelompok.kader.set(kader)
    if pengurus is not None:
        # Rows whose (jabatan, nama) stay keep their K/0 details (NIK, KB, trained, account).
        lama = {(p.jabatan, p.nama): p for p in kelompok.pengurus_set.all()}
        for i, (jabatan, nama) in enumerate(pengurus):
            p = lama.pop((jabatan, nama), None) or Pengurus(
                kelompok=kelompok, jabatan=jabatan, nama=nama, peran=_peran_dari(jabatan)
            )
            p.urutan = i
            _simpan(p)
        for p in lama.values():
            p.delete()
    return kelompok


def _peran_dari(jabatan: str) -> str:
    """The K/0 category a free-text position names (Ketua, Sekretaris, Bendahara, Kader)."""
    kata = jabatan.strip().lower()
    for kode in JabatanPengurus.values:
        if kata.startswith(kode):
            return kode
    return ""


@transaction.atomic
def simpan_pengurus(*, pengurus: Pengurus, oleh=None) -> Pengurus:
    """Create or update one officer or kader record of a group (K/0 details)."""
    if pengurus.user_id and pengurus.kelompok_id:
        lingkup = getattr(pengurus.user, "lingkup", None)
        if lingkup is not None and not lingkup.desa.filter(pk=pengurus.kelompok.desa_id).exists():
            raise ValidationError({"user": _("Akun ini bukan pengguna desa kelompok.")})
    return _simpan(pengurus)


@transaction.atomic
def tambah_keanggotaan(
    *,
    kelompok: Kelompok,
    mulai: dt.date,
    keluarga: Keluarga | None = None,
    anggota: Anggota | None = None,
    nama_luar: str = "",
    jenis_kelamin_luar: str = "",
    tanggal_lahir_luar: dt.date | None = None,
    alamat_luar: str = "",
    oleh=None,
) -> Keanggotaan:
    """Add a member (family, person, or someone from outside) to a group from a date."""
    return _simpan(
        Keanggotaan(
            kelompok=kelompok,
            jenis=kelompok.jenis,
            keluarga=keluarga,
            anggota=anggota,
            nama_luar=nama_luar,
            jenis_kelamin_luar=jenis_kelamin_luar,
            tanggal_lahir_luar=tanggal_lahir_luar,
            alamat_luar=alamat_luar,
            mulai=mulai,
            dicatat_oleh=oleh,
        )
    )


@transaction.atomic
def akhiri_keanggotaan(*, keanggotaan: Keanggotaan, selesai: dt.date, oleh=None) -> Keanggotaan:
    """End a membership: it no longer counts from `selesai` on ([mulai, selesai))."""
    if keanggotaan.selesai is not None:
        raise ValidationError(_("Keanggotaan ini sudah berakhir."))
    if selesai < keanggotaan.mulai:
        raise ValidationError({"selesai": _("Tanggal keluar tidak boleh sebelum tanggal masuk.")})
    hadir_setelah = keanggotaan.kehadiran_set.filter(pertemuan__tanggal__gte=selesai).exists()
    timbang_setelah = keanggotaan.penimbangan_set.filter(tanggal__gte=selesai).exists()
    if hadir_setelah or timbang_setelah:
        raise ValidationError(
            {"selesai": _("Sudah ada kehadiran atau penimbangan pada/sesudah tanggal itu.")}
        )
    keanggotaan.selesai = selesai
    keanggotaan.dicatat_oleh = oleh or keanggotaan.dicatat_oleh
    _simpan(keanggotaan)
    return keanggotaan


# --- meetings ------------------------------------------------------------------------------------


def _kunci_versi(pertemuan: Pertemuan, versi: int | None) -> None:
    """Refuse a save based on an older page; bump the version inside the transaction."""
    if versi is None:
        return
    n = Pertemuan.objects.filter(pk=pertemuan.pk, versi=versi).update(versi=F("versi") + 1)
    if n == 0:
        raise KonflikEdit(
            _("Data pertemuan ini baru saja diubah orang lain. Muat ulang halaman lalu isi lagi.")
        )
    pertemuan.versi = versi + 1


def _pertemuan(
    *,
    kelompok: Kelompok,
    pertemuan: Pertemuan | None,
    tanggal: dt.date,
    topik: Topik | None,
    topik_lain: str,
    narasumber: str,
    tempat: str,
    catatan: str,
    versi: int | None,
    oleh,
    kategori_narasumber: str = "",
    kelompok_umur: str = "",
    diskusi: bool | None = None,
) -> Pertemuan:
    if pertemuan is None:
        pertemuan = Pertemuan(kelompok=kelompok, dicatat_oleh=oleh)
    else:
        if pertemuan.kelompok_id != kelompok.pk:
            raise ValidationError(_("Pertemuan ini milik kelompok lain."))
        _kunci_versi(pertemuan, versi)
    pertemuan.tanggal = tanggal
    pertemuan.topik = topik
    pertemuan.topik_lain = topik_lain
    pertemuan.narasumber = narasumber
    pertemuan.kategori_narasumber = kategori_narasumber
    pertemuan.kelompok_umur = kelompok_umur
    pertemuan.diskusi = diskusi
    pertemuan.tempat = tempat
    pertemuan.catatan = catatan
    return _simpan(pertemuan)


@transaction.atomic
def simpan_pertemuan(
    *,
    kelompok: Kelompok,
    tanggal: dt.date,
    hadir: Iterable[Keanggotaan],
    pertemuan: Pertemuan | None = None,
    topik: Topik | None = None,
    topik_lain: str = "",
    narasumber: str = "",
    tempat: str = "",
    catatan: str = "",
    versi: int | None = None,
    oleh=None,
    kategori_narasumber: str = "",
    kelompok_umur: str = "",
    diskusi: bool | None = None,
) -> Pertemuan:
    """Record (or correct) a meeting and who attended; attendance is replaced as a whole."""
    pertemuan = _pertemuan(
        kelompok=kelompok,
        pertemuan=pertemuan,
        tanggal=tanggal,
        topik=topik,
        topik_lain=topik_lain,
        narasumber=narasumber,
        tempat=tempat,
        catatan=catatan,
        versi=versi,
        oleh=oleh,
        kategori_narasumber=kategori_narasumber,
        kelompok_umur=kelompok_umur,
        diskusi=diskusi,
    )
    hadir = list(hadir)
    for k in hadir:
        if k.kelompok_id != kelompok.pk or not k.terbuka_pada(tanggal):
            raise ValidationError(
                _("%(n)s bukan anggota kelompok pada tanggal pertemuan.") % {"n": k.nama_tampil}
            )
    pertemuan.kehadiran_set.exclude(keanggotaan__in=hadir).delete()
    sudah = set(pertemuan.kehadiran_set.values_list("keanggotaan_id", flat=True))
    Kehadiran.objects.bulk_create(
        [Kehadiran(pertemuan=pertemuan, keanggotaan=k) for k in hadir if k.pk not in sudah]
    )
    return pertemuan


@transaction.atomic
def simpan_keuangan_uppka(
    *, kelompok: Kelompok, bulan: dt.date, modal: int, omzet: int, catatan: str = "", oleh=None
) -> KeuanganUppka:
    """Record (or correct) an UPPKA group's capital and turnover of a month."""
    obj = KeuanganUppka.objects.filter(kelompok=kelompok, bulan=bulan.replace(day=1)).first()
    obj = obj or KeuanganUppka(kelompok=kelompok, bulan=bulan.replace(day=1))
    obj.modal, obj.omzet, obj.catatan, obj.dicatat_oleh = modal, omzet, catatan, oleh
    return _simpan(obj)


# --- SIGA registers: KKA, kemandirian, no meeting held, handover ------------------------------


@transaction.atomic
def simpan_kka(
    *,
    kelompok: Kelompok,
    anggota: Anggota,
    bulan: dt.date,
    terisi: bool,
    hasil: str = "",
    oleh=None,
) -> KartuKembangAnak:
    """Record (or correct) a BKB child's Kartu Kembang Anak of a month."""
    bulan = bulan.replace(day=1)
    if kelompok.jenis != JenisKelompok.BKB:
        raise ValidationError(_("Kartu Kembang Anak hanya dicatat di kelompok BKB."))
    if bulan > reg.hari_ini():
        raise ValidationError({"bulan": _("Bulan ini belum terjadi.")})
    akhir = reg.ind.akhir_bulan(bulan.year, bulan.month)
    lahir = anggota.tanggal_lahir
    if lahir is None or lahir > akhir:
        raise ValidationError(_("%(n)s belum lahir pada bulan itu.") % {"n": anggota.nama})
    umur = antro.umur_bulan(lahir, bulan) if lahir <= bulan else 0
    if umur > 66:
        raise ValidationError(
            _("%(n)s sudah berumur %(u)s bulan; Kartu Kembang Anak hanya sampai 66 bulan.")
            % {"n": anggota.nama, "u": umur}
        )
    if not any(a.pk == anggota.pk for a in reg.anak_bkb(kelompok, bulan.year, bulan.month)):
        raise ValidationError(
            _("%(n)s bukan anak dari keluarga anggota %(k)s pada bulan itu.")
            % {"n": anggota.nama, "k": kelompok}
        )
    if not terisi:
        hasil = ""
    elif hasil not in HasilKka.values:
        raise ValidationError({"hasil": _("Pilih hasil: sesuai atau perlu rujuk.")})
    kartu = KartuKembangAnak.objects.filter(anggota=anggota, bulan=bulan).first()
    kartu = kartu or KartuKembangAnak(anggota=anggota, bulan=bulan)
    kartu.kelompok, kartu.terisi, kartu.hasil, kartu.dicatat_oleh = kelompok, terisi, hasil, oleh
    return _simpan(kartu)


@transaction.atomic
def simpan_kemandirian(
    *, anggota: Anggota, tanggal: dt.date, tingkat: str, oleh=None
) -> KemandirianLansia:
    """Record a BKL elder's level of independence from a date (a later record supersedes it)."""
    obj = KemandirianLansia.objects.filter(anggota=anggota, tanggal=tanggal).first()
    obj = obj or KemandirianLansia(anggota=anggota, tanggal=tanggal)
    obj.tingkat, obj.dicatat_oleh = tingkat, oleh
    return _simpan(obj)


def _register(kelompok: Kelompok, formulir: str, periode: dt.date) -> RegisterKelompok:
    obj = RegisterKelompok.objects.filter(
        kelompok=kelompok, formulir=formulir, periode=periode
    ).first()
    return obj or RegisterKelompok(kelompok=kelompok, formulir=formulir, periode=periode)


@transaction.atomic
def catat_tanpa_pertemuan(
    *, kelompok: Kelompok, tahun: int, bulan: int, alasan: str = "", oleh=None
) -> RegisterKelompok:
    """Record that the group held no meeting in a month (its R/I is then ready to print)."""
    reg.cek_periode_ri(kelompok, tahun, bulan)
    awal = dt.date(tahun, bulan, 1)
    if kelompok.pertemuan_set.filter(
        tanggal__gte=awal, tanggal__lte=reg.ind.akhir_bulan(tahun, bulan)
    ).exists():
        raise ValidationError(_("Bulan ini sudah ada pertemuan tercatat."))
    obj = _register(kelompok, "ri", awal)
    obj.tanpa_pertemuan, obj.alasan, obj.dicatat_oleh = True, alasan, oleh
    return _simpan(obj)


@transaction.atomic
def serahkan_register(
    *, kelompok: Kelompok, formulir: str, tahun: int, bulan: int = 1, oleh=None
) -> RegisterKelompok:
    """Mark a K/0 or R/I handed over to the field KB officer, today, by `oleh`."""
    if formulir == "k0":
        reg.cek_periode_k0(kelompok, tahun)
        periode = dt.date(tahun, 1, 1)
    else:
        reg.cek_periode_ri(kelompok, tahun, bulan)
        periode = dt.date(tahun, bulan, 1)
        if reg.status_ri(kelompok, tahun, bulan).keadaan == reg.BELUM:
            raise ValidationError(
                _("Register bulan ini belum berisi pertemuan atau catatan tidak ada pertemuan.")
            )
    obj = _register(kelompok, formulir, periode)
    if obj.diserahkan_pada:
        raise ValidationError(_("Register ini sudah diserahkan."))
    obj.diserahkan_pada, obj.diserahkan_oleh = reg.hari_ini(), oleh
    obj.dicatat_oleh = obj.dicatat_oleh or oleh
    return _simpan(obj)


# --- posyandu weighings ------------------------------------------------------------------------


def isi_hasil_ukur(p: Penimbangan, *, jenis_kelamin: str, tanggal_lahir: dt.date) -> None:
    """Age, z-scores, implausibility flags and Permenkes 2/2020 classes of a weighing."""
    try:
        hari = antro.umur_hari(tanggal_lahir, p.tanggal)
    except ValueError as e:
        raise ValidationError(_("Tanggal penimbangan sebelum tanggal lahir anak.")) from e
    p.umur_hari = hari
    p.umur_bulan = antro.umur_bulan(tanggal_lahir, p.tanggal)
    if p.tinggi_cm is not None and not p.cara_ukur:
        # The age rule when the form left it empty: lying under 731 days, standing after.
        p.cara_ukur = CaraUkur.TELENTANG if hari < antro.BATAS_PANJANG_HARI else CaraUkur.BERDIRI
    if p.tinggi_cm is None:
        p.cara_ukur = ""
    z = antro.hitung_zscore(
        jenis_kelamin,
        hari,
        float(p.berat_kg) if p.berat_kg is not None else None,
        float(p.tinggi_cm) if p.tinggi_cm is not None else None,
        p.cara_ukur or CaraUkur.TELENTANG,
    )

    def desimal(x):
        return None if x is None else Decimal(str(x)).quantize(Decimal("0.01"))

    p.tinggi_dipakai = desimal(z.tinggi_dipakai)
    p.z_bb_u, p.z_tb_u, p.z_bb_tb = desimal(z.bb_u), desimal(z.tb_u), desimal(z.bb_tb)
    p.bb_u_tidak_wajar = z.bb_u_tidak_wajar
    p.tb_u_tidak_wajar = z.tb_u_tidak_wajar
    p.bb_tb_tidak_wajar = z.bb_tb_tidak_wajar
    p.perlu_ukur_ulang = z.bb_u_tidak_wajar or z.tb_u_tidak_wajar or z.bb_tb_tidak_wajar
    p.status_bb_u = antro.status_bb_u(z.bb_u) or ""
    p.status_tb_u = antro.status_tb_u(z.tb_u) or ""
    p.status_bb_tb = antro.status_bb_tb(z.bb_tb) or ""


def _identitas_anak(anggota: Anggota | None, anak_luar: Keanggotaan | None) -> tuple[str, dt.date]:
    if anggota is not None:
        return anggota.jenis_kelamin, anggota.tanggal_lahir
    if anak_luar is None or not anak_luar.luar:
        raise ValidationError(_("Pilih anak yang ditimbang."))
    if not (anak_luar.jenis_kelamin_luar and anak_luar.tanggal_lahir_luar):
        raise ValidationError(_("Anak dari luar desa perlu jenis kelamin dan tanggal lahir."))
    return anak_luar.jenis_kelamin_luar, anak_luar.tanggal_lahir_luar


@transaction.atomic
def catat_penimbangan(
    *,
    pertemuan: Pertemuan,
    berat_kg: Decimal,
    anggota: Anggota | None = None,
    anak_luar: Keanggotaan | None = None,
    tinggi_cm: Decimal | None = None,
    cara_ukur: str = "",
    kms: bool = False,
    lingkar_kepala_cm: Decimal | None = None,
    lila_cm: Decimal | None = None,
    oleh=None,
) -> Penimbangan:
    """Record (or correct) one child's weighing at a posyandu session, with its z-scores."""
    if not pertemuan.kelompok.posyandu:
        raise ValidationError(_("Penimbangan hanya dicatat di sesi posyandu."))
    if anak_luar is not None and anak_luar.kelompok_id != pertemuan.kelompok_id:
        raise ValidationError(_("Anak dari luar desa harus terdaftar di posyandu ini."))
    jenis_kelamin, tanggal_lahir = _identitas_anak(anggota, anak_luar)
    p = Penimbangan.objects.filter(
        pertemuan=pertemuan,
        **({"anggota": anggota} if anggota is not None else {"anak_luar": anak_luar}),
    ).first() or Penimbangan(pertemuan=pertemuan, anggota=anggota, anak_luar=anak_luar)
    p.tanggal = pertemuan.tanggal
    p.berat_kg = berat_kg
    p.tinggi_cm = tinggi_cm
    p.cara_ukur = cara_ukur or ""
    p.kms = kms
    p.lingkar_kepala_cm = lingkar_kepala_cm
    p.lila_cm = lila_cm
    p.dicatat_oleh = oleh
    isi_hasil_ukur(p, jenis_kelamin=jenis_kelamin, tanggal_lahir=tanggal_lahir)
    return _simpan(p)


@dataclass
class BarisTimbang:
    """One child's row of a session form; berat_kg None means not weighed (a stored one goes)."""

    anggota: Anggota | None = None
    anak_luar: Keanggotaan | None = None
    berat_kg: Decimal | None = None
    tinggi_cm: Decimal | None = None
    cara_ukur: str = ""
    kms: bool = False
    lingkar_kepala_cm: Decimal | None = None
    lila_cm: Decimal | None = None


@transaction.atomic
def simpan_sesi_posyandu(
    *,
    kelompok: Kelompok,
    tanggal: dt.date,
    baris: Iterable[BarisTimbang],
    pertemuan: Pertemuan | None = None,
    topik: Topik | None = None,
    topik_lain: str = "",
    narasumber: str = "",
    tempat: str = "",
    catatan: str = "",
    versi: int | None = None,
    oleh=None,
    kategori_narasumber: str = "",
    kelompok_umur: str = "",
    diskusi: bool | None = None,
) -> Pertemuan:
    """Record (or correct) a posyandu session and the weighings of many children at once."""
    if not kelompok.posyandu:
        raise ValidationError(_("Sesi penimbangan hanya untuk posyandu."))
    pertemuan = _pertemuan(
        kelompok=kelompok,
        pertemuan=pertemuan,
        tanggal=tanggal,
        topik=topik,
        topik_lain=topik_lain,
        narasumber=narasumber,
        tempat=tempat,
        catatan=catatan,
        versi=versi,
        oleh=oleh,
        kategori_narasumber=kategori_narasumber,
        diskusi=diskusi,
    )
    # A corrected session date moves its weighings along (ages and z-scores change with it).
    pindah = list(
        pertemuan.penimbangan_set.exclude(tanggal=tanggal).select_related("anggota", "anak_luar")
    )
    for p in pindah:
        p.tanggal = tanggal
    hitung_ulang_zscore(pindah)
    for b in baris:
        kunci = {"anggota": b.anggota} if b.anggota is not None else {"anak_luar": b.anak_luar}
        if b.berat_kg is None:
            pertemuan.penimbangan_set.filter(**kunci).delete()
            continue
        catat_penimbangan(
            pertemuan=pertemuan,
            anggota=b.anggota,
            anak_luar=b.anak_luar,
            berat_kg=b.berat_kg,
            tinggi_cm=b.tinggi_cm,
            cara_ukur=b.cara_ukur,
            kms=b.kms,
            lingkar_kepala_cm=b.lingkar_kepala_cm,
            lila_cm=b.lila_cm,
            oleh=oleh,
        )
    return pertemuan


@transaction.atomic
def hitung_ulang_zscore(penimbangan: Iterable[Penimbangan]) -> int:
    """Recompute stored z-scores (after a birth date or sex was corrected); returns the count."""
    n = 0
    for p in penimbangan:
        jk, lahir = _identitas_anak(p.anggota, p.anak_luar)
        isi_hasil_ukur(p, jenis_kelamin=jk, tanggal_lahir=lahir)
        p.save()
        n += 1
    return n
