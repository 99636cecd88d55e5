"""The monthly meeting: generated agenda, minutes in the pokja's structure, scorecard."""

# Fixtures are imported from the module that defines them; pytest injects them by name.
# ruff: noqa: F811

import datetime as dt
import json

import pytest
from django.urls import reverse

from kampungkb import services
from kampungkb.models import RapatDetail
from kampungkb.rapat import indikator_berubah, notulen_html, notulen_teks, susun_agenda
from kampungkb.ringkasan import kartu_klasifikasi, kartu_skor, skor_bulan
from keluarga import services as ks
from keluarga.akses import Peran
from keluarga.models import Anggota
from laporan import services as lap_services
from laporan.models import RapatBulanan
from tests import factories as f
from tests.test_definisi import desa_kecil  # noqa: F401
from tests.test_kampungkb import buat_profil, desa, orang  # noqa: F401

RAPAT = {
    "tanggal": dt.date(2026, 11, 3),
    "tempat": "Balai desa",
    "peserta": "Siti Aminah\nBidan Rina\nPak RT 001",
    "jam_mulai": dt.time(9, 0),
    "jam_selesai": dt.time(11, 30),
    "pemimpin": "Siti Aminah",
    "notulis": "Dewi",
    "pembicara": "Bidan Rina — KB pasca persalinan\nPKB Wiradesa — capaian MKJP",
    "notulen": "Kader RT 001 melaporkan dua PUS ingin ber-KB.",
    "keputusan": "Kunjungan rumah PUS unmet need\nPelayanan KB bersama Puskesmas",
    "rencana": "Pelayanan KB MKJP tanggal 15 November",
}


def test_unmet_need_going_down_is_not_worse_and_krs_going_up_is(desa):
    # F2 (TIAL) starts Suntik in October: unmet need 11.1 → 0.0 (better by going down);
    # the family KRS count rises 4 → 5 in October (worse by going up).
    ks.set_status_kb(
        anggota=Anggota.objects.get(nama="F2"), metode="suntik", mulai=dt.date(2026, 10, 10)
    )
    agenda = susun_agenda(desa, 2026, 10)
    buruk = {r["jalur"]: r for r in agenda["memburuk"]}
    baik = {r["jalur"] for r in agenda["membaik"]}
    assert "kb.unmet_need_persen" not in buruk and "kb.unmet_need_persen" in baik
    assert buruk["keluarga.krs"] | {"label": "Keluarga berisiko stunting"} == {
        "jalur": "keluarga.krs",
        "label": "Keluarga berisiko stunting",
        "nilai": 5,
        "bulan_lalu": 4,
        "arah": "naik",
    }
    assert "kb.pus" not in buruk  # a neutral count is never "worse"


def test_each_indicator_is_judged_by_its_own_direction():
    laporan = {
        "kb": {"unmet_need_persen": 10.0, "cpr": 40.0},
        "perbandingan": {
            "kb.unmet_need_persen": {"bulan_lalu": 12.5, "arah": "turun", "lebih_baik": True},
            "kb.cpr": {"bulan_lalu": 45.0, "arah": "turun", "lebih_baik": False},
            "kb.pus": {"bulan_lalu": 9, "arah": "turun", "lebih_baik": None},
        },
    }
    buruk, baik = indikator_berubah(laporan)
    assert [r["jalur"] for r in buruk] == ["kb.cpr"]
    assert [r["jalur"] for r in baik] == ["kb.unmet_need_persen"]


def test_the_agenda_has_groups_belum_lapor_worklist_counts_and_the_months_plans(desa):
    from poktan.models import Kelompok

    Kelompok.objects.create(
        desa=desa, jenis="bkb", nama="BKB Melati", tanggal_berdiri=dt.date(2025, 1, 1)
    )
    k = services.rencanakan_kegiatan(
        desa=desa,
        data={"judul": "Penyuluhan KB", "kategori": "kkbpk", "bulan_rencana": dt.date(2026, 10, 1)},
        wilayah="desa",
        oleh=None,
    )
    services.catat_realisasi(
        kegiatan=k,
        status="terlaksana",
        tanggal_realisasi=dt.date(2026, 10, 20),
        jumlah_hadir=10,
        catatan_realisasi="",
        oleh=None,
        versi=k.versi,
    )
    services.rencanakan_kegiatan(
        desa=desa,
        data={
            "judul": "Kelas BKR",
            "kategori": "sosialisasi_pendidikan",
            "bulan_rencana": dt.date(2026, 11, 1),
        },
        wilayah="desa",
        oleh=None,
    )
    agenda = susun_agenda(desa, 2026, 10)
    assert agenda["belum_lapor"] == [{"jenis": "bkb", "nama": "BKB", "jumlah": 1}]
    kualitas = {r["kunci"]: r["jumlah"] for r in agenda["kualitas_data"]}
    assert kualitas["pus_belum_terdata"] == 1 and "nik_tidak_cocok" not in kualitas
    assert agenda["kualitas_total"] == sum(kualitas.values())
    assert [(x["judul"], x["status"]) for x in agenda["rencana_lalu"]["kegiatan"]] == [
        ("Penyuluhan KB", "terlaksana")
    ]
    assert [x["judul"] for x in agenda["rencana_depan"]["kegiatan"]] == ["Kelas BKR"]
    json.dumps(agenda)  # stored with the minutes


