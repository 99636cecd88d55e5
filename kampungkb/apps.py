from django.apps import AppConfig


class KampungkbConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kampungkb"
    verbose_name = "Kampung KB"

    def ready(self):
        from kampungkb.klasifikasi import isi_klasifikasi, kegiatan_peta
        from laporan import blok

        blok.daftarkan("klasifikasi_kampung_kb", isi_klasifikasi)
        blok.daftarkan_lapisan("lintas_sektor", kegiatan_peta)
