"""Views of the family workspace: thin, every fetch through keluarga.akses."""

from django.shortcuts import render

from keluarga import akses


def beranda(request):
    """Home: what the user's role can do, inside their scope."""
    return render(
        request,
        "beranda.html",
        {"desa_list": akses.desa_qs(request.user), "peran": akses.peran(request.user)},
    )


def keluarga_detail(request, pk: int):
    keluarga = akses.keluarga_untuk(request.user, pk)
    return render(request, "keluarga/detail.html", {"keluarga": keluarga})