def test_the_minutes_follow_the_pokja_structure_in_order(desa):
    profil = buat_profil(desa)
    services.simpan_pokja(
        profil=profil, data={"nama": "Siti Aminah", "jabatan": "ketua"}, oleh=None
    )
    services.simpan_rapat(desa=desa, tahun=2026, bulan=10, data=RAPAT, oleh=None, versi=None)
    rapat = RapatBulanan.objects.get(periode__desa=desa)
    teks = notulen_teks(rapat)
    judul = [
        "I. Pelaksanaan",
        "II. Peserta",
        "III. Pembicara",
        "IV. Hal-hal yang disampaikan",
        "V. Keputusan",
        "VI. Rencana kegiatan bulan depan",
    ]
    posisi = [teks.index(j + "\n") for j in judul]
    assert posisi == sorted(posisi)
    assert teks.startswith("NOTULEN RAPAT POKJA KAMPUNG KB SAKINAH")
    assert "Selasa, 3 November 2026" in teks and "09.00 – 11.30" in teks and "Balai desa" in teks
    pelaksanaan = teks[posisi[0] : posisi[1]]
    assert "Hari/tanggal" in pelaksanaan and "Jam" in pelaksanaan and "Tempat" in pelaksanaan
    assert "   2. Bidan Rina" in teks[posisi[1] : posisi[2]]
    assert "Bidan Rina — KB pasca persalinan" in teks[posisi[2] : posisi[3]]
    hal = teks[posisi[3] : posisi[4]]
    assert "Kualitas data yang perlu dibenahi" in hal and "dua PUS ingin ber-KB" in hal
    assert "Kunjungan rumah PUS unmet need" in teks[posisi[4] : posisi[5]]
    assert "Pelayanan KB MKJP tanggal 15 November" in teks[posisi[5] :]
    ttd = teks[teks.index("Mengetahui") :]
    assert (
        "H. Ahmad Fauzi" in ttd and "Ketua Pokja Kampung KB Sakinah" in ttd and "Siti Aminah" in ttd
    )
    html = notulen_html(rapat)
    posisi_html = [html.index(f"<h3>{j}</h3>") for j in judul]
    assert posisi_html == sorted(posisi_html)
    assert "Kepala Desa" in html and "H. Ahmad Fauzi" in html


def test_the_meeting_keeps_one_attendee_list_and_survives_the_month_close(desa):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    detail = services.simpan_rapat(
        desa=desa, tahun=2026, bulan=9, data=RAPAT, oleh=admin, versi=None
    )
    assert detail.rapat.peserta == RAPAT["peserta"] and detail.agenda["bulan"] == "2026-09"
    assert not hasattr(detail, "peserta")
    rapat = {
        "tanggal": dt.date(2026, 10, 4),
        "tempat": "Rumah ketua",
        "peserta": "A\nB",
        "catatan": "",
    }
    lap_services.tutup_bulan(desa=desa, tahun=2026, bulan=9, oleh=admin, rapat=rapat)
    detail = RapatDetail.objects.get(pk=detail.pk)
    assert detail.rapat.peserta == "A\nB" and detail.notulen == RAPAT["notulen"]
    # After the close the date, place and attendees stay as the close recorded them.
    services.simpan_rapat(
        desa=desa,
        tahun=2026,
        bulan=9,
        data={**RAPAT, "notulen": "Diperbaiki"},
        oleh=admin,
        versi=detail.versi,
    )
    detail = RapatDetail.objects.get(pk=detail.pk)
    assert detail.rapat.tempat == "Rumah ketua" and detail.notulen == "Diperbaiki"


def test_a_stale_minutes_form_is_refused(desa):
    d = services.simpan_rapat(desa=desa, tahun=2026, bulan=10, data=RAPAT, oleh=None, versi=None)
    services.simpan_rapat(desa=desa, tahun=2026, bulan=10, data=RAPAT, oleh=None, versi=d.versi)
    with pytest.raises(services.KonflikEdit):
        services.simpan_rapat(desa=desa, tahun=2026, bulan=10, data=RAPAT, oleh=None, versi=d.versi)


