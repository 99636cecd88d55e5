"""Backup and restore: a round trip loses nothing (every table's rows and checksum, every file),
and a restore refuses a database that is not freshly migrated and empty. Runs on SQLite and on
PostgreSQL alike (whichever DATABASE_URL the suite runs on)."""

import datetime as dt
import io
import json
import os
import stat
import tarfile
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from keluarga import gabung, kode, services
from keluarga.akses import Peran
from keluarga.models import Anggota, CapData, Keluarga, LogAkses, Penggabungan
from laporan.models import AngkaBulan
from operasi import cadangan
from operasi.demo import buat_demo
from tests import factories as f

HARI = dt.date(2026, 6, 30)


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def isi(db, media, client):
    """A small village with everything a backup must carry: demo families, change history,
    users with roles and scopes (many-to-many), access log, a failed login, a session, media."""
    hasil = buat_demo(keluarga=25, seed=3, hingga=HARI)
    desa = hasil.desa[0]
    rt = desa.rt_set.order_by("pk").first()
    kel = services.buat_keluarga(
        rt=rt,
        no_kk="3326019912250001",
        nomor_rumah="7A",
        indikator_ks={"1": "Y", "2": "T"},
        pembangunan_keluarga={"3": True},
    )
    ibu = services.tambah_anggota(
        keluarga=kel,
        pada=HARI,
        nik="3326015505900011",
        nama="Ñoñó Şiti Ăminah 🌾",
        jenis_kelamin=kode.JenisKelamin.PEREMPUAN,
        tanggal_lahir=dt.date(1990, 5, 15),
        hubungan=kode.HubunganKK.KEPALA,
        status_kawin=kode.StatusKawin.KAWIN,
    )
    services.set_status_kb(anggota=ibu, metode="implan", mulai=dt.date(2025, 2, 1), baru=True)
    services.set_status_kb(anggota=ibu, metode="suntik", mulai=dt.date(2026, 1, 1))
    # Two records of one person, merged: the record and the merged-away row must come back
    # whole, enough to undo the merge after a restore.
    kel_g = f.KeluargaFactory(rumah__rt=rt, desa=desa)
    dua = [
        f.orang(kel_g, nama, kode.JenisKelamin.LAKI_LAKI, "1970-01-01", h)
        for nama, h in (("Moh. Rofiq", kode.HubunganKK.KEPALA), ("Muhammad Rofiq", "9"))
    ]
    gabung.gabungkan(
        penyintas=dua[0], digabung=dua[1], pilihan={"nama": "b"}, versi={kel_g.pk: kel_g.versi}
    )
    rumah = kel.rumah
    rumah.lat, rumah.lng = "-6.912345", "109.123456"
    rumah.save(update_fields=["lat", "lng"])
    admin = f.persona(Peran.ADMIN_DESA, desa=desa, username="admin_uji")
    kader = f.persona(Peran.KADER, desa=desa, rt=[rt], username="kader_uji")
    kader.user_permissions.add(Permission.objects.get(codename="view_keluarga"))
    LogAkses.objects.create(user=admin, jenis="daftar_nama", objek="uji", path="/keluarga/")
    client.post(reverse("login"), {"username": "kader_uji", "password": "salah"})
    client.force_login(admin)  # a session, which is deliberately not backed up
    (media / "kegiatan" / "2026").mkdir(parents=True)
    (media / "kegiatan" / "2026" / "foto rapat.jpg").write_bytes(os.urandom(50_000))
    (media / "catatan.txt").write_text("ringkasan rapat\n")
    assert AccessAttempt.objects.exists() and Session.objects.exists()
    assert Anggota.history.model.objects.exists()
    return {"desa": desa, "keluarga": kel}


def sidik_semua():
    return {m._meta.label_lower: cadangan.sidik_tabel(m) for m in cadangan.model_cadangan()}


def isi_media(akar: Path):
    return {
        p.relative_to(akar).as_posix(): p.read_bytes()
        for p in sorted(akar.rglob("*"))
        if p.is_file()
    }


def kosongkan_seperti_baru_dimigrasi(media: Path):
    """Turn the test database into what `migrate` leaves: no rows but the ones it fills itself.
    Sequences start again at 1, as in a new database (PostgreSQL; SQLite keeps its own)."""
    tabel = []
    for m in apps.get_models():
        if m._meta.proxy or not m._meta.managed:
            continue
        tabel += [
            x.remote_field.through._meta.db_table
            for x in m._meta.local_many_to_many
            if x.remote_field.through._meta.auto_created
        ]
        if m._meta.label_lower not in cadangan.TABEL_ISIAN_MIGRASI:
            tabel.append(m._meta.db_table)
    with connection.cursor() as c:
        for t in tabel:
            c.execute(f"DELETE FROM {connection.ops.quote_name(t)}")
        if connection.vendor == "postgresql":
            for m in cadangan.model_cadangan():
                if m._meta.label_lower in cadangan.TABEL_ISIAN_MIGRASI:
                    continue
                if m._meta.pk.get_internal_type() in {"AutoField", "BigAutoField"}:
                    c.execute(
                        "SELECT setval(pg_get_serial_sequence(%s, %s), 1, false)",
                        [m._meta.db_table, m._meta.pk.column],
                    )
    # A fresh database numbers its content types in its own order: the restore must replace them.
    ContentType.objects.create(app_label="lama", model="hantu")
    ContentType.objects.clear_cache()
    for p in sorted(media.rglob("*"), reverse=True):
        p.unlink() if p.is_file() else p.rmdir()


