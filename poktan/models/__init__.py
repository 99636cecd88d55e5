from .kelompok import Keanggotaan, Kelompok, Pengurus, q_terbuka_pada
from .posyandu import Penimbangan
from .register import Kehadiran, KeuanganUppka, Pertemuan, Topik

__all__ = [
    "Keanggotaan",
    "Kehadiran",
    "Kelompok",
    "KeuanganUppka",
    "Pengurus",
    "Penimbangan",
    "Pertemuan",
    "Topik",
    "q_terbuka_pada",
]
