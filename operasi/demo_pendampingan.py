"""Deterministic demo of the family-assistance team for villages built by operasi.demo and
operasi.demo_poktan: brides-to-be with screenings (about one in four at risk) and visits, monthly
pregnancy visits with LiLA/Hb, postpartum visits where most mothers start a method within the 42
days, and referrals of children with a posyandu signal. Bulk inserts (no history rows, like the
other demos); a desa that already has brides-to-be is left alone.

The lead wires it into seed_demo after poktan's demo:
    buat_demo_pendampingan(hasil.desa, seed=opts["seed"])
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from keluarga import kode as kk
from keluarga.indicators import akhir_bulan, tambah_bulan
from keluarga.models import RT, Desa, Kehamilan, StatusKB
from pendampingan import indicators as pi
from pendampingan.kode import HasilRujukan, Sasaran
from pendampingan.models import Catin, Kunjungan, Rujukan, Skrining, TimPendamping

NAMA_PEREMPUAN = "Ayu Dinda Putri Nur Fitri Laras Intan Melati Wulan Anis Rara Septi".split()
NAMA_LAKI = "Agus Budi Dimas Eko Fajar Hadi Joko Rizki Slamet Teguh Wahyu Yusuf".split()
NAMA_BELAKANG = "Pratama Saputra Lestari Wibowo Santoso Rahmawati Hidayat Kusuma".split()
METODE_PP = ["suntik", "suntik", "pil", "implan", "iud", "kondom"]


@dataclass
class HasilPendampingan:
    catin: int = 0
    skrining: int = 0
    kunjungan: int = 0
    metode_kb: int = 0
    rujukan: int = 0


def _d(x: str) -> Decimal:
    return Decimal(x).quantize(Decimal("0.1"))


class Pembuat:
    def __init__(self, seed: int, hingga: dt.date):
        self.seed, self.hingga = seed, hingga
        self.catin: list[Catin] = []
        self.skrining: list[tuple[int, Skrining]] = []
        self.kunjungan: list[Kunjungan] = []
        self.kunjungan_catin: list[tuple[int, Kunjungan]] = []
        self.status: list[StatusKB] = []
        self.akhiri: dict[int, dt.date] = {}
        self.geser: dict[int, tuple] = {}  # mother → (episode pk, old start, new start)
        self.rujukan: list[Rujukan] = []

    def hari_acak(self, rng, awal: dt.date, akhir: dt.date) -> dt.date:
        akhir = min(akhir, self.hingga)
        return awal + dt.timedelta(days=rng.randint(0, max((akhir - awal).days, 0)))

    def buat(self, desa: Desa) -> None:
        rng = random.Random(f"{self.seed}-{desa.kode}")
        rts = list(RT.objects.filter(desa=desa).order_by("pk"))
        if not rts:
            return
        jumlah_kk = desa.keluarga_set.count()
        self._catin(desa, rts, rng, max(4, jumlah_kk // 40))
        self._hamil(desa, rng)
        self._nifas(desa, rng)
        self._rujukan(desa, rng)
        tim = TimPendamping.objects.create(desa=desa, nama="TPK Desa")
        tim.rt.set(rts)

    def _catin(self, desa, rts, rng, n) -> None:
        for i in range(n):
            # Registered 1–8 months ago; wedding ~3 months after registration (some held).
            daftar = self.hari_acak(rng, tambah_bulan(self.hingga, -8), self.hingga)
            rencana = daftar + dt.timedelta(days=rng.randint(75, 110))
            menikah = rencana if rencana <= self.hingga - dt.timedelta(days=7) else None
            # Most brides are 20–28; every sixth is 19 (at risk by age).
            umur = 19 if i % 6 == 5 else rng.randint(20, 28)
            lahir = tambah_bulan(daftar, -(12 * umur + rng.randint(1, 10)))
            c = Catin(
                desa=desa,
                rt=rng.choice(rts),
                nama=f"{rng.choice(NAMA_PEREMPUAN)} {rng.choice(NAMA_BELAKANG)}",
                tanggal_lahir=lahir,
                pasangan_nama=f"{rng.choice(NAMA_LAKI)} {rng.choice(NAMA_BELAKANG)}",
                pasangan_luar_desa=rng.random() < 0.4,
                rencana_nikah=rencana,
                tanggal_daftar=daftar,
                tanggal_nikah=menikah,
            )
            self.catin.append(c)
            berisiko = i % 4 == 0
            tinggi = rng.randint(148, 165)
            imt = rng.uniform(17.0, 18.4) if berisiko and i % 8 == 4 else rng.uniform(19, 25)
            tgl = min(daftar + dt.timedelta(days=rng.randint(0, 20)), self.hingga)
            if menikah and tgl > menikah:
                tgl = daftar
            self.skrining.append(
                (
                    len(self.catin) - 1,
                    Skrining(
                        tanggal=tgl,
                        berat=_d(f"{imt * (tinggi / 100) ** 2:.1f}"),
                        tinggi=_d(str(tinggi)),
                        lila=_d(
                            f"{rng.uniform(21.0, 23.4) if berisiko else rng.uniform(23.5, 28):.1f}"
                        ),
                        hb=_d(
                            f"{rng.uniform(9.5, 10.9) if berisiko and i % 8 == 0 else rng.uniform(11.0, 13.5):.1f}"
                        ),
                    ),
                )
            )
            # A visit each month until the wedding.
            t = tgl + dt.timedelta(days=30)
            while t <= min(menikah or self.hingga, self.hingga):
                self.kunjungan_catin.append(
                    (
                        len(self.catin) - 1,
                        Kunjungan(
                            sasaran=Sasaran.CATIN,
                            tanggal=t,
                            konseling=True,
                            dirujuk=berisiko and rng.random() < 0.3,
                            bansos=berisiko and rng.random() < 0.2,
                        ),
                    )
                )
                t += dt.timedelta(days=30)

    def _hamil(self, desa, rng) -> None:
        awal = tambah_bulan(self.hingga, -9)
        for k in Kehamilan.objects.filter(ibu__desa=desa, mulai__gte=awal).order_by("pk"):
            berisiko = rng.random() < 0.2
            t = k.mulai + dt.timedelta(days=rng.randint(40, 70))
            batas = min(k.selesai - dt.timedelta(days=1) if k.selesai else self.hingga, self.hingga)
            while t <= batas:
                if rng.random() < 0.85:  # a month missed now and then
                    self.kunjungan.append(
                        Kunjungan(
                            sasaran=Sasaran.IBU_HAMIL,
                            kehamilan=k,
                            tanggal=t,
                            lila=_d(
                                f"{rng.uniform(21.5, 23.4) if berisiko else rng.uniform(23.5, 29):.1f}"
                            ),
                            hb=_d(
                                f"{rng.uniform(9.0, 10.9) if berisiko else rng.uniform(11.0, 13.0):.1f}"
                            ),
                            tablet_tambah_darah=rng.randint(15, 30),
                            periksa_anc=rng.random() < 0.8,
                            konseling=True,
                            dirujuk=berisiko and rng.random() < 0.5,
                            bansos=rng.random() < 0.1,
                        )
                    )
                t += dt.timedelta(days=30)

    def _nifas(self, desa, rng) -> None:
        dari = tambah_bulan(self.hingga, -6)
        periode = pi.periode_nifas([desa.pk], dari, self.hingga)
        episode: dict[int, list[StatusKB]] = {}
        for st in StatusKB.objects.filter(anggota_id__in=[p.ibu_id for p in periode]).order_by(
            "mulai", "pk"
        ):
            episode.setdefault(st.anggota_id, []).append(st)
        for p in periode:
            hari = rng.randint(3, 10)
            if p.lahir + dt.timedelta(days=hari) <= self.hingga:
                self.kunjungan.append(
                    Kunjungan(
                        sasaran=Sasaran.PASCA_PERSALINAN,
                        anggota_id=p.ibu_id,
                        tanggal=p.lahir + dt.timedelta(days=hari),
                        konseling=True,
                        bansos=rng.random() < 0.1,
                    )
                )
            if p.metode or rng.random() >= 0.6:
                continue
            mulai = p.lahir + dt.timedelta(days=rng.randint(0, 40))
            eps = episode.get(p.ibu_id, [])
            if mulai > self.hingga or p.ibu_id in self.akhiri or p.ibu_id in self.geser:
                continue
            if not eps or eps[-1].mulai < mulai:
                self.akhiri[p.ibu_id] = mulai
                self.status.append(
                    StatusKB(
                        anggota_id=p.ibu_id,
                        metode=rng.choice(METODE_PP),
                        mulai=mulai,
                        baru=True,
                        sumber=kk.SumberData.DEMO,
                    )
                )
            elif (
                eps[-1].metode
                and eps[-1].selesai is None
                and eps[-1].mulai > p.akhir
                and all(e.mulai < mulai for e in eps[:-1])
            ):
                # The village demo started her method some weeks after the period: bring it
                # forward into the 42 days (and the episode it ended with it).
                self.geser[p.ibu_id] = (eps[-1].pk, eps[-1].mulai, mulai)

    def _rujukan(self, desa, rng) -> None:
        for geser in (-2, -1):
            bln = tambah_bulan(self.hingga.replace(day=1), geser)
            sinyal = pi.anak_bersinyal(bln.year, bln.month, [desa.pk])
            sudah = {r.anak_id for r in self.rujukan if r.selesai is None}
            for anak_id, s in sorted(sinyal.items()):
                if rng.random() < 0.6:  # the team visits most children with a signal
                    self.kunjungan.append(
                        Kunjungan(
                            sasaran=Sasaran.BALITA,
                            anggota_id=anak_id,
                            tanggal=self.hari_acak(rng, bln, akhir_bulan(bln.year, bln.month)),
                            konseling=True,
                            bansos=rng.random() < 0.1,
                        )
                    )
                if anak_id in sudah or rng.random() >= 0.5:
                    continue
                tgl = self.hari_acak(rng, bln, akhir_bulan(bln.year, bln.month))
                selesai = tgl + dt.timedelta(days=rng.randint(7, 25))
                tutup = geser == -2 and selesai <= self.hingga
                self.rujukan.append(
                    Rujukan(
                        anak_id=anak_id,
                        tanggal=tgl,
                        sinyal=",".join(s),
                        tujuan=rng.choice(["Puskesmas", "Bidan desa", "Dokter anak RSUD"]),
                        hasil=HasilRujukan.DITANGANI if tutup else "",
                        tindak_lanjut="PMT dan kunjungan rumah" if tutup else "",
                        selesai=selesai if tutup else None,
                    )
                )

    @transaction.atomic
    def simpan(self) -> None:
        Catin.objects.bulk_create(self.catin)
        for i, s in self.skrining:
            s.catin = self.catin[i]
        Skrining.objects.bulk_create([s for _i, s in self.skrining])
        for i, k in self.kunjungan_catin:
            k.catin = self.catin[i]
        Kunjungan.objects.bulk_create(self.kunjungan + [k for _i, k in self.kunjungan_catin])
        for ibu, mulai in self.akhiri.items():
            StatusKB.objects.filter(anggota_id=ibu, selesai__isnull=True).update(selesai=mulai)
        StatusKB.objects.bulk_create(self.status)
        for ibu, (pk, lama, baru) in self.geser.items():
            StatusKB.objects.filter(anggota_id=ibu, selesai=lama).update(selesai=baru)
            StatusKB.objects.filter(pk=pk).update(mulai=baru, baru=True)
        Rujukan.objects.bulk_create(self.rujukan)


def buat_demo_pendampingan(
    desa_list: list[Desa], seed: int = 1, hingga: dt.date | None = None
) -> HasilPendampingan:
    """Seed the family-assistance records of these (demo) villages; deterministic for a seed."""
    p = Pembuat(seed, hingga or timezone.localdate())
    sudah = set(Catin.objects.values_list("desa_id", flat=True).distinct())
    for desa in sorted(desa_list, key=lambda d: d.kode):
        if desa.pk not in sudah:
            p.buat(desa)
    p.simpan()
    return HasilPendampingan(
        catin=len(p.catin),
        skrining=len(p.skrining),
        kunjungan=len(p.kunjungan) + len(p.kunjungan_catin),
        metode_kb=len(p.status) + len(p.geser),
        rujukan=len(p.rujukan),
    )


__all__ = ["buat_demo_pendampingan"]
