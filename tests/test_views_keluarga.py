"""Family workspace over HTTP, with personas: list, page, create/edit, events, KB, no lost updates."""

import datetime as dt

import pytest
from django.urls import reverse

from keluarga import kode, services
from keluarga.akses import Peran
from keluarga.models import Anggota, Kehamilan, Keluarga, LogAkses, Peristiwa, StatusKB
from tests import factories as f

HARI = dt.date(2026, 10, 1)


@pytest.fixture
def desa(db):
    d = f.DesaFactory(kode="3326012001")
    rt1 = f.RTFactory(rw__dusun__desa=d, nomor="001")
    rt2 = f.RTFactory(rw__dusun__desa=d, nomor="002")
    lain = f.DesaFactory(kode="3326012099")
    return {
        "desa": d,
        "rt1": rt1,
        "rt2": rt2,
        "lain": lain,
        "kel": f.KeluargaFactory(rumah__rt=rt1, desa=d),
        "kel2": f.KeluargaFactory(rumah__rt=rt2, desa=d),
        "kel_lain": f.KeluargaFactory(rumah__rt=f.RTFactory(rw__dusun__desa=lain), desa=lain),
    }


@pytest.fixture
def orang(desa):
    """Personas: one per role of ROLES.md (kecamatan aside), another desa's admin, no role."""
    d = desa["desa"]
    return {
        "admin": f.persona(Peran.ADMIN_DESA, desa=d),
        "operator": f.persona(Peran.OPERATOR, desa=d),
        "kader": f.persona(Peran.KADER, desa=d, rt=[desa["rt1"]]),
        "penyuluh": f.persona(Peran.PENYULUH, desa=d),
        "kades": f.persona(Peran.KEPALA_DESA, desa=d),
        "luar": f.persona(Peran.ADMIN_DESA, desa=desa["lain"]),
        "tanpa_peran": f.persona(None, desa=d),
    }


def masuk(client, user):
    client.force_login(user)
    return client


def data_keluarga(rt, no_kk="3326010101250001", anggota=(), versi=None, **extra):
    data = {
        "kel-no_kk": no_kk,
        "kel-rt": str(rt.pk),
        "kel-nomor_rumah": "12",
        "kel-alamat": "Jl. Melati",
        "kel-sumber_air": "ledeng",
        "kel-jamban": "sendiri_septic",
        "agt-TOTAL_FORMS": str(len(anggota)),
        "agt-INITIAL_FORMS": str(sum(1 for a in anggota if a.get("id"))),
        "agt-MIN_NUM_FORMS": "0",
        "agt-MAX_NUM_FORMS": "1000",
    }
    if versi is not None:
        data["kel-versi"] = str(versi)
    for i, a in enumerate(anggota):
        base = {"keberadaan": "di_dalam", "status_kawin": "belum_kawin", "jenis_kelamin": "L"}
        for k, v in {**base, **a}.items():
            data[f"agt-{i}-{k}"] = v
    data.update(extra)
    return data


TIGA = [
    {
        "nik": "3326011503850001",
        "nama": "Budi Santoso",
        "jenis_kelamin": "L",
        "tanggal_lahir": "1985-03-15",
        "hubungan": "1",
        "status_kawin": "kawin",
    },
    {
        "nik": "3326015508900002",
        "nama": "Siti Rahayu",
        "jenis_kelamin": "P",
        "tanggal_lahir": "1990-08-15",
        "hubungan": "3",
        "status_kawin": "kawin",
    },
    {
        "nik": "3326010101150003",
        "nama": "Andi",
        "jenis_kelamin": "L",
        "tanggal_lahir": "2015-01-01",
        "hubungan": "4",
    },
]


# --- access -------------------------------------------------------------------------------------


@pytest.mark.parametrize("nama", ["/keluarga/", "/keluarga/baru/"])
def test_anonymous_users_are_sent_to_login(client, desa, nama):
    r = client.get(nama)
    assert r.status_code == 302 and "/akun/masuk/" in r.url


