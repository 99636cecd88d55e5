"""Running an import end to end: read the file, plan, save (all or nothing), record an Impor row.

Used by the browser flow (upload → preview → confirm) and by ``manage.py import_data``. A browser
upload is kept privately under MEDIA_ROOT/impor/ with a random name until it is confirmed or
cancelled; confirming reads it again and plans against the current data (never trusting what the
client sends back), and refuses when the outcome differs from the preview.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from impor.baca import baca_berkas
from impor.berkas import BerkasError
from impor.data import GALAT, DataBerkas, Masalah
from impor.models import Impor
from impor.rencana import BARU, DIUBAH, ENTITAS, TETAP, Perencana, Rencana
from impor.terapkan import terapkan
from keluarga.models import Desa

log = logging.getLogger(__name__)

# Problems stored with the record (the counts are always complete).
MAKS_MASALAH_DISIMPAN = 20_000
FOLDER = "impor"
UMUR_UNGGAHAN = dt.timedelta(hours=24)
# A file without a record is left this long: its preview may be reading it right now.
UMUR_TANPA_CATATAN = dt.timedelta(hours=1)


@dataclass
class Hasil:
    impor: Impor
    rencana: Rencana | None = None
    data: DataBerkas | None = None
    berubah: bool = False  # confirming refused: the outcome differs from the preview
    sudah: bool = False  # confirming refused: another request confirmed (or cancelled) it first

    @property
    def tersimpan(self) -> bool:
        return self.impor.status == Impor.Status.TERSIMPAN


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for blok in iter(lambda: f.read(1 << 20), b""):
            h.update(blok)
    return h.hexdigest()


def jalankan(
    *,
    path: Path,
    nama_berkas: str,
    desa: Desa,
    pengguna=None,
    antarmuka: str = Impor.Antarmuka.CLI,
    format: str | None = None,
    simpan: bool = False,
    tanggal: dt.date | None = None,
    impor: Impor | None = None,
    sidik_harus: str | None = None,
    tautan: dict[str, int] | None = None,
) -> Hasil:
    """Read, plan and (with ``simpan`` and no row error) save an import; always record it."""
    tanggal = tanggal or timezone.localdate()
    if pengguna is not None and not getattr(pengguna, "is_authenticated", False):
        pengguna = None
    if impor is None:
        impor = Impor(oleh=pengguna, antarmuka=antarmuka, nama_berkas=nama_berkas[:255])
    impor.desa = desa if desa.pk else None
    impor.kode_desa = desa.kode
    impor.tanggal_impor = tanggal
    impor.sha256 = sha256(path)
    try:
        data = baca_berkas(Path(path), format)
        if data.jumlah_baris == 0:
            raise BerkasError(
                _("Berkas tidak berisi baris data: baris 1 berisi judul kolom, data mulai baris 2.")
            )
    except BerkasError as e:
        return Hasil(_gagal(impor, str(e), simpan=simpan))
    impor.format = data.format
    try:
        with transaction.atomic():
            if desa.pk:
                # One import at a time per desa (PostgreSQL row lock; SQLite locks the database).
                list(Desa.objects.select_for_update().filter(pk=desa.pk).values_list("pk"))
            if sidik_harus is not None and impor.pk:
                # A confirmation: the record, locked, must still await one (two requests at
                # once save once; the second leaves the first one's record as it is).
                segar = Impor.objects.select_for_update().get(pk=impor.pk)
                if not segar.menunggu_konfirmasi:
                    return Hasil(segar, None, data, sudah=True)
            rencana = Perencana(data, desa, tanggal, tautan=tautan).rencanakan()
            _isi(impor, data, rencana)
            if sidik_harus is not None and rencana.sidik() != sidik_harus:
                impor.status = Impor.Status.UJI
                impor.save()
                return Hasil(impor, rencana, data, berubah=True)
            if simpan and not rencana.ada_galat:
                terapkan(rencana, pengguna=pengguna, nama_berkas=nama_berkas)
                impor.desa = rencana.desa
                impor.status = Impor.Status.TERSIMPAN
                impor.selesai = timezone.now()
                impor.save()
                return Hasil(impor, rencana, data)
    except (DatabaseError, ValidationError, ValueError) as e:
        log.exception("Impor %s gagal disimpan", nama_berkas)
        pesan = _("Penyimpanan gagal, tidak ada data yang disimpan (%(e)s).") % {
            "e": "; ".join(getattr(e, "messages", [])) or type(e).__name__
        }
        return Hasil(_gagal(impor, pesan, simpan=True), None, data)
    impor.status = Impor.Status.GAGAL if simpan else Impor.Status.UJI
    impor.selesai = timezone.now() if simpan else None
    impor.save()
    return Hasil(impor, rencana, data)


def _gagal(impor: Impor, pesan: str, *, simpan: bool) -> Impor:
    impor.status = Impor.Status.GAGAL if simpan else Impor.Status.UJI
    impor.pesan = pesan
    impor.galat = max(impor.galat, 1)
    impor.masalah = [Masalah(GALAT, "", None, "", pesan).sebagai_dict(), *(impor.masalah or [])][
        :MAKS_MASALAH_DISIMPAN
    ]
    impor.selesai = timezone.now()
    impor.save()
    return impor


def _urutan(m: Masalah) -> tuple:
    return (m.lembar, m.baris or 0)


def _isi(impor: Impor, data: DataBerkas, rencana: Rencana) -> None:
    """The record's counts, problems and details from a plan."""
    baris = rencana.jumlah_baris()
    impor.jumlah_baris = data.jumlah_baris
    impor.baris_kosong = data.baris_kosong
    impor.baru, impor.diubah, impor.tetap = baris[BARU], baris[DIUBAH], baris[TETAP]
    galat, peringatan = sorted(rencana.galat, key=_urutan), sorted(rencana.peringatan, key=_urutan)
    impor.galat, impor.peringatan = len(galat), len(peringatan)
    impor.masalah = [m.sebagai_dict() for m in (galat + peringatan)[:MAKS_MASALAH_DISIMPAN]]
    impor.pesan = ""
    impor.sidik = rencana.sidik()
    impor.rincian = {
        "entitas": [
            {
                "kunci": e,
                "label": str(label),
                "baru": rencana.hitung[e][BARU],
                "diubah": rencana.hitung[e][DIUBAH],
                "tetap": rencana.hitung[e][TETAP],
            }
            for e, label in ENTITAS.items()
            if any(rencana.hitung[e].values())
        ],
        "kolom_diabaikan": data.kolom_diabaikan,
        "lembar_diabaikan": data.lembar_diabaikan,
        "tautan_ibu_nama": rencana.tautan_ibu_nama[:MAKS_MASALAH_DISIMPAN],
        "ibu_belum_ditautkan": rencana.ibu_belum_ditautkan[:MAKS_MASALAH_DISIMPAN],
        "pulihkan": data.pulihkan,
        "usulan_ganda": rencana.usulan_ganda[:MAKS_MASALAH_DISIMPAN],
        "baris_galat": len({(m.lembar, m.baris) for m in galat}),
    }


