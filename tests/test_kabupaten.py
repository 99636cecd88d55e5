"""A whole kabupaten (issue 15 step 5): the Kabupaten role, its scope and pages, and the
kabupaten report summed over kecamatan and desa, checked against hand counts.

The tiny kabupaten 3326 built here: kecamatan 332601 (desa D1, D2) and 332602 (desa D3, D4), one
desa of kabupaten 3326 without data yet (left out of the sum) and one desa of kabupaten 3327
(never in it). Every family is a couple of reproductive age (a PUS each); KB by hand:

    desa  kec     families  people  PUS  KB (wives)                  PA  MKJP  unmet need
    D1    332601  2         5       2    suntik, –                   1   0     0
    D2    332601  1         2       1    IUD                         1   1     0
    D3    332602  3         6       3    pil, IAT (unmet need), –    1   0     1
    D4    332602  1         2       1    –                           0   0     0

Kecamatan 332601: 7 people, 3 families, PUS 3, PA 2 → CPR 66.7, MKJP 50.0, unmet need 0.0.
Kecamatan 332602: 8 people, 4 families, PUS 4, PA 1 → CPR 25.0, MKJP 0.0, unmet need 25.0.
Kabupaten: 15 people, 7 families, PUS 7, PA 3 → CPR 3/7 = 42.9 (the mean of the kecamatan
rates would be 45.8, of the desa rates 45.8 too: neither is the answer), MKJP 1/3 = 33.3,
unmet need 1/7 = 14.3.
"""

import datetime as dt
import importlib
import json

import jsonschema
import openpyxl
import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from keluarga import akses
from keluarga import services as ks
from keluarga.akses import K, Peran
from keluarga.models import Lingkup
from laporan import kabupaten as kab
from laporan import laporan as lap
from tests import factories as f
from tests.test_laporan import SKEMA

AWAL = dt.date(2026, 9, 1)
TAHUN, BULAN = 2026, 10

# desa code → (kecamatan name, [KB of each couple's wife: a method, ("alasan", x), or None])
RANCANGAN = {
    "3326011001": ("Wiradesa", ["suntik", None]),
    "3326011002": ("Wiradesa", ["iud"]),
    "3326021001": ("Bojong", ["pil", ("alasan", "iat"), None]),
    "3326021002": ("Bojong", [None]),
}


def _pasangan(desa, kb, anak: bool = False):
    kel = f.KeluargaFactory(rumah__rt=f.RTFactory(rw__dusun__desa=desa), desa=desa)
    f.AnggotaFactory(
        keluarga=kel,
        hubungan="1",
        jenis_kelamin="L",
        status_kawin="kawin",
        tanggal_lahir=dt.date(1988, 1, 1),
    )
    istri = f.AnggotaFactory(
        keluarga=kel, hubungan="3", status_kawin="kawin", tanggal_lahir=dt.date(1995, 5, 5)
    )
    if anak:
        f.AnggotaFactory(keluarga=kel, hubungan="4", tanggal_lahir=dt.date(2015, 3, 3))
    if isinstance(kb, tuple):
        ks.set_status_kb(anggota=istri, alasan=kb[1], mulai=dt.date(2025, 1, 1))
    elif kb:
        ks.set_status_kb(anggota=istri, metode=kb, mulai=dt.date(2025, 1, 1))


@pytest.fixture
def kabupaten(db):
    desa = {}
    for kode_desa, (kec, kb_list) in RANCANGAN.items():
        d = f.DesaFactory(
            kode=kode_desa,
            nama=f"Desa {kode_desa[-4:]}",
            kecamatan_nama=kec,
            kabupaten_nama="Pekalongan",
            bulan_awal_data=AWAL,
        )
        for i, kb in enumerate(kb_list):
            _pasangan(d, kb, anak=(kode_desa == "3326011001" and i == 0))
        desa[kode_desa] = d
    # Inside the kabupaten but without data yet: left out of the sum, no error.
    f.DesaFactory(kode="3326031001", nama="Desa baru", kecamatan_nama="Baru")
    # Another kabupaten: never summed, never in a kabupaten user's scope.
    lain = f.DesaFactory(kode="3327011001", nama="Desa tetangga", bulan_awal_data=AWAL)
    _pasangan(lain, "iud")
    return {"desa": desa, "lain": lain}


