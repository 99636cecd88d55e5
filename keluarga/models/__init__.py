from .akses import Lingkup, LogAkses
from .cap import CapData
from .gabung import Penggabungan
from .ganda import PasanganGanda
from .keluarga import Anggota, Keluarga, Rumah, normalisasi_nama
from .riwayat import Kehamilan, Peristiwa, PindahRumah, StatusKB
from .wilayah import RT, RW, Desa, Dusun

__all__ = [
    "RT",
    "RW",
    "Anggota",
    "CapData",
    "Desa",
    "Dusun",
    "Kehamilan",
    "Keluarga",
    "Lingkup",
    "LogAkses",
    "PasanganGanda",
    "Penggabungan",
    "Peristiwa",
    "PindahRumah",
    "Rumah",
    "StatusKB",
    "normalisasi_nama",
]
