"""Report access: which desa (or kecamatan) a user may see, through the keluarga access gate."""

from django.shortcuts import get_object_or_404

from keluarga import akses
from keluarga.akses import K, Peran
from keluarga.models import Desa


def desa_laporan(user, kode: str, kemampuan: K = K.LIHAT_LAPORAN) -> Desa:
    """The desa if the user may see its reports (403 without the capability, 404 outside scope)."""
    akses.wajib(user, kemampuan)
    if akses.peran(user) == Peran.KECAMATAN and kemampuan == K.LIHAT_LAPORAN:
        # A kecamatan sees its villages only aggregated (ROLES.md): no single-desa report.
        akses.wajib(user, K.BACA_KELUARGA)
    return get_object_or_404(akses.desa_qs(user), kode=kode)


def kecamatan_laporan(user, kode: str) -> str:
    akses.wajib(user, K.LIHAT_LAPORAN)
    if akses.peran(user) != Peran.KECAMATAN and not user.is_superuser:
        akses.wajib(user, K.BACA_KELUARGA)
    if not akses.desa_qs(user).filter(kode__startswith=kode).exists():
        from django.http import Http404

        raise Http404
    return kode
