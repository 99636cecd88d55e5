"""The Kampung KB profile inputs behind the portal classification, the agencies, the report
block `klasifikasi_kampung_kb`, and the Rumah DataKu level — on hand-built fixtures.

The village is test_portal's `kampung` (reference month October 2026): groups BKB, BKL, UPPKA
and PIK-R met in October, the BKR is inactive.
"""

# ruff: noqa: F811

from __future__ import annotations

import datetime as dt
import importlib
import json

import jsonschema
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kampungkb import klasifikasi as kk
from kampungkb import kode, services
from kampungkb.models import (
    AnggotaPokja,
    AturanRumahDataKu,
    FotoKegiatan,
    Instansi,
    Kegiatan,
    ProfilKampungKB,
    RumahDataKu,
)
from keluarga import services as ks
from keluarga.akses import Peran
from laporan import klasifikasi as klas
from laporan import services as lap_services
from laporan.wilayah import wilayah_kader, wilayah_kampung_kb
from tests import factories as f
from tests.test_laporan import RAPAT, SKEMA
from tests.test_portal import kampung, kkb_rt1  # noqa: F401

D = dt.date
OKT = D(2026, 10, 31)


def instansi(*nama):
    return list(Instansi.objects.filter(nama__in=nama))


def kegiatan(desa, *, realisasi=None, dana="", agensi=(), status="terlaksana"):
    k = Kegiatan.objects.create(
        desa=desa,
        judul="Penyuluhan",
        kategori="kkbpk",
        bulan_rencana=(realisasi or OKT).replace(day=1),
        status=status,
        tanggal_realisasi=realisasi if status == "terlaksana" else None,
        sumber_dana=dana,
    )
    k.instansi.set(instansi(*agensi))
    return k


def profil_lengkap(desa, **ubah) -> ProfilKampungKB:
    data = {
        "nama": "Kampung KB Sakinah",
        "pokja_ada": True,
        "pokja_pelatihan": True,
        "pokja_jumlah_dilatih": 3,
        "sumber_dana": ["apbn"],
        "ada_sekretariat": True,
        "pkb_nama": "Siti",
        "pkb_nip": "198001012005012001",
        "regulasi": ["kepala_desa"],
        "data_perencanaan": ["pk", "potensi_desa"],
        "frekuensi_rapat_perencanaan": "bulanan",
        "frekuensi_sosialisasi": "bulanan",
        "frekuensi_laporan": "bulanan",
    } | ubah
    p = ProfilKampungKB(desa=desa, **data)
    p.full_clean()
    p.save()
    return p


# --- agencies ------------------------------------------------------------------------------------


def test_the_37_agencies_are_seeded_in_the_portals_order(db):
    nama = list(Instansi.objects.order_by("urutan").values_list("nama", flat=True))
    assert nama == list(kode.INSTANSI_PORTAL) and len(nama) == 37
    assert set(Instansi.objects.filter(lintas_sektor=False).values_list("nama", flat=True)) == {
        "OPD PPKB",
        "Perwakilan BKKBN",
    }


def test_old_partners_map_onto_the_agencies_and_unmatched_text_becomes_lainnya():
    mig = importlib.import_module("kampungkb.migrations.0003_instansi_awal_aturan_rdk")
    nama = list(kode.INSTANSI_PORTAL)
    assert mig.petakan(["puskesmas", "dinas_kb", "kua"], "", nama) == (
        ["Puskesmas", "OPD PPKB", "Kanwil Kemenag"],
        "",
    )
    # free text matching an agency (case, spaces and the dash aside) becomes that agency
    assert mig.petakan([], "  tni-polri ", nama) == (["TNI–POLRI"], "")
    # no match: Lainnya with the text kept
    assert mig.petakan(["sekolah"], "Karang Taruna", nama) == (
        ["Lembaga Pendidikan", "Lainnya"],
        "Karang Taruna",
    )
    assert mig.petakan(["dinas_lain", "lainnya"], "", nama) == (["Lainnya"], "Dinas/instansi lain")


# --- profile inputs → counts ---------------------------------------------------------------------


def test_poktan_present_needs_an_active_group_that_met_in_the_last_three_months(kampung):
    desa = kampung["desa"]
    # October: BKB, BKL, UPPKA, PIK-R met; the BKR met on 5 Oct but is inactive.
    assert kk.poktan_ada(desa, OKT) == ["bkb", "bkl", "uppka", "pik_r"]
    # September (window July–September): the BKB's June meeting is too old; nobody else met.
    assert kk.poktan_ada(desa, D(2026, 9, 30)) == []
    # December (window October–December) still counts the October meetings.
    assert kk.poktan_ada(desa, D(2026, 12, 31)) == ["bkb", "bkl", "uppka", "pik_r"]
    assert kk.poktan_ada(desa, D(2027, 1, 31)) == []