def test_roles_without_family_access_get_403(client, desa, orang):
    for p in ("kades", "tanpa_peran"):
        c = masuk(client, orang[p])
        assert c.get("/keluarga/").status_code == 403
        assert c.get(reverse("keluarga:detail", args=[desa["kel"].pk])).status_code == 403


def test_a_family_outside_the_scope_is_404(client, desa, orang):
    c = masuk(client, orang["luar"])
    assert c.get(reverse("keluarga:detail", args=[desa["kel"].pk])).status_code == 404
    c = masuk(client, orang["kader"])
    assert c.get(reverse("keluarga:detail", args=[desa["kel2"].pk])).status_code == 404
    assert c.get(reverse("keluarga:ubah", args=[desa["kel2"].pk])).status_code == 404


def test_penyuluh_reads_but_may_not_edit_a_family(client, desa, orang):
    c = masuk(client, orang["penyuluh"])
    assert c.get(reverse("keluarga:detail", args=[desa["kel"].pk])).status_code == 200
    assert c.get(reverse("keluarga:ubah", args=[desa["kel"].pk])).status_code == 403
    assert c.post(reverse("keluarga:verifikasi", args=[desa["kel"].pk])).status_code == 403


def test_kader_edits_only_in_their_own_rt(client, desa, orang):
    c = masuk(client, orang["kader"])
    assert c.get(reverse("keluarga:ubah", args=[desa["kel"].pk])).status_code == 200
    r = c.post(reverse("keluarga:verifikasi", args=[desa["kel2"].pk]))
    assert r.status_code == 404


# --- list ---------------------------------------------------------------------------------------


def test_list_finds_families_by_partial_nik_name_and_no_kk(client, desa, orang):
    f.AnggotaFactory(keluarga=desa["kel"], nama="Siti Aminah", nik="3326015505900011")
    f.AnggotaFactory(keluarga=desa["kel2"], nama="Joko", nik="3326011212800022")
    c = masuk(client, orang["admin"])
    for q, ada, tidak in [
        ("0590001", "Siti Aminah", "Joko"),
        ("siti", "Siti Aminah", "Joko"),
        ("SITI am", "Siti Aminah", "Joko"),
        (desa["kel2"].no_kk[-6:], "Joko", "Siti Aminah"),
    ]:
        r = c.get("/keluarga/", {"q": q})
        html = r.content.decode()
        assert r.status_code == 200
        assert str(desa["kel"].pk if ada == "Siti Aminah" else desa["kel2"].pk) in html
        assert (
            f'href="/keluarga/{(desa["kel2"] if ada == "Siti Aminah" else desa["kel"]).pk}/"'
            not in html
        ), tidak


def test_list_never_shows_another_desa(client, desa, orang):
    c = masuk(client, orang["admin"])
    html = c.get("/keluarga/").content.decode()
    assert f"/keluarga/{desa['kel_lain'].pk}/" not in html
    assert f"/keluarga/{desa['kel'].pk}/" in html


def test_list_filters_by_rt_and_by_flag(client, desa, orang):
    w = f.AnggotaFactory(
        keluarga=desa["kel2"], status_kawin="kawin", hubungan="3", tanggal_lahir=dt.date(1995, 1, 1)
    )
    StatusKB.objects.create(anggota=w, alasan="tial", mulai=dt.date(2024, 1, 1))
    c = masuk(client, orang["admin"])
    html = c.get("/keluarga/", {"tanda": "unmet_need"}).content.decode()
    assert f"/keluarga/{desa['kel2'].pk}/" in html and f"/keluarga/{desa['kel'].pk}/" not in html
    html = c.get("/keluarga/", {"rt": desa["rt1"].pk}).content.decode()
    assert f"/keluarga/{desa['kel'].pk}/" in html and f"/keluarga/{desa['kel2'].pk}/" not in html


