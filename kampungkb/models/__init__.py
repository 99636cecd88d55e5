"""Kampung KB models, split by noun: the profile and village potential, activities, meetings."""

from .kegiatan import FotoKegiatan, Kegiatan, SasaranKegiatan
from .profil import AnggotaPokja, PotensiDesa, ProfilKampungKB
from .rapat import RapatDetail

__all__ = [
    "AnggotaPokja",
    "FotoKegiatan",
    "Kegiatan",
    "PotensiDesa",
    "ProfilKampungKB",
    "RapatDetail",
    "SasaranKegiatan",
]
