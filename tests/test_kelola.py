"""Admin desa's pages (users, regions) and the per-RT buku data, as personas against real URLs."""

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.urls import reverse

from keluarga import kode, services
from keluarga.akses import Peran
from keluarga.models import RT, RW, Dusun, Lingkup, LogAkses
from tests import factories as f

User = get_user_model()
SANDI_KUAT = "Kelapa-Muda-2024!"


@pytest.fixture
def v(db):
    """Two desa of one kecamatan and a persona per role (ROLES.md)."""
    desa = f.DesaFactory(kode="3326012001", nama="Karangsari")
    lain = f.DesaFactory(kode="3326012002", nama="Sidomulyo")
    rt1 = f.RTFactory(rw__dusun__desa=desa, rw__dusun__nama="Krajan", rw__nomor="001", nomor="001")
    rt2 = f.RTFactory(rw=rt1.rw, nomor="002")
    rt_lain = f.RTFactory(rw__dusun__desa=lain)
    return {
        "desa": desa,
        "lain": lain,
        "rt1": rt1,
        "rt2": rt2,
        "rt_lain": rt_lain,
        "admin": f.persona(Peran.ADMIN_DESA, desa=desa, username="admin"),
        "operator": f.persona(Peran.OPERATOR, desa=desa, username="operator"),
        "kader": f.persona(Peran.KADER, desa=desa, rt=[rt1], username="kader"),
        "penyuluh": f.persona(Peran.PENYULUH, desa_list=[desa, lain], username="penyuluh"),
        "kades": f.persona(Peran.KEPALA_DESA, desa=desa, username="kades"),
        "camat": f.persona(Peran.KECAMATAN, kecamatan_kode="332601", username="camat"),
        "kabupaten": f.persona(Peran.KABUPATEN, kabupaten_kode="3326", username="kabupaten"),
        "admin_lain": f.persona(Peran.ADMIN_DESA, desa=lain, username="admin_lain"),
        "kader_lain": f.persona(Peran.KADER, desa=lain, rt=[rt_lain], username="kader_lain"),
        "tanpa_peran": f.persona(None, desa=desa, username="tanpa_peran"),
    }


def masuk(client, user):
    client.force_login(user)
    return client


def url_admin(v):
    """Every admin page, as (method, url)."""
    rt1 = v["rt1"]
    return [
        ("get", reverse("kelola:pengguna")),
        ("get", reverse("kelola:pengguna_baru")),
        ("get", reverse("kelola:pengguna_ubah", args=[v["operator"].pk])),
        ("get", reverse("kelola:pengguna_sandi", args=[v["operator"].pk])),
        ("get", reverse("kelola:wilayah")),
        ("get", reverse("kelola:dusun_tambah")),
        ("get", reverse("kelola:rw_tambah", args=[rt1.rw.dusun_id])),
        ("get", reverse("kelola:rt_tambah", args=[rt1.rw_id])),
        ("get", reverse("kelola:wilayah_ubah", args=["rt", rt1.pk])),
        ("post", reverse("kelola:wilayah_hapus", args=["rt", rt1.pk])),
    ]


# --- the gate ----------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login_page_from_every_kelola_page(client, v):
    urls = url_admin(v) + [
        ("get", reverse("kelola:buku_data_daftar")),
        ("get", reverse("kelola:buku_data", args=[v["rt1"].pk])),
    ]
    for method, url in urls:
        resp = getattr(client, method)(url)
        assert resp.status_code == 302, url
        assert resp.url.startswith(reverse("login")), url


@pytest.mark.parametrize(
    "nama", ["operator", "kader", "penyuluh", "kades", "camat", "kabupaten", "tanpa_peran"]
)
def test_roles_other_than_admin_desa_get_403_on_users_and_regions(client, v, nama):
    masuk(client, v[nama])
    for method, url in url_admin(v):
        assert getattr(client, method)(url).status_code == 403, url
    assert Dusun.objects.filter(desa=v["desa"]).count() == 1


