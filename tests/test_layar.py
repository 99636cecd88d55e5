"""Issue 20 on the server side: the roles' first screens and the smaller things a person reads
(one month format, labels, empty selects, table 7's labels, the login message, the icon, links
only to pages the role may open)."""

import datetime as dt
import re

import pytest
from django import forms
from django.template import Context, Template
from django.utils import timezone

from keluarga import kode
from keluarga.akses import Peran
from keluarga.models import Desa
from keluarga.templatetags.tampilan import bulan
from laporan import services
from poktan import services as poktan_services
from poktan.models import Kelompok
from tests import factories as f
from tests.test_definisi import desa_kecil, desa_kecil_berdata  # noqa: F401  (hand-counted)
from tests.test_laporan import RAPAT

SANDI = "rahasia-desa-123"  # tests/factories.UserFactory's password


@pytest.fixture
def desa_data(desa_kecil_berdata):  # noqa: F811
    return desa_kecil_berdata["desa"]


def _masuk(client, user):
    client.force_login(user)
    return client


# --- one month format ---------------------------------------------------------------------


def test_the_month_filter_writes_every_month_as_name_and_year():
    assert bulan("2026-11") == "November 2026"
    assert bulan("2026-01") == "Januari 2026"
    assert bulan(dt.date(2026, 12, 8)) == "Desember 2026"
    assert bulan((2025, 2)) == "Februari 2025"


def test_the_month_filter_leaves_anything_else_as_it_is():
    assert bulan("Oktober 2026") == "Oktober 2026"
    assert bulan("2026-13") == "2026-13"
    assert bulan("") == ""
    assert bulan(None) is None


def test_the_month_filter_is_a_builtin_of_every_template():
    assert Template("{{ b|bulan }}").render(Context({"b": "2026-10"})) == "Oktober 2026"


# --- forms: capitalised labels, Indonesian empty select -------------------------------------


class _Contoh(forms.Form):
    tempat = forms.CharField(label="tempat rapat")
    desa = forms.ModelChoiceField(queryset=Desa.objects.none(), label="desa")
    jenis = forms.ChoiceField(
        choices=[("", "---------"), ("a", "A")], label="jenis", required=False
    )


def test_form_labels_start_with_a_capital_letter(db):
    html = str(_Contoh())
    assert ">Tempat rapat:</label>" in html and ">Desa:</label>" in html
    assert ">tempat rapat<" not in html


def test_an_empty_select_says_pilih_in_indonesian_instead_of_dashes(db):
    html = str(_Contoh())
    assert html.count("— Pilih —") == 2
    assert "---------" not in html


# --- login, icon ----------------------------------------------------------------------------


def test_a_wrong_password_gets_one_plain_indonesian_sentence(client, desa):
    f.persona(Peran.OPERATOR, desa=desa, username="operator1")
    r = client.post("/akun/masuk/", {"username": "operator1", "password": "salah-sandi"})
    teks = r.content.decode()
    assert "Nama pengguna atau kata sandi salah. Huruf besar dan kecil dibedakan." in teks
    assert "nama pengguna nama pengguna" not in teks


def test_the_favicon_is_served_to_anyone_as_a_small_local_icon(client, db):
    r = client.get("/favicon.ico")
    assert r.status_code == 200
    assert r["Content-Type"] == "image/x-icon"
    assert r.content[:4] == b"\x00\x00\x01\x00"  # ICO header: reserved 0, type 1 (icon)
    assert len(r.content) < 2048
    assert "max-age=604800" in r["Cache-Control"]


@pytest.mark.parametrize(
    "template",
    [
        "templates/500.html",
        "templates/403_csrf.html",
        "templates/kelola/buku_data.html",
        "templates/laporan/cetak.html",
        "templates/laporan/papan.html",
        "templates/laporan/register_pus_cetak.html",
    ],
)
def test_every_standalone_template_links_the_local_icon(template):
    from django.conf import settings

    teks = (settings.BASE_DIR / template).read_text()
    assert '<link rel="icon" href="/favicon.ico"' in teks


# --- links only to pages the role may open ---------------------------------------------------