# --- the role -----------------------------------------------------------------------------------


def test_the_migration_creates_the_kabupaten_group_and_removes_it_backwards(db):
    assert Group.objects.filter(name=Peran.KABUPATEN.value).exists()
    migrasi = importlib.import_module("keluarga.migrations.0012_kabupaten")
    Group.objects.filter(name="Kabupaten").delete()
    migrasi.buat_peran(django_apps, None)
    migrasi.buat_peran(django_apps, None)  # idempotent
    assert Group.objects.filter(name="Kabupaten").count() == 1
    migrasi.hapus_peran(django_apps, None)
    assert not Group.objects.filter(name="Kabupaten").exists()
    assert Group.objects.filter(name="Kecamatan").exists()  # the other roles stay


def test_the_matrix_column_is_roles_md_exactly():
    kolom = {k for k, baris in akses.MATRIKS.items() if Peran.KABUPATEN in baris}
    assert kolom == {K.LIHAT_LAPORAN, K.PORTAL_KAMPUNG_KB}
    assert all(akses.MATRIKS[k][Peran.KABUPATEN] == "Y" for k in kolom)
    assert Peran.KABUPATEN in akses.PERAN_AGREGAT


@pytest.mark.parametrize(
    ("kec", "kab", "salah"),
    [("", "33", "kabupaten_kode"), ("", "33a6", "kabupaten_kode"), ("33260", "", "kecamatan_kode")],
)
def test_scope_codes_are_validated(db, kec, kab, salah):
    lingkup = Lingkup(user=f.UserFactory(), kecamatan_kode=kec, kabupaten_kode=kab)
    with pytest.raises(ValidationError) as e:
        lingkup.full_clean()
    assert salah in e.value.message_dict
    assert "angka" in " ".join(e.value.message_dict[salah])


def test_a_scope_is_a_kecamatan_or_a_kabupaten_not_both(db):
    lingkup = Lingkup(user=f.UserFactory(), kecamatan_kode="332601", kabupaten_kode="3326")
    with pytest.raises(ValidationError) as e:
        lingkup.full_clean()
    assert "tidak keduanya" in " ".join(e.value.message_dict["kabupaten_kode"])
    Lingkup(user=f.UserFactory(), kabupaten_kode="3326").full_clean()


def test_kabupaten_sees_its_desa_by_code_prefix_and_nothing_else(kabupaten):
    u = f.persona(Peran.KABUPATEN, kabupaten_kode="3326")
    assert set(akses.desa_qs(u).values_list("kode", flat=True)) == {*RANCANGAN, "3326031001"}
    assert not akses.desa_qs(f.persona(Peran.KABUPATEN)).exists()  # no code: nothing
    assert akses.hanya_agregat(u) and not akses.boleh(u, K.BACA_KELUARGA)
    assert akses.keluarga_qs(u).count() == 7  # scoped (the capability is refused elsewhere)


def test_demo_admin_creates_the_kabupaten_account_over_the_demo_kabupaten(db):
    d = f.DesaFactory(kode="3326012001", bulan_awal_data=AWAL)
    call_command("demo_admin", verbosity=0)
    from django.contrib.auth import get_user_model

    u = get_user_model().objects.get(username="kabupaten")
    assert akses.peran(u) == Peran.KABUPATEN
    assert u.lingkup.kabupaten_kode == "3326" and not u.lingkup.desa.exists()
    assert list(akses.desa_qs(u)) == [d]
    assert not u.is_staff and not u.is_superuser


# --- the report ---------------------------------------------------------------------------------