def test_admin_of_another_desa_gets_404_for_our_users_and_regions(client, v):
    masuk(client, v["admin_lain"])
    for method, url in url_admin(v)[2:4] + url_admin(v)[6:]:
        assert getattr(client, method)(url).status_code == 404, url
    assert RT.objects.filter(pk=v["rt1"].pk).exists()


# --- users -------------------------------------------------------------------------------------


def test_admin_lists_only_users_of_its_own_desa(client, v):
    superuser = User.objects.create_superuser("root", password=SANDI_KUAT)
    Lingkup.objects.create(user=superuser).desa.add(v["desa"])
    resp = masuk(client, v["admin"]).get(reverse("kelola:pengguna"))
    assert resp.status_code == 200
    nama = {b["u"].username for b in resp.context["baris"]}
    assert nama == {"admin", "operator", "kader", "kades", "tanpa_peran"}
    assert "RT 001/RW 001 · Krajan" in resp.content.decode()


def test_admin_gets_404_for_a_superuser_a_penyuluh_or_a_user_of_another_desa(client, v):
    superuser = User.objects.create_superuser("root", password=SANDI_KUAT)
    Lingkup.objects.create(user=superuser).desa.add(v["desa"])
    dua_desa = f.persona(Peran.OPERATOR, desa_list=[v["desa"], v["lain"]])
    masuk(client, v["admin"])
    # A Kabupaten user whose scope also names this desa (set by hand in Django admin) stays
    # outside too: only a superuser manages a user whose scope spans more than one desa.
    v["kabupaten"].lingkup.desa.add(v["desa"])
    luar = (superuser, dua_desa, v["penyuluh"], v["camat"], v["kabupaten"])
    for u in (*luar, v["admin_lain"], v["kader_lain"]):
        for nama in ("kelola:pengguna_ubah", "kelola:pengguna_sandi"):
            assert client.get(reverse(nama, args=[u.pk])).status_code == 404
            resp = client.post(
                reverse(nama, args=[u.pk]),
                {"nama": "x", "peran": Peran.OPERATOR.value, "aktif": "on"},
            )
            assert resp.status_code == 404
    assert not User.objects.get(pk=v["kader_lain"].pk).groups.filter(name="Operator").exists()


def data_baru(**lain):
    data = {
        "username": "siti",
        "nama": "Siti Aminah",
        "password1": SANDI_KUAT,
        "password2": SANDI_KUAT,
        "peran": Peran.KADER.value,
    }
    data.update(lain)
    return data


def test_admin_creates_a_kader_with_rt_scope_who_can_then_log_in(client, v):
    masuk(client, v["admin"])
    resp = client.post(reverse("kelola:pengguna_baru"), data_baru(rt=[v["rt1"].pk]))
    assert resp.status_code == 302
    siti = User.objects.get(username="siti")
    assert siti.first_name == "Siti Aminah"
    assert list(siti.groups.values_list("name", flat=True)) == ["Kader"]
    assert list(siti.lingkup.desa.all()) == [v["desa"]]
    assert list(siti.lingkup.rt.all()) == [v["rt1"]]
    assert LogEntry.objects.filter(user=v["admin"], object_id=str(siti.pk)).exists()
    client.logout()
    assert client.login(username="siti", password=SANDI_KUAT)


def test_a_non_kader_gets_the_whole_desa_and_no_regions(client, v):
    masuk(client, v["admin"])
    client.post(
        reverse("kelola:pengguna_baru"),
        data_baru(peran=Peran.OPERATOR.value, rt=[v["rt1"].pk]),
    )
    siti = User.objects.get(username="siti")
    assert list(siti.lingkup.desa.all()) == [v["desa"]]
    assert not siti.lingkup.rt.exists()


@pytest.mark.parametrize("peran", [Peran.PENYULUH, Peran.KECAMATAN, Peran.KABUPATEN, "Superuser"])
def test_admin_cannot_create_penyuluh_kecamatan_or_unknown_roles(client, v, peran):
    masuk(client, v["admin"])
    resp = client.post(reverse("kelola:pengguna_baru"), data_baru(peran=str(peran)))
    assert resp.status_code == 200
    assert "Admin desa tidak bisa memberi peran ini." in resp.content.decode()
    assert not User.objects.filter(username="siti").exists()


