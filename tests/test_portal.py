"""The Kampung KB portal's monthly form (OFFICIAL.md §1, block `portal_kkbpk`) against a village
counted by hand. Reference date D = 31 October 2026; the active window of the poktan is
1 August … 31 October.

Dusun Krajan, RW 001: RT 001 (K1–K6) and RT 002 (K7–K9). Nine PUS:

| family | RT | people on D | the PUS's KB status → portal |
|---|---|---|---|
| K1 | 001 | A1 (L 1985), A2 (P 1990, BPJS-PBI), A3 (L 2024-01-01, balita) | A2 MAL, intention IAS → IAS |
| K2 | 001 | B1 (L 1980), B2 (P 1985), B3 (P 2010-03-01, remaja) | B2 Tradisional, TIAL → TIAL |
| K3 | 001 | C1 (L 1988), C2 (P 1992) | C2 MAL, IAT → IAT |
| K4 | 001 | D1 (L 1987), D2 (P 1991) | D2 Tradisional, no intention → problem |
| K5 | 001 | E1 (L 1975), E2 (P 1979) | E2 nothing recorded: belum terdata → problem |
| K6 | 001 | F1 (L 1989), F2 (P 1993), F3 (P 1950, lansia, 75+), F4 (L 2021-06-01, 64 months: BKB age, not balita) | F2 IUD |
| K7 | 002 | G1 (L 1986), G2 (P 1994), G3 (P 2026-03-01, balita) | G2 Suntik |
| K8 | 002 | H1 (L 1960, lansia, BPJS non-PBI), H2 (P 1984) | H2 pregnant (over a Pil) → Karena hamil |
| K9 | 002 | I1 (L 1990, Kondom), I2 (P 1995) | I2 her husband's Kondom |

Poktan: BKB Mawar (K1 attends 10-10; K6 attends 10-10 but has no balita; K7 attended only in
June), BKL Kenanga (K6 attends 10-10; K8 never), UPPKA Sejahtera (K3 and K5 attend 12-10), PIK-R
Cendana (B3 and the adult A1 attend 14-10), and an inactive BKR Melati whose member K2 attended
on 05-10 (an inactive group counts for nothing).
"""

import datetime as dt
import json

import jsonschema
import pytest
from django.urls import reverse

from kampungkb.models import ProfilKampungKB
from keluarga import kode, kualitas
from keluarga import services as ks
from keluarga.akses import Peran
from keluarga.models import Kehamilan, StatusKB
from laporan import laporan as lap
from laporan import portal, services
from laporan.wilayah import wilayah_kader, wilayah_kampung_kb
from poktan import services as ps
from poktan.models import Kelompok, Topik
from tests import factories as f
from tests.test_laporan import RAPAT, SKEMA

D = dt.date
L, P = kode.JenisKelamin.LAKI_LAKI, kode.JenisKelamin.PEREMPUAN
H = kode.HubunganKK
KAWIN, BELUM = kode.StatusKawin.KAWIN, kode.StatusKawin.BELUM_KAWIN


def orang(kel, nama, jk, lahir, hubungan, kawin=KAWIN, **extra):
    return f.AnggotaFactory(
        keluarga=kel,
        nama=nama,
        nama_normal=nama.lower(),
        jenis_kelamin=jk,
        tanggal_lahir=D.fromisoformat(lahir),
        hubungan=hubungan,
        status_kawin=kawin,
        **extra,
    )


def kb(a, metode=None, alasan=None, niat=None, mulai="2025-01-01"):
    return StatusKB.objects.create(
        anggota=a, metode=metode, alasan=alasan, niat=niat, mulai=D.fromisoformat(mulai)
    )


def rapat(k, tanggal, hadir):
    return ps.simpan_pertemuan(
        kelompok=k,
        tanggal=tanggal,
        hadir=hadir,
        topik=Topik.objects.filter(jenis=k.jenis).first(),
        narasumber="PLKB",
    )


