"""SIGA registers K/0 and R/I (issue 17): the filled forms against hand-built groups of the five
types, due dates around the 3rd, KKA referral runs, bad input, print/PDF/Excel and their gates."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from keluarga.akses import Peran
from keluarga.models import LogAkses
from poktan import register as reg
from poktan import register_keluaran as keluaran
from poktan import services
from poktan import tata_letak as tl
from poktan.models import Kehadiran, Kelompok, Pengurus, RegisterKelompok, Topik
from tests import factories as f

D = dt.date
HARI = D(2026, 11, 20)  # "today" for the fixture: October 2026 is the register month


def topik(jenis):
    return Topik.objects.filter(jenis=jenis).first()


@pytest.fixture
def dunia(db):
    """One desa; a BKB, BKR, BKL, UPPKA and PIK-R group, each with members joining and leaving
    around 1 January 2026, officers, and meetings in September, October and November 2026."""
    d = f.DesaFactory(kode="3326012001", nama="Sidomulyo", kecamatan_nama="Kajen")
    rt = f.RTFactory(rw__dusun__desa=d, nomor="001")
    kel = {}
    kepala = {}
    for i, nama in enumerate(["Siti", "Joko", "Rina", "Bayu", "Wati"], start=1):
        k = f.KeluargaFactory(rumah__rt=rt, desa=d, no_kk=f"33260101012600{i:02d}")
        kepala[nama] = f.AnggotaFactory(
            keluarga=k,
            nama=f"{nama} Kepala",
            hubungan="1",
            tanggal_lahir=D(1985, 1, i),
            nik=f"33260141018500{i:02d}",
        )
        kel[nama] = k
    ani = f.AnggotaFactory(keluarga=kel["Siti"], nama="Ani Balita", tanggal_lahir=D(2024, 3, 1))
    tua = f.AnggotaFactory(keluarga=kel["Rina"], nama="Tono Besar", tanggal_lahir=D(2020, 1, 1))
    remaja1 = f.AnggotaFactory(
        keluarga=kel["Joko"], nama="Dewi Remaja", tanggal_lahir=D(2011, 5, 5)
    )
    remaja2 = f.AnggotaFactory(
        keluarga=kel["Bayu"], nama="Eko Remaja", tanggal_lahir=D(2010, 6, 6), jenis_kelamin="L"
    )
    mbah1 = f.AnggotaFactory(keluarga=kel["Wati"], nama="Mbah Karto", tanggal_lahir=D(1950, 2, 2))
    mbah2 = f.AnggotaFactory(keluarga=kel["Siti"], nama="Mbah Sumi", tanggal_lahir=D(1955, 3, 3))
    g = {}
    for jenis in tl.JENIS_REGISTER:
        g[jenis] = services.simpan_kelompok(
            kelompok=Kelompok(
                desa=d,
                jenis=jenis,
                nama=f"Uji {jenis}",
                tanggal_berdiri=D(2025, 6, 1),
                kode_kelompok=f"K-{jenis}",
                nomor_register=f"R-{jenis}",
                pembina_nama="Bu Pembina",
                pembina_nomor="PB-01",
                pembina_jabatan="plkb",
                sk_ada=True,
                sk_nomor="SK/12/2025",
                sk_tanggal=D(2025, 7, 1),
                sk_penerbit="kepala_desa",
                sumber_dana=["add", "swadaya"],
                integrasi=[tl.INTEGRASI[jenis][0][0]],
                materi=[tl.MATERI[jenis][0][0]],
            )
        )
        Pengurus.objects.create(
            kelompok=g[jenis],
            jabatan="Ketua",
            nama="Ibu Ketua",
            peran="ketua",
            nik="3326014101800001",
            peserta_kb=True,
            terlatih=True,
        )
        Pengurus.objects.create(
            kelompok=g[jenis],
            jabatan="Sekretaris",
            nama="Sekretaris Baru",
            peran="sekretaris",
            mulai=D(2026, 3, 1),
        )
        Pengurus.objects.create(
            kelompok=g[jenis],
            jabatan="Kader",
            nama="Kader Lama",
            peran="kader",
            mulai=D(2025, 6, 1),
            selesai=D(2026, 1, 1),
        )
        Pengurus.objects.create(
            kelompok=g[jenis],
            jabatan="Bendahara",
            nama="Bendahara Tetap",
            peran="bendahara",
            mulai=D(2025, 6, 1),
            selesai=D(2026, 1, 2),
            anggota=kepala["Wati"],
        )

    def anggota(jenis, mulai, selesai=None, **kw):
        m = services.tambah_keanggotaan(kelompok=g[jenis], mulai=mulai, **kw)
        if selesai:
            services.akhiri_keanggotaan(keanggotaan=m, selesai=selesai)
        return m

    m = {}
    for jenis in ("bkb", "bkr", "bkl", "uppka"):
        m[jenis, "Siti"] = anggota(jenis, D(2025, 7, 1), keluarga=kel["Siti"])
        m[jenis, "Joko"] = anggota(jenis, D(2026, 2, 1), keluarga=kel["Joko"])
        m[jenis, "Rina"] = anggota(jenis, D(2025, 7, 1), D(2026, 10, 15), keluarga=kel["Rina"])
        m[jenis, "Wati"] = anggota(jenis, D(2025, 8, 1), keluarga=kel["Wati"])
    m["pik_r", "Dewi"] = anggota("pik_r", D(2025, 7, 1), anggota=remaja1)
    m["pik_r", "Eko"] = anggota("pik_r", D(2026, 3, 1), anggota=remaja2)

    def rapat(jenis, tanggal, hadir, **kw):
        return services.simpan_pertemuan(
            kelompok=g[jenis], tanggal=tanggal, topik=topik(jenis), hadir=hadir, **kw
        )

    for jenis in ("bkb", "bkr", "bkl", "uppka"):
        rapat(jenis, D(2026, 9, 28), [m[jenis, "Siti"], m[jenis, "Rina"]])
        rapat(
            jenis,
            D(2026, 10, 5),
            [m[jenis, "Siti"], m[jenis, "Joko"], m[jenis, "Rina"]],
            kategori_narasumber="plkb",
            narasumber="Pak Budi",
            diskusi=True,
            kelompok_umur="1-2" if jenis == "bkb" else "",
        )
        rapat(jenis, D(2026, 10, 20), [m[jenis, "Wati"]], diskusi=False)
        rapat(jenis, D(2026, 11, 2), [m[jenis, "Joko"]])
    rapat("pik_r", D(2026, 10, 9), [m["pik_r", "Dewi"], m["pik_r", "Eko"]])
    rapat("pik_r", D(2026, 11, 9), [m["pik_r", "Dewi"]])
    services.simpan_keuangan_uppka(
        kelompok=g["uppka"], bulan=D(2026, 10, 1), modal=5_000_000, omzet=1_250_000
    )
    # Mbah Karto: mandiri from December 2025, butuh pendamping from 15 October 2026;
    # Mbah Sumi: mandiri from 31 October 2026 (counts at October's end); nobody else rated.
    services.simpan_kemandirian(anggota=mbah1, tanggal=D(2025, 12, 1), tingkat="mandiri")
    services.simpan_kemandirian(anggota=mbah1, tanggal=D(2026, 10, 15), tingkat="butuh_pendamping")
    services.simpan_kemandirian(anggota=mbah2, tanggal=D(2026, 10, 31), tingkat="mandiri")
    return {"desa": d, "rt": rt, "g": g, "m": m, "kel": kel, "ani": ani, "tua": tua}


@pytest.fixture
def hari():
    with mock.patch.object(reg, "hari_ini", return_value=HARI):
        yield HARI


def _nama_hadir(isi):
    return [[r["nama"] for r in b["hadir"]] for b in isi["pertemuan"]]


def _hadir_dari_catatan(kelompok, awal, akhir):
    """Independent reading of the attendance records: per meeting of the month, the names."""
    hasil = []
    for p in kelompok.pertemuan_set.filter(tanggal__gte=awal, tanggal__lte=akhir).order_by(
        "tanggal"
    ):
        nama = []
        for h in Kehadiran.objects.filter(pertemuan=p).select_related("keanggotaan"):
            k = h.keanggotaan
            nama.append(
                k.anggota.nama if k.anggota_id else k.keluarga.anggota_set.get(hubungan="1").nama
            )
        hasil.append(sorted(nama, key=str.lower))
    return hasil


@pytest.mark.parametrize("jenis", ["bkb", "bkr", "bkl", "uppka"])
def test_the_ri_of_a_month_lists_exactly_its_meetings_and_attending_families(dunia, hari, jenis):
    k = dunia["g"][jenis]
    isi = reg.isi_ri(k, 2026, 10)
    assert [b["tanggal"] for b in isi["pertemuan"]] == [D(2026, 10, 5), D(2026, 10, 20)]
    assert _nama_hadir(isi) == [["Joko Kepala", "Rina Kepala", "Siti Kepala"], ["Wati Kepala"]]
    assert _nama_hadir(isi) == _hadir_dari_catatan(k, D(2026, 10, 1), D(2026, 10, 31))
    assert [b["jumlah_hadir"] for b in isi["pertemuan"]] == [3, 1]
    assert isi["jumlah_hadir"] == 4
    b = isi["pertemuan"][0]
    assert b["penyaji"] == "PLKB (Pak Budi)" and b["diskusi"] == "Ya"
    assert isi["pertemuan"][1]["diskusi"] == "Tidak"
    # Family code and NIK masked on paper.
    assert isi["pertemuan"][1]["hadir"][0]["kode_keluarga"] == "3326••••••••0005"
    assert isi["pertemuan"][1]["hadir"][0]["nik"] == "3326••••••••0005"


def test_the_bkb_ri_records_the_childrens_age_group(dunia, hari):
    isi = reg.isi_ri(dunia["g"]["bkb"], 2026, 10)
    assert [b["kelompok_umur"] for b in isi["pertemuan"]] == ["1–<2 tahun", "–"]


def test_the_pikr_ri_lists_attending_persons(dunia, hari):
    isi = reg.isi_ri(dunia["g"]["pik_r"], 2026, 10)
    assert _nama_hadir(isi) == [["Dewi Remaja", "Eko Remaja"]]
    assert _nama_hadir(isi) == _hadir_dari_catatan(
        dunia["g"]["pik_r"], D(2026, 10, 1), D(2026, 10, 31)
    )
    assert isi["pertemuan"][0]["hadir"][1]["jenis_kelamin"] == "L"


def test_the_uppka_ri_carries_the_months_capital_and_turnover(dunia, hari):
    isi = reg.isi_ri(dunia["g"]["uppka"], 2026, 10)
    assert (isi["keuangan"].modal, isi["keuangan"].omzet) == (5_000_000, 1_250_000)


def test_the_bkl_ri_totals_read_each_elders_level_at_month_end(dunia, hari):
    # On 31 October: Karto butuh pendamping (since 15 Oct), Sumi mandiri (since 31 Oct).
    isi = reg.isi_ri(dunia["g"]["bkl"], 2026, 10)
    assert isi["kemandirian"] == {"mandiri": 1, "butuh_pendamping": 1, "belum": 0}
    # On 30 September: Karto mandiri, Sumi not yet rated.
    isi = reg.isi_ri(dunia["g"]["bkl"], 2026, 9)
    assert isi["kemandirian"] == {"mandiri": 1, "butuh_pendamping": 0, "belum": 1}


@pytest.mark.parametrize("jenis", ["bkb", "bkr", "bkl", "uppka"])
def test_the_k0_lists_members_and_officers_on_1_january(dunia, hari, jenis):
    isi = reg.isi_k0(dunia["g"][jenis], 2026)
    assert isi["tanggal"] == D(2026, 1, 1)
    # Joko joined in February 2026; Rina left in October 2026 (a member on 1 January).
    assert [r["nama"] for r in isi["anggota"]] == ["Rina Kepala", "Siti Kepala", "Wati Kepala"]
    # The secretary starts in March; the old kader left on 1 January; the treasurer on 2 January.
    assert [(r["jabatan"], r["nama"]) for r in isi["pengurus"]] == [
        ("Ketua", "Ibu Ketua"),
        ("Bendahara", "Bendahara Tetap"),
    ]
    ketua, bendahara = isi["pengurus"]
    assert (ketua["nik"], ketua["peserta_kb"], ketua["terlatih"]) == (
        "3326••••••••0001",
        "Ya",
        "Ya",
    )
    assert bendahara["kode_keluarga"] == "3326••••••••0005"
    assert isi["ttd"]["ketua"] == "Ibu Ketua" and isi["ttd"]["pembina"] == "Bu Pembina"


def test_the_pikr_k0_lists_persons(dunia, hari):
    isi = reg.isi_k0(dunia["g"]["pik_r"], 2026)
    assert [r["nama"] for r in isi["anggota"]] == ["Dewi Remaja"]


def test_the_bkl_k0_lists_each_elder_with_the_level_on_its_date(dunia, hari):
    isi = reg.isi_k0(dunia["g"]["bkl"], 2026)
    rows = {r["nama"]: (r["lansia"], r["kemandirian"]) for r in isi["anggota"]}
    assert rows["Wati Kepala"] == ("Mbah Karto", "Mandiri")
    assert rows["Siti Kepala"] == ("Mbah Sumi", "belum dinilai")
    assert isi["kemandirian"] == {"mandiri": 1, "butuh_pendamping": 0, "belum": 1}


def test_the_k0_profile_shows_the_groups_pembina_sk_funding_and_materials(dunia, hari):
    p = reg.isi_k0(dunia["g"]["bkr"], 2026)["profil"]
    assert p["pembina_jabatan"] == "PLKB" and p["sk_penerbit"] == "Kepala Desa/Lurah"
    assert p["sumber_dana"] == ["ADD/Dana Desa", "Swadaya"]
    assert p["integrasi"] == ["Ekonomi produktif"]
    assert p["proyek_prioritas"] == "–"
    assert p["materi"][0] == ("KB dan Pendewasaan Usia Perkawinan", True)
    assert not any(ada for _l, ada in p["materi"][1:])
    assert reg.isi_k0(dunia["g"]["bkb"], 2026)["profil"]["proyek_prioritas"] is None


def test_a_group_founded_during_the_year_lists_its_k0_on_the_founding_date(dunia, hari):
    k = dunia["g"]["bkb"]
    assert reg.tanggal_k0(k, 2025) == D(2025, 6, 1)
    assert reg.tenggat_k0(k, 2025) == D(2025, 7, 1)
    assert reg.tenggat_k0(k, 2026) == D(2026, 1, 3)
    with override_settings(RUMAHDATAKU={"K0_HARI_KELOMPOK_BARU": 10}):
        assert reg.tenggat_k0(k, 2025) == D(2025, 6, 11)


# --- due dates --------------------------------------------------------------------------------


def test_the_ri_is_due_on_the_3rd_and_late_on_the_4th(dunia):
    k = dunia["g"]["bkr"]
    services.simpan_pertemuan(kelompok=k, tanggal=D(2026, 11, 10), topik=topik("bkr"), hadir=[])
    s = reg.status_ri(k, 2026, 11, hari=D(2026, 11, 30))
    assert (s.keadaan, s.jatuh_tempo, s.terlambat) == ("siap", False, False)
    s = reg.status_ri(k, 2026, 11, hari=D(2026, 12, 1))
    assert (s.jatuh_tempo, s.terlambat, s.tenggat) == (True, False, D(2026, 12, 3))
    s = reg.status_ri(k, 2026, 11, hari=D(2026, 12, 3))
    assert (s.jatuh_tempo, s.terlambat, s.label) == (True, False, "siap dicetak")
    s = reg.status_ri(k, 2026, 11, hari=D(2026, 12, 4))
    assert (s.jatuh_tempo, s.terlambat, s.label) == (False, True, "terlambat")


def test_decembers_ri_is_due_on_3_january(dunia):
    k = dunia["g"]["bkr"]
    assert reg.tenggat_ri(2026, 12) == D(2027, 1, 3)
    s = reg.status_ri(k, 2026, 12, hari=D(2027, 1, 3))
    assert (s.keadaan, s.jatuh_tempo, s.terlambat) == ("belum", True, False)
    s = reg.status_ri(k, 2026, 12, hari=D(2027, 1, 4))
    assert (s.jatuh_tempo, s.terlambat) == (False, True)


def test_the_chairs_line_concerns_the_month_whose_ri_falls_due_next():
    assert reg.bulan_ri_berikut(D(2026, 12, 3)) == (2026, 11)
    assert reg.bulan_ri_berikut(D(2026, 12, 4)) == (2026, 12)
    assert reg.bulan_ri_berikut(D(2027, 1, 2)) == (2026, 12)


def test_a_handed_over_ri_is_neither_due_nor_late(dunia, hari):
    k = dunia["g"]["bkr"]
    u = f.persona(Peran.PENYULUH, desa=dunia["desa"])
    services.serahkan_register(kelompok=k, formulir="ri", tahun=2026, bulan=10, oleh=u)
    s = reg.status_ri(k, 2026, 10, hari=D(2026, 11, 20))
    assert (s.keadaan, s.terlambat, s.diserahkan_pada) == ("diserahkan", False, HARI)
    assert s.diserahkan_oleh == u.username


def test_a_no_meeting_record_makes_the_month_ready_to_print(dunia, hari):
    k = dunia["g"]["bkr"]
    assert reg.status_ri(k, 2026, 8).keadaan == "belum"
    services.catat_tanpa_pertemuan(kelompok=k, tahun=2026, bulan=8, alasan="Banjir")
    assert reg.status_ri(k, 2026, 8).keadaan == "siap"
    assert reg.isi_ri(k, 2026, 8)["tanpa_pertemuan"] is True


def test_the_k0_is_due_on_3_january(dunia):
    k = dunia["g"]["bkl"]
    assert reg.status_k0(k, 2027, hari=D(2027, 1, 3)).jatuh_tempo
    assert reg.status_k0(k, 2027, hari=D(2027, 1, 4)).terlambat


def test_the_due_and_late_list_finds_groups_across_the_scope(dunia):
    qs = Kelompok.objects.filter(desa=dunia["desa"])
    # On 2 December: November is due for all five; October and earlier months are late
    # except where handed over.
    for b in range(6, 11):
        for k in dunia["g"].values():
            RegisterKelompok.objects.create(
                kelompok=k, formulir="ri", periode=D(2026, b, 1), diserahkan_pada=D(2026, b + 1, 2)
            )
    hasil = reg.jatuh_tempo_dan_terlambat(qs, hari=D(2026, 12, 2))
    assert hasil["n_tempo"] == 5
    assert {s.periode for _k, s in hasil["jatuh_tempo"]} == {D(2026, 11, 1)}
    assert all(s.periode < D(2026, 6, 1) for _k, s in hasil["terlambat"])
    # Founded June 2025: June 2025 … May 2026 in the 12 months looked at (Dec 2025 … May 2026).
    assert hasil["n_telat"] == 5 * 6


# --- KKA ----------------------------------------------------------------------------------------


def _kka(dunia, bulan, hasil, terisi=True):
    return services.simpan_kka(
        kelompok=dunia["g"]["bkb"], anggota=dunia["ani"], bulan=bulan, terisi=terisi, hasil=hasil
    )


def _dirujuk(tahun, bulan):
    return [r["anak"].nama for r in reg.anak_dirujuk(Kelompok.objects.all(), tahun, bulan)]


def test_three_months_running_of_perlu_rujuk_put_the_child_on_the_referral_list(dunia, hari):
    for b in (7, 8):
        _kka(dunia, D(2026, b, 1), "perlu_rujuk")
    assert _dirujuk(2026, 8) == []
    _kka(dunia, D(2026, 9, 1), "perlu_rujuk")
    assert _dirujuk(2026, 9) == ["Ani Balita"]
    assert _dirujuk(2026, 10) == ["Ani Balita"]  # October's card not yet filled
    assert _dirujuk(2026, 11) == []  # no card for two months: off the list
    _kka(dunia, D(2026, 10, 1), "sesuai")
    assert _dirujuk(2026, 10) == []


def test_a_month_without_a_card_breaks_the_run(dunia, hari):
    _kka(dunia, D(2026, 6, 1), "perlu_rujuk")
    _kka(dunia, D(2026, 7, 1), "perlu_rujuk")
    _kka(dunia, D(2026, 9, 1), "perlu_rujuk")
    assert _dirujuk(2026, 9) == []
    _kka(dunia, D(2026, 8, 1), "", terisi=False)
    assert _dirujuk(2026, 9) == []
    _kka(dunia, D(2026, 8, 1), "perlu_rujuk")
    assert _dirujuk(2026, 9) == ["Ani Balita"]


def test_a_kka_for_a_child_over_66_months_is_refused(dunia, hari):
    with pytest.raises(ValidationError) as e:
        services.simpan_kka(
            kelompok=dunia["g"]["bkb"],
            anggota=dunia["tua"],
            bulan=D(2026, 9, 1),
            terisi=True,
            hasil="sesuai",
        )
    assert "sudah berumur 80 bulan; Kartu Kembang Anak hanya sampai 66 bulan" in e.value.messages[0]


def test_a_kka_outside_a_bkb_member_family_is_refused(dunia, hari):
    lain = f.AnggotaFactory(
        keluarga=dunia["kel"]["Bayu"], nama="Citra", tanggal_lahir=D(2025, 1, 1)
    )
    with pytest.raises(ValidationError) as e:
        services.simpan_kka(
            kelompok=dunia["g"]["bkb"],
            anggota=lain,
            bulan=D(2026, 9, 1),
            terisi=True,
            hasil="sesuai",
        )
    assert e.value.messages == [
        "Citra bukan anak dari keluarga anggota BKB Uji bkb pada bulan itu."
    ]


def test_a_kka_of_a_future_month_is_refused(dunia, hari):
    with pytest.raises(ValidationError) as e:
        _kka(dunia, D(2026, 12, 1), "sesuai")
    assert e.value.messages == ["Bulan ini belum terjadi."]


# --- bad input ----------------------------------------------------------------------------------


def test_a_k0_for_a_year_before_the_group_existed_is_refused(dunia, hari):
    with pytest.raises(ValidationError) as e:
        reg.isi_k0(dunia["g"]["bkb"], 2024)
    assert e.value.messages == [
        "K/0 tahun 2024 tidak ada: kelompok ini baru berdiri pada 01-06-2025."
    ]


def test_a_register_of_a_future_month_is_refused(dunia, hari):
    with pytest.raises(ValidationError) as e:
        reg.isi_ri(dunia["g"]["bkb"], 2026, 12)
    assert e.value.messages == [
        "Bulan 12-2026 belum terjadi; register bulan depan belum bisa dibuat."
    ]
    with pytest.raises(ValidationError):
        services.catat_tanpa_pertemuan(kelompok=dunia["g"]["bkb"], tahun=2027, bulan=1)


def test_a_month_with_meetings_cannot_be_marked_as_without_meeting(dunia, hari):
    with pytest.raises(ValidationError) as e:
        services.catat_tanpa_pertemuan(kelompok=dunia["g"]["bkb"], tahun=2026, bulan=10)
    assert e.value.messages == ["Bulan ini sudah ada pertemuan tercatat."]


# --- print, PDF, Excel ----------------------------------------------------------------------------


PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"  # poppler-utils, as in CI


def _pdftotext(isi: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(isi)
        tmp.flush()
        return subprocess.run(
            [PDFTOTEXT, "-layout", tmp.name, "-"], capture_output=True, text=True, check=True
        ).stdout


PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"


def _png(pdf: bytes, nama: str) -> Path:
    """The PDF's first page as a PNG in <repo>/screenshots/ (git-ignored), for the closing note."""
    SCREENSHOTS.mkdir(exist_ok=True)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(pdf)
        tmp.flush()
        akar = SCREENSHOTS / nama
        subprocess.run(
            [
                PDFTOPPM,
                "-png",
                "-r",
                "70",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                tmp.name,
                str(akar),
            ],
            check=True,
        )
    return akar.with_suffix(".png")


