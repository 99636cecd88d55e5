"""Home page: each role's first screen (issue 20).

- Kepala Desa: the dashboard of the last closed month (laporan:dasbor_awal), the open month
  offered there as angka sementara.
- Kader: "Hari ini" — their groups' next meetings and the visits due in their regions
  (poktan/hari_ini.py), plus the offline queue when the offline app provides
  ``templates/luring/_antrean.html``.
- Others: their desa with the pages their role opens.
"""

from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone

from keluarga import akses

# The offline engineer's block ("records waiting to be sent"), rendered when it exists.
ANTREAN_LURING = "luring/_antrean.html"


def _antrean_luring() -> str | None:
    try:
        get_template(ANTREAN_LURING)
    except TemplateDoesNotExist:
        return None
    return ANTREAN_LURING


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
        from poktan import hari_ini  # poktan sits above keluarga

        ctx.update(
            hari_ini=hari,
            kelompok_hari_ini=hari_ini.kelompok_kader(request.user, hari),
            kunjungan=hari_ini.kunjungan(request.user, hari),
            antrean_luring=_antrean_luring(),
        )
    return render(request, "beranda.html", ctx)
