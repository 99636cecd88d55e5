"""manage.py import_data: exit codes, --dry-run, choosing and creating the desa."""

import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from impor.management.commands.import_data import Command
from impor.models import Impor
from keluarga.models import Anggota, Desa
from tests import factories as f
from tests.test_impor_opensid import buku_opensid, keluarga_budi


def jalankan(*args) -> str:
    keluar = io.StringIO()
    call_command("import_data", *map(str, args), stdout=keluar)
    return keluar.getvalue()


def kode_keluar(*args) -> int:
    """The process exit code, as `python manage.py import_data ...` would give it."""
    # run_from_argv closes the connections when done; the test's transaction needs its own.
    with mock.patch("django.core.management.base.connections.close_all"):
        try:
            Command(stdout=io.StringIO(), stderr=io.StringIO()).run_from_argv(
                ["manage.py", "import_data", *map(str, args)]
            )
        except SystemExit as e:
            return e.code
    return 0


@pytest.fixture
def berkas(tmp_path):
    return buku_opensid(tmp_path / "penduduk.xlsx", keluarga_budi())


@pytest.fixture
def rusak(tmp_path):
    return buku_opensid(tmp_path / "rusak.xlsx", keluarga_budi(b2={"sex": "3"}))


def test_it_imports_into_the_only_desa_and_exits_zero(db, berkas):
    f.DesaFactory(kode="3326012001")
    keluar = jalankan(berkas)
    assert "Baris baru: 3" in keluar and "Tersimpan." in keluar
    assert Anggota.objects.count() == 3
    i = Impor.objects.get()
    assert (i.antarmuka, i.oleh, i.status) == (Impor.Antarmuka.CLI, None, Impor.Status.TERSIMPAN)


def test_a_row_error_gives_a_non_zero_exit_and_saves_nothing(db, rusak):
    f.DesaFactory(kode="3326012001")
    assert kode_keluar(rusak) == 1
    assert not Anggota.objects.exists()
    assert Impor.objects.get().status == Impor.Status.GAGAL
    with pytest.raises(CommandError, match="1 kesalahan"):
        jalankan(rusak)


def test_dry_run_saves_nothing_and_exits_zero_without_errors(db, berkas):
    f.DesaFactory(kode="3326012001")
    keluar = io.StringIO()
    call_command("import_data", str(berkas), "--dry-run", stdout=keluar)
    assert "Uji coba" in keluar.getvalue() and "Baris baru: 3" in keluar.getvalue()
    assert not Anggota.objects.exists()
    assert Impor.objects.get().status == Impor.Status.UJI
    assert kode_keluar(berkas, "--dry-run") == 0


def test_dry_run_with_errors_exits_non_zero_and_lists_them_by_row_and_column(db, rusak):
    f.DesaFactory(kode="3326012001")
    keluar = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_data", str(rusak), "--dry-run", stdout=keluar)
    assert "Data Penduduk, baris 4, kolom sex:" in keluar.getvalue()
    assert kode_keluar(rusak, "--dry-run") == 1


def test_a_new_desa_needs_its_name_and_is_created_only_when_saving(db, berkas):
    with pytest.raises(CommandError, match="--desa-nama"):
        jalankan(berkas, "--desa", "3326019999")
    jalankan(berkas, "--desa", "3326019999", "--desa-nama", "Sukamaju", "--dry-run")
    assert not Desa.objects.exists()
    jalankan(berkas, "--desa", "3326019999", "--desa-nama", "Sukamaju")
    assert Desa.objects.get().nama == "Sukamaju" and Anggota.objects.count() == 3


def test_an_invalid_desa_code_is_refused(db, berkas):
    with pytest.raises(CommandError, match="10 angka"):
        jalankan(berkas, "--desa", "12345", "--desa-nama", "X")


def test_without_desa_and_with_several_the_command_lists_them(db, berkas):
    f.DesaFactory(kode="3326012001", nama="Satu")
    f.DesaFactory(kode="3326012002", nama="Dua")
    with pytest.raises(CommandError, match="3326012001 Satu"):
        jalankan(berkas)
    jalankan(berkas, "--desa", "3326012002")
    assert Anggota.objects.filter(desa__kode="3326012002").count() == 3


def test_an_empty_database_asks_for_the_desa(db, berkas):
    with pytest.raises(CommandError, match="Belum ada desa"):
        jalankan(berkas)


def test_the_format_can_be_given_and_a_wrong_one_is_explained(db, berkas):
    f.DesaFactory(kode="3326012001")
    with pytest.raises(CommandError):
        jalankan(berkas, "--format", "rumahdataku", "--dry-run")
    assert "Tidak ada lembar data Rumah Dataku" in Impor.objects.get().masalah[0]["pesan"]
    jalankan(berkas, "--format", "opensid", "--dry-run")


def test_a_missing_file_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        jalankan(tmp_path / "tidak-ada.xlsx")