def test_list_query_count_does_not_grow_with_the_page(
    client, desa, orang, django_assert_num_queries
):
    c = masuk(client, orang["admin"])
    c.get("/keluarga/")  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as sedikit:
        c.get("/keluarga/")
    for i in range(30):
        kel = f.KeluargaFactory(rumah__rt=desa["rt1"], desa=desa["desa"])
        f.AnggotaFactory(keluarga=kel, hubungan="1", nama=f"Kepala {i}")
    with django_assert_num_queries(len(sedikit.captured_queries)):
        r = c.get("/keluarga/")
    assert "Kepala 1" in r.content.decode()


def test_viewing_the_list_is_recorded_in_the_access_log(client, desa, orang):
    c = masuk(client, orang["admin"])
    c.get("/keluarga/")
    assert LogAkses.objects.filter(user=orang["admin"], jenis="daftar_nama").exists()


# --- family page and masking ---------------------------------------------------------------------


def test_family_page_shows_full_nik_to_operator_and_logs_it(client, desa, orang):
    a = f.AnggotaFactory(keluarga=desa["kel"], nik="3326015505900011")
    c = masuk(client, orang["operator"])
    html = c.get(reverse("keluarga:detail", args=[desa["kel"].pk])).content.decode()
    assert a.nik in html
    assert LogAkses.objects.filter(user=orang["operator"], jenis="nik_penuh").exists()


def test_family_page_shows_pus_status_history_events_and_changes(client, desa, orang):
    w = f.AnggotaFactory(
        keluarga=desa["kel"],
        status_kawin="kawin",
        hubungan="3",
        tanggal_lahir=dt.date(1995, 1, 1),
        nama="Wati",
    )
    services.set_status_kb(anggota=w, metode="implan", mulai=dt.date(2025, 2, 1), baru=True)
    c = masuk(client, orang["admin"])
    html = c.get(reverse("keluarga:detail", args=[desa["kel"].pk])).content.decode()
    assert "PUS</strong>: Implan" in html
    assert "Riwayat perubahan" in html and "Wati" in html


# --- create and edit -----------------------------------------------------------------------------


def test_admin_creates_a_family_with_three_members(client, desa, orang):
    c = masuk(client, orang["admin"])
    r = c.post(reverse("keluarga:buat"), data_keluarga(desa["rt1"], anggota=TIGA))
    assert r.status_code == 302, r.content.decode()[:3000]
    kel = Keluarga.objects.get(no_kk="3326010101250001")
    assert kel.anggota_set.count() == 3
    assert kel.rumah.nomor == "12" and kel.rumah.rt == desa["rt1"]
    assert kel.history.first().history_user == orang["admin"]


def test_invalid_no_kk_keeps_what_was_typed_and_saves_nothing(client, desa, orang):
    c = masuk(client, orang["admin"])
    r = c.post(reverse("keluarga:buat"), data_keluarga(desa["rt1"], no_kk="12345", anggota=TIGA))
    html = r.content.decode()
    assert r.status_code == 200
    assert "No KK harus tepat 16 angka" in html
    assert "Budi Santoso" in html  # what was typed is kept
    assert not Keluarga.objects.filter(no_kk="12345").exists()
    assert not Anggota.objects.filter(nama="Budi Santoso").exists()


def test_duplicate_nik_links_to_the_existing_person(client, desa, orang):
    ada = f.AnggotaFactory(keluarga=desa["kel2"], nik=TIGA[0]["nik"], nama="Orang Lama")
    c = masuk(client, orang["admin"])
    r = c.post(reverse("keluarga:buat"), data_keluarga(desa["rt1"], anggota=TIGA))
    html = r.content.decode()
    assert "NIK ini sudah dipakai oleh" in html
    assert f'href="/keluarga/{ada.keluarga_id}/"' in html
    assert not Keluarga.objects.filter(no_kk="3326010101250001").exists()