@pytest.fixture
def kampung(db):
    desa = f.DesaFactory(kode="3326015001", nama="Sidomulyo", bulan_awal_data=D(2026, 9, 1))
    rt1 = f.RTFactory(rw__dusun__desa=desa, rw__dusun__nama="Krajan", nomor="001")
    rt2 = f.RTFactory(rw=rt1.rw, nomor="002")

    def kel(rt):
        return f.KeluargaFactory(rumah__rt=rt, desa=desa)

    k = [None] + [kel(rt1) for _i in range(6)] + [kel(rt2) for _i in range(3)]
    a1 = orang(k[1], "A1", L, "1985-01-01", H.KEPALA)
    a2 = orang(k[1], "A2", P, "1990-01-01", H.ISTRI, jkn=kode.JKN.PBI)
    orang(k[1], "A3", L, "2024-01-01", H.ANAK, BELUM)
    kb(a2, metode="mal", niat="ias")
    orang(k[2], "B1", L, "1980-01-01", H.KEPALA)
    b2 = orang(k[2], "B2", P, "1985-01-01", H.ISTRI)
    b3 = orang(k[2], "B3", P, "2010-03-01", H.ANAK, BELUM)
    kb(b2, metode="tradisional", niat="tial")
    orang(k[3], "C1", L, "1988-01-01", H.KEPALA)
    kb(orang(k[3], "C2", P, "1992-01-01", H.ISTRI), metode="mal", niat="iat")
    orang(k[4], "D1", L, "1987-01-01", H.KEPALA)
    d2 = orang(k[4], "D2", P, "1991-01-01", H.ISTRI)
    kb(d2, metode="tradisional")
    orang(k[5], "E1", L, "1975-01-01", H.KEPALA)
    e2 = orang(k[5], "E2", P, "1979-01-01", H.ISTRI)
    orang(k[6], "F1", L, "1989-01-01", H.KEPALA)
    kb(orang(k[6], "F2", P, "1993-01-01", H.ISTRI), metode="iud")
    orang(k[6], "F3", P, "1950-01-01", H.ORANG_TUA, kode.StatusKawin.CERAI_MATI)
    orang(k[6], "F4", L, "2021-06-01", H.ANAK, BELUM)
    orang(k[7], "G1", L, "1986-01-01", H.KEPALA)
    kb(orang(k[7], "G2", P, "1994-01-01", H.ISTRI), metode="suntik")
    orang(k[7], "G3", P, "2026-03-01", H.ANAK, BELUM)
    orang(k[8], "H1", L, "1960-01-01", H.KEPALA, jkn=kode.JKN.NON_PBI)
    h2 = orang(k[8], "H2", P, "1984-01-01", H.ISTRI)
    kb(h2, metode="pil")
    Kehamilan.objects.create(ibu=h2, mulai=D(2026, 7, 1))
    kb(orang(k[9], "I1", L, "1990-01-01", H.KEPALA), metode="kondom")
    orang(k[9], "I2", P, "1995-01-01", H.ISTRI)

    def kelompok(jenis, nama, **extra):
        return ps.simpan_kelompok(
            kelompok=Kelompok(desa=desa, jenis=jenis, nama=nama, **extra), wilayah_rw=[]
        )

    def anggota(kelompok_, **siapa):
        return ps.tambah_keanggotaan(kelompok=kelompok_, mulai=D(2026, 1, 1), **siapa)

    bkb = kelompok("bkb", "Mawar")
    m1, m6, m7 = (anggota(bkb, keluarga=k[i]) for i in (1, 6, 7))
    rapat(bkb, D(2026, 6, 1), [m7])
    rapat(bkb, D(2026, 10, 10), [m1, m6])
    bkl = kelompok("bkl", "Kenanga")
    l6 = anggota(bkl, keluarga=k[6])
    anggota(bkl, keluarga=k[8])
    rapat(bkl, D(2026, 10, 10), [l6])
    uppka = kelompok("uppka", "Sejahtera")
    rapat(uppka, D(2026, 10, 12), [anggota(uppka, keluarga=k[3]), anggota(uppka, keluarga=k[5])])
    pikr = kelompok("pik_r", "Cendana")
    rapat(pikr, D(2026, 10, 14), [anggota(pikr, anggota=b3), anggota(pikr, anggota=a1)])
    bkr = kelompok("bkr", "Melati")
    rapat(bkr, D(2026, 10, 5), [anggota(bkr, keluarga=k[2])])
    bkr.aktif = False
    bkr.save()
    return {"desa": desa, "rt1": rt1, "rt2": rt2, "kel": k, "d2": d2, "e2": e2}


