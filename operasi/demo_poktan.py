"""Deterministic demo poktan and posyandu data for villages built by operasi.demo.

Groups of every type, members over their eligible years, 24 months of meetings with attendance
(a few months unreported), UPPKA capital and turnover, and monthly weighings with plausible
growth: about one child in five stunted, some not weighed, some losing weight, a few typing
errors flagged for re-measurement. Built in memory with explicit primary keys, then bulk-inserted;
z-scores come from the same code as a kader's entry (services.isi_hasil_ukur).

SIGA registers (issue 17): most groups of the five register types get a profile (codes, pembina,
SK, funding, integration, materials), officers with NIK/KB/trained and a kader; meetings a
presenter category, discussion and (BKB) age group; BKB children a monthly Kartu Kembang Anak
(a few children "perlu rujuk" for months running); BKL elders a dated kemandirian; most months a
handover, a few a "no meeting held" record. One group in six keeps its profile empty, so the forms
show what is missing. These draw on their own random stream, so the figures of the groups,
members, meetings and weighings are the same as before.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone

from keluarga import kode as kode_keluarga
from keluarga.indicators import akhir_bulan, tambah_bulan
from keluarga.models import RW, Anggota, Desa, Dusun, Keluarga
from operasi.demo import sisipkan
from poktan import antropometri as antro
from poktan import tata_letak as tl
from poktan.kode import CaraUkur, JenisKelompok, KelompokUmurBkb, SumberDana
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
from poktan.services import isi_hasil_ukur

J = JenisKelompok
BUNGA = (
    "Mawar Melati Anggrek Kenanga Cempaka Dahlia Flamboyan Kamboja Teratai Tulip Sakura Seruni "
    "Bougenville Aster Lily Asoka"
).split()
NAMA_DEPAN = "Siti Sri Dewi Rina Wati Endang Tutik Umi Yuni Sumiati Kartini Lestari".split()
NAMA_BELAKANG = "Rahayu Lestari Handayani Wahyuni Kurniasih Utami Maharani".split()
NARASUMBER = ["Bidan Desa", "PLKB", "Petugas Puskesmas", "Ketua kelompok", "Kader", "Penyuluh KB"]
# Share of eligible families (or persons) that join, per type.
PELUANG_MASUK = {J.BKB: 0.65, J.BKR: 0.45, J.BKL: 0.5, J.PIK_R: 0.3, J.POSYANDU: 0.92}
BAGIAN_STUNTING = 5  # every 5th child (by birth date) grows stunted: about 20 %
KATEGORI_NARASUMBER = {"PLKB": "plkb", "Penyuluh KB": "plkb"}


@dataclass
class HasilPoktan:
    kelompok: int = 0
    keanggotaan: int = 0
    pertemuan: int = 0
    kehadiran: int = 0
    penimbangan: int = 0
    ditulis: dict = field(default_factory=dict)  # rows written per model (statistics)


class _Id:
    def __init__(self, model):
        self.n = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def __call__(self) -> int:
        self.n += 1
        return self.n - 1


@dataclass
class _Anak:
    """A growing child: persistent z-scores that drift a little every month."""

    pk: int
    jenis_kelamin: str
    lahir: dt.date
    haz: float
    waz: float
    kms: bool
    rajin: float


class PembuatPoktan:
    def __init__(self, *, seed: int, hingga: dt.date, bulan: int = 24):
        self.rng = random.Random(seed)
        self.hingga = hingga
        self.awal = tambah_bulan(hingga.replace(day=1), -(bulan - 1))
        self.obj: dict[type, list] = {
            m: [] for m in (Kelompok, Pengurus, Keanggotaan, Pertemuan, Kehadiran, Penimbangan, KeuanganUppka, KartuKembangAnak, KemandirianLansia, RegisterKelompok)
        }  # fmt: skip
        # The SIGA fields draw on their own stream: the older figures stay as they were.
        self.rng2 = random.Random(seed * 7919 + 17)
        self.kka_sudah: set[tuple[int, dt.date]] = set()
        self.n_register = 0
        self.ids = {m: _Id(m) for m in self.obj}
        self.ditulis: dict[type, int] = {}
        self.through_dusun: list = []
        self.through_rw: list = []
        self.topik = defaultdict(list)
        for t in Topik.objects.filter(aktif=True).order_by("pk"):
            self.topik[t.jenis].append(t.pk)
        self.sekarang = timezone.now()

    # --- helpers ------------------------------------------------------------------------------
    def _tambah(self, model, **data):
        obj = model(pk=self.ids[model](), **data)
        self.obj[model].append(obj)
        return obj

    def _nama(self, rng=None) -> str:
        rng = rng or self.rng
        return f"{rng.choice(NAMA_DEPAN)} {rng.choice(NAMA_BELAKANG)}"

    def _bulan_bulan(self):
        """First days of the months from the start of the history to `hingga`."""
        b = self.awal
        while b <= self.hingga:
            yield b
            b = tambah_bulan(b, 1)

    def _kelompok(self, desa: Desa, jenis: str, nama: str, *, dusun=(), rw=()) -> Kelompok:
        k = self._tambah(
            Kelompok,
            desa_id=desa.pk,
            jenis=jenis,
            nama=nama,
            tanggal_berdiri=(self.awal - dt.timedelta(days=self.rng.randint(400, 3600))).replace(
                day=1
            ),
            aktif=True,
            dibuat=self.sekarang,
        )
        for d in dusun:
            self.through_dusun.append(Kelompok.wilayah_dusun.through(kelompok_id=k.pk, dusun_id=d))
        for r in rw:
            self.through_rw.append(Kelompok.wilayah_rw.through(kelompok_id=k.pk, rw_id=r))
        lengkap = False
        if jenis in tl.JENIS_REGISTER:
            self.n_register += 1
            lengkap = self.n_register % 6 != 4  # every sixth group keeps an empty profile
        for i, jabatan in enumerate(("Ketua", "Sekretaris", "Bendahara")):
            self._tambah(
                Pengurus,
                kelompok_id=k.pk,
                jabatan=jabatan,
                nama=self._nama(),
                urutan=i,
                **(self._rinci_pengurus(desa, jabatan) if lengkap else {}),
            )
        if lengkap:
            self._tambah(
                Pengurus,
                kelompok_id=k.pk,
                jabatan="Kader",
                nama=self._nama(self.rng2),
                urutan=3,
                **self._rinci_pengurus(desa, "Kader"),
            )
            self._profil(k, desa)
        k.rajin = self.rng.uniform(0.55, 0.9)  # how often members attend
        k.hari = self.rng.randint(3, 25)  # its meeting day of the month
        return k

    def _rinci_pengurus(self, desa: Desa, jabatan: str) -> dict:
        r = self.rng2
        return {
            "peran": jabatan.lower(),
            "nik": f"{desa.kode[:6]}{r.randint(410101, 711299):06d}{r.randint(1, 9999):04d}",
            "peserta_kb": r.random() < 0.6,
            "terlatih": r.random() < 0.7,
        }

    def _profil(self, k: Kelompok, desa: Desa) -> None:
        """The K/0 profile of a group: codes, pembina, SK, funding, integration, materials."""
        r = self.rng2
        k.kode_kelompok = f"{desa.kode[-4:]}{tl.KODE_JENIS[k.jenis][:3]}{k.pk % 1000:03d}"
        k.nomor_register = f"{k.pk:05d}"
        k.pembina_nomor = f"PLKB-{r.randint(100, 999)}"
        k.pembina_nama = self._nama(r)
        k.pembina_jabatan = r.choice(["plkb", "plkb", "pplkb", "ppkbd", "sub_ppkbd"])
        k.sk_ada = r.random() < 0.8
        if k.sk_ada:
            k.sk_nomor = f"{r.randint(1, 150)}/SK/{k.tanggal_berdiri.year}"
            k.sk_tanggal = k.tanggal_berdiri + dt.timedelta(days=r.randint(10, 120))
            k.sk_penerbit = r.choice(["kepala_desa", "kepala_desa", "camat", "opd_kb"])
        k.sumber_dana = sorted(r.sample(SumberDana.values, r.randint(1, 3)))
        pilihan = [kode for kode, _l in tl.INTEGRASI[k.jenis] if kode != "lain"]
        k.integrasi = sorted(r.sample(pilihan, r.randint(0, len(pilihan))))
        if k.jenis in tl.PROYEK_PRIORITAS:
            k.proyek_prioritas = r.random() < 0.3
        materi = [kode for kode, _l in tl.MATERI[k.jenis]]
        k.materi = [m for m in materi if r.random() < 0.7]

    def _masuk(self, k: Kelompok, mulai_layak: dt.date, akhir_layak: dt.date | None, **siapa):
        """A membership inside the eligible interval, if it reaches the history."""
        if akhir_layak is not None and akhir_layak <= self.awal:
            return None
        if mulai_layak > self.hingga:
            return None
        if mulai_layak < self.awal:
            mulai = self.awal - dt.timedelta(days=self.rng.randint(0, 500))
            mulai = max(mulai, mulai_layak)
        else:
            mulai = min(mulai_layak + dt.timedelta(days=self.rng.randint(0, 75)), self.hingga)
        selesai = akhir_layak if akhir_layak is not None and akhir_layak <= self.hingga else None
        if selesai is not None and selesai <= mulai:
            return None
        m = self._tambah(
            Keanggotaan,
            kelompok_id=k.pk,
            jenis=k.jenis,
            mulai=mulai,
            selesai=selesai,
            dibuat=self.sekarang,
            **siapa,
        )
        m.rajin = min(0.97, max(0.15, self.rng.gauss(k.rajin, 0.2)))
        return m

    # --- a desa -------------------------------------------------------------------------------
    def buat(self, desa: Desa) -> None:
        rng = self.rng
        dusun = list(Dusun.objects.filter(desa=desa).order_by("pk").values_list("pk", "nama"))
        rw = list(
            RW.objects.filter(desa=desa).order_by("pk").values_list("pk", "dusun_id", "nomor")
        )
        orang = list(
            Anggota.objects.filter(desa=desa, status_hidup=kode_keluarga.StatusHidup.HIDUP)
            .order_by("pk")
            .values(
                "pk",
                "keluarga_id",
                "tanggal_lahir",
                "jenis_kelamin",
                "status_kawin",
                rw=F("keluarga__rumah__rt__rw_id"),
            )
        )
        keluarga = list(
            Keluarga.objects.filter(desa=desa)
            .order_by("pk")
            .values("pk", "tahapan_ks", "penerima_bansos", dusun=F("rumah__rt__rw__dusun_id"))
        )
        per_keluarga = defaultdict(list)
        for o in orang:
            per_keluarga[o["keluarga_id"]].append(o)
        bunga = iter(BUNGA * 4)

        # BKB and BKL per dusun; BKR, PIK-R and two UPPKA for the whole desa; a posyandu per RW.
        bkb = {
            d: self._kelompok(desa, J.BKB, f"{next(bunga)} {nama}", dusun=[d]) for d, nama in dusun
        }
        bkl = {d: self._kelompok(desa, J.BKL, f"Lansia {nama}", dusun=[d]) for d, nama in dusun}
        bkr = self._kelompok(desa, J.BKR, f"Remaja {desa.nama}")
        pikr = self._kelompok(desa, J.PIK_R, f"Generasi {desa.nama}")
        uppka = [self._kelompok(desa, J.UPPKA, n) for n in ("Maju Bersama", "Sejahtera Mandiri")]
        posyandu = {
            r: self._kelompok(desa, J.POSYANDU, f"{next(bunga)} RW {nomor}", rw=[r])
            for r, _d, nomor in rw
        }
        anggota_kelompok = defaultdict(list)

        def layak(lahir: list[dt.date], dari_bulan: int, sampai_bulan: int | None):
            """The last interval, overlapping the history, in which someone's age is in range."""
            rentang = sorted(
                (
                    tambah_bulan(b, dari_bulan),
                    tambah_bulan(b, sampai_bulan) if sampai_bulan else None,
                )
                for b in lahir
            )
            gabung: list[list] = []
            for a, b in rentang:
                if gabung and (gabung[-1][1] is None or a <= gabung[-1][1]):
                    gabung[-1][1] = (
                        None if b is None or gabung[-1][1] is None else max(b, gabung[-1][1])
                    )
                else:
                    gabung.append([a, b])
            hasil = [
                g for g in gabung if (g[1] is None or g[1] > self.awal) and g[0] <= self.hingga
            ]
            return tuple(hasil[-1]) if hasil else None

        for kel in keluarga:
            isi = per_keluarga[kel["pk"]]
            if not isi:
                continue
            syarat = {
                J.BKB: layak([o["tanggal_lahir"] for o in isi], 0, 72),
                J.BKR: layak(
                    [o["tanggal_lahir"] for o in isi if o["status_kawin"] == "belum_kawin"],
                    120,
                    300,
                ),
                J.BKL: layak([o["tanggal_lahir"] for o in isi], 720, None),
            }
            grup = {J.BKB: bkb.get(kel["dusun"]), J.BKR: bkr, J.BKL: bkl.get(kel["dusun"])}
            for jenis, rentang in syarat.items():
                if rentang and grup[jenis] and rng.random() < PELUANG_MASUK[jenis]:
                    m = self._masuk(grup[jenis], *rentang, keluarga_id=kel["pk"])
                    if m:
                        anggota_kelompok[grup[jenis].pk].append(m)
            kurang_mampu = kel["penerima_bansos"] or kel["tahapan_ks"] in ("pra_s", "ks_1")
            if rng.random() < (0.12 if kurang_mampu else 0.04):
                k = rng.choice(uppka)
                m = self._masuk(k, self.awal - dt.timedelta(days=900), None, keluarga_id=kel["pk"])
                if m:
                    anggota_kelompok[k.pk].append(m)

        anak_list = []
        for o in orang:
            if o["status_kawin"] == "belum_kawin" and rng.random() < PELUANG_MASUK[J.PIK_R]:
                rentang = layak([o["tanggal_lahir"]], 120, 300)
                if rentang:
                    m = self._masuk(pikr, *rentang, anggota_id=o["pk"])
                    if m:
                        anggota_kelompok[pikr.pk].append(m)
            if o["tanggal_lahir"] > tambah_bulan(self.awal, -60) and o["rw"] in posyandu:
                anak_list.append(o)
        self._balita(anak_list, posyandu, anggota_kelompok)

        self.per_keluarga = per_keluarga
        for k in [*bkb.values(), *bkl.values(), bkr, pikr, *uppka, *posyandu.values()]:
            self._register(k, anggota_kelompok[k.pk])
        for k in bkl.values():
            self._kemandirian(anggota_kelompok[k.pk])

    def _balita(self, anak_list, posyandu, anggota_kelompok) -> None:
        """Posyandu members with persistent growth: every 5th child by birth date stunted."""
        rng = self.rng
        anak_list = sorted(anak_list, key=lambda o: (o["tanggal_lahir"], o["pk"]))
        for i, o in enumerate(anak_list):
            k = posyandu[o["rw"]]
            if rng.random() >= PELUANG_MASUK[J.POSYANDU]:
                continue
            m = self._masuk(
                k, o["tanggal_lahir"], tambah_bulan(o["tanggal_lahir"], 60), anggota_id=o["pk"]
            )
            if m is None:
                continue
            haz = rng.uniform(-3.3, -2.35) if i % BAGIAN_STUNTING == 2 else rng.uniform(-1.8, 1.3)
            m.anak = _Anak(
                pk=o["pk"],
                jenis_kelamin=o["jenis_kelamin"],
                lahir=o["tanggal_lahir"],
                haz=haz,
                waz=max(-3.6, min(2.0, 0.6 * haz + rng.gauss(0, 0.6))),
                kms=rng.random() < 0.8,
                rajin=rng.uniform(0.82, 0.97),
            )
            anggota_kelompok[k.pk].append(m)
        for k in posyandu.values():  # a couple of children from outside the village
            for _i in range(2):
                lahir = self.hingga - dt.timedelta(days=rng.randint(200, 1500))
                jk = rng.choice(["L", "P"])
                m = self._masuk(
                    k,
                    lahir,
                    tambah_bulan(lahir, 60),
                    nama_luar=f"{self._nama().split()[0]} (tamu)",
                    jenis_kelamin_luar=jk,
                    tanggal_lahir_luar=lahir,
                    alamat_luar="Desa tetangga",
                )
                if m:
                    m.anak = _Anak(
                        0, jk, lahir, rng.uniform(-1.5, 1), rng.uniform(-1.5, 1), True, 0.7
                    )
                    anggota_kelompok[k.pk].append(m)

    # --- the register ---------------------------------------------------------------------------
    def _register(self, k: Kelompok, anggota: list) -> None:
        rng = self.rng
        anggota = [m for m in anggota if m is not None]
        topik = self.topik.get(k.jenis) or [None]
        hadir_bulan: set[dt.date] = set()
        for bulan in self._bulan_bulan():
            hari = min(k.hari, akhir_bulan(bulan.year, bulan.month).day)
            tanggal = bulan.replace(day=hari)
            if tanggal > self.hingga or rng.random() < (0.04 if k.jenis == J.POSYANDU else 0.08):
                continue
            t = rng.choice(topik)
            p = self._tambah(
                Pertemuan,
                kelompok_id=k.pk,
                tanggal=tanggal,
                topik_id=t,
                topik_lain="" if t else "Pertemuan rutin",
                narasumber=(narasumber := rng.choice(NARASUMBER)),
                kategori_narasumber=KATEGORI_NARASUMBER.get(narasumber, "lainnya"),
                diskusi=self.rng2.random() < 0.7 if k.jenis != J.POSYANDU else None,
                kelompok_umur=self.rng2.choice(KelompokUmurBkb.values) if k.jenis == J.BKB else "",
                tempat="Balai desa" if k.jenis != J.POSYANDU else "Pos RW",
                dibuat=self.sekarang,
                diubah=self.sekarang,
            )
            hadir_bulan.add(bulan)
            if k.uppka:
                modal = 2_000_000 + 50_000 * rng.randint(0, 60)
                self._tambah(
                    KeuanganUppka,
                    kelompok_id=k.pk,
                    bulan=bulan,
                    modal=modal,
                    omzet=int(modal * rng.uniform(0.1, 0.45) / 1000) * 1000,
                    diubah=self.sekarang,
                )
            for m in anggota:
                if not m.terbuka_pada(tanggal):
                    continue
                if k.jenis == J.POSYANDU:
                    self._timbang(p, m)
                elif rng.random() < m.rajin:
                    self._tambah(Kehadiran, pertemuan_id=p.pk, keanggotaan_id=m.pk)
                    if k.jenis == J.BKB:
                        self._kka(k, m, bulan)
        if k.jenis in tl.JENIS_REGISTER:
            self._serah(k, hadir_bulan)

    # --- SIGA register records (own random stream) -----------------------------------------------
    def _kka(self, k: Kelompok, m: Keanggotaan, bulan: dt.date) -> None:
        """The month's Kartu Kembang Anak of the attending family's children under 67 months;
        a child in twelve is slow ("perlu rujuk" most months)."""
        r = self.rng2
        for o in self.per_keluarga.get(m.keluarga_id, []):
            lahir = o["tanggal_lahir"]
            if not (tambah_bulan(bulan, -66) <= lahir <= bulan):
                continue
            if (o["pk"], bulan) in self.kka_sudah:
                continue
            self.kka_sudah.add((o["pk"], bulan))
            terisi = r.random() < 0.92
            lambat = o["pk"] % 12 == 5
            rujuk = r.random() < (0.85 if lambat else 0.06)
            self._tambah(
                KartuKembangAnak,
                kelompok_id=k.pk,
                anggota_id=o["pk"],
                bulan=bulan,
                terisi=terisi,
                hasil=("perlu_rujuk" if rujuk else "sesuai") if terisi else "",
                diubah=self.sekarang,
            )

    def _kemandirian(self, anggota: list) -> None:
        """Each BKL member family's elders: a level from when both member and 60; some change."""
        r = self.rng2
        for m in anggota:
            if m is None or r.random() < 0.1:
                continue
            for o in self.per_keluarga.get(m.keluarga_id, []):
                enam_puluh = tambah_bulan(o["tanggal_lahir"], 720)
                mulai = max(m.mulai, enam_puluh)
                if mulai > self.hingga or (m.selesai and mulai >= m.selesai):
                    continue
                mandiri = r.random() < 0.75
                self._tambah(
                    KemandirianLansia,
                    anggota_id=o["pk"],
                    tanggal=mulai,
                    tingkat="mandiri" if mandiri else "butuh_pendamping",
                )
                ubah = mulai + dt.timedelta(days=r.randint(120, 700))
                if mandiri and r.random() < 0.15 and ubah <= self.hingga:
                    self._tambah(
                        KemandirianLansia,
                        anggota_id=o["pk"],
                        tanggal=ubah,
                        tingkat="butuh_pendamping",
                    )

    def _serah(self, k: Kelompok, hadir_bulan: set[dt.date]) -> None:
        """Most finished months handed over by the 3rd (a few late, a few never); a month with
        no meeting sometimes has its "no meeting held" record; most K/0 handed over in January."""
        r = self.rng2
        for bulan in self._bulan_bulan():
            tenggat = tambah_bulan(bulan, 1).replace(day=3)
            ada = bulan in hadir_bulan
            tanpa = not ada and r.random() < 0.5
            x = r.random()
            serah = None
            if (ada or tanpa) and x < 0.93:
                serah = tenggat - dt.timedelta(days=r.randint(0, 2))
                if x > 0.86:
                    serah = tenggat + dt.timedelta(days=r.randint(2, 9))
            if serah is not None and serah > self.hingga:
                serah = None
            if tanpa or serah:
                self._tambah(
                    RegisterKelompok,
                    kelompok_id=k.pk,
                    formulir="ri",
                    periode=bulan,
                    tanpa_pertemuan=tanpa,
                    alasan="Kegiatan desa" if tanpa else "",
                    diserahkan_pada=serah,
                    diubah=self.sekarang,
                )
        for tahun in range(self.awal.year, self.hingga.year + 1):
            serah = dt.date(tahun, 1, r.randint(2, 3))
            if r.random() < 0.8 and serah <= self.hingga and k.tanggal_berdiri.year < tahun:
                self._tambah(
                    RegisterKelompok,
                    kelompok_id=k.pk,
                    formulir="k0",
                    periode=dt.date(tahun, 1, 1),
                    diserahkan_pada=serah,
                    diubah=self.sekarang,
                )

    def _timbang(self, p: Pertemuan, m: Keanggotaan) -> None:
        rng = self.rng
        a: _Anak = m.anak
        hari = (p.tanggal - a.lahir).days
        # Growth drifts a little each month, a few children lose weight (illness).
        a.haz += rng.gauss(0, 0.025)
        a.waz += rng.gauss(0, 0.12) - (0.6 if rng.random() < 0.03 else 0)
        a.waz = max(-3.8, min(2.2, a.waz))
        if hari < 0 or hari > antro.UMUR_MAKS_HARI - 30 or rng.random() > a.rajin:
            return
        jk = a.jenis_kelamin
        umur = min(hari, 1826)
        berat = antro.nilai_pada_z(antro.lms_umur("bb_u", jk, umur), a.waz)
        tinggi = antro.nilai_pada_z(antro.lms_umur("tb_u", jk, umur), a.haz + rng.gauss(0, 0.05))
        cara = CaraUkur.TELENTANG if hari < antro.BATAS_PANJANG_HARI else CaraUkur.BERDIRI
        if rng.random() < 0.05:  # measured the other way: the service adjusts by 0.7 cm
            if cara == CaraUkur.TELENTANG:
                cara, tinggi = CaraUkur.BERDIRI, tinggi - 0.7
            else:
                cara, tinggi = CaraUkur.TELENTANG, tinggi + 0.7
        ukur_tinggi = rng.random() < 0.85
        if rng.random() < 0.01:  # a typing error the service flags for re-measurement
            berat *= 10 if berat < 5 else 3
        w = Penimbangan(
            pk=self.ids[Penimbangan](),
            pertemuan_id=p.pk,
            anggota_id=m.anggota_id,
            anak_luar_id=m.pk if m.luar else None,
            tanggal=p.tanggal,
            berat_kg=Decimal(f"{min(berat, 49.9):.1f}"),
            tinggi_cm=Decimal(f"{tinggi:.1f}") if ukur_tinggi else None,
            cara_ukur=cara if ukur_tinggi else "",
            kms=a.kms,
            lila_cm=Decimal(f"{rng.uniform(12.0, 16.5):.1f}") if hari >= 180 else None,
            dibuat=self.sekarang,
            diubah=self.sekarang,
        )
        isi_hasil_ukur(w, jenis_kelamin=jk, tanggal_lahir=a.lahir)
        self.obj[Penimbangan].append(w)

    @transaction.atomic
    def simpan(self, *, kosongkan: bool = False) -> None:
        """Insert what was built; `kosongkan` then forgets it (a kabupaten, desa by desa)."""
        for model, objs in self.obj.items():
            sisipkan(model, objs)
            self.ditulis[model] = self.ditulis.get(model, 0) + len(objs)
            if kosongkan:
                objs.clear()
        Kelompok.wilayah_dusun.through.objects.bulk_create(self.through_dusun)
        Kelompok.wilayah_rw.through.objects.bulk_create(self.through_rw)
        if kosongkan:
            self.through_dusun.clear()
            self.through_rw.clear()
        with connection.cursor() as cur:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(self.obj)):
                cur.execute(sql)


def buat_demo_poktan(
    desa_list: list[Desa], seed: int = 1, hingga: dt.date | None = None
) -> HasilPoktan:
    """Seed groups, members, 24 months of registers and weighings for these (demo) villages.
    A desa that already has groups is left alone, so calling it again adds nothing."""
    p = PembuatPoktan(seed=seed, hingga=hingga or timezone.localdate())
    sudah = set(Kelompok.objects.values_list("desa_id", flat=True).distinct())
    per_desa = len(desa_list) > 33  # a kabupaten: written desa by desa (memory)
    for desa in sorted(desa_list, key=lambda d: d.pk):
        if desa.pk not in sudah:
            p.buat(desa)
            if per_desa:
                p.simpan(kosongkan=True)
    p.simpan()
    return HasilPoktan(
        kelompok=p.ditulis.get(Kelompok, 0),
        keanggotaan=p.ditulis.get(Keanggotaan, 0),
        pertemuan=p.ditulis.get(Pertemuan, 0),
        kehadiran=p.ditulis.get(Kehadiran, 0),
        penimbangan=p.ditulis.get(Penimbangan, 0),
        ditulis=dict(p.ditulis),
    )
