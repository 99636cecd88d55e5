"""The access log (issue 13, item 5 and a note): the family edit page and the Django admin pages
that show a NIK or No KK write a row; objects are named by primary key; a searched NIK or No KK
never stays in the stored query string."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from impor.models import Impor
from keluarga import akses
from keluarga.akses import Peran
from keluarga.models import LogAkses
from poktan import services as poktan_services
from poktan.models import Kelompok
from tests import factories as f

NO_KK = "3326010101260001"
NIK = "3326015505900011"


@pytest.fixture
def desa(db):
    d = f.DesaFactory(kode="3326012001")
    rt = f.RTFactory(rw__dusun__desa=d, nomor="001")
    kel = f.KeluargaFactory(rumah__rt=rt, desa=d, no_kk=NO_KK)
    kepala = f.AnggotaFactory(
        keluarga=kel, nama="Siti Kepala", hubungan="1", nik=NIK, tanggal_lahir=dt.date(1990, 5, 15)
    )
    return {"desa": d, "rt": rt, "kel": kel, "kepala": kepala}


def _baris(user):
    return list(LogAkses.objects.filter(user=user).order_by("pk"))


def _tanpa_nomor(log: LogAkses):
    """Neither the NIK nor the No KK, whole or in part (a run of 10 digits), in the row."""
    for teks in (log.objek, log.path):
        for nomor in (NIK, NO_KK):
            for i in range(len(nomor) - 9):
                assert nomor[i : i + 10] not in teks, (teks, nomor)


# --- the family edit page -----------------------------------------------------------------------


def test_the_family_edit_page_writes_an_access_log_row(client, desa):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa["desa"])
    client.force_login(admin)
    kel = desa["kel"]
    r = client.get(reverse("keluarga:ubah", args=[kel.pk]))
    assert r.status_code == 200 and NIK in r.content.decode() and NO_KK in r.content.decode()
    (log,) = _baris(admin)
    assert log.jenis == LogAkses.Jenis.NIK_PENUH
    assert log.objek == f"Ubah keluarga id {kel.pk}"
    assert log.path == f"/keluarga/{kel.pk}/ubah/"


def test_the_family_edit_page_shown_again_after_a_refused_save_writes_a_row(client, desa):
    kader = f.persona(Peran.KADER, desa=desa["desa"], rt=[desa["rt"]])
    client.force_login(kader)
    kel = desa["kel"]
    r = client.post(reverse("keluarga:ubah", args=[kel.pk]), {"kel-no_kk": "12"})
    assert r.status_code == 200  # the form again, with its errors
    assert [(x.jenis, x.objek) for x in _baris(kader)] == [
        ("nik_penuh", f"Ubah keluarga id {kel.pk}")
    ]


def test_a_new_family_form_writes_no_nik_row(client, desa):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa["desa"])
    client.force_login(admin)
    assert client.get(reverse("keluarga:buat")).status_code == 200
    assert _baris(admin) == []


def test_the_family_page_names_the_family_by_primary_key_not_by_no_kk(client, desa):
    operator = f.persona(Peran.OPERATOR, desa=desa["desa"])
    client.force_login(operator)
    kel = desa["kel"]
    client.get(reverse("keluarga:detail", args=[kel.pk]))
    (log,) = _baris(operator)
    assert log.objek == f"Keluarga id {kel.pk}"
    _tanpa_nomor(log)


# --- searches -----------------------------------------------------------------------------------


def test_a_searched_nik_is_not_kept_in_the_access_log(client, desa):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa["desa"])
    client.force_login(admin)
    r = client.get("/keluarga/", {"q": NIK, "hal": "1"})
    assert "Siti Kepala" in r.content.decode()  # the search itself works
    (log,) = _baris(admin)
    assert log.jenis == "daftar_nama"
    assert log.path == "/keluarga/?q=****************&hal=1"
    _tanpa_nomor(log)


def test_a_partial_no_kk_search_keeps_no_digit_of_the_query(client, desa):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa["desa"])
    client.force_login(admin)
    client.get("/keluarga/", {"q": "siti 01012600"})
    (log,) = _baris(admin)
    assert log.path == "/keluarga/?q=siti+********"


def test_a_searched_member_of_a_group_is_not_kept_in_the_access_log(client, desa):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa["desa"])
    client.force_login(admin)
    bkb = poktan_services.simpan_kelompok(
        kelompok=Kelompok(desa=desa["desa"], jenis="bkb", nama="Mawar")
    )
    url = reverse("poktan:anggota_tambah", args=[bkb.pk])
    r = client.get(url, {"q": NIK[:12]})
    assert r.status_code == 200
    logs = [x for x in _baris(admin) if x.path.startswith(url)]
    assert logs and all(x.path == f"{url}?q=************" for x in logs)


@pytest.mark.parametrize(
    ("path", "disimpan"),
    [
        ("/laporan/3326012001/2026-10/?wilayah=rt-12&hal=3", None),  # months, ids, pages stay
        (f"/x/?anak={NIK}", "/x/?anak=****************"),  # a NIK in any other parameter
        (f"/x/?q={NIK[:4]}", "/x/?q=****"),  # every digit of a search
        (f"/x/?q=%33%33{NIK[2:]}", "/x/?q=****************"),  # percent-encoded digits too
        (f"/x/{NO_KK}/", "/x/****************/"),
        ("/x/?q=", None),
    ],
)
def test_the_stored_path_has_no_nik_or_no_kk_digits(path, disimpan):
    assert akses.path_log(path) == (disimpan or path)


def test_an_object_text_with_a_no_kk_is_stored_without_it(desa):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa["desa"])
    akses.catat_akses(admin, "nik_penuh", f"Keluarga {NO_KK}", "/")
    assert LogAkses.objects.get().objek == "Keluarga ****************"


# --- Django admin ---------------------------------------------------------------------------


@pytest.fixture
def server(db):
    return get_user_model().objects.create_superuser("server", "s@example.org", "rahasia-123-xyz")


@pytest.fixture
def objek_admin(desa):
    bkb = poktan_services.simpan_kelompok(
        kelompok=Kelompok(desa=desa["desa"], jenis="bkb", nama="Mawar")
    )
    anggota = poktan_services.tambah_keanggotaan(
        kelompok=bkb, keluarga=desa["kel"], mulai=dt.date(2026, 1, 1)
    )
    impor = Impor.objects.create(
        desa=desa["desa"],
        tanggal_impor=dt.date(2026, 10, 1),
        nama_berkas="data.xlsx",
        status=Impor.Status.UJI,
        masalah=[{"jenis": "galat", "pesan": f"NIK {NIK} ganda"}],
    )
    return {
        "keluarga_keluarga": desa["kel"],
        "keluarga_anggota": desa["kepala"],
        "poktan_keanggotaan": anggota,
        "impor_impor": impor,
    }


# (admin, page) → what the page shows that is personal
HALAMAN_ADMIN = [
    ("keluarga_keluarga", "changelist", NO_KK),
    ("keluarga_keluarga", "change", NO_KK),
    ("keluarga_keluarga", "history", NO_KK),
    ("keluarga_keluarga", "simple_history", NO_KK),
    ("keluarga_keluarga", "delete", NO_KK),
    ("keluarga_anggota", "changelist", NIK),
    ("keluarga_anggota", "change", NIK),
    ("keluarga_anggota", "history", "Siti Kepala"),
    ("keluarga_anggota", "simple_history", NIK),
    ("keluarga_anggota", "delete", "Siti Kepala"),
    ("poktan_keanggotaan", "changelist", NO_KK),
    ("poktan_keanggotaan", "change", NO_KK),
    ("poktan_keanggotaan", "history", "Keluarga Siti Kepala"),
    ("impor_impor", "changelist", "data.xlsx"),
    ("impor_impor", "change", NIK),
]


def _url_admin(model, halaman, obj):
    if halaman == "changelist":
        return reverse(f"admin:{model}_changelist")
    if halaman == "simple_history":
        versi = obj.history.first().history_id
        return reverse(f"admin:{model}_simple_history", args=[obj.pk, versi])
    return reverse(f"admin:{model}_{halaman}", args=[obj.pk])


@pytest.mark.parametrize(("model", "halaman", "tampil"), HALAMAN_ADMIN)
def test_every_admin_page_showing_a_nik_or_no_kk_writes_an_access_log_row(
    client, server, objek_admin, model, halaman, tampil
):
    obj = objek_admin[model]
    client.force_login(server)
    url = _url_admin(model, halaman, obj)
    r = client.get(url)
    assert r.status_code == 200 and tampil in r.content.decode()
    (log,) = _baris(server)
    assert log.jenis == LogAkses.Jenis.NIK_PENUH
    if halaman == "changelist":
        assert log.objek.endswith(": daftar")
    else:
        assert f": id {obj.pk}" in log.objek
    assert log.path == url
    _tanpa_nomor(log)


def test_an_admin_search_for_a_nik_is_stored_without_its_digits(client, server, desa):
    client.force_login(server)
    url = reverse("admin:keluarga_anggota_changelist")
    r = client.get(url, {"q": NIK})
    assert "Siti Kepala" in r.content.decode()
    (log,) = _baris(server)
    assert log.path == f"{url}?q=****************"


def test_a_saved_admin_change_writes_no_row_for_the_redirect(client, server, desa):
    client.force_login(server)
    desa_url = reverse("admin:keluarga_desa_change", args=[desa["desa"].pk])
    assert client.get(desa_url).status_code == 200
    assert client.get(reverse("admin:keluarga_desa_changelist")).status_code == 200
    assert _baris(server) == []  # a desa's admin pages show no NIK


def test_the_migration_removes_nik_digits_from_existing_access_log_rows(desa):
    import importlib

    from django.apps import apps

    migrasi = importlib.import_module("keluarga.migrations.0008_log_akses_tanpa_nomor")
    admin = f.persona(Peran.ADMIN_DESA, desa=desa["desa"])
    lama = [
        ("nik_penuh", f"Keluarga {NO_KK}", "/keluarga/12/"),
        ("daftar_nama", "Daftar keluarga", f"/keluarga/?q={NIK}&hal=2"),
        ("daftar_nama", "Daftar keluarga", "/keluarga/?q=siti+3326"),
        ("daftar_nama", "Buku data RT 001", "/laporan/3326012001/2026-10/"),
    ]
    for jenis, objek, path in lama:  # rows written before the fix, straight to the table
        LogAkses.objects.create(user=admin, jenis=jenis, objek=objek, path=path)
    migrasi.samarkan(apps, None)
    assert list(LogAkses.objects.order_by("pk").values_list("jenis", "objek", "path")) == [
        ("nik_penuh", "Keluarga ****************", "/keluarga/12/"),
        ("daftar_nama", "Daftar keluarga", "/keluarga/?q=****************&hal=2"),
        ("daftar_nama", "Daftar keluarga", "/keluarga/?q=siti+****"),
        ("daftar_nama", "Buku data RT 001", "/laporan/3326012001/2026-10/"),
    ]