def test_the_meeting_over_http_saves_prints_and_exports_plain_text(client, desa, orang):
    client.force_login(orang["operator"])
    url = reverse("kampungkb:rapat", args=[desa.kode, "2026-10"])
    r = client.get(url)
    assert r.status_code == 200 and "Indikator yang memburuk" in r.content.decode()
    isian = {**RAPAT, "jam_mulai": "09:00", "jam_selesai": "11:30", "tanggal": "2026-11-03"}
    r = client.post(reverse("kampungkb:rapat_simpan", args=[desa.kode, "2026-10"]), isian)
    assert r.status_code == 302
    r = client.get(reverse("kampungkb:notulen", args=[desa.kode, "2026-10"]))
    assert r.status_code == 200 and "IV. Hal-hal yang disampaikan" in r.content.decode()
    r = client.get(reverse("kampungkb:notulen_txt", args=[desa.kode, "2026-10"]))
    assert r["Content-Type"].startswith("text/plain") and "II. Peserta" in r.content.decode()
    r = client.post(reverse("kampungkb:rapat_agenda", args=[desa.kode, "2026-10"]))
    assert r.status_code == 302
    # The Kepala Desa reads the minutes but may not write them.
    client.force_login(orang["kepala_desa"])
    r = client.get(url)
    assert r.status_code == 200 and "Dewi" in r.content.decode()
    r = client.post(reverse("kampungkb:rapat_simpan", args=[desa.kode, "2026-10"]), isian)
    assert r.status_code == 403


def test_a_month_before_the_first_month_of_data_has_no_meeting_page(client, desa, orang):
    client.force_login(orang["admin"])
    assert client.get(reverse("kampungkb:rapat", args=[desa.kode, "2026-08"])).status_code == 404


def _portal(pus, pengguna, iat):
    return {
        "pus": pus,
        "kontrasepsi": {"iud": 0, "mow": 0, "mop": 0, "kondom": 0, "implan": 0, "suntik": pengguna, "pil": 0},
        "non_kontrasepsi": {"hamil": 0, "ias": 0, "iat": iat, "tial": 0},
        "ikut_poktan": {"bkb": 0, "bkr": 0, "bkl": 0, "uppka": 0, "pik_r": 0},
        "penyebut_poktan": {"keluarga_balita": 0, "keluarga_remaja": 0, "keluarga_lansia": 0, "keluarga": 0, "remaja": 0},
    }  # fmt: skip


def test_the_classification_card_shows_each_score_with_its_trend():
    from laporan import klasifikasi as klas

    masukan = {
        "pokja": True, "anggota_pokja": 2, "pokja_dilatih": False, "sumber_dana": 1, "poktan": 0,
        "sarana": 0, "pkb": False, "regulasi": False, "penggunaan_data": 0, "operasional": 3,
        "lintas_sektor": 0,
    }  # fmt: skip

    def laporan(portal):
        return {
            "kb": {"unmet_need_persen": 4.0},
            "portal_kkbpk": portal,
            "klasifikasi_kampung_kb": klas.klasifikasi(portal, masukan),
        }

    ini = laporan(_portal(100, 45, 5))  # CPR 45 → 3, unmet 5 → 4
    lalu = laporan(_portal(100, 35, 11))  # CPR 35 → 2, unmet 11 → 2
    baris = {b["kunci"]: b for b in kartu_skor(ini, lalu)}
    assert len(baris) == 12
    assert (baris["output_cpr"]["skor"], baris["output_cpr"]["skor_lalu"]) == (3, 2)
    assert baris["output_cpr"]["kelas"] == "lebih-baik"
    assert baris["output_cpr"]["nilai"] == "45 %"
    assert baris["proses_operasional"]["arah"] == "sama"
    assert baris["input_sarana"]["maks"] == 3
    assert kartu_skor(ini)[0]["arah"] is None  # no last month
    kartu = kartu_klasifikasi(ini, lalu)
    # input 3 (pokja+members), 2 (1 fund), 1, 1, 1 = 8/5 = 1.60; process 1, 3, 1 = 5/3 = 1.67
    # output: poktan 1, CPR 3, MKJP 0 % → 1, unmet 4 = 9/4 = 2.25
    assert [i["nilai"] for i in kartu["indeks"]] == [1.6, 1.67, 2.25]
    # the lowest class above that raising scores reaches: Berkembang (input 7 steps + process 4),
    # even though Mandiri (output 1 + process 4) would take fewer steps
    assert kartu["kelas"] == "Dasar"
    assert (kartu["naik"]["kelas"], kartu["naik"]["langkah"]) == ("Berkembang", 11)
    assert (kartu["unmet_aplikasi"], kartu["unmet_portal"]) == (4.0, 5)


def test_the_classification_of_a_month_comes_from_the_report(desa):
    s = skor_bulan(desa, 2026, 10)
    r = lap_services.laporan_bulan(desa, 2026, 10)
    assert s["label"] == "Oktober 2026"
    assert s["kelas"] == r["klasifikasi_kampung_kb"]["kelas"]
    assert {b["kunci"]: b["skor"] for b in s["baris"]} == r["klasifikasi_kampung_kb"]["skor"]
    skor = r["klasifikasi_kampung_kb"]["skor"]
    assert r["skor_kampung_kb"] == {
        "cpr_7_cara": skor["output_cpr"],
        "mkjp": skor["output_mkjp"],
        "unmet_need": skor["output_unmet_need"],
        "partisipasi_poktan": skor["output_poktan"],
    }