def test_the_kecamatan_menu_offers_no_kampung_kb_link(client, desa):
    camat = f.persona(Peran.KECAMATAN, kecamatan_kode=desa.kecamatan_kode)
    teks = _masuk(client, camat).get("/").content.decode()
    assert 'href="/kampung-kb/"' not in teks
    assert _masuk(client, camat).get("/kampung-kb/").status_code == 403


def test_the_kepala_desa_name_list_has_no_links_to_family_pages(client, desa_data):
    kades = f.persona(Peran.KEPALA_DESA, desa=desa_data)
    r = _masuk(client, kades).get(f"/laporan/desa/{desa_data.kode}/2026-10/daftar/krs/")
    assert r.status_code == 200
    assert not re.findall(r'href="/keluarga/\d+/"', r.content.decode())
    admin = f.persona(Peran.ADMIN_DESA, desa=desa_data)
    r = _masuk(client, admin).get(f"/laporan/desa/{desa_data.kode}/2026-10/daftar/krs/")
    # the 5 KRS families, hand-counted (tests/test_laporan.py)
    assert len(re.findall(r'href="/keluarga/\d+/"', r.content.decode())) == 5


@pytest.mark.parametrize(
    ("peran", "ada"),
    [
        (Peran.ADMIN_DESA, True),
        (Peran.OPERATOR, True),
        (Peran.PENYULUH, True),
        (Peran.KADER, False),
        (Peran.KEPALA_DESA, False),
    ],
)
def test_the_json_link_is_shown_only_to_roles_that_handle_data_files(client, desa_data, peran, ada):
    user = f.persona(peran, desa=desa_data, dusun=list(desa_data.dusun_set.all()))
    r = _masuk(client, user).get(f"/laporan/desa/{desa_data.kode}/2026-10/")
    assert r.status_code == 200
    assert ("/2026-10/json/" in r.content.decode()) is ada


def test_table_7_on_screen_shows_labels_not_keys(client, desa_data):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa_data)
    teks = _masuk(client, admin).get(f"/laporan/desa/{desa_data.kode}/2026-10/").content.decode()
    assert "PUS dengan unmet need: <strong>1</strong>" in teks
    assert "Keluarga berisiko stunting: <strong>5</strong>" in teks
    assert "Peserta MKJP: <strong>2</strong>" in teks
    for kunci in ("unmet_need:", "ibu_hamil:", "anak_tanpa_akta:"):
        assert kunci not in teks
    assert "Laporan bulanan Desa Kecil · Oktober 2026" in teks or "· Oktober 2026</h1>" in teks


# --- first screens: Kepala Desa -------------------------------------------------------------


def test_the_kepala_desa_without_a_closed_month_lands_on_the_open_month_as_angka_sementara(
    client, desa_data
):
    kades = f.persona(Peran.KEPALA_DESA, desa=desa_data)
    r = _masuk(client, kades).get("/", follow=True)
    kini = timezone.localdate().strftime("%Y-%m")
    assert r.redirect_chain[-1][0] == f"/laporan/dasbor/{desa_data.kode}/{kini}/"
    teks = r.content.decode()
    assert "Belum ada bulan yang ditutup." in teks
    assert "Angka sementara" in teks
    assert "lebih-buruk" not in teks and "lebih-baik" not in teks and "Turun" not in teks


def test_the_kepala_desa_lands_on_the_last_closed_month_with_the_open_month_offered(
    client, desa_data
):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa_data)
    services.tutup_bulan(desa=desa_data, tahun=2026, bulan=9, oleh=admin, rapat=RAPAT)
    services.tutup_bulan(desa=desa_data, tahun=2026, bulan=10, oleh=admin, rapat=RAPAT)
    kades = f.persona(Peran.KEPALA_DESA, desa=desa_data)
    r = _masuk(client, kades).get("/", follow=True)
    assert r.redirect_chain[-1][0] == f"/laporan/dasbor/{desa_data.kode}/2026-10/"
    teks = r.content.decode()
    assert "Oktober 2026 sudah disepakati rapat pokja." in teks
    kini = timezone.localdate()
    assert f'href="/laporan/dasbor/{desa_data.kode}/{kini:%Y-%m}/"' in teks
    assert f"Angka sementara {bulan(kini)} (bulan berjalan)" in teks
    # The open month itself: partial figures, never coloured as a rise or fall.
    r = client.get(f"/laporan/dasbor/{desa_data.kode}/{kini:%Y-%m}/")
    teks = r.content.decode()
    assert "Belum ada bulan yang ditutup." not in teks
    assert "Lihat bulan terakhir yang ditutup (Oktober 2026)" in teks
    assert "lebih-buruk" not in teks and "Turun" not in teks