def test_admin_cannot_give_a_scope_outside_its_desa_and_the_form_keeps_what_was_typed(client, v):
    masuk(client, v["admin"])
    for bidang, obj in (
        ("rt", v["rt_lain"]),
        ("rw", v["rt_lain"].rw),
        ("dusun", v["rt_lain"].rw.dusun),
    ):
        resp = client.post(reverse("kelola:pengguna_baru"), data_baru(**{bidang: [obj.pk]}))
        assert resp.status_code == 200
        assert resp.context["form"].errors[bidang]
        assert "tidak tersedia di desa Anda" in resp.content.decode()
        assert 'value="siti"' in resp.content.decode()
    assert not User.objects.filter(username="siti").exists()


def test_a_kader_needs_at_least_one_region(client, v):
    resp = masuk(client, v["admin"]).post(reverse("kelola:pengguna_baru"), data_baru())
    assert "Pilih minimal satu wilayah kader" in resp.content.decode()
    assert not User.objects.filter(username="siti").exists()


def test_weak_or_mismatched_passwords_and_taken_usernames_are_refused(client, v):
    masuk(client, v["admin"])
    sebelum = User.objects.count()
    url = reverse("kelola:pengguna_baru")
    resp = client.post(url, data_baru(password1="12345678", password2="12345678", rt=[v["rt1"].pk]))
    assert resp.context["form"].errors["password2"]
    resp = client.post(url, data_baru(password2="lain-sama-sekali-99", rt=[v["rt1"].pk]))
    assert resp.context["form"].errors["password2"]
    resp = client.post(url, data_baru(username="OPERATOR", rt=[v["rt1"].pk]))
    assert "Nama pengguna ini sudah dipakai." in resp.content.decode()
    assert User.objects.count() == sebelum


def test_admin_changes_role_scope_and_active_flag(client, v):
    masuk(client, v["admin"])
    url = reverse("kelola:pengguna_ubah", args=[v["kader"].pk])
    assert client.get(url).status_code == 200
    resp = client.post(
        url, {"nama": "Bu Kader", "peran": Peran.KADER.value, "rw": [v["rt1"].rw_id], "aktif": "on"}
    )
    assert resp.status_code == 302
    kader = User.objects.get(pk=v["kader"].pk)
    assert list(kader.lingkup.rw.all()) == [v["rt1"].rw]
    assert not kader.lingkup.rt.exists()
    resp = client.post(url, {"nama": "Bu Kader", "peran": Peran.OPERATOR.value})
    kader = User.objects.get(pk=v["kader"].pk)
    assert list(kader.groups.values_list("name", flat=True)) == ["Operator"]
    assert not kader.lingkup.rw.exists()
    assert not kader.is_active


def test_admin_cannot_give_a_scope_outside_the_desa_when_editing(client, v):
    masuk(client, v["admin"])
    url = reverse("kelola:pengguna_ubah", args=[v["kader"].pk])
    resp = client.post(
        url, {"nama": "x", "peran": Peran.KADER.value, "rt": [v["rt_lain"].pk], "aktif": "on"}
    )
    assert resp.status_code == 200
    assert resp.context["form"].errors["rt"]
    assert list(User.objects.get(pk=v["kader"].pk).lingkup.rt.all()) == [v["rt1"]]


def test_admin_cannot_demote_or_deactivate_itself(client, v):
    masuk(client, v["admin"])
    url = reverse("kelola:pengguna_ubah", args=[v["admin"].pk])
    resp = client.post(url, {"nama": "Saya", "peran": Peran.OPERATOR.value, "aktif": "on"})
    assert (
        "Anda tidak bisa mengubah peran atau menonaktifkan akun Anda sendiri."
        in resp.content.decode()
    )
    resp = client.post(url, {"nama": "Saya", "peran": Peran.ADMIN_DESA.value})
    assert resp.status_code == 200
    admin = User.objects.get(pk=v["admin"].pk)
    assert admin.is_active and admin.groups.filter(name=Peran.ADMIN_DESA.value).exists()


