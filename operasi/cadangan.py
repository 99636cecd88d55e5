"""Backup and restore of all data, on SQLite and PostgreSQL alike (commands `backup`, `restore`).

One archive ``rumahdataku-cadangan-YYYYMMDD-HHMMSS.tar.gz`` holds:

- ``data/<app>.<model>.jsonl``: every row of every model (auth, change history, axes, ...), one
  JSON object per line in Django's serializer format, ordered by primary key, keys sorted;
  that text is the table's canonical content;
- ``media/<path>``: every uploaded file under MEDIA_ROOT, but the import uploads no longer
  awaiting confirmation (``impor.layanan.unggahan_dicadangkan``);
- ``manifest.json``: applied migrations, and per table its row count and the SHA-256 of its
  canonical content, per file its size and SHA-256.

A restore goes into a freshly migrated, empty database only, verifies every checksum and, before
committing, re-reads the restored tables and compares them with the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from impor import layanan as layanan_impor
from keluarga import cap

FORMAT = 1
AWALAN = "rumahdataku-cadangan"
MANIFEST = "manifest.json"
POTONGAN = 2000  # rows per query while reading, and per INSERT batch while restoring

# Filled by `migrate` itself on a fresh database (post_migrate: content types and permissions;
# data migrations: the roles as groups, the poktan topics, the portal's agencies and our Rumah
# DataKu level rules). A restore replaces their rows with the
# backup's, so ids match the backed-up rows that refer to them; a row in any other table means
# the target is not empty. A new data migration that fills another table must be added here (the
# round-trip test fails until it is).
TABEL_ISIAN_MIGRASI = frozenset(
    {
        "contenttypes.contenttype",
        "auth.permission",
        "auth.group",
        "poktan.topik",
        # kampungkb/0003: the agencies and the Rumah DataKu level rules.
        "kampungkb.instansi",
        "kampungkb.aturanrumahdataku",
    }
)

# Models that changed app (issue 14), same table and rows: a backup taken before the move names
# them by the old label and lacks the migrations that only moved them. A restore reads such a
# backup into a database of this version: rows loaded under the new label (the checksums are of
# the archive's text, so compared under the old one), then the content type renamed as the
# migration does.
PINDAH_MODEL = {"keluarga.impor": "impor.impor"}
MIGRASI_PINDAH = frozenset(
    {"keluarga.0011_impor_pindah_ke_app_impor", "impor.0001_impor_dari_keluarga"}
)

# Login sessions are credentials, not data: a backup that leaks must not let anyone in, so they
# are left out on purpose. After a restore everyone logs in again.
TIDAK_DICADANGKAN = frozenset({"sessions.session"})
# Derived data (issue 15): the desa's data stamps and the stored month figures. A restore leaves
# the figures empty (recomputed on first view) and the stamps as the desa trigger makes them.
TURUNAN = frozenset({"keluarga.capdata", "laporan.angkabulan"})


class CadanganError(Exception):
    """A backup or restore refused or failed, with an Indonesian message for the operator."""


@dataclass
class Ringkasan:
    """What a backup wrote or a restore loaded."""

    arsip: Path
    tabel: int = 0
    baris: int = 0
    berkas: int = 0
    detik: float = 0.0
    per_tabel: dict[str, int] = field(default_factory=dict)


class _Encoder(DjangoJSONEncoder):
    """DjangoJSONEncoder keeps only milliseconds of a time; a backup must keep microseconds."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def model_cadangan(registri=apps) -> list[type[Model]]:
    """Every model whose table holds data of its own, sorted by label (proxies and unmanaged
    models share or lack a table; auto-created many-to-many tables travel with their model).
    `registri`: the models as the target database's migrations left them (a restore)."""
    return sorted(
        (
            m
            for m in registri.get_models()
            if m._meta.managed
            and not m._meta.proxy
            and not m._meta.swapped
            and m._meta.label_lower not in TIDAK_DICADANGKAN
            and m._meta.label_lower not in TURUNAN
        ),
        key=lambda m: m._meta.label_lower,
    )


