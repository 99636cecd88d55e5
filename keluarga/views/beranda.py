"""Home page: what the user's role can do, inside their scope."""

from django.shortcuts import render

from keluarga import akses


def beranda(request):
    return render(
        request,
        "beranda.html",
        {"desa_list": akses.desa_qs(request.user), "peran": akses.peran(request.user)},
    )