def test_nik_that_disagrees_with_birth_date_warns_and_can_be_accepted(client, desa, orang):
    salah = [{**TIGA[0], "nik": "3326010101700001"}]
    c = masuk(client, orang["admin"])
    r = c.post(reverse("keluarga:buat"), data_keluarga(desa["rt1"], anggota=salah))
    assert "tidak cocok" in r.content.decode()
    assert (
        not Keluarga.objects.exists()
        or not Keluarga.objects.filter(no_kk="3326010101250001").exists()
    )
    salah[0]["terima_peringatan_nik"] = "on"
    r = c.post(reverse("keluarga:buat"), data_keluarga(desa["rt1"], anggota=salah))
    assert r.status_code == 302
    assert Anggota.objects.filter(nik="3326010101700001").exists()


def test_two_heads_in_one_form_are_refused(client, desa, orang):
    dua = [TIGA[0], {**TIGA[1], "hubungan": "1"}]
    c = masuk(client, orang["admin"])
    r = c.post(reverse("keluarga:buat"), data_keluarga(desa["rt1"], anggota=dua))
    assert "hanya boleh punya satu kepala" in r.content.decode()
    assert not Keluarga.objects.filter(no_kk="3326010101250001").exists()


def _edit_data(kel, **ubah):
    anggota = [
        {
            "id": str(a.pk),
            "nik": a.nik or "",
            "nama": a.nama,
            "jenis_kelamin": a.jenis_kelamin,
            "tanggal_lahir": a.tanggal_lahir.isoformat(),
            "hubungan": a.hubungan,
            "status_kawin": a.status_kawin,
            "keluarga": str(kel.pk),
            "terima_peringatan_nik": "on",
        }
        for a in kel.anggota_set.all()
    ]
    return data_keluarga(kel.rumah.rt, no_kk=kel.no_kk, anggota=anggota, versi=kel.versi, **ubah)


def test_the_second_of_two_concurrent_edits_is_refused(client, desa, orang):
    kel = desa["kel"]
    f.AnggotaFactory(keluarga=kel, hubungan="1", nama="Kepala")
    data_a = _edit_data(kel, **{"kel-sumber_air": "kemasan"})
    data_b = _edit_data(kel, **{"kel-sumber_air": "air_hujan"})
    a = masuk(client, orang["admin"])
    assert a.post(reverse("keluarga:ubah", args=[kel.pk]), data_a).status_code == 302
    b = masuk(client, orang["operator"])
    r = b.post(reverse("keluarga:ubah", args=[kel.pk]), data_b)
    assert r.status_code == 409
    assert "sudah diubah orang lain" in r.content.decode()
    assert "Muat ulang" in r.content.decode()
    kel.refresh_from_db()
    assert kel.sumber_air == "kemasan"


def test_a_member_edit_and_a_kb_status_from_an_old_page_are_refused(client, desa, orang):
    kel = desa["kel"]
    w = f.AnggotaFactory(
        keluarga=kel,
        hubungan="3",
        status_kawin="kawin",
        nama="Lama",
        tanggal_lahir=dt.date(1990, 1, 1),
    )
    versi_lama = kel.versi
    data = _edit_data(kel)
    data["agt-0-nama"] = "Baru"
    c = masuk(client, orang["admin"])
    assert c.post(reverse("keluarga:ubah", args=[kel.pk]), data).status_code == 302
    r = c.post(
        reverse("keluarga:status_kb", args=[w.pk]),
        {"metode": "pil", "mulai": "2026-01-01", "versi": versi_lama},
    )
    assert r.status_code == 409
    assert not StatusKB.objects.filter(anggota=w).exists()
    data["agt-0-nama"] = "Lain lagi"
    assert c.post(reverse("keluarga:ubah", args=[kel.pk]), data).status_code == 409
    w.refresh_from_db()
    assert w.nama == "Baru"