def test_a_round_trip_loses_no_row_no_checksum_and_no_file(isi, media, tmp_path):
    sebelum = sidik_semua()
    berkas_sebelum = isi_media(media)
    hasil = cadangan.tulis_cadangan(tmp_path / "cadangan")
    manifest = json.load(tarfile.open(hasil.arsip).extractfile("manifest.json"))
    assert {k: (v["baris"], v["sha256"]) for k, v in manifest["tabel"].items()} == sebelum
    assert hasil.baris == sum(n for n, _ in sebelum.values())
    assert hasil.berkas == 2

    kosongkan_seperti_baru_dimigrasi(media)
    assert not Keluarga.objects.exists() and not isi_media(media)

    AngkaBulan.objects.create(  # a stored figure left behind is dropped by the restore
        desa=isi["desa"], bulan=dt.date(2026, 1, 1), laporan={}, cap=1, versi="x"
    )
    dipulihkan = cadangan.pulihkan(hasil.arsip)
    assert sidik_semua() == sebelum
    assert not AngkaBulan.objects.exists()
    assert CapData.objects.filter(desa=isi["desa"]).exists()
    assert isi_media(media) == berkas_sebelum
    assert dipulihkan.baris == hasil.baris and dipulihkan.berkas == 2
    assert not ContentType.objects.filter(app_label="lama").exists()
    # Spot checks of what a careless dump loses: microseconds, unicode, JSON, decimals, m2m.
    kel = Keluarga.objects.get(no_kk="3326019912250001")
    assert kel.dibuat == isi["keluarga"].dibuat and kel.dibuat.microsecond == (
        isi["keluarga"].dibuat.microsecond
    )
    assert kel.indikator_ks == {"1": "Y", "2": "T"}
    assert str(kel.rumah.lat) == "-6.912345"
    assert kel.anggota_set.get().nama == "Ñoñó Şiti Ăminah 🌾"
    assert kel.anggota_set.get().history.count() == 1
    assert kel.anggota_set.get().status_kb_set.count() == 2
    kader = Group.objects.get(name=Peran.KADER).user_set.get(username="kader_uji")
    assert kader.lingkup.rt.count() == 1 and kader.user_permissions.count() == 1
    # The merge record came back and still undoes the merge.
    p = Penggabungan.objects.get()
    assert Anggota.semua.get(pk=p.digabung_id).digabung_ke_id == p.penyintas_id
    gabung.batalkan(penggabungan=p)
    assert set(
        Anggota.objects.filter(pk__in=[p.penyintas_id, p.digabung_id]).values_list(
            "nama", flat=True
        )
    ) == {"Moh. Rofiq", "Muhammad Rofiq"}
    # New rows get fresh ids after the restore (PostgreSQL sequences were moved past the data).
    baru = f.KeluargaFactory(rumah__rt=isi["desa"].rt_set.first(), desa=isi["desa"])
    assert baru.pk > kel.pk


def test_sessions_are_left_out_on_purpose_and_every_other_table_is_in(isi, tmp_path):
    hasil = cadangan.tulis_cadangan(tmp_path)
    with tarfile.open(hasil.arsip) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        nama = set(tar.getnames())
    semua = {
        m._meta.label_lower for m in apps.get_models() if m._meta.managed and not m._meta.proxy
    }
    # The stamps and stored month figures are derived (issue 15): rebuilt, never restored.
    assert set(manifest["tabel"]) == semua - {"sessions.session"} - cadangan.TURUNAN
    assert manifest["tidak_dicadangkan"] == ["sessions.session"]
    for label in ("keluarga.historicalanggota", "auth.user", "axes.accessattempt"):
        assert f"data/{label}.jsonl" in nama
    assert {"media/catatan.txt", "media/kegiatan/2026/foto rapat.jpg"} <= nama


def test_only_the_listed_tables_are_filled_by_migrate(db):
    """TABEL_ISIAN_MIGRASI must name every table a fresh `migrate` fills (else restore refuses)."""
    terisi = {
        m._meta.label_lower
        for m in apps.get_models()
        if m._meta.managed and not m._meta.proxy and m._base_manager.exists()
    }
    assert terisi <= cadangan.TABEL_ISIAN_MIGRASI