def _mm(pt: float) -> int:
    return round(float(pt) * 25.4 / 72)


@pytest.mark.parametrize("jenis", tl.JENIS_REGISTER)
def test_the_ri_pdf_shows_every_header_field_and_column_on_a4_landscape(dunia, hari, jenis):
    isi = reg.isi_ri(dunia["g"][jenis], 2026, 10)
    pdf = keluaran.pdf_register(isi)
    teks = " ".join(_pdftotext(pdf).split())
    tata = isi["tata_letak"]
    assert tata.kode in teks
    for label, nilai in keluaran.baris_kepala(isi):
        assert label in teks, label
        assert " ".join(nilai.split()) in teks, nilai
    for k in [*isi["kolom_pertemuan"], *tata.kolom_hadir]:
        assert str(k.judul) in teks, k.judul
    assert ("Susunan formulir ini milik Rumah Dataku" in teks) == (jenis in tl.MILIK_KITA)
    assert "Ibu Ketua" in teks and "Bu Pembina" in teks
    assert "3326014101850001" not in teks  # NIK masked on paper
    halaman = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (_mm(halaman.width), _mm(halaman.height)) == (297, 210)
    assert _png(pdf, f"register-ri-{jenis}").stat().st_size > 1000


@pytest.mark.parametrize("jenis", tl.JENIS_REGISTER)
def test_the_k0_pdf_shows_every_header_field_and_column_on_a4_and_f4(dunia, hari, jenis):
    isi = reg.isi_k0(dunia["g"][jenis], 2026)
    pdf = keluaran.pdf_register(isi)
    teks = " ".join(_pdftotext(pdf).split())
    assert isi["tata_letak"].kode in teks
    for label, nilai in keluaran.baris_kepala(isi):
        assert label in teks and " ".join(nilai.split()) in teks
    for k in [*isi["tata_letak"].kolom_pengurus, *isi["tata_letak"].kolom_anggota]:
        assert str(k.judul) in teks, k.judul
    for judul in ("Pembina", "SK pengukuhan", "Sumber dana", "Materi yang dimiliki"):
        assert judul in teks
    halaman = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (_mm(halaman.width), _mm(halaman.height)) == (210, 297)
    assert _png(pdf, f"register-k0-{jenis}").stat().st_size > 1000
    f4 = PdfReader(io.BytesIO(keluaran.pdf_register(isi, kertas="f4"))).pages[0].mediabox
    assert (_mm(f4.width), _mm(f4.height)) == (215, 330)


