"""Home page: each role's first screen (issue 20). A page composed of several apps' parts, so it
lives in the project package, the top layer.

- Kepala Desa: the dashboard of the last closed month (laporan:dasbor_awal), the open month
  offered there as angka sementara.
- Kader: "Hari ini" — their groups' next meetings and the visits due in their regions
  (poktan/hari_ini.py), plus the offline app's queue (``templates/luring/_antrean.html``).
- Others: their desa with the pages their role opens.
"""

from django.shortcuts import redirect, render
from django.utils import timezone

from keluarga import akses
from poktan import hari_ini

# The offline app's block: how many records wait on the phone to be sent.
ANTREAN_LURING = "luring/_antrean.html"


def beranda(request):
    """ROLES.md: any role (a user without a role: 403 except their own account page)."""
    peran = akses.peran(request.user)
    if peran is None:
        # ROLES.md: a user without a role gets 403 everywhere except their own account page.
        return render(request, "beranda.html", {"peran": None}, status=403)
    if peran == akses.Peran.KEPALA_DESA and akses.desa_qs(request.user).exists():
        return redirect("laporan:dasbor_awal")
    hari = timezone.localdate()
    ctx = {
        "desa_list": akses.desa_qs(request.user)[:50],
        "peran": peran,
        "bulan": hari.strftime("%Y-%m"),
    }
    if peran == akses.Peran.KADER:
        ctx.update(
            hari_ini=hari,
            kelompok_hari_ini=hari_ini.kelompok_kader(request.user, hari),
            kunjungan=hari_ini.kunjungan(request.user, hari),
            antrean_luring=ANTREAN_LURING,
        )
    return render(request, "beranda.html", ctx)
