"""A small world for the permission matrix (tests/test_matriks_izin.py), built once per module.

Desa A (kecamatan 332601) has one dusun, one RW and two RTs. The kader owns RT 1 and one group of
each kind (BKB, posyandu, UPPKA); every other object comes twice in desa A: once inside the
kader's scope (variant "A": RT 1 or the kader's group) and once outside it (variant "A2": RT 2 or
another group). A family of RT 2 that belongs to the kader's BKB is variant "Ag" (readable through
the kader's group, not writable). Desa B (kecamatan 332602) mirrors desa A; Admin desa B is the
"another desa" persona. Desa C shares desa A's kecamatan, so a kecamatan is more than one desa.
All three lie in kabupaten 3326 (the Kabupaten persona's scope: two kecamatan); kabupaten 3399 has
no desa (the "outside" variant of a kabupaten sum: 404).

``bangun()`` returns a ``Dunia``: the personas and, per object type, the URL kwargs of each
variant. The caller owns the transaction (the matrix test rolls the whole world back at the end).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from kampungkb import services as kampung
from keluarga import gabung as keluarga_gabung
from keluarga import kode
from keluarga import services as keluarga_services
from keluarga.akses import Peran
from keluarga.models import PasanganGanda, StatusKB
from laporan import services as laporan_services
from laporan.models import DaftarTersimpan
from pendampingan import services as pendampingan
from pendampingan.models import TimPendamping
from poktan import services as poktan
from poktan.models import Kelompok, Topik
from tests import factories as f
from tests.test_kampungkb import buat_profil

KODE_A, KODE_B, KODE_C = "3326012001", "3326022001", "3326012002"


def bulan_lalu(hari: dt.date) -> dt.date:
    """The first day of the month before ``hari``'s."""
    return (hari.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


@dataclass(frozen=True)
class Persona:
    """Who makes the request: a key, a role (None: no role), and the desa keys in scope."""

    kunci: str
    peran: Peran | None = None
    desa: frozenset[str] = frozenset()
    anonim: bool = False
    superuser: bool = False

    @property
    def kader(self) -> bool:
        return self.peran == Peran.KADER


PERSONA = [
    Persona("anonim", anonim=True),
    Persona("admin", Peran.ADMIN_DESA, frozenset("A")),
    Persona("operator", Peran.OPERATOR, frozenset("A")),
    Persona("kader", Peran.KADER, frozenset("A")),
    Persona("penyuluh", Peran.PENYULUH, frozenset("AC")),
    Persona("kepala_desa", Peran.KEPALA_DESA, frozenset("A")),
    Persona("kecamatan", Peran.KECAMATAN, frozenset("AC")),
    Persona("kabupaten", Peran.KABUPATEN, frozenset("ABC")),
    Persona("admin_b", Peran.ADMIN_DESA, frozenset("B")),
    Persona("tanpa_peran", None, frozenset()),
]
SUPERUSER = Persona("superuser", superuser=True)


@dataclass
class Dunia:
    bulan: str  # the closed month every report URL uses, "YYYY-MM"
    tahun: int
    pengguna: dict[str, object] = field(default_factory=dict)  # persona key → User
    objek: dict[str, dict[str, dict]] = field(default_factory=dict)  # type → variant → kwargs
    desa: dict[str, object] = field(default_factory=dict)  # "A"/"B"/"C" → Desa
    kecamatan: dict[str, frozenset[str]] = field(default_factory=dict)  # variant → desa keys
    kabupaten: dict[str, frozenset[str]] = field(default_factory=dict)  # variant → desa keys


def _png() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buf, format="PNG")
    return SimpleUploadedFile("foto.png", buf.getvalue(), content_type="image/png")


def _orang(kel, nama, jk, lahir, hubungan, kawin=kode.StatusKawin.KAWIN):
    return f.AnggotaFactory(
        keluarga=kel,
        nama=nama,
        jenis_kelamin=jk,
        tanggal_lahir=lahir,
        hubungan=hubungan,
        status_kawin=kawin,
    )


