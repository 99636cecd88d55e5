"""URLs of the Kampung KB (included from rumahdataku/urls.py at /kampung-kb/)."""

from django.urls import path

import keluarga.konverter  # noqa: F401 - registers <bulan:…>
from kampungkb.views import kegiatan as kv
from kampungkb.views import profil as pv
from kampungkb.views import rapat as rv
from kampungkb.views import ringkasan as sv
from kampungkb.views import rumah_dataku as rdk

app_name = "kampungkb"

urlpatterns = [
    path("", sv.pilih, name="pilih"),
    path("desa/<str:kode>/", sv.desa, name="desa"),
    # profile, pokja, village potential
    path("desa/<str:kode>/profil/", pv.profil, name="profil"),
    path("desa/<str:kode>/profil/ubah/", pv.profil_ubah, name="profil_ubah"),
    path("desa/<str:kode>/pokja/tambah/", pv.pokja_tambah, name="pokja_tambah"),
    path("pokja/<int:pk>/ubah/", pv.pokja_ubah, name="pokja_ubah"),
    path("pokja/<int:pk>/hapus/", pv.pokja_hapus, name="pokja_hapus"),
    path("desa/<str:kode>/potensi/", pv.potensi, name="potensi"),
    path("desa/<str:kode>/potensi/<int:tahun>/ubah/", pv.potensi_ubah, name="potensi_ubah"),
    path("desa/<str:kode>/rumah-dataku/", rdk.rumah_dataku, name="rumah_dataku"),
    path("desa/<str:kode>/rumah-dataku/ubah/", rdk.rumah_dataku_ubah, name="rumah_dataku_ubah"),
    # activities and photos
    path("desa/<str:kode>/kegiatan/", kv.daftar, name="kegiatan_daftar"),
    path("desa/<str:kode>/kegiatan/baru/", kv.baru, name="kegiatan_baru"),
    path("kegiatan/<int:pk>/", kv.detail, name="kegiatan"),
    path("kegiatan/<int:pk>/ubah/", kv.ubah, name="kegiatan_ubah"),
    path("kegiatan/<int:pk>/realisasi/", kv.realisasi, name="kegiatan_realisasi"),
    path("kegiatan/<int:pk>/centang/", kv.centang, name="kegiatan_centang"),
    path("kegiatan/<int:pk>/foto/", kv.foto_unggah, name="foto_unggah"),
    path("foto/<int:pk>/", kv.foto, name="foto"),
    path("foto/<int:pk>/hapus/", kv.foto_hapus, name="foto_hapus"),
    path("desa/<str:kode>/galeri/", kv.galeri, name="galeri"),
    # the monthly meeting
    path("desa/<str:kode>/rapat/<bulan:bulan>/", rv.rapat, name="rapat"),
    path("desa/<str:kode>/rapat/<bulan:bulan>/simpan/", rv.simpan, name="rapat_simpan"),
    path("desa/<str:kode>/rapat/<bulan:bulan>/agenda/", rv.agenda_ulang, name="rapat_agenda"),
    path("desa/<str:kode>/rapat/<bulan:bulan>/notulen/", rv.notulen, name="notulen"),
    path("desa/<str:kode>/rapat/<bulan:bulan>/notulen.txt", rv.notulen_txt, name="notulen_txt"),
]