def test_the_ri_on_f4_is_landscape(dunia, hari):
    isi = reg.isi_ri(dunia["g"]["bkb"], 2026, 10)
    f4 = PdfReader(io.BytesIO(keluaran.pdf_register(isi, kertas="f4"))).pages[0].mediabox
    assert (_mm(f4.width), _mm(f4.height)) == (330, 215)


def test_the_form_codes_edition_suffix_is_a_setting():
    assert tl.tata_letak("bkb", "k0").kode == "K/0/BKB/20"
    with override_settings(RUMAHDATAKU={"REGISTER_EDISI": "24"}):
        assert tl.tata_letak("pik_r", "ri").kode == "R/I/PIK-R/24"


def test_excel_cells_with_user_text_are_strings_never_formulas(dunia, hari):
    k = dunia["g"]["bkr"]
    Pengurus.objects.filter(kelompok=k, peran="ketua").update(nama="=HYPERLINK(1)")
    wb = load_workbook(io.BytesIO(keluaran.excel_register(reg.isi_k0(k, 2026, samar=False))))
    sel = [c for row in wb.active.iter_rows() for c in row if c.value == "=HYPERLINK(1)"]
    assert sel and all(c.data_type == "s" for c in sel)


# --- over HTTP ----------------------------------------------------------------------------------


