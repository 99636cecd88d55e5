"""Writing an import plan in one transaction, with change history for every personal record.

New and changed records go through simple_history's ``bulk_create_with_history`` and
``bulk_update_with_history`` (one history row per record, history_user = the importing user,
change reason "impor <file>"); regions have no history and are bulk-inserted. A marital change
goes through ``services.ubah_status_kawin`` (a dated event), as in the app.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from impor.rencana import Rencana
from keluarga import cap, ganda, kode, services
from keluarga.models import (
    RT,
    RW,
    Anggota,
    Dusun,
    Kehamilan,
    Keluarga,
    Peristiwa,
    PindahRumah,
    Rumah,
    StatusKB,
)
from keluarga.statistik import segarkan_statistik

_BATCH = 1000
# Objects per bulk call: bounds the history rows held in memory at once.
_POTONG = 2000


def _buat(objs: list, model, riwayat: dict) -> None:
    """bulk_create_with_history in slices (history instances are built per call)."""
    for i in range(0, len(objs), _POTONG):
        bulk_create_with_history(objs[i : i + _POTONG], model, **riwayat)


def alasan_perubahan(nama_berkas: str) -> str:
    """history_change_reason of an import (the field holds 100 characters)."""
    teks = f"impor {nama_berkas}"
    return teks if len(teks) <= 100 else teks[:97] + "..."


def _kepala_hidup(hubungan: str, status: str) -> bool:
    return hubungan == kode.HubunganKK.KEPALA and status == kode.StatusHidup.HIDUP


@transaction.atomic
def terapkan(rencana: Rencana, *, pengguna=None, nama_berkas: str) -> None:
    """Save every planned change, or nothing (the caller's transaction rolls back on error)."""
    r = rencana
    sekarang = timezone.now()
    alasan = alasan_perubahan(nama_berkas)
    riwayat = {
        "default_user": pengguna,
        "default_change_reason": alasan,
        "default_date": sekarang,
        "batch_size": _BATCH,
    }
    if r.desa.pk is None:
        r.desa.full_clean()
        r.desa.save()
    Dusun.objects.bulk_create(r.dusun_baru, batch_size=_BATCH)
    RW.objects.bulk_create(r.rw_baru, batch_size=_BATCH)
    RT.objects.bulk_create(r.rt_baru, batch_size=_BATCH)
    if r.rumah_baru:
        _buat(r.rumah_baru, Rumah, riwayat)
    _ubah(r, Rumah, r.rumah_ubah, riwayat, sekarang)
    if r.keluarga_baru:
        _buat(r.keluarga_baru, Keluarga, riwayat)
    _ubah(r, Keluarga, r.keluarga_ubah, riwayat, sekarang)
    # Members: first the updates that free a head slot (the one-living-head constraint is
    # checked row by row), then the new members mother before child, then the other updates.
    lepas, lain = {}, {}
    for pk, fields in r.anggota_ubah.items():
        a = r.objek[(Anggota, pk)]
        hubungan, status, keluarga_id = a._asal
        dulu = _kepala_hidup(hubungan, status)
        kini = _kepala_hidup(a.hubungan, a.status_hidup)
        pindah = a.keluarga_id != keluarga_id
        (lepas if dulu and (not kini or pindah) else lain)[pk] = fields
    _ubah(r, Anggota, lepas, riwayat, sekarang)
    for gelombang in _gelombang(r):
        _buat(gelombang, Anggota, riwayat)
    _ubah(r, Anggota, lain, riwayat, sekarang)
    for a, status in r.kawin_ubah:
        a._history_user = pengguna
        a._change_reason = alasan
        p = services.ubah_status_kawin(anggota=a, status=status, tanggal=r.tanggal, oleh=pengguna)
        # The service records an entry; mark the event (and its one history row) as imported.
        Peristiwa.objects.filter(pk=p.pk).update(sumber=kode.SumberData.IMPOR)
        p.history.update(sumber=kode.SumberData.IMPOR, history_change_reason=alasan)
        del a._history_user, a._change_reason
    for p in r.peristiwa_baru:
        p.dicatat_oleh = pengguna
    if r.peristiwa_baru:
        _buat(r.peristiwa_baru, Peristiwa, riwayat)
    _ubah(r, StatusKB, r.kb_ubah, riwayat, sekarang)
    if r.kb_baru:
        _buat(r.kb_baru, StatusKB, riwayat)
    _ubah(r, Kehamilan, r.hamil_ubah, riwayat, sekarang)
    if r.hamil_baru:
        _buat(r.hamil_baru, Kehamilan, riwayat)
    if r.pindah_rumah_baru:
        _buat(r.pindah_rumah_baru, PindahRumah, riwayat)
    # Editors holding an older page of a touched family are refused (no lost updates).
    tersentuh = [pk for pk in r.keluarga_tersentuh if pk]
    if tersentuh:
        Keluarga.objects.filter(pk__in=tersentuh).update(versi=F("versi") + 1)
    if r.ada_perubahan:
        services.catat_bulan_awal_data(r.desa, r.bulan_awal_data or r.tanggal)
        # Likely duplicate people, once per import for the whole desa (keluarga/ganda.py).
        ganda.segarkan(r.desa.pk)
        # Once per import (the table triggers have already bumped it; this says so in the code).
        cap.tandai_berubah([r.desa.pk], r.tanggal)
    # A large import leaves the planner's statistics describing the village before it: ANALYZE
    # the tables filled, after the commit (a rolled-back import analyses nothing).
    segarkan_statistik(
        {
            Dusun: len(r.dusun_baru),
            RW: len(r.rw_baru),
            RT: len(r.rt_baru),
            Rumah: len(r.rumah_baru) + len(r.rumah_ubah),
            Keluarga: len(r.keluarga_baru) + len(r.keluarga_ubah),
            Anggota: len(r.anggota_baru) + len(r.anggota_ubah) + len(r.kawin_ubah),
            Peristiwa: len(r.peristiwa_baru) + len(r.kawin_ubah),
            StatusKB: len(r.kb_baru) + len(r.kb_ubah),
            Kehamilan: len(r.hamil_baru) + len(r.hamil_ubah),
            PindahRumah: len(r.pindah_rumah_baru),
        }
    )


def _gelombang(r: Rencana) -> list[list[Anggota]]:
    """New members in waves: a new mother is inserted before her children."""
    sisa = list(r.anggota_baru)
    dibuat: set[int] = set()
    hasil = []
    while sisa:
        siap = [
            a
            for a in sisa
            if getattr(a, "_ibu", None) is None or a._ibu.pk is not None or id(a._ibu) in dibuat
        ]
        if not siap:  # a cycle: refused by the planner already
            raise ValueError("Hubungan ibu-anak melingkar.")
        hasil.append(siap)
        dibuat |= {id(a) for a in siap}
        ids = {id(a) for a in siap}
        sisa = [a for a in sisa if id(a) not in ids]
    return hasil


def _ubah(r: Rencana, model, perubahan: dict[int, set[str]], riwayat: dict, sekarang) -> None:
    """bulk_update_with_history, one call per set of changed fields (so exactly those change)."""
    if not perubahan:
        return
    punya_diubah = any(f.name == "diubah" for f in model._meta.fields)
    kelompok = defaultdict(list)
    for pk, fields in perubahan.items():
        obj = r.objek[(model, pk)]
        if punya_diubah:
            obj.diubah = sekarang
        kelompok[frozenset(fields)].append(obj)
    for fields, objs in kelompok.items():
        daftar = sorted(fields) + (["diubah"] if punya_diubah else [])
        for i in range(0, len(objs), _POTONG):
            bulk_update_with_history(objs[i : i + _POTONG], model, daftar, **riwayat)
