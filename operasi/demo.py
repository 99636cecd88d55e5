"""A deterministic synthetic village (or district) for demos, tests and benchmarks.

Built with bulk inserts and explicit primary keys so 3,000 families take seconds; every record
follows the model's rules (NIKs match birth date and sex, histories are in date order).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from keluarga import ganda, kode
from keluarga.indicators import akhir_bulan, tambah_bulan
from keluarga.models import (
    RT,
    RW,
    Anggota,
    Desa,
    Dusun,
    Kehamilan,
    Keluarga,
    Peristiwa,
    PindahRumah,
    Rumah,
    StatusKB,
    normalisasi_nama,
)

JK = kode.JenisKelamin
SK = kode.StatusKawin
H = kode.HubunganKK
JP = kode.JenisPeristiwa

NAMA_L = (
    "Agus Budi Slamet Joko Heru Eko Dwi Bambang Wahyu Rudi Andi Arif Fajar Hendra Imam Iwan "
    "Sigit Teguh Yusuf Rizki Bayu Dimas Fikri Galih Hadi Ilham Kurniawan Lukman Nur Puji Rahmat"
).split()
NAMA_P = (
    "Siti Sri Dewi Rina Wati Lestari Ani Yuni Endang Nur Ratna Tutik Umi Fitri Indah Ayu Dian "
    "Eka Lina Maya Nia Putri Rahma Sari Tri Wulan Yanti Zahra Anisa Dwi Kartika Laila"
).split()
NAMA_BELAKANG = (
    "Santoso Wibowo Saputra Hidayat Prasetyo Susanto Rahayu Lestari Purnomo Setiawan Kusuma "
    "Nugroho Handayani Wahyuni Pratama Maharani Utami Ramadhan Firmansyah Kurniasih"
).split()
NAMA_KECAMATAN = (
    "Wiradesa Kajen Kedungwuni Buaran Tirto Wonopringgo Bojong Kesesi Sragi Siwalan Wonokerto "
    "Karanganyar Karangdadap Doro Talun Petungkriyono Lebakbarang Paninggaran Kandangserang"
).split()
PER_KECAMATAN = 33  # desa per kecamatan at most (the bench's district is one kecamatan of 33)
NAMA_DUSUN = ["Krajan", "Kauman", "Karanganyar", "Sidomulyo", "Tegalsari", "Sukamaju"]

# Current KB status of a PUS, with weights tuned to a typical Central Java village.
STATUS_KB_BOBOT = [
    ("suntik", 22), ("pil", 8), ("implan", 8), ("iud", 6), ("mow", 4), ("kondom_suami", 2),
    ("mop_suami", 1), ("mal", 1), ("tradisional", 2), ("ias", 16), ("iat", 5), ("tial", 4),
    ("belum", 5),
]  # fmt: skip
AIR_BOBOT = [
    (a, w) for a, w in zip(kode.SumberAir.values, (20, 15, 20, 20, 8, 5, 3, 3, 3, 3), strict=True)
]
JAMBAN_BOBOT = [(j, w) for j, w in zip(kode.Jamban.values, (72, 12, 10, 6), strict=True)]


try:  # psycopg2's multi-row VALUES; with psycopg 3 (or SQLite) executemany is the fast path
    from psycopg2.extras import execute_values
except ImportError:
    execute_values = None


def _penyesuai(f, sekarang):
    """How one field's value goes to the database (what bulk_create does per value, once)."""
    auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    if isinstance(f, models.JSONField) and connection.vendor == "postgresql":
        return lambda v: None if v is None else json.dumps(v, cls=f.encoder)
    if isinstance(f, (models.DateTimeField, models.DecimalField, models.JSONField)):
        if auto:
            return lambda v: f.get_db_prep_save(v or sekarang, connection)
        return lambda v: f.get_db_prep_save(v, connection)
    if isinstance(f, models.DateField) and connection.vendor != "postgresql":
        return lambda v: None if v is None else v.isoformat()
    return lambda v: v


def sisipkan(model, objs: list, *, batch: int = 5000) -> None:
    """Insert freshly built objects that carry their primary keys, like bulk_create but without
    its per-value SQL compilation (most of its time here): each field's value adapted once and the
    rows sent with psycopg2's execute_values (PostgreSQL) or executemany (SQLite). Like
    bulk_create: no save(), no signals, no history; auto_now fields left empty get now()."""
    if not objs:
        return
    fields = model._meta.concrete_fields
    sekarang = timezone.now()
    ubah = [(f.attname, _penyesuai(f, sekarang)) for f in fields]
    tabel = connection.ops.quote_name(model._meta.db_table)
    kolom = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cur:
        for i in range(0, len(objs), batch):
            baris = [tuple(u(getattr(o, a)) for a, u in ubah) for o in objs[i : i + batch]]
            if connection.vendor == "postgresql" and execute_values is not None:
                execute_values(
                    cur.cursor, f"INSERT INTO {tabel} ({kolom}) VALUES %s", baris, page_size=batch
                )
            else:
                tanda = ", ".join(["%s"] * len(fields))
                cur.executemany(f"INSERT INTO {tabel} ({kolom}) VALUES ({tanda})", baris)