def test_the_profile_inputs_become_the_counts_of_the_eight_input_and_process_scores(kampung):
    desa = kampung["desa"]
    p = profil_lengkap(desa)
    AnggotaPokja.objects.create(profil=p, nama="Ani", jabatan="ketua")
    AnggotaPokja.objects.create(profil=p, nama="Budi", jabatan="anggota")
    AnggotaPokja.objects.create(profil=p, nama="Cici", jabatan="anggota", aktif=False)
    # counted: realised in the 12 months up to 31 Oct 2026 (1 Nov 2025 … 31 Oct 2026)
    kegiatan(desa, realisasi=D(2026, 10, 3), dana="add", agensi=["Puskesmas", "OPD PPKB"])
    kegiatan(desa, realisasi=D(2025, 11, 1), dana="csr", agensi=["Kesehatan", "Perwakilan BKKBN"])
    kegiatan(desa, realisasi=D(2026, 5, 1), dana="lainnya", agensi=["Puskesmas", "Lainnya"])
    # not counted: before the window, after the date, or not realised
    kegiatan(desa, realisasi=D(2025, 10, 31), dana="swadaya", agensi=["BPS"])
    kegiatan(desa, realisasi=D(2026, 11, 2), dana="apbd", agensi=["Sosial"])
    kegiatan(desa, status="rencana", dana="apbd", agensi=["Pertanian"])
    m = kk.masukan(desa, OKT)
    assert m == {
        "pokja": True,
        "anggota_pokja": 2,
        "pokja_dilatih": True,
        "sumber_dana": 3,  # APBN (profile), Dana Desa (ADD), Perusahaan/CSR
        "poktan": 4,
        "sarana": 1,
        "pkb": True,
        "regulasi": True,
        "penggunaan_data": 2,
        "operasional": 3,
        "lintas_sektor": 3,  # Puskesmas, Kesehatan, Lainnya (not OPD PPKB, Perwakilan BKKBN)
        "daftar_sumber_dana": ["apbn", "dana_desa", "csr"],
        "daftar_poktan": ["bkb", "bkl", "uppka", "pik_r"],
        "daftar_instansi": ["Kesehatan", "Puskesmas", "Lainnya"],
    }
    assert klas.skor_masukan(m) == {
        "input_pokja": 4,
        "input_sumber_dana": 3,
        "input_poktan": 3,
        "input_sarana": 2,
        "input_pkb_regulasi": 3,
        "proses_penggunaan_data": 3,
        "proses_operasional": 3,
        "proses_lintas_sektor": 2,
    }


def test_a_village_without_a_profile_scores_1_on_every_profile_input(kampung):
    m = kk.masukan(kampung["desa"], D(2026, 9, 30))
    assert klas.skor_masukan(m) == dict.fromkeys(klas.SKOR_INPUT + klas.SKOR_PROSES, 1)


def test_a_pkb_without_an_nip_is_not_a_companion(kampung):
    p = profil_lengkap(kampung["desa"], pkb_nip="")
    assert p.pkb_ada is False
    with pytest.raises(ValidationError) as e:
        profil_lengkap(kampung["desa"], pkb_nip="12345")
    assert "NIP terdiri dari 18 angka." in e.value.message_dict["pkb_nip"]


def test_the_launch_date_may_not_be_before_2016(kampung):
    with pytest.raises(ValidationError) as e:
        profil_lengkap(kampung["desa"], tanggal_pencanangan=D(2015, 12, 31))
    assert e.value.message_dict["tanggal_pencanangan"] == [
        "Tanggal pencanangan tidak boleh sebelum 1 Januari 2016."
    ]
    assert profil_lengkap(kampung["desa"], tanggal_pencanangan=D(2016, 1, 1)).pk


def test_training_needs_the_number_trained(kampung):
    with pytest.raises(ValidationError) as e:
        profil_lengkap(kampung["desa"], pokja_jumlah_dilatih=None)
    assert e.value.message_dict["pokja_jumlah_dilatih"] == [
        "Isi jumlah anggota pokja yang dilatih."
    ]