# --- the browser's private upload folder -----------------------------------------------------


def folder_unggahan() -> Path:
    folder = Path(settings.MEDIA_ROOT) / FOLDER
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def simpan_unggahan(berkas) -> str:
    """Store an uploaded file under a random name; its path relative to MEDIA_ROOT."""
    nama = f"{secrets.token_hex(16)}.xlsx"
    tujuan = folder_unggahan() / nama
    with tujuan.open("wb") as f:
        for potong in berkas.chunks():
            f.write(potong)
    tujuan.chmod(0o600)
    return f"{FOLDER}/{nama}"


def path_unggahan(impor: Impor) -> Path | None:
    if not impor.berkas:
        return None
    folder = folder_unggahan().resolve()
    path = (Path(settings.MEDIA_ROOT) / impor.berkas).resolve()
    if path.parent != folder or not path.is_file():
        return None
    return path


def hapus_unggahan(impor: Impor) -> None:
    path = path_unggahan(impor)
    if path is not None:
        path.unlink(missing_ok=True)
    if impor.berkas:
        impor.berkas = ""
        impor.save(update_fields=["berkas"])


def bersihkan_unggahan_lama() -> int:
    """Remove uploads whose preview was never confirmed within a day."""
    batas = timezone.now() - UMUR_UNGGAHAN
    n = 0
    for impor in Impor.objects.filter(waktu__lt=batas).exclude(berkas=""):
        hapus_unggahan(impor)
        n += 1
    return n


