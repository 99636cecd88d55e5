"""The poktan workspace over HTTP, with personas: every view behind the access gate, happy paths."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import include, path, reverse

from keluarga.akses import Peran
from keluarga.models import LogAkses
from poktan import services
from poktan.models import (
    Keanggotaan,
    Kehadiran,
    Kelompok,
    KeuanganUppka,
    Penimbangan,
    Pertemuan,
    Topik,
)
from rumahdataku import urls as akar
from tests import factories as f

# Until /poktan/ is mounted in rumahdataku/urls.py, these tests mount it themselves.
if not any(getattr(p, "namespace", None) == "poktan" for p in akar.urlpatterns):
    urlpatterns = [*akar.urlpatterns, path("poktan/", include("poktan.urls"))]
    pytestmark = pytest.mark.urls(__name__)

D = dt.date


def topik(jenis):
    return Topik.objects.filter(jenis=jenis).first()


@pytest.fixture
def desa(db):
    d = f.DesaFactory(kode="3326012001")
    rt1 = f.RTFactory(rw__dusun__desa=d, nomor="001")
    rt2 = f.RTFactory(rw__dusun__desa=d, nomor="002")
    lain = f.DesaFactory(kode="3326012099")
    rt_lain = f.RTFactory(rw__dusun__desa=lain)
    kel1 = f.KeluargaFactory(rumah__rt=rt1, desa=d, no_kk="3326010101260001")
    kel2 = f.KeluargaFactory(rumah__rt=rt2, desa=d, no_kk="3326010101260002")
    f.AnggotaFactory(keluarga=kel1, nama="Siti Kepala", hubungan="1", nik="3326015505900011")
    anak = f.AnggotaFactory(
        keluarga=kel1, nama="Ani Balita", tanggal_lahir=D(2024, 3, 1), jenis_kelamin="P"
    )
    f.AnggotaFactory(keluarga=kel2, nama="Joko Kepala", hubungan="1", jenis_kelamin="L")
    anak2 = f.AnggotaFactory(
        keluarga=kel2, nama="Bima Balita", tanggal_lahir=D(2025, 2, 2), jenis_kelamin="L"
    )
    bkb = services.simpan_kelompok(kelompok=Kelompok(desa=d, jenis="bkb", nama="Mawar"))
    posyandu = services.simpan_kelompok(kelompok=Kelompok(desa=d, jenis="posyandu", nama="Melati"))
    uppka = services.simpan_kelompok(kelompok=Kelompok(desa=d, jenis="uppka", nama="Maju"))
    bkb_lain = services.simpan_kelompok(kelompok=Kelompok(desa=d, jenis="bkb", nama="Kenanga"))
    di_luar = services.simpan_kelompok(kelompok=Kelompok(desa=lain, jenis="bkb", nama="Luar"))
    m_bkb = services.tambah_keanggotaan(kelompok=bkb, keluarga=kel1, mulai=D(2026, 1, 1))
    m_anak = services.tambah_keanggotaan(kelompok=posyandu, anggota=anak, mulai=D(2026, 1, 1))
    luar = services.tambah_keanggotaan(
        kelompok=posyandu,
        nama_luar="Intan Luar",
        jenis_kelamin_luar="P",
        tanggal_lahir_luar=D(2025, 5, 5),
        mulai=D(2026, 1, 1),
    )
    rapat = services.simpan_pertemuan(
        kelompok=bkb, tanggal=D(2026, 10, 5), hadir=[m_bkb], topik=topik("bkb")
    )
    sesi = services.simpan_sesi_posyandu(
        kelompok=posyandu,
        tanggal=D(2026, 10, 10),
        topik=topik("posyandu"),
        baris=[
            services.BarisTimbang(
                anggota=anak, berat_kg=Decimal("10.1"), tinggi_cm=Decimal("84.0")
            ),
            services.BarisTimbang(anak_luar=luar, berat_kg=Decimal("8.0")),
        ],
    )
    rapat_luar = services.simpan_pertemuan(
        kelompok=di_luar, tanggal=D(2026, 10, 5), hadir=[], topik=topik("bkb")
    )
    m_luar = services.tambah_keanggotaan(
        kelompok=di_luar,
        keluarga=f.KeluargaFactory(rumah__rt=rt_lain, desa=lain),
        mulai=D(2026, 1, 1),
    )
    return {
        "desa": d,
        "lain": lain,
        "rt1": rt1,
        "rt2": rt2,
        "kel1": kel1,
        "kel2": kel2,
        "anak": anak,
        "anak2": anak2,
        "bkb": bkb,
        "posyandu": posyandu,
        "uppka": uppka,
        "bkb_lain": bkb_lain,
        "di_luar": di_luar,
        "m_bkb": m_bkb,
        "m_anak": m_anak,
        "luar": luar,
        "rapat": rapat,
        "sesi": sesi,
        "rapat_luar": rapat_luar,
        "m_luar": m_luar,
    }


@pytest.fixture
def orang(desa):
    d = desa["desa"]
    kader = f.persona(Peran.KADER, desa=d, rt=[desa["rt2"]], username="kader")
    for k in ("bkb", "posyandu", "uppka"):
        desa[k].kader.add(kader)
    kader_lain = f.persona(Peran.KADER, desa=d, rt=[desa["rt1"]], username="kader_lain")
    desa["bkb_lain"].kader.add(kader_lain)
    return {
        "admin": f.persona(Peran.ADMIN_DESA, desa=d, username="admin"),
        "operator": f.persona(Peran.OPERATOR, desa=d),
        "kader": kader,
        "kader_lain": kader_lain,
        "penyuluh": f.persona(Peran.PENYULUH, desa_list=[d, desa["lain"]]),
        "kades": f.persona(Peran.KEPALA_DESA, desa=d, username="kades"),
        "camat": f.persona(Peran.KECAMATAN, kecamatan_kode="332601"),
        "luar": f.persona(Peran.ADMIN_DESA, desa=desa["lain"]),
        "tanpa_peran": f.persona(None, desa=d),
    }


def masuk(client, user):
    client.force_login(user)
    return client


# name → (url args from the fixture, the other desa's object, whether it writes)
HALAMAN = {
    "daftar": (lambda x: [], None, False),
    "kelompok": (lambda x: [x["bkb"].pk], lambda x: [x["di_luar"].pk], False),
    "kelompok_buat": (lambda x: [], None, True),
    "kelompok_ubah": (lambda x: [x["bkb"].pk], lambda x: [x["di_luar"].pk], True),
    "anggota_tambah": (lambda x: [x["bkb"].pk], lambda x: [x["di_luar"].pk], True),
    "anggota_akhiri": (lambda x: [x["m_bkb"].pk], lambda x: [x["m_luar"].pk], True),
    "pertemuan_baru": (lambda x: [x["bkb"].pk], lambda x: [x["di_luar"].pk], True),
    "pertemuan": (lambda x: [x["rapat"].pk], lambda x: [x["rapat_luar"].pk], True),
    "keuangan": (lambda x: [x["uppka"].pk], lambda x: [x["di_luar"].pk], True),
    "sesi_baru": (lambda x: [x["posyandu"].pk], lambda x: [x["di_luar"].pk], True),
    "sesi": (lambda x: [x["sesi"].pk], lambda x: [x["rapat_luar"].pk], True),
    "anak": (lambda x: [x["anak"].pk], None, False),
    "anak_luar": (lambda x: [x["luar"].pk], lambda x: [x["m_luar"].pk], False),
}
POST_SAJA = {"anggota_akhiri"}


def url(nama, desa, pilih=0):
    return reverse(f"poktan:{nama}", args=HALAMAN[nama][pilih](desa))


@pytest.mark.parametrize("nama", HALAMAN)
def test_anonymous_users_are_sent_to_login(client, desa, nama):
    r = client.get(url(nama, desa))
    assert r.status_code == 302 and "/akun/masuk/" in r.url


@pytest.mark.parametrize("nama", HALAMAN)
def test_a_user_without_a_role_gets_403(client, desa, orang, nama):
    c = masuk(client, orang["tanpa_peran"])
    r = c.post(url(nama, desa)) if nama in POST_SAJA else c.get(url(nama, desa))
    assert r.status_code == 403


@pytest.mark.parametrize("nama", [n for n, (_u, _l, tulis) in HALAMAN.items() if tulis])
def test_kepala_desa_may_not_write_poktan_registers(client, desa, orang, nama):
    c = masuk(client, orang["kades"])
    r = c.post(url(nama, desa)) if nama in POST_SAJA else c.get(url(nama, desa))
    assert r.status_code == 403


@pytest.mark.parametrize("nama", [n for n in HALAMAN if n not in POST_SAJA])
def test_admin_and_operator_open_every_page(client, desa, orang, nama):
    for p in ("admin", "operator"):
        r = masuk(client, orang[p]).get(url(nama, desa))
        assert r.status_code in (200, 302), (p, nama)


def test_kepala_desa_and_kecamatan_are_refused_growth_charts(client, desa, orang):
    for p in ("kades", "camat"):
        c = masuk(client, orang[p])
        assert c.get(url("anak", desa)).status_code == 403
        assert c.get(url("anak_luar", desa)).status_code == 403


def test_the_kecamatan_sees_no_group_names_on_poktan(client, desa, orang):
    c = masuk(client, orang["camat"])
    r = c.get(url("daftar", desa), {"bulan": "2026-10"})
    html = r.content.decode()
    assert r.status_code == 200
    for nama in ("Mawar", "Kenanga", "Melati", "Maju", "Luar"):
        assert nama not in html, nama
    assert c.get(url("kelompok", desa)).status_code == 403


def test_the_kecamatan_page_links_no_group_page(client, desa, orang):
    c = masuk(client, orang["camat"])
    html = c.get(url("daftar", desa), {"bulan": "2026-10"}).content.decode()
    assert "/poktan/kelompok/" not in html and "/poktan/sesi/" not in html
    assert "/poktan/pertemuan/" not in html and "/poktan/anak" not in html
    for k in ("bkb", "posyandu", "uppka", "di_luar"):
        assert reverse("poktan:kelompok", args=[desa[k].pk]) not in html


def test_the_kecamatan_sees_per_type_totals_per_desa(client, desa, orang):
    r = masuk(client, orang["camat"]).get(url("daftar", desa), {"bulan": "2026-10"})
    html = r.content.decode()
    assert desa["desa"].nama in html and desa["lain"].nama in html
    per_desa = {
        b["desa"].pk: {x["jenis"]: x for x in b["ringkasan"]} for b in r.context["per_desa"]
    }
    kunci = ("kelompok", "anggota", "pertemuan", "kehadiran", "belum_lapor")
    angka = {
        (d, j): tuple(per_desa[desa[d].pk][j][k] for k in kunci)
        for d in ("desa", "lain")
        for j in ("bkb", "posyandu", "uppka")
    }
    # Desa: BKB Mawar (1 member family, 1 meeting with 1 present) and Kenanga (no meeting);
    # posyandu Melati (a village child and one from outside, both weighed at one session);
    # UPPKA Maju (no member, no meeting). The other desa: BKB Luar (1 member, 1 meeting, nobody
    # present).
    assert angka == {
        ("desa", "bkb"): (2, 1, 1, 1, 1),
        ("desa", "posyandu"): (1, 2, 1, 2, 0),
        ("desa", "uppka"): (1, 0, 0, 0, 1),
        ("lain", "bkb"): (1, 1, 1, 0, 0),
        ("lain", "posyandu"): (0, 0, 0, 0, 0),
        ("lain", "uppka"): (0, 0, 0, 0, 0),
    }
    # BKB targets: the desa's two families with a child under 6 (Ani, Bima), one of them an
    # active member (present on 5 October); the other desa's member family has no child.
    sasaran = ("sasaran", "sasaran_aktif", "partisipasi_persen")
    assert [per_desa[desa["desa"].pk]["bkb"][k] for k in sasaran] == [2, 1, 50.0]
    assert [per_desa[desa["lain"].pk]["bkb"][k] for k in sasaran] == [0, 0, None]
    total = {x["jenis"]: x for x in r.context["ringkasan"]}
    assert [total["bkb"][k] for k in kunci + sasaran] == [3, 2, 2, 1, 1, 2, 1, 50.0]


def test_the_kecamatan_page_query_count_does_not_grow_with_groups(client, desa, orang):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = masuk(client, orang["camat"])
    with CaptureQueriesContext(connection) as sedikit:
        c.get(url("daftar", desa), {"bulan": "2026-10"})
    for i in range(5):
        for d in ("desa", "lain"):
            k = services.simpan_kelompok(
                kelompok=Kelompok(desa=desa[d], jenis="bkr", nama=f"Tambahan {i}")
            )
            services.simpan_pertemuan(
                kelompok=k, tanggal=D(2026, 10, 6), hadir=[], topik=topik("bkr")
            )
    with CaptureQueriesContext(connection) as banyak:
        r = c.get(url("daftar", desa), {"bulan": "2026-10"})
    assert r.context["ringkasan"][1]["kelompok"] == 10  # BKR, the second row
    assert len(banyak.captured_queries) == len(sedikit.captured_queries)


def test_the_kecamatan_page_costs_six_queries_per_desa(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = masuk(client, f.persona(Peran.KECAMATAN, kecamatan_kode="332601"))
    jumlah = []
    for n in range(1, 4):
        d = f.DesaFactory(kode=f"332601200{n}")
        services.simpan_kelompok(kelompok=Kelompok(desa=d, jenis="bkb", nama=f"K{n}"))
        c.get(url("daftar", None))  # compiles the prepared statements of this desa set
        with CaptureQueriesContext(connection) as q:
            c.get(url("daftar", None))
        jumlah.append(len(q.captured_queries))
    # Per desa: its dated moves (2), its groups' month (1), weighings (1), memberships (1),
    # targets (1).
    assert [jumlah[1] - jumlah[0], jumlah[2] - jumlah[1]] == [6, 6]


def test_the_kecamatan_per_desa_view_filters_one_type(client, desa, orang):
    r = masuk(client, orang["camat"]).get(url("daftar", desa), {"jenis": "bkb"})
    assert [[x["jenis"] for x in b["ringkasan"]] for b in r.context["per_desa"]] == [
        ["bkb"],
        ["bkb"],
    ]
    assert len(r.context["ringkasan"]) == 6  # the total keeps every type


@pytest.mark.parametrize("nama", [n for n, v in HALAMAN.items() if v[1] is not None])
def test_an_object_of_another_desa_is_404(client, desa, orang, nama):
    c = masuk(client, orang["admin"])
    target = url(nama, desa, pilih=1)
    r = c.post(target) if nama in POST_SAJA else c.get(target)
    assert r.status_code == 404


def test_a_child_of_another_desa_is_404(client, desa, orang):
    c = masuk(client, orang["luar"])
    assert c.get(url("anak", desa)).status_code == 404


@pytest.mark.parametrize(
    "nama",
    ["kelompok", "anggota_tambah", "anggota_akhiri", "pertemuan_baru", "pertemuan", "keuangan",
     "sesi_baru", "sesi", "anak_luar"],
)  # fmt: skip
def test_a_kader_outside_their_own_groups_gets_404(client, desa, orang, nama):
    c = masuk(client, orang["kader_lain"])
    r = c.post(url(nama, desa)) if nama in POST_SAJA else c.get(url(nama, desa))
    assert r.status_code == 404


def test_a_kader_writes_in_their_own_groups(client, desa, orang):
    c = masuk(client, orang["kader"])
    for nama in ("kelompok", "anggota_tambah", "pertemuan_baru", "pertemuan", "keuangan", "sesi"):
        assert c.get(url(nama, desa)).status_code == 200, nama


def test_a_kader_may_not_create_or_reshape_groups(client, desa, orang):
    c = masuk(client, orang["kader"])
    assert c.get(url("kelompok_buat", desa)).status_code == 403
    assert c.get(url("kelompok_ubah", desa)).status_code == 403
    assert c.get(reverse("poktan:kelompok_ubah", args=[desa["bkb_lain"].pk])).status_code == 404


def test_a_kader_lists_only_their_own_groups(client, desa, orang):
    html = masuk(client, orang["kader"]).get(url("daftar", desa)).content.decode()
    assert "Mawar" in html and "Melati" in html and "Kenanga" not in html


def test_penyuluh_writes_registers_in_each_of_their_desa(client, desa, orang):
    c = masuk(client, orang["penyuluh"])
    assert c.get(url("pertemuan_baru", desa)).status_code == 200
    assert c.get(url("pertemuan", desa, pilih=1)).status_code == 200
    html = c.get(url("daftar", desa)).content.decode()
    assert "Luar" in html and "Mawar" in html


# --- group list and group page ------------------------------------------------------------------


def test_the_group_list_shows_the_monthly_summary_and_belum_lapor(client, desa, orang):
    r = masuk(client, orang["admin"]).get(url("daftar", desa), {"bulan": "2026-10"})
    html = r.content.decode()
    assert r.status_code == 200
    assert "UPPKA (dulu UPPKS)" in html and "belum lapor" in html
    assert "Luar" not in html


def test_the_group_page_shows_members_targets_and_the_invite_list(client, desa, orang):
    c = masuk(client, orang["admin"])
    r = c.get(url("kelompok", desa), {"bulan": "2026-10"})
    html = r.content.decode()
    assert r.status_code == 200
    assert "Keluarga Siti Kepala" in html  # member
    assert "Keluarga Joko Kepala" in html  # invited: a balita, not a member
    assert "3326010101260002" in html  # full No KK for the admin
    assert LogAkses.objects.filter(user=orang["admin"], jenis="daftar_nama").exists()
    assert LogAkses.objects.filter(user=orang["admin"], jenis="nik_penuh").exists()


def test_kepala_desa_sees_the_invite_list_masked(client, desa, orang):
    c = masuk(client, orang["kades"])
    html = c.get(url("kelompok", desa)).content.decode()
    assert "Keluarga Joko Kepala" in html
    assert "3326010101260002" not in html and "3326••••••••0002" in html
    assert "Jadikan anggota" not in html and "/poktan/anak/" not in html
    assert LogAkses.objects.filter(user=orang["kades"], jenis="daftar_nama").exists()
    assert not LogAkses.objects.filter(user=orang["kades"], jenis="nik_penuh").exists()


def test_a_posyandu_page_shows_skdn_and_the_children_weighed_elsewhere(client, desa, orang):
    c = masuk(client, orang["admin"])
    target = reverse("poktan:kelompok", args=[desa["posyandu"].pk])
    html = c.get(target, {"bulan": "2026-10"}).content.decode()
    assert "SKDN" in html and "Intan Luar" in html and "Bima Balita" in html


def test_group_page_query_count_does_not_grow_with_members(
    client, desa, orang, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = masuk(client, orang["admin"])
    c.get(url("kelompok", desa))
    with CaptureQueriesContext(connection) as awal:
        c.get(url("kelompok", desa))
    for i in range(10):
        kel = f.KeluargaFactory(rumah__rt=desa["rt1"], desa=desa["desa"])
        f.AnggotaFactory(keluarga=kel, hubungan="1", nama=f"Kepala {i}")
        f.AnggotaFactory(keluarga=kel, tanggal_lahir=D(2023, 1, 1 + i))
        if i % 2:
            services.tambah_keanggotaan(kelompok=desa["bkb"], keluarga=kel, mulai=D(2026, 2, 1))
    with django_assert_max_num_queries(len(awal.captured_queries)):
        r = c.get(url("kelompok", desa))
    assert "Keluarga Kepala 9" in r.content.decode()


# --- groups and members --------------------------------------------------------------------------


def test_admin_creates_a_group_with_area_kader_and_leaders(client, desa, orang):
    c = masuk(client, orang["admin"])
    r = c.post(
        url("kelompok_buat", desa),
        {
            "desa": desa["desa"].pk,
            "jenis": "bkl",
            "nama": "Lansia Bahagia",
            "wilayah_rw": [desa["rt1"].rw_id],
            "kader": [orang["kader"].pk],
            "tanggal_berdiri": "2020-01-15",
            "aktif": "on",
            "pengurus": "Ketua: Sri Wahyuni\nSekretaris: Dewi",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    k = Kelompok.objects.get(nama="Lansia Bahagia")
    assert k.jenis == "bkl" and list(k.wilayah_rw.all()) == [desa["rt1"].rw]
    assert list(k.kader.all()) == [orang["kader"]]
    assert [(p.jabatan, p.nama) for p in k.pengurus_set.all()] == [
        ("Ketua", "Sri Wahyuni"),
        ("Sekretaris", "Dewi"),
    ]


def test_a_group_may_not_take_an_area_of_another_desa(client, desa, orang):
    c = masuk(client, orang["penyuluh"])
    rw_lain = f.RTFactory(rw__dusun__desa=desa["lain"]).rw
    r = c.post(
        url("kelompok_buat", desa),
        {
            "desa": desa["desa"].pk,
            "jenis": "bkr",
            "nama": "Remaja",
            "wilayah_rw": [rw_lain.pk],
            "aktif": "on",
        },
    )
    assert r.status_code == 200 and not Kelompok.objects.filter(nama="Remaja").exists()


def test_admin_edits_a_group(client, desa, orang):
    c = masuk(client, orang["admin"])
    r = c.post(
        url("kelompok_ubah", desa),
        {"jenis": "bkb", "nama": "Mawar Indah", "aktif": "on", "pengurus": ""},
    )
    assert r.status_code == 302
    desa["bkb"].refresh_from_db()
    assert desa["bkb"].nama == "Mawar Indah"


def test_a_kader_adds_a_family_from_the_invite_list(client, desa, orang):
    c = masuk(client, orang["kader"])
    r = c.post(url("anggota_tambah", desa), {"keluarga": desa["kel2"].pk, "mulai": "2026-11-01"})
    assert r.status_code == 302 and r.url.endswith("#anggota")
    assert Keanggotaan.objects.filter(kelompok=desa["bkb"], keluarga=desa["kel2"]).exists()


def test_adding_a_person_to_a_family_group_is_refused_in_indonesian(client, desa, orang):
    c = masuk(client, orang["admin"])
    r = c.post(url("anggota_tambah", desa), {"anggota": desa["anak2"].pk, "mulai": "2026-11-01"})
    assert r.status_code == 400 and "keluarga, bukan perorangan" in r.content.decode()


def test_a_child_can_belong_to_only_one_posyandu(client, desa, orang):
    kedua = services.simpan_kelompok(
        kelompok=Kelompok(desa=desa["desa"], jenis="posyandu", nama="Kedua")
    )
    c = masuk(client, orang["admin"])
    r = c.post(
        reverse("poktan:anggota_tambah", args=[kedua.pk]),
        {"anggota": desa["anak"].pk, "mulai": "2026-11-01"},
    )
    assert r.status_code == 400 and "sudah terdaftar di Posyandu Melati" in r.content.decode()


def test_an_outside_child_needs_sex_and_birth_date(client, desa, orang):
    c = masuk(client, orang["admin"])
    target = reverse("poktan:anggota_tambah", args=[desa["posyandu"].pk])
    r = c.post(target, {"nama_luar": "Tamu", "mulai": "2026-11-01"})
    assert r.status_code == 400 and "perlu tanggal lahir" in r.content.decode()
    r = c.post(
        target,
        {
            "nama_luar": "Tamu",
            "jenis_kelamin_luar": "L",
            "tanggal_lahir_luar": "2025-01-01",
            "mulai": "2026-11-01",
        },
    )
    assert r.status_code == 302


def test_searching_for_a_family_to_add_is_logged(client, desa, orang):
    c = masuk(client, orang["admin"])
    r = c.get(url("anggota_tambah", desa), {"q": "Joko"})
    assert "Keluarga Joko Kepala" in r.content.decode()
    assert LogAkses.objects.filter(user=orang["admin"], objek__startswith="Cari calon").exists()


def test_ending_a_membership_is_post_only_and_half_open(client, desa, orang):
    c = masuk(client, orang["kader"])
    assert c.get(url("anggota_akhiri", desa)).status_code == 405
    r = c.post(url("anggota_akhiri", desa), {"selesai": "2026-11-01"})
    assert r.status_code == 302
    desa["m_bkb"].refresh_from_db()
    assert desa["m_bkb"].selesai == D(2026, 11, 1)
    assert not desa["m_bkb"].terbuka_pada(D(2026, 11, 1)) and desa["m_bkb"].terbuka_pada(
        D(2026, 10, 31)
    )


def test_a_membership_cannot_end_before_an_attendance(client, desa, orang):
    c = masuk(client, orang["admin"])
    r = c.post(url("anggota_akhiri", desa), {"selesai": "2026-10-01"}, follow=True)
    assert "Sudah ada kehadiran" in r.content.decode()
    desa["m_bkb"].refresh_from_db()
    assert desa["m_bkb"].selesai is None


# --- meetings and finance ----------------------------------------------------------------------------


def test_a_meeting_is_recorded_with_the_attendance_checkboxes(client, desa, orang):
    c = masuk(client, orang["kader"])
    r = c.get(url("pertemuan_baru", desa))
    assert 'type="checkbox"' in r.content.decode() and "Keluarga Siti Kepala" in r.content.decode()
    r = c.post(
        url("pertemuan_baru", desa),
        {
            "tanggal": "2026-11-03",
            "topik": topik("bkb").pk,
            "narasumber": "Bidan Ani",
            "hadir": [desa["m_bkb"].pk],
        },
    )
    assert r.status_code == 302
    p = Pertemuan.objects.get(kelompok=desa["bkb"], tanggal=D(2026, 11, 3))
    assert p.narasumber == "Bidan Ani" and p.dicatat_oleh == orang["kader"]
    assert list(p.kehadiran_set.values_list("keanggotaan", flat=True)) == [desa["m_bkb"].pk]


def test_a_meeting_needs_a_topic_and_a_past_date(client, desa, orang):
    c = masuk(client, orang["admin"])
    r = c.post(url("pertemuan_baru", desa), {"tanggal": "2030-01-01", "topik_lain": ""})
    assert r.status_code == 200
    assert not Pertemuan.objects.filter(kelompok=desa["bkb"], tanggal=D(2030, 1, 1)).exists()


def test_a_meeting_with_a_free_text_topic_and_attendance_removed(client, desa, orang):
    c = masuk(client, orang["admin"])
    rapat = desa["rapat"]
    r = c.post(
        url("pertemuan", desa),
        {"tanggal": "2026-10-05", "topik_lain": "Lomba balita sehat", "versi": rapat.versi},
    )
    assert r.status_code == 302
    rapat.refresh_from_db()
    assert rapat.topik is None and rapat.topik_lain == "Lomba balita sehat"
    assert not Kehadiran.objects.filter(pertemuan=rapat).exists()


def test_a_meeting_saved_from_an_old_page_is_refused(client, desa, orang):
    c = masuk(client, orang["admin"])
    data = {"tanggal": "2026-10-05", "topik": topik("bkb").pk, "versi": desa["rapat"].versi}
    assert c.post(url("pertemuan", desa), data).status_code == 302
    r = c.post(url("pertemuan", desa), {**data, "narasumber": "Lama"})
    assert r.status_code == 409


def test_uppka_records_capital_and_turnover_per_month(client, desa, orang):
    c = masuk(client, orang["kader"])
    r = c.post(url("keuangan", desa), {"bulan": "2026-10", "modal": "1500000", "omzet": "350000"})
    assert r.status_code == 302
    c.post(url("keuangan", desa), {"bulan": "2026-10", "modal": "1600000", "omzet": "400000"})
    k = KeuanganUppka.objects.get(kelompok=desa["uppka"])
    assert (k.bulan, k.modal, k.omzet) == (D(2026, 10, 1), 1600000, 400000)
    html = c.get(url("keuangan", desa)).content.decode()
    assert "1.600.000" in html


def test_finance_is_only_for_uppka(client, desa, orang):
    c = masuk(client, orang["admin"])
    assert c.get(reverse("poktan:keuangan", args=[desa["bkb"].pk])).status_code == 404


# --- posyandu sessions and growth charts -----------------------------------------------------------


def _data_sesi(baris, **extra):
    data = {
        "tanggal": "2026-11-05",
        "topik": topik("posyandu").pk,
        "anak-TOTAL_FORMS": str(len(baris)),
        "anak-INITIAL_FORMS": str(len(baris)),
        "anak-MIN_NUM_FORMS": "0",
        "anak-MAX_NUM_FORMS": "500",
    }
    for i, b in enumerate(baris):
        for k, v in b.items():
            data[f"anak-{i}-{k}"] = v
    data.update(extra)
    return data


def test_a_session_form_has_one_row_per_member_child(client, desa, orang):
    html = masuk(client, orang["kader"]).get(url("sesi_baru", desa)).content.decode()
    assert "Ani Balita" in html and "Intan Luar" in html
    assert 'inputmode="decimal"' in html and "terakhir 10,1 kg" in html


def test_a_kader_records_a_session_for_many_children_at_once(client, desa, orang):
    c = masuk(client, orang["kader"])
    r = c.post(
        url("sesi_baru", desa),
        _data_sesi(
            [
                {"anak": f"a{desa['anak'].pk}", "berat": "10,4", "tinggi": "85.0", "kms": "on"},
                {"anak": f"l{desa['luar'].pk}", "berat": ""},
                {
                    "anak": "",
                    "anak_lain": desa["anak2"].pk,
                    "berat": "9,0",
                    "tinggi": "77",
                    "cara_ukur": "telentang",
                },
            ]
        ),
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    sesi = Pertemuan.objects.get(kelompok=desa["posyandu"], tanggal=D(2026, 11, 5))
    p = sesi.penimbangan_set.get(anggota=desa["anak"])
    assert p.berat_kg == Decimal("10.4") and p.kms and p.cara_ukur == "berdiri"
    assert p.z_tb_u is not None and p.status_tb_u
    assert sesi.penimbangan_set.filter(anggota=desa["anak2"]).exists()  # a child from elsewhere
    assert not sesi.penimbangan_set.filter(anak_luar=desa["luar"]).exists()  # not weighed
    html = c.get(r.url).content.decode()
    assert "BB/U" in html and "grafik" in html


def test_an_implausible_value_is_saved_flagged_and_announced(client, desa, orang):
    c = masuk(client, orang["admin"])
    r = c.post(
        url("sesi_baru", desa),
        _data_sesi([{"anak": f"a{desa['anak'].pk}", "berat": "30"}]),
        follow=True,
    )
    assert "mohon ukur ulang: Ani Balita" in r.content.decode()
    assert Penimbangan.objects.get(anggota=desa["anak"], tanggal=D(2026, 11, 5)).perlu_ukur_ulang


def test_a_row_for_a_child_of_another_desa_is_refused(client, desa, orang):
    asing = f.AnggotaFactory(
        keluarga=f.KeluargaFactory(
            rumah__rt=f.RTFactory(rw__dusun__desa=desa["lain"]), desa=desa["lain"]
        ),
        tanggal_lahir=D(2024, 1, 1),
    )
    c = masuk(client, orang["admin"])
    r = c.post(url("sesi_baru", desa), _data_sesi([{"anak": f"a{asing.pk}", "berat": "10"}]))
    assert r.status_code == 200 and "tanpa nama anak" in r.content.decode()
    assert not Penimbangan.objects.filter(anggota=asing).exists()


def test_clearing_a_weight_removes_that_weighing(client, desa, orang):
    c = masuk(client, orang["admin"])
    sesi = desa["sesi"]
    r = c.post(
        url("sesi", desa),
        _data_sesi(
            [
                {"anak": f"a{desa['anak'].pk}", "berat": "10.1", "tinggi": "84"},
                {"anak": f"l{desa['luar'].pk}", "berat": ""},
            ],
            tanggal="2026-10-10",
            versi=sesi.versi,
        ),
    )
    assert r.status_code == 302
    assert list(sesi.penimbangan_set.values_list("anggota", flat=True)) == [desa["anak"].pk]


def test_a_non_posyandu_group_has_no_sessions(client, desa, orang):
    c = masuk(client, orang["admin"])
    assert c.get(reverse("poktan:sesi_baru", args=[desa["bkb"].pk])).status_code == 404
    r = c.get(reverse("poktan:pertemuan_baru", args=[desa["posyandu"].pk]))
    assert r.status_code == 302 and r.url == reverse("poktan:sesi_baru", args=[desa["posyandu"].pk])


def test_the_growth_chart_is_an_inline_svg_with_the_who_lines(client, desa, orang):
    c = masuk(client, orang["operator"])
    r = c.get(url("anak", desa))
    html = r.content.decode()
    assert r.status_code == 200
    assert html.count("<svg") == 2 and "+2 SD" in html and "median" in html
    assert "Berat badan menurut umur" in html and "10,1" in html


def test_a_kader_reads_the_chart_of_a_child_in_their_posyandu(client, desa, orang):
    c = masuk(client, orang["kader"])  # the child lives in RT 001, outside the kader's RT 002
    assert c.get(url("anak", desa)).status_code == 200
    assert c.get(url("anak_luar", desa)).status_code == 200
    assert masuk(client, orang["kader_lain"]).get(url("anak_luar", desa)).status_code == 404


def test_a_kader_reads_the_family_pages_of_their_group_members(desa, orang):
    from keluarga import akses

    ids = set(akses.keluarga_qs(orang["kader"]).values_list("pk", flat=True))
    assert ids == {desa["kel1"].pk, desa["kel2"].pk}  # kel1 via own groups, kel2 via own RT
    tulis = set(akses.keluarga_qs(orang["kader"], tulis=True).values_list("pk", flat=True))
    assert tulis == {desa["kel2"].pk}