def test_the_kabupaten_report_equals_the_hand_counts(kabupaten):
    r = kab.laporan_kabupaten("3326", TAHUN, BULAN)
    jsonschema.validate(json.loads(json.dumps(r)), SKEMA)
    assert r["kabupaten"] == {"kode": "3326", "nama": "Pekalongan"}
    assert r["kecamatan"] == {"kode": "3326", "nama": "Pekalongan", "tingkat": "kabupaten"}
    assert [d["kode"] for d in r["desa"]] == list(RANCANGAN)  # the desa without data left out
    assert r["daftar_kecamatan"] == [
        {"kode": "332601", "nama": "Wiradesa", "jumlah_desa": 2},
        {"kode": "332602", "nama": "Bojong", "jumlah_desa": 2},
    ]
    assert r["penduduk"]["jumlah"] == {"L": 7, "P": 8, "total": 15}
    assert r["keluarga"]["jumlah"] == 7
    kb = r["kb"]
    assert (kb["pus"], kb["peserta_aktif"]["total"], kb["mkjp"]) == (7, 3, 1)
    assert kb["peserta_aktif"]["suntik"] == kb["peserta_aktif"]["iud"] == 1
    assert kb["tidak_kb"]["iat"] == 1 and kb["belum_terdata"] == 3
    assert (kb["cpr"], kb["mkjp_persen"], kb["unmet_need_persen"]) == (42.9, 33.3, 14.3)
    assert r["portal_kkbpk"]["pus"] == 7
    assert r["portal_kkbpk"]["cakupan"]["jenis"] == "kabupaten"
    assert "klasifikasi_kampung_kb" not in r
    assert r["perbandingan"]["kb.pus"]["bulan_lalu"] == 7  # September: the same couples
    assert r["status"] == "terbuka"


def test_per_wilayah_is_kecamatan_then_its_desa_with_percentages_from_summed_counts(kabupaten):
    r = kab.laporan_kabupaten("3326", TAHUN, BULAN, dengan_lalu=False)
    baris = [(w["tingkat"], w["kode"], w["induk"]) for w in r["per_wilayah"]]
    assert baris == [
        ("kecamatan", "332601", None),
        ("desa", "3326011001", "332601"),
        ("desa", "3326011002", "332601"),
        ("kecamatan", "332602", None),
        ("desa", "3326021001", "332602"),
        ("desa", "3326021002", "332602"),
    ]
    w = {x["kode"]: x for x in r["per_wilayah"]}
    k1, k2 = w["332601"], w["332602"]
    assert k1["nama"] == "Wiradesa" and k2["nama"] == "Bojong"
    assert (k1["penduduk"]["jumlah"]["total"], k1["keluarga"]["jumlah"]) == (7, 3)
    assert (k2["penduduk"]["jumlah"]["total"], k2["keluarga"]["jumlah"]) == (8, 4)
    assert (k1["kb"]["pus"], k1["kb"]["peserta_aktif"]["total"]) == (3, 2)
    assert (k1["kb"]["cpr"], k1["kb"]["mkjp_persen"], k1["kb"]["unmet_need_persen"]) == (
        66.7,
        50.0,
        0.0,
    )
    assert (k2["kb"]["cpr"], k2["kb"]["mkjp_persen"], k2["kb"]["unmet_need_persen"]) == (
        25.0,
        0.0,
        25.0,
    )
    assert [w[k]["kb"]["cpr"] for k in RANCANGAN] == [50.0, 100.0, 33.3, 0.0]
    assert w["3326021002"]["kb"]["mkjp_persen"] is None  # no PA: no denominator


def test_the_kabupaten_is_the_sum_of_its_kecamatan_reports(kabupaten):
    from laporan import services

    r = kab.laporan_kabupaten("3326", TAHUN, BULAN, dengan_lalu=False)
    kec = [
        services.laporan_kecamatan(k, TAHUN, BULAN, dengan_lalu=False) for k in ("332601", "332602")
    ]
    for jalur in ("penduduk.jumlah.total", "keluarga.jumlah", "kb.pus", "kb.mkjp", "daftar.krs"):
        assert lap._ambil(r, jalur) == sum(lap._ambil(k, jalur) for k in kec), jalur
    w = {x["kode"]: x for x in r["per_wilayah"]}
    for k in kec:
        assert w[k["kecamatan"]["kode"]]["kb"] == k["kb"]  # the same rates, recomputed


def test_per_desa_reports_come_through_one_function(kabupaten, monkeypatch):
    diminta = []
    asli = kab.laporan_per_desa

    def catat(desa_list, tahun, bulan):
        diminta.append([d.kode for d in desa_list])
        return asli(desa_list, tahun, bulan)

    monkeypatch.setattr(kab, "laporan_per_desa", catat)
    kab.laporan_kabupaten("3326", TAHUN, BULAN, dengan_lalu=False)
    assert diminta == [[*RANCANGAN, "3326031001"]]


@pytest.mark.parametrize("kode", ["332", "33a6", "3399"])
def test_a_bad_or_empty_kabupaten_code_is_refused_with_a_message(db, kode):
    with pytest.raises(lap.LaporanDitolak, match="kabupaten/kota"):
        kab.laporan_kabupaten(kode, TAHUN, BULAN)