def unggahan_di_folder() -> list[tuple[Path, Impor | None]]:
    """Every entry of the upload folder with the import record naming it (or None)."""
    folder = Path(settings.MEDIA_ROOT) / FOLDER
    if not folder.is_dir():
        return []
    isi = sorted(p for p in folder.iterdir() if not p.is_dir() or p.is_symlink())
    catatan = {
        i.berkas: i for i in Impor.objects.filter(berkas__in=[f"{FOLDER}/{p.name}" for p in isi])
    }
    return [(p, catatan.get(f"{FOLDER}/{p.name}")) for p in isi]


def _umur_berkas(path: Path, sekarang: dt.datetime) -> dt.timedelta:
    diubah = dt.datetime.fromtimestamp(path.lstat().st_mtime, tz=dt.UTC)
    return sekarang - diubah


def unggahan_usang(sekarang: dt.datetime | None = None) -> list[tuple[Path, Impor | None]]:
    """The uploads to delete: a file no import record names (once older than
    UMUR_TANPA_CATATAN: a preview being read right now writes its record only after reading),
    or whose record is over UMUR_UNGGAHAN old, whether not awaiting confirmation (left by a
    crash) or awaiting it too long (the rule each preview applies, ``bersihkan_unggahan_lama``)."""
    sekarang = sekarang or timezone.now()
    return [
        (p, i)
        for p, i in unggahan_di_folder()
        if (i is None and _umur_berkas(p, sekarang) > UMUR_TANPA_CATATAN)
        or (i is not None and i.waktu < sekarang - UMUR_UNGGAHAN)
    ]


def bersihkan_unggahan(sekarang: dt.datetime | None = None) -> list[Path]:
    """Delete the uploads of :func:`unggahan_usang` (their records forget the file)."""
    dihapus = []
    for path, impor in unggahan_usang(sekarang):
        path.unlink(missing_ok=True)
        if impor is not None:
            Impor.objects.filter(pk=impor.pk).update(berkas="")
        dihapus.append(path)
    return dihapus


def unggahan_dicadangkan(path: Path, impor: Impor | None, sekarang: dt.datetime) -> bool:
    """A backup keeps an upload only while its preview may still be confirmed."""
    return (
        impor is not None
        and impor.menunggu_konfirmasi
        and impor.waktu >= sekarang - UMUR_UNGGAHAN
        and path.is_file()
        and not path.is_symlink()
    )


def unggahan_tanpa_cadangan() -> set[Path]:
    """The files of the upload folder a backup leaves out (see :func:`unggahan_dicadangkan`)."""
    sekarang = timezone.now()
    return {p for p, i in unggahan_di_folder() if not unggahan_dicadangkan(p, i, sekarang)}


def pratinjau(*, berkas, desa: Desa, pengguna, format: str | None = None) -> Hasil:
    """Browser step 1: keep the upload privately and plan it without saving anything.

    The copy is removed again unless the preview awaits confirmation (whatever goes wrong, no
    file stays in the folder without its record)."""
    bersihkan_unggahan_lama()
    impor = Impor(
        oleh=pengguna,
        antarmuka=Impor.Antarmuka.WEB,
        nama_berkas=Path(berkas.name or "berkas.xlsx").name[:255],
        berkas=simpan_unggahan(berkas),
    )
    path = Path(settings.MEDIA_ROOT) / impor.berkas
    try:
        hasil = jalankan(
            path=path,
            nama_berkas=impor.nama_berkas,
            desa=desa,
            pengguna=pengguna,
            antarmuka=Impor.Antarmuka.WEB,
            format=format,
            simpan=False,
            impor=impor,
        )
    except BaseException:
        path.unlink(missing_ok=True)
        if impor.pk:
            with contextlib.suppress(Exception):  # the first error is the one to report
                Impor.objects.filter(pk=impor.pk).update(berkas="")
        raise
    if hasil.impor.galat:
        hapus_unggahan(hasil.impor)  # nothing to confirm: keep no copy of the data
    return hasil