@pytest.fixture
def kkb_rt1(kampung):
    """A Kampung KB whose area is RT 001 only."""
    profil = ProfilKampungKB.objects.create(
        desa=kampung["desa"], nama="Kampung KB Sakinah", cakupan="sebagian"
    )
    profil.cakupan_rt.add(kampung["rt1"])
    return profil


def _oktober(desa, **kw):
    return services.laporan_bulan(desa, 2026, 10, **kw)


def test_the_whole_desa_form_equals_the_hand_count(kampung):
    b = _oktober(kampung["desa"])["portal_kkbpk"]
    assert b["cakupan"]["jenis"] == "desa"
    assert b["pus"] == 9
    assert list(b["kontrasepsi"]) == ["iud", "mow", "mop", "kondom", "implan", "suntik", "pil"]
    assert b["kontrasepsi"] == {
        "iud": 1,
        "mow": 0,
        "mop": 0,
        "kondom": 1,  # I2 by her husband
        "implan": 0,
        "suntik": 1,
        "pil": 0,  # H2 is pregnant: Hamil wins
    }
    # MAL/traditional users placed by their intention: A2 IAS, C2 IAT, B2 TIAL.
    assert b["non_kontrasepsi"] == {"hamil": 1, "ias": 1, "iat": 1, "tial": 1}
    assert b["mal_tradisional"] == {"ias": 1, "iat": 1, "tial": 1, "tanpa_niat": 1}
    # K1 (A3); not K6, whose child is 64 months; not K7 (attended only in June).
    assert b["ikut_poktan"] == {"bkb": 1, "bkr": 0, "bkl": 1, "uppka": 2, "pik_r": 1}
    assert b["penyebut_poktan"] == {
        "keluarga_balita": 2,
        "keluarga_remaja": 1,
        "keluarga_lansia": 2,
        "keluarga": 9,
        "remaja": 1,
    }
    assert (b["pengguna_bpjs"], b["jumlah_jiwa"]) == (2, 23)
    pen = b["penduduk"]
    assert len(pen["umur"]) == 16
    assert pen["umur"][0] == {"kelompok": "0-4", "l": 1, "p": 1}  # A3, G3
    assert pen["umur"][1] == {"kelompok": "5-9", "l": 1, "p": 0}  # F4
    assert pen["umur"][3] == {"kelompok": "15-19", "l": 0, "p": 1}  # B3 (16)
    assert pen["umur"][15] == {"kelompok": "75+", "l": 0, "p": 1}  # F3
    assert sum(u["l"] + u["p"] for u in pen["umur"]) == b["jumlah_jiwa"]
    assert {k: v for k, v in pen.items() if k != "umur"} == {
        "pus": 9,
        "keluarga": 9,
        "remaja": 1,
        "keluarga_balita": 2,
        "keluarga_remaja": 1,
        "keluarga_lansia": 2,
    }


def test_rule_1_fails_by_the_belum_terdata_and_the_mal_traditional_without_intention(kampung):
    b = _oktober(kampung["desa"])["portal_kkbpk"]
    jumlah_7 = sum(b["kontrasepsi"].values())
    jumlah_4 = sum(b["non_kontrasepsi"].values())
    assert (jumlah_7, jumlah_4, b["pus"]) == (3, 4, 9)
    assert b["siap_kirim"] is False
    kode_desa = kampung["desa"].kode
    assert b["masalah"] == [
        {
            "kode": "belum_terdata",
            "aturan": portal.ATURAN_PUS,
            "aturan_kami": False,
            "judul": "PUS belum terdata (status KB belum dicatat)",
            "jumlah": 1,
            "daftar": f"/laporan/desa/{kode_desa}/2026-10/daftar/pus_belum_terdata/",
        },
        {
            "kode": "mal_tradisional_tanpa_niat",
            "aturan": "Total pengguna kontrasepsi dan non kontrasepsi harus sama dengan total PUS",
            "aturan_kami": False,
            "judul": "PUS ber-KB MAL/tradisional tanpa keinginan punya anak (IAS/IAT/TIAL)",
            "jumlah": 1,
            "daftar": f"/laporan/desa/{kode_desa}/2026-10/daftar/mal_tradisional_tanpa_niat/",
        },
    ]
    assert jumlah_7 + jumlah_4 + sum(m["jumlah"] for m in b["masalah"]) == b["pus"]


