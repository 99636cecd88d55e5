"""Mother links of an import (issue 13, item 11): a name shared by two women of a family never
refuses the workbook. By name only a woman 12 to 55 completed years older than the child
qualifies; an ambiguous name or a link that closes a circle is left empty with a warning,
listed on the import record and (when a person must choose) on the worklist."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from impor import ekspor, layanan
from impor.models import Impor
from impor.rencana_anggota import ibu_memenuhi
from keluarga import kualitas
from keluarga.akses import Peran
from keluarga.models import Anggota, Desa, Keluarga
from laporan import services as laporan_services
from tests import factories as f
from tests.test_ekspor import hapus_desa
from tests.test_impor_opensid import KK1, KK2, buku_opensid, impor, orang, pesan

D = dt.date


def nik(lahir: str, jk: str, n: int) -> str:
    return f.nik_untuk(D.fromisoformat(lahir), jk, n)


def wanita(nama: str, lahir: str, n: int, kk_level: str, **isi) -> dict:
    return orang(
        nama=nama,
        nik=nik(lahir, "P", n),
        sex="2",
        tanggallahir=lahir,
        kk_level=kk_level,
        status_kawin="2" if kk_level in ("1", "3") else "1",
        **isi,
    )


def kepala(nama="Ahmad", lahir="1955-01-01", n=1, no_kk=KK1) -> dict:
    return orang(
        nama=nama,
        nik=nik(lahir, "L", n),
        sex="1",
        tanggallahir=lahir,
        kk_level="1",
        no_kk=no_kk,
        pekerjaan_id="9",
    )


@pytest.fixture
def desa(db):
    return f.DesaFactory(kode="3326012001", nama="Pakumbulan")


def ibu_dari(nama: str, lahir: str) -> str | None:
    a = Anggota.objects.select_related("ibu").get(nama=nama, tanggal_lahir=D.fromisoformat(lahir))
    return a.ibu.nama if a.ibu else None


def peringatan_baris(hasil) -> dict[int, str]:
    return {m["baris"]: m["pesan"] for m in hasil.impor.masalah if m["jenis"] == "peringatan"}


# --- the age rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lahir_ibu,lahir_anak,boleh",
    [
        (D(2000, 5, 10), D(2012, 5, 10), True),  # 12 on the day
        (D(2000, 5, 11), D(2012, 5, 10), False),  # one day short of 12
        (D(1950, 5, 10), D(2006, 5, 9), True),  # 55 and 364 days
        (D(1950, 5, 10), D(2006, 5, 10), False),  # 56 on the day
        (D(2000, 2, 29), D(2012, 2, 28), False),  # a 29 February birthday: 12 on 1 March
        (D(2000, 2, 29), D(2012, 2, 29), True),
        (D(2012, 5, 10), D(2000, 5, 10), False),  # younger than the child
        (None, D(2012, 5, 10), False),  # no birth date: she does not qualify
        (D(1990, 1, 1), None, False),
    ],
)
def test_a_candidate_mother_qualifies_only_when_12_to_55_completed_years_older(
    lahir_ibu, lahir_anak, boleh
):
    assert ibu_memenuhi(lahir_ibu, lahir_anak) is boleh


# --- names that collide ------------------------------------------------------------------------


def keluarga_siti() -> list[dict]:
    """Three generations in one KK: grandmother SITI (whose own mother was a SITI too), her
    daughter NUR, and the granddaughter SITI, whose mother SITI lives elsewhere. The old rule
    linked the two SITIs to each other and refused the whole workbook as a circle."""
    return [
        kepala(),  # row 2
        wanita("SITI", "1955-04-10", 2, "3", nama_ibu="SITI"),  # row 3: mother not in the KK
        wanita("NUR HAYATI", "1980-07-01", 3, "4", nama_ibu="SITI"),  # row 4: grandmother
        wanita("SITI", "2012-09-09", 4, "6", nama_ibu="SITI"),  # row 5: mother not in the KK
    ]


def test_two_women_of_one_family_with_one_name_do_not_refuse_the_workbook(tmp_path, desa):
    hasil = impor(tmp_path, keluarga_siti(), desa)
    assert hasil.tersimpan, pesan(hasil)
    assert pesan(hasil) == []
    assert Anggota.objects.count() == 4
    # NUR's mother by name: only the grandmother (25 years older) qualifies.
    assert ibu_dari("NUR HAYATI", "1980-07-01") == "SITI"
    assert Anggota.objects.get(nama="NUR HAYATI").ibu.tanggal_lahir == D(1955, 4, 10)
    # The grandmother (only a younger SITI) and the granddaughter (a SITI 57 years older).
    assert ibu_dari("SITI", "1955-04-10") is None
    assert ibu_dari("SITI", "2012-09-09") is None
    per = peringatan_baris(hasil)
    assert "12-55 tahun lebih tua" in per[3] and "12-55 tahun lebih tua" in per[5]
    lepas = hasil.impor.rincian["ibu_belum_ditautkan"]
    assert [(t["baris"], t["anak"], t["ibu"], t["kolom"]) for t in lepas] == [
        (3, "SITI", "SITI", "nama_ibu"),
        (5, "SITI", "SITI", "nama_ibu"),
    ]
    # No woman of the right age in the KK: the mother is elsewhere, nothing to choose.
    assert not Anggota.objects.filter(ibu_belum_ditautkan=True).exists()


def test_a_mother_named_like_two_women_of_the_right_age_is_left_empty_and_worklisted(
    tmp_path, desa, client
):
    rows = [
        kepala(),
        wanita("SRI WAHYUNI", "1982-03-03", 2, "3"),  # the wife
        wanita("SRI WAHYUNI", "1984-06-06", 3, "9"),  # her namesake cousin (famili lain)
        orang(
            nama="Andi",
            nik=nik("2010-01-01", "L", 4),
            sex="1",
            tanggallahir="2010-01-01",
            kk_level="4",
            status_kawin="1",
            nama_ibu="Sri  Wahyuni",
        ),  # row 5
        wanita("Rina", "2012-02-02", 5, "4", nama_ibu="Sri Wahyuni"),  # row 6
    ]
    hasil = impor(tmp_path, rows, desa)
    assert hasil.tersimpan, pesan(hasil)
    assert ibu_dari("Andi", "2010-01-01") is None and ibu_dari("Rina", "2012-02-02") is None
    per = peringatan_baris(hasil)
    assert per[5].startswith("Ada 2 perempuan bernama Sri Wahyuni di KK ini")
    assert [t["baris"] for t in hasil.impor.rincian["ibu_belum_ditautkan"]] == [5, 6]
    assert {m["kolom"] for m in hasil.impor.masalah if m["baris"] in (5, 6)} == {"nama_ibu"}

    # The worklist and the report: the two children, counted by hand.
    hari = timezone.localdate()
    assert kualitas.hitung_semua(hari, [desa.pk])["ibu_belum_ditautkan"] == 2
    daftar = kualitas.ibu_belum_ditautkan(hari, [desa.pk])
    assert sorted(daftar.values_list("nama", flat=True)) == ["Andi", "Rina"]
    lap = laporan_services.laporan_bulan(desa, hari.year, hari.month)
    assert lap["kualitas_data"]["ibu_belum_ditautkan"] == 2
    client.force_login(f.persona(Peran.ADMIN_DESA, desa=desa))
    r = client.get("/kualitas-data/", {"cek": "ibu_belum_ditautkan"})
    assert sorted(b.nama for b in r.context["bagian"][0]["baris"]) == ["Andi", "Rina"]
    assert "Ibu belum ditautkan" in r.content.decode()

    # Choosing the mother takes the child off the list.
    andi = Anggota.objects.get(nama="Andi")
    andi.ibu = Anggota.objects.get(nama="SRI WAHYUNI", tanggal_lahir=D(1982, 3, 3))
    andi.full_clean()
    andi.save()
    assert not Anggota.objects.get(pk=andi.pk).ibu_belum_ditautkan
    assert kualitas.hitung_semua(hari, [desa.pk])["ibu_belum_ditautkan"] == 1

    # Importing the same file again changes nothing and lists the still unlinked child only.
    lagi = impor(tmp_path, rows, desa, nama="lagi.xlsx")
    assert (lagi.impor.baru, lagi.impor.diubah) == (0, 0)
    assert Anggota.objects.get(pk=andi.pk).ibu.tanggal_lahir == D(1982, 3, 3)
    assert [t["baris"] for t in lagi.impor.rincian["ibu_belum_ditautkan"]] == [6]


def test_a_namesake_exactly_12_or_55_years_older_is_linked_and_one_day_outside_is_not(
    tmp_path, desa
):
    rows = [
        # KK1: a mother exactly 12 on the child's birth date; a namesake a day too young.
        kepala(lahir="1996-01-01"),
        wanita("Rina", "2000-05-10", 2, "3"),
        wanita("Tini", "2012-05-10", 3, "4", nama_ibu="Rina"),  # row 4: linked
        wanita("Rina", "2000-05-11", 4, "9"),  # a day short of 12 for row 6
        wanita("Ani", "2012-05-10", 5, "4", nama_ibu="Rina"),  # row 6: the 12-year-old Rina
        # KK2: a mother exactly 55 on the child's birth date; 56 on the next child's.
        kepala("Harjo", "1948-01-01", 6, KK2),
        wanita("Painem", "1950-05-10", 7, "3", no_kk=KK2),
        wanita("Wati", "2005-05-10", 8, "4", no_kk=KK2, nama_ibu="Painem"),  # row 9
        wanita("Yati", "2006-05-10", 9, "4", no_kk=KK2, nama_ibu="Painem"),  # row 10
    ]
    hasil = impor(tmp_path, rows, desa)
    assert hasil.tersimpan, pesan(hasil)
    assert Anggota.objects.get(nama="Tini").ibu.tanggal_lahir == D(2000, 5, 10)
    assert Anggota.objects.get(nama="Ani").ibu.tanggal_lahir == D(2000, 5, 10)
    assert ibu_dari("Wati", "2005-05-10") == "Painem"
    assert ibu_dari("Yati", "2006-05-10") is None
    assert [t["baris"] for t in hasil.impor.rincian["ibu_belum_ditautkan"]] == [10]
    assert "tidak ditautkan" in peringatan_baris(hasil)[10]


# --- circles ---------------------------------------------------------------------------------


def test_a_circle_made_only_by_nik_drops_all_its_links_with_a_warning(tmp_path, desa):
    a_nik, b_nik = nik("1970-01-01", "P", 2), nik("1990-01-01", "P", 3)
    rows = [
        kepala(),
        wanita("Asih", "1970-01-01", 2, "3", ibu_nik=b_nik),  # row 3
        wanita("Bunga", "1990-01-01", 3, "4", ibu_nik=a_nik),  # row 4
        wanita("Citra", "2000-01-01", 4, "4", ibu_nik=a_nik),  # row 5: outside the circle
    ]
    hasil = impor(tmp_path, rows, desa)
    assert hasil.tersimpan, pesan(hasil)
    assert ibu_dari("Asih", "1970-01-01") is None and ibu_dari("Bunga", "1990-01-01") is None
    assert ibu_dari("Citra", "2000-01-01") == "Asih"
    per = peringatan_baris(hasil)
    assert "melingkar (Asih → Bunga → Asih)" in per[3]
    assert "melingkar (Asih → Bunga → Asih)" in per[4]
    assert [(t["baris"], t["kolom"]) for t in hasil.impor.rincian["ibu_belum_ditautkan"]] == [
        (3, "ibu_nik"),
        (4, "ibu_nik"),
    ]
    assert set(Anggota.objects.filter(ibu_belum_ditautkan=True).values_list("nama", flat=True)) == {
        "Asih",
        "Bunga",
    }


def test_in_a_circle_the_link_by_name_is_dropped_and_the_link_by_nik_stays(tmp_path, desa):
    rows = [
        kepala(),
        # A wrong NIK makes Asih the daughter of the younger Bunga...
        wanita("Asih", "1970-01-01", 2, "3", ibu_nik=nik("1995-01-01", "P", 3)),
        # ...and Bunga names Asih (25 years older, a valid candidate) as her mother.
        wanita("Bunga", "1995-01-01", 3, "4", nama_ibu="Asih"),  # row 4
    ]
    hasil = impor(tmp_path, rows, desa)
    assert hasil.tersimpan, pesan(hasil)
    assert ibu_dari("Asih", "1970-01-01") == "Bunga"
    assert ibu_dari("Bunga", "1995-01-01") is None
    assert "melingkar" in peringatan_baris(hasil)[4]
    assert [t["baris"] for t in hasil.impor.rincian["ibu_belum_ditautkan"]] == [4]
    assert list(
        Anggota.objects.filter(ibu_belum_ditautkan=True).values_list("nama", flat=True)
    ) == ["Bunga"]


def test_a_self_link_by_nik_is_a_warning_not_an_error(tmp_path, desa):
    rows = [kepala(), wanita("Asih", "1970-01-01", 2, "3", ibu_nik=nik("1970-01-01", "P", 2))]
    hasil = impor(tmp_path, rows, desa)
    assert hasil.tersimpan and pesan(hasil) == []
    assert "ibunya sendiri" in peringatan_baris(hasil)[3]
    assert ibu_dari("Asih", "1970-01-01") is None


def test_a_circle_through_people_already_in_the_database_is_dropped(tmp_path, desa):
    rows = [
        kepala(),
        wanita("Asih", "1960-01-01", 2, "3"),
        wanita("Bunga", "1990-01-01", 3, "4"),
        wanita("Citra", "1992-01-01", 4, "4"),
    ]
    assert impor(tmp_path, rows, desa).tersimpan
    # Recorded earlier (wrongly): Asih's mother is Bunga, Citra's mother is Asih.
    asih = Anggota.objects.get(nama="Asih")
    Anggota.objects.filter(nama="Asih").update(ibu=Anggota.objects.get(nama="Bunga"))
    Anggota.objects.filter(nama="Citra").update(ibu=asih)
    # Now Bunga names Asih (30 years older: a valid candidate), closing Bunga → Asih → Bunga.
    rows[2] = wanita("Bunga", "1990-01-01", 3, "4", nama_ibu="Asih")  # row 4: by name
    hasil = impor(tmp_path, rows, desa, nama="kedua.xlsx")
    assert hasil.tersimpan, pesan(hasil)
    assert ibu_dari("Bunga", "1990-01-01") is None
    assert ibu_dari("Asih", "1960-01-01") == "Bunga"  # a recorded link is not erased
    assert "melingkar (Bunga → Asih → Bunga)" in peringatan_baris(hasil)[4]
    assert Anggota.objects.get(nama="Bunga").ibu_belum_ditautkan

    # A NIK link that closes a circle with a recorded link: dropped too.
    rows[2] = wanita("Bunga", "1990-01-01", 3, "4")
    rows[1] = wanita("Asih", "1960-01-01", 2, "3", ibu_nik=nik("1992-01-01", "P", 4))
    Anggota.objects.filter(nama="Asih").update(ibu=None)
    hasil = impor(tmp_path, rows, desa, nama="ketiga.xlsx")
    assert hasil.tersimpan, pesan(hasil)
    assert ibu_dari("Asih", "1960-01-01") is None
    assert ibu_dari("Citra", "1992-01-01") == "Asih"
    assert (
        "NIK ibu membuat hubungan ibu-anak melingkar (Asih → Citra → Asih)"
        in (peringatan_baris(hasil)[3])
    )


@pytest.mark.urls("tests.test_impor_web")
def test_the_preview_lists_the_unlinked_mothers_as_warnings_and_confirming_saves(
    client, desa, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    data = io.BytesIO(buku_opensid(tmp_path / "siti.xlsx", keluarga_siti()).read_bytes())
    data.name = "siti.xlsx"
    client.force_login(f.persona(Peran.OPERATOR, desa=desa))
    r = client.post(reverse("impor:beranda"), {"berkas": data, "format": ""})
    impor_ = Impor.objects.get()
    assert (impor_.galat, impor_.peringatan) == (0, 2)
    teks = client.get(r.url).content.decode()
    assert "Ibu belum ditautkan (2)" in teks and "Simpan ke Rumah Dataku" in teks
    client.post(reverse("impor:simpan", args=[impor_.pk]))
    impor_.refresh_from_db()
    assert impor_.status == Impor.Status.TERSIMPAN and Anggota.objects.count() == 4
    assert len(impor_.rincian["ibu_belum_ditautkan"]) == 2


def test_a_whole_desa_export_keeps_the_unlinked_mothers_on_the_worklist(tmp_path, desa):
    rows = [
        kepala(),
        wanita("SRI", "1982-03-03", 2, "3"),
        wanita("SRI", "1984-06-06", 3, "9"),
        wanita("Rina", "2012-02-02", 4, "4", nama_ibu="SRI"),
    ]
    assert impor(tmp_path, rows, desa).tersimpan
    assert list(
        Anggota.objects.filter(ibu_belum_ditautkan=True).values_list("nama", flat=True)
    ) == ["Rina"]
    path = tmp_path / "desa.xlsx"
    ekspor.ekspor_desa(desa, nik_penuh=True, tujuan=path)
    daftar = ekspor.ekspor_daftar(Keluarga.objects.filter(desa=desa), nik_penuh=True)
    judul = [c.value for c in load_workbook(io.BytesIO(daftar))["Anggota"][1]]
    assert "Ibu belum ditautkan" not in judul  # the names list is for people to read
    Impor.objects.all().delete()
    hapus_desa(desa.kode)
    hasil = layanan.jalankan(
        path=path, nama_berkas="desa.xlsx", desa=Desa(kode="3326012001", nama="X"), simpan=True
    )
    assert hasil.tersimpan, pesan(hasil)
    assert list(
        Anggota.objects.filter(ibu_belum_ditautkan=True).values_list("nama", flat=True)
    ) == ["Rina"]
