"""The change history of a family and its members, read from django-simple-history."""

from __future__ import annotations

from collections import defaultdict

from keluarga.models import Anggota, Keluarga

BATAS = 60
TIDAK_DITAMPILKAN = {"diubah", "nama_normal", "versi"}


def riwayat_perubahan(keluarga: Keluarga, anggota: list[Anggota]) -> list[dict]:
    """Latest changes (who, when, which fields) to the family and its members, newest first.

    Two queries; each change is compared with the previous record of the same object that was
    loaded (no query per record)."""
    catatan = list(
        keluarga.history.select_related("history_user").order_by("-history_date")[:BATAS]
    )
    catatan += list(
        Anggota.history.filter(id__in=[a.pk for a in anggota])
        .select_related("history_user")
        .order_by("-history_date")[:BATAS]
    )
    per_objek = defaultdict(list)
    for h in catatan:
        per_objek[(type(h), h.id)].append(h)
    sebelum = {}
    for daftar in per_objek.values():
        daftar.sort(key=lambda h: h.history_date, reverse=True)
        for baru, lama in zip(daftar, daftar[1:], strict=False):
            sebelum[id(baru)] = lama
    catatan.sort(key=lambda h: h.history_date, reverse=True)
    entri = []
    for h in catatan[:BATAS]:
        kolom = []
        lama = sebelum.get(id(h))
        if lama is not None and h.history_type == "~":
            kolom = [
                str(h.instance._meta.get_field(c.field).verbose_name)
                for c in h.diff_against(lama).changes
                if c.field not in TIDAK_DITAMPILKAN
            ]
        if h.history_type == "~" and lama is not None and not kolom:
            continue  # a save that changed nothing shown
        entri.append(
            {
                "waktu": h.history_date,
                "oleh": h.history_user.get_username() if h.history_user else "-",
                "jenis": {"+": "dibuat", "~": "diubah", "-": "dihapus"}[h.history_type],
                "objek": getattr(h, "nama", None) or f"KK {keluarga.no_kk}",
                "kolom": kolom,
            }
        )
    return entri