def test_recording_the_missing_status_and_intention_makes_the_form_ready(kampung):
    ks.set_status_kb(anggota=kampung["d2"], mulai=D(2026, 10, 20), metode="tradisional", niat="iat")
    ks.set_status_kb(anggota=kampung["e2"], mulai=D(2026, 10, 20), alasan="ias")
    b = _oktober(kampung["desa"])["portal_kkbpk"]
    assert b["masalah"] == [] and b["siap_kirim"] is True
    assert b["non_kontrasepsi"] == {"hamil": 1, "ias": 2, "iat": 2, "tial": 1}
    assert sum(b["kontrasepsi"].values()) + sum(b["non_kontrasepsi"].values()) == b["pus"] == 9


def test_the_worklist_has_the_mal_traditional_user_without_an_intention(kampung):
    ids = [kampung["desa"].pk]
    rows = kualitas.mal_tradisional_tanpa_niat(D(2026, 10, 31), ids)
    assert [a.nama for a in rows] == ["D2"]
    assert kualitas.hitung_semua(D(2026, 10, 31), ids)["mal_tradisional_tanpa_niat"] == 1
    assert _oktober(kampung["desa"])["kualitas_data"]["mal_tradisional_tanpa_niat"] == 1


def test_an_intention_is_refused_for_a_modern_method(kampung):
    from django.core.exceptions import ValidationError

    s = StatusKB(anggota=kampung["d2"], metode="pil", niat="ias", mulai=D(2026, 10, 1))
    with pytest.raises(ValidationError, match="hanya diisi untuk MAL"):
        s.full_clean()


def test_each_problem_links_to_a_name_list_of_exactly_its_people(kampung, client):
    admin = f.persona(Peran.ADMIN_DESA, desa=kampung["desa"])
    client.force_login(admin)
    b = _oktober(kampung["desa"])["portal_kkbpk"]
    for m in b["masalah"]:
        r = client.get(m["daftar"])
        assert r.status_code == 200
        assert r.context["jumlah"] == m["jumlah"]
    r = client.get(b["masalah"][1]["daftar"])
    assert [x["nama"] for x in r.context["halaman"]] == ["D2"]


def test_the_kampung_kb_area_form_counts_its_rts_only_and_is_the_same_in_every_report(
    kampung, kkb_rt1
):
    desa = kampung["desa"]
    b = _oktober(desa)["portal_kkbpk"]
    assert b["cakupan"] == {
        "jenis": "kampung_kb",
        "kunci": "kampung-kb",
        "nama": "Wilayah Kampung KB Sakinah",
        "desa": desa.kode,
    }
    # RT 001: A2 B2 C2 D2 E2 F2.
    assert b["pus"] == 6
    assert b["kontrasepsi"] == dict.fromkeys(["iud"], 1) | dict.fromkeys(
        ["mow", "mop", "kondom", "implan", "suntik", "pil"], 0
    )
    assert b["non_kontrasepsi"] == {"hamil": 0, "ias": 1, "iat": 1, "tial": 1}
    assert b["ikut_poktan"] == {"bkb": 1, "bkr": 0, "bkl": 1, "uppka": 2, "pik_r": 1}
    assert b["penyebut_poktan"] == {
        "keluarga_balita": 1,
        "keluarga_remaja": 1,
        "keluarga_lansia": 1,
        "keluarga": 6,
        "remaja": 1,
    }
    assert (b["pengguna_bpjs"], b["jumlah_jiwa"]) == (1, 16)
    assert b["masalah"][0]["daftar"].endswith("/daftar/pus_belum_terdata/?wilayah=kampung-kb")
    # The Kampung KB area's report and a kader's report of RT 002 carry the very same block.
    kkb = _oktober(desa, wilayah=wilayah_kampung_kb(desa))
    kader = _oktober(desa, wilayah=wilayah_kader(desa, [kampung["rt2"].pk]))
    assert kkb["portal_kkbpk"] == b == kader["portal_kkbpk"]
    assert kader["kb"]["pus"] == 3  # the rest of the kader's report is RT 002's


def test_a_problem_list_of_the_kampung_kb_area_has_its_people_only(kampung, kkb_rt1, client):
    ks.set_status_kb(anggota=kampung["d2"], mulai=D(2026, 10, 20), metode="tradisional")
    client.force_login(f.persona(Peran.OPERATOR, desa=kampung["desa"]))
    b = _oktober(kampung["desa"])["portal_kkbpk"]
    for m in b["masalah"]:
        assert client.get(m["daftar"]).context["jumlah"] == m["jumlah"] == 1


