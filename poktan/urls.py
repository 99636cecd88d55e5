"""URLs of the poktan workspace (namespace "poktan"), mounted at /poktan/."""

from django.urls import path

from poktan.views import kelompok as k
from poktan.views import posyandu as p
from poktan.views import register as r
from poktan.views import siga as s

app_name = "poktan"

urlpatterns = [
    path("", k.daftar, name="daftar"),
    path("kelompok/baru/", k.kelompok_buat, name="kelompok_buat"),
    path("kelompok/<int:pk>/", k.detail, name="kelompok"),
    path("kelompok/<int:pk>/ubah/", k.kelompok_ubah, name="kelompok_ubah"),
    path("kelompok/<int:pk>/anggota/tambah/", k.anggota_tambah, name="anggota_tambah"),
    path("anggota/<int:pk>/akhiri/", k.anggota_akhiri, name="anggota_akhiri"),
    path("kelompok/<int:pk>/pertemuan/baru/", r.pertemuan_baru, name="pertemuan_baru"),
    path("pertemuan/<int:pk>/", r.pertemuan, name="pertemuan"),
    path("kelompok/<int:pk>/keuangan/", r.keuangan, name="keuangan"),
    path("kelompok/<int:pk>/sesi/baru/", p.sesi_baru, name="sesi_baru"),
    path("sesi/<int:pk>/", p.sesi, name="sesi"),
    path("anak/<int:pk>/", p.anak, name="anak"),
    path("anak-luar/<int:pk>/", p.anak_luar, name="anak_luar"),
    # SIGA registers K/0 and R/I
    path("kelompok/<int:pk>/register/", s.register, name="register"),
    path("kelompok/<int:pk>/ri/<str:bulan>/", s.ri_cetak, name="ri_cetak"),
    path("kelompok/<int:pk>/ri/<str:bulan>/pdf/", s.ri_pdf, name="ri_pdf"),
    path("kelompok/<int:pk>/ri/<str:bulan>/xlsx/", s.ri_excel, name="ri_excel"),
    path("kelompok/<int:pk>/k0/<int:tahun>/", s.k0_cetak, name="k0_cetak"),
    path("kelompok/<int:pk>/k0/<int:tahun>/pdf/", s.k0_pdf, name="k0_pdf"),
    path("kelompok/<int:pk>/k0/<int:tahun>/xlsx/", s.k0_excel, name="k0_excel"),
    path("kelompok/<int:pk>/register/tanpa-pertemuan/", s.tanpa_pertemuan, name="tanpa_pertemuan"),
    path("kelompok/<int:pk>/register/serahkan/", s.serahkan, name="serahkan"),
    path("kelompok/<int:pk>/kka/", s.kka, name="kka"),
    path("kelompok/<int:pk>/kemandirian/", s.kemandirian, name="kemandirian"),
    path("kelompok/<int:pk>/pengurus/", s.pengurus, name="pengurus"),
    path("register/jatuh-tempo/", s.jatuh_tempo, name="jatuh_tempo"),
    path("kka/rujukan/", s.rujukan_kka, name="rujukan_kka"),
]
