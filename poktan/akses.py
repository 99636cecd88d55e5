"""Scope of a kader's own groups (poktan), used by the access gate in keluarga.akses."""

from django.db.models import QuerySet

from keluarga.models import Keluarga


def keluarga_kelompok_kader(user) -> QuerySet:
    """Families that are members of (or have a member in) the kader's own groups."""
    # Filled in by the poktan models; until then a kader's scope is their regions only.
    return Keluarga.objects.none().values("pk")
