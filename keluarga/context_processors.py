"""Template context: the user's role and capabilities, to show or hide buttons (views enforce)."""

from keluarga import akses


def peran(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "peran": akses.peran(user),
        "bisa": {k.value: akses.boleh(user, k) for k in akses.K},
        # Kecamatan and Kabupaten: aggregates only, no single-desa page to link to.
        "hanya_agregat": akses.hanya_agregat(user),
    }