def test_an_activity_takes_at_most_five_photos(kampung, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    from tests.test_kampungkb_foto import gambar

    desa = kampung["desa"]
    k = kegiatan(desa, realisasi=D(2026, 10, 3))
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    for i in range(5):
        services.unggah_foto(
            kegiatan=k, berkas=SimpleUploadedFile(f"f{i}.jpg", gambar()), keterangan="", oleh=admin
        )
    with pytest.raises(ValidationError) as e:
        services.unggah_foto(
            kegiatan=k, berkas=SimpleUploadedFile("f6.jpg", gambar()), keterangan="", oleh=admin
        )
    assert e.value.messages == ["Paling banyak 5 foto per kegiatan (batas portal Kampung KB)."]
    assert FotoKegiatan.objects.filter(kegiatan=k).count() == 5


# --- the report block ----------------------------------------------------------------------------


def test_the_block_is_the_same_in_every_report_of_the_desa_and_month(kampung, kkb_rt1):
    desa = kampung["desa"]
    profil_lengkap_pada(kkb_rt1)
    r = lap_services.laporan_bulan(desa, 2026, 10)
    b = r["klasifikasi_kampung_kb"]
    # Output from the Kampung KB area's form (RT 001): PUS 6, 1 user (IUD), IAT 1 + TIAL 1;
    # CPR 1/6 = 17 → 1; MKJP 1/1 = 100 → 4; unmet 2/6 = 33 → 1; poktan BKB 1/1, BKR 0/1,
    # BKL 1/1, UPPKA 2/6 = 33, PIK R 1/1 → (100 + 0 + 100 + 33 + 100)/5 = 66.6 → 67 → 4.
    assert {k: v for k, v in b["skor"].items() if k.startswith("output")} == {
        "output_poktan": 4,
        "output_cpr": 1,
        "output_mkjp": 4,
        "output_unmet_need": 1,
    }
    assert b["indeks"]["output"] == 2.5
    assert r["skor_kampung_kb"] == {
        "cpr_7_cara": 1,
        "mkjp": 4,
        "unmet_need": 1,
        "partisipasi_poktan": 4,
    }
    for w in (wilayah_kampung_kb(desa), wilayah_kader(desa, [kampung["rt2"].pk])):
        lain = lap_services.laporan_bulan(desa, 2026, 10, wilayah=w)
        assert lain["klasifikasi_kampung_kb"] == b
        jsonschema.validate(json.loads(json.dumps(lain)), SKEMA)
    jsonschema.validate(json.loads(json.dumps(r)), SKEMA)


def profil_lengkap_pada(profil):
    profil.pokja_ada = True
    profil.ada_sekretariat = profil.ada_rumah_dataku = True
    profil.save()


def test_a_kecamatan_report_omits_the_classification(kampung):
    r = lap_services.laporan_kecamatan(kampung["desa"].kode[:6], 2026, 10)
    assert "klasifikasi_kampung_kb" not in r
    assert set(r["skor_kampung_kb"]) == {"cpr_7_cara", "mkjp", "unmet_need", "partisipasi_poktan"}
    jsonschema.validate(json.loads(json.dumps(r)), SKEMA)


def test_a_closed_month_keeps_its_classification_after_the_profile_changes(kampung, kkb_rt1):
    desa = kampung["desa"]
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    lap_services.tutup_bulan(desa=desa, tahun=2026, bulan=9, oleh=admin, rapat=RAPAT)
    lap_services.tutup_bulan(desa=desa, tahun=2026, bulan=10, oleh=admin, rapat=RAPAT)
    sebelum = json.dumps(
        lap_services.laporan_bulan(desa, 2026, 10)["klasifikasi_kampung_kb"], ensure_ascii=False
    )
    profil_lengkap_pada(kkb_rt1)
    kegiatan(desa, realisasi=D(2026, 10, 3), agensi=["Puskesmas"])
    ks.set_status_kb(anggota=kampung["e2"], mulai=D(2026, 10, 1), metode="implan")
    hidup = lap_services.laporan_hidup(desa, 2026, 10)["klasifikasi_kampung_kb"]
    assert json.dumps(hidup, ensure_ascii=False) != sebelum
    setelah = lap_services.laporan_bulan(desa, 2026, 10)["klasifikasi_kampung_kb"]
    assert json.dumps(setelah, ensure_ascii=False) == sebelum


# --- Rumah DataKu level --------------------------------------------------------------------------


def test_the_default_level_rules_are_seeded_and_the_app_holds_five_data_groups(kampung):
    assert AturanRumahDataKu.objects.count() == 16
    t = kk.tingkat_rumah_dataku(kampung["desa"], OKT)
    assert t["tingkat"] is None and t["berikut"] == "sederhana"
    assert t["hitungan"]["kelompok_data"] == 5  # the app's own five
    assert t["kurang"] == [
        "SK pokja dari Kepala Desa",
        "fasilitas: 0 dari paling sedikit 2",
        "cara penyajian data: 0 dari paling sedikit 1",
    ]


def test_the_level_rises_with_the_profile_and_says_what_the_next_lacks(kampung):
    desa = kampung["desa"]
    rdk = RumahDataKu.objects.create(
        desa=desa, sk_ada=True, fasilitas=["papan_nama", "buku_data"], penyajian=["tabel"]
    )
    t = kk.tingkat_rumah_dataku(desa, OKT)
    assert (t["tingkat"], t["berikut"]) == ("sederhana", "lengkap")
    assert t["kurang"] == [
        "sumber dana: 0 dari paling sedikit 1",
        "fasilitas: 2 dari paling sedikit 4",
        "cara penyajian data: 1 dari paling sedikit 2",
        "pemanfaatan data: 0 dari paling sedikit 1",
    ]
    rdk.sumber_dana = ["dana_desa", "swadaya"]
    rdk.fasilitas = list(kode.FasilitasRDK.values)
    rdk.kelompok_data = ["kualitas", "potensi_desa"]
    rdk.penyajian = ["tabel", "komputer", "infografis"]
    rdk.pemanfaatan = ["perencanaan_desa", "sektor_lain"]
    rdk.save()
    t = kk.tingkat_rumah_dataku(desa, OKT)
    assert (t["tingkat"], t["berikut"], t["kurang"]) == ("paripurna", None, [])


def test_a_superuser_edited_rule_changes_the_level(kampung):
    desa = kampung["desa"]
    RumahDataKu.objects.create(
        desa=desa, sk_ada=True, fasilitas=["papan_nama", "buku_data"], penyajian=["tabel"]
    )
    AturanRumahDataKu.objects.filter(tingkat="sederhana", syarat="fasilitas").update(minimal=3)
    t = kk.tingkat_rumah_dataku(desa, OKT)
    assert t["tingkat"] is None
    assert t["kurang"] == ["fasilitas: 2 dari paling sedikit 3"]


def test_the_admin_desa_fills_the_portal_inputs_and_the_profile_page_shows_them(kampung, client):
    from django.urls import reverse

    desa = kampung["desa"]
    client.force_login(f.persona(Peran.ADMIN_DESA, desa=desa))
    isian = {
        "nama": "Kampung KB Sakinah",
        "cakupan": "desa",
        "tanggal_pencanangan": "2015-06-01",
        "pokja_ada": "on",
        "sumber_dana": ["apbn", "swadaya"],
        "pkb_nama": "Siti",
        "pkb_nip": "198001012005012001",
        "regulasi": ["bupati"],
        "data_perencanaan": ["pk"],
        "frekuensi_rapat_perencanaan": "bulanan",
        "frekuensi_monev": "triwulan",
    }
    r = client.post(reverse("kampungkb:profil_ubah", args=[desa.kode]), isian)
    assert r.status_code == 200
    assert "Tanggal pencanangan tidak boleh sebelum 1 Januari 2016." in r.content.decode()
    isian["tanggal_pencanangan"] = "2016-01-01"
    r = client.post(reverse("kampungkb:profil_ubah", args=[desa.kode]), isian)
    assert r.status_code == 302
    p = ProfilKampungKB.objects.get(desa=desa)
    assert (p.sumber_dana, p.regulasi, p.pkb_ada) == (["apbn", "swadaya"], ["bupati"], True)
    assert p.mekanisme_berjalan() == ["frekuensi_rapat_perencanaan", "frekuensi_monev"]
    teks = client.get(reverse("kampungkb:profil", args=[desa.kode])).content.decode()
    assert "APBN, Swadaya masyarakat" in teks
    assert "Rapat perencanaan kegiatan: Bulanan; Monitoring dan evaluasi: Triwulanan" in teks


def test_the_rumah_dataku_pages_show_the_level_and_the_rules(kampung, client):
    from django.urls import reverse

    desa = kampung["desa"]
    client.force_login(f.persona(Peran.ADMIN_DESA, desa=desa))
    r = client.post(
        reverse("kampungkb:rumah_dataku_ubah", args=[desa.kode]),
        {"sk_ada": "on", "fasilitas": ["papan_nama", "buku_data"], "penyajian": ["tabel"]},
    )
    assert r.status_code == 302
    teks = client.get(reverse("kampungkb:rumah_dataku", args=[desa.kode])).content.decode()
    assert 'data-tingkat="sederhana"' in teks
    assert "fasilitas: 2 dari paling sedikit 4" in teks
    aturan = client.get(reverse("kampungkb:rumah_dataku_ubah", args=[desa.kode])).content.decode()
    assert "Aturan tingkat Rumah DataKu" in aturan and "paling sedikit 7" in aturan
    client.force_login(f.persona(Peran.KEPALA_DESA, desa=desa))
    assert client.get(reverse("kampungkb:rumah_dataku", args=[desa.kode])).status_code == 200
    assert client.get(reverse("kampungkb:rumah_dataku_ubah", args=[desa.kode])).status_code == 403


def test_the_dashboard_shows_the_class_and_hint_but_not_to_a_kader(kampung, client):
    from django.urls import reverse

    desa = kampung["desa"]
    url = reverse("laporan:dasbor", args=[desa.kode, "2026-10"])
    client.force_login(f.persona(Peran.OPERATOR, desa=desa))
    teks = client.get(url).content.decode()
    assert "Klasifikasi Kampung KB (portal)" in teks
    assert 'data-kelas="Dasar"' in teks and "Agar naik ke" in teks
    assert "Unmet need aplikasi" in teks and "Rumah DataKu" in teks
    client.force_login(f.persona(Peran.KADER, desa=desa, rt=[kampung["rt1"]]))
    assert "Klasifikasi Kampung KB" not in client.get(url).content.decode()


def test_the_block_takes_a_fixed_number_of_queries(kampung, django_assert_max_num_queries):
    desa = kampung["desa"]
    profil_lengkap(desa)
    for i in range(5):
        kegiatan(desa, realisasi=D(2026, 10, 1 + i), dana="apbd", agensi=["Puskesmas", "BPS"])
    with django_assert_max_num_queries(6):
        kk.masukan(desa, OKT)


def test_the_meeting_pack_and_print_page_carry_the_classification(kampung, client):
    from django.urls import reverse

    desa = kampung["desa"]
    client.force_login(f.persona(Peran.ADMIN_DESA, desa=desa))
    teks = client.get(reverse("laporan:cetak", args=[desa.kode, "2026-10"])).content.decode()
    assert "Klasifikasi Kampung KB (portal)" in teks and 'data-kelas="Dasar"' in teks
    teks = client.get(reverse("laporan:bulanan", args=[desa.kode, "2026-10"])).content.decode()
    assert "Klasifikasi Kampung KB (portal)" in teks


def test_the_demo_kampung_kb_is_made_once_with_its_inputs(kampung):
    from operasi.demo_kampungkb import KEGIATAN, buat_demo_kampungkb

    desa = kampung["desa"]
    assert buat_demo_kampungkb([desa], hingga=D(2026, 11, 30)) == len(KEGIATAN) == 8
    assert buat_demo_kampungkb([desa], hingga=D(2026, 11, 30)) == 0  # only once
    m = kk.masukan(desa, D(2026, 11, 30))
    # Puskesmas, Kesehatan, Pemerintahan Desa/Lurah (OPD PPKB and Perwakilan BKKBN left out)
    assert m["daftar_instansi"] == ["Kesehatan", "Pemerintahan Desa/Lurah", "Puskesmas"]
    assert m["daftar_sumber_dana"] == ["apbd", "dana_desa", "csr", "swadaya"]
    assert (m["anggota_pokja"], m["operasional"], m["penggunaan_data"]) == (5, 4, 3)
    assert kk.tingkat_rumah_dataku(desa, D(2026, 11, 30))["tingkat"] == "sederhana"


def test_an_activity_is_planned_and_changed_with_its_agencies(kampung, client):
    from django.urls import reverse

    desa = kampung["desa"]
    puskesmas, bps = instansi("Puskesmas", "BPS")
    client.force_login(f.persona(Peran.OPERATOR, desa=desa))
    r = client.post(
        reverse("kampungkb:kegiatan_baru", args=[desa.kode]),
        {
            "judul": "KIE KB",
            "kategori": "kkbpk",
            "bulan": "2026-10",
            "wilayah": "desa",
            "instansi": [puskesmas.pk, bps.pk],
            "mitra_lain": "",
        },
    )
    assert r.status_code == 302
    k = Kegiatan.objects.get(judul="KIE KB")
    assert sorted(k.label_mitra()) == ["BPS", "Puskesmas"]
    k2 = services.ubah_kegiatan(
        kegiatan=k,
        data={"instansi": [bps], "mitra_lain": "Karang Taruna"},
        wilayah="desa",
        oleh=None,
        versi=k.versi,
    )
    assert k2.label_mitra() == ["BPS", "Karang Taruna"]