@pytest.fixture
def orang(dunia):
    d = dunia["desa"]
    kader = f.persona(Peran.KADER, desa=d, rt=[dunia["rt"]])
    dunia["g"]["bkb"].kader.add(kader)
    return {
        "admin": f.persona(Peran.ADMIN_DESA, desa=d),
        "penyuluh": f.persona(Peran.PENYULUH, desa=d),
        "kader": kader,
        "kades": f.persona(Peran.KEPALA_DESA, desa=d),
    }


def _isi_excel(resp) -> set[str]:
    wb = load_workbook(io.BytesIO(resp.content))
    return {str(c.value) for row in wb.active.iter_rows() for c in row if c.value is not None}


def test_excel_has_full_nik_for_admin_masked_for_penyuluh_and_none_for_the_kader(
    client, dunia, orang, hari
):
    k = dunia["g"]["bkb"]
    url = reverse("poktan:ri_excel", args=[k.pk, "2026-10"])
    client.force_login(orang["admin"])
    assert "3326014101850001" in _isi_excel(client.get(url))
    client.force_login(orang["penyuluh"])
    sel = _isi_excel(client.get(url))
    assert "3326014101850001" not in sel and "3326••••••••0001" in sel
    client.force_login(orang["kader"])
    assert client.get(url).status_code == 403
    assert client.get(reverse("poktan:ri_cetak", args=[k.pk, "2026-10"])).status_code == 200