@dataclass
class Hasil:
    desa: list[Desa] = field(default_factory=list)
    keluarga: int = 0
    anggota: int = 0
    detik: float = 0.0
    # Planted duplicate people: (original id, copy id, kind) (PembuatDesa.tanam_ganda).
    ganda: list = field(default_factory=list)
    ditulis: dict = field(default_factory=dict)  # rows written per model (statistics)


class _Id:
    """Explicit primary keys, continuing after what the table holds."""

    def __init__(self, model):
        self.n = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def __call__(self) -> int:
        self.n += 1
        return self.n - 1


def _pilih(rng: random.Random, bobot):
    nilai, w = zip(*bobot, strict=True)
    return rng.choices(nilai, weights=w)[0]


class PembuatDesa:
    """Builds one or more synthetic desa in memory, then bulk-inserts them."""

    def __init__(self, *, seed: int, hingga: dt.date, bulan_riwayat: int = 24):
        self.rng = random.Random(seed)
        # The fertility intentions of MAL/traditional users draw from their own generator, so the
        # rest of the village is what it was before intentions existed.
        self.rng_niat = random.Random(seed * 7919 + 16)
        # The planted duplicate people (issue 19) draw from their own generator too.
        self.rng_ganda = random.Random(seed * 104729 + 19)
        self.mal_tradisional = 0
        self.hingga = hingga
        self.awal_riwayat = tambah_bulan(hingga.replace(day=1), -(bulan_riwayat - 1))
        self.obj: dict[type, list] = {
            m: []
            for m in (
                Dusun,
                RW,
                RT,
                Rumah,
                Keluarga,
                Anggota,
                Peristiwa,
                Kehamilan,
                StatusKB,
                PindahRumah,
            )
        }
        self.ids = {m: _Id(m) for m in self.obj}
        self.ditulis: dict[type, int] = {}
        self.nik_terpakai: set[str] = set(
            Anggota.objects.exclude(nik=None).values_list("nik", flat=True)
        )
        self.kk_terpakai: set[str] = set(Keluarga.objects.values_list("no_kk", flat=True))
        self.sekarang = timezone.now()

    # --- helpers ---------------------------------------------------------------------------
    def _tgl_acak(self, mulai: dt.date, akhir: dt.date) -> dt.date:
        hari = (akhir - mulai).days
        return mulai + dt.timedelta(days=self.rng.randint(0, max(hari, 0)))

    def _lahir_umur(self, umur_min: float, umur_maks: float) -> dt.date:
        hari = self.rng.uniform(umur_min * 365.25, umur_maks * 365.25)
        return self.hingga - dt.timedelta(days=int(hari))

    def _nik(self, wilayah: str, lahir: dt.date, jk: str) -> str:
        hari = lahir.day + (40 if jk == JK.PEREMPUAN else 0)
        while True:
            nik = f"{wilayah}{hari:02d}{lahir:%m%y}{self.rng.randint(1, 9999):04d}"
            if nik not in self.nik_terpakai:
                self.nik_terpakai.add(nik)
                return nik

    def _no_kk(self, wilayah: str) -> str:
        while True:
            tgl = self._tgl_acak(dt.date(2005, 1, 1), self.hingga)
            kk = f"{wilayah}{tgl:%d%m%y}{self.rng.randint(1, 9999):04d}"
            if kk not in self.kk_terpakai:
                self.kk_terpakai.add(kk)
                return kk

    def _nama(self, jk: str) -> str:
        depan = self.rng.choice(NAMA_L if jk == JK.LAKI_LAKI else NAMA_P)
        return f"{depan} {self.rng.choice(NAMA_BELAKANG)}"

    def _tambah(self, model, **data):
        obj = model(pk=self.ids[model](), **data)
        self.obj[model].append(obj)
        return obj

    def _anggota(
        self,
        kel: Keluarga,
        wilayah: str,
        *,
        jk: str,
        lahir: dt.date,
        hubungan: str,
        kawin: str,
        ibu=None,
        **extra,
    ) -> Anggota:
        nama = self._nama(jk)
        tanpa_nik = lahir > self.hingga - dt.timedelta(days=120) and self.rng.random() < 0.3
        a = self._tambah(
            Anggota,
            desa_id=kel.desa_id,
            keluarga_id=kel.pk,
            nik=None if tanpa_nik else self._nik(wilayah, lahir, jk),
            nama=nama,
            nama_normal=normalisasi_nama(nama),
            jenis_kelamin=jk,
            tempat_lahir="Pekalongan",
            tanggal_lahir=lahir,
            status_kawin=kawin,
            hubungan=hubungan,
            ibu_id=ibu.pk if ibu else None,
            agama=kode.Agama.ISLAM if self.rng.random() < 0.95 else kode.Agama.KRISTEN,
            akta_lahir=self._akta(lahir),
            pekerjaan=self._pekerjaan(lahir, jk),
            pendidikan=self.rng.choice(kode.Pendidikan.values),
            jkn=_pilih(self.rng, [("pbi", 45), ("non_pbi", 25), ("swasta", 3), ("tidak", 27)]),
            keberadaan=kode.Keberadaan.DI_DALAM,
            status_hidup=kode.StatusHidup.HIDUP,
            sumber=kode.SumberData.DEMO,
            dibuat=self.sekarang,
            diubah=self.sekarang,
            **extra,
        )
        if kawin != SK.BELUM_KAWIN:
            a.usia_kawin_pertama = self.rng.randint(17, 26)
        return a

    def _akta(self, lahir: dt.date) -> str:
        umur = (self.hingga - lahir).days / 365.25
        if umur >= 18:
            return kode.AktaLahir.YA if self.rng.random() < 0.8 else ""
        r = self.rng.random()
        return kode.AktaLahir.YA if r < 0.85 else (kode.AktaLahir.TIDAK if r < 0.96 else "")

    def _pekerjaan(self, lahir: dt.date, jk: str) -> str:
        umur = (self.hingga - lahir).days / 365.25
        if umur < 18:
            return kode.Pekerjaan.TIDAK_BEKERJA
        if umur >= 65:
            return (
                kode.Pekerjaan.PENSIUNAN
                if self.rng.random() < 0.2
                else kode.Pekerjaan.TIDAK_BEKERJA
            )
        return self.rng.choice(kode.Pekerjaan.values)

    def _peristiwa(self, anggota: Anggota, jenis: str, tanggal: dt.date, **extra):
        lapor = min(tanggal + dt.timedelta(days=self.rng.randint(0, 20)), self.hingga)
        return self._tambah(
            Peristiwa,
            anggota_id=anggota.pk,
            jenis=jenis,
            tanggal=tanggal,
            tanggal_lapor=lapor,
            sumber=kode.SumberData.DEMO,
            dibuat=self.sekarang,
            **extra,
        )

    # --- a desa ----------------------------------------------------------------------------
    def buat_desa(
        self, *, kode_desa: str, nama: str, jumlah_keluarga: int, kecamatan: str = "Wiradesa"
    ) -> Desa:
        desa, _c = Desa.objects.get_or_create(
            kode=kode_desa,
            defaults={
                "nama": nama,
                "kecamatan_nama": kecamatan,
                "kabupaten_nama": "Pekalongan",
                "lat": Decimal("-6.880000") + Decimal(self.rng.randint(-500, 500)) / 10000,
                "lng": Decimal("109.610000") + Decimal(self.rng.randint(-500, 500)) / 10000,
            },
        )
        desa.bulan_awal_data = self.awal_riwayat
        desa.save(update_fields=["bulan_awal_data"])
        wilayah = kode_desa[:6]
        jumlah_dusun = max(1, min(6, jumlah_keluarga // 400 + 1))
        rts: list[tuple[RT, float, float]] = []
        for i in range(jumlah_dusun):
            dusun = self._tambah(Dusun, desa_id=desa.pk, nama=NAMA_DUSUN[i])
            for j in range(2):
                rw = self._tambah(
                    RW, dusun_id=dusun.pk, desa_id=desa.pk, nomor=f"{i * 2 + j + 1:03d}"
                )
                for k in range(max(1, min(5, jumlah_keluarga // (jumlah_dusun * 2 * 60) + 1))):
                    rt = self._tambah(RT, rw_id=rw.pk, desa_id=desa.pk, nomor=f"{k + 1:03d}")
                    pusat = (
                        float(desa.lat) + self.rng.uniform(-0.01, 0.01),
                        float(desa.lng) + self.rng.uniform(-0.01, 0.01),
                    )
                    rts.append((rt, *pusat))
        nomor_rumah: dict[int, int] = {}
        rumah_rt: list[Rumah] = []
        for n in range(jumlah_keluarga):
            rt, lat, lng = rts[n * len(rts) // jumlah_keluarga]
            # About one house in twelve holds a second family.
            if rumah_rt and rumah_rt[-1].rt_id == rt.pk and self.rng.random() < 0.08:
                rumah = rumah_rt[-1]
            else:
                nomor_rumah[rt.pk] = nomor_rumah.get(rt.pk, 0) + 1
                gps = self.rng.random() >= 0.25
                rumah = self._tambah(
                    Rumah,
                    desa_id=desa.pk,
                    rt_id=rt.pk,
                    nomor=str(nomor_rumah[rt.pk]),
                    alamat=f"RT {rt.nomor}",
                    lat=Decimal(f"{lat + self.rng.gauss(0, 0.0012):.6f}") if gps else None,
                    lng=Decimal(f"{lng + self.rng.gauss(0, 0.0012):.6f}") if gps else None,
                )
                rumah_rt.append(rumah)
            self._buat_keluarga(desa, rumah, wilayah)
        return desa

    def _buat_keluarga(self, desa: Desa, rumah: Rumah, wilayah: str) -> None:
        rng = self.rng
        kel = self._tambah(
            Keluarga,
            desa_id=desa.pk,
            rumah_id=rumah.pk,
            no_kk=self._no_kk(wilayah),
            sumber_air=_pilih(rng, AIR_BOBOT) if rng.random() > 0.08 else "",
            jamban=_pilih(rng, JAMBAN_BOBOT) if rng.random() > 0.08 else "",
            lantai=rng.choice(kode.Lantai.values),
            dinding=rng.choice(kode.Dinding.values),
            atap=rng.choice(kode.Atap.values),
            penerangan=kode.Penerangan.PLN,
            bahan_bakar=kode.BahanBakar.LISTRIK_GAS,
            kepemilikan_rumah=kode.KepemilikanRumah.MILIK_SENDIRI,
            penerima_bansos=rng.random() < 0.15,
            terakhir_diverifikasi=self._tgl_acak(self.hingga - dt.timedelta(days=540), self.hingga),
            sumber=kode.SumberData.DEMO,
            dibuat=self.sekarang,
            diubah=self.sekarang,
        )
        self._indikator_ks(kel)
        jenis = _pilih(
            rng, [("pasangan", 67), ("tunggal", 6), ("sendiri", 15), ("tiga_generasi", 12)]
        )
        if jenis == "sendiri":
            jk = rng.choice(JK.values)
            kepala = self._anggota(
                kel,
                wilayah,
                jk=jk,
                lahir=self._lahir_umur(55, 90),
                hubungan=H.KEPALA,
                kawin=_pilih(rng, [(SK.BELUM_KAWIN, 3), (SK.CERAI_MATI, 5), (SK.CERAI_HIDUP, 2)]),
            )
            self._mungkin_meninggal_atau_pindah(kepala, bisa_pindah=False)
            return
        if jenis == "tunggal":
            ibu = self._anggota(
                kel,
                wilayah,
                jk=JK.PEREMPUAN,
                lahir=self._lahir_umur(25, 55),
                hubungan=H.KEPALA,
                kawin=rng.choice([SK.CERAI_HIDUP, SK.CERAI_MATI]),
            )
            self._anak(kel, wilayah, ibu, rng.randint(1, 3))
            return
        umur_suami = rng.triangular(20, 80, 29)
        suami = self._anggota(
            kel,
            wilayah,
            jk=JK.LAKI_LAKI,
            lahir=self._lahir_umur(umur_suami, umur_suami + 1),
            hubungan=H.KEPALA,
            kawin=SK.KAWIN,
        )
        umur_istri = max(17.0, umur_suami - rng.uniform(0, 7))
        istri = self._anggota(
            kel,
            wilayah,
            jk=JK.PEREMPUAN,
            lahir=self._lahir_umur(umur_istri, umur_istri + 1),
            hubungan=H.ISTRI,
            kawin=SK.KAWIN,
        )
        self._mungkin_kawin_baru(suami, istri)
        anak = self._anak(kel, wilayah, istri, self._jumlah_anak(umur_istri))
        self._kb(istri, suami, anak)
        if jenis == "tiga_generasi":
            jk = _pilih(rng, [(JK.PEREMPUAN, 3), (JK.LAKI_LAKI, 1)])
            ortu = self._anggota(
                kel,
                wilayah,
                jk=jk,
                lahir=self._lahir_umur(max(umur_suami + 20, 55), max(umur_suami + 30, 85)),
                hubungan=H.ORANG_TUA,
                kawin=SK.CERAI_MATI,
            )
            self._mungkin_meninggal_atau_pindah(ortu, bisa_pindah=False, peluang=0.06)
        if umur_istri > 42 and anak and rng.random() < 0.45:
            self._anak_menikah(kel, wilayah, anak)
        if rng.random() < 0.012:
            self._pindah_keluar_keluarga(kel)

    def _indikator_ks(self, kel: Keluarga) -> None:
        if self.rng.random() < 0.35:
            return
        jawaban = {}
        gagal_di = _pilih(self.rng, [(1, 8), (7, 22), (15, 35), (20, 25), (99, 10)])
        for n in range(1, 22):
            if n == gagal_di or (n > gagal_di and self.rng.random() < 0.5):
                jawaban[str(n)] = kode.JawabanKS.TIDAK
            else:
                jawaban[str(n)] = (
                    kode.JawabanKS.YA if self.rng.random() > 0.05 else kode.JawabanKS.TIDAK_BERLAKU
                )
        kel.indikator_ks = jawaban
        kel.tahapan_ks = kel.hitung_tahapan_ks()

    def _jumlah_anak(self, umur_ibu: float) -> int:
        if umur_ibu < 22:
            return _pilih(self.rng, [(0, 3), (1, 6)])
        if umur_ibu < 30:
            return _pilih(self.rng, [(1, 4), (2, 5), (3, 2)])
        return _pilih(self.rng, [(0, 1), (1, 2), (2, 5), (3, 4), (4, 2)])

    def _anak(self, kel: Keluarga, wilayah: str, ibu: Anggota, jumlah: int) -> list[Anggota]:
        """Children born when the mother was 19–43, two to six years apart."""
        umur_ibu = (self.hingga - ibu.tanggal_lahir).days / 365.25
        hasil = []
        umur_ibu_saat_lahir = self.rng.uniform(19, 26)
        for _i in range(jumlah):
            umur_anak = umur_ibu - umur_ibu_saat_lahir
            if umur_anak < 0 or umur_ibu_saat_lahir > 43:
                break
            lahir = self._lahir_umur(umur_anak, umur_anak + 0.01)
            jk = self.rng.choice(JK.values)
            # A married child is made by _anak_menikah, with a spouse and a KB status.
            a = self._anggota(
                kel, wilayah, jk=jk, lahir=lahir, hubungan=H.ANAK, kawin=SK.BELUM_KAWIN, ibu=ibu
            )
            hasil.append(a)
            if lahir >= self.awal_riwayat:
                self._kelahiran(ibu, a)
            umur_ibu_saat_lahir += self.rng.uniform(2.2, 6)
        return hasil

    def _kelahiran(self, ibu: Anggota, anak: Anggota) -> None:
        self._peristiwa(anak, JP.LAHIR, anak.tanggal_lahir)
        mulai = anak.tanggal_lahir - dt.timedelta(days=self.rng.randint(250, 285))
        self._tambah(
            Kehamilan,
            ibu_id=ibu.pk,
            hpht=mulai,
            hpl=mulai + dt.timedelta(days=280),
            mulai=mulai,
            selesai=anak.tanggal_lahir,
            hasil=kode.HasilKehamilan.LAHIR,
            sumber=kode.SumberData.DEMO,
            dibuat=self.sekarang,
        )

    def _mungkin_kawin_baru(self, suami: Anggota, istri: Anggota) -> None:
        umur = (self.hingga - istri.tanggal_lahir).days / 365.25
        if umur < 26 and self.rng.random() < 0.4:
            tgl = self._tgl_acak(
                max(self.awal_riwayat, tambah_bulan(istri.tanggal_lahir, 12 * 17)), self.hingga
            )
            for a in (suami, istri):
                self._peristiwa(a, JP.KAWIN, tgl, status_kawin_lama=SK.BELUM_KAWIN)

    def _kb(self, istri: Anggota, suami: Anggota, anak: list[Anggota]) -> None:
        rng = self.rng
        umur = (self.hingga - istri.tanggal_lahir).days / 365.25
        if umur >= 50:
            return
        bungsu = max((a.tanggal_lahir for a in anak), default=None)
        if rng.random() < 0.065 and umur < 44:
            mulai = self.hingga - dt.timedelta(days=rng.randint(20, 250))
            if bungsu is not None and mulai <= bungsu + dt.timedelta(days=60):
                mulai = None  # a birth ends her last pregnancy; no new one over it
        else:
            mulai = None
        if mulai is not None:
            self._tambah(
                Kehamilan,
                ibu_id=istri.pk,
                hpht=mulai,
                hpl=mulai + dt.timedelta(days=280),
                mulai=mulai,
                sumber=kode.SumberData.DEMO,
                dibuat=self.sekarang,
            )
            if rng.random() < 0.5:
                return
            # Some pregnancies overlap a recorded method: Hamil wins (and the worklist flags it).
            if rng.random() < 0.1:
                self._status(
                    istri, metode="suntik", mulai=mulai - dt.timedelta(days=200), baru=False
                )
            return
        status = _pilih(rng, STATUS_KB_BOBOT)
        if status == "ias" and (umur > 40 or len(anak) >= 3):
            status = "tial" if rng.random() < 0.4 else "suntik"
        awal_min = max(
            self.awal_riwayat - dt.timedelta(days=1500), tambah_bulan(istri.tanggal_lahir, 12 * 15)
        )
        mulai = self._tgl_acak(awal_min, self.hingga - dt.timedelta(days=1))
        if bungsu and bungsu > mulai:
            mulai = min(self.hingga, bungsu + dt.timedelta(days=rng.randint(40, 120)))
        baru = bool(bungsu and abs((mulai - bungsu).days) < 200) or rng.random() < 0.05
        # An earlier episode for about a third: the history the report's PB and trends read.
        if rng.random() < 0.35 and mulai - awal_min > dt.timedelta(days=120):
            dulu = self._tgl_acak(awal_min, mulai - dt.timedelta(days=60))
            self._status(
                istri,
                metode=rng.choice(["pil", "suntik", "kondom"]),
                mulai=dulu,
                selesai=mulai,
                baru=rng.random() < 0.3,
            )
        if status in ("ias", "iat", "tial"):
            self._status(istri, alasan=status, mulai=mulai)
        elif status.endswith("_suami"):
            self._status(suami, metode=status.split("_")[0], mulai=mulai, baru=baru)
        elif status != "belum":
            self._status(istri, metode=status, mulai=mulai, baru=baru)

    def _niat(self, metode) -> str | None:
        """Most MAL/traditional users have their fertility intention recorded; every fifth has
        not, for the worklist (mal_tradisional_tanpa_niat) and the portal form's problems."""
        if metode not in kode.METODE_NIAT:
            return None
        self.mal_tradisional += 1
        if self.mal_tradisional % 5 == 0:
            return None
        return self.rng_niat.choices(["ias", "iat", "tial"], weights=[4, 3, 3])[0]

    def _status(
        self, a: Anggota, *, mulai: dt.date, metode=None, alasan=None, selesai=None, baru=False
    ) -> None:
        self._tambah(
            StatusKB,
            anggota_id=a.pk,
            metode=metode,
            alasan=alasan,
            niat=self._niat(metode),
            mulai=mulai,
            selesai=selesai,
            baru=baru and metode is not None,
            tempat_pelayanan=self.rng.choice(["Puskesmas", "Bidan desa", "PMB", "Klinik"]),
            sumber=kode.SumberData.DEMO,
            dibuat=self.sekarang,
        )

    def _mungkin_meninggal_atau_pindah(
        self, a: Anggota, *, bisa_pindah: bool = True, peluang: float = 0.04
    ) -> None:
        if self.rng.random() < peluang:
            tgl = self._tgl_acak(self.awal_riwayat, self.hingga)
            if tgl > a.tanggal_lahir:
                self._peristiwa(a, JP.MENINGGAL, tgl)
                a.status_hidup = kode.StatusHidup.MENINGGAL

    def _anak_menikah(self, kel: Keluarga, wilayah: str, anak: list[Anggota]) -> None:
        """An adult child with a spouse (menantu), sometimes moved in during the history."""
        tertua = min(anak, key=lambda a: a.tanggal_lahir)
        umur = (self.hingga - tertua.tanggal_lahir).days / 365.25
        if umur < 19:
            return
        tertua.status_kawin = SK.KAWIN
        tertua.usia_kawin_pertama = self.rng.randint(19, 24)
        jk = JK.LAKI_LAKI if tertua.jenis_kelamin == JK.PEREMPUAN else JK.PEREMPUAN
        menantu = self._anggota(
            kel,
            wilayah,
            jk=jk,
            lahir=self._lahir_umur(umur - 2, umur + 3),
            hubungan=H.MENANTU,
            kawin=SK.KAWIN,
        )
        if self.rng.random() < 0.3:
            self._peristiwa(menantu, JP.DATANG, self._tgl_acak(self.awal_riwayat, self.hingga))
        istri = tertua if tertua.jenis_kelamin == JK.PEREMPUAN else menantu
        suami = menantu if istri is tertua else tertua
        cucu = []
        umur_istri = (self.hingga - istri.tanggal_lahir).days / 365.25
        if self.rng.random() < 0.55 and umur_istri > 20:
            umur_cucu = self.rng.uniform(0, min(5, umur_istri - 19))
            lahir = self._lahir_umur(umur_cucu, umur_cucu + 0.01)
            c = self._anggota(
                kel,
                wilayah,
                jk=self.rng.choice(JK.values),
                lahir=lahir,
                hubungan=H.CUCU,
                kawin=SK.BELUM_KAWIN,
                ibu=istri,
            )
            if lahir >= self.awal_riwayat:
                self._kelahiran(istri, c)
            cucu.append(c)
        self._kb(istri, suami, cucu)

    def _pindah_keluar_keluarga(self, kel: Keluarga) -> None:
        tgl = self._tgl_acak(self.awal_riwayat, self.hingga)
        for a in self.obj[Anggota][::-1]:
            if a.keluarga_id != kel.pk:
                break
            if a.tanggal_lahir < tgl and a.status_hidup == kode.StatusHidup.HIDUP:
                self._peristiwa(a, JP.PINDAH_KELUAR, tgl)
                a.status_hidup = kode.StatusHidup.PINDAH

    def pindah_antar_keluarga(self, desa: Desa, jumlah: int) -> None:
        """A few dated moves between families and houses, so histories exercise those paths."""
        kel = [k for k in self.obj[Keluarga] if k.desa_id == desa.pk]
        rumah = [r for r in self.obj[Rumah] if r.desa_id == desa.pk]
        anak = [
            a
            for a in self.obj[Anggota]
            if a.desa_id == desa.pk and a.hubungan == H.ANAK and a.status_hidup == "hidup"
        ]
        for _i in range(jumlah):
            a = self.rng.choice(anak)
            tujuan = self.rng.choice(kel)
            tgl = self._tgl_acak(max(self.awal_riwayat, a.tanggal_lahir), self.hingga)
            if tujuan.pk == a.keluarga_id:
                continue
            self._peristiwa(
                a, JP.PINDAH_KK, tgl, keluarga_asal_id=a.keluarga_id, keluarga_tujuan_id=tujuan.pk
            )
            a.keluarga_id = tujuan.pk
            a.hubungan = H.FAMILI_LAIN
            a.ibu_id = a.ibu_id  # the mother link stays
        for _i in range(jumlah):
            k = self.rng.choice(kel)
            baru = self.rng.choice(rumah)
            if baru.pk == k.rumah_id:
                continue
            tgl = self._tgl_acak(self.awal_riwayat, self.hingga)
            self._tambah(
                PindahRumah,
                keluarga_id=k.pk,
                rumah_asal_id=k.rumah_id,
                rumah_tujuan_id=baru.pk,
                tanggal=tgl,
                tanggal_lapor=tgl,
                dibuat=self.sekarang,
            )
            k.rumah_id = baru.pk

    def tanam_ganda(self, desa: Desa, per_jenis: int = 2) -> list[tuple[int, int, str]]:
        """A realistic handful of duplicate people (issue 19), `per_jenis` of each kind: the
        same person entered a second time, as village data arrives from several hands. Returns
        (original id, copy id, kind). Each copy is one more person in the population (and one
        more PUS when she is a married woman of 15–49): that is what a duplicate does."""
        rng = self.rng_ganda
        orang = [
            a
            for a in self.obj[Anggota]
            if a.desa_id == desa.pk and a.status_hidup == kode.StatusHidup.HIDUP
        ]
        kel = [k for k in self.obj[Keluarga] if k.desa_id == desa.pk]
        dipakai: set[int] = set()
        hasil = []

        def pilih(syarat):
            calon = [a for a in orang if a.pk not in dipakai and syarat(a)]
            a = rng.choice(calon)
            dipakai.add(a.pk)
            return a

        def umur(a):
            return (self.hingga - a.tanggal_lahir).days / 365.25

        def keluarga_lain(a):
            while True:
                k = rng.choice(kel)
                if k.pk != a.keluarga_id:
                    return k

        def salin(a, jenis, **ganti):
            data = {
                f.attname: getattr(a, f.attname)
                for f in Anggota._meta.concrete_fields
                if f.attname not in ("id", "uuid_luring", "dibuat", "diubah")
            }
            data.update({"nik": None, "hubungan": H.FAMILI_LAIN, **ganti})
            data["nama_normal"] = normalisasi_nama(data["nama"])
            b = self._tambah(Anggota, **data)
            hasil.append((a.pk, b.pk, jenis))
            return b

        def nik_ubah(nik, tukar):
            """One digit of the serial mistyped, or two adjacent digits swapped (in the serial
            when they differ there); None when every such NIK is taken."""
            if tukar:
                posisi = [i for i in range(12, 15) if nik[i] != nik[i + 1]]
                posisi = posisi or [i for i in range(15) if nik[i] != nik[i + 1]]
                calon = [nik[:i] + nik[i + 1] + nik[i] + nik[i + 2 :] for i in posisi]
            else:
                calon = [
                    nik[:i] + str((int(nik[i]) + d) % 10) + nik[i + 1 :]
                    for i in range(12, 16)
                    for d in range(1, 10)
                ]
            calon = [c for c in calon if c not in self.nik_terpakai]
            if not calon:
                return None
            baru = rng.choice(calon)
            self.nik_terpakai.add(baru)
            return baru

        singkat = {"Siti": "St.", "Nur": "Nurul", "Sri": "Sri"}
        for _i in range(per_jenis):
            # A married woman never taken off her parents' KK: still there, unmarried, no NIK.
            a = pilih(lambda x: x.hubungan == H.ISTRI and 20 <= umur(x) <= 35)
            depan, _s, sisa = a.nama.partition(" ")
            salin(
                a,
                "belum_dicoret_dari_kk_orang_tua",
                nama=f"{singkat.get(depan, depan)} {sisa}",
                keluarga_id=keluarga_lain(a).pk,
                hubungan=H.ANAK,
                status_kawin=SK.BELUM_KAWIN,
                usia_kawin_pertama=None,
                ibu_id=None,
            )
            # A man entered again by a kader with his title: "H. Agus Santoso".
            a = pilih(lambda x: x.hubungan == H.KEPALA and x.jenis_kelamin == JK.LAKI_LAKI)
            salin(a, "gelar", nama=f"H. {a.nama}", keluarga_id=keluarga_lain(a).pk)
            # A NIK with one digit mistyped (a re-import), in another KK.
            a = pilih(lambda x: x.nik and umur(x) >= 17)
            salin(a, "nik_beda_1", nik=nik_ubah(a.nik, False), keluarga_id=keluarga_lain(a).pk)
            # A NIK with two adjacent digits swapped.
            a = pilih(lambda x: x.nik and umur(x) >= 17)
            salin(a, "nik_tukar", nik=nik_ubah(a.nik, True), keluarga_id=keluarga_lain(a).pk)
            # A child entered again at the posyandu without NIK (same mother, same KK).
            a = pilih(lambda x: x.ibu_id and umur(x) < 5)
            salin(a, "anak_posyandu", nama=a.nama.replace(" ", "", 1), hubungan=a.hubungan)
            # Day and month of birth swapped on a form.
            a = pilih(
                lambda x: (
                    umur(x) >= 17
                    and x.tanggal_lahir.day <= 12
                    and x.tanggal_lahir.day != x.tanggal_lahir.month
                )
            )
            lahir = a.tanggal_lahir
            salin(
                a,
                "tanggal_tertukar",
                tanggal_lahir=lahir.replace(month=lahir.day, day=lahir.month),
                keluarga_id=keluarga_lain(a).pk,
            )
        return hasil

    @transaction.atomic
    def simpan(self, *, kosongkan: bool = False) -> None:
        """Insert what was built; `kosongkan` then forgets it (a kabupaten is written desa by desa,
        so memory and the per-desa scans of `self.obj` stay the size of one desa)."""
        for model, objs in self.obj.items():
            sisipkan(model, objs)
            self.ditulis[model] = self.ditulis.get(model, 0) + len(objs)
            if kosongkan:
                objs.clear()
        with connection.cursor() as cur:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(self.obj)):
                cur.execute(sql)


def buat_demo(
    *,
    keluarga: int,
    seed: int = 1,
    desa: int = 1,
    hingga: dt.date | None = None,
    kode_awal: str = "3326012001",
) -> Hasil:
    """Seed `keluarga` families spread over `desa` villages with 24 months of history."""
    import time

    mulai = time.perf_counter()
    hingga = hingga or timezone.localdate()
    p = PembuatDesa(seed=seed, hingga=hingga)
    hasil = Hasil()
    nama_desa = [
        "Pakumbulan",
        "Kemplong",
        "Kadipaten",
        "Bener",
        "Petukangan",
        "Kauman",
        "Tegaldowo",
        "Gumawang",
    ]
    # Up to 33 desa form one kecamatan (the codes and data of --villages 1 and 33 are what they
    # always were); more form a kabupaten of ceil(desa / 33) kecamatan of equal size, kecamatan
    # k (0-based) coded kode_awal[:4] + (kode_awal[4:6] + k), its desa numbered from kode_awal[6:].
    jumlah_kec = -(-desa // PER_KECAMATAN)
    per_kec = -(-desa // jumlah_kec)
    for i in range(desa):
        k, j = divmod(i, per_kec)
        kode_desa = f"{kode_awal[:4]}{int(kode_awal[4:6]) + k:02d}{int(kode_awal[6:]) + j:04d}"
        jumlah = keluarga // desa + (1 if i < keluarga % desa else 0)
        nama = nama_desa[i] if i < len(nama_desa) else f"Desa {i + 1}"
        d = p.buat_desa(
            kode_desa=kode_desa,
            nama=nama,
            jumlah_keluarga=jumlah,
            kecamatan=NAMA_KECAMATAN[k % len(NAMA_KECAMATAN)],
        )
        p.pindah_antar_keluarga(d, max(1, jumlah // 200))
        # A handful of duplicate people per 1,000 families (none in the small test villages,
        # whose poktan and follow-up draws stay as they were).
        if jumlah >= 1000:
            hasil.ganda += p.tanam_ganda(d, per_jenis=min(3, jumlah // 1000))
        hasil.desa.append(d)
        if jumlah_kec > 1:
            p.simpan(kosongkan=True)
    p.simpan()
    for d in hasil.desa:  # the stored duplicate candidates, as the nightly run would leave them
        ganda.segarkan(d.pk)
    hasil.keluarga = p.ditulis.get(Keluarga, 0)
    hasil.anggota = p.ditulis.get(Anggota, 0)
    hasil.ditulis = dict(p.ditulis)
    hasil.detik = time.perf_counter() - mulai
    return hasil


def akhir_bulan_lalu(hari: dt.date) -> dt.date:
    awal = hari.replace(day=1) - dt.timedelta(days=1)
    return akhir_bulan(awal.year, awal.month)