def test_removing_a_member_without_history_deletes_it(client, desa, orang):
    kel = desa["kel"]
    f.AnggotaFactory(keluarga=kel, hubungan="1", nama="Kepala")
    salah = f.AnggotaFactory(keluarga=kel, hubungan="9", nama="Salah ketik")
    data = _edit_data(kel)
    idx = [k for k, v in data.items() if v == "Salah ketik"][0].split("-")[1]
    data[f"agt-{idx}-DELETE"] = "on"
    c = masuk(client, orang["admin"])
    assert c.post(reverse("keluarga:ubah", args=[kel.pk]), data).status_code == 302
    assert not Anggota.objects.filter(pk=salah.pk).exists()


def test_mark_verified_today(client, desa, orang):
    c = masuk(client, orang["kader"])
    assert c.post(reverse("keluarga:verifikasi", args=[desa["kel"].pk])).status_code == 302
    desa["kel"].refresh_from_db()
    assert desa["kel"].terakhir_diverifikasi is not None


# --- events, pregnancy, KB -----------------------------------------------------------------------


def test_birth_creates_the_child_and_ends_the_pregnancy(client, desa, orang):
    kel = desa["kel"]
    ibu = f.AnggotaFactory(
        keluarga=kel, hubungan="3", status_kawin="kawin", tanggal_lahir=dt.date(1995, 1, 1)
    )
    c = masuk(client, orang["admin"])
    assert (
        c.post(
            reverse("keluarga:hamil", args=[ibu.pk]), {"hpht": "2026-01-10", "versi": kel.versi}
        ).status_code
        == 302
    )
    kel.refresh_from_db()
    r = c.post(
        reverse("keluarga:lahir", args=[kel.pk]),
        {
            "ibu": ibu.pk,
            "nama": "Bayi Baru",
            "jenis_kelamin": "P",
            "tanggal": "2026-10-10",
            "versi": kel.versi,
        },
    )
    assert r.status_code == 302
    anak = Anggota.objects.get(nama="Bayi Baru")
    assert anak.ibu == ibu and anak.keluarga == kel
    assert Kehamilan.objects.get(ibu=ibu).hasil == "lahir"
    html = c.get(reverse("keluarga:detail", args=[kel.pk])).content.decode()
    assert "Bayi Baru" in html and "berakhir" in html


def test_death_can_set_the_spouse_to_cerai_mati(client, desa, orang):
    kel = desa["kel"]
    suami = f.AnggotaFactory(keluarga=kel, hubungan="1", status_kawin="kawin", jenis_kelamin="L")
    istri = f.AnggotaFactory(keluarga=kel, hubungan="3", status_kawin="kawin")
    c = masuk(client, orang["operator"])
    r = c.post(
        reverse("keluarga:meninggal", args=[suami.pk]),
        {
            "tanggal": "2026-09-01",
            "tanggal_lapor": "2026-09-03",
            "pasangan_cerai_mati": istri.pk,
            "versi": kel.versi,
        },
    )
    assert r.status_code == 302
    suami.refresh_from_db()
    istri.refresh_from_db()
    assert suami.status_hidup == "meninggal" and istri.status_kawin == "cerai_mati"
    assert Peristiwa.objects.get(anggota=istri).tanggal == dt.date(2026, 9, 1)


def test_impossible_event_date_is_a_clear_form_error(client, desa, orang):
    kel = desa["kel"]
    a = f.AnggotaFactory(keluarga=kel, tanggal_lahir=dt.date(2000, 1, 1))
    c = masuk(client, orang["admin"])
    r = c.post(
        reverse("keluarga:pindah_keluar", args=[a.pk]),
        {"tanggal": "1999-05-01", "versi": kel.versi},
    )
    assert r.status_code == 200 and "sebelum tanggal lahir" in r.content.decode()
    r = c.post(
        reverse("keluarga:pindah_keluar", args=[a.pk]),
        {"tanggal": "2026-02-30", "versi": kel.versi},
    )
    assert r.status_code == 200 and "tanggal" in r.content.decode().lower()
    assert not Peristiwa.objects.exists()


