from .kelompok import Keanggotaan, Kelompok, Pengurus, q_terbuka_pada
from .posyandu import Penimbangan
from .register import Kehadiran, KeuanganUppka, Pertemuan, Topik
from .siga import KartuKembangAnak, KemandirianLansia, RegisterKelompok

__all__ = [
    "Keanggotaan",
    "Kehadiran",
    "KartuKembangAnak",
    "Kelompok",
    "KemandirianLansia",
    "KeuanganUppka",
    "Pengurus",
    "Penimbangan",
    "Pertemuan",
    "RegisterKelompok",
    "Topik",
    "q_terbuka_pada",
]
