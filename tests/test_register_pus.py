"""The PUS register (issue 17 point 4): the grid by hand on a small village, then against the
report's own KB status over the 12 months of a seeded demo village; pages, print, PDF, Excel.

Hand-built village, year 2025, RT 1 and RT 2 (every expected cell below is read off the people
listed in `desa_register`):
- Wati (RT 1): her husband Budi has MOP since 2020 (RSUD) → MOP all year, Pemerintah.
- Sari (RT 1 → RT 2, her family's house move on 15 June): Suntik at Klinik Sehat → S in RT 1
  for Jan–May and in RT 2 for Jun–Dec (30 June is after the move), Swasta.
- Tini (RT 1): born 20 August 1975, IUD at the Puskesmas → I for Jan–Jul, blank from August
  (50 on 31 August: no longer PUS).
- Ani (RT 2): Pil until 1 Feb, then IAS; pregnant 10 March – 5 December (a birth) → P, IAS,
  H×9 (Mar–Nov), IAS in December; her baby is 0 months on 31 December.
- Rina (RT 2): pregnant until 1 July, MAL from 1 September → H×6, BT, BT, MAL×4.
- Desi (RT 1): TIAL until 1 April, then Tradisional → TIAL×3, Tradisional×9.
- Not listed: Budi (a man), Nia (Sari's unmarried daughter, 20).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from keluarga import akses, kode, services
from keluarga.akses import Peran
from keluarga.models import Anggota, LogAkses
from laporan import register_pus as rp
from tests import factories as f
from tests.factories import hamil, orang, status_kb

L, P = kode.JenisKelamin.LAKI_LAKI, kode.JenisKelamin.PEREMPUAN
H = kode.HubunganKK
KAWIN, BELUM = kode.StatusKawin.KAWIN, kode.StatusKawin.BELUM_KAWIN
TAHUN = 2025


@pytest.fixture
def desa_register(db):
    desa = f.DesaFactory()
    rt1 = f.RTFactory(rw__dusun__desa=desa, nomor="001")
    rt2 = f.RTFactory(rw=rt1.rw, nomor="002")

    def keluarga(rt, **data):
        return f.KeluargaFactory(rumah__rt=rt, desa=desa, **data)

    ka = keluarga(rt1, tahapan_ks=kode.TahapanKS.KS_2)
    budi = orang(ka, "Budi", L, "1985-03-10", H.KEPALA)
    wati = orang(ka, "Wati", P, "1990-05-01", H.ISTRI, jkn=kode.JKN.PBI)
    orang(ka, "Wati anak 1", P, "2019-03-01", H.ANAK, BELUM, ibu=wati)
    orang(ka, "Wati anak 2", L, "2024-11-15", H.ANAK, BELUM, ibu=wati)
    status_kb(budi, "2020-01-01", metode="mop", tempat_pelayanan="RSUD Kota")

    kb_ = keluarga(rt1, tahapan_ks=kode.TahapanKS.KS_1)
    orang(kb_, "Dedi", L, "1980-01-01", H.KEPALA)
    sari = orang(kb_, "Sari", P, "1982-02-02", H.ISTRI, jumlah_anak_hidup=3)
    orang(kb_, "Nia", P, "2005-01-01", H.ANAK, BELUM)
    status_kb(sari, "2024-01-01", metode="suntik", tempat_pelayanan="Klinik Sehat")
    services.pindah_rumah(
        keluarga=kb_, rumah=f.RumahFactory(rt=rt2, desa=desa), tanggal=dt.date(2025, 6, 15)
    )

    kc = keluarga(rt1)
    orang(kc, "Joko", L, "1970-01-01", H.KEPALA)
    tini = orang(kc, "Tini", P, "1975-08-20", H.ISTRI)
    status_kb(tini, "2015-01-01", metode="iud", tempat_pelayanan="Puskesmas")

    kd = keluarga(rt2)
    orang(kd, "Eko", L, "1995-01-01", H.KEPALA)
    ani = orang(kd, "Ani", P, "1998-07-07", H.ISTRI)
    status_kb(
        ani, "2023-01-01", metode="pil", selesai="2025-02-01", tempat_pelayanan="PMB Bidan Ina"
    )
    status_kb(ani, "2025-02-01", alasan="ias")
    hamil(ani, "2025-03-10", "2025-12-05", kode.HasilKehamilan.LAHIR)
    orang(kd, "Ani anak", P, "2025-12-05", H.ANAK, BELUM, ibu=ani)

    ke = keluarga(rt2)
    orang(ke, "Fajar", L, "1993-01-01", H.KEPALA)
    rina = orang(ke, "Rina", P, "1996-03-03", H.ISTRI)
    hamil(rina, "2024-10-01", "2025-07-01", kode.HasilKehamilan.LAHIR)
    orang(ke, "Rina anak", L, "2025-07-01", H.ANAK, BELUM, ibu=rina)
    status_kb(rina, "2025-09-01", metode="mal")

    kg = keluarga(rt1)
    orang(kg, "Gun", L, "1988-01-01", H.KEPALA)
    desi = orang(kg, "Desi", P, "1989-09-09", H.ISTRI)
    status_kb(desi, "2023-01-01", alasan="tial", selesai="2025-04-01")
    status_kb(desi, "2025-04-01", metode="tradisional")
    return {"desa": desa, "rt1": rt1, "rt2": rt2}


def _per_rt(reg):
    return {b.rt.nomor: {r.nama: r for r in b.baris} for b in reg.bagian}


def test_the_grid_of_the_hand_built_village_reads_month_by_month(desa_register):
    w = desa_register
    reg = rp.susun_register(w["desa"], TAHUN, [w["rt1"].pk, w["rt2"].pk])
    rt = _per_rt(reg)
    assert sorted(rt["001"]) == ["Desi", "Sari", "Tini", "Wati"]
    assert sorted(rt["002"]) == ["Ani", "Rina", "Sari"]
    assert rt["001"]["Wati"].sel == ["MOP"] * 12
    assert rt["001"]["Sari"].sel == ["S"] * 5 + [""] * 7
    assert rt["002"]["Sari"].sel == [""] * 5 + ["S"] * 7
    assert rt["001"]["Tini"].sel == ["I"] * 7 + [""] * 5
    assert rt["002"]["Ani"].sel == ["P", "IAS"] + ["H"] * 9 + ["IAS"]
    assert rt["002"]["Rina"].sel == ["H"] * 6 + ["BT", "BT"] + ["MAL"] * 4
    assert rt["001"]["Desi"].sel == ["TIAL"] * 3 + ["Tradisional"] * 9
    assert reg.jumlah == 7


def test_the_row_details_are_read_on_her_last_month_in_that_rt(desa_register):
    w = desa_register
    rt = _per_rt(rp.susun_register(w["desa"], TAHUN, [w["rt1"].pk, w["rt2"].pk]))
    wati = rt["001"]["Wati"]
    assert (wati.suami, wati.umur, wati.anak_hidup, wati.umur_bungsu) == ("Budi", 35, 2, "1 th")
    assert (wati.tahapan_ks, wati.jkn, wati.kode_kb, wati.pelayanan) == (
        "KS II",
        "BPJS-PBI/Jamkesda",
        "MOP",
        "Pemerintah",
    )
    sari1, sari2 = rt["001"]["Sari"], rt["002"]["Sari"]
    assert sari1.acuan == dt.date(2025, 5, 31) and sari2.acuan == dt.date(2025, 12, 31)
    assert (sari2.suami, sari2.umur, sari2.anak_hidup, sari2.umur_bungsu) == ("Dedi", 43, 3, "")
    assert (sari2.kode_kb, sari2.pelayanan, sari2.tahapan_ks) == ("S", "Swasta", "KS I")
    tini = rt["001"]["Tini"]
    assert (tini.acuan, tini.umur, tini.kode_kb, tini.pelayanan) == (
        dt.date(2025, 7, 31),
        49,
        "I",
        "Pemerintah",
    )
    ani = rt["002"]["Ani"]
    assert (ani.kode_kb, ani.pelayanan, ani.anak_hidup, ani.umur_bungsu) == ("IAS", "", 1, "0 bl")
    rina = rt["002"]["Rina"]
    assert (rina.kode_kb, rina.anak_hidup, rina.umur_bungsu) == ("MAL", 1, "5 bl")
    desi = rt["001"]["Desi"]
    assert (desi.kode_kb, desi.anak_hidup, desi.umur_bungsu) == ("Tradisional", 0, "")


def test_one_rt_lists_only_its_own_months(desa_register):
    w = desa_register
    reg = rp.susun_register(w["desa"], TAHUN, [w["rt2"].pk])
    assert [b.rt.nomor for b in reg.bagian] == ["002"]
    assert [r.nama for r in reg.bagian[0].baris] == ["Ani", "Rina", "Sari"]


def test_months_still_ahead_are_not_read(desa_register):
    w = desa_register
    reg = rp.susun_register(w["desa"], TAHUN, [w["rt1"].pk], hari_ini=dt.date(2025, 3, 10))
    assert reg.bulan == [1, 2, 3]
    rt = _per_rt(reg)
    assert rt["001"]["Desi"].sel == ["TIAL"] * 3 + [""] * 9
    assert rp.bulan_berjalan(2026, dt.date(2025, 12, 31)) == []


def test_the_service_column_classifies_the_recorded_place():
    assert rp.jenis_pelayanan("Puskesmas Wiradesa") == "Pemerintah"
    assert rp.jenis_pelayanan("PMB Bidan Ina") == "Swasta"
    assert rp.jenis_pelayanan("RS swasta Puskesmas") == "Swasta"
    assert rp.jenis_pelayanan("Rumah tetangga") == "Rumah tetangga"
    assert rp.jenis_pelayanan("") == ""


# --- pages, print, PDF and Excel --------------------------------------------------------------


def _url(nama, w, rt="rt2", tahun=TAHUN):
    if rt is None:
        return reverse(f"laporan:{nama}", args=[w["desa"].kode, tahun])
    return reverse(f"laporan:{nama}", args=[w["desa"].kode, tahun, w[rt].pk])


def _masuk(client, peran, w, **lingkup):
    user = f.persona(peran, desa=w["desa"], **lingkup)
    client.force_login(user)
    return user


def _nik(nama):
    return Anggota.objects.get(nama=nama).nik


@pytest.mark.parametrize(
    "peran,halaman,excel",
    [
        (Peran.ADMIN_DESA, 200, 200),
        (Peran.OPERATOR, 200, 200),
        (Peran.PENYULUH, 200, 200),
        (Peran.KADER, 200, 403),
        (Peran.KEPALA_DESA, 403, 403),
        (Peran.KECAMATAN, 403, 403),
    ],
)
def test_each_role_opens_the_register_as_roles_md_says(
    client, desa_register, peran, halaman, excel
):
    w = desa_register
    lingkup = {"rt": [w["rt2"]]} if peran == Peran.KADER else {}
    if peran == Peran.KECAMATAN:
        client.force_login(f.persona(peran, kecamatan_kode=w["desa"].kode[:6]))
    else:
        _masuk(client, peran, w, **lingkup)
    assert client.get(_url("register_pus", w)).status_code == halaman
    assert client.get(_url("register_pus_cetak", w)).status_code == halaman
    assert client.get(_url("register_pus_excel", w)).status_code == excel


def test_a_kader_sees_only_her_own_rts(client, desa_register):
    w = desa_register
    _masuk(client, Peran.KADER, w, rt=[w["rt2"]])
    assert client.get(_url("register_pus", w, "rt1")).status_code == 404
    r = client.get(_url("register_pus_wilayah", w, None))
    assert r.status_code == 200
    reg = r.context["reg"]
    assert [b.rt.nomor for b in reg.bagian] == ["002"]
    assert "Wati" not in r.content.decode() and "Rina" in r.content.decode()
    pilih = client.get(reverse("laporan:register_pus_pilih", args=[w["desa"].kode]))
    assert [rt.nomor for rt in pilih.context["rts"]] == ["002"]


def test_the_page_shows_the_grid_and_full_nik_to_the_operator(client, desa_register):
    w = desa_register
    _masuk(client, Peran.OPERATOR, w)
    html = client.get(_url("register_pus", w)).content.decode()
    assert _nik("Rina") in html
    assert html.count("<td>H</td>") == 9 + 6  # Ani Mar–Nov, Rina Jan–Jun
    assert "<td>MAL</td>" in html and "Swasta" in html


def test_the_print_masks_every_nik_whoever_prints(client, desa_register):
    w = desa_register
    _masuk(client, Peran.ADMIN_DESA, w)
    html = client.get(_url("register_pus_wilayah_cetak", w, None)).content.decode()
    for nama in ("Wati", "Sari", "Tini", "Ani", "Rina", "Desi"):
        assert _nik(nama) not in html
        assert akses.samarkan(_nik(nama)) in html
    assert "REGISTER PASANGAN USIA SUBUR (PUS)" in html


def test_a_year_still_ahead_is_refused_with_a_message(client, desa_register):
    w = desa_register
    _masuk(client, Peran.OPERATOR, w)
    tahun = timezone.localdate().year + 1
    r = client.get(_url("register_pus", w, tahun=tahun), follow=True)
    assert r.redirect_chain[-1][0] == reverse("laporan:register_pus_pilih", args=[w["desa"].kode])
    assert f"Register PUS tahun {tahun} belum bisa dibuat" in r.content.decode()


def test_the_chooser_sends_to_the_chosen_rt_and_year(client, desa_register):
    w = desa_register
    _masuk(client, Peran.OPERATOR, w)
    url = reverse("laporan:register_pus_pilih", args=[w["desa"].kode])
    r = client.get(url, {"tahun": TAHUN, "rt": w["rt1"].pk})
    assert r["Location"] == _url("register_pus", w, "rt1")
    r = client.get(url, {"tahun": TAHUN, "rt": ""})
    assert r["Location"] == _url("register_pus_wilayah", w, None)


def test_every_view_print_and_file_writes_the_access_log(client, desa_register):
    w = desa_register
    user = _masuk(client, Peran.ADMIN_DESA, w)
    for nama in ("register_pus", "register_pus_cetak", "register_pus_excel"):
        assert client.get(_url(nama, w)).status_code == 200
    with mock.patch("laporan.cetak.pdf_dari_html", return_value=b"%PDF-1.7\n"):
        assert client.get(_url("register_pus_pdf", w)).status_code == 200
    log = list(LogAkses.objects.filter(user=user).order_by("id").values_list("jenis", "objek"))
    rt = str(w["rt2"])
    assert log == [
        ("daftar_nama", f"Register PUS {w['desa'].kode} {rt} {TAHUN}"),
        ("daftar_nama", f"Register PUS {w['desa'].kode} {rt} {TAHUN} (cetak)"),
        ("ekspor", f"Register PUS {w['desa'].kode} {rt} {TAHUN} (Excel)"),
        ("daftar_nama", f"Register PUS {w['desa'].kode} {rt} {TAHUN} (PDF)"),
    ]


def _buku(r):
    return load_workbook(io.BytesIO(r.content))


def test_the_excel_has_the_grid_as_string_cells_and_masks_for_the_penyuluh(client, desa_register):
    w = desa_register
    rina = Anggota.objects.get(nama="Rina")
    rina.nama = "=HYPERLINK(1)"
    rina.save(update_fields=["nama"])
    _masuk(client, Peran.OPERATOR, w)
    ws = _buku(client.get(_url("register_pus_excel", w))).worksheets[0]
    kepala = [c.value for c in ws[5]]
    assert kepala == [str(k) for k in rp.KOLOM] + rp.BULAN_SINGKAT
    baris = {r[1]: r for r in ws.iter_rows(min_row=6, values_only=True)}
    assert set(baris) == {"Ani", "=HYPERLINK(1)", "Sari"}
    assert ws.cell(row=6, column=2).value == "=HYPERLINK(1)"  # "=" sorts first
    assert ws.cell(row=6, column=2).data_type == "s"  # and stays text, not a formula
    ani = baris["Ani"]
    assert ani[2] == _nik("Ani") and ani[4] == 27 and ani[5] == 1
    assert list(ani[11:]) == ["P", "IAS"] + ["H"] * 9 + ["IAS"]
    assert list(baris["Sari"][11:]) == [None] * 5 + ["S"] * 7  # blank cells

    client.force_login(f.persona(Peran.PENYULUH, desa=w["desa"]))
    ws = _buku(client.get(_url("register_pus_excel", w))).worksheets[0]
    niks = [r[2] for r in ws.iter_rows(min_row=6, values_only=True)]
    assert niks == [akses.samarkan(_nik(n)) for n in ("=HYPERLINK(1)", "Ani", "Sari")]


def _alat(nama: str) -> str:
    """The full path of a poppler tool (poppler-utils is installed in CI)."""
    path = shutil.which(nama)
    assert path, f"{nama} tidak terpasang: apt-get install -y poppler-utils"
    return path


def _pdf(client, url, **params):
    r = client.get(url, params)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    return r.content


@pytest.mark.parametrize("kertas,ukuran", [("a4", (842, 595)), ("f4", (935, 609))])
def test_the_pdf_is_landscape_with_every_column_title_and_masked_nik(
    client, desa_register, tmp_path, kertas, ukuran
):
    w = desa_register
    _masuk(client, Peran.OPERATOR, w)
    isi = _pdf(client, _url("register_pus_wilayah_pdf", w, None), kertas=kertas)
    lebar, tinggi = ukuran
    halaman = PdfReader(io.BytesIO(isi)).pages
    assert len(halaman) == 2  # one RT per page
    for h in halaman:
        assert abs(float(h.mediabox.width) - lebar) < 2
        assert abs(float(h.mediabox.height) - tinggi) < 2
    berkas = tmp_path / "register.pdf"
    berkas.write_bytes(isi)
    teks = subprocess.run(
        [_alat("pdftotext"), "-layout", str(berkas), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    datar = " ".join(teks.split())
    for judul in [*rp.KOLOM, *rp.BULAN_SINGKAT, "REGISTER PASANGAN USIA SUBUR (PUS)"]:
        kata = str(judul).split()
        assert all(k in datar for k in kata), judul
    for nama in ("Wati", "Sari", "Tini", "Ani", "Rina", "Desi"):
        assert nama in datar
        assert _nik(nama) not in datar
    if kertas == "a4":
        folder = settings.BASE_DIR / "screenshots"
        folder.mkdir(exist_ok=True)
        subprocess.run(
            [
                _alat("pdftoppm"),
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(berkas),
                str(folder / "register-pus-a4"),
            ],
            check=True,
        )
        assert (folder / "register-pus-a4.png").stat().st_size > 0


def test_the_monthly_report_links_the_register_for_roles_that_may_print_it(client, desa_register):
    w = desa_register
    w["desa"].bulan_awal_data = dt.date(2025, 1, 1)
    w["desa"].save()
    url = reverse("laporan:bulanan", args=[w["desa"].kode, "2025-12"])
    pilih = reverse("laporan:register_pus_pilih", args=[w["desa"].kode])
    _masuk(client, Peran.OPERATOR, w)
    assert pilih in client.get(url).content.decode()
    _masuk(client, Peran.KEPALA_DESA, w)
    r = client.get(url)
    assert r.status_code == 200 and pilih not in r.content.decode()