def test_reports_validate_against_the_schema_with_the_block(kampung, kkb_rt1):
    desa = kampung["desa"]
    for w in (None, wilayah_kampung_kb(desa), wilayah_kader(desa, [kampung["rt2"].pk])):
        r = _oktober(desa, wilayah=w)
        jsonschema.validate(json.loads(json.dumps(r)), SKEMA)
        assert "portal_kkbpk" in r


def test_a_closed_month_keeps_its_form_byte_for_byte_after_later_edits(kampung, kkb_rt1):
    desa = kampung["desa"]
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    services.tutup_bulan(desa=desa, tahun=2026, bulan=9, oleh=admin, rapat=RAPAT)
    services.tutup_bulan(desa=desa, tahun=2026, bulan=10, oleh=admin, rapat=RAPAT)
    sebelum = json.dumps(_oktober(desa)["portal_kkbpk"], ensure_ascii=False)
    kader_lama = wilayah_kader(desa, [kampung["rt1"].pk, kampung["rt2"].pk])
    ks.set_status_kb(anggota=kampung["d2"], mulai=D(2026, 10, 20), metode="tradisional", niat="iat")
    ks.set_status_kb(anggota=kampung["e2"], mulai=D(2026, 10, 1), alasan="ias")
    assert services.laporan_hidup(desa, 2026, 10)["portal_kkbpk"]["siap_kirim"] is True
    assert json.dumps(_oktober(desa)["portal_kkbpk"], ensure_ascii=False) == sebelum
    for w in (wilayah_kampung_kb(desa), kader_lama):  # frozen, or an area nobody had then
        assert json.dumps(_oktober(desa, wilayah=w)["portal_kkbpk"], ensure_ascii=False) == sebelum


def test_a_kecamatan_form_sums_its_desa_and_names_each_problems_desa(kampung):
    desa = kampung["desa"]
    lain = f.DesaFactory(
        kode=desa.kode[:6] + "9999", nama="Sukamaju", bulan_awal_data=D(2026, 9, 1)
    )
    rt = f.RTFactory(rw__dusun__desa=lain, nomor="001")
    kel = f.KeluargaFactory(rumah__rt=rt, desa=lain)
    orang(kel, "X1", L, "1980-01-01", H.KEPALA)
    kb(orang(kel, "X2", P, "1985-01-01", H.ISTRI), metode="implan")
    r = services.laporan_kecamatan(desa.kode[:6], 2026, 10)
    jsonschema.validate(json.loads(json.dumps(r)), SKEMA)
    b = r["portal_kkbpk"]
    assert b["pus"] == 10 and b["kontrasepsi"]["implan"] == 1 and b["kontrasepsi"]["iud"] == 1
    assert b["jumlah_jiwa"] == 25 and b["penyebut_poktan"]["keluarga"] == 10
    assert b["penduduk"]["umur"][0] == {"kelompok": "0-4", "l": 1, "p": 1}
    assert b["siap_kirim"] is False  # Sidomulyo is not ready; Sukamaju is
    assert [(m["kode"], m["desa"]) for m in b["masalah"]] == [
        ("belum_terdata", desa.kode),
        ("mal_tradisional_tanpa_niat", desa.kode),
    ]
    assert _oktober(lain)["portal_kkbpk"]["siap_kirim"] is True


def test_the_caps_are_reported_in_our_words_when_broken():
    dasar = portal.blok(
        desa_kode="3326015001",
        bulan="2026-10",
        pen={1: {"L": 1, "P": 0, "keluarga": 1, "pengguna_bpjs": 2}},
        kb={},
        niat={},
        ikut={1: {"bkb": 1, "bkr": 0, "bkl": 0, "uppka": 3, "pik_r": 0}},
        rt_ids=None,
        cakupan={"jenis": "desa", "kunci": None, "nama": "X", "desa": "3326015001"},
    )
    assert dasar["siap_kirim"] is False
    assert [(m["kode"], m["jumlah"], m["aturan_kami"]) for m in dasar["masalah"]] == [
        ("ikut_bkb_melebihi_penyebut", 1, True),
        ("ikut_uppka_melebihi_penyebut", 2, True),
        ("bpjs_melebihi_jiwa", 1, True),
    ]
    assert all(m["aturan"].endswith("(aturan kami)") for m in dasar["masalah"])