def _keluarga(desa, rt, awalan: str, hari: dt.date):
    """A family with a husband, a wife of reproductive age (KB status, pregnancy) and a toddler."""
    H, L, P = kode.HubunganKK, kode.JenisKelamin.LAKI_LAKI, kode.JenisKelamin.PEREMPUAN
    kel = f.KeluargaFactory(rumah__rt=rt, desa=desa)
    _orang(kel, f"{awalan} Suami", L, dt.date(1990, 1, 1), H.KEPALA)
    istri = _orang(kel, f"{awalan} Istri", P, dt.date(1995, 5, 5), H.ISTRI)
    anak = _orang(
        kel,
        f"{awalan} Anak",
        L,
        hari - dt.timedelta(days=540),
        H.ANAK,
        kode.StatusKawin.BELUM_KAWIN,
    )
    anak.ibu = istri
    anak.save()
    StatusKB.objects.create(anggota=istri, metode="suntik", mulai=dt.date(2024, 1, 1))
    hamil = keluarga_services.catat_kehamilan(ibu=istri, hpht=hari - dt.timedelta(days=60))
    return kel, istri, anak, hamil


def _desa(kunci: str, kode_desa: str, hari: dt.date, awal: dt.date, oleh) -> dict:
    """One desa with every kind of object, in variants "A"/"A2"/"Ag" (or "B" for desa B)."""
    desa = f.DesaFactory(kode=kode_desa, nama=f"Desa {kunci}", bulan_awal_data=awal)
    rt1 = f.RTFactory(rw__dusun__desa=desa, nomor="001")
    rt2 = f.RTFactory(rw=rt1.rw, nomor="002")
    kel1, istri1, anak1, hamil1 = _keluarga(desa, rt1, f"{kunci}1", hari)
    kel2, istri2, anak2, hamil2 = _keluarga(desa, rt2, f"{kunci}2", hari)
    kel3, istri3, _anak3, hamil3 = _keluarga(desa, rt2, f"{kunci}3", hari)

    def kelompok(jenis, nama):
        return poktan.simpan_kelompok(kelompok=Kelompok(desa=desa, jenis=jenis, nama=nama))

    bkb1, bkb2 = kelompok("bkb", "Mawar"), kelompok("bkb", "Kenanga")
    pos1, pos2 = kelompok("posyandu", "Melati"), kelompok("posyandu", "Anggrek")
    uppka1, uppka2 = kelompok("uppka", "Maju"), kelompok("uppka", "Jaya")
    bkl1, bkl2 = kelompok("bkl", "Sejahtera"), kelompok("bkl", "Bahagia")
    m_bkb1 = poktan.tambah_keanggotaan(kelompok=bkb1, keluarga=kel3, mulai=awal)
    m_bkb2 = poktan.tambah_keanggotaan(kelompok=bkb2, keluarga=kel2, mulai=awal)
    poktan.tambah_keanggotaan(kelompok=pos1, anggota=anak1, mulai=awal)
    luar1, luar2 = (
        poktan.tambah_keanggotaan(
            kelompok=pos,
            nama_luar=f"{kunci} Anak Luar {i}",
            jenis_kelamin_luar=kode.JenisKelamin.PEREMPUAN,
            tanggal_lahir_luar=hari - dt.timedelta(days=400),
            mulai=awal,
        )
        for i, pos in ((1, pos1), (2, pos2))
    )
    topik = {j: Topik.objects.filter(jenis=j).first() for j in ("bkb", "posyandu")}
    rapat1, rapat2 = (
        poktan.simpan_pertemuan(
            kelompok=k, tanggal=awal + dt.timedelta(days=4), hadir=[m], topik=topik["bkb"]
        )
        for k, m in ((bkb1, m_bkb1), (bkb2, m_bkb2))
    )
    sesi1, sesi2 = (
        poktan.simpan_sesi_posyandu(
            kelompok=pos,
            tanggal=awal + dt.timedelta(days=9),
            topik=topik["posyandu"],
            baris=[poktan.BarisTimbang(anak_luar=luar, berat_kg=Decimal("8.5"))],
        )
        for pos, luar in ((pos1, luar1), (pos2, luar2))
    )

    profil = buat_profil(desa)
    pokja = kampung.simpan_pokja(
        profil=profil, data={"nama": "Siti", "jabatan": "ketua"}, oleh=None
    )
    kegiatan1, kegiatan2 = (
        kampung.rencanakan_kegiatan(
            desa=desa,
            data={
                "judul": f"Penyuluhan RT {rt.nomor}",
                "kategori": "reproduksi",
                "bulan_rencana": hari.replace(day=1),
            },
            wilayah=f"rt:{rt.pk}",
            oleh=None,
        )
        for rt in (rt1, rt2)
    )
    foto1, foto2 = (
        kampung.unggah_foto(kegiatan=k, berkas=_png(), keterangan="", oleh=None)
        for k in (kegiatan1, kegiatan2)
    )
    tersimpan = DaftarTersimpan.objects.create(
        desa=desa, jenis="unmet_need", wilayah=desa.kode, bulan=awal, judul="Unmet need"
    )
    target = f.persona(Peran.OPERATOR, desa=desa, username=f"target_{kunci.lower()}")
    impor = _impor(desa, hari)

    catin1, catin2 = (
        pendampingan.catat_catin(
            desa=desa,
            rt=rt,
            nama=f"{kunci} Catin {rt.nomor}",
            tanggal_lahir=dt.date(2000, 1, 1),
            pasangan_nama="Calon",
            rencana_nikah=hari,
        )
        for rt in (rt1, rt2)
    )
    rujuk1, rujuk2 = (
        pendampingan.catat_rujukan(anak=a, tanggal=hari, tujuan="Puskesmas") for a in (anak1, anak2)
    )
    tim = TimPendamping.objects.create(desa=desa, nama=f"Tim {kunci}")
    # Likely-duplicate pairs: both people in RT 1, and one in RT 1 with one in RT 2 (a kader of
    # RT 1 must not learn of that pair at all: 404).
    ganda1, ganda2 = (
        PasanganGanda.objects.create(
            desa=desa,
            anggota_a_id=min(x.pk, y.pk),
            anggota_b_id=max(x.pk, y.pk),
            skor=0.9,
            alasan="nama mirip 0,90",
        )
        for x, y in ((istri1, anak1), (istri1, istri2))
    )
    # Two records of one elderly woman in family 2, merged (keluarga.gabung): the merge record.
    P_, LL = kode.JenisKelamin.PEREMPUAN, kode.HubunganKK.ORANG_TUA
    dobel = [
        _orang(kel2, f"{kunci} Nenek", P_, dt.date(1950, 3, 3), LL, kode.StatusKawin.CERAI_MATI)
        for _ in range(2)
    ]
    gabungan = keluarga_gabung.gabungkan(
        penyintas=dobel[0], digabung=dobel[1], pilihan={}, versi={kel2.pk: kel2.versi}
    )

    A, A2 = ("A", "A2") if kunci == "A" else ("B", None)

    def dua(a, a2=None, **tambah):
        """The variants of one object type: in the kader's scope and (desa A) outside it."""
        hasil = {A: {**a, **tambah}}
        if A2 and a2 is not None:
            hasil[A2] = {**a2, **tambah}
        return hasil

    kd = {"kode": desa.kode}
    objek = {
        "keluarga": dua({"pk": kel1.pk}, {"pk": kel2.pk}),
        "anggota": dua({"pk": istri1.pk}, {"pk": istri2.pk}),
        "kehamilan": dua({"pk": hamil1.pk}, {"pk": hamil2.pk}),
        "pengguna": dua({"pk": target.pk}),
        "dusun": dua({"induk": rt1.rw.dusun_id}),
        "rw": dua({"induk": rt1.rw_id}),
        "wilayah": dua({"jenis": "rt", "pk": rt1.pk}),
        "rt": dua({"rt_id": rt1.pk}, {"rt_id": rt2.pk}),
        "kelompok": dua({"pk": bkb1.pk}, {"pk": bkb2.pk}),
        "posyandu": dua({"pk": pos1.pk}, {"pk": pos2.pk}),
        "uppka": dua({"pk": uppka1.pk}, {"pk": uppka2.pk}),
        "bkl": dua({"pk": bkl1.pk}, {"pk": bkl2.pk}),
        "keanggotaan": dua({"pk": m_bkb1.pk}, {"pk": m_bkb2.pk}),
        "pertemuan": dua({"pk": rapat1.pk}, {"pk": rapat2.pk}),
        "sesi": dua({"pk": sesi1.pk}, {"pk": sesi2.pk}),
        "anak": dua({"pk": anak1.pk}, {"pk": anak2.pk}),
        "anak_luar": dua({"pk": luar1.pk}, {"pk": luar2.pk}),
        "desa": dua(kd),
        "desa_rt": dua({**kd, "rt_id": rt1.pk}, {**kd, "rt_id": rt2.pk}),
        "tersimpan": dua({"pk": tersimpan.pk}),
        "pokja": dua({"pk": pokja.pk}),
        "kegiatan": dua({"pk": kegiatan1.pk}, {"pk": kegiatan2.pk}),
        "foto": dua({"pk": foto1.pk}, {"pk": foto2.pk}),
        "impor": dua({"pk": impor.pk}) if impor else {},
        "catin": dua({"pk": catin1.pk}, {"pk": catin2.pk}),
        "rujukan": dua({"pk": rujuk1.pk}, {"pk": rujuk2.pk}),
        "tim": dua({"pk": tim.pk}),
        "pasangan_ganda": dua({"pk": ganda1.pk}, {"pk": ganda2.pk}),
        "pasangan": dua(
            {"pk_a": istri1.pk, "pk_b": anak1.pk}, {"pk_a": istri2.pk, "pk_b": anak2.pk}
        ),
        "penggabungan": dua({"pk": gabungan.pk}),
    }
    if kunci == "A":
        # A family of RT 2 in the kader's BKB: read through the group, never written.
        for jenis, obj in (("keluarga", kel3), ("anggota", istri3), ("kehamilan", hamil3)):
            objek[jenis]["Ag"] = {"pk": obj.pk}
    tutup(desa, awal, hari, oleh)
    return {"desa": desa, "rt1": rt1, "kelompok": [bkb1, pos1, uppka1, bkl1], "objek": objek}