def test_every_print_and_file_writes_the_access_log(client, dunia, orang, hari):
    k = dunia["g"]["bkl"]
    client.force_login(orang["admin"])
    for nama, arg in (("ri_cetak", "2026-10"), ("ri_excel", "2026-10"), ("k0_pdf", 2026)):
        n = LogAkses.objects.count()
        assert client.get(reverse(f"poktan:{nama}", args=[k.pk, arg])).status_code == 200
        assert LogAkses.objects.count() == n + 1


def test_bad_register_periods_answer_400_with_the_reason(client, dunia, orang, hari):
    k = dunia["g"]["bkb"]
    client.force_login(orang["admin"])
    r = client.get(reverse("poktan:k0_cetak", args=[k.pk, 2024]))
    assert r.status_code == 400 and "baru berdiri pada 01-06-2025" in r.content.decode()
    r = client.get(reverse("poktan:ri_cetak", args=[k.pk, "2027-01"]))
    assert r.status_code == 400 and "belum terjadi" in r.content.decode()


def test_the_chair_sees_the_ri_state_on_her_group_page(client, dunia, orang, hari):
    client.force_login(orang["kader"])
    r = client.get(reverse("poktan:kelompok", args=[dunia["g"]["bkb"].pk]))
    teks = r.content.decode()
    # 20 November: the R/I falling due next is November's (one meeting on 2 November).
    assert "R/I bulan ini" in teks and "November 2026" in teks and "siap dicetak" in teks
    assert "Terlambat" in teks  # the months before October were never handed over


