"""Demo Kampung KB of the demo villages: the profile inputs the portal records, a pokja, a year of
realised activities with their agencies, and a Rumah DataKu (fake data, deterministic by seed)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from kampungkb import kode
from kampungkb.models import AnggotaPokja, Instansi, Kegiatan, ProfilKampungKB, RumahDataKu
from keluarga import indicators as ind
from keluarga.models import RT, Desa

POKJA = [
    ("ketua", "Sumarni"),
    ("sekretaris", "Agus Santoso"),
    ("bendahara", "Wulan Sari"),
    ("anggota", "Eko Prasetyo"),
    ("anggota", "Nur Hidayah"),
]
# (title, category, level, agencies, funding) — a realistic year of a Kampung KB's activities.
KEGIATAN = [
    ("Pelayanan KB MKJP gratis", "kkbpk", "desa", ["Puskesmas", "OPD PPKB"], "apbd"),
    ("Penyuluhan 1000 HPK", "reproduksi", "rw", ["Kesehatan", "Puskesmas"], "dana_desa"),
    ("Kelas BKB: stimulasi anak", "sosialisasi_pendidikan", "rt", ["OPD PPKB"], "dana_desa"),
    ("Pembinaan PIK-R", "sosialisasi_pendidikan", "dusun", ["Puskesmas"], "swadaya"),
    ("Pelatihan usaha UPPKA", "ekonomi", "desa", ["Pemerintahan Desa/Lurah"], "csr"),
    ("Kerja bakti jamban sehat", "lingkungan", "rt", ["Pemerintahan Desa/Lurah"], "swadaya"),
    ("Senam lansia BKL", "cinta_kasih", "rw", ["Puskesmas"], "dana_desa"),
    ("Rapat koordinasi", "kkbpk", "desa", ["Pemerintahan Desa/Lurah", "Perwakilan BKKBN"], "add"),
]


@transaction.atomic
def buat_demo_kampungkb(desa_list: list[Desa], seed: int = 1, hingga: dt.date | None = None) -> int:
    """For each demo desa without a Kampung KB profile: profile, pokja, 12 months of activities,
    a Rumah DataKu. Returns the number of activities made."""
    hingga = hingga or timezone.localdate()
    instansi = dict(Instansi.objects.values_list("nama", "pk"))
    n = 0
    for desa in sorted(desa_list, key=lambda d: d.pk):
        if ProfilKampungKB.objects.filter(desa=desa).exists():
            continue
        acak = random.Random(f"{seed}-{desa.kode}")
        profil = ProfilKampungKB.objects.create(
            desa=desa,
            nama=f"Kampung KB {desa.nama}",
            sk_nomor="141/12/2019",
            sk_tanggal=dt.date(2019, 2, 1),
            tanggal_pencanangan=dt.date(2019, 3, 4),
            pokja_ada=True,
            pokja_sk_nomor="141/13/2019",
            pokja_pelatihan=True,
            pokja_jumlah_dilatih=3,
            sumber_dana=["dana_desa", "swadaya"],
            ada_sekretariat=True,
            ada_rumah_dataku=True,
            pkb_nama="Siti Rahayu",
            pkb_nip="198403122009012003",
            regulasi=["kepala_desa"],
            rkm_ada=True,
            rkm_keterangan=f"RKM tahun {hingga.year}",
            data_perencanaan=["pk", "rutin_bkkbn", "potensi_desa"],
            frekuensi_rapat_perencanaan="bulanan",
            frekuensi_rapat_koordinasi="triwulan",
            frekuensi_sosialisasi="bulanan",
            frekuensi_laporan="bulanan",
        )
        for jabatan, nama in POKJA:
            AnggotaPokja.objects.create(profil=profil, nama=nama, jabatan=jabatan)
        rts = list(RT.objects.filter(desa=desa).select_related("rw__dusun").order_by("pk"))
        for i, (judul, kategori, tingkat, agensi, dana) in enumerate(KEGIATAN):
            tanggal = ind.tambah_bulan(hingga, -(10 - i)).replace(day=acak.randint(3, 25))
            rt = acak.choice(rts) if rts else None
            k = Kegiatan.objects.create(
                desa=desa,
                judul=judul,
                kategori=kategori,
                bulan_rencana=tanggal.replace(day=1),
                tanggal_rencana=tanggal,
                rt=rt if tingkat == "rt" else None,
                rw=rt.rw if (rt and tingkat == "rw") else None,
                dusun=rt.rw.dusun if (rt and tingkat == "dusun") else None,
                sumber_dana=dana,
                status=kode.StatusKegiatan.TERLAKSANA,
                tanggal_realisasi=tanggal,
                jumlah_hadir=acak.randint(12, 40),
            )
            k.instansi.set([instansi[a] for a in agensi if a in instansi])
            n += 1
        RumahDataKu.objects.create(
            desa=desa,
            sk_ada=True,
            sk_nomor="141/20/2021",
            fasilitas=["papan_nama", "papan_data", "buku_data"],
            penyajian=["buku_data", "tabel"],
            pemanfaatan=["perencanaan_desa"],
        )
    return n