def _m2m_otomatis(model: type[Model]) -> list:
    return [f for f in model._meta.local_many_to_many if f.remote_field.through._meta.auto_created]


def _potong(iterable: Iterable, n: int) -> Iterator[list]:
    potongan = []
    for x in iterable:
        potongan.append(x)
        if len(potongan) == n:
            yield potongan
            potongan = []
    if potongan:
        yield potongan


def baris_kanonik(
    model: type[Model], using: str = "default", *, label: str | None = None
) -> Iterator[bytes]:
    """The table's canonical content: one JSON line per row, by primary key, keys sorted
    (`label`: the model's label before it changed app, for a backup taken before)."""
    m2m = [f.name for f in _m2m_otomatis(model)]
    qs = model._base_manager.using(using).order_by("pk")
    if m2m:
        qs = qs.prefetch_related(*m2m)
    serializer = serializers.get_serializer("python")()
    for potongan in _potong(qs.iterator(chunk_size=POTONGAN), POTONGAN):
        for obj in serializer.serialize(potongan):
            for nama in m2m:
                obj["fields"][nama] = sorted(obj["fields"][nama])
            if label is not None:
                obj["model"] = label
            teks = json.dumps(
                obj, cls=_Encoder, sort_keys=True, ensure_ascii=False, separators=(",", ":")
            )
            yield teks.encode() + b"\n"


def sidik_tabel(
    model: type[Model], using: str = "default", *, label: str | None = None
) -> tuple[int, str]:
    """Row count and SHA-256 of a table's canonical content."""
    h, n = hashlib.sha256(), 0
    for baris in baris_kanonik(model, using, label=label):
        h.update(baris)
        n += 1
    return n, h.hexdigest()


def _migrasi_terpasang(using: str) -> list[str]:
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{nama}" for app, nama in recorder.applied_migrations())