def test_the_group_register_page_lists_months_with_their_state(client, dunia, orang, hari):
    k = dunia["g"]["bkb"]
    client.force_login(orang["kader"])
    r = client.post(
        reverse("poktan:serahkan", args=[k.pk]), {"formulir": "ri", "periode": "2026-10"}
    )
    assert r.status_code == 302
    teks = client.get(reverse("poktan:register", args=[k.pk])).content.decode()
    assert "K/0/BKB/20" in teks and "R/I/BKB/20" in teks
    assert "diserahkan" in teks and "20-11-2026" in teks
    # The K/0 year as the form posts it (no thousands separator), handed over from the page.
    assert 'name="periode" value="2026"' in teks and "<td>2026</td>" in teks
    r = client.post(reverse("poktan:serahkan", args=[k.pk]), {"formulir": "k0", "periode": "2026"})
    assert reg.status_k0(k, 2026).keadaan == "diserahkan"


def test_uppka_and_pikr_forms_are_marked_ours_on_screen(client, dunia, orang, hari):
    client.force_login(orang["admin"])
    teks = client.get(reverse("poktan:register", args=[dunia["g"]["uppka"].pk])).content.decode()
    assert "susunan kami" in teks
    teks = client.get(reverse("poktan:register", args=[dunia["g"]["bkr"].pk])).content.decode()
    assert "susunan kami" not in teks