def test_the_form_takes_a_fixed_number_of_queries(kampung, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    desa = kampung["desa"]
    with CaptureQueriesContext(connection) as awal:
        lap.susun([desa], 2026, 10)
    for i in range(4):
        kel = f.KeluargaFactory(rumah__rt=kampung["rt2"], desa=desa)
        kb(orang(kel, f"Z{i}", P, "1990-01-01", H.ISTRI), metode="mal", niat="ias")
    with django_assert_max_num_queries(len(awal.captured_queries)):
        lap.susun([desa], 2026, 10)


def test_the_form_page_shows_the_portal_order_and_links_problems_for_the_worklist_roles(
    kampung, client
):
    desa = kampung["desa"]
    url = reverse("laporan:portal", args=[desa.kode, "2026-10"])
    client.force_login(f.persona(Peran.ADMIN_DESA, desa=desa))
    html = client.get(url).content.decode()
    urutan = ["Input KKBPK", "IUD", "MOW", "MOP", "Kondom", "Implan", "Suntik", "Pil"]
    urutan += ["Karena hamil", "Ingin anak segera (IAS)", "Ingin anak kemudian/ditunda (IAT)"]
    urutan += ["Tidak ingin anak lagi (TIAL)", "Ikut BKB", "Pengguna BPJS", "Input penduduk"]
    posisi = [html.index(t) for t in urutan]
    assert posisi == sorted(posisi)
    assert "Belum bisa dikirim" in html and portal.ATURAN_PUS in html
    assert "/daftar/mal_tradisional_tanpa_niat/" in html
    # A Kepala Desa sees the form and its problems, without the name lists.
    client.force_login(f.persona(Peran.KEPALA_DESA, desa=desa))
    html = client.get(url).content.decode()
    assert "Belum bisa dikirim" in html and "/daftar/" not in html


def test_the_kecamatan_sees_the_summed_form_only(kampung, client):
    desa = kampung["desa"]
    client.force_login(f.persona(Peran.KECAMATAN, kecamatan_kode=desa.kode[:6]))
    assert client.get(reverse("laporan:portal", args=[desa.kode, "2026-10"])).status_code == 403
    r = client.get(reverse("laporan:portal_kecamatan", args=[desa.kode[:6], "2026-10"]))
    assert r.status_code == 200 and r.context["b"]["pus"] == 9
    assert desa.kode in r.content.decode()  # each problem names its desa


def test_the_workbook_sheet_carries_the_forms_figures(kampung):
    from laporan.excel import buku_laporan

    lap_ = _oktober(kampung["desa"])
    ws = buku_laporan(lap_)["Portal Kampung KB"]
    baris = {r[1]: r[2:] for r in ws.iter_rows(values_only=True) if r and r[1]}
    assert baris["Jumlah PUS"][0] == 9
    assert [baris[f"Pengguna kontrasepsi: {x}"][0] for x in ("IUD", "Kondom", "Suntik", "Pil")] == [
        1,
        1,
        1,
        0,
    ]
    assert baris["Non kontrasepsi: Ingin anak segera (IAS)"][0] == 1
    assert baris["Jumlah ikut BKB"] == (1, 2)
    assert baris["Pengguna BPJS"] == (2, 23)
    assert baris["75+"] == (0, 1)
    assert baris[portal.ATURAN_PUS][0] == 1


def test_a_closed_months_problem_lists_keep_the_area_frozen_with_it(kampung, kkb_rt1, client):
    desa = kampung["desa"]
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    services.tutup_bulan(desa=desa, tahun=2026, bulan=9, oleh=admin, rapat=RAPAT)
    services.tutup_bulan(desa=desa, tahun=2026, bulan=10, oleh=admin, rapat=RAPAT)
    # Later the Kampung KB area becomes RT 002 and E2 gets a status: the October lists stay.
    kkb_rt1.cakupan_rt.set([kampung["rt2"]])
    ks.set_status_kb(anggota=kampung["e2"], mulai=D(2026, 10, 1), alasan="ias")
    client.force_login(admin)
    b = _oktober(desa)["portal_kkbpk"]
    nama = {
        m["kode"]: [x["nama"] for x in client.get(m["daftar"]).context["halaman"]]
        for m in b["masalah"]
    }
    assert nama == {"belum_terdata": ["E2"], "mal_tradisional_tanpa_niat": ["D2"]}
