"""Home page: the user's role, desa and the pages their role opens."""

from django.shortcuts import render
from django.utils import timezone

from keluarga import akses


def beranda(request):
    peran = akses.peran(request.user)
    if peran is None:
        # ROLES.md: a user without a role gets 403 everywhere except their own account page.
        return render(request, "beranda.html", {"peran": None}, status=403)
    return render(
        request,
        "beranda.html",
        {
            "desa_list": akses.desa_qs(request.user)[:50],
            "peran": peran,
            "bulan": timezone.localdate().strftime("%Y-%m"),
        },
    )