def test_move_out_and_back_in_by_nik(client, desa, orang):
    kel = desa["kel"]
    a = f.AnggotaFactory(keluarga=kel, nama="Perantau")
    c = masuk(client, orang["admin"])
    assert (
        c.post(
            reverse("keluarga:pindah_keluar", args=[a.pk]),
            {"tanggal": "2025-01-01", "versi": kel.versi},
        ).status_code
        == 302
    )
    kel.refresh_from_db()
    r = c.post(
        reverse("keluarga:datang", args=[desa["kel2"].pk]),
        {
            "tanggal": "2026-02-01",
            "nik": a.nik,
            "nama": a.nama,
            "jenis_kelamin": a.jenis_kelamin,
            "tanggal_lahir": a.tanggal_lahir.isoformat(),
            "hubungan": "9",
            "status_kawin": "belum_kawin",
            "keberadaan": "di_dalam",
            "versi": desa["kel2"].versi,
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    a.refresh_from_db()
    assert a.status_hidup == "hidup" and a.keluarga == desa["kel2"]
    assert Anggota.objects.filter(nama="Perantau").count() == 1


def test_marriage_and_move_to_another_family(client, desa, orang):
    a = f.AnggotaFactory(keluarga=desa["kel"], jenis_kelamin="P", tanggal_lahir=dt.date(2000, 1, 1))
    c = masuk(client, orang["admin"])
    r = c.post(
        reverse("keluarga:status_kawin", args=[a.pk]),
        {"status": "kawin", "tanggal": "2026-03-01", "versi": desa["kel"].versi},
    )
    assert r.status_code == 302
    desa["kel"].refresh_from_db()
    r = c.post(
        reverse("keluarga:pindah_anggota", args=[a.pk]),
        {
            "no_kk_tujuan": desa["kel2"].no_kk,
            "hubungan": "3",
            "tanggal": "2026-03-02",
            "versi": desa["kel"].versi,
        },
    )
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.status_kawin == "kawin" and a.keluarga == desa["kel2"] and a.hubungan == "3"


def test_kb_status_ends_the_previous_one(client, desa, orang):
    w = f.AnggotaFactory(
        keluarga=desa["kel"], hubungan="3", status_kawin="kawin", tanggal_lahir=dt.date(1990, 1, 1)
    )
    c = masuk(client, orang["penyuluh"])
    r = c.post(
        reverse("keluarga:status_kb", args=[w.pk]),
        {"metode": "suntik", "mulai": "2025-01-01", "baru": "on", "versi": desa["kel"].versi},
    )
    assert r.status_code == 302
    desa["kel"].refresh_from_db()
    r = c.post(
        reverse("keluarga:status_kb", args=[w.pk]),
        {"alasan": "iat", "mulai": "2026-01-01", "versi": desa["kel"].versi},
    )
    assert r.status_code == 302
    lama, baru = StatusKB.objects.filter(anggota=w).order_by("mulai")
    assert lama.selesai == dt.date(2026, 1, 1) and baru.alasan == "iat"


def test_kb_form_needs_method_or_reason(client, desa, orang):
    w = f.AnggotaFactory(keluarga=desa["kel"])
    c = masuk(client, orang["admin"])
    r = c.post(
        reverse("keluarga:status_kb", args=[w.pk]),
        {"mulai": "2025-01-01", "versi": desa["kel"].versi},
    )
    assert "salah satu" in r.content.decode()
    assert not StatusKB.objects.exists()


def test_kepala_desa_cannot_record_events(client, desa, orang):
    a = f.AnggotaFactory(keluarga=desa["kel"])
    c = masuk(client, orang["kades"])
    assert (
        c.post(reverse("keluarga:meninggal", args=[a.pk]), {"tanggal": "2026-01-01"}).status_code
        == 403
    )
    assert c.post(reverse("keluarga:status_kb", args=[a.pk]), {}).status_code == 403
    assert kode.StatusHidup.HIDUP == Anggota.objects.get(pk=a.pk).status_hidup