def test_the_archive_is_private_and_named_by_date(isi, tmp_path):
    hasil = cadangan.tulis_cadangan(tmp_path)
    assert hasil.arsip.name.startswith("rumahdataku-cadangan-")
    assert hasil.arsip.name.endswith(".tar.gz")
    assert stat.S_IMODE(hasil.arsip.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_restore_refuses_a_database_that_is_not_empty(isi, tmp_path):
    hasil = cadangan.tulis_cadangan(tmp_path)
    jumlah = Keluarga.objects.count()
    with pytest.raises(cadangan.CadanganError, match="Basis data tujuan tidak kosong") as e:
        cadangan.pulihkan(hasil.arsip)
    assert "auth_user" in str(e.value)
    assert Keluarga.objects.count() == jumlah


def test_restore_refuses_another_schema_version(isi, media, tmp_path):
    hasil = cadangan.tulis_cadangan(tmp_path)
    arsip = ubah_arsip(
        hasil.arsip,
        tmp_path / "lain.tar.gz",
        manifest=lambda m: m.update(migrasi=[*m["migrasi"], "keluarga.9999_masa_depan"]),
    )
    kosongkan_seperti_baru_dimigrasi(media)
    with pytest.raises(cadangan.CadanganError, match="keluarga.9999_masa_depan"):
        cadangan.pulihkan(arsip)


def test_a_damaged_archive_is_refused_and_nothing_is_kept(isi, media, tmp_path):
    hasil = cadangan.tulis_cadangan(tmp_path)

    def rusak(nama, data):
        if nama == "data/keluarga.keluarga.jsonl":
            return data.replace(b"3326019912250001", b"3326019912250002")
        return data

    arsip = ubah_arsip(hasil.arsip, tmp_path / "rusak.tar.gz", data=rusak)
    kosongkan_seperti_baru_dimigrasi(media)
    with pytest.raises(cadangan.CadanganError, match="keluarga.keluarga di arsip rusak"):
        cadangan.pulihkan(arsip)
    assert not Keluarga.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*"))


def test_an_archive_with_a_table_twice_is_refused_cleanly(isi, media, tmp_path):
    hasil = cadangan.tulis_cadangan(tmp_path)
    arsip = ubah_arsip(hasil.arsip, tmp_path / "ganda.tar.gz", ganda="data/keluarga.keluarga.jsonl")
    kosongkan_seperti_baru_dimigrasi(media)
    with pytest.raises(cadangan.CadanganError, match="tidak dapat dimuat, tidak ada yang disimpan"):
        cadangan.pulihkan(arsip)
    assert not Keluarga.objects.exists()


def test_a_file_that_is_no_backup_is_refused(db, tmp_path):
    bukan = tmp_path / "bukan.tar.gz"
    bukan.write_bytes(b"bukan arsip")
    with pytest.raises(cadangan.CadanganError, match="bukan arsip .tar.gz"):
        cadangan.pulihkan(bukan)
    with pytest.raises(cadangan.CadanganError, match="tidak ditemukan"):
        cadangan.pulihkan(tmp_path / "tidak-ada.tar.gz")


def test_media_paths_cannot_leave_the_media_folder(media):
    for nama in ("../etc/passwd", "/etc/passwd", "a/../../b"):
        with pytest.raises(cadangan.CadanganError, match="tidak sah"):
            cadangan._path_media(nama)


def test_the_commands_write_to_the_current_folder_and_refuse_in_indonesian(
    isi, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    keluar = io.StringIO()
    call_command("backup", stdout=keluar)
    (arsip,) = tmp_path.glob("rumahdataku-cadangan-*.tar.gz")
    assert f"Cadangan ditulis: {arsip.name}" in keluar.getvalue().replace("./", "")
    with pytest.raises(CommandError, match="Basis data tujuan tidak kosong"):
        call_command("restore", str(arsip))
    call_command("backup", "--dir", "sub/folder", stdout=io.StringIO())
    assert len(list((tmp_path / "sub" / "folder").glob("*.tar.gz"))) == 1


# --- helpers -------------------------------------------------------------------------------------


def ubah_arsip(asal: Path, tujuan: Path, *, manifest=None, data=None, ganda=None) -> Path:
    """A copy of an archive with its manifest or member contents changed, or a member twice."""
    with tarfile.open(asal) as masuk, tarfile.open(tujuan, "w:gz") as keluar:
        for anggota in masuk:
            isi_anggota = masuk.extractfile(anggota).read()
            if anggota.name == "manifest.json" and manifest:
                m = json.loads(isi_anggota)
                manifest(m)
                isi_anggota = json.dumps(m).encode()
            elif data:
                isi_anggota = data(anggota.name, isi_anggota)
            anggota.size = len(isi_anggota)
            keluar.addfile(anggota, io.BytesIO(isi_anggota))
            if anggota.name == ganda:
                keluar.addfile(anggota, io.BytesIO(isi_anggota))
    return tujuan
