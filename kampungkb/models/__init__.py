"""Kampung KB models, split by noun: the profile and village potential, activities, meetings."""

from .kegiatan import FotoKegiatan, Instansi, Kegiatan, SasaranKegiatan
from .profil import AnggotaPokja, PotensiDesa, ProfilKampungKB
from .rapat import RapatDetail
from .rumah_dataku import AturanRumahDataKu, RumahDataKu

__all__ = [
    "AturanRumahDataKu",
    "RumahDataKu",
    "AnggotaPokja",
    "FotoKegiatan",
    "Instansi",
    "Kegiatan",
    "PotensiDesa",
    "ProfilKampungKB",
    "RapatDetail",
    "SasaranKegiatan",
]