def pilih_tautan(*, impor: Impor, pengguna, pilihan: list[str]) -> Hasil | None:
    """At the door (issue 19): the operator's link-or-create choices on a preview awaiting
    confirmation ("lembar:baris=member id", only pairs the preview proposed), then the preview
    planned again with them (a new fingerprint). None when it no longer awaits confirmation."""
    path = path_unggahan(impor)
    if path is None or not impor.menunggu_konfirmasi:
        return None
    boleh = {(u["kunci"], u["anggota_id"]) for u in impor.rincian.get("usulan_ganda", [])}
    tautan: dict[str, int] = {}
    for nilai in pilihan:
        kunci, _s, pk = nilai.rpartition("=")
        if pk.isdigit() and (kunci, int(pk)) in boleh and kunci not in tautan:
            tautan[kunci] = int(pk)
    impor.tautan = tautan
    return _jalankan_ulang(impor, path, pengguna, simpan=False)


def _jalankan_ulang(impor: Impor, path, pengguna, *, simpan: bool, **lain) -> Hasil:
    """Read the kept upload of a browser import again (a new preview, or the save)."""
    return jalankan(
        path=path,
        nama_berkas=impor.nama_berkas,
        desa=impor.desa,
        pengguna=pengguna,
        antarmuka=Impor.Antarmuka.WEB,
        format=impor.format or None,
        simpan=simpan,
        impor=impor,
        tautan=impor.tautan,
        **lain,
    )


def konfirmasi(*, impor: Impor, pengguna) -> Hasil:
    """Browser step 2: read the kept file again and save it, unless the outcome changed.

    Idempotent: the record is locked and checked again inside the saving transaction, so of
    two confirmations at once one saves and the other returns ``sudah`` (its record as saved)."""
    path = path_unggahan(impor)
    if path is None or not impor.menunggu_konfirmasi:
        return Hasil(Impor.objects.get(pk=impor.pk), sudah=True)
    impor.oleh = pengguna
    try:
        hasil = _jalankan_ulang(impor, path, pengguna, simpan=True, sidik_harus=impor.sidik)
    except FileNotFoundError:
        # The other confirmation finished and removed the copy while this one began reading.
        return Hasil(Impor.objects.get(pk=impor.pk), sudah=True)
    if hasil.sudah:
        return hasil
    if not hasil.berubah or hasil.impor.galat:
        hapus_unggahan(hasil.impor)
    return hasil


# --- the command line ------------------------------------------------------------------------


class DesaTidakJelas(ValueError):
    """The target desa cannot be decided from the command line."""


def pilih_desa(kode: str | None, nama: str | None = None, *, boleh_buat: bool = False) -> Desa:
    """The desa named by --desa KODE; with --desa-nama a new one (unsaved until an import
    saves); without --desa the only desa of the database."""
    if nama and not kode:
        raise DesaTidakJelas(_("--desa-nama hanya dipakai bersama --desa KODE."))
    if kode:
        desa = Desa.objects.filter(kode=kode).first()
        if desa is not None:
            return desa
        if not (boleh_buat and nama):
            raise DesaTidakJelas(
                _(
                    "Desa dengan kode %(kode)s belum ada. Untuk membuatnya sekalian, tambahkan "
                    "--desa-nama NAMA."
                )
                % {"kode": kode}
            )
        desa = Desa(kode=kode, nama=" ".join(nama.split()))
        try:
            desa.full_clean()
        except ValidationError as e:
            raise DesaTidakJelas("; ".join(e.messages)) from None
        return desa
    semua = list(Desa.objects.order_by("kode")[:11])
    if len(semua) == 1:
        return semua[0]
    if not semua:
        raise DesaTidakJelas(
            _("Belum ada desa di basis data. Sebutkan --desa KODE --desa-nama NAMA.")
        )
    daftar = ", ".join(f"{d.kode} {d.nama}" for d in semua[:10])
    raise DesaTidakJelas(
        _("Ada lebih dari satu desa; sebutkan --desa KODE (%(daftar)s).") % {"daftar": daftar}
    )
