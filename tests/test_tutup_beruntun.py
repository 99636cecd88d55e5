"""Closing the open months up to a chosen one in one step (issue 20 point 5)."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from keluarga.akses import Peran
from laporan import peta, services
from laporan import tutup_beruntun as tb
from laporan.models import PeriodeBulan, RapatBulanan, RiwayatPeriode
from tests import factories as f
from tests.test_definisi import desa_kecil, desa_kecil_berdata  # noqa: F401  (hand-counted)

RAPAT = {
    "tanggal": dt.date(2026, 12, 5),
    "tempat": "Balai desa",
    "peserta": "Ketua\nSekretaris",
    "catatan": "",
}
BULAN = [(2026, 9), (2026, 10), (2026, 11)]
WAKTU = {"ditutup_pada", "dibuat_pada", "waktu"}


@pytest.fixture
def desa(desa_kecil_berdata):  # noqa: F811
    return desa_kecil_berdata["desa"]


def _tanpa_waktu(x):
    if isinstance(x, dict):
        return {k: _tanpa_waktu(v) for k, v in x.items() if k not in WAKTU}
    if isinstance(x, list):
        return [_tanpa_waktu(v) for v in x]
    return x


def _potret(desa) -> list[bytes]:
    """The frozen JSON of each month (report, table-7 lists, areas, map), as bytes."""
    hasil = []
    for tahun, bulan in BULAN:
        p = PeriodeBulan.objects.get(desa=desa, bulan=dt.date(tahun, bulan, 1))
        beku = {
            "snapshot": p.snapshot,
            "daftar": p.snapshot_daftar,
            "wilayah": p.snapshot_wilayah,
            "peta": peta.data_peta_bulan(desa, tahun, bulan),
        }
        hasil.append(json.dumps(_tanpa_waktu(beku), ensure_ascii=False, sort_keys=True).encode())
    return hasil


def _buka_semua(desa, admin):
    for tahun, bulan in reversed(BULAN):
        services.buka_kembali(desa=desa, tahun=tahun, bulan=bulan, oleh=admin, alasan="uji")


def test_the_open_months_up_to_the_chosen_one_are_listed_in_order(desa):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    assert tb.bulan_terbuka_sampai(desa, 2026, 11) == [
        dt.date(2026, 9, 1),
        dt.date(2026, 10, 1),
        dt.date(2026, 11, 1),
    ]
    services.tutup_bulan(desa=desa, tahun=2026, bulan=9, oleh=admin, rapat=RAPAT)
    assert tb.bulan_terbuka_sampai(desa, 2026, 11) == [dt.date(2026, 10, 1), dt.date(2026, 11, 1)]
    assert tb.bulan_terbuka_sampai(desa, 2026, 9) == []


def test_closing_three_months_in_one_step_gives_the_snapshots_of_closing_them_one_by_one(desa):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    for tahun, bulan in BULAN:
        services.tutup_bulan(desa=desa, tahun=tahun, bulan=bulan, oleh=admin, rapat=RAPAT)
    satu_satu = _potret(desa)
    _buka_semua(desa, admin)

    hasil = tb.tutup_beruntun(desa=desa, tahun=2026, bulan=11, oleh=admin, rapat=RAPAT)

    assert hasil.selesai and hasil.ditutup == [dt.date(2026, m, 1) for m in (9, 10, 11)]
    sekaligus = _potret(desa)
    assert sekaligus == satu_satu
    assert json.loads(sekaligus[0])["snapshot"]["status"] == "ditutup"


def test_earlier_months_are_closed_without_a_meeting_together_with_the_chosen_month(desa):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    tb.tutup_beruntun(desa=desa, tahun=2026, bulan=11, oleh=admin, rapat=RAPAT)
    periode = {p.bulan.month: p for p in PeriodeBulan.objects.filter(desa=desa).order_by("bulan")}
    assert [p.status for p in periode.values()] == ["ditutup"] * 3
    assert list(RapatBulanan.objects.filter(periode__desa=desa).values_list("periode__bulan")) == [
        (dt.date(2026, 11, 1),)
    ]
    rapat = RapatBulanan.objects.get(periode=periode[11])
    assert (rapat.tanggal, rapat.tempat) == (dt.date(2026, 12, 5), "Balai desa")
    for m in (9, 10):
        assert tb.catatan_tutup(periode[m]) == "ditutup tanpa rapat, bersama bulan November 2026"
        assert periode[m].ditutup_oleh == admin
    assert tb.catatan_tutup(periode[11]) == ""
    assert list(periode[11].riwayat.values_list("aksi", "alasan")) == [("tutup", "")]


def test_a_month_reopened_and_closed_again_with_its_own_meeting_loses_the_note(desa):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    tb.tutup_beruntun(desa=desa, tahun=2026, bulan=11, oleh=admin, rapat=RAPAT)
    for bulan in (11, 10):
        services.buka_kembali(desa=desa, tahun=2026, bulan=bulan, oleh=admin, alasan="koreksi")
    assert tb.catatan_tutup(PeriodeBulan.objects.get(desa=desa, bulan=dt.date(2026, 10, 1))) == ""
    services.tutup_bulan(desa=desa, tahun=2026, bulan=10, oleh=admin, rapat=RAPAT)
    okt = PeriodeBulan.objects.get(desa=desa, bulan=dt.date(2026, 10, 1))
    assert tb.catatan_tutup(okt) == "" and RapatBulanan.objects.filter(periode=okt).exists()
    sep = PeriodeBulan.objects.get(desa=desa, bulan=dt.date(2026, 9, 1))
    assert tb.catatan_tutup(sep) == "ditutup tanpa rapat, bersama bulan November 2026"


def test_a_refusal_in_the_middle_keeps_the_earlier_months_and_closing_again_resumes(
    desa, monkeypatch
):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    asli = services.tutup_bulan
    tolak = {"sisa": 1}

    def tutup_kadang_ditolak(**kw):
        if kw["bulan"] == 10 and tolak["sisa"]:
            tolak["sisa"] -= 1
            raise ValidationError("Data Oktober belum lengkap.")
        return asli(**kw)

    monkeypatch.setattr(services, "tutup_bulan", tutup_kadang_ditolak)
    hasil = tb.tutup_beruntun(desa=desa, tahun=2026, bulan=11, oleh=admin, rapat=RAPAT)

    assert hasil.ditutup == [dt.date(2026, 9, 1)]
    assert hasil.ditolak == dt.date(2026, 10, 1) and hasil.pesan == "Data Oktober belum lengkap."
    assert hasil.sisa == [dt.date(2026, 10, 1), dt.date(2026, 11, 1)]
    status = dict(PeriodeBulan.objects.filter(desa=desa).values_list("bulan__month", "status"))
    assert status == {9: "ditutup"}
    # September keeps its close without a meeting; October's close never happened.
    assert not RapatBulanan.objects.filter(periode__desa=desa).exists()

    lagi = tb.tutup_beruntun(desa=desa, tahun=2026, bulan=11, oleh=admin, rapat=RAPAT)

    assert lagi.selesai and lagi.ditutup == [dt.date(2026, 10, 1), dt.date(2026, 11, 1)]
    assert RiwayatPeriode.objects.filter(periode__desa=desa, aksi="tutup").count() == 3


def test_a_refused_month_leaves_no_meeting_or_close_behind(desa, monkeypatch):
    """A month whose close fails after the service ran is rolled back whole."""
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)

    def hapus_gagal(*a, **kw):
        raise ValidationError("gagal")

    monkeypatch.setattr(tb, "keterangan_tanpa_rapat", hapus_gagal)
    hasil = tb.tutup_beruntun(desa=desa, tahun=2026, bulan=11, oleh=admin, rapat=RAPAT)
    assert hasil.ditolak == dt.date(2026, 9, 1) and hasil.ditutup == []
    assert not PeriodeBulan.objects.filter(desa=desa, status="ditutup").exists()
    assert not RapatBulanan.objects.exists()


def test_the_page_closes_one_month_per_request_with_progress_then_returns_to_the_report(
    client, desa
):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    client.force_login(admin)
    url = reverse("laporan:tutup_beruntun", args=[desa.kode, "2026-11"])
    laporan_url = reverse("laporan:bulanan", args=[desa.kode, "2026-11"])
    assert url in client.get(laporan_url).content.decode()
    halaman = client.get(url).content.decode()
    assert "3 bulan masih terbuka" in halaman and "Tutup 3 bulan" in halaman
    data = {"tanggal": "2026-12-05", "tempat": "Balai", "peserta": "A\nB", "total": "3"}

    r = client.post(url, data)
    assert r.status_code == 200
    isi = r.content.decode()
    assert "Sudah ditutup 1 dari 3 bulan." in isi and "data-lanjut-otomatis" in isi
    assert r.context["form"].initial["tempat"] == "Balai"
    r = client.post(url, data)
    assert "Sudah ditutup 2 dari 3 bulan." in r.content.decode()
    r = client.post(url, data)
    assert r.status_code == 302 and r["Location"] == laporan_url
    assert PeriodeBulan.objects.filter(desa=desa, status="ditutup").count() == 3
    sept = client.get(reverse("laporan:bulanan", args=[desa.kode, "2026-09"])).content.decode()
    assert "ditutup tanpa rapat, bersama bulan November 2026" in sept
    assert client.get(url).status_code == 302  # nothing left to close


def test_only_the_roles_that_close_a_month_may_close_several(client, desa):
    url = reverse("laporan:tutup_beruntun", args=[desa.kode, "2026-11"])
    data = {"tanggal": "2026-12-05", "tempat": "Balai", "peserta": "A"}
    for persona in (
        f.persona(Peran.KEPALA_DESA, desa=desa),
        f.persona(Peran.PENYULUH, desa_list=[desa]),
    ):
        client.force_login(persona)
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
    client.force_login(f.persona(Peran.OPERATOR, desa=desa))
    assert client.get(url).status_code == 200
    assert not PeriodeBulan.objects.filter(desa=desa, status="ditutup").exists()
