from django.apps import AppConfig


class PoktanConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "poktan"

    def ready(self):
        # Groups whose R/I is due or late on the data-quality worklist page (keluarga's registry).
        from keluarga.views import kualitas
        from poktan.register import baris_daftar_kerja

        kualitas.daftarkan_tambahan(baris_daftar_kerja)