def _sha256_berkas(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for blok in iter(lambda: f.read(1 << 20), b""):
            h.update(blok)
    return h.hexdigest()


def _berkas_media(kecuali: set[Path] = frozenset()) -> list[tuple[str, Path]]:
    """The files under MEDIA_ROOT, but ``kecuali`` (uploads of imports no longer pending)."""
    akar = Path(settings.MEDIA_ROOT)
    if not akar.is_dir():
        return []
    hasil = []
    for folder, _subfolder, nama_berkas in os.walk(akar):
        for nama in nama_berkas:
            path = Path(folder) / nama
            if path.is_file() and not path.is_symlink() and path not in kecuali:
                hasil.append((path.relative_to(akar).as_posix(), path))
    return sorted(hasil)


def _tambah_ke_tar(tar: tarfile.TarFile, nama: str, path: Path) -> None:
    info = tarfile.TarInfo(nama)
    info.size = path.stat().st_size
    info.mtime = int(time.time())
    info.mode = 0o600
    with path.open("rb") as f:
        tar.addfile(info, f)


def tulis_cadangan(
    folder: Path, *, using: str = "default", catat: Callable[[str], None] = lambda _s: None
) -> Ringkasan:
    """Write one archive of all data and media into ``folder``; return what it holds."""
    mulai = time.monotonic()
    folder.mkdir(parents=True, exist_ok=True)
    sekarang = timezone.localtime()
    arsip = folder / f"{AWALAN}-{sekarang:%Y%m%d-%H%M%S}.tar.gz"
    if arsip.exists():
        raise CadanganError(_("Berkas %(f)s sudah ada; coba lagi sedetik lagi.") % {"f": arsip})
    sementara = folder / f".{arsip.name}.sebagian"
    ringkasan = Ringkasan(arsip=arsip)
    manifest: dict = {
        "format": FORMAT,
        "aplikasi": "Rumah Dataku",
        "dibuat": sekarang.isoformat(),
        "django": django.get_version(),
        "basis_data": connections[using].vendor,
        "tidak_dicadangkan": sorted(TIDAK_DICADANGKAN),
        "tabel": {},
        "media": {},
    }
    # Personal data: the archive is readable by its owner only, from its first byte on.
    fd = os.open(sementara, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with (
            os.fdopen(fd, "wb") as keluar,
            tarfile.open(fileobj=keluar, mode="w:gz", compresslevel=6) as tar,
            tempfile.TemporaryDirectory(prefix="rumahdataku-cadangan-") as kerja,
        ):
            with _snapshot(using):
                manifest["migrasi"] = _migrasi_terpasang(using)
                for model in model_cadangan():
                    label = model._meta.label_lower
                    path = Path(kerja) / f"{label}.jsonl"
                    h, n = hashlib.sha256(), 0
                    with path.open("wb") as f:
                        for baris in baris_kanonik(model, using):
                            f.write(baris)
                            h.update(baris)
                            n += 1
                    nama = f"data/{label}.jsonl"
                    _tambah_ke_tar(tar, nama, path)
                    path.unlink()
                    manifest["tabel"][label] = {
                        "berkas": nama,
                        "baris": n,
                        "sha256": h.hexdigest(),
                        "db_table": model._meta.db_table,
                    }
                    ringkasan.per_tabel[label] = n
                    ringkasan.baris += n
                    catat(f"{label}: {n}")
            for rel, path in _berkas_media(kecuali=layanan_impor.unggahan_tanpa_cadangan()):
                manifest["media"][rel] = {
                    "ukuran": path.stat().st_size,
                    "sha256": _sha256_berkas(path),
                }
                _tambah_ke_tar(tar, f"media/{rel}", path)
            isi = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(isi), int(time.time()), 0o600
            tar.addfile(info, io.BytesIO(isi))
        os.replace(sementara, arsip)
    except BaseException:
        sementara.unlink(missing_ok=True)
        raise
    ringkasan.tabel = len(manifest["tabel"])
    ringkasan.berkas = len(manifest["media"])
    ringkasan.detik = time.monotonic() - mulai
    return ringkasan


@contextmanager
def _snapshot(using: str):
    """One consistent view of the database for the whole dump (a read-only repeatable-read
    transaction on PostgreSQL; one read transaction on SQLite, whose WAL keeps its snapshot)."""
    conn = connections[using]
    di_luar = not conn.in_atomic_block
    with transaction.atomic(using=using):
        if conn.vendor == "postgresql" and di_luar:
            with conn.cursor() as c:
                c.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


# --- restore -------------------------------------------------------------------------------------


def baca_manifest(tar: tarfile.TarFile) -> dict:
    """The archive's manifest, or CadanganError when it is not a Rumah Dataku backup."""
    try:
        anggota = tar.getmember(MANIFEST)
        manifest = json.load(tar.extractfile(anggota))
    except (KeyError, ValueError, TypeError) as e:
        raise CadanganError(
            _("Berkas ini bukan cadangan Rumah Dataku (manifest.json tidak ada atau rusak).")
        ) from e
    if manifest.get("format") != FORMAT or manifest.get("aplikasi") != "Rumah Dataku":
        raise CadanganError(
            _("Format cadangan %(f)s tidak dikenal oleh versi aplikasi ini.")
            % {"f": manifest.get("format")}
        )
    return manifest


def _model_tujuan(using: str):
    """The models as the target database's applied migrations define them: a backup taken by an
    earlier version restores into a database at its migrations (then `migrate` goes on), so
    tables and columns added since are not there yet."""
    from django.db.migrations.executor import MigrationExecutor

    return (
        MigrationExecutor(connections[using])
        ._create_project_state(with_applied_migrations=True)
        .apps
    )


def _periksa_tujuan(manifest: dict, using: str, registri=apps) -> None:
    """Refuse unless the target has the backup's migrations and holds no data of its own."""
    terpasang = set(_migrasi_terpasang(using))
    di_cadangan = set(manifest.get("migrasi", []))
    if terpasang != di_cadangan:
        kurang = sorted(di_cadangan - terpasang)
        lebih = sorted(terpasang - di_cadangan)
        raise CadanganError(
            _(
                "Versi basis data tujuan tidak sama dengan versi cadangan. Migrasi yang ada di "
                "cadangan tetapi belum di tujuan: %(kurang)s. Migrasi di tujuan yang tidak ada "
                "di cadangan: %(lebih)s. Pulihkan dengan versi aplikasi yang sama dengan saat "
                "cadangan dibuat, lalu jalankan `manage.py migrate`."
            )
            % {"kurang": ", ".join(kurang) or "-", "lebih": ", ".join(lebih) or "-"}
        )
    label_model = {m._meta.label_lower for m in model_cadangan(registri)}
    if label_model != set(manifest["tabel"]):
        raise CadanganError(
            _("Daftar tabel di cadangan tidak sama dengan aplikasi ini: %(beda)s.")
            % {"beda": ", ".join(sorted(label_model ^ set(manifest["tabel"])))}
        )
    berisi = [
        f"{m._meta.db_table} ({m._base_manager.using(using).count()} baris)"
        for m in registri.get_models()
        if m._meta.managed
        and not m._meta.proxy
        and not m._meta.swapped
        and m._meta.label_lower not in TABEL_ISIAN_MIGRASI
        and m._meta.label_lower not in TURUNAN
        and m._base_manager.using(using).exists()
    ]
    if berisi:
        raise CadanganError(
            _(
                "Basis data tujuan tidak kosong, pemulihan dibatalkan agar tidak ada data yang "
                "tertimpa. Tabel berisi: %(tabel)s. Pulihkan hanya ke basis data baru yang baru "
                "saja dimigrasi (lihat docs/DEPLOY.md)."
            )
            % {
                "tabel": ", ".join(berisi[:8])
                + (_(" dan %(n)s tabel lain") % {"n": len(berisi) - 8} if len(berisi) > 8 else "")
            }
        )


def _tata_letak_sekarang(manifest: dict) -> dict:
    """A backup taken before models changed app, in this version's labels and migrations."""
    lama = [label for label in PINDAH_MODEL if label in manifest.get("tabel", {})]
    if not lama:
        return manifest
    for label in lama:
        info = manifest["tabel"].pop(label)
        manifest["tabel"][PINDAH_MODEL[label]] = {**info, "label_lama": label}
    manifest["migrasi"] = sorted(set(manifest.get("migrasi", [])) | MIGRASI_PINDAH)
    return manifest


def _ganti_jenis_isi_pindahan(manifest: dict, using: str) -> None:
    """The restored content types of moved models take their new app (as their migration does),
    so permissions and admin log entries follow them."""
    from django.contrib.contenttypes.models import ContentType

    for label, info in manifest["tabel"].items():
        if "label_lama" in info:
            app_lama, model = info["label_lama"].split(".")
            ContentType.objects.using(using).filter(app_label=app_lama, model=model).update(
                app_label=label.split(".")[0]
            )
    ContentType.objects.clear_cache()


def _path_media(rel: str) -> Path:
    bagian = PurePosixPath(rel)
    if bagian.is_absolute() or not bagian.parts or ".." in bagian.parts:
        raise CadanganError(_("Nama berkas tidak sah di cadangan: %(n)s.") % {"n": rel})
    return Path(settings.MEDIA_ROOT).joinpath(*bagian.parts)


def _periksa_media(manifest: dict) -> None:
    """Refuse when a backed-up file would overwrite a different file already in MEDIA_ROOT."""
    bentrok = [
        rel
        for rel, info in manifest["media"].items()
        if (p := _path_media(rel)).exists() and _sha256_berkas(p) != info["sha256"]
    ]
    if bentrok:
        raise CadanganError(
            _("Folder media sudah berisi berkas lain dengan nama yang sama: %(n)s.")
            % {"n": ", ".join(bentrok[:5])}
        )


def _muat_tabel(
    model: type[Model], baris: Iterable[bytes], using: str, *, label_lama: str | None = None
) -> tuple[int, str]:
    """Insert a table's rows with their own primary keys, as loaddata does (raw: no auto_now,
    no signals, hence no new history rows); return the row count and checksum read."""
    conn = connections[using]
    fields = list(model._meta.local_concrete_fields)
    m2m = {f.name: f for f in _m2m_otomatis(model)}
    h = hashlib.sha256()
    n = 0

    def diurai(it):
        nonlocal n
        for b in it:
            h.update(b)
            n += 1
            obj = json.loads(b)
            if label_lama is not None:
                obj["model"] = model._meta.label_lower
            yield obj

    for potongan in _potong(
        serializers.deserialize("python", diurai(baris), using=using), POTONGAN
    ):
        objs = [d.object for d in potongan]
        ukuran = max(1, conn.ops.bulk_batch_size(fields, objs) or len(objs))
        for i in range(0, len(objs), ukuran):
            model._base_manager._insert(objs[i : i + ukuran], fields=fields, using=using, raw=True)
        for nama, f in m2m.items():
            through = f.remote_field.through
            asal, tujuan = f.m2m_field_name(), f.m2m_reverse_field_name()
            through._base_manager.using(using).bulk_create(
                [
                    through(**{f"{asal}_id": d.object.pk, f"{tujuan}_id": pk})
                    for d in potongan
                    for pk in d.m2m_data.get(nama, [])
                ],
                batch_size=POTONGAN,
            )
    return n, h.hexdigest()


def _kosongkan_isian_migrasi(using: str, registri=apps) -> None:
    """Empty the tables `migrate` filled; the backup's rows replace them (deferred foreign keys
    let both happen in one transaction)."""
    conn = connections[using]
    tabel = []
    for label in sorted(TABEL_ISIAN_MIGRASI):
        model = registri.get_model(label)
        tabel += [f.remote_field.through._meta.db_table for f in _m2m_otomatis(model)]
        tabel.append(model._meta.db_table)
    with conn.cursor() as c:
        for t in tabel:
            c.execute(f"DELETE FROM {conn.ops.quote_name(t)}")


def _setel_ulang_urutan(using: str, registri=apps) -> None:
    """Move PostgreSQL's id sequences past the restored ids (SQLite does this by itself)."""
    conn = connections[using]
    model = model_cadangan(registri)
    model += [f.remote_field.through for m in model for f in _m2m_otomatis(m)]
    sql = conn.ops.sequence_reset_sql(no_style(), model)
    if sql:
        with conn.cursor() as c:
            for perintah in sql:
                c.execute(perintah)


def bandingkan(manifest: dict, using: str = "default", registri=apps) -> list[str]:
    """Tables whose row count or checksum in the database differs from the manifest."""
    beda = []
    for model in model_cadangan(registri):
        label = model._meta.label_lower
        info = manifest["tabel"].get(label)
        n, sha = sidik_tabel(model, using, label=(info or {}).get("label_lama"))
        if info is None or (n, sha) != (info["baris"], info["sha256"]):
            beda.append(label)
    return beda


def pulihkan(
    arsip: Path, *, using: str = "default", catat: Callable[[str], None] = lambda _s: None
) -> Ringkasan:
    """Load an archive into a freshly migrated, empty database and its media folder."""
    from django.contrib.contenttypes.models import ContentType

    mulai = time.monotonic()
    if not arsip.is_file():
        raise CadanganError(_("Berkas cadangan %(f)s tidak ditemukan.") % {"f": arsip})
    try:
        tar = tarfile.open(arsip, mode="r:gz")
    except (tarfile.TarError, OSError) as e:
        raise CadanganError(
            _("Berkas %(f)s bukan arsip .tar.gz yang utuh: %(e)s") % {"f": arsip, "e": e}
        ) from e
    ringkasan = Ringkasan(arsip=arsip)
    ditulis: list[Path] = []
    with tar:
        manifest = _tata_letak_sekarang(baca_manifest(tar))
        registri = _model_tujuan(using)
        _periksa_tujuan(manifest, using, registri)
        _periksa_media(manifest)
        model_per_berkas = {
            info["berkas"]: registri.get_model(label) for label, info in manifest["tabel"].items()
        }
        try:
            with transaction.atomic(using=using):
                _kosongkan_isian_migrasi(using, registri)
                # Derived rows: rebuilt after the restore (a database at an older migration
                # may not have their tables yet).
                ada = set(connections[using].introspection.table_names())
                for label in sorted(TURUNAN):
                    if apps.get_model(label)._meta.db_table in ada:
                        apps.get_model(label)._base_manager.using(using).all().delete()
                for anggota in tar:
                    if anggota.name in model_per_berkas and anggota.isfile():
                        model = model_per_berkas[anggota.name]
                        label = model._meta.label_lower
                        info = manifest["tabel"][label]
                        n, sha = _muat_tabel(
                            model,
                            tar.extractfile(anggota),
                            using,
                            label_lama=info.get("label_lama"),
                        )
                        if (n, sha) != (info["baris"], info["sha256"]):
                            raise CadanganError(
                                _("Isi tabel %(t)s di arsip rusak (jumlah baris/checksum beda).")
                                % {"t": label}
                            )
                        ringkasan.per_tabel[label] = n
                        ringkasan.baris += n
                        catat(f"{label}: {n}")
                    elif anggota.name.startswith("media/") and anggota.isfile():
                        rel = anggota.name.removeprefix("media/")
                        if rel not in manifest["media"]:
                            raise CadanganError(
                                _("Berkas %(n)s tidak tercatat di manifest.") % {"n": rel}
                            )
                        path, baru = _tulis_media(rel, tar.extractfile(anggota), manifest)
                        ringkasan.berkas += 1
                        if baru:
                            ditulis.append(path)
                if set(ringkasan.per_tabel) != set(manifest["tabel"]):
                    hilang = sorted(set(manifest["tabel"]) - set(ringkasan.per_tabel))
                    raise CadanganError(
                        _("Arsip tidak lengkap; tabel hilang: %(t)s.") % {"t": ", ".join(hilang)}
                    )
                if ringkasan.berkas != len(manifest["media"]):
                    raise CadanganError(_("Arsip tidak lengkap; ada berkas media yang hilang."))
                _setel_ulang_urutan(using, registri)
                connections[using].check_constraints()
                ContentType.objects.clear_cache()
                beda = bandingkan(manifest, using, registri)
                if beda:
                    raise CadanganError(
                        _("Setelah dimuat, isi tabel berbeda dari cadangan: %(t)s.")
                        % {"t": ", ".join(beda)}
                    )
                _ganti_jenis_isi_pindahan(manifest, using)
                if cap.TABEL_CAP in ada:  # every stored figure is stale after a restore
                    cap.tandai_berubah(None, using=using)
        except BaseException as e:
            ContentType.objects.clear_cache()
            for path in ditulis:
                path.unlink(missing_ok=True)
            if isinstance(e, DatabaseError | DeserializationError | ValueError):
                raise CadanganError(
                    _("Arsip tidak dapat dimuat, tidak ada yang disimpan: %(e)s") % {"e": e}
                ) from e
            raise
    ringkasan.tabel = len(ringkasan.per_tabel)
    ringkasan.detik = time.monotonic() - mulai
    return ringkasan


def _tulis_media(rel: str, sumber, manifest: dict) -> tuple[Path, bool]:
    """Write one media file (checked against the manifest); whether it is new in MEDIA_ROOT."""
    tujuan = _path_media(rel)
    baru = not tujuan.exists()
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    h = hashlib.sha256()
    sementara = tujuan.with_name(f".{tujuan.name}.sebagian")
    with sementara.open("wb") as f:
        for blok in iter(lambda: sumber.read(1 << 20), b""):
            h.update(blok)
            f.write(blok)
    if h.hexdigest() != manifest["media"][rel]["sha256"]:
        sementara.unlink()
        raise CadanganError(_("Berkas media %(n)s di arsip rusak (checksum beda).") % {"n": rel})
    os.replace(sementara, tujuan)
    return tujuan, baru