def test_a_kader_records_kka_results_for_the_month(client, dunia, orang, hari):
    k = dunia["g"]["bkb"]
    client.force_login(orang["kader"])
    url = reverse("poktan:kka", args=[k.pk]) + "?bulan=2026-10"
    r = client.get(url)
    assert "Ani Balita" in r.content.decode() and "Tono Besar" not in r.content.decode()
    r = client.post(
        url,
        {
            "kka-TOTAL_FORMS": "1",
            "kka-INITIAL_FORMS": "1",
            "kka-0-anak": str(dunia["ani"].pk),
            "kka-0-isian": "perlu_rujuk",
        },
    )
    assert r.status_code == 302
    assert dunia["ani"].kka_set.get().hasil == "perlu_rujuk"


def test_the_due_list_and_referral_list_pages_open(client, dunia, orang, hari):
    client.force_login(orang["penyuluh"])
    r = client.get(reverse("poktan:jatuh_tempo"))
    assert r.status_code == 200 and "Uji bkb" in r.content.decode()
    r = client.get(reverse("poktan:rujukan_kka") + "?bulan=2026-10")
    assert r.status_code == 200
    client.force_login(orang["kades"])
    assert client.get(reverse("poktan:jatuh_tempo")).status_code == 403


# --- the presenter's data migration, the group form, officers, query counts ---------------------


