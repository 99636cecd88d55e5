"""The browser import over HTTP with personas: upload → preview → confirm, all or nothing."""

import io

import openpyxl
import pytest
from django.urls import include, path, reverse

from impor import kolom as K
from impor import layanan
from impor.models import Impor
from keluarga import kode
from keluarga.akses import Peran
from keluarga.models import Anggota, Keluarga, StatusKB
from rumahdataku.urls import urlpatterns as _root
from tests import factories as f
from tests.test_impor_opensid import KK1, buku_opensid, keluarga_budi, orang

# Until the root URLconf mounts "impor/", these tests mount it themselves.
urlpatterns = list(_root)
if not any(getattr(p, "namespace", None) == "impor" for p in _root):
    urlpatterns.append(path("impor/", include("impor.urls")))
pytestmark = pytest.mark.urls("tests.test_impor_web")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def desa(db):
    return f.DesaFactory(kode="3326012001", nama="Pakumbulan")


@pytest.fixture
def orang_(desa):
    lain = f.DesaFactory(kode="3326012099")
    return {
        "admin": f.persona(Peran.ADMIN_DESA, desa=desa),
        "operator": f.persona(Peran.OPERATOR, desa=desa),
        "kader": f.persona(Peran.KADER, desa=desa),
        "penyuluh": f.persona(Peran.PENYULUH, desa=desa),
        "kades": f.persona(Peran.KEPALA_DESA, desa=desa),
        "luar": f.persona(Peran.ADMIN_DESA, desa=lain),
    }


def berkas(tmp_path, rows, nama="penduduk.xlsx"):
    p = buku_opensid(tmp_path / nama, rows)
    b = io.BytesIO(p.read_bytes())
    b.name = nama
    return b


def unggah(client, user, data):
    client.force_login(user)
    return client.post(reverse("impor:beranda"), {"berkas": data, "format": ""})


def test_anonymous_users_are_sent_to_login(client, desa):
    r = client.get(reverse("impor:beranda"))
    assert r.status_code == 302 and "/akun/masuk/" in r.url


@pytest.mark.parametrize("peran", ["kader", "kades", "penyuluh"])
def test_roles_without_import_get_403(client, orang_, peran, tmp_path):
    client.force_login(orang_[peran])
    assert client.get(reverse("impor:beranda")).status_code == 403
    assert client.get(reverse("impor:templat", args=["keluarga"])).status_code == 403
    r = client.post(reverse("impor:beranda"), {"berkas": berkas(tmp_path, keluarga_budi())})
    assert r.status_code == 403
    assert not Impor.objects.exists() and not Anggota.objects.exists()


def test_operator_uploads_previews_and_confirms(client, orang_, tmp_path, settings):
    r = unggah(client, orang_["operator"], berkas(tmp_path, keluarga_budi()))
    impor = Impor.objects.get()
    assert r.status_code == 302 and r.url == reverse("impor:pratinjau", args=[impor.pk])
    # Nothing is saved before confirmation; the upload is kept privately with a random name.
    assert not Anggota.objects.exists() and not Keluarga.objects.exists()
    assert impor.status == Impor.Status.UJI and impor.menunggu_konfirmasi
    simpanan = layanan.path_unggahan(impor)
    assert simpanan.parent == settings.MEDIA_ROOT / "impor"
    assert simpanan.name != "penduduk.xlsx" and len(simpanan.stem) == 32
    halaman = client.get(r.url)
    assert halaman.status_code == 200
    teks = halaman.content.decode()
    assert "Simpan ke Rumah Dataku" in teks and "penduduk.xlsx" in teks
    assert "Belum ada yang disimpan" in teks
    r = client.post(reverse("impor:simpan", args=[impor.pk]))
    assert r.status_code == 302
    impor.refresh_from_db()
    assert impor.status == Impor.Status.TERSIMPAN and impor.oleh == orang_["operator"]
    assert Anggota.objects.count() == 3
    assert not simpanan.exists() and impor.berkas == ""
    h = Anggota.history.filter(nama="Andi").get()
    assert h.history_user == orang_["operator"]
    assert h.history_change_reason == "impor penduduk.xlsx"
    pesan = [str(m) for m in client.get(r.url).context["messages"]]
    assert any("Impor tersimpan" in p for p in pesan)
    # Confirming twice saves nothing more.
    client.post(reverse("impor:simpan", args=[impor.pk]))
    assert Anggota.objects.count() == 3


def test_a_preview_shows_every_error_by_row_and_column_and_confirm_is_refused(
    client, orang_, tmp_path
):
    rows = keluarga_budi(b2={"sex": "9"})
    rows.append(orang(nama="Angka", nik=3326014508900099, no_kk="3326010101200002", kk_level="1"))
    unggah(client, orang_["admin"], berkas(tmp_path, rows))
    impor = Impor.objects.get()
    assert impor.status == Impor.Status.UJI and impor.galat == 2
    assert not impor.menunggu_konfirmasi and impor.berkas == ""
    teks = client.get(reverse("impor:pratinjau", args=[impor.pk])).content.decode()
    assert "sex" in teks and "nik" in teks and "Teks" in teks
    assert "Simpan ke Rumah Dataku" not in teks
    r = client.post(reverse("impor:simpan", args=[impor.pk]))
    assert r.status_code == 302
    assert not Anggota.objects.exists()
    impor.refresh_from_db()
    assert impor.status != Impor.Status.TERSIMPAN


