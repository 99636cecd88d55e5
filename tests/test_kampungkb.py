"""Kampung KB profile, pokja, area and village potential; shared fixtures of the kampungkb tests.

The village is the hand-counted `desa_kecil` of test_definisi (reference month October 2026).
"""

# Fixtures are imported from the module that defines them; pytest injects them by name.
# ruff: noqa: F811

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.urls import reverse

from kampungkb import kode as kk
from kampungkb import services
from kampungkb.models import AnggotaPokja, ProfilKampungKB
from kampungkb.ringkasan import konteks_potensi, penandatangan, potensi_html
from kampungkb.wilayah import rt_kampung_kb
from keluarga.akses import Peran
from laporan import daftar as ld
from laporan.models import DaftarTersimpan, DaftarTersimpanItem
from tests import factories as f
from tests.test_definisi import desa_kecil  # noqa: F401  (the hand-counted village)

OKT = dt.date(2026, 10, 31)


@pytest.fixture
def desa(desa_kecil):
    d = desa_kecil["desa"]
    d.bulan_awal_data = dt.date(2026, 9, 1)
    d.save()
    d.rt1, d.rt2 = desa_kecil["rt1"], desa_kecil["rt2"]
    return d


@pytest.fixture
def orang(desa):
    """One persona per role of ROLES.md in this desa, plus a kader of RT 1 and outsiders."""
    return {
        "admin": f.persona(Peran.ADMIN_DESA, desa=desa),
        "operator": f.persona(Peran.OPERATOR, desa=desa),
        "kader": f.persona(Peran.KADER, desa=desa, rt=[desa.rt1]),
        "kader_rt2": f.persona(Peran.KADER, desa=desa, rt=[desa.rt2]),
        "penyuluh": f.persona(Peran.PENYULUH, desa_list=[desa]),
        "kepala_desa": f.persona(Peran.KEPALA_DESA, desa=desa),
        "kecamatan": f.persona(Peran.KECAMATAN, kecamatan_kode=desa.kode[:6]),
        "tanpa_peran": f.persona(None, desa=desa),
        "admin_lain": f.persona(Peran.ADMIN_DESA, desa=f.DesaFactory()),
    }


def simpan_daftar(desa, jenis: str = "unmet_need", tanggal: dt.date = OKT) -> DaftarTersimpan:
    """A saved name list of table 7, as laporan's "simpan" view stores it."""
    daftar = DaftarTersimpan.objects.create(
        desa=desa,
        jenis=jenis,
        wilayah=desa.kode,
        bulan=tanggal.replace(day=1),
        judul=f"{ld.JENIS[jenis]} · {desa.kode} · {tanggal:%Y-%m}",
    )
    for b in ld.daftar_baris(jenis, tanggal, [desa.pk]):
        DaftarTersimpanItem.objects.create(
            daftar=daftar, keluarga_id=b["keluarga"], anggota_id=b["anggota"]
        )
    return daftar


def buat_profil(desa, **extra) -> ProfilKampungKB:
    data = {
        "nama": "Kampung KB Sakinah",
        "sk_nomor": "141/07/2023",
        "sk_tanggal": dt.date(2023, 3, 1),
        "tanggal_pencanangan": dt.date(2023, 4, 12),
        "nama_kepala_desa": "H. Ahmad Fauzi",
        "cakupan": kk.Cakupan.DESA,
        "kriteria_program": [kk.KriteriaProgram.KESERTAAN_KB_RENDAH],
        "kriteria_wilayah": [kk.KriteriaWilayah.PESISIR],
        "kriteria_catatan": "",
        **extra,
    }
    wilayah = data.pop("wilayah", [])
    lama = ProfilKampungKB.objects.filter(desa=desa).first()
    return services.simpan_profil(
        desa=desa, data=data, wilayah=wilayah, oleh=None, versi=lama.versi if lama else None
    )


def test_the_profile_puts_the_ketua_pokja_and_the_kepala_desa_in_the_signature_block(desa):
    profil = buat_profil(desa)
    services.simpan_pokja(
        profil=profil, data={"nama": "Siti Aminah", "jabatan": kk.Jabatan.KETUA}, oleh=None
    )
    services.simpan_pokja(
        profil=profil,
        data={"nama": "Bu Ratna", "jabatan": kk.Jabatan.KETUA, "aktif": False},
        oleh=None,
    )
    ttd = penandatangan(desa)
    assert ttd["nama_kampung_kb"] == "Kampung KB Sakinah"
    assert ttd["ketua_pokja"] == {
        "jabatan": "Ketua Pokja Kampung KB Sakinah",
        "nama": "Siti Aminah",
    }
    assert ttd["kepala_desa"]["nama"] == "H. Ahmad Fauzi"
    assert ttd["kepala_desa"]["jabatan"] == f"Kepala Desa {desa.nama}"


def test_a_kelurahan_signs_as_kepala_desa_lurah(desa):
    desa.kelurahan = True
    desa.save()
    buat_profil(desa)
    assert penandatangan(desa)["kepala_desa"]["jabatan"] == f"Kepala Desa/Lurah {desa.nama}"


def test_without_a_profile_the_signature_block_has_blank_names(desa):
    ttd = penandatangan(desa)
    assert ttd["ketua_pokja"]["nama"] == "" and ttd["kepala_desa"]["nama"] == ""
    assert ttd["ketua_pokja"]["jabatan"] == "Ketua Pokja Kampung KB"