def test_the_dashboard_explains_what_each_cpr_figure_counts(client, desa_data):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa_data)
    teks = _masuk(client, admin).get(f"/laporan/dasbor/{desa_data.kode}/2026-10/")
    teks = teks.content.decode()
    for kata in (
        "<strong>CPR</strong> =",
        "<strong>mCPR</strong> =",
        "<strong>CPR 7 cara</strong>",
    ):
        assert kata in teks


# --- first screens: kader -------------------------------------------------------------------


def test_the_kader_lands_on_today_with_their_groups_and_the_visits_due(client, desa):
    rt1 = f.RTFactory(rw__dusun__desa=desa, nomor="001")
    rt2 = f.RTFactory(rw__dusun=rt1.rw.dusun, rw=rt1.rw, nomor="002")
    kader = f.persona(Peran.KADER, desa=desa, rt=[rt1])
    # RT 1: a married couple (the wife a PUS without KB status) and a single man; never verified.
    k1 = f.KeluargaFactory(rumah__rt=rt1, desa=desa)
    f.AnggotaFactory(
        keluarga=k1,
        hubungan=kode.HubunganKK.KEPALA,
        jenis_kelamin=kode.JenisKelamin.LAKI_LAKI,
        tanggal_lahir=dt.date(1990, 3, 1),
        status_kawin=kode.StatusKawin.KAWIN,
    )
    f.AnggotaFactory(
        keluarga=k1,
        hubungan=kode.HubunganKK.ISTRI,
        tanggal_lahir=dt.date(1995, 5, 1),
        status_kawin=kode.StatusKawin.KAWIN,
    )
    k2 = f.KeluargaFactory(rumah__rt=rt1, desa=desa)
    f.AnggotaFactory(
        keluarga=k2, hubungan=kode.HubunganKK.KEPALA, jenis_kelamin=kode.JenisKelamin.LAKI_LAKI
    )
    # RT 2 is not the kader's: not counted.
    k3 = f.KeluargaFactory(rumah__rt=rt2, desa=desa)
    f.AnggotaFactory(keluarga=k3, hubungan=kode.HubunganKK.KEPALA, status_kawin="kawin")
    posyandu = poktan_services.simpan_kelompok(
        kelompok=Kelompok(desa=desa, jenis="posyandu", nama="Posyandu Mawar"), kader=[kader]
    )
    bkb = poktan_services.simpan_kelompok(
        kelompok=Kelompok(desa=desa, jenis="bkb", nama="BKB Melati"), kader=[kader]
    )
    poktan_services.simpan_kelompok(kelompok=Kelompok(desa=desa, jenis="bkr", nama="BKR Lain"))
    poktan_services.simpan_pertemuan(
        kelompok=bkb, tanggal=timezone.localdate(), hadir=[], topik_lain="Pengasuhan"
    )

    teks = _masuk(client, kader).get("/").content.decode()
    assert "<h1>Hari ini · " in teks
    assert "Posyandu Mawar" in teks and "BKB Melati" in teks and "BKR Lain" not in teks
    assert f'href="/poktan/kelompok/{posyandu.pk}/sesi/baru/"' in teks
    assert "Belum ada pertemuan tercatat." in teks
    assert "Sudah bertemu bulan ini" in teks
    assert f'href="/poktan/kelompok/{bkb.pk}/pertemuan/baru/"' not in teks
    assert "PUS belum terdata: <strong>1</strong>" in teks
    assert "Belum diverifikasi 12 bulan: <strong>2</strong>" in teks
    assert "?cek=pus_belum_terdata" in teks


def test_today_shows_the_offline_queue_with_its_waiting_count(client, desa):
    """The kader's first screen carries the offline app's waiting count (templates/luring)."""
    kader = f.persona(Peran.KADER, desa=desa, rt=[f.RTFactory(rw__dusun__desa=desa)])
    isi = _masuk(client, kader).get("/").content.decode()
    assert 'class="antrean-luring"' in isi
    assert "Menunggu dikirim" in isi and "data-antrean-jumlah" in isi
