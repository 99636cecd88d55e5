"""Report access: which desa (or kecamatan, kabupaten) a user may see, through the keluarga access gate."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from keluarga import akses
from keluarga.akses import K
from keluarga.models import Desa


def desa_laporan(user, kode: str, kemampuan: K = K.LIHAT_LAPORAN) -> Desa:
    """The desa if the user may see its reports (403 without the capability, 404 outside scope)."""
    akses.wajib(user, kemampuan)
    if akses.hanya_agregat(user) and kemampuan == K.LIHAT_LAPORAN:
        # A kecamatan or kabupaten sees its villages only aggregated (ROLES.md): no single-desa
        # report.
        akses.wajib(user, K.BACA_KELUARGA)
    return get_object_or_404(akses.desa_qs(user), kode=kode)


def wilayah_laporan(request, desa: Desa):
    """The area of the desa this request's report covers (laporan/wilayah.py): a kader's own
    regions always; ?wilayah=kampung-kb for the Kampung KB area; else the whole desa (None)."""
    from laporan.wilayah import wilayah_untuk

    return wilayah_untuk(request.user, desa, request.GET.get("wilayah"))


def kecamatan_laporan(user, kode: str) -> str:
    """A kecamatan's sum (Kecamatan, Kabupaten, and the roles that read family pages)."""
    return _jumlah_laporan(user, kode, 6)


def kabupaten_laporan(user, kode: str) -> str:
    """A kabupaten's sum: the same rule as a kecamatan's, over every desa of the kabupaten."""
    return _jumlah_laporan(user, kode, 4)


def _jumlah_laporan(user, kode: str, panjang: int) -> str:
    akses.wajib(user, K.LIHAT_LAPORAN)
    if not akses.hanya_agregat(user) and not user.is_superuser:
        akses.wajib(user, K.BACA_KELUARGA)
    if len(kode) != panjang or not kode.isdigit():
        raise Http404
    # Every desa of the kecamatan/kabupaten must be inside the user's scope (a kader never):
    # otherwise the sum would show villages the user may not see.
    semua = Desa.objects.filter(kode__startswith=kode)
    di_luar = semua.exclude(pk__in=akses.desa_qs(user).values("pk"))
    if not semua.exists() or di_luar.exists() or akses.rt_kader_ids(user) is not None:
        raise Http404
    return kode