def test_the_presenter_text_becomes_a_category_and_the_text_stays():
    import importlib

    mig = importlib.import_module("poktan.migrations.0005_kategori_narasumber_dari_teks")
    assert mig.kategori("PLKB Budi") == "plkb"
    assert mig.kategori("pplkb kecamatan") == "pplkb"
    assert mig.kategori("Sub PPKBD Mawar") == "sub_ppkbd"
    assert mig.kategori("sub-ppkbd") == "sub_ppkbd"
    assert mig.kategori("PPKBD") == "ppkbd"
    assert mig.kategori("Bidan Desa") == "lainnya"
    assert mig.kategori("  ") == ""


def test_admin_records_the_groups_k0_profile_through_the_group_form(client, dunia, orang):
    k = dunia["g"]["bkl"]
    client.force_login(orang["admin"])
    r = client.post(
        reverse("poktan:kelompok_ubah", args=[k.pk]),
        {
            "desa": k.desa_id,
            "jenis": "bkl",
            "nama": k.nama,
            "aktif": "on",
            "kode_kelompok": "BKL-07",
            "nomor_register": "0007",
            "pembina_nama": "Pak Harjo",
            "pembina_jabatan": "ppkbd",
            "sk_ada": "true",
            "sk_penerbit": "camat",
            "pilih_sumber_dana": ["apbd", "mitra"],
            "pilih_integrasi": ["posyandu_lansia"],
            "pilih_materi": ["kit_bkl"],
            "proyek_prioritas": "true",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    k.refresh_from_db()
    assert (k.kode_kelompok, k.nomor_register, k.pembina_jabatan) == ("BKL-07", "0007", "ppkbd")
    assert (k.sumber_dana, k.integrasi, k.materi) == (
        ["apbd", "mitra"],
        ["posyandu_lansia"],
        ["kit_bkl"],
    )
    assert k.proyek_prioritas is True and k.sk_penerbit == "camat"


def test_an_officer_links_to_the_user_account_of_the_same_person(client, dunia, orang):
    k = dunia["g"]["bkb"]
    client.force_login(orang["admin"])
    data = {
        "p-TOTAL_FORMS": "1",
        "p-INITIAL_FORMS": "0",
        "p-0-peran": "kader",
        "p-0-jabatan": "Kader",
        "p-0-nama": "Kader Baru",
        "p-0-nik": "3326014101900002",
        "p-0-user": str(orang["kader"].pk),
        "p-0-peserta_kb": "true",
        "p-0-terlatih": "false",
    }
    r = client.post(reverse("poktan:pengurus", args=[k.pk]), data)
    assert r.status_code == 302
    p = k.pengurus_set.get(nama="Kader Baru")
    assert (p.user, p.peserta_kb, p.terlatih) == (orang["kader"], True, False)
    data["p-0-nik"] = "123"
    data["p-0-nama"] = "Lain"
    r = client.post(reverse("poktan:pengurus", args=[k.pk]), data)
    assert r.status_code == 400 and "NIK harus tepat 16 angka" in r.content.decode()


def test_the_ri_reads_a_fixed_number_of_queries(dunia, hari, django_assert_max_num_queries):
    k = dunia["g"]["bkb"]
    reg.isi_ri(k, 2026, 10)
    with django_assert_max_num_queries(12):
        reg.isi_ri(k, 2026, 10)


def test_the_due_list_reads_a_fixed_number_of_queries(dunia, django_assert_num_queries):
    qs = Kelompok.objects.all()
    with django_assert_num_queries(3):
        reg.jatuh_tempo_dan_terlambat(qs, hari=D(2026, 12, 2))


def test_the_worklist_page_shows_groups_due_and_late(client, dunia, orang, hari):
    client.force_login(orang["admin"])
    teks = client.get(reverse("kualitas:daftar")).content.decode()
    assert "Register R/I poktan terlambat" in teks and reverse("poktan:jatuh_tempo") in teks


def test_the_dashboard_counts_groups_due_and_late(client, dunia, orang):
    dunia["desa"].bulan_awal_data = D(2025, 1, 1)
    dunia["desa"].save(update_fields=["bulan_awal_data"])
    client.force_login(orang["kades"])
    r = client.get(reverse("laporan:dasbor", args=[dunia["desa"].kode, "2026-10"]))
    teks = r.content.decode()
    assert "Register R/I poktan terlambat" in teks
    assert reverse("poktan:jatuh_tempo") not in teks  # Kepala Desa: the count, not the list