def test_monthly_report_kabupaten_in_every_format(kabupaten, tmp_path):
    out = tmp_path / "kab.json"
    call_command(
        "monthly_report", "--month", "2026-10", "--kabupaten", "3326", "--output", str(out)
    )
    teks = out.read_text(encoding="utf-8")
    data = json.loads(teks)
    jsonschema.validate(data, SKEMA)
    assert data["kb"]["cpr"] == 42.9
    assert {w["tingkat"] for w in data["per_wilayah"]} == {"kecamatan", "desa"}
    assert "Warga" not in teks and "3327011001" not in teks  # no names, no other kabupaten
    xlsx = tmp_path / "kab.xlsx"
    call_command(
        "monthly_report",
        *("--month", "2026-10", "--kabupaten", "3326", "--format", "xlsx", "--output", str(xlsx)),
    )
    wb = openpyxl.load_workbook(xlsx)
    sel = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert any("Kabupaten/Kota Pekalongan" in str(v) for v in sel)
    assert "Wiradesa" in sel and "Bojong" in sel
    pdf = tmp_path / "kab.pdf"
    call_command(
        "monthly_report",
        *("--month", "2026-10", "--kabupaten", "3326", "--format", "pdf", "--output", str(pdf)),
    )
    assert pdf.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="kabupaten/kota"):
        call_command("monthly_report", "--month", "2026-10", "--kabupaten", "33", "--output", "x")
    with pytest.raises(CommandError, match="--wilayah"):
        call_command(
            "monthly_report",
            *("--month", "2026-10", "--kabupaten", "3326", "--wilayah", "kampung-kb"),
            *("--output", str(out)),
        )


# --- the pages ----------------------------------------------------------------------------------


def test_kabupaten_user_lands_on_its_sum_and_drills_to_a_kecamatan(client, kabupaten):
    u = f.persona(Peran.KABUPATEN, kabupaten_kode="3326")
    client.force_login(u)
    r = client.get(reverse("laporan:dasbor_awal"))
    assert r.status_code == 302 and "/laporan/kabupaten/3326/" in r["Location"]
    r = client.get(reverse("laporan:kabupaten", args=["3326", "2026-10"]))
    html = r.content.decode()
    assert r.status_code == 200 and "Kabupaten/Kota Pekalongan" in html
    kecamatan = reverse("laporan:kecamatan", args=["332601", "2026-10"])
    assert kecamatan in html and "Warga" not in html
    r = client.get(kecamatan)
    assert r.status_code == 200 and "Desa 1001" in r.content.decode()  # its desa rows
    assert reverse("laporan:kabupaten", args=["3326", "2026-10"]) in r.content.decode()  # back
    r = client.get(reverse("laporan:kabupaten_json", args=["3326", "2026-10"]))
    assert r.json()["kb"]["pus"] == 7
    r = client.get(reverse("laporan:portal_kabupaten", args=["3326", "2026-10"]))
    assert r.status_code == 200 and "kabupaten/kota ini" in r.content.decode()


def test_kabupaten_user_gets_no_single_desa_page_no_names_and_no_other_kabupaten(client, kabupaten):
    client.force_login(f.persona(Peran.KABUPATEN, kabupaten_kode="3326"))
    kode = "3326011001"
    for nama in ("laporan:bulanan", "laporan:dasbor", "laporan:portal", "grafik:halaman"):
        assert client.get(reverse(nama, args=[kode, "2026-10"])).status_code == 403, nama
    assert client.get(reverse("keluarga:daftar")).status_code == 403
    assert client.get(reverse("laporan:kabupaten", args=["3327", "2026-10"])).status_code == 404
    assert client.get(reverse("laporan:kecamatan", args=["332701", "2026-10"])).status_code == 404
    r = client.get(reverse("poktan:daftar"), {"bulan": "2026-10"})
    assert r.status_code == 200 and "per_desa" in r.context  # per-type totals, no groups


def test_a_kecamatan_user_cannot_open_the_whole_kabupaten(client, kabupaten):
    client.force_login(f.persona(Peran.KECAMATAN, kecamatan_kode="332601"))
    assert client.get(reverse("laporan:kabupaten", args=["3326", "2026-10"])).status_code == 404
