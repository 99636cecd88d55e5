from django.apps import AppConfig


class PoktanConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "poktan"

    def ready(self):
        from keluarga import perluasan
        from poktan.akses import keluarga_kelompok_kader
        from poktan.register import baris_daftar_kerja

        # A kader also reads the families of their own groups (ROLES.md).
        perluasan.BACA_KADER.daftarkan("kelompok_kader", keluarga_kelompok_kader)
        # Groups whose R/I is due or late on the data-quality worklist page.
        perluasan.DAFTAR_KERJA.daftarkan("register_poktan", baris_daftar_kerja)