def tutup(desa, awal: dt.date, hari: dt.date, oleh=None, *, bulan_ini: bool = True) -> None:
    """Close last month (and this month): every report page then reads its snapshot (fast), also
    the entry pages that redirect to this month."""
    for bulan in (awal, hari.replace(day=1)) if bulan_ini else (awal,):
        laporan_services.tutup_bulan(
            desa=desa,
            tahun=bulan.year,
            bulan=bulan.month,
            oleh=oleh,
            rapat={"tanggal": hari, "tempat": "Balai desa", "peserta": "Ketua\nSekretaris"},
        )


def _impor(desa, hari):
    """An import awaiting nothing (no file kept), if the import app is there yet."""
    try:
        from impor.models import Impor
    except ImportError:  # pragma: no cover - before the import issue lands
        return None
    return Impor.objects.create(
        desa=desa,
        kode_desa=desa.kode,
        tanggal_impor=hari,
        nama_berkas="penduduk.xlsx",
        status=Impor.Status.UJI,
        format=Impor.Format.RUMAHDATAKU,
    )


def bangun() -> Dunia:
    """Build desa A, B and C, the personas, and the URL kwargs of every object variant."""
    hari = timezone.localdate()
    awal = bulan_lalu(hari)
    dunia = Dunia(bulan=f"{awal:%Y-%m}", tahun=hari.year)
    a = _desa("A", KODE_A, hari, awal, None)
    b = _desa("B", KODE_B, hari, awal, None)
    c = f.DesaFactory(kode=KODE_C, nama="Desa C", bulan_awal_data=awal)
    _keluarga(c, f.RTFactory(rw__dusun__desa=c, nomor="001"), "C1", hari)
    tutup(c, awal, hari, bulan_ini=False)
    dunia.desa = {"A": a["desa"], "B": b["desa"], "C": c}
    dunia.kecamatan = {"A": frozenset("AC"), "B": frozenset("B")}
    dunia.kabupaten = {"A": frozenset("ABC"), "B": frozenset()}

    for jenis in a["objek"]:
        dunia.objek[jenis] = {**a["objek"][jenis], **b["objek"][jenis]}
    dunia.objek["kecamatan"] = {
        "A": {"kode": KODE_A[:6]},
        "B": {"kode": KODE_B[:6]},
    }
    dunia.objek["kabupaten"] = {"A": {"kode": KODE_A[:4]}, "B": {"kode": "3399"}}

    A, B = a["desa"], b["desa"]
    u = dunia.pengguna
    u["admin"] = f.persona(Peran.ADMIN_DESA, desa=A, username="m_admin")
    u["operator"] = f.persona(Peran.OPERATOR, desa=A, username="m_operator")
    u["kader"] = f.persona(Peran.KADER, desa=A, rt=[a["rt1"]], username="m_kader")
    for k in a["kelompok"]:
        k.kader.add(u["kader"])
    u["penyuluh"] = f.persona(Peran.PENYULUH, desa_list=[A, c], username="m_penyuluh")
    u["kepala_desa"] = f.persona(Peran.KEPALA_DESA, desa=A, username="m_kepala_desa")
    u["kecamatan"] = f.persona(Peran.KECAMATAN, kecamatan_kode=KODE_A[:6], username="m_kecamatan")
    u["kabupaten"] = f.persona(Peran.KABUPATEN, kabupaten_kode=KODE_A[:4], username="m_kabupaten")
    u["admin_b"] = f.persona(Peran.ADMIN_DESA, desa=B, username="m_admin_b")
    u["tanpa_peran"] = f.persona(None, desa=A, username="m_tanpa_peran")
    su = f.UserFactory(username="m_superuser", is_superuser=True, is_staff=True)
    u["superuser"] = su
    return dunia