def test_confirming_is_refused_when_the_data_changed_since_the_preview(client, orang_, tmp_path):
    unggah(client, orang_["admin"], berkas(tmp_path, keluarga_budi()))
    impor = Impor.objects.get()
    # Meanwhile someone else imports the same people: the preview's "3 new" is no longer true.
    layanan.jalankan(
        path=buku_opensid(tmp_path / "lain.xlsx", keluarga_budi(b1={"cara_kb_id": ""})),
        nama_berkas="lain.xlsx",
        desa=impor.desa,
        simpan=True,
    )
    client.post(reverse("impor:simpan", args=[impor.pk]))
    impor.refresh_from_db()
    assert impor.status == Impor.Status.UJI and impor.tetap == 2 and impor.diubah == 1
    assert not StatusKB.objects.exists()
    client.post(reverse("impor:simpan", args=[impor.pk]))
    assert StatusKB.objects.get().metode == kode.MetodeKB.SUNTIK


def test_cancelling_removes_the_upload_and_saves_nothing(client, orang_, tmp_path):
    unggah(client, orang_["operator"], berkas(tmp_path, keluarga_budi()))
    impor = Impor.objects.get()
    path_ = layanan.path_unggahan(impor)
    client.post(reverse("impor:batal", args=[impor.pk]))
    assert not path_.exists()
    client.post(reverse("impor:simpan", args=[impor.pk]))
    assert not Anggota.objects.exists()


def test_a_preview_of_another_desa_is_404(client, orang_, tmp_path):
    unggah(client, orang_["operator"], berkas(tmp_path, keluarga_budi()))
    impor = Impor.objects.get()
    client.force_login(orang_["luar"])
    assert client.get(reverse("impor:pratinjau", args=[impor.pk])).status_code == 404
    assert client.post(reverse("impor:simpan", args=[impor.pk])).status_code == 404
    assert not Anggota.objects.exists()


def test_a_bad_file_gets_its_message_on_the_preview(client, orang_):
    data = io.BytesIO(b"nama;nik\nSiti;123\n")
    data.name = "data.csv"
    unggah(client, orang_["admin"], data)
    impor = Impor.objects.get()
    teks = client.get(reverse("impor:pratinjau", args=[impor.pk])).content.decode()
    assert "bukan berkas Excel" in teks
    assert impor.berkas == ""


def test_the_upload_page_lists_templates_and_the_imports_of_the_desa(client, orang_, tmp_path):
    unggah(client, orang_["operator"], berkas(tmp_path, keluarga_budi()))
    client.force_login(orang_["admin"])
    teks = client.get(reverse("impor:beranda")).content.decode()
    assert "penduduk.xlsx" in teks and "Menunggu konfirmasi" in teks
    for jenis in K.TEMPLAT:
        assert reverse("impor:templat", args=[jenis]) in teks


@pytest.mark.parametrize("jenis", list(K.TEMPLAT))
def test_templates_download_with_headers_code_lists_and_dropdowns(client, orang_, jenis):
    client.force_login(orang_["admin"])
    r = client.get(reverse("impor:templat", args=[jenis]))
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    _judul, _nama, lembar = K.TEMPLAT[jenis]
    assert wb.sheetnames[: len(lembar)] == lembar
    assert K.LEMBAR_KODE in wb.sheetnames and K.LEMBAR_PETUNJUK in wb.sheetnames
    for nama in lembar:
        ws = wb[nama]
        judul = [c.value for c in ws[1]]
        assert judul == [k.judul for k in K.kolom_templat(nama)]
        rumus = {dv.formula1 for dv in ws.data_validations.dataValidation}
        assert any(r_.startswith("=Kode!") for r_ in rumus)
    assert client.get(reverse("impor:templat", args=["lain"])).status_code == 404


def test_an_empty_template_is_refused_as_having_no_data(client, orang_):
    client.force_login(orang_["admin"])
    isi = client.get(reverse("impor:templat", args=["keluarga"])).content
    data = io.BytesIO(isi)
    data.name = "templat.xlsx"
    unggah(client, orang_["admin"], data)
    assert "tidak berisi baris data" in Impor.objects.get().masalah[0]["pesan"]


def test_uploading_for_a_family_already_in_the_desa_updates_it(client, orang_, tmp_path):
    unggah(client, orang_["admin"], berkas(tmp_path, keluarga_budi()))
    client.post(reverse("impor:simpan", args=[Impor.objects.get().pk]))
    unggah(client, orang_["admin"], berkas(tmp_path, keluarga_budi(b2={"tempatlahir": "Batang"})))
    impor = Impor.objects.latest("pk")
    assert (impor.baru, impor.diubah, impor.tetap) == (0, 1, 2)
    client.post(reverse("impor:simpan", args=[impor.pk]))
    assert Anggota.objects.get(nama="Andi").tempat_lahir == "Batang"
    assert Keluarga.objects.get(no_kk=KK1).versi >= 1