def test_only_one_active_ketua_sekretaris_or_bendahara_at_a_time(desa):
    profil = buat_profil(desa)
    services.simpan_pokja(profil=profil, data={"nama": "A", "jabatan": "ketua"}, oleh=None)
    with pytest.raises(ValidationError, match="sudah diisi"):
        services.simpan_pokja(profil=profil, data={"nama": "B", "jabatan": "ketua"}, oleh=None)
    services.simpan_pokja(profil=profil, data={"nama": "C", "jabatan": "anggota"}, oleh=None)
    services.simpan_pokja(profil=profil, data={"nama": "D", "jabatan": "anggota"}, oleh=None)
    with pytest.raises(ValidationError, match="seksi"):
        services.simpan_pokja(profil=profil, data={"nama": "E", "jabatan": "seksi"}, oleh=None)
    s = services.simpan_pokja(
        profil=profil, data={"nama": "E", "jabatan": "seksi", "seksi": "ekonomi"}, oleh=None
    )
    assert s.label_jabatan == "Seksi Fungsi ekonomi"
    assert AnggotaPokja.objects.filter(profil=profil).count() == 4


def test_selection_criteria_must_be_known_codes(desa):
    with pytest.raises(ValidationError):
        buat_profil(desa, kriteria_wilayah=["gunung_berapi"])


def test_the_area_function_returns_the_rt_ids_of_the_kampung_kb(desa):
    rt3 = f.RTFactory(rw__dusun__desa=desa, nomor="003")  # another dusun
    semua = sorted([desa.rt1.pk, desa.rt2.pk, rt3.pk])
    assert rt_kampung_kb(desa) == semua  # no profile: the whole desa
    buat_profil(desa)
    assert rt_kampung_kb(desa) == semua
    buat_profil(desa, cakupan=kk.Cakupan.SEBAGIAN, wilayah=[f"rw:{desa.rt1.rw_id}"])
    assert rt_kampung_kb(desa) == sorted([desa.rt1.pk, desa.rt2.pk])
    buat_profil(
        desa,
        cakupan=kk.Cakupan.SEBAGIAN,
        wilayah=[f"rt:{desa.rt2.pk}", f"dusun:{rt3.rw.dusun_id}"],
    )
    assert rt_kampung_kb(desa) == sorted([desa.rt2.pk, rt3.pk])


def test_a_partial_area_needs_regions_of_this_desa(desa):
    with pytest.raises(ValidationError, match="Pilih dusun"):
        buat_profil(desa, cakupan=kk.Cakupan.SEBAGIAN)
    lain = f.RTFactory()
    with pytest.raises(ValidationError, match="desa ini"):
        buat_profil(desa, cakupan=kk.Cakupan.SEBAGIAN, wilayah=[f"rt:{lain.pk}"])


def test_a_stale_profile_form_is_refused_not_merged(desa):
    profil = buat_profil(desa)
    versi = profil.versi
    data = {"nama": "Kampung KB Mawar", "cakupan": "desa"}
    services.simpan_profil(desa=desa, data=data, wilayah=[], oleh=None, versi=versi)
    with pytest.raises(services.KonflikEdit):
        services.simpan_profil(desa=desa, data=data, wilayah=[], oleh=None, versi=versi)


def test_admin_desa_fills_in_the_profile_and_pokja_over_http(client, desa, orang):
    client.force_login(orang["admin"])
    r = client.post(
        reverse("kampungkb:profil_ubah", args=[desa.kode]),
        {
            "nama": "Kampung KB Sakinah",
            "sk_nomor": "141/07/2023",
            "sk_tanggal": "2023-03-01",
            "tanggal_pencanangan": "2023-04-12",
            "nama_kepala_desa": "H. Ahmad Fauzi",
            "cakupan": "sebagian",
            "wilayah": [f"rt:{desa.rt1.pk}"],
            "kriteria_program": ["pra_s_ks1", "stunting"],
            "kriteria_wilayah": ["kumuh", "das"],
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    profil = ProfilKampungKB.objects.get(desa=desa)
    assert profil.kriteria_program == ["pra_s_ks1", "stunting"]
    assert rt_kampung_kb(desa) == [desa.rt1.pk]
    r = client.post(
        reverse("kampungkb:pokja_tambah", args=[desa.kode]),
        {"nama": "Siti Aminah", "jabatan": "ketua", "aktif": "on"},
    )
    assert r.status_code == 302
    halaman = client.get(reverse("kampungkb:profil", args=[desa.kode])).content.decode()
    assert "Siti Aminah" in halaman and "Ketua Pokja Kampung KB Sakinah" in halaman
    assert "Desa lokus stunting" in halaman and "Daerah aliran sungai (DAS)" in halaman


def test_village_potential_is_kept_per_year_and_renders_as_a_report_page(desa, client, orang):
    client.force_login(orang["admin"])
    r = client.post(
        reverse("kampungkb:potensi_ubah", args=[desa.kode, 2025]),
        {"posyandu": "4", "paud": "2", "sd": "3", "program_air_bersih": "PAMSIMAS"},
    )
    assert r.status_code == 302
    ctx = konteks_potensi(desa, 2026)
    assert ctx["potensi"].tahun == 2025  # the latest record before the report year
    html = potensi_html(desa, 2026)
    assert "Potensi desa" in html and "PAMSIMAS" in html and "tahun 2025" in html
    # A new year starts from the previous year's figures.
    r = client.get(reverse("kampungkb:potensi_ubah", args=[desa.kode, 2026]))
    assert 'name="posyandu" value="4"' in r.content.decode()
    assert "belum diisi" in potensi_html(desa, 2024)


def test_the_pages_need_no_inline_styles_or_scripts_under_the_csp():
    for p in (Path(settings.BASE_DIR) / "templates" / "kampungkb").glob("*.html"):
        isi = p.read_text(encoding="utf-8")
        assert "<style" not in isi and 'style="' not in isi and "<script" not in isi, p.name
    assert finders.find("kampungkb/kampungkb.css")