def test_admin_resets_a_password_with_django_validators(client, v):
    masuk(client, v["admin"])
    url = reverse("kelola:pengguna_sandi", args=[v["operator"].pk])
    resp = client.post(url, {"new_password1": "123", "new_password2": "123"})
    assert resp.status_code == 200 and resp.context["form"].errors
    resp = client.post(url, {"new_password1": SANDI_KUAT, "new_password2": SANDI_KUAT})
    assert resp.status_code == 302
    assert User.objects.get(pk=v["operator"].pk).check_password(SANDI_KUAT)


def test_user_and_region_lists_take_a_fixed_number_of_queries(
    client, v, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    masuk(client, v["admin"])
    halaman = [reverse("kelola:pengguna"), reverse("kelola:wilayah")]
    jumlah = []
    for url in halaman:
        with CaptureQueriesContext(connection) as q:
            client.get(url)
        jumlah.append(len(q))
    for i in range(5):
        rt = f.RTFactory(rw__dusun__desa=v["desa"])
        f.AnggotaFactory(keluarga__rumah__rt=rt)
        f.persona(Peran.KADER, desa=v["desa"], rt=[rt], rw=[rt.rw], dusun=[rt.rw.dusun])
        f.persona(Peran.OPERATOR, desa=v["desa"], username=f"op{i}")
    for url, n in zip(halaman, jumlah, strict=True):
        with django_assert_max_num_queries(n):
            assert client.get(url).status_code == 200


def test_admin_whose_scope_is_not_exactly_one_desa_is_refused(client, v):
    dua = f.persona(Peran.ADMIN_DESA, desa_list=[v["desa"], v["lain"]])
    assert masuk(client, dua).get(reverse("kelola:pengguna")).status_code == 403


# --- regions -----------------------------------------------------------------------------------


def test_regions_page_lists_dusun_rw_rt_with_family_counts_and_buku_data_links(client, v):
    for _i in range(3):
        f.AnggotaFactory(keluarga__rumah__rt=v["rt1"])
    f.AnggotaFactory(keluarga__rumah__rt=v["rt_lain"])
    resp = masuk(client, v["admin"]).get(reverse("kelola:wilayah"))
    assert resp.status_code == 200
    (krajan,) = resp.context["dusun_list"]
    assert krajan.jumlah_keluarga == 3 and krajan.jumlah_rumah == 3
    rt1, rt2 = krajan.rw_list[0].rt_list
    assert (rt1.jumlah_keluarga, rt2.jumlah_keluarga) == (3, 0)
    assert reverse("kelola:buku_data", args=[v["rt1"].pk]) in resp.content.decode()
    assert v["rt_lain"].rw.dusun.nama not in resp.content.decode()


def test_admin_adds_a_dusun_an_rw_and_an_rt(client, v):
    masuk(client, v["admin"])
    assert client.post(reverse("kelola:dusun_tambah"), {"nama": "  Sukamaju "}).status_code == 302
    dusun = Dusun.objects.get(desa=v["desa"], nama="Sukamaju")
    client.post(reverse("kelola:rw_tambah", args=[dusun.pk]), {"nomor": "4"})
    rw = RW.objects.get(dusun=dusun)
    assert (rw.nomor, rw.desa_id) == ("004", v["desa"].pk)
    resp = client.post(reverse("kelola:rt_tambah", args=[rw.pk]), {"nomor": "01"}, follow=True)
    rt = RT.objects.get(rw=rw)
    assert (rt.nomor, rt.desa_id) == ("001", v["desa"].pk)
    assert "RT 001/RW 004 Dusun Sukamaju ditambahkan." in resp.content.decode()


def test_a_duplicate_rt_is_rejected_with_a_message_and_nothing_is_saved(client, v):
    masuk(client, v["admin"])
    sebelum = RT.objects.count()
    for nomor in ("1", "001"):
        resp = client.post(reverse("kelola:rt_tambah", args=[v["rt1"].rw_id]), {"nomor": nomor})
        assert resp.status_code == 200
        assert "RT 001 sudah ada di RW 001 Dusun Krajan." in resp.content.decode()
        assert f'value="{nomor}"' in resp.content.decode()
    assert RT.objects.count() == sebelum


def test_duplicate_dusun_and_rw_are_rejected(client, v):
    masuk(client, v["admin"])
    resp = client.post(reverse("kelola:dusun_tambah"), {"nama": "krajan"})
    assert "Dusun krajan sudah ada di desa ini." in resp.content.decode()
    resp = client.post(reverse("kelola:rw_tambah", args=[v["rt1"].rw.dusun_id]), {"nomor": "1"})
    assert "RW 001 sudah ada di Dusun Krajan." in resp.content.decode()
    assert Dusun.objects.filter(desa=v["desa"]).count() == 1
    assert RW.objects.filter(desa=v["desa"]).count() == 1


def test_rt_numbers_must_be_digits(client, v):
    resp = masuk(client, v["admin"]).post(
        reverse("kelola:rt_tambah", args=[v["rt1"].rw_id]), {"nomor": "1A"}
    )
    assert resp.context["form"].errors["nomor"]


def test_admin_renames_regions_but_not_onto_a_sibling(client, v):
    masuk(client, v["admin"])
    resp = client.post(reverse("kelola:wilayah_ubah", args=["rt", v["rt2"].pk]), {"nomor": "1"})
    assert "RT 001 sudah ada di RW 001 Dusun Krajan." in resp.content.decode()
    assert RT.objects.get(pk=v["rt2"].pk).nomor == "002"
    client.post(reverse("kelola:wilayah_ubah", args=["rt", v["rt2"].pk]), {"nomor": "3"})
    assert RT.objects.get(pk=v["rt2"].pk).nomor == "003"
    client.post(
        reverse("kelola:wilayah_ubah", args=["dusun", v["rt1"].rw.dusun_id]), {"nama": "Krajan Lor"}
    )
    assert Dusun.objects.get(pk=v["rt1"].rw.dusun_id).nama == "Krajan Lor"
    assert (
        client.get(reverse("kelola:wilayah_ubah", args=["desa", v["desa"].pk])).status_code == 404
    )


def test_deleting_a_region_with_houses_is_refused_with_a_message(client, v):
    f.RumahFactory(rt=v["rt1"])
    masuk(client, v["admin"])
    for jenis, pk in (("rt", v["rt1"].pk), ("rw", v["rt1"].rw_id), ("dusun", v["rt1"].rw.dusun_id)):
        resp = client.post(reverse("kelola:wilayah_hapus", args=[jenis, pk]), follow=True)
        assert "tidak bisa dihapus: masih ada 1 rumah di dalamnya" in resp.content.decode()
    assert RT.objects.filter(pk__in=[v["rt1"].pk, v["rt2"].pk]).count() == 2


def test_deleting_an_empty_region_removes_it_with_its_empty_children(client, v):
    masuk(client, v["admin"])
    client.post(reverse("kelola:wilayah_hapus", args=["rt", v["rt2"].pk]))
    assert not RT.objects.filter(pk=v["rt2"].pk).exists()
    client.post(reverse("kelola:wilayah_hapus", args=["dusun", v["rt1"].rw.dusun_id]))
    assert not Dusun.objects.filter(desa=v["desa"]).exists()
    assert not RW.objects.filter(desa=v["desa"]).exists()
    assert not User.objects.get(pk=v["kader"].pk).lingkup.rt.exists()


def test_deleting_needs_post(client, v):
    resp = masuk(client, v["admin"]).get(reverse("kelola:wilayah_hapus", args=["rt", v["rt2"].pk]))
    assert resp.status_code == 405
    assert RT.objects.filter(pk=v["rt2"].pk).exists()


# --- buku data ---------------------------------------------------------------------------------


def isi_rt(rt, n: int, mulai: int = 0):
    """n families of a married couple (the wife a PUS using IUD) and a child; one dead member."""
    hasil = []
    for i in range(mulai, mulai + n):
        kel = f.KeluargaFactory(rumah__rt=rt, rumah__nomor=str(i + 1))
        f.AnggotaFactory(
            keluarga=kel,
            nama=f"Bapak {i}",
            jenis_kelamin=kode.JenisKelamin.LAKI_LAKI,
            hubungan=kode.HubunganKK.KEPALA,
            status_kawin=kode.StatusKawin.KAWIN,
        )
        istri = f.AnggotaFactory(
            keluarga=kel,
            nama=f"Ibu {i}",
            hubungan=kode.HubunganKK.ISTRI,
            status_kawin=kode.StatusKawin.KAWIN,
        )
        services.set_status_kb(anggota=istri, mulai=dt.date(2020, 1, 1), metode="iud")
        f.AnggotaFactory(keluarga=kel, nama=f"Anak {i}", tanggal_lahir=dt.date(2015, 5, 5))
        f.AnggotaFactory(
            keluarga=kel, nama=f"Almarhum {i}", status_hidup=kode.StatusHidup.MENINGGAL
        )
        hasil.append(kel)
    return hasil


@pytest.mark.parametrize("nama", ["admin", "operator", "kader", "penyuluh"])
def test_buku_data_is_readable_by_roles_with_family_pages_within_scope(client, v, nama):
    isi_rt(v["rt1"], 1)
    resp = masuk(client, v[nama]).get(reverse("kelola:buku_data", args=[v["rt1"].pk]))
    assert resp.status_code == 200
    assert "Bapak 0" in resp.content.decode()


@pytest.mark.parametrize("nama", ["kades", "camat", "kabupaten", "tanpa_peran"])
def test_buku_data_is_403_for_roles_without_family_pages(client, v, nama):
    masuk(client, v[nama])
    assert client.get(reverse("kelola:buku_data", args=[v["rt1"].pk])).status_code == 403
    assert client.get(reverse("kelola:buku_data_daftar")).status_code == 403
    assert not LogAkses.objects.exists()


@pytest.mark.parametrize(
    ("nama", "rt"), [("kader", "rt2"), ("kader", "rt_lain"), ("admin", "rt_lain")]
)
def test_buku_data_is_404_outside_the_scope(client, v, nama, rt):
    resp = masuk(client, v[nama]).get(reverse("kelola:buku_data", args=[v[rt].pk]))
    assert resp.status_code == 404


def test_buku_data_list_shows_only_rts_in_scope(client, v):
    resp = masuk(client, v["kader"]).get(reverse("kelola:buku_data_daftar"))
    assert list(resp.context["rt_list"]) == [v["rt1"]]


def test_buku_data_masks_nik_and_no_kk_lists_living_members_and_logs_the_access(client, v):
    (kel,) = isi_rt(v["rt1"], 1)
    istri = kel.anggota_set.get(nama="Ibu 0")
    masuk(client, v["admin"])  # a role that sees full NIK on screen: the printout still masks
    url = reverse("kelola:buku_data", args=[v["rt1"].pk])
    html = client.get(url).content.decode()
    assert istri.nik not in html and kel.no_kk not in html
    assert istri.nik[:4] + "••••••••" + istri.nik[-4:] in html
    assert kel.no_kk[:4] + "••••••••" + kel.no_kk[-4:] in html
    assert "Almarhum 0" not in html
    assert "IUD" in html and "Karangsari" in html
    log = LogAkses.objects.get()
    assert (log.user, log.jenis, log.path) == (v["admin"], "daftar_nama", url)
    assert log.objek.startswith("Buku data RT 001/RW 001")


def test_buku_data_query_count_does_not_grow_with_the_number_of_families(
    client, v, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    isi_rt(v["rt1"], 1)
    masuk(client, v["kader"])
    url = reverse("kelola:buku_data", args=[v["rt1"].pk])
    with CaptureQueriesContext(connection) as sedikit:
        client.get(url)
    isi_rt(v["rt1"], 12, mulai=1)
    with django_assert_max_num_queries(len(sedikit)):
        resp = client.get(url)
    assert len(resp.context["keluarga_list"]) == 13
    assert resp.context["jumlah_anggota"] == 13 * 3
